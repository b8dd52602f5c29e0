//! Peak memory of the real binary on large generated inputs: a file of
//! LABEL lines, a single stage of RUN lines, the reports of a file with
//! findings on every line and of many files, and the shared corpus joined
//! into one file
//! (without the corpus this last test is skipped, saying so, except under
//! CI=true, where it fails).
//!
//! The peak resident set of the child alone comes from `wait4`, and the
//! fixed baseline (the binary and its start-up, measured with `--version`)
//! is subtracted, so inputs of a few MB give a meaningful ratio while the
//! tests stay fast in a debug build.
//!
//! The bounds are what a debug build holds today (about 9x, 16x and 8x
//! above the baseline; a release build uses less) with some headroom, so
//! that a change that makes memory grow faster fails here. They came down
//! as the trees shrank (from 16x, 35x and 18x, then 14x, 28x and 16x, then
//! 12.5x, 24x and 12.5x). The target, 8x the input on the joined
//! corpus, is met by the release binary (7.4x with its baseline included:
//! see docs/design.md, "Memory, a third session", and `bench/run.py`).

#![cfg(target_os = "linux")]

use std::path::Path;
use std::process::{Command, Stdio};

/// Peak RSS in bytes of one run of the binary with `args`.
///
/// Linux starts a child's peak at its parent's when it execs (the address
/// space it replaces counts), so the binary is not started from this big
/// test process but from a fresh copy of it, run as the helper test
/// [`measure_child`], which prints the peak of its own child.
fn peak_rss(args: &[&std::ffi::OsStr]) -> u64 {
    let out = Command::new(std::env::current_exe().unwrap())
        .args(["--ignored", "--exact", "measure_child", "--nocapture"])
        .env("FROMLINT_MEASURE", std::env::join_paths(args).unwrap())
        .stderr(Stdio::null())
        .output()
        .expect("the helper starts");
    let stdout = String::from_utf8_lossy(&out.stdout);
    stdout
        .lines()
        .find_map(|l| l.strip_prefix("peak-rss "))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no peak from the helper: {stdout}"))
}

/// Run by [`peak_rss`] in a fresh process: runs the binary with the
/// arguments in `FROMLINT_MEASURE` and prints its peak RSS.
#[test]
#[ignore = "a helper the memory tests run in a process of its own"]
// The child is reaped by `wait4`, which `Child::wait` cannot replace: it
// gives no resource usage.
#[allow(clippy::zombie_processes)]
fn measure_child() {
    let args: Vec<_> = std::env::split_paths(
        &std::env::var_os("FROMLINT_MEASURE").expect("FROMLINT_MEASURE is set"),
    )
    .collect();
    let child = Command::new(env!("CARGO_BIN_EXE_fromlint"))
        .args(&args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the binary starts");
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: `wait4` writes a `rusage` into the pointer it is given, which
    // points at a zeroed, properly aligned `rusage`; the pid is our child,
    // not yet waited for (`Child` never waits on its own).
    let waited = unsafe { libc::wait4(pid, &mut status, 0, usage.as_mut_ptr()) };
    assert_eq!(waited, pid, "wait4 failed");
    // SAFETY: initialised by the zeroing and by `wait4`.
    let usage = unsafe { usage.assume_init() };
    // Linux reports kilobytes.
    println!("peak-rss {}", usage.ru_maxrss as u64 * 1024);
}

/// Peak RSS of linting `path` above the binary's own baseline, divided by
/// the file's size.
fn ratio(name: &str, path: &Path) -> f64 {
    let size = std::fs::metadata(path).unwrap().len();
    let baseline = peak_rss(&["--version".as_ref()]);
    let peak = peak_rss(&["--format".as_ref(), "json".as_ref(), path.as_os_str()]);
    let ratio = peak.saturating_sub(baseline) as f64 / size as f64;
    eprintln!(
        "{name}: {:.1} MB input, peak {:.1} MiB (baseline {:.1} MiB): {ratio:.1}x the input",
        size as f64 / 1e6,
        peak as f64 / 1048576.0,
        baseline as f64 / 1048576.0
    );
    ratio
}

fn write(dir: &Path, name: &str, bytes: usize, header: &str, line: impl Fn(usize) -> String) {
    let mut text = String::with_capacity(bytes + 200);
    text.push_str(header);
    let mut i = 0;
    while text.len() < bytes {
        text.push_str(&line(i));
        i += 1;
    }
    std::fs::write(dir.join(name), text).unwrap();
}

#[test]
fn label_lines_take_memory_linear_in_the_input() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "labels.Dockerfile",
        4_000_000,
        "FROM alpine:3.20\n",
        |i| format!("LABEL org.example.key{i}=\"value number {i}\" other{i}=x\n"),
    );
    let ratio = ratio("LABEL lines", &dir.path().join("labels.Dockerfile"));
    assert!(ratio <= 10.5, "LABEL lines: peak {ratio:.1}x the input");
}

