//! The line loop: directives, comments, continuation joining and heredoc
//! bodies, following BuildKit's `parser.Parse`.

use super::heredoc::{HeredocMarker, heredoc_markers};
use super::json::{NotExec, parse_json_array};
use super::words::{extract_flags, split_command, split_healthcheck};
use super::{
    Args, Comment, Directive, Dockerfile, Form, Heredoc, Instruction, Keyword, LineBuilder,
    LogicalLine, SyntaxError, Token, validate,
};
use crate::span::Span;
use std::borrow::Cow;

/// One physical line: `start..end` is its content without the line ending.
#[derive(Clone, Copy)]
struct Line {
    start: usize,
    end: usize,
}

fn physical_lines(text: &str) -> Vec<Line> {
    let bytes = text.as_bytes();
    // One line per `\n`, and one more when the text does not end with one.
    // (memchr counts and finds newlines many bytes at a time: a byte loop
    // cost more than the rest of the parse.)
    let count = memchr::memchr_iter(b'\n', bytes).count() + 1;
    let mut lines = Vec::with_capacity(count);
    let mut start = 0;
    for newline in memchr::memchr_iter(b'\n', bytes) {
        lines.push(line(bytes, start, newline + 1));
        start = newline + 1;
    }
    if start < bytes.len() {
        lines.push(line(bytes, start, bytes.len()));
    }
    lines
}

/// The line from `start` to `next` (the start of the next line).
fn line(bytes: &[u8], start: usize, next: usize) -> Line {
    // BuildKit trims every trailing \r and \n (`bytes.TrimRight(src, "\r\n")`).
    let mut end = next;
    while end > start && matches!(bytes[end - 1], b'\r' | b'\n') {
        end -= 1;
    }
    Line { start, end }
}

/// BuildKit reads lines with Go's `bufio.Scanner`, whose 64 KiB buffer must
/// hold a line's bytes before its `\n`; a longer line fails the whole build.
const MAX_LINE_BYTES: usize = 65_535;

/// An error for every line BuildKit cannot read.
fn long_lines(text: &str) -> impl Iterator<Item = SyntaxError> + '_ {
    // A text no longer than the limit has no line longer than it.
    let text = if text.len() > MAX_LINE_BYTES {
        text
    } else {
        ""
    };
    let mut start = 0;
    text.split_inclusive('\n').filter_map(move |line| {
        let span = Span::new(start, start + line.trim_end_matches('\n').len());
        start += line.len();
        (span.len() > MAX_LINE_BYTES).then(|| SyntaxError {
            message: format!(
                "line is longer than {MAX_LINE_BYTES} bytes, the most BuildKit can read"
            ),
            span,
            help: Some("split the line with escaped newlines".into()),
        })
    })
}

/// Moves `items` into a block of their exact size.
fn exact<T>(items: &mut Vec<T>) {
    *items = crate::exact::slice(std::mem::take(items)).into_vec();
}

const BOM: &str = "\u{feff}";

/// Parses a whole Dockerfile. Never fails: problems become `errors`.
pub fn parse(text: &str) -> Dockerfile<'_> {
    Parser::new(text).run()
}

struct Parser<'a> {
    text: &'a str,
    lines: Vec<Line>,
    file: Dockerfile<'a>,
    directives_done: bool,
}

impl<'a> Parser<'a> {
    fn new(text: &'a str) -> Self {
        let mut lines = physical_lines(text);
        if let Some(first) = lines.first_mut()
            && text.starts_with(BOM)
        {
            first.start = (first.start + BOM.len()).min(first.end.max(BOM.len()));
        }
        Parser {
            text,
            lines,
            file: Dockerfile {
                escape: '\\',
                ..Dockerfile::default()
            },
            directives_done: false,
        }
    }

