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
    assemble(render_files(reports, findings))
}

/// One file's findings as they go into the document, for [`assemble`]:
/// a caller that lints files in parallel writes each one's on the thread
/// that linted it.
pub fn piece(report: &FileReport) -> String {
    render_run(std::slice::from_ref(report))
}

/// The document made of pieces ([`piece`], or runs of files), in order.
pub fn assemble(pieces: Vec<String>) -> String {
    let size = pieces.iter().map(String::len).sum::<usize>();
    let mut out = Vec::with_capacity(size + 64);
    write(pieces.into_iter().map(Part::Piece), &mut out).expect("a Vec takes any write");
    String::from_utf8(out).expect("serde_json writes UTF-8")
}

/// One file's share of the document, for [`write`]: its findings already
/// rendered ([`piece`]), or the file, whose findings are then rendered
/// straight into the output (a big file's rendered findings are about
/// twice its size: they need not be held whole).
pub enum Part<'a> {
    Piece(String),
    File(&'a FileReport),
}

/// Writes the document made of `parts`, in order, to `out`: byte for byte
/// what [`assemble`] returns for the same findings. A file's findings are
/// all placed (their lines and columns worked out, the only step that
/// reads the file) before the first of them is written.
pub fn write<'a>(
    parts: impl IntoIterator<Item = Part<'a>>,
    out: &mut (impl std::io::Write + ?Sized),
) -> std::io::Result<()> {
    write!(out, "{{\n  \"version\": {VERSION},\n  \"diagnostics\": [")?;
    // Each element is preceded by the separator `,\n`; the first one's
    // comma goes.
    let mut first = true;
    for part in parts {
        match part {
            Part::Piece(piece) if piece.is_empty() => {}
            Part::Piece(piece) => {
                out.write_all(&piece.as_bytes()[usize::from(first)..])?;
                first = false;
            }
            Part::File(report) => {
                for diagnostic in file_diagnostics(report) {
                    write_element(&diagnostic, first, out)?;
                    first = false;
                }
            }
        }
    }
    out.write_all(if first { b"]\n}\n" } else { b"\n  ]\n}\n" })
}
/// Below this many findings the rendering stays on one thread.
const PARALLEL_FINDINGS: usize = 4096;

/// Runs of files' findings as array elements, each preceded by `,\n`, in order.
fn render_files(reports: &[FileReport], findings: usize) -> Vec<String> {
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
fn render_run(reports: &[FileReport]) -> String {
    let mut out = Vec::new();
    for report in reports {
        for diagnostic in file_diagnostics(report) {
            write_element(&diagnostic, false, &mut out).expect("a Vec takes any write");
        }
    }
    // serde_json writes UTF-8 only (checked here, on the rendering thread).
    String::from_utf8(out).expect("serde_json writes UTF-8")
}

/// One finding as an element of the document's array, after its separator
/// (`,\n`, without the comma for the `first`).
fn write_element(
    diagnostic: &JsonDiagnostic,
    first: bool,
    out: &mut (impl std::io::Write + ?Sized),
) -> std::io::Result<()> {
    out.write_all(if first { b"\n    " } else { b",\n    " })?;
    let mut serializer = serde_json::Serializer::with_formatter(out, Indented::element());
    // Plain data always serializes: what can fail is the writer.
    diagnostic
        .serialize(&mut serializer)
        .map_err(std::io::Error::from)
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
            fix: d.fix.as_deref(),
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
        let pieces = few.iter().map(piece).collect();
        assert_eq!(assemble(pieces), whole(&few));
        assert_eq!(assemble(vec![piece(&few[0])]), whole(&few[..1]));
        // Files written straight into the output, alone or among pieces,
        // first or not.
        for files in [0b000, 0b001, 0b010, 0b011, 0b110, 0b111] {
            let parts = few.iter().enumerate().map(|(i, report)| {
                if files & (1 << i) != 0 {
                    Part::File(report)
                } else {
                    Part::Piece(piece(report))
                }
            });
            let mut out = Vec::new();
            write(parts, &mut out).unwrap();
            assert_eq!(String::from_utf8(out).unwrap(), whole(&few), "{files:03b}");
        }
    }
}
