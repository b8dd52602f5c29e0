//! A logical line: the text BuildKit sees after joining continuation lines,
//! with a map from every logical offset back to the original source.

use crate::span::{Span, narrow};
use std::cell::Cell;

/// The text of one instruction, continuation lines joined, plus the
/// source offset of each joined piece. A line of one piece (most have no
/// continuation) borrows its text from the source; one of several keeps
/// the joined text, at its exact size. Built by a [`LineBuilder`].
#[derive(Debug, Clone, Default)]
pub struct LogicalLine<'s> {
    /// The text when it is one piece of the source; empty when `joined`
    /// holds it.
    piece: &'s str,
    /// The source offset of the first contiguous piece (logical offset 0)
    /// when there is text; else where the line starts in the source (a
    /// line with no text at all: a lone escape character at the end of
    /// the file).
    head: u32,
    /// The text of a line of several pieces, and where they start: `None`,
    /// and allocated not at all, for a line without continuations.
    joined: Option<Box<Joined>>,
}

/// A line joined from several pieces of the source.
#[derive(Debug, Clone)]
struct Joined {
    text: Box<str>,
    /// `(logical_start, source_start)` of each piece after the first, in
    /// order. Offsets are 32-bit (an input is at most 64 MiB): a RUN of
    /// many continuation lines keeps 8 bytes per line.
    rest: Box<[(u32, u32)]>,
}

/// A [`LogicalLine`] being joined: a first piece is borrowed, and only a
/// second one makes a copy, with amortized growth; [`LineBuilder::finish`]
/// gives it its exact size (a file can hold hundreds of thousands of lines).
#[derive(Debug, Default)]
pub struct LineBuilder<'s> {
    first: &'s str,
    /// The joined text, once there is a second piece.
    text: String,
    head: usize,
    rest: Vec<(usize, usize)>,
}

impl<'s> LineBuilder<'s> {
    /// An empty line that starts at source offset `origin`.
    pub fn new(origin: usize) -> Self {
        LineBuilder {
            head: origin,
            ..LineBuilder::default()
        }
    }

    pub fn push(&mut self, piece: &'s str, source_start: usize) {
        if piece.is_empty() {
            return;
        }
        if self.first.is_empty() {
            self.first = piece;
            self.head = source_start;
            return;
        }
        if self.rest.is_empty() {
            self.text.push_str(self.first);
        }
        self.rest.push((self.text.len(), source_start));
        self.text.push_str(piece);
    }

    /// The joined line: the text of one piece borrowed, that of several
    /// and their offsets at their exact size.
    pub fn finish(self) -> LogicalLine<'s> {
        let head = narrow(self.head);
        if self.rest.is_empty() {
            return LogicalLine {
                piece: self.first,
                head,
                joined: None,
            };
        }
        let rest = self.rest.iter();
        LogicalLine {
            piece: "",
            head,
            joined: Some(Box::new(Joined {
                text: crate::exact::str(self.text),
                rest: rest
                    .map(|&(logical, source)| (narrow(logical), narrow(source)))
                    .collect(),
            })),
        }
    }
}

impl LogicalLine<'_> {
    pub fn text(&self) -> &str {
        self.joined
            .as_deref()
            .map_or(self.piece, |joined| &joined.text)
    }

    /// `(logical_start, source_start)` of each piece after the first.
    fn rest(&self) -> &[(u32, u32)] {
        self.joined.as_deref().map_or(&[], |joined| &joined.rest)
    }

    /// Source offset of the byte at logical offset `at` (or just past the end).
    pub fn source_offset(&self, at: usize) -> usize {
        self.source_run(at).0
    }

    /// Source offset of the byte at logical offset `at`, and how many bytes
    /// from there are contiguous in the source (at least one).
    pub fn source_run(&self, at: usize) -> (usize, usize) {
        self.source_run_near(at, &Cell::new(0))
    }

    /// [`LogicalLine::source_run`] for offsets asked mostly in increasing
    /// order (mapping a tree built left to right): `near` is the piece the
    /// last offset fell in, tried first, then the one after it, before a
    /// binary search; it is set to the piece `at` falls in.
    pub fn source_run_near(&self, at: usize, near: &Cell<usize>) -> (usize, usize) {
        if self.text().is_empty() {
            return (self.head as usize, usize::MAX);
        }
        let rest = self.rest();
        // Piece `i` (the first is `head`, then `rest[i - 1]`) starts at
        // logical offset `starts(i)`; `at` is in piece `i` when
        // `starts(i) <= at < starts(i + 1)`.
        let starts = |i: usize| if i == 0 { 0 } else { rest[i - 1].0 as usize };
        let holds = |i: usize| {
            i <= rest.len() && starts(i) <= at && rest.get(i).is_none_or(|p| at < p.0 as usize)
        };
        let i = match near.get() {
            i if holds(i) => i,
            i if holds(i + 1) => i + 1,
            _ => rest.partition_point(|&(logical, _)| logical as usize <= at),
        };
        near.set(i);
        let (logical, source) = match i {
            0 => (0, self.head as usize),
            _ => (rest[i - 1].0 as usize, rest[i - 1].1 as usize),
        };
        let next = rest.get(i).map_or(usize::MAX, |p| p.0 as usize);
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

#[cfg(test)]
mod tests {
    use super::*;

    /// `source_run` as it was before the hint: a binary search every time.
    fn searched_run(line: &LogicalLine, at: usize) -> (usize, usize) {
        let rest = line.rest();
        let i = rest.partition_point(|&(logical, _)| logical as usize <= at);
        let (logical, source) = match i {
            0 => (0, line.head as usize),
            _ => (rest[i - 1].0 as usize, rest[i - 1].1 as usize),
        };
        let next = rest.get(i).map_or(usize::MAX, |p| p.0 as usize);
        (source + (at - logical), (next - at).max(1))
    }

    #[test]
    fn source_run_near_matches_the_search_in_any_order() {
        let mut joined = LineBuilder::new(0);
        // Pieces of 1 to 4 bytes, including two that touch in the source.
        for (piece, source) in [("RUN", 0), (" a", 5), ("b", 7), ("  cd", 20), ("e", 30)] {
            joined.push(piece, source);
        }
        let joined = joined.finish();
        let mut single = LineBuilder::new(3);
        single.push("FROM x", 3);
        let single = single.finish();
        for line in [&joined, &single] {
            // Every offset and the one just past the end.
            let up: Vec<usize> = (0..=line.text().len()).collect();
            let down: Vec<usize> = up.iter().rev().copied().collect();
            // A fixed pseudo-random walk (xorshift) over the same offsets.
            let mut x = 0x2545_f491_u32;
            let random: Vec<usize> = (0..200)
                .map(|_| {
                    x ^= x << 13;
                    x ^= x >> 17;
                    x ^= x << 5;
                    x as usize % up.len()
                })
                .collect();
            for order in [up.clone(), down, random] {
                let near = Cell::new(0);
                for at in order {
                    let expected = searched_run(line, at);
                    assert_eq!(line.source_run_near(at, &near), expected, "at {at}");
                    assert_eq!(line.source_run(at), expected, "at {at}");
                }
            }
        }
    }
}