    fn run(mut self) -> Dockerfile<'a> {
        let mut index = 0;
        while index < self.lines.len() {
            index = self.statement(index);
        }
        self.file
            .errors
            .extend(validate::check_order(&self.file.instructions));
        self.file.errors.extend(long_lines(self.text));
        // The file is complete: give back what the vectors grew past it
        // (copied: the allocator would keep a block shrunk in place).
        exact(&mut self.file.instructions);
        exact(&mut self.file.comments);
        exact(&mut self.file.errors);
        self.file
    }

    /// Handles the statement starting on line `index`; returns the next line.
    fn statement(&mut self, index: usize) -> usize {
        let line = self.lines[index];
        let text = self.text;
        let content = &text[line.start..line.end];
        let trimmed = content.trim_start();
        let trimmed_start = line.end - trimmed.len();

        if !self.directives_done && self.directive(trimmed, trimmed_start) {
            return index + 1;
        }
        self.directives_done = true;

        if trimmed.starts_with('#') {
            self.comment(trimmed, trimmed_start, index, false);
            return index + 1;
        }
        let (first, continues) = self.trim_continuation(trimmed);
        if first.is_empty() && !continues {
            return index + 1;
        }

        let mut logical = LineBuilder::new(self.text, trimmed_start);
        logical.push(trimmed_start, trimmed_start + first.len());
        let (last, next) = if continues {
            self.continuation(&mut logical, index)
        } else {
            (index, index + 1)
        };

        let end = self.lines[last].end;
        // A line joined from several pieces rebuilds its text when read:
        // it is read once here for everything the parser looks at.
        let (mut instruction, text) =
            self.instruction(logical, index, last, Span::new(trimmed_start, end));
        let next = self.heredocs(&mut instruction, &text, next);
        self.file
            .errors
            .extend(validate::check(&instruction, &text, self.file.escape));
        self.file.instructions.push(instruction);
        next
    }

    /// Joins the lines continuing the instruction that starts on line
    /// `first`. Comment, blank and whitespace-only lines in between are
    /// skipped, as BuildKit does. Returns the instruction's last line and the
    /// line after it.
    fn continuation(&mut self, logical: &mut LineBuilder<'a>, first: usize) -> (usize, usize) {
        let mut last = first;
        for next in first + 1..self.lines.len() {
            let line = self.lines[next];
            let text = self.text;
            let raw = &text[line.start..line.end];
            let trimmed = raw.trim_start();
            if trimmed.starts_with('#') {
                self.comment(trimmed, line.end - trimmed.len(), next, true);
                continue;
            }
            if trimmed.is_empty() {
                self.file
                    .empty_continuation_lines
                    .push(Span::new(line.start, line.end));
                continue;
            }
            let (piece, continues) = self.trim_continuation(raw);
            logical.push(line.start, line.start + piece.len());
            last = next;
            if !continues {
                return (last, next + 1);
            }
        }
        // An escape still pending at the end of the file: BuildKit ends the
        // instruction on the last line, skipped lines included.
        let last_line = self.lines.len() - 1;
        (last.max(last_line), self.lines.len())
    }

    /// `# name=value` at the very top; returns whether the line was one.
    fn directive(&mut self, trimmed: &str, start: usize) -> bool {
        let Some((name, value, value_start)) = directive_parts(trimmed) else {
            return false;
        };
        let lower = name.to_ascii_lowercase();
        if !matches!(lower.as_str(), "syntax" | "escape" | "check") {
            return false;
        }
        let span = Span::new(start, start + trimmed.trim_end().len());
        let value = Token {
            text: value.into(),
            span: Span::new(start + value_start, start + value_start + value.len()),
        };
        if self.file.directives.iter().any(|d| d.name == lower) {
            self.file.errors.push(SyntaxError {
                message: format!("only one `{lower}` parser directive can be used"),
                span,
                help: Some("remove the duplicate directive".into()),
            });
        } else if lower == "escape" {
            match value.text.as_str() {
                "\\" => self.file.escape = '\\',
                "`" => self.file.escape = '`',
                other => self.file.errors.push(SyntaxError {
                    message: format!("invalid escape character `{other}`"),
                    span: value.span,
                    help: Some("the escape character must be `\\` or a backtick".into()),
                }),
            }
        }
        self.file.directives.push(Directive {
            name: lower,
            value,
            span,
        });
        true
    }

    fn comment(&mut self, trimmed: &str, start: usize, line: usize, inside_instruction: bool) {
        self.file.comments.push(Comment {
            span: Span::new(start, start + trimmed.len()),
            // Line numbers fit 32 bits: a file is at most 64 MiB.
            line: line as u32,
            inside_instruction,
        });
    }

    /// Strips a trailing escape character (plus blanks after it). Returns the
    /// rest and whether the instruction continues on the next line.
    fn trim_continuation<'t>(&self, line: &'t str) -> (&'t str, bool) {
        // BuildKit's `([^\\]|^)\\[ \t]*$`: a doubled escape is a literal one.
        let body = line.trim_end_matches([' ', '\t']);
        match body.strip_suffix(self.file.escape) {
            Some(rest) if !rest.ends_with(self.file.escape) => (rest, true),
            _ => (line, false),
        }
    }

    fn instruction(
        &mut self,
        logical: LineBuilder<'a>,
        first: usize,
        last: usize,
        lines: Span,
    ) -> (Instruction<'a>, Cow<'a, str>) {
        let logical = logical.finish();
        // BuildKit trims the joined line, which can still start with blanks
        // when its first physical line was a lone escape character.
        let text = logical.text();
        let text_start = text.len() - text.trim_start().len();
        let text_end = text.trim_end().len().max(text_start);
        let mut instruction =
            build_instruction(&logical, &text, text_start, text_end, &mut self.file.errors);
        // The span starts with the first line (a lone escape included), so
        // every byte of the instruction's lines belongs to it.
        let span = Span::new(
            lines.start().min(logical.source_offset(text_start)),
            lines.end(),
        );
        // Line numbers fit 32 bits: a file is at most 64 MiB.
        let (start_line, end_line) = ((first + 1) as u32, (last + 1) as u32);
        if let Some(inner) = instruction.onbuild_mut() {
            inner.span = span;
            inner.start_line = start_line;
            inner.end_line = end_line;
            inner.line = logical.clone();
        }
        instruction.span = span;
        instruction.start_line = start_line;
        instruction.end_line = end_line;
        instruction.line = logical;
        (instruction, text)
    }

    /// Reads the heredoc bodies that follow the instruction; returns the
    /// next line to parse.
    fn heredocs(
        &mut self,
        instruction: &mut Instruction<'a>,
        text: &str,
        mut next: usize,
    ) -> usize {
        let effective = instruction.effective();
        if !effective.kind.accepts_heredocs()
            || matches!(effective.form, Form::Exec(_))
            || !text.contains("<<")
        {
            return next;
        }
        let mut heredocs = Vec::new();
        for marker in heredoc_markers(text) {
            let marker = match marker {
                Ok(marker) => marker,
                Err(bad) => {
                    self.file.errors.push(SyntaxError {
                        message: "invalid heredoc delimiter".into(),
                        span: instruction.line.source_span(bad.start, bad.end),
                        help: Some("quote the delimiter word, e.g. `<<'EOF'`".into()),
                    });
                    continue;
                }
            };
            let marker_span = instruction.line.source_span(marker.start, marker.end);
            let heredoc = self.heredoc(marker, marker_span, next);
            // The 0-based index of the line after the heredoc is also the
            // 1-based number of its last line.
            next = self.line_after(heredoc.terminator);
            instruction.span = Span::new(instruction.span.start(), heredoc.terminator.end());
            instruction.end_line = next as u32;
            heredocs.push(heredoc);
        }
        if heredocs.is_empty() {
            return next;
        }
        let heredocs = crate::exact::slice(heredocs);
        let (span, end_line) = (instruction.span, instruction.end_line);
        if let Some(inner) = instruction.onbuild_mut() {
            inner.set_heredocs(heredocs.clone());
            inner.span = span;
            inner.end_line = end_line;
        }
        instruction.set_heredocs(heredocs);
        next
    }

    /// The heredoc whose body starts on line `next`. Without a terminator,
    /// BuildKit reads the rest of the file into the body and fails; this
    /// does the same and records the error, so nothing after it is misread
    /// as instructions. The terminator is then empty, at the end of the text.
    fn heredoc(&mut self, marker: HeredocMarker, marker_span: Span, next: usize) -> Heredoc {
        let body_start = self.lines.get(next).map_or(self.text.len(), |l| l.start);
        let terminator = self.lines[next.min(self.lines.len())..]
            .iter()
            .find(|line| {
                let content = &self.text[line.start..line.end];
                let content = if marker.strip_tabs {
                    content.trim_start_matches('\t')
                } else {
                    content
                };
                content == marker.name
            })
            .map_or(Span::new(self.text.len(), self.text.len()), |line| {
                Span::new(line.start, line.end)
            });
        if terminator.is_empty() {
            self.file.errors.push(SyntaxError {
                message: format!("unterminated heredoc `{}`", marker.name),
                span: marker_span,
                help: Some(
                    format!(
                        "end the here-document with a line containing only `{}`",
                        marker.name
                    )
                    .into(),
                ),
            });
        }
        Heredoc {
            name: marker.name,
            strip_tabs: marker.strip_tabs,
            quoted: marker.quoted,
            marker: marker_span,
            body: Span::new(body_start, terminator.start()),
            terminator,
        }
    }

    /// Index of the line after the one `span` starts on.
    fn line_after(&self, span: Span) -> usize {
        self.lines
            .partition_point(|line| line.start <= span.start())
    }
}

