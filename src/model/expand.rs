//! `$VAR`, `${VAR}` and `${VAR:-default}` expansion in FROM, keeping track of
//! which source bytes each output byte came from.

use crate::span::Span;
use crate::syntax::LogicalLine;

/// Expanded text with the origin of each piece.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expanded {
    pub text: String,
    pieces: Vec<Piece>,
    /// Variables that were substituted.
    pub vars: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Piece {
    out_start: usize,
    out_end: usize,
    source: Span,
    /// Written literally in the source (so a sub-range maps byte for byte).
    literal: bool,
    /// The ARG whose whole value this piece is (`$VAR`, `${VAR}`, or
    /// `${VAR:-word}` when `VAR` is set); `None` for literal text and for
    /// `${VAR:+word}`.
    var: Option<String>,
}

/// Where the last byte of an expanded text is written in the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum End {
    /// Literally (in the instruction, or in a `${VAR:-word}` default word),
    /// ending at this source offset.
    Literal(usize),
    /// At the end of the value of this ARG.
    Arg(String),
    /// Some other way (e.g. the word of `${VAR:+word}`), or nothing at all.
    Other,
}

/// The value of a variable at the point of use.
pub enum Value<'a> {
    /// Declared with this default.
    Set(&'a str),
    /// Declared without a default, or not declared: only a build argument
    /// could give it a value.
    Unknown,
}

impl Expanded {
    /// Text that contains no variables, at source offset `start`.
    pub fn literal(text: &str, start: usize) -> Expanded {
        let mut out = Expanded::empty();
        for (i, c) in text.char_indices() {
            out.push_literal(c, Span::new(start + i, start + i + c.len_utf8()));
        }
        out
    }

    fn empty() -> Expanded {
        Expanded {
            text: String::new(),
            pieces: Vec::new(),
            vars: Vec::new(),
        }
    }

    fn push_literal(&mut self, c: char, source: Span) {
        let out_start = self.text.len();
        self.text.push(c);
        self.pieces.push(Piece {
            out_start,
            out_end: self.text.len(),
            source,
            literal: true,
            var: None,
        });
    }

    fn push_substituted(&mut self, value: &str, source: Span, var: Option<&str>) {
        let out_start = self.text.len();
        self.text.push_str(value);
        self.pieces.push(Piece {
            out_start,
            out_end: self.text.len(),
            source,
            literal: false,
            var: var.map(str::to_string),
        });
    }

    /// Appends an expansion of text that comes next in the same line.
    fn append(&mut self, other: Expanded) {
        let shift = self.text.len();
        self.text.push_str(&other.text);
        self.pieces.extend(other.pieces.into_iter().map(|p| Piece {
            out_start: p.out_start + shift,
            out_end: p.out_end + shift,
            ..p
        }));
        self.vars.extend(other.vars);
    }

    fn overlapping(&self, start: usize, end: usize) -> impl Iterator<Item = &Piece> {
        self.pieces
            .iter()
            .filter(move |p| p.out_start < end.max(start + 1) && p.out_end > start)
    }

    /// Source span covering the output range `start..end`.
    pub fn span_of(&self, start: usize, end: usize) -> Span {
        let mut pieces = self.overlapping(start, end);
        let Some(first) = pieces.next() else {
            let at = self.pieces.last().map_or(0, |p| p.source.end());
            return Span::new(at, at);
        };
        let span = pieces.fold(first.source, |span, p| span.cover(p.source));
        if start == end && first.literal {
            return Span::new(first.source.start(), first.source.start());
        }
        span
    }

    /// Whether every byte of `start..end` is written literally in the source.
    pub fn is_literal(&self, start: usize, end: usize) -> bool {
        self.overlapping(start, end).all(|p| p.literal)
    }

    /// Where the last byte of the text comes from (empty substitutions after
    /// it are ignored).
    pub fn end(&self) -> End {
        match self.pieces.iter().rev().find(|p| p.out_end > p.out_start) {
            Some(piece) if piece.literal => End::Literal(piece.source.end()),
            Some(Piece {
                var: Some(name), ..
            }) => End::Arg(name.clone()),
            _ => End::Other,
        }
    }
}

/// How deep `${a:-${b:-…}}` may nest; deeper text counts as unknown.
const MAX_NESTING: usize = 16;

/// Expands the logical range `start..end` of `line`. Returns `None` when a
/// variable's value cannot be known without build arguments, or when the
/// text would be longer than `limit` bytes. The words of
/// `${VAR:-word}` and `${VAR:+word}` are expanded in turn
/// (`${a:-${b:-python:latest}}`), up to [`MAX_NESTING`] levels.
pub fn expand<'a>(
    line: &LogicalLine,
    start: usize,
    end: usize,
    escape: char,
    limit: usize,
    lookup: impl Fn(&str) -> Value<'a>,
) -> Option<Expanded> {
    let within = Within { escape, limit };
    expand_nested(line, start, end, within, &lookup, 0)
}

