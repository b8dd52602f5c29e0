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
    // array ([`write`]).
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
    let mut document = DocumentWriter::begin(out)?;
    for part in parts {
        document.part(part, out)?;
    }
    document.end(out)
}

/// The JSON document written part by part, as the parts come (the CLI
/// writes each file's findings as soon as the files before it are done,
/// so a run over many files holds a few files' findings, not all).
pub struct DocumentWriter {
    diagnostics: super::Elements,
    scratch: Vec<u8>,
}

impl DocumentWriter {
    /// Writes the document's head.
    pub fn begin(out: &mut (impl std::io::Write + ?Sized)) -> std::io::Result<DocumentWriter> {
        write!(out, "{{\n  \"version\": {VERSION},\n  \"diagnostics\": [")?;
        Ok(DocumentWriter {
            diagnostics: super::Elements::new(),
            scratch: Vec::new(),
        })
    }

    /// Writes the next part's findings.
    pub fn part(
        &mut self,
        part: Part<'_>,
        out: &mut (impl std::io::Write + ?Sized),
    ) -> std::io::Result<()> {
        match part {
            Part::Piece(piece) => self.diagnostics.write_piece(&piece, out)?,
            Part::File(report) => {
                for diagnostic in file_diagnostics(report) {
                    let separator = self.diagnostics.separator();
                    write_element(&diagnostic, separator, &mut self.scratch, out)?;
                }
            }
        }
        Ok(())
    }

    /// Writes the document's tail.
    pub fn end(self, out: &mut (impl std::io::Write + ?Sized)) -> std::io::Result<()> {
        out.write_all(if self.diagnostics.is_empty() {
            b"]\n}\n"
        } else {
            b"\n  ]\n}\n"
        })
    }
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
            out.extend_from_slice(b",\n    ");
            write::diagnostic(&mut out, &diagnostic);
        }
    }
    // Only whole `str`s and ASCII are written (checked here, on the
    // rendering thread).
    String::from_utf8(out).expect("the JSON writer writes UTF-8")
}

/// One finding as an element of the document's array, after its
/// `separator` (see [`super::Elements::separator`]) and indentation,
/// rendered into `scratch` first (the writer writes into a `Vec`).
fn write_element(
    diagnostic: &JsonDiagnostic,
    separator: &[u8],
    scratch: &mut Vec<u8>,
    out: &mut (impl std::io::Write + ?Sized),
) -> std::io::Result<()> {
    scratch.clear();
    scratch.extend_from_slice(separator);
    scratch.extend_from_slice(b"    ");
    write::diagnostic(scratch, diagnostic);
    out.write_all(scratch)
}

/// The layout `serde_json::to_string_pretty` gives the document (two spaces
/// a level), written for our few types by hand: through serde, a finding
/// cost about 14,000 instructions, most of them in the generic map and
/// string machinery. The tests compare the two byte for byte.
mod write {
    use super::{JsonDiagnostic, JsonLabel, Range};
    use crate::diagnostic::Fix;
    use crate::span::{Position, Span};

