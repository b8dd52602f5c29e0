//! The performance figures in README.md and docs/limits.md are generated
//! from `bench/figures.json`, which `python3 bench/run.py` writes: this
//! test renders them from the file and fails when the documents show
//! anything else (`BLESS=1` rewrites them; the bench does that itself after
//! writing the file). Figures are shown rounded, as the approximate numbers
//! they are, with the machine's load when they were taken.

use std::fs;

use serde_json::{Map, Value};

const FIGURES: &str = "bench/figures.json";

struct Figures {
    meta: Map<String, Value>,
    figures: Map<String, Value>,
}

impl Figures {
    fn load() -> Figures {
        let text = fs::read_to_string(FIGURES).unwrap_or_else(|e| panic!("{FIGURES}: {e}"));
        let Value::Object(mut meta) = serde_json::from_str(&text).expect("bench/figures.json")
        else {
            panic!("{FIGURES} is not an object");
        };
        let Some(Value::Object(figures)) = meta.remove("figures") else {
            panic!("{FIGURES} has no `figures`");
        };
        Figures { meta, figures }
    }

    /// A figure the bench always measures.
    fn get(&self, key: &str) -> f64 {
        self.optional(key)
            .unwrap_or_else(|| panic!("{FIGURES} has no figure `{key}`; run python3 bench/run.py"))
    }

    /// A figure measured only when its program is there (hadolint, the
    /// `dist` builds).
    fn optional(&self, key: &str) -> Option<f64> {
        let value = self.figures.get(key)?;
        let number = value
            .as_f64()
            .unwrap_or_else(|| panic!("{FIGURES}: `{key}` is not a number: {value}"));
        assert!(
            number.is_finite() && number >= 0.0,
            "{FIGURES}: `{key}` is {number}"
        );
        Some(number)
    }

    fn meta(&self, key: &str) -> String {
        match self.meta.get(key) {
            Some(Value::String(text)) => text.clone(),
            Some(Value::Number(number)) => number.to_string(),
            _ => panic!("{FIGURES} has no `{key}`"),
        }
    }

    fn load_average(&self, key: &str) -> f64 {
        self.meta
            .get(key)
            .and_then(Value::as_f64)
            .unwrap_or_else(|| panic!("{FIGURES} has no number `{key}`"))
    }
}

/// A measured value as prose gives it: two significant digits (`0.22`,
/// `2.0`, `31`, `150`).
fn about(value: f64) -> String {
    if value <= 0.0 {
        return "0".into();
    }
    let scale = 10f64.powi(1 - value.log10().floor() as i32);
    let rounded = (value * scale).round() / scale;
    // Rounding may add a digit (9.96 is 10): count decimals after it.
    let decimals = (1 - rounded.log10().floor() as i32).max(0) as usize;
    format!("{rounded:.decimals$}")
}