/// BuildKit's directive pattern `#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$`
/// → (name, value, value offset). Current BuildKit lets any Unicode space
/// follow the `#`; the other blanks are the regexp's ASCII `\s`.
fn directive_parts(line: &str) -> Option<(&str, &str, usize)> {
    let after_hash = line.strip_prefix('#')?;
    let name_start = line.len() - after_hash.trim_start().len();
    let name_len = line[name_start..]
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(line.len() - name_start);
    let name = &line[name_start..name_start + name_len];
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let after_name = line[name_start + name_len..].trim_start_matches(is_regexp_space);
    let after_eq = after_name.strip_prefix('=')?;
    let value_start = line.len() - after_eq.len();
    let value = after_eq.trim_matches(is_regexp_space);
    if !value.is_empty() {
        let leading = after_eq.len() - after_eq.trim_start_matches(is_regexp_space).len();
        return Some((name, value, value_start + leading));
    }
    // `(.+?)` needs a character, so a value of blanks only is its last blank.
    let last = after_eq.chars().next_back()?;
    let at = after_eq.len() - last.len_utf8();
    Some((name, &after_eq[at..], value_start + at))
}

/// Go's regexp `\s`: `[\t\n\f\r ]`, without the vertical tab.
fn is_regexp_space(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\x0c' | '\r' | ' ')
}

