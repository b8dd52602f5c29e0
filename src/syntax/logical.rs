//! A logical line: the text BuildKit sees after joining continuation lines,
//! with a map from every logical offset back to the original source.

use crate::span::Span;

/// Joined text of one instruction plus the source offset of each joined piece.
#[derive(Debug, Clone, Default)]
pub struct LogicalLine {
    text: String,
    /// The source offset of the first contiguous piece (logical offset 0)
    /// when there is text; else where the line starts in the source (a
    /// line with no text at all: a lone escape character at the end of
    /// the file).
    head: usize,
    /// `(logical_start, source_start)` of each further piece, in order:
    /// `None`, and allocated not at all, for a line without continuations
    /// (boxed, as one pointer, since most lines have none).
    #[allow(clippy::box_collection)] // the box is what keeps the line small
    rest: Option<Box<Vec<(usize, usize)>>>,
}

impl LogicalLine {
    /// An empty line that starts at source offset `origin`.
    pub fn new(origin: usize) -> Self {
        LogicalLine {
            head: origin,
            ..LogicalLine::default()
        }
    }

    /// An empty line at `origin` with room for one piece of `len` bytes.
    pub fn with_capacity(origin: usize, len: usize) -> Self {
        LogicalLine {
            text: String::with_capacity(len),
            head: origin,
            ..LogicalLine::default()
        }
    }

    pub fn push(&mut self, piece: &str, source_start: usize) {
        if piece.is_empty() {
            return;
        }
        if self.text.is_empty() {
            self.head = source_start;
        } else {
            let len = self.text.len();
            self.rest.get_or_insert_default().push((len, source_start));
        }
        self.text.push_str(piece);
    }

    /// Releases spare capacity once the line is complete.
    pub fn shrink(&mut self) {
        self.text.shrink_to_fit();
        if let Some(rest) = &mut self.rest {
            rest.shrink_to_fit();
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// Source offset of the byte at logical offset `at` (or just past the end).
    pub fn source_offset(&self, at: usize) -> usize {
        self.source_run(at).0
    }

    /// Source offset of the byte at logical offset `at`, and how many bytes
    /// from there are contiguous in the source (at least one).
    pub fn source_run(&self, at: usize) -> (usize, usize) {
        if self.text.is_empty() {
            return (self.head, usize::MAX);
        }
        let rest = self.rest.as_deref().map_or(&[][..], Vec::as_slice);
        let i = rest.partition_point(|&(logical, _)| logical <= at);
        let (logical, source) = match i {
            0 => (0, self.head),
            _ => rest[i - 1],
        };
        let next = rest.get(i).map_or(usize::MAX, |p| p.0);
        (source + (at - logical), (next - at).max(1))
    }

    /// Source span of the logical range `start..end`. An end that falls on a
    /// piece boundary stays in the earlier piece, so a span never swallows the
    /// continuation characters between two pieces.
    pub fn source_span(&self, start: usize, end: usize) -> Span {
        let source_start = self.source_offset(start);
        let source_end = if end > start {
            self.source_offset(end - 1) + 1
        } else {
            source_start
        };
        Span::new(source_start, source_end.max(source_start))
    }
}
