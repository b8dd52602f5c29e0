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

/// The whole document, as [`render`] writes it piece by piece (the tests
/// compare the two).
#[cfg(test)]
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
    // The document as `serde_json::to_string_pretty` writes it, byte for
    // byte, with the findings rendered in parallel: each one alone, then
    // indented to its place in the `diagnostics` array (strings hold no
    // raw newline, so every line break is the layout's).
    let findings: usize = reports.iter().map(|r| r.diagnostics.len()).sum();
    let parts = render_files(reports, findings);
    let mut out = String::with_capacity(parts.iter().map(String::len).sum::<usize>() + 64);
    out.push_str(&format!(
        "{{\n  \"version\": {VERSION},\n  \"diagnostics\": ["
    ));
    let mut first = true;
    for part in parts.iter().filter(|p| !p.is_empty()) {
        out.push_str(if first { "\n" } else { ",\n" });
        first = false;
        out.push_str(part);
    }
    out.push_str(if first { "]\n}\n" } else { "\n  ]\n}\n" });
    out
}

/// Below this many findings the rendering stays on one thread.
const PARALLEL_FINDINGS: usize = 4096;

/// Each file's findings as array elements (`,\n` between them), in order.
fn render_files(reports: &[FileReport], findings: usize) -> Vec<String> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    if threads < 2 || findings < PARALLEL_FINDINGS {
        return reports.iter().map(render_file).collect();
    }
    // Contiguous runs of files with about the same number of findings each.
    let per_thread = findings.div_ceil(threads);
    let mut chunks = Vec::new();
    let (mut start, mut count) = (0, 0);
    for (i, report) in reports.iter().enumerate() {
        count += report.diagnostics.len();
        if count >= per_thread {
            chunks.push(&reports[start..=i]);
            (start, count) = (i + 1, 0);
        }
    }
    chunks.push(&reports[start..]);
    std::thread::scope(|scope| {
        let handles: Vec<_> = chunks
            .into_iter()
            .map(|chunk| scope.spawn(move || chunk.iter().map(render_file).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}

/// One file's findings, indented as elements of the document's array.
fn render_file(report: &FileReport) -> String {
    let mut out = String::new();
    for (i, diagnostic) in file_diagnostics(report).iter().enumerate() {
        if i > 0 {
            out.push_str(",\n");
        }
        let alone = serde_json::to_string_pretty(diagnostic).expect("plain data serializes");
        out.push_str("    ");
        out.push_str(&alone.replace('\n', "\n    "));
    }
    out
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lints::Settings;

    /// What `serde_json` writes for the whole document at once.
    fn whole(reports: &[FileReport]) -> String {
        let document = Document {
            version: VERSION,
            diagnostics: reports.iter().flat_map(file_diagnostics).collect(),
        };
        serde_json::to_string_pretty(&document).expect("plain data serializes") + "\n"
    }

    fn report(path: &str, source: &str) -> FileReport {
        FileReport {
            path: path.to_string(),
            source: source.to_string(),
            diagnostics: crate::check::check_source(source, &Settings::default()),
        }
    }

    /// Rendered piece by piece (in parallel for many findings), the document
    /// is byte for byte what one `to_string_pretty` of it writes.
    #[test]
    fn pieces_make_the_whole_document() {
        let busy = "FROM python:latest\nMAINTAINER \"x\\ny\"\nRUN pip install flask && apt-get install -y curl\nEXPOSE 80/TCP\n";
        let clean = "FROM scratch\nCOPY app /app\nUSER 1000\nENTRYPOINT [\"/app\"]\n";
        assert_eq!(render(&[]), whole(&[]));
        let few = [
            report("clean", clean),
            report("a", busy),
            report("b", clean),
        ];
        assert!(few[1].diagnostics.len() > 2);
        assert_eq!(render(&few), whole(&few));
        assert_eq!(render(&few[..1]), whole(&few[..1]));
        let many: Vec<FileReport> = (0..PARALLEL_FINDINGS / 2)
            .map(|i| report(&format!("f{i}"), if i % 3 == 0 { clean } else { busy }))
            .collect();
        assert!(many.iter().map(|r| r.diagnostics.len()).sum::<usize>() >= PARALLEL_FINDINGS);
        assert_eq!(render(&many), whole(&many));
    }
}