    /// An object's members, one per line at `level`, closed at `level - 1`.
    struct Object<'o> {
        out: &'o mut Vec<u8>,
        level: usize,
        first: bool,
    }

    impl<'o> Object<'o> {
        fn open(out: &'o mut Vec<u8>, level: usize) -> Object<'o> {
            out.push(b'{');
            Object {
                out,
                level,
                first: true,
            }
        }

        /// Starts a member: its key (a plain name: nothing to escape), then
        /// the caller writes the value.
        fn key(&mut self, key: &str) -> &mut Vec<u8> {
            line_start(self.out, self.first, self.level);
            self.first = false;
            self.out.push(b'"');
            self.out.extend_from_slice(key.as_bytes());
            self.out.extend_from_slice(b"\": ");
            self.out
        }

        fn close(self) {
            if !self.first {
                self.out.push(b'\n');
                indent(self.out, self.level - 1);
            }
            self.out.push(b'}');
        }
    }

    /// A separator, a line break and room for the deepest indentation
    /// written (level 7: a label's range's positions), sliced per line.
    const BREAK: &[u8] = b",\n                ";

    /// The start of an element's or member's line: `,` unless it is the
    /// first, a line break, the indentation.
    fn line_start(out: &mut Vec<u8>, first: bool, level: usize) {
        out.extend_from_slice(&BREAK[usize::from(first)..2 + level * 2]);
    }

    fn indent(out: &mut Vec<u8>, level: usize) {
        out.extend_from_slice(&BREAK[2..2 + level * 2]);
    }

    pub(super) fn diagnostic(out: &mut Vec<u8>, d: &JsonDiagnostic) {
        // An element of the document's `diagnostics` array: two levels deep.
        let mut o = Object::open(out, 3);
        string(o.key("lint"), d.lint);
        string(o.key("severity"), d.severity.as_str());
        string(o.key("message"), d.message);
        string(o.key("path"), d.path);
        span(o.key("span"), d.span, 4);
        range(o.key("range"), &d.range, 4);
        optional_string(o.key("label"), d.label);
        labels(o.key("labels"), &d.labels, 4);
        optional_string(o.key("help"), d.help);
        match d.fix {
            Some(f) => fix(o.key("fix"), f, 4),
            None => o.key("fix").extend_from_slice(b"null"),
        }
        if let Some(code) = d.code {
            string(o.key("code"), code);
        }
        o.close();
    }

    /// An array whose elements, each written by `element`, sit on lines of
    /// their own at `level`; closed at `level - 1`.
    fn array<T>(out: &mut Vec<u8>, items: &[T], level: usize, element: impl Fn(&mut Vec<u8>, &T)) {
        if items.is_empty() {
            out.extend_from_slice(b"[]");
            return;
        }
        out.push(b'[');
        for (i, item) in items.iter().enumerate() {
            line_start(out, i == 0, level);
            element(out, item);
        }
        out.push(b'\n');
        indent(out, level - 1);
        out.push(b']');
    }

    /// The array of labels, its elements at `level`.
    fn labels(out: &mut Vec<u8>, labels: &[JsonLabel], level: usize) {
        array(out, labels, level, |out, label| {
            let mut o = Object::open(out, level + 1);
            string(o.key("message"), label.message);
            span(o.key("span"), label.span, level + 2);
            range(o.key("range"), &label.range, level + 2);
            o.close();
        });
    }

    /// A fix object, its members at `level` (as for the objects below).
    fn fix(out: &mut Vec<u8>, fix: &Fix, level: usize) {
        let mut o = Object::open(out, level);
        string(o.key("applicability"), fix.applicability.as_str());
        string(o.key("title"), &fix.title);
        array(o.key("edits"), &fix.edits, level + 1, |out, edit| {
            let mut e = Object::open(out, level + 2);
            number(e.key("start"), edit.span.start());
            number(e.key("end"), edit.span.end());
            string(e.key("replacement"), &edit.replacement);
            e.close();
        });
        o.close();
    }

    fn span(out: &mut Vec<u8>, span: Span, level: usize) {
        let mut o = Object::open(out, level);
        number(o.key("start"), span.start());
        number(o.key("end"), span.end());
        o.close();
    }

    fn range(out: &mut Vec<u8>, range: &Range, level: usize) {
        let mut o = Object::open(out, level);
        position(o.key("start"), range.start, level + 1);
        position(o.key("end"), range.end, level + 1);
        o.close();
    }

    fn position(out: &mut Vec<u8>, position: Position, level: usize) {
        let mut o = Object::open(out, level);
        number(o.key("line"), position.line);
        number(o.key("column"), position.column);
        o.close();
    }

    fn number(out: &mut Vec<u8>, n: usize) {
        out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
    }

    fn optional_string(out: &mut Vec<u8>, text: Option<&str>) {
        match text {
            Some(text) => string(out, text),
            None => out.extend_from_slice(b"null"),
        }
    }

    /// A JSON string as serde_json writes it: `"` and `\` escaped, the
    /// control characters below U+0020 as `\n`-style or `\u00XX` escapes,
    /// everything else as it is.
    pub(super) fn string(out: &mut Vec<u8>, text: &str) {
        let bytes = text.as_bytes();
        out.reserve(bytes.len() + 2);
        out.push(b'"');
        let mut done = 0;
        while let Some(at) = next_escape(bytes, done) {
            out.extend_from_slice(&bytes[done..at]);
            let byte = bytes[at];
            match byte {
                b'"' => out.extend_from_slice(b"\\\""),
                b'\\' => out.extend_from_slice(b"\\\\"),
                b'\n' => out.extend_from_slice(b"\\n"),
                b'\r' => out.extend_from_slice(b"\\r"),
                b'\t' => out.extend_from_slice(b"\\t"),
                0x08 => out.extend_from_slice(b"\\b"),
                0x0c => out.extend_from_slice(b"\\f"),
                _ => {
                    const HEX: &[u8; 16] = b"0123456789abcdef";
                    out.extend_from_slice(b"\\u00");
                    out.push(HEX[usize::from(byte >> 4)]);
                    out.push(HEX[usize::from(byte & 0xf)]);
                }
            }
            done = at + 1;
        }
        out.extend_from_slice(&bytes[done..]);
        out.push(b'"');
    }

    /// The first byte at or after `from` that needs an escape: eight bytes
    /// at a time while none does (nearly all text), then byte by byte.
    fn next_escape(bytes: &[u8], from: usize) -> Option<usize> {
        let mut at = from;
        while let Some(chunk) = bytes.get(at..at + 8) {
            let word = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
            if needs_escape(word) {
                break;
            }
            at += 8;
        }
        bytes[at..]
            .iter()
            .position(|&b| b < 0x20 || b == b'"' || b == b'\\')
            .map(|i| at + i)
    }

    /// Whether any of the eight bytes is `"`, `\` or below 0x20 (the usual
    /// bit trick: only a byte below `n` borrows when `n` is subtracted from
    /// each byte, and its high bit then shows it).
    fn needs_escape(word: u64) -> bool {
        const ONES: u64 = 0x0101_0101_0101_0101;
        const HIGH: u64 = 0x8080_8080_8080_8080;
        let below = |w: u64, n: u8| w.wrapping_sub(ONES * u64::from(n)) & !w & HIGH;
        let control = below(word, 0x20);
        let quote = below(word ^ (ONES * u64::from(b'"')), 1);
        let backslash = below(word ^ (ONES * u64::from(b'\\')), 1);
        control | quote | backslash != 0
    }
}