#[test]
fn run_lines_take_memory_linear_in_the_input() {
    let dir = tempfile::tempdir().unwrap();
    // Clean lines (no findings), so what is measured is the model, not
    // the report.
    let digest = "a".repeat(64);
    write(
        dir.path(),
        "runs.Dockerfile",
        2_000_000,
        &format!("FROM python:3.12-slim@sha256:{digest}\n"),
        |i| format!("RUN set -e; echo step{i} > /tmp/out{i}.txt && cp /tmp/out{i}.txt /srv/\n"),
    );
    let ratio = ratio("RUN lines", &dir.path().join("runs.Dockerfile"));
    assert!(ratio <= 19.0, "RUN lines: peak {ratio:.1}x the input");
}

/// Files of very short lines: a chain of stages, each `FROM sN AS sN+1`
/// and `RUN echo N` (17 and 12 bytes). Here the bound is not a multiple of
/// the input but a fixed cost per instruction: each line has its
/// `Instruction`, each stage its `Stage` and facts, each RUN its shell tree
/// and command table, whatever the line's length (docs/limits.md, "Time
/// and memory"). Comparing 8,000 and 16,000 stages drops the fixed cost of
/// a run. A debug build measures 430–570 bytes per instruction, a release
/// build about 510 (the allocators differ).
#[test]
fn short_lines_take_a_fixed_memory_per_instruction() {
    let dir = tempfile::tempdir().unwrap();
    let chain = |stages: usize| {
        let mut text = String::from("FROM alpine:3.20 AS s0\n");
        for i in 0..stages {
            text.push_str(&format!("FROM s{i} AS s{}\nRUN echo {i}\n", i + 1));
        }
        let path = dir.path().join(format!("chain{stages}.Dockerfile"));
        std::fs::write(&path, text).unwrap();
        path
    };
    let peak = |path: &Path| peak_rss(&["--format".as_ref(), "json".as_ref(), path.as_os_str()]);
    let small = peak(&chain(8_000)) as f64;
    let large = peak(&chain(16_000)) as f64;
    let per_instruction = (large - small) / 16_000.0;
    eprintln!(
        "chain of stages, 8,000 → 16,000: peak {:.1} → {:.1} MiB, {per_instruction:.0} bytes per instruction",
        small / 1048576.0,
        large / 1048576.0
    );
    assert!(
        per_instruction <= 750.0,
        "chain of stages: {per_instruction:.0} bytes per instruction"
    );
}

/// Lints each `(name, text)` file and fails when its peak is more than
/// 48 MiB above the baseline.
fn peaks_stay_within_48_mib(cases: &[(&str, String)]) {
    let dir = tempfile::tempdir().unwrap();
    let baseline = peak_rss(&["--version".as_ref()]);
    for (name, text) in cases {
        let path = dir.path().join("Dockerfile");
        std::fs::write(&path, text).unwrap();
        let args = ["--format".as_ref(), "json".as_ref(), path.as_os_str()];
        let what = format!("{name}: {} bytes", text.len());
        peak_stays_within_48_mib(&what, &args, baseline);
    }
}

