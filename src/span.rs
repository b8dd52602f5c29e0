//! Byte spans into the original source, and the line index that turns them into
//! 1-based line/column positions.

use serde::Serialize;

/// A half-open byte range `[start, end)` into the original file text.
///
/// Two `u32` offsets (8 bytes, not 16): a span sits in nearly every tree
/// node and finding, and every input is capped at 64 MiB
/// ([`crate::input::MAX_FILE`]), so every offset fits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Span {
    start: u32,
    end: u32,
}

const _: () = assert!(std::mem::size_of::<Span>() == 8);

/// An offset (or a length, or an index) of the input in 32 bits, as a
/// [`Span`] keeps it: inputs are capped far below `u32::MAX`, so the
/// saturation is never reached (and a debug build says so rather than
/// saturating).
pub(crate) const fn narrow(at: usize) -> u32 {
    debug_assert!(at <= u32::MAX as usize, "an offset beyond 4 GiB");
    if at > u32::MAX as usize {
        u32::MAX
    } else {
        at as u32
    }
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Span {
            start: narrow(start),
            end: narrow(end),
        }
    }

    /// The offset of the first byte.
    pub const fn start(self) -> usize {
        self.start as usize
    }

    /// The offset just past the last byte.
    pub const fn end(self) -> usize {
        self.end as usize
    }

    pub fn len(&self) -> usize {
        self.end() - self.start()
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The smallest span covering both.
    pub fn cover(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    pub fn contains(&self, offset: usize) -> bool {
        self.start() <= offset && offset < self.end()
    }
}

/// `{"start": …, "end": …}`, the offsets as the `usize`s they were before
/// spans kept them in 32 bits.
impl Serialize for Span {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut span = serializer.serialize_struct("Span", 2)?;
        span.serialize_field("start", &self.start())?;
        span.serialize_field("end", &self.end())?;
        span.end()
    }
}

impl From<std::ops::Range<usize>> for Span {
    fn from(range: std::ops::Range<usize>) -> Span {
        Span::new(range.start, range.end)
    }
}

impl From<Span> for miette::SourceSpan {
    fn from(span: Span) -> Self {
        (span.start(), span.len()).into()
    }
}

/// A 1-based line and column; the column counts Unicode scalar values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// Start offsets of every line, so offset → position is a binary search.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
    /// Character counts every [`CHECKPOINT`] bytes, for columns far into
    /// a long line; counted the first time one is asked for (the language
    /// server indexes a document for each edit it applies).
    checkpoints: std::sync::OnceLock<Vec<(usize, usize, usize)>>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr_newlines(text).map(|i| i + 1));
        LineIndex {
            starts,
            checkpoints: std::sync::OnceLock::new(),
        }
    }

    /// 0-based line number of a byte offset.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    pub fn line_start(&self, line: usize) -> usize {
        self.starts[line]
    }

    /// Where 0-based `line` starts, if the text has that many lines.
    pub fn line_start_checked(&self, line: usize) -> Option<usize> {
        self.starts.get(line).copied()
    }

    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let start = self.starts[line];
        Position {
            line: line + 1,
            column: self.counts_between(text, start, offset).0 + 1,
        }
    }

    /// The 0-based line and UTF-16 column of a byte offset (what the
    /// language server protocol counts in).
    pub fn utf16_position(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let (chars, supplementary) = self.counts_between(text, self.starts[line], offset);
        // A character outside the Basic Multilingual Plane is two units.
        (line, chars + supplementary)
    }

    /// [`LineIndex::counts_before`] for `text[start..end]`: counted directly
    /// when that is shorter than the way from a checkpoint (most columns).
    fn counts_between(&self, text: &str, start: usize, end: usize) -> (usize, usize) {
        if end - start <= CHECKPOINT {
            return counts(&text[start..end]);
        }
        let (end_chars, end_supplementary) = self.counts_before(text, end);
        let (start_chars, start_supplementary) = self.counts_before(text, start);
        (
            end_chars - start_chars,
            end_supplementary - start_supplementary,
        )
    }

    /// How many characters `text[..offset]` has (`offset` on a character
    /// boundary), and how many of them are outside the Basic Multilingual
    /// Plane: counted from the checkpoint below it, so a column costs at
    /// most [`CHECKPOINT`] bytes of counting however long its line (a file
    /// of one long line with a finding every few bytes was quadratic).
    fn counts_before(&self, text: &str, offset: usize) -> (usize, usize) {
        let checkpoints = self.checkpoints.get_or_init(|| checkpoints(text));
        let checkpoint = checkpoints.get(offset / CHECKPOINT).copied();
        let (at, chars, supplementary) = checkpoint.unwrap_or((0, 0, 0));
        let (rest_chars, rest_supplementary) = counts(&text[at.min(offset)..offset]);
        (chars + rest_chars, supplementary + rest_supplementary)
    }
}

/// How many characters `text` has, and how many of them are outside the
/// Basic Multilingual Plane: encoded in four bytes, whose lead bytes are
/// the only ones from 0xF0 up.
fn counts(text: &str) -> (usize, usize) {
    let supplementary = text.bytes().filter(|&b| b >= 0xF0).count();
    (text.chars().count(), supplementary)
}

/// Bytes between the character counts a [`LineIndex`] keeps.
const CHECKPOINT: usize = 4096;

/// For each multiple of [`CHECKPOINT`] bytes, the character boundary at or
/// below it, the characters before that boundary, and how many of those
/// are outside the Basic Multilingual Plane.
fn checkpoints(text: &str) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::with_capacity(text.len() / CHECKPOINT + 1);
    let (mut at, mut chars, mut supplementary) = (0, 0, 0);
    for k in 0..=text.len() / CHECKPOINT {
        let boundary = floor_char_boundary(text, (k * CHECKPOINT).min(text.len()));
        let (more_chars, more_supplementary) = counts(&text[at..boundary]);
        chars += more_chars;
        supplementary += more_supplementary;
        at = boundary;
        out.push((at, chars, supplementary));
    }
    out
}

/// Offsets of the newlines: a vectorised search, fast even in debug builds
/// (the language server re-indexes a document on every edit), and several
/// times cheaper per line than `str::match_indices`.
fn memchr_newlines(text: &str) -> impl Iterator<Item = usize> + '_ {
    memchr::memchr_iter(b'\n', text.as_bytes())
}

/// The largest char boundary at or below `offset`.
pub fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_and_utf16_units_across_checkpoints() {
        // Short lines, then long ones (past several checkpoints), with
        // characters of every width straddling the checkpoints.
        let text: String = (0..3_000)
            .map(|i| {
                if (i < 1_000 && i % 7 == 0) || i % 700 == 0 {
                    "a😀é€\n"
                } else {
                    "bé€😀c"
                }
            })
            .collect();
        let index = LineIndex::new(&text);
        let mut line_start = 0;
        for (offset, c) in text.char_indices() {
            let column = text[line_start..offset].chars().count() + 1;
            let units = text[line_start..offset].encode_utf16().count();
            let position = index.position(&text, offset);
            assert_eq!(position.column, column, "at {offset}");
            assert_eq!(
                index.utf16_position(&text, offset),
                (position.line - 1, units)
            );
            if c == '\n' {
                line_start = offset + 1;
            }
        }
        // Inside a character: its start.
        let inside = text.find('😀').unwrap() + 1;
        assert_eq!(
            index.position(&text, inside),
            index.position(&text, inside - 1)
        );
        // Past the end: the last line (the text does not end in a line break).
        assert_eq!(
            index.position(&text, text.len() + 9).line,
            text.lines().count()
        );
    }
}