/// A count with thousands separators (`3,608`).
fn count(value: f64) -> String {
    let digits = format!("{value:.0}");
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn mib(bytes: f64) -> String {
    format!("{:.1}", bytes / f64::from(1 << 20))
}

/// How the load during the run is described.
fn conditions(f: &Figures) -> String {
    let (start, end) = (
        f.load_average("load average (1 min) at the start"),
        f.load_average("load average (1 min) when done"),
    );
    // The load at the end includes the benchmark's own threads; only the load
    // at the start says whether something else was running (bench/run.py
    // waits for its own build's load to decay first).
    let busy = if start > 1.0 {
        " The machine was busy then, so the times are higher and noisier than on an idle one."
    } else {
        ""
    };
    format!(
        "Measured by `python3 bench/run.py` ({}, commit {}, binary `{}`) on {} cores with a \
         1-minute load average of {start:.2} at the start and {end:.2} at the end (its own threads included).{busy}",
        f.meta("date (UTC)"),
        f.meta("commit"),
        f.meta("binary"),
        f.meta("cores"),
    )
}

fn burst(f: &Figures) -> String {
    let alone = f
        .optional("language server, 44 KB, one edit alone to diagnostics, median (ms)")
        .map(|ms| {
            format!(
                ", where one edit alone takes {} ms to its diagnostics",
                about(ms)
            )
        })
        .unwrap_or_default();
    format!(
        "after a burst of 1,000 edits to a 44 KB document, the final diagnostics come about {} ms \
         after the last edit (median of five bursts; worst {} ms; the target is 50 ms){alone}",
        about(f.get("language server, 44 KB burst, last edit to final diagnostics, median (ms)")),
        about(f.get("language server, 44 KB burst, last edit to final diagnostics, worst (ms)")),
    )
}

/// The README's Performance figures.
fn performance(f: &Figures) -> String {
    let corpus = f.get("corpus via CLI, best (s)");
    let in_process = f.get("corpus in-process, one thread, best (s)");
    let size = f.get("corpus size (MB)");
    let mut items = vec![
        format!(
            "The whole corpus ({} files, {} MB) lints in about {} s wall through the CLI \
             (parallel over the cores, JSON output, default rules), {} s with every rule, and in \
             about {} s in one thread in-process (≈ {} MB/s; `cargo bench --bench lint` also \
             prints the cost each lint adds).",
            count(f.get("corpus files")),
            about(size),
            about(corpus),
            about(f.get("corpus via CLI, every rule, best (s)")),
            about(in_process),
            about(size / in_process),
        ),
        format!(
            "One small file takes about {} ms of process wall time; start-up alone \
             (`fromlint --version`) about {} ms, where `/bin/true` takes {} ms.",
            about(f.get("small file process, mean (ms)")),
            about(f.get("start-up (--version), mean (ms)")),
            about(f.get("/bin/true, mean (ms)")),
        ),
    ];
    for (key, _) in f.figures.iter() {
        if let Some(version) = key
            .strip_prefix("hadolint ")
            .and_then(|rest| rest.strip_suffix(", small file process, mean (ms)"))
        {
            items.push(format!(
                "hadolint {version} takes about {} ms for the same small file.",
                about(f.get(key))
            ));
        }
    }
    items.push(format!(
        "The language server publishes diagnostics for a 500-line file about {} ms after an \
         edit; {}.",
        about(f.get("language server, 500 lines, edit to diagnostics, median (ms)")),
        burst(f),
    ));
    let (small, large) = (
        f.get("single stage, 20k RUN lines, user CPU (s)"),
        f.get("single stage, 40k RUN lines, user CPU (s)"),
    );
    items.push(format!(
        "A single stage of 20,000 RUN lines takes {} s of CPU and 40,000 take {} s (ratio {:.2}; \
         linear work gives 2, the target is at most 2.2); peak memory is {}× the input for {} MB \
         of LABEL lines, and {}× for the whole corpus as one file, which lints in {} s (the \
         target is at most 8×).",
        about(small),
        about(large),
        large / small.max(1e-9),
        about(f.get("LABEL lines, peak memory / input")),
        about(f.get("LABEL lines, input (MB)")),
        about(f.get("concatenated corpus, peak memory / input")),
        about(f.get("concatenated corpus, one file (s)")),
    ));
    let mut binaries = Vec::new();
    for (label, name) in [
        ("dist (glibc)", "`x86_64-unknown-linux-gnu`"),
        (
            "static (musl)",
            "the static `x86_64-unknown-linux-musl` build of `tests/release/static.sh`",
        ),
    ] {
        if let Some(bytes) = f.optional(&format!("{label} binary (bytes)")) {
            binaries.push(format!(
                "{} MiB for {name} ({} MiB gzipped; start-up {} ms)",
                mib(bytes),
                mib(f.get(&format!("{label} binary, gzipped (bytes)"))),
                about(f.get(&format!("{label} start-up (--version), mean (ms)"))),
            ));
        }
    }
    items.push(if binaries.is_empty() {
        "The distribution builds were not built for this run, so their size is not given here."
            .to_string()
    } else {
        format!(
            "The distribution build (`cargo build --profile dist --locked`: fat LTO, one codegen \
             unit, stripped; what the static build, the image and the wheel ship) is {}.",
            binaries.join("; ")
        )
    });
    let mut out = format!("{}\n\n", conditions(f));
    for item in items {
        out += &format!("- {item}\n");
    }
    out
}

/// docs/limits.md's burst figures.
fn language_server(f: &Figures) -> String {
    format!(
        "Last measured by `python3 bench/run.py` ({}, commit {}, {} cores, load average {:.2} at \
         the start, {:.2} at the end): {}.\n",
        f.meta("date (UTC)"),
        f.meta("commit"),
        f.meta("cores"),
        f.load_average("load average (1 min) at the start"),
        f.load_average("load average (1 min) when done"),
        burst(f),
    )
}

/// The text between `<!-- {name}:start -->` and `<!-- {name}:end -->` of
/// `file` is `content`, or is made so under `BLESS`.
fn section_is_current(file: &str, name: &str, content: &str) -> Result<(), String> {
    let text = fs::read_to_string(file).unwrap_or_else(|e| panic!("{file}: {e}"));
    let (start, end) = (
        format!("<!-- {name}:start -->\n"),
        format!("<!-- {name}:end -->"),
    );
    let from = text
        .find(&start)
        .unwrap_or_else(|| panic!("{file} has no {start}"))
        + start.len();
    let to = text
        .find(&end)
        .unwrap_or_else(|| panic!("{file} has no {end}"));
    if text[from..to] == *content {
        return Ok(());
    }
    if std::env::var_os("BLESS").is_some() {
        fs::write(file, format!("{}{content}{}", &text[..from], &text[to..])).unwrap();
        return Ok(());
    }
    Err(format!(
        "{file}'s {name} figures are not {FIGURES}'s; run BLESS=1 cargo test --test figures \
         (python3 bench/run.py does it after measuring). Expected:\n{content}\nFound:\n{}",
        &text[from..to]
    ))
}

#[test]
fn the_documents_show_the_figures_of_bench_figures_json() {
    let figures = Figures::load();
    let failures: Vec<String> = [
        section_is_current("README.md", "performance", &performance(&figures)),
        section_is_current("docs/limits.md", "lsp-figures", &language_server(&figures)),
    ]
    .into_iter()
    .filter_map(Result::err)
    .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The figures describe today's corpus: its file count and size.
#[test]
fn the_corpus_figures_are_the_corpus() {
    let figures = Figures::load();
    let dir = std::path::Path::new("../shared/corpus/files");
    let Ok(entries) = fs::read_dir(dir) else {
        fromlint::prerequisite::missing("bench figures", "../shared/corpus/files");
        return;
    };
    let sizes: Vec<u64> = entries
        .map(|e| e.unwrap().metadata().unwrap().len())
        .collect();
    assert_eq!(
        figures.get("corpus files"),
        sizes.len() as f64,
        "the corpus changed since {FIGURES} was written; run python3 bench/run.py"
    );
    let size = sizes.iter().sum::<u64>() as f64 / 1e6;
    assert!(
        (figures.get("corpus size (MB)") - size).abs() < 0.01,
        "{FIGURES} says {} MB, the corpus is {size} MB",
        figures.get("corpus size (MB)")
    );
}

#[test]
fn figures_are_rounded_as_prose_gives_them() {
    assert_eq!(about(0.2234), "0.22");
    assert_eq!(about(2.04), "2.0");
    assert_eq!(about(31.4), "31");
    assert_eq!(about(150.3), "150");
    assert_eq!(about(9.96), "10");
    assert_eq!(about(0.0996), "0.10");
    assert_eq!(count(3608.0), "3,608");
    assert_eq!(count(608.0), "608");
    assert_eq!(count(1_234_567.0), "1,234,567");
}