/// Runs the binary with `args` and fails when its peak is more than 48 MiB
/// above `baseline`.
fn peak_stays_within_48_mib(what: &str, args: &[&std::ffi::OsStr], baseline: u64) {
    let above = peak_rss(args).saturating_sub(baseline) as f64 / 1048576.0;
    eprintln!("{what}, peak {above:.1} MiB above the baseline");
    assert!(
        above <= 48.0,
        "{what}, peak {above:.1} MiB above the baseline"
    );
}

/// Text the model derives from a few bytes: variables that double with
/// each line (`ENV A=$A$A`, and global ARGs read by a `FROM`), a value
/// copied into every RUN's words, a chain of relative WORKDIRs, and long
/// USER, WORKDIR and SHELL values inherited down a chain of stages. Each
/// took from 250 MB to 5.4 GB (the doubling global ARG also 35 s) before
/// derived text had a budget per file (`model::budget`); each now takes a
/// few MiB above the baseline.
#[test]
fn derived_text_is_bounded_by_the_input() {
    let stages: String = (0..5_000)
        .map(|i| format!("FROM s{i} AS s{}\n", i + 1))
        .collect();
    let long = |c: &str| c.repeat(16_000);
    let cases = [
        (
            "ENV doubling",
            format!(
                "FROM alpine\nENV A=xx\n{}RUN echo $A\n",
                "ENV A=$A$A\n".repeat(26)
            ),
        ),
        (
            "global ARG doubling",
            format!("ARG A=xx\n{}FROM alpine:$A\n", "ARG A=$A$A\n".repeat(24)),
        ),
        (
            "relative WORKDIRs",
            format!("FROM alpine\n{}", "WORKDIR abcdefgh\n".repeat(8_000)),
        ),
        (
            "a value in every RUN",
            format!(
                "FROM alpine\nENV P=/x\n{}",
                "ENV P=$P:/x\nRUN echo $P\n".repeat(10_000)
            ),
        ),
        (
            "inherited USER, WORKDIR and SHELL",
            format!(
                "FROM alpine AS s0\nUSER {}\nWORKDIR /{}\nSHELL [\"/bin/{}\"]\n{stages}",
                long("u"),
                long("w"),
                long("s")
            ),
        ),
    ];
    peaks_stay_within_48_mib(&cases);
}

/// ENV a stage inherits: the stack of layers a chain of stages builds is
/// flattened every 32 stages, which copied every variable below each time
/// (a chain of 16,000 stages with an ENV each peaked at 245 MB), and each
/// of the stages built on one deep stack flattened it again (2,000 stages
/// on 10,000 variables: 1.1 GB and 30 s). A stack is now flattened once,
/// within the file's budget of derived text.
#[test]
fn inherited_env_is_bounded_by_the_input() {
    let chain = |from: usize, to: usize| -> String {
        (from..to)
            .map(|i| format!("FROM s{i} AS s{}\nENV E{i}=x\n", i + 1))
            .collect()
    };
    let vars: Vec<String> = (0..5_000).map(|i| format!("A{i}=1")).collect();
    let built_on_one: String = (0..1_000)
        .map(|i| format!("FROM s31 AS c{i}\nENV X=1\n"))
        .collect();
    let cases = [
        (
            "a chain of stages with an ENV each",
            format!("FROM alpine AS s0\n{}", chain(0, 16_000)),
        ),
        (
            "stages built on one deep stack",
            format!(
                "FROM alpine AS s0\nENV {}\n{}{built_on_one}",
                vars.join(" "),
                chain(0, 31)
            ),
        ),
    ];
    peaks_stay_within_48_mib(&cases);
}

