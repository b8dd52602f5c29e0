//! Arbitrary diagnostics (spans out of range, inside characters or
//! reversed; any message text) on arbitrary text through every reporter.
//! No reporter may panic, and the text formats never print a control
//! character raw.
#![no_main]

use fromlint::diagnostic::{Applicability, Diagnostic, DiagnosticBuilder, Edit, Severity};
use fromlint::lints::ALL;
use fromlint::report::{
    self, FileReport, checkstyle, concise, github, gitlab, gnu, human, json, sarif,
};
use fromlint::span::Span;
use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;

fn span(u: &mut Unstructured, len: usize) -> Result<Span> {
    Ok(Span::new(
        u.int_in_range(0..=len + 4)?,
        u.int_in_range(0..=len + 4)?,
    ))
}

fn diagnostic(u: &mut Unstructured, len: usize) -> Result<Diagnostic> {
    let lint = ALL[u.choose_index(ALL.len())?].id;
    let severity = *u.choose(&[Severity::Info, Severity::Warning, Severity::Error])?;
    let message: String = u.arbitrary()?;
    let mut finding = DiagnosticBuilder::new(lint, severity, span(u, len)?, message);
    if u.arbitrary()? {
        finding.label(u.arbitrary::<String>()?);
    }
    if u.arbitrary()? {
        finding.help(u.arbitrary::<String>()?);
    }
    for _ in 0..u.int_in_range(0..=2)? {
        let at = span(u, len)?;
        finding.secondary(at, u.arbitrary::<String>()?);
    }
    if u.arbitrary()? {
        let edit = Edit::replace(span(u, len)?, u.arbitrary::<String>()?);
        finding.fix(Applicability::Unsafe, u.arbitrary::<String>()?, vec![edit]);
    }
    Ok(finding.into())
}

fn reports(u: &mut Unstructured) -> Result<Vec<FileReport>> {
    (0..u.int_in_range(1..=3)?)
        .map(|_| {
            let path: String = u.arbitrary()?;
            let source: String = u.arbitrary()?;
            let diagnostics = (0..u.int_in_range(0..=4)?)
                .map(|_| diagnostic(u, source.len()))
                .collect::<Result<Vec<_>>>()?;
            Ok(FileReport {
                path,
                source,
                diagnostics,
            })
        })
        .collect()
}

fn raw_control(text: &str) -> bool {
    text.chars()
        .any(|c| report::is_hostile_char(c) && c != '\r')
}

fuzz_target!(|data: &[u8]| {
    let Ok(reports) = reports(&mut Unstructured::new(data)) else {
        return;
    };
    for report in &reports {
        assert!(!raw_control(&human::render(report, false, 80)));
    }
    for out in [
        gnu::render(&reports),
        github::render(&reports),
        checkstyle::render(&reports),
        concise::render(&reports, false),
        concise::render(&reports, true),
    ] {
        assert!(!raw_control(&out) && !out.contains('\r'));
    }
    // Concise keeps each finding on its own line, whatever its text.
    let findings: usize = reports.iter().map(|r| r.diagnostics.len()).sum();
    assert_eq!(concise::render(&reports, false).lines().count(), findings);
    for out in [
        json::render(&reports),
        gitlab::render(&reports),
        sarif::render(&reports, &[], None),
    ] {
        serde_json::from_str::<serde_json::Value>(&out).expect("valid JSON");
    }
});
