//! `--format concise`: one line per finding, for people reading the output
//! of a whole repository: `path:line:col: lint-id [*] message`. `[*]` marks
//! a finding that `--fix` would fix (with `--unsafe-fixes`, unsafe fixes
//! count too), as in `--statistics`. The human format's summary line follows
//! (see the CLI). Paths and messages go through [`escape_controls`], and a
//! message is kept on its line.

use super::{FileReport, Locator, escape_controls};
use crate::diagnostic::{Applicability, Diagnostic};

pub fn render(reports: &[FileReport], unsafe_fixes: bool) -> String {
    let mut out = String::new();
    for report in reports {
        let locator = Locator::new(&report.source);
        for d in &report.diagnostics {
            let (start, _) = locator.range(d.span());
            let marker = if fixable(d, unsafe_fixes) { " [*]" } else { "" };
            out += &format!(
                "{}:{}:{}: {}{marker} {}\n",
                one_line(&escape_controls(&report.path)),
                start.line,
                start.column,
                d.lint(),
                one_line(&escape_controls(d.message())),
            );
        }
    }
    out
}

/// Whether `--fix` (with `--unsafe-fixes` when given) applies `d`'s fix.
fn fixable(d: &Diagnostic, unsafe_fixes: bool) -> bool {
    let wanted = if unsafe_fixes {
        Applicability::Unsafe
    } else {
        Applicability::Safe
    };
    d.fix().is_some_and(|f| f.applicability >= wanted)
}

/// A stray line break would split the record.
fn one_line(text: &str) -> String {
    text.split(['\r', '\n']).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::check_source;
    use crate::lints::Settings;

    fn report(path: &str, source: &str) -> FileReport {
        FileReport {
            path: path.to_string(),
            source: source.to_string(),
            diagnostics: check_source(source, &Settings::default()),
        }
    }

    #[test]
    fn one_line_per_finding_with_the_fix_marker() {
        let source = "FROM python:3.12\nRUN apk add curl\nFROM node:latest\n";
        let reports = [report("svc/Dockerfile", source)];
        let out = render(&reports, false);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), reports[0].diagnostics.len(), "{out}");
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with("svc/Dockerfile:3:") && l.contains(": latest-tag ")),
            "{out}"
        );
        for line in &lines {
            let d = reports[0]
                .diagnostics
                .iter()
                .find(|d| line.contains(&format!(": {} ", d.lint())))
                .expect("each line names its lint");
            assert_eq!(line.contains(" [*] "), fixable(d, false), "{line}");
        }
        // `--unsafe-fixes` marks unsafe fixes too.
        let unsafe_marked = render(&reports, true).matches("[*]").count();
        assert!(unsafe_marked >= out.matches("[*]").count());
        let unsafe_fix = reports[0].diagnostics.iter().any(|d| {
            d.fix()
                .is_some_and(|f| f.applicability == Applicability::Unsafe)
        });
        if unsafe_fix {
            assert!(unsafe_marked > out.matches("[*]").count(), "{out}");
        }
    }

    #[test]
    fn hostile_paths_stay_on_one_line() {
        let reports = [report("a\u{1b}[31m\nb", "FROM node:latest\n")];
        let out = render(&reports, false);
        assert!(!out.contains('\u{1b}'), "{out:?}");
        assert_eq!(out.lines().count(), reports[0].diagnostics.len(), "{out:?}");
    }
}
