//! `--format json`: a versioned, stable schema of our own.
//!
//! `{"version": 1, "diagnostics": [{"lint", "severity", "message", "path",
//! "span": {"start", "end"}, "range": {"start": {"line", "column"}, "end": …},
//! "label", "labels": [{"message", "span", "range"}], "help", "fix":
//! {"applicability", "title", "edits": [{"start", "end", "replacement"}]} |
//! null}]}`. `label` is the primary location's label (or null), `labels`
//! the secondary locations the human output also shows. Findings of a lint
//! with finer codes (the `shellcheck` lint: `SC2086`) also have `"code"`. Offsets are bytes;
//! lines and columns are 1-based, columns counted in Unicode scalar values.

use serde::Serialize;

use super::FileReport;
use crate::diagnostic::{Fix, Severity};
use crate::span::{LineIndex, Position, Span};

pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    diagnostics: Vec<JsonDiagnostic<'a>>,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    lint: &'a str,
    severity: Severity,
    message: &'a str,
    path: &'a str,
    span: Span,
    range: Range,
    label: Option<&'a str>,
    labels: Vec<JsonLabel<'a>>,
    help: Option<&'a str>,
    fix: Option<&'a Fix>,
    /// Only for findings that have one, so other findings keep the shape.
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<&'a str>,
}

/// A secondary location (`the ARG whose default is latest`).
#[derive(Serialize)]
struct JsonLabel<'a> {
    message: &'a str,
    span: Span,
    range: Range,
}

#[derive(Serialize)]
struct Range {
    start: Position,
    end: Position,
}

pub fn render(reports: &[FileReport]) -> String {
    let document = Document {
        version: VERSION,
        diagnostics: reports.iter().flat_map(file_diagnostics).collect(),
    };
    serde_json::to_string_pretty(&document).expect("plain data serializes") + "\n"
}

fn file_diagnostics(report: &FileReport) -> Vec<JsonDiagnostic<'_>> {
    let index = LineIndex::new(&report.source);
    let position = |offset| index.position(&report.source, offset);
    report
        .diagnostics
        .iter()
        .map(|d| JsonDiagnostic {
            lint: d.lint,
            severity: d.severity,
            message: &d.message,
            path: &report.path,
            span: d.span,
            range: Range {
                start: position(d.span.start),
                end: position(d.span.end),
            },
            label: d.label.as_deref(),
            labels: d
                .labels
                .iter()
                .map(|l| JsonLabel {
                    message: &l.message,
                    span: l.span,
                    range: Range {
                        start: position(l.span.start),
                        end: position(l.span.end),
                    },
                })
                .collect(),
            help: d.help.as_deref(),
            fix: d.fix.as_ref(),
            code: d.code.as_deref(),
        })
        .collect()
}
