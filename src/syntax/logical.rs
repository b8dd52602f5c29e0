//! A logical line: the text BuildKit sees after joining continuation lines,
//! with a map from every logical offset back to the original source.

use crate::span::{Span, narrow};
use std::borrow::Cow;
use std::cell::Cell;

/// The text of one instruction, continuation lines joined, plus the
/// source offset of each joined piece. The text is never copied: a line of
/// one piece (most have no continuation) borrows it from the source, and
/// one of several rebuilds it from the source and its pieces' offsets when
/// read ([`LogicalLine::slice`] borrows a range within one piece). Built by
/// a [`LineBuilder`].
#[derive(Debug, Clone, Default)]
pub struct LogicalLine<'s> {
    /// The source from the start of the first piece to the end of the last:
    /// the text itself for a line of one piece; with the continuation
    /// characters (and skipped lines) between the pieces for several.
    source: &'s str,
    /// The source offset of the first piece (logical offset 0) when there
    /// is text; else where the line starts in the source (a line with no
    /// text at all: a lone escape character at the end of the file).
    head: u32,
    /// Where the pieces after the first start: `None`, and allocated not
    /// at all, for a line without continuations.
    joined: Option<Box<Joined>>,
}

/// Where the pieces of a line of several start.
#[derive(Debug, Clone)]
struct Joined {
    /// `(logical_start, source_start)` of each piece after the first, in
    /// order. Offsets are 32-bit (an input is at most 64 MiB): a RUN of
    /// many continuation lines keeps 8 bytes per line.
    rest: Box<[(u32, u32)]>,
}

/// A [`LogicalLine`] being joined from pieces of `source`.
#[derive(Debug)]
pub struct LineBuilder<'s> {
    source: &'s str,
    head: usize,
    /// Where the last piece ends in the source.
    end: usize,
    /// The length of the text so far.
    len: usize,
    rest: Vec<(usize, usize)>,
}

impl<'s> LineBuilder<'s> {
    /// An empty line of `source` that starts at offset `origin`.
    pub fn new(source: &'s str, origin: usize) -> Self {
        LineBuilder {
            source,
            head: origin,
            end: origin,
            len: 0,
            rest: Vec::new(),
        }
    }

    /// Appends the piece `source[start..end]`; pieces come in source order.
    pub fn push(&mut self, start: usize, end: usize) {
        if end <= start {
            return;
        }
        if self.len == 0 {
            self.head = start;
        } else {
            self.rest.push((self.len, start));
        }
        self.len += end - start;
        self.end = end;
    }

    /// The joined line, with its pieces' offsets at their exact size.
    pub fn finish(self) -> LogicalLine<'s> {
        let source = self.source.get(self.head..self.end).unwrap_or("");
        let joined = (!self.rest.is_empty()).then(|| {
            let rest = self.rest.iter();
            Box::new(Joined {
                rest: rest
                    .map(|&(logical, source)| (narrow(logical), narrow(source)))
                    .collect(),
            })
        });
        LogicalLine {
            source,
            head: narrow(self.head),
            joined,
        }
    }
}

impl<'s> LogicalLine<'s> {
    /// The whole text, continuations joined: borrowed from the source for a
    /// line of one piece, rebuilt for one of several.
    pub fn text(&self) -> Cow<'s, str> {
        self.slice(0, self.len())
    }

    /// The length of the text in bytes.
    pub fn len(&self) -> usize {
        match self.rest().last() {
            None => self.source.len(),
            // The last piece ends where `source` does.
            Some(&(logical, source)) => {
                logical as usize + (self.head as usize + self.source.len() - source as usize)
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.source.is_empty()
    }

    /// The text of the logical range `start..end`: borrowed from the source
    /// when it lies within one piece, else rebuilt from the pieces.
    pub fn slice(&self, start: usize, end: usize) -> Cow<'s, str> {
        let source = self.source;
        let head = self.head as usize;
        let (from, run) = self.source_run(start);
        if end <= start || end - start <= run {
            let from = from.saturating_sub(head);
            return Cow::Borrowed(&source[from..from + end.saturating_sub(start)]);
        }
        let mut text = String::with_capacity(end - start);
        let near = Cell::new(0);
        let mut at = start;
        while at < end {
            let (from, run) = self.source_run_near(at, &near);
            let taken = run.min(end - at);
            text.push_str(&source[from - head..from - head + taken]);
            at += taken;
        }
        Cow::Owned(text)
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
        if self.is_empty() {
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
        // Pieces of 1 to 4 bytes, including two that touch in the source.
        let source = "RUN\\\n ab\\\n# skipped\n  cd\\\n\n\n\n\ne";
        let pieces = [("RUN", 0), (" a", 5), ("b", 7), ("  cd", 20), ("e", 30)];
        let mut joined = LineBuilder::new(source, 0);
        for (piece, start) in pieces {
            assert_eq!(&source[start..start + piece.len()], piece);
            joined.push(start, start + piece.len());
        }
        let joined = joined.finish();
        assert_eq!(joined.text(), "RUN ab  cde");
        assert_eq!(joined.slice(4, 6), "ab");
        assert!(matches!(joined.slice(0, 3), Cow::Borrowed("RUN")));
        let source = "   FROM x";
        let mut single = LineBuilder::new(source, 3);
        single.push(3, source.len());
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