/// What stays the same through nested expansions.
#[derive(Clone, Copy)]
struct Within {
    escape: char,
    /// The longest text allowed, in bytes.
    limit: usize,
}

fn expand_nested<'a>(
    line: &LogicalLine,
    start: usize,
    end: usize,
    within: Within,
    lookup: &dyn Fn(&str) -> Value<'a>,
    depth: usize,
) -> Option<Expanded> {
    if depth > MAX_NESTING {
        return None;
    }
    let Within { escape, limit } = within;
    let text = &line.text()[start..end];
    let mut out = Expanded::empty();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let at = start + i;
        if c == escape && matches!(chars.peek(), Some((_, '$'))) {
            let (j, dollar) = chars.next()?;
            out.push_literal(dollar, line.source_span(start + j, start + j + 1));
            continue;
        }
        if c != '$' {
            out.push_literal(c, line.source_span(at, at + c.len_utf8()));
            continue;
        }
        let rest = &text[i + 1..];
        let (consumed, reference) = parse_reference(rest, escape)?;
        for _ in 0..consumed {
            chars.next();
        }
        let expr_end = at + 1 + consumed;
        let expr_span = line.source_span(at, expr_end);
        out.vars.push(reference.name.to_string());
        let value = lookup(reference.name);
        let word_start = at + 1 + reference.word_offset;
        let word = || {
            let word_end = word_start + reference.word.len();
            expand_nested(line, word_start, word_end, within, lookup, depth + 1)
        };
        // Checked before a value is copied in: a value may be long.
        let fits = |out: &Expanded, more: usize| out.text.len() + more <= limit;
        match (reference.op, value) {
            (Op::Plain, Value::Set(v)) if fits(&out, v.len()) => {
                out.push_substituted(v, expr_span, Some(reference.name))
            }
            (Op::Plain, Value::Set(_)) => return None,
            (Op::Plain, Value::Unknown) => return None,
            (Op::Default { colon }, Value::Set(v)) if !(colon && v.is_empty()) => {
                if !fits(&out, v.len()) {
                    return None;
                }
                out.push_substituted(v, expr_span, Some(reference.name))
            }
            // The default word keeps its origins: literal text stays literal.
            (Op::Default { .. }, _) => {
                let word = word()?;
                if !fits(&out, word.text.len()) {
                    return None;
                }
                out.append(word)
            }
            (Op::Alternative { colon }, Value::Set(v)) if !(colon && v.is_empty()) => {
                let word = word()?;
                if !fits(&out, word.text.len()) {
                    return None;
                }
                out.vars.extend(word.vars);
                out.push_substituted(&word.text, expr_span, None)
            }
            (Op::Alternative { .. }, Value::Set(_)) => out.push_substituted("", expr_span, None),
            (Op::Alternative { .. }, Value::Unknown) => return None,
        }
    }
    Some(out)
}

enum Op {
    Plain,
    /// `${VAR:-word}` / `${VAR-word}`
    Default {
        colon: bool,
    },
    /// `${VAR:+word}` / `${VAR+word}`
    Alternative {
        colon: bool,
    },
}

struct Reference<'t> {
    name: &'t str,
    op: Op,
    word: &'t str,
    /// Offset of `word` from the character after `$`.
    word_offset: usize,
}

/// Parses what follows a `$`; returns the bytes consumed and the reference.
/// A braced reference ends at the `}` that closes it: `${a:-${b}}` is one.
fn parse_reference(rest: &str, escape: char) -> Option<(usize, Reference<'_>)> {
    let is_name = |c: char| c.is_ascii_alphanumeric() || c == '_';
    if let Some(braced) = rest.strip_prefix('{') {
        let close = closing_brace(braced, escape)?;
        let inner = &braced[..close];
        let name_len = inner.find(|c: char| !is_name(c)).unwrap_or(inner.len());
        let (name, tail) = inner.split_at(name_len);
        let (op, op_len) = match tail.get(..2) {
            Some(":-") => (Op::Default { colon: true }, 2),
            Some(":+") => (Op::Alternative { colon: true }, 2),
            _ => match tail.get(..1) {
                None => (Op::Plain, 0),
                Some("-") => (Op::Default { colon: false }, 1),
                Some("+") => (Op::Alternative { colon: false }, 1),
                Some(_) => return None,
            },
        };
        if name.is_empty() {
            return None;
        }
        let reference = Reference {
            name,
            op,
            word: &tail[op_len..],
            word_offset: 1 + name_len + op_len,
        };
        return Some((close + 2, reference));
    }
    let name_len = rest.find(|c: char| !is_name(c)).unwrap_or(rest.len());
    if name_len == 0 {
        return None;
    }
    let reference = Reference {
        name: &rest[..name_len],
        op: Op::Plain,
        word: "",
        word_offset: 0,
    };
    Some((name_len, reference))
}