/// BuildKit's `newNodeFromLine` over the logical range `start..end`. An
/// `ONBUILD` gets the instruction it wraps; an `ONBUILD` inside that is left
/// unparsed (a build rejects it anyway), so nesting cannot grow without bound.
/// `text` is the line's text.
fn build_instruction<'s>(
    line: &LogicalLine,
    text: &str,
    start: usize,
    end: usize,
    errors: &mut Vec<SyntaxError>,
) -> Instruction<'s> {
    let mut instruction = build_node(line, text, start, end, errors);
    if instruction.kind == Keyword::Onbuild && instruction.args_offset() < end {
        let inner = build_node(line, text, instruction.args_offset(), end, errors);
        instruction.set_onbuild(inner);
    }
    instruction
}

/// One instruction node: keyword, flags, arguments and their form.
fn build_node<'s>(
    line: &LogicalLine,
    text: &str,
    start: usize,
    end: usize,
    errors: &mut Vec<SyntaxError>,
) -> Instruction<'s> {
    let (keyword_end, rest_start) = split_command(&text[..end], start);
    let kind = Keyword::from_word(&text[start..keyword_end]);
    let (flags, args_start) = extract_flags(line, text, rest_start, end);
    // BuildKit trims the arguments with `strings.TrimSpace`, which also
    // drops Unicode blanks such as U+00A0 that the flag scan stops at.
    let args_start = args_start.max(rest_start).min(end);
    let args_start = end - text[args_start..end].trim_start().len();
    let args = Args::new(line.source_span(args_start, end), end - args_start);
    let args_text = &text[args_start..end];

    let mut form = Form::Shell;
    if kind.accepts_json() {
        let candidate = if kind == Keyword::Healthcheck {
            split_healthcheck(args_text).1
        } else {
            args_text
        };
        match parse_json_array(candidate) {
            Ok(values) => form = Form::Exec(Box::new(crate::exact::slice(values).into_vec())),
            Err(NotExec::NotStrings) => errors.push(SyntaxError {
                message: "a JSON array in exec form must contain only strings".into(),
                span: args.span,
                help: Some("quote every element, e.g. `[\"echo\", \"1\"]`".into()),
            }),
            Err(NotExec::Shell) => {}
        }
    }

    Instruction::new(
        line.source_span(start, end),
        kind,
        start,
        args,
        args_start,
        form,
        flags,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each line's start and its text without the line ending.
    fn lines(text: &str) -> Vec<(usize, &str)> {
        let lines = physical_lines(text);
        lines
            .iter()
            .map(|l| (l.start, &text[l.start..l.end]))
            .collect()
    }

    #[test]
    fn physical_lines_end_at_newlines_and_drop_trailing_returns() {
        assert_eq!(lines(""), []);
        assert_eq!(lines("\n"), [(0, "")]);
        assert_eq!(lines("a"), [(0, "a")]);
        assert_eq!(lines("a\nb\n"), [(0, "a"), (2, "b")]);
        assert_eq!(lines("a\r\n\r\nb"), [(0, "a"), (3, ""), (5, "b")]);
        // A lone `\r` ends no line; trailing ones are trimmed, with or
        // without the `\n`.
        assert_eq!(lines("a\rb\r\r\nc\r"), [(0, "a\rb"), (6, "c")]);
        assert_eq!(lines("\r"), [(0, "")]);
    }
}