/// One instruction continued across half a million blank lines (500 KB):
/// no-empty-continuation labelled each and removed each by an edit of its
/// own, 480 MB at the peak for its JSON report (a byte of input, a
/// kilobyte of report); past 100 blank lines only the first are labelled
/// and adjacent ones go in one edit.
#[test]
fn blank_lines_in_one_instruction_are_bounded() {
    peaks_stay_within_48_mib(&[(
        "an instruction continued across blank lines",
        format!("FROM alpine\nRUN a \\\n{}b\n", "\n".repeat(500_000)),
    )]);
}

/// A configuration's lists in each finding: untrusted-registry and
/// disallowed-image listed every trusted registry and allowed image in
/// their help, so a long list (3,000 of each, 85 KB) made each of 2,000
/// findings that long (246 MiB at the peak). The help names the first 20.
#[test]
fn configured_lists_are_not_copied_into_each_finding() {
    let dir = tempfile::tempdir().unwrap();
    let quoted = |f: &dyn Fn(usize) -> String| {
        (0..3_000)
            .map(|i| format!("\"{}\"", f(i)))
            .collect::<Vec<_>>()
            .join(",")
    };
    let config = dir.path().join("fromlint.toml");
    std::fs::write(
        &config,
        format!(
            "trusted-registries = [{}]\nallowed-images = [{}]\n",
            quoted(&|i| format!("r{i}.example")),
            quoted(&|i| format!("img{i}*/x{i}/**"))
        ),
    )
    .unwrap();
    let path = dir.path().join("Dockerfile");
    let froms: String = (0..2_000)
        .map(|i| format!("FROM x{i}.example/i:1\n"))
        .collect();
    std::fs::write(&path, &froms).unwrap();
    let baseline = peak_rss(&["--version".as_ref()]);
    let args = [
        "--config".as_ref(),
        config.as_os_str(),
        "--format".as_ref(),
        "json".as_ref(),
        path.as_os_str(),
    ];
    let what = "2,000 findings with 3,000 configured patterns";
    peak_stays_within_48_mib(what, &args, baseline);
}

/// A long configured list in a tree whose files match different
/// `[[overrides]]`: the settings of each combination held a deep copy of
/// the compiled list (20,000 allowed images and 100 combinations: 3.5 GB).
/// Here 60 directories, each matching an override of its own, and 2,000
/// allowed images; the lists are now shared.
#[test]
fn configured_lists_are_shared_between_overrides() {
    let dir = tempfile::tempdir().unwrap();
    let images: Vec<String> = (0..2_000).map(|i| format!("\"img{i}*/x{i}/**\"")).collect();
    let mut config = format!("allowed-images = [{}]\n", images.join(","));
    for j in 0..60 {
        config += &format!("[[overrides]]\nfiles = [\"d{j}/**\"]\nignore = [\"missing-digest\"]\n");
        let sub = dir.path().join(format!("d{j}"));
        std::fs::create_dir(&sub).unwrap();
        std::fs::write(sub.join("Dockerfile"), format!("FROM img{j}:1\n")).unwrap();
    }
    std::fs::write(dir.path().join("fromlint.toml"), config).unwrap();
    let baseline = peak_rss(&["--version".as_ref()]);
    let args = ["--format".as_ref(), "json".as_ref(), dir.path().as_os_str()];
    let what = "60 combinations of overrides, 2,000 allowed images";
    peak_stays_within_48_mib(what, &args, baseline);
}