/// The offset of the `}` that closes a `${` whose inside starts `text`.
fn closing_brace(text: &str, escape: char) -> Option<usize> {
    let mut depth = 0usize;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            c if c == escape => {
                chars.next();
            }
            '$' if matches!(chars.peek(), Some((_, '{'))) => {
                chars.next();
                depth += 1;
            }
            '}' if depth == 0 => return Some(i),
            '}' => depth -= 1,
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str) -> LogicalLine<'_> {
        let mut line = crate::syntax::LineBuilder::new(text, 0);
        line.push(0, text.len());
        line.finish()
    }

    fn run(text: &str) -> Option<Expanded> {
        let l = line(text);
        expand(&l, 0, text.len(), '\\', usize::MAX, |name| match name {
            "PY" => Value::Set("3.12"),
            "EMPTY" => Value::Set(""),
            _ => Value::Unknown,
        })
    }

    #[test]
    fn substitutes_defaults_and_keeps_origins() {
        let e = run("python:${PY}-slim").unwrap();
        assert_eq!(e.text, "python:3.12-slim");
        assert!(!e.is_literal(7, 11));
        assert_eq!(e.span_of(7, 11), Span::new(7, 12));
        assert!(e.is_literal(0, 6));
        assert_eq!(run("python:$PY").unwrap().text, "python:3.12");
    }

    #[test]
    fn default_words_are_literal_source() {
        let e = run("img:${TAG:-1.0}").unwrap();
        assert_eq!(e.text, "img:1.0");
        assert!(e.is_literal(4, 7));
        assert_eq!(e.span_of(4, 7), Span::new(11, 14));
        assert_eq!(run("img:${EMPTY:-x}").unwrap().text, "img:x");
        assert_eq!(run("img:${EMPTY-x}").unwrap().text, "img:");
    }

    #[test]
    fn end_tells_where_the_last_byte_is_written() {
        assert_eq!(run("python:${PY}").unwrap().end(), End::Arg("PY".into()));
        assert_eq!(run("python:${PY}-slim").unwrap().end(), End::Literal(17));
        assert_eq!(run("img:${TAG:-1.0}").unwrap().end(), End::Literal(14));
        assert_eq!(run("img:${PY:-1.0}").unwrap().end(), End::Arg("PY".into()));
        assert_eq!(run("img:1${EMPTY}").unwrap().end(), End::Literal(5));
        assert_eq!(run("img:${PY:+x}").unwrap().end(), End::Other);
        assert_eq!(run("${EMPTY}").unwrap().end(), End::Other);
    }

    #[test]
    fn nested_words_are_expanded() {
        let e = run("${A:-${B:-python:latest}}").unwrap();
        assert_eq!(e.text, "python:latest");
        assert!(e.is_literal(0, e.text.len()));
        assert_eq!(e.span_of(0, 6), Span::new(10, 16));
        assert_eq!(e.end(), End::Literal(23));
        assert_eq!(e.vars, ["A", "B"]);
        assert_eq!(
            run("python:${PY:+${PY:+3.12}}").unwrap().text,
            "python:3.12"
        );
        assert_eq!(run("python:${PY:+${PY:+3.12}}").unwrap().end(), End::Other);
        assert_eq!(run("img:${X:-${PY}}-slim").unwrap().text, "img:3.12-slim");
        assert_eq!(run("img:${X:-${PY}}").unwrap().end(), End::Arg("PY".into()));
        assert_eq!(run("img:${X:-a}}").unwrap().text, "img:a}");
        assert!(run("img:${X:-${Y}}").is_none());
        assert!(run("img:${X:-${PY}").is_none());
        // Nesting is bounded, and deep nesting is neither a crash nor slow.
        let deep = format!("{}x{}", "${X:-".repeat(100_000), "}".repeat(100_000));
        assert!(run(&deep).is_none());
        let fine = format!(
            "{}x{}",
            "${X:-".repeat(MAX_NESTING),
            "}".repeat(MAX_NESTING)
        );
        assert_eq!(run(&fine).unwrap().text, "x");
    }

    #[test]
    fn unknown_values_do_not_resolve() {
        assert!(run("img:${TAG}").is_none());
        assert!(run("img:${PY#3}").is_none());
        assert_eq!(run("a\\$b").unwrap().text, "a$b");
    }
}
