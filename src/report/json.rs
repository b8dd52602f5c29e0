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
    // byte, with the findings written in parallel straight into one buffer
    // per thread, already indented to their place in the `diagnostics`
    // array ([`Indented`]).
    let findings: usize = reports.iter().map(|r| r.diagnostics.len()).sum();
    let head = format!("{{\n  \"version\": {VERSION},\n  \"diagnostics\": [");
    let parts = render_files(reports, findings);
    let mut out = Vec::with_capacity(head.len() + parts.iter().map(Vec::len).sum::<usize>() + 16);
    out.extend_from_slice(head.as_bytes());
    // Each part starts with the separator `,\n`; the first one's comma goes.
    let mut first = true;
    for part in parts.iter().filter(|p| !p.is_empty()) {
        out.extend_from_slice(if first { &part[1..] } else { part });
        first = false;
    }
    out.extend_from_slice(if first { b"]\n}\n" } else { b"\n  ]\n}\n" });
    // serde_json writes UTF-8 only, and every piece is whole.
    String::from_utf8(out).expect("serde_json writes UTF-8")
}

/// Below this many findings the rendering stays on one thread.
const PARALLEL_FINDINGS: usize = 4096;

/// Runs of files' findings as array elements, each preceded by `,\n`, in order.
fn render_files(reports: &[FileReport], findings: usize) -> Vec<Vec<u8>> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    if threads < 2 || findings < PARALLEL_FINDINGS {
        return vec![render_run(reports)];
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
            .map(|chunk| scope.spawn(move || render_run(chunk)))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}

/// The findings of a run of files, each preceded by `,\n` and indented as
/// an element of the document's array.
fn render_run(reports: &[FileReport]) -> Vec<u8> {
    let mut out = Vec::new();
    for report in reports {
        for diagnostic in file_diagnostics(report) {
            out.extend_from_slice(b",\n    ");
            let mut serializer =
                serde_json::Serializer::with_formatter(&mut out, Indented::element());
            diagnostic
                .serialize(&mut serializer)
                .expect("plain data serializes");
        }
    }
    out
}

/// `serde_json`'s pretty layout (two spaces a level) for a value that sits
/// inside the document's `diagnostics` array, two levels deep: what
/// `to_string_pretty` writes for the whole document, without rendering the
/// value alone and indenting it afterwards.
struct Indented {
    level: usize,
    /// Whether the array or object being written has an element yet.
    has_value: bool,
}

impl Indented {
    fn element() -> Indented {
        Indented {
            level: 2,
            has_value: false,
        }
    }

    fn open<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        bracket: &[u8],
    ) -> std::io::Result<()> {
        self.level += 1;
        self.has_value = false;
        writer.write_all(bracket)
    }

    fn close<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        bracket: &[u8],
    ) -> std::io::Result<()> {
        self.level -= 1;
        if self.has_value {
            writer.write_all(b"\n")?;
            self.indent(writer)?;
        }
        writer.write_all(bracket)
    }

    /// Before an array element or an object key: on a line of its own.
    fn item<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        writer.write_all(if first { b"\n" } else { b",\n" })?;
        self.indent(writer)
    }

    fn indent<W: ?Sized + std::io::Write>(&self, writer: &mut W) -> std::io::Result<()> {
        const SPACES: &[u8] = b"                                ";
        let mut left = self.level * 2;
        while left > 0 {
            let n = left.min(SPACES.len());
            writer.write_all(&SPACES[..n])?;
            left -= n;
        }
        Ok(())
    }
}

impl serde_json::ser::Formatter for Indented {
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.open(writer, b"[")
    }

    fn end_array<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.close(writer, b"]")
    }

    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.item(writer, first)
    }

    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.open(writer, b"{")
    }

    fn end_object<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.close(writer, b"}")
    }

    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.item(writer, first)
    }

    fn begin_object_value<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
    ) -> std::io::Result<()> {
        writer.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
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
