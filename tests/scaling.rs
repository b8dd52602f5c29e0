//! Rendering time grows linearly with the findings: each reporter renders
//! n and 2n findings (a 40k-line `RUN pip install` file's worth, one finding
//! per line), and the time ratio must stay far from the 4 a quadratic path
//! gives (see `timing` for how time is measured so that a busy machine does
//! not fail the test); sizes are large enough for the work to dominate.

mod timing;

use fromlint::diagnostic::{DiagnosticBuilder, Severity, Shared};
use fromlint::report::{self, FileReport};
use fromlint::span::Span;

/// One file of `lines` `RUN pip install` lines, with a finding (and a
/// secondary label) on every line.
fn pip_report(lines: usize) -> FileReport {
    let mut source = String::from("FROM python:3.12-slim\n");
    let mut diagnostics = Vec::with_capacity(lines);
    let mut shared = Shared::default();
    for i in 0..lines {
        let start = source.len();
        source += &format!("RUN pip install package{i}\n");
        let mut finding = DiagnosticBuilder::new(
            "pip-no-cache-dir",
            Severity::Info,
            Span::new(start + 4, start + 15),
            "`pip install` keeps its download cache in the image",
        );
        finding
            .label("cache kept")
            .secondary(Span::new(5, 11), "base")
            .help("add `--no-cache-dir`");
        diagnostics.push(shared.diagnostic(finding));
    }
    FileReport {
        path: "Dockerfile".into(),
        source,
        diagnostics,
    }
}

/// One line holding `findings` findings, one every few characters, with
/// characters of two, three and four bytes before them: columns, excerpts
/// and fingerprints must not re-read the line for each finding.
fn long_line_report(findings: usize) -> FileReport {
    let mut source = String::from("FROM python:3.12-slim\nRUN echo");
    let mut diagnostics = Vec::with_capacity(findings);
    let mut shared = Shared::default();
    for i in 0..findings {
        source += " é€😀";
        let start = source.len();
        source += &format!("w{i}");
        let finding = DiagnosticBuilder::new(
            "pipefail",
            Severity::Info,
            Span::new(start, source.len()),
            "a word",
        );
        diagnostics.push(shared.diagnostic(finding));
    }
    source.push('\n');
    FileReport {
        path: "Dockerfile".into(),
        source,
        diagnostics,
    }
}

/// Asserts that doubling the input at most about doubles the time.
fn assert_linear(name: &str, base: usize, render: impl Fn(&FileReport) -> String) {
    assert_linear_with(name, base, pip_report, &render);
    assert_linear_with(
        &format!("{name}, one long line"),
        base,
        long_line_report,
        &render,
    );
}

fn assert_linear_with(
    name: &str,
    base: usize,
    report: fn(usize) -> FileReport,
    render: &dyn Fn(&FileReport) -> String,
) {
    let small = report(base);
    let large = report(base * 2);
    timing::assert_linear(name, base, &|| assert!(!render(&small).is_empty()), &|| {
        assert!(!render(&large).is_empty())
    });
}

#[test]
fn human_rendering_is_linear() {
    assert_linear("human", 2_000, |r| report::human::render(r, false, 100));
}

#[test]
fn machine_formats_are_linear() {
    assert_linear("json", 5_000, |r| {
        report::json::render(std::slice::from_ref(r))
    });
    assert_linear("gnu", 5_000, |r| {
        report::gnu::render(std::slice::from_ref(r))
    });
    assert_linear("github", 5_000, |r| {
        report::github::render(std::slice::from_ref(r))
    });
    assert_linear("sarif", 5_000, |r| {
        report::sarif::render(std::slice::from_ref(r), &[], None)
    });
    assert_linear("gitlab", 5_000, |r| {
        report::gitlab::render(std::slice::from_ref(r))
    });
    assert_linear("concise", 5_000, |r| {
        report::concise::render(std::slice::from_ref(r), false)
    });
}

/// Suppression pragmas: a block of instruction pragmas above one
/// instruction and stage pragmas (each id unknown, so each is a finding of
/// `unused-suppression`, itself looked up against every pragma), file
/// pragmas that each suppress every `FROM` below them, and one pragma
/// listing many ids with one used. Each of these was quadratic (20,000
/// pragma lines took 5 s), the last cubic.
#[test]
fn suppression_pragmas_are_linear() {
    type Generator = fn(usize) -> String;
    let settings = fromlint::lints::Settings::default();
    let files: [(&str, Generator); 4] = [
        ("instruction pragmas", |n| {
            format!("{}FROM alpine\n", "# fromlint ignore=r\n".repeat(n))
        }),
        ("file pragmas", |n| {
            let pragmas = "# fromlint global ignore=untagged-image\n".repeat(n);
            format!("{pragmas}{}", "FROM alpine\n".repeat(n))
        }),
        ("stage pragmas", |n| {
            format!(
                "FROM alpine:3.20\n{}RUN x\n",
                "# fromlint stage ignore=r\n".repeat(n)
            )
        }),
        ("one pragma of many ids", |n| {
            format!(
                "# fromlint ignore=untagged-image{}\nFROM alpine\n",
                ",r".repeat(n)
            )
        }),
    ];
    for (name, file) in files {
        let (small, large) = (file(5_000), file(10_000));
        let check = |text: &str| {
            std::hint::black_box(fromlint::check::check_source(text, &settings));
        };
        timing::assert_linear(name, 5_000, &|| check(&small), &|| check(&large));
    }
}
