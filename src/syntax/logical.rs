//! A logical line: the text BuildKit sees after joining continuation lines,
//! with a map from every logical offset back to the original source.

use crate::span::Span;

/// Joined text of one instruction plus the source offset of each joined piece.
#[derive(Debug, Clone, Default)]
pub struct LogicalLine {
    text: String,
    /// `(logical_start, source_start)` of each contiguous piece, in order.
    pieces: Vec<(usize, usize)>,
}

impl LogicalLine {
    pub fn push(&mut self, piece: &str, source_start: usize) {
        if piece.is_empty() {
            return;
        }
        self.pieces.push((self.text.len(), source_start));
        self.text.push_str(piece);
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// Source offset of the byte at logical offset `at` (or just past the end).
    pub fn source_offset(&self, at: usize) -> usize {
        let index = match self
            .pieces
            .binary_search_by_key(&at, |&(logical, _)| logical)
        {
            Ok(i) => i,
            Err(0) => return self.pieces.first().map_or(0, |&(_, src)| src),
            Err(i) => i - 1,
        };
        let (logical, source) = self.pieces[index];
        source + (at - logical)
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
