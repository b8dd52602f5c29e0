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

/// Asserts that doubling the input at most about doubles the time.
fn assert_linear(name: &str, base: usize, render: impl Fn(&FileReport) -> String) {
    let small = pip_report(base);
    let large = pip_report(base * 2);
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
}