fn file_diagnostics(report: &FileReport) -> Vec<JsonDiagnostic<'_>> {
    let index = LineIndex::new(&report.source);
    let position = |offset| index.position(&report.source, offset);
    report
        .diagnostics
        .iter()
        .map(|d| JsonDiagnostic {
            lint: d.lint(),
            severity: d.severity(),
            message: d.message(),
            path: &report.path,
            span: d.span(),
            range: Range {
                start: position(d.span().start()),
                end: position(d.span().end()),
            },
            label: d.label(),
            labels: d
                .labels()
                .iter()
                .map(|l| JsonLabel {
                    message: &l.message,
                    span: l.span,
                    range: Range {
                        start: position(l.span.start()),
                        end: position(l.span.end()),
                    },
                })
                .collect(),
            help: d.help(),
            fix: d.fix(),
            code: d.code(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Applicability, DiagnosticBuilder, Edit};
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

    /// Every string is escaped as serde_json escapes it: each ASCII
    /// character alone and at each position of an eight-byte chunk, and
    /// text around them.
    #[test]
    fn strings_are_escaped_as_serde_json_does() {
        let mut samples: Vec<String> = (0u8..0x80).map(|b| char::from(b).to_string()).collect();
        for b in 0u8..0x80 {
            for at in 0..10 {
                let mut text = "abcdefghijk".to_string();
                text.insert(at, char::from(b));
                samples.push(text);
            }
        }
        samples.extend(
            [
                "",
                "plain text longer than eight bytes",
                "é ü 中文 \u{202e} \u{7f} \u{85}",
                "tab\there, \"quotes\" and back\\slash\r\n\u{1b}]0;x\u{7}",
            ]
            .map(String::from),
        );
        for text in samples {
            let mut ours = Vec::new();
            write::string(&mut ours, &text);
            let theirs = serde_json::to_string(&text).unwrap();
            assert_eq!(String::from_utf8(ours).unwrap(), theirs, "{text:?}");
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
        // Every optional part: labels, a fix with several edits and one
        // with none, a code, and text that needs escapes.
        let mut rich = report("rich", busy);
        let first = &rich.diagnostics[0];
        let like_first = |message: &str| {
            DiagnosticBuilder::new(first.lint(), first.severity(), first.span(), message)
        };
        let mut quoted = like_first("a \"quoted\"\tmessage\u{1b}");
        quoted
            .secondary(Span::new(0, 4), "here")
            .secondary(Span::new(5, 9), "and é here")
            .fix(
                Applicability::Unsafe,
                "two edits",
                vec![
                    Edit::replace(Span::new(0, 4), "a\nb"),
                    Edit::replace(Span::new(5, 5), ""),
                ],
            )
            .code = Some("SC2086".into());
        let mut empty_fix = like_first(first.message());
        empty_fix.fix(Applicability::Safe, "", vec![]);
        if let Some(label) = first.label() {
            empty_fix.label(label.to_string());
        }
        if let Some(help) = first.help() {
            empty_fix.help(help.to_string());
        }
        for label in first.labels() {
            empty_fix.secondary(label.span, label.message.clone());
        }
        empty_fix.code = first.code().map(Into::into);
        rich.diagnostics.push(quoted.into());
        rich.diagnostics.push(empty_fix.into());
        let rich = [rich];
        assert_eq!(render(&rich), whole(&rich));
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
