//! `--format gitlab`: GitLab's Code Quality report (a subset of Code
//! Climate's issue format): a JSON array of issues with a stable
//! `fingerprint`, for `artifacts:reports:codequality`.

use std::io::Write;

use serde_json::json;

use super::{FileReport, Locator, fingerprints};
use crate::diagnostic::Severity;

pub fn render(reports: &[FileReport]) -> String {
    let mut out = Vec::new();
    let write = |out: &mut Vec<u8>| {
        let mut array = IssuesWriter::begin(out)?;
        for report in reports {
            array.write_piece(&piece(report), out)?;
        }
        array.end(out)
    };
    write(&mut out).expect("writing to memory does not fail");
    String::from_utf8(out).expect("JSON text is UTF-8")
}

/// The issues of one file, each preceded by `,\n` and indented as an
/// element of the array (written in turn by [`IssuesWriter`]).
pub fn piece(report: &FileReport) -> String {
    let mut out = Vec::new();
    let locator = Locator::new(&report.source);
    let prints = fingerprints(report);
    for (d, fingerprint) in report.diagnostics.iter().zip(prints) {
        let (start, end) = locator.range(d.span());
        let severity = match d.severity() {
            Severity::Error => "critical",
            Severity::Warning => "major",
            Severity::Info => "info",
        };
        let tags = crate::lints::by_id(d.lint()).map_or(&[][..], |lint| lint.tags);
        let category = if tags.contains(&"security") {
            "Security"
        } else {
            "Bug Risk"
        };
        let mut issue = json!({
            "type": "issue",
            "engine_name": "fromlint",
            "check_name": d.lint(),
            "description": d.message(),
            "categories": [category],
            "severity": severity,
            "fingerprint": fingerprint,
            "location": {
                "path": report.path,
                "positions": {
                    "begin": { "line": start.line, "column": start.column },
                    "end": { "line": end.line, "column": end.column },
                },
            },
        });
        if let Some(help) = d.help() {
            issue["content"] = json!({ "body": help });
        }
        out.extend_from_slice(b",\n  ");
        super::write_indented(&issue, "  ", &mut out).expect("writing to memory does not fail");
    }
    String::from_utf8(out).expect("JSON text is UTF-8")
}

/// The array of issues written piece by piece, pretty-printed as
/// `serde_json` prints it.
pub struct IssuesWriter {
    issues: super::Elements,
}

impl IssuesWriter {
    pub fn begin(out: &mut (impl Write + ?Sized)) -> std::io::Result<IssuesWriter> {
        out.write_all(b"[")?;
        Ok(IssuesWriter {
            issues: super::Elements::new(),
        })
    }

    /// Writes a piece made by [`piece`].
    pub fn write_piece(
        &mut self,
        piece: &str,
        out: &mut (impl Write + ?Sized),
    ) -> std::io::Result<()> {
        self.issues.write_piece(piece, out)
    }

    pub fn end(self, out: &mut (impl Write + ?Sized)) -> std::io::Result<()> {
        out.write_all(if self.issues.is_empty() {
            b"]\n"
        } else {
            b"\n]\n"
        })
    }
}
