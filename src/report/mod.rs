//! Reporters turn diagnostics into text. They know the diagnostic shape,
//! never a particular lint.

pub mod checkstyle;
pub mod concise;
pub mod github;
pub mod gitlab;
pub mod gnu;
pub mod human;
pub mod json;
pub mod sarif;

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt::Write as _;

use crate::diagnostic::Diagnostic;
use crate::span::{LineIndex, Position, Span};

/// The findings of one linted file, with the text they point into.
#[derive(Debug, Clone)]
pub struct FileReport {
    /// The path as the user should see it.
    pub path: String,
    pub source: String,
    pub diagnostics: Vec<Diagnostic>,
}

/// A file that could not be linted, and why (for formats that report it).
pub struct FileError {
    pub path: String,
    pub message: String,
}

/// Turns byte spans of one file into 1-based line/column ranges.
pub struct Locator<'a> {
    source: &'a str,
    index: LineIndex,
}

impl<'a> Locator<'a> {
    pub fn new(source: &'a str) -> Locator<'a> {
        Locator {
            source,
            index: LineIndex::new(source),
        }
    }

    /// Start and end of `span`; the end is the position just after it.
    pub fn range(&self, span: Span) -> (Position, Position) {
        (
            self.index.position(self.source, span.start()),
            self.index.position(self.source, span.end()),
        )
    }
}

/// Whether a character must not reach a terminal or log viewer raw: C0 and C1
/// controls (ESC starts terminal escape sequences), DEL, the bidirectional
/// overrides and isolates that reorder what a reader sees (U+202E…), and the
/// Unicode line and paragraph separators. Tab and newline are kept.
pub fn is_hostile_char(c: char) -> bool {
    (c.is_control() && c != '\t' && c != '\n')
        || matches!(
            c,
            '\u{061c}'
                | '\u{200e}'
                | '\u{200f}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}'
                | '\u{2028}'
                | '\u{2029}'
        )
}

/// Text from a Dockerfile (or its path) made safe to print: every character
/// [`is_hostile_char`] flags is written as `\u{1b}`. Every text reporter passes
/// paths, messages, labels and source lines through this one function.
pub fn escape_controls(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_hostile_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_hostile_char(c) {
            // Writing into a String cannot fail.
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A fingerprint per diagnostic of a file that survives unrelated edits:
/// it hashes the lint, the path, the flagged text and the text of its line,
/// not line numbers, plus a counter that tells identical findings apart.
/// A flagged text or line longer than [`LONG_PART`] is hashed once, and its
/// digest stands for it: hashing a long line again for each of its
/// findings made a file of one long line quadratic (200,000 findings on a
/// 400 KB line took 136 s in SARIF).
pub fn fingerprints(report: &FileReport) -> Vec<String> {
    let source = report.source.as_str();
    let index = LineIndex::new(source);
    let mut seen: HashMap<u128, u32> = HashMap::new();
    let mut digests: HashMap<(usize, usize), [u8; 16]> = HashMap::new();
    report
        .diagnostics
        .iter()
        .map(|d| {
            let start =
                crate::span::floor_char_boundary(source, d.span().start().min(source.len()));
            let end = crate::span::floor_char_boundary(source, d.span().end().min(source.len()));
            let line = index.line_of(start);
            let line_start = index.line_start(line);
            let line_end = index
                .line_start_checked(line + 1)
                .map_or(source.len(), |next| next - 1);
            let flagged = (start.max(line_start), end.max(start));
            let mut part = |(from, to): (usize, usize)| -> Vec<u8> {
                if to - from <= LONG_PART {
                    return normalized(&source[from..to]).into_bytes();
                }
                digests
                    .entry((from, to))
                    .or_insert_with(|| {
                        fnv1a(&[normalized(&source[from..to]).as_bytes()]).to_le_bytes()
                    })
                    .to_vec()
            };
            let flagged = part(flagged);
            let line = part((line_start, line_end));
            let key = fnv1a(&[d.lint().as_bytes(), report.path.as_bytes(), &flagged, &line]);
            let count = seen.entry(key).or_insert(0);
            *count += 1;
            format!(
                "{:032x}",
                fnv1a(&[&key.to_le_bytes(), &count.to_le_bytes()])
            )
        })
        .collect()
}

/// The longest flagged text or line a fingerprint hashes as it is (the
/// longest line of the corpus has 663 bytes).
const LONG_PART: usize = 4096;

/// Text with its runs of whitespace made single spaces, trimmed.
fn normalized(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// 128-bit FNV-1a over the parts, each followed by a zero byte.
fn fnv1a(parts: &[&[u8]]) -> u128 {
    const OFFSET: u128 = 0x6c62272e07bb014262b821756295c58d;
    const PRIME: u128 = 0x0000000001000000000000000000013b;
    let mut hash = OFFSET;
    for part in parts {
        for &byte in part.iter().chain(&[0]) {
            hash ^= u128::from(byte);
            hash = hash.wrapping_mul(PRIME);
        }
    }
    hash
}

/// The elements of a JSON array written as they come, in pieces of
/// several: each element of a piece is preceded by `,\n`, which the array's
/// first element gives up for a newline alone.
#[derive(Debug)]
pub struct Elements {
    /// No element written yet.
    first: bool,
}

impl Elements {
    pub fn new() -> Elements {
        Elements { first: true }
    }

    /// Elements that follow others: how a piece is rendered (every
    /// element preceded by `,\n`).
    pub fn continuing() -> Elements {
        Elements { first: false }
    }

    /// Whether no element was written.
    pub fn is_empty(&self) -> bool {
        self.first
    }

    /// The separator before the next element.
    pub fn separator(&mut self) -> &'static [u8] {
        let separator: &[u8] = if self.first { b"\n" } else { b",\n" };
        self.first = false;
        separator
    }

    /// Writes a piece of elements, each preceded by `,\n`.
    pub fn write_piece(
        &mut self,
        piece: &str,
        out: &mut (impl std::io::Write + ?Sized),
    ) -> std::io::Result<()> {
        if piece.is_empty() {
            return Ok(());
        }
        out.write_all(&piece.as_bytes()[usize::from(self.first)..])?;
        self.first = false;
        Ok(())
    }
}

impl Default for Elements {
    fn default() -> Self {
        Elements::new()
    }
}

/// Writes `value` pretty-printed, its lines after the first indented by
/// `indent` (a JSON text's line breaks are all between tokens: strings
/// escape theirs).
pub fn write_indented(
    value: &impl serde::Serialize,
    indent: &str,
    out: &mut (impl std::io::Write + ?Sized),
) -> std::io::Result<()> {
    let text = serde_json::to_string_pretty(value).map_err(std::io::Error::other)?;
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.write_all(b"\n")?;
            out.write_all(indent.as_bytes())?;
        }
        out.write_all(line.as_bytes())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{DiagnosticBuilder, Severity};

    fn report(source: &str, spans: &[(usize, usize)]) -> FileReport {
        FileReport {
            path: "Dockerfile".into(),
            source: source.into(),
            diagnostics: spans
                .iter()
                .map(|&(start, end)| {
                    let span = Span::new(start, end);
                    DiagnosticBuilder::new("untagged-image", Severity::Warning, span, "m").into()
                })
                .collect(),
        }
    }

    #[test]
    fn escapes_terminal_controls_and_bidi() {
        assert_eq!(
            escape_controls("FROM python:3.12\u{1b}]0;PWNED\u{7}"),
            "FROM python:3.12\\u{1b}]0;PWNED\\u{7}"
        );
        assert_eq!(
            escape_controls("a\u{202e}b\rc\u{9b}d\u{7f}"),
            "a\\u{202e}b\\u{d}c\\u{9b}d\\u{7f}"
        );
        assert!(matches!(
            escape_controls("tab\tnew\nline é"),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn fingerprints_ignore_line_moves_and_separate_twins() {
        let a = fingerprints(&report("FROM python\nFROM python\n", &[(5, 11), (17, 23)]));
        assert_ne!(a[0], a[1]);
        assert_eq!(a[0].len(), 32);
        let moved = fingerprints(&report(
            "# hi\n\nFROM python\nFROM python\n",
            &[(11, 17), (23, 29)],
        ));
        assert_eq!(a, moved);
        let other = fingerprints(&report("FROM node\n", &[(5, 9)]));
        assert_ne!(other[0], a[0]);
    }
}
