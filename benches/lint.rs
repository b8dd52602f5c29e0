//! In-process throughput: parse + model + the default lints over the shared
//! corpus, then every lint (stable and preview). Run with
//! `cargo bench --bench lint`; it prints files/s and MB/s, then the time each
//! lint adds on its own (parse and model are the base), every lint listed
//! (`cargo bench --bench lint -- --corpus-only` stops after the first line).
//! The per-lint figures are also written to `target/lint-costs.tsv` (id,
//! milliseconds), to read or compare without the rest of the output.

use std::time::Instant;

use fromlint::check::check_source;
use fromlint::lints::{Settings, in_process};

// The binary's allocator (src/main.rs), so the in-process figure shows what
// the command line does.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let dir = std::path::Path::new("../shared/corpus/files");
    let Ok(entries) = std::fs::read_dir(dir) else {
        eprintln!("corpus not found at {}; nothing to measure", dir.display());
        return;
    };
    let sources: Vec<String> = entries
        .filter_map(|e| std::fs::read_to_string(e.ok()?.path()).ok())
        .collect();
    let bytes: usize = sources.iter().map(String::len).sum();
    let settings = Settings::default();
    let rounds = 5;
    let mut best = f64::MAX;
    let mut findings = 0;
    for _ in 0..rounds {
        let start = Instant::now();
        findings = sources
            .iter()
            .map(|s| check_source(s, &settings).len())
            .sum();
        best = best.min(start.elapsed().as_secs_f64());
    }
    println!(
        "corpus (1 thread, best of {rounds}): {} files, {:.1} MB in {:.1} ms = {:.0} files/s, {:.1} MB/s ({findings} findings)",
        sources.len(),
        bytes as f64 / 1e6,
        best * 1e3,
        sources.len() as f64 / best,
        bytes as f64 / 1e6 / best
    );
    // bench/run.py needs only this figure.
    if std::env::args().any(|arg| arg == "--corpus-only") {
        return;
    }

    let time = |settings: &Settings| {
        let start = Instant::now();
        for source in &sources {
            check_source(source, settings);
        }
        start.elapsed().as_secs_f64()
    };
    let lints = in_process();
    let every = (0..3)
        .map(|_| time(&Settings::only(&lints)))
        .fold(f64::MAX, f64::min);
    println!(
        "every lint ({}, preview included, external programs not): {:.1} ms",
        lints.len(),
        every * 1e3
    );
    // Best of three for each, so one busy moment does not blame a lint.
    let best = |settings: &Settings| (0..3).map(|_| time(settings)).fold(f64::MAX, f64::min);
    let base = best(&Settings::only(&[]));
    println!(
        "parse + model alone: {:.1} ms; what each lint adds:",
        base * 1e3
    );
    let mut costs: Vec<(f64, &str)> = lints
        .iter()
        .map(|lint| (best(&Settings::only(&[lint])) - base, lint.id))
        .collect();
    costs.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut table = String::new();
    for (cost, id) in &costs {
        println!("  {id:<36} {:+.1} ms", cost * 1e3);
        table += &format!("{id}\t{:.2}\n", cost * 1e3);
    }
    let target = std::env::var_os("CARGO_TARGET_DIR").unwrap_or_else(|| "target".into());
    let path = std::path::Path::new(&target).join("lint-costs.tsv");
    if let Err(e) = std::fs::write(&path, table) {
        eprintln!("could not write {}: {e}", path.display());
    }
}