#[test]
fn the_joined_corpus_takes_memory_linear_in_the_input() {
    let corpus = Path::new("../shared/corpus/files");
    let Ok(entries) = std::fs::read_dir(corpus) else {
        fromlint::prerequisite::missing(
            "the_joined_corpus_takes_memory_linear_in_the_input",
            &format!("the corpus at {}", corpus.display()),
        );
        return;
    };
    let mut paths: Vec<_> = entries.map(|e| e.unwrap().path()).collect();
    paths.sort();
    let mut joined = Vec::new();
    for path in &paths {
        joined.extend(std::fs::read(path).unwrap());
        joined.push(b'\n');
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("corpus.Dockerfile");
    std::fs::write(&path, joined).unwrap();
    let ratio = ratio("joined corpus", &path);
    assert!(ratio <= 9.0, "joined corpus: peak {ratio:.1}x the input");
}

/// A file with findings on every line: its reports are far larger than the
/// file, so their memory is judged against the report's size. SARIF builds
/// each result's tree of values only when it writes it (a whole file's
/// results at once took 7.7× the report; now about 2.5×, JSON 1.4×).
#[test]
fn reports_take_memory_linear_in_their_size() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "pip.Dockerfile",
        150_000,
        "FROM python:3.12\n",
        |i| format!("RUN pip install flask{i}\n"),
    );
    let path = dir.path().join("pip.Dockerfile");
    let baseline = peak_rss(&["--version".as_ref()]);
    for format in ["sarif", "json"] {
        let args = ["--format".as_ref(), format.as_ref(), path.as_os_str()];
        let report = Command::new(env!("CARGO_BIN_EXE_fromlint"))
            .args(args)
            .output()
            .expect("the binary runs")
            .stdout
            .len();
        let peak = peak_rss(&args);
        let ratio = peak.saturating_sub(baseline) as f64 / report as f64;
        eprintln!(
            "{format}: {:.1} MB report, peak {:.1} MiB above the baseline: {ratio:.1}x the report",
            report as f64 / 1e6,
            peak.saturating_sub(baseline) as f64 / 1048576.0
        );
        assert!(ratio <= 4.0, "{format}: peak {ratio:.1}x the report");
    }
}

/// Many files: every format is written file by file as the files are
/// linted, so the peak does not grow with the report (20,000 two-line files
/// took 268 MB for 100 MB of JSON, 380 MB for 170 MB of SARIF, 147 MB for
/// 52 MB of human output and 781 MB for GitLab's report when every file's
/// findings were held until the last one was done; now 18–26 MB). What each file still costs (its path
/// and settings) is a few hundred bytes; the test compares 1,000 and 4,000
/// files, so the fixed cost of a run drops out.
#[test]
fn reports_for_many_files_are_written_as_they_go() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..4_000 {
        let sub = dir.path().join(format!("d{}", i / 1_000));
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::write(
            sub.join(format!("Dockerfile.{i}")),
            "FROM python:3.12\nRUN pip install flask\nRUN apt-get update && apt-get install -y gcc\n\
             RUN cd /app && curl -s https://example.com/x | sh\n",
        )
        .unwrap();
    }
    for format in ["json", "sarif", "human", "gitlab"] {
        let measure = |paths: &[std::path::PathBuf]| {
            let mut args: Vec<&std::ffi::OsStr> = vec!["--format".as_ref(), format.as_ref()];
            args.extend(paths.iter().map(|p| p.as_os_str()));
            let report = Command::new(env!("CARGO_BIN_EXE_fromlint"))
                .args(&args)
                .output()
                .expect("the binary runs")
                .stdout
                .len();
            (report as f64, peak_rss(&args) as f64)
        };
        let (small_report, small_peak) = measure(&[dir.path().join("d0")]);
        let (report, peak) = measure(&[dir.path().to_path_buf()]);
        let ratio = (peak - small_peak) / (report - small_report);
        eprintln!(
            "{format}, 1,000 → 4,000 files: report {:.1} → {:.1} MB, peak {:.1} → {:.1} MiB: \
             {ratio:.2}x the report's growth",
            small_report / 1e6,
            report / 1e6,
            small_peak / 1048576.0,
            peak / 1048576.0
        );
        assert!(
            report > 3.5 * small_report,
            "{format}: the report grows with the files"
        );
        assert!(
            ratio <= 0.5,
            "{format}, many files: peak grows {ratio:.2}x the report"
        );
    }
}
