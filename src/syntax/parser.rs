//! The line loop: directives, comments, continuation joining and heredoc
//! bodies, following BuildKit's `parser.Parse`.

use super::words::{NotExec, extract_flags, heredoc_markers, parse_json_array, split_command};
use super::{
    Comment, Directive, Dockerfile, Form, Heredoc, Instruction, Keyword, LogicalLine, SyntaxError,
    Token, validate,
};
use crate::span::Span;

/// One physical line: `start..end` is its content without the line ending.
#[derive(Clone, Copy)]
struct Line {
    start: usize,
    end: usize,
}

fn physical_lines(text: &str) -> Vec<Line> {
    let bytes = text.as_bytes();
    let mut lines = Vec::new();
    let mut start = 0;
    while start < bytes.len() {
        let newline = bytes[start..].iter().position(|&b| b == b'\n');
        let next = newline.map_or(bytes.len(), |i| start + i + 1);
        // BuildKit trims every trailing \r and \n (`bytes.TrimRight(src, "\r\n")`).
        let mut end = next;
        while end > start && matches!(bytes[end - 1], b'\r' | b'\n') {
            end -= 1;
        }
        lines.push(Line { start, end });
        start = next;
    }
    lines
}

const BOM: &str = "\u{feff}";

/// Parses a whole Dockerfile. Never fails: problems become `errors`.
pub fn parse(text: &str) -> Dockerfile {
    Parser::new(text).run()
}

struct Parser<'a> {
    text: &'a str,
    lines: Vec<Line>,
    file: Dockerfile,
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

    fn run(mut self) -> Dockerfile {
        let mut index = 0;
        while index < self.lines.len() {
            index = self.statement(index);
        }
        self.file
            .errors
            .extend(validate::check_order(&self.file.instructions));
        self.file
    }

    /// Handles the statement starting on line `index`; returns the next line.
    fn statement(&mut self, index: usize) -> usize {
        let line = self.lines[index];
        let content = &self.text[line.start..line.end];
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
        let (first, mut continues) = self.trim_continuation(trimmed);
        if first.is_empty() && !continues {
            return index + 1;
        }

        let mut logical = LogicalLine::default();
        logical.push(first, trimmed_start);
        let mut last = index;
        let mut next = index + 1;
        while continues && next < self.lines.len() {
            let line = self.lines[next];
            let raw = &self.text[line.start..line.end];
            let raw_trimmed = raw.trim_start();
            if raw_trimmed.starts_with('#') {
                self.comment(raw_trimmed, line.end - raw_trimmed.len(), next, true);
            } else if !raw_trimmed.is_empty() {
                let (piece, more) = self.trim_continuation(raw);
                logical.push(piece, line.start);
                continues = more;
                last = next;
            }
            next += 1;
        }
        if continues {
            // A trailing escape at end of file: BuildKit ends the instruction there.
            last = last.max(next - 1);
        }

        let end = self.lines[last].end;
        let mut instruction = self.instruction(logical, index, last, end);
        let next = self.heredocs(&mut instruction, next);
        self.file
            .errors
            .extend(validate::check(&instruction, self.file.escape));
        self.file.instructions.push(instruction);
        next
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
            text: value.to_string(),
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
            text: trimmed[1..].trim().to_string(),
            span: Span::new(start, start + trimmed.len()),
            line,
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
        logical: LogicalLine,
        first: usize,
        last: usize,
        end: usize,
    ) -> Instruction {
        let text_end = logical.text().trim_end().len();
        let mut instruction = build_instruction(&logical, 0, text_end, &mut self.file.errors);
        instruction.span = Span::new(instruction.keyword.span.start, end);
        instruction.start_line = first + 1;
        instruction.end_line = last + 1;
        if let Some(inner) = instruction.onbuild.as_deref_mut() {
            inner.span = instruction.span;
            inner.start_line = first + 1;
            inner.end_line = last + 1;
        }
        if let Some(inner) = instruction.onbuild.as_deref_mut() {
            inner.line = logical.clone();
        }
        instruction.line = logical;
        instruction
    }

    /// Reads heredoc bodies following the instruction; returns the next line.
    fn heredocs(&mut self, instruction: &mut Instruction, mut next: usize) -> usize {
        let effective = instruction.effective();
        if !effective.kind.accepts_heredocs()
            || matches!(effective.form, Form::Exec(_))
            || !instruction.line.text().contains("<<")
        {
            return next;
        }
        for marker in heredoc_markers(instruction.line.text()) {
            let marker_span = instruction.line.source_span(marker.start, marker.end);
            let body_start = self.lines.get(next).map_or(self.text.len(), |l| l.start);
            let terminator = (next..self.lines.len()).find(|&i| {
                let line = self.lines[i];
                let content = &self.text[line.start..line.end];
                let content = if marker.strip_tabs {
                    content.trim_start_matches('\t')
                } else {
                    content
                };
                content == marker.name
            });
            let Some(term) = terminator else {
                self.file.errors.push(SyntaxError {
                    message: format!("unterminated heredoc `{}`", marker.name),
                    span: marker_span,
                    help: Some(format!(
                        "end the here-document with a line containing only `{}`",
                        marker.name
                    )),
                });
                continue;
            };
            let term_line = self.lines[term];
            instruction.heredocs.push(Heredoc {
                name: marker.name,
                strip_tabs: marker.strip_tabs,
                quoted: marker.quoted,
                marker: marker_span,
                body: Span::new(body_start, term_line.start),
                terminator: Span::new(term_line.start, term_line.end),
            });
            instruction.span.end = term_line.end;
            instruction.end_line = term + 1;
            next = term + 1;
        }
        if let Some(inner) = instruction.onbuild.as_deref_mut() {
            inner.heredocs = instruction.heredocs.clone();
            inner.span = instruction.span;
            inner.end_line = instruction.end_line;
        }
        next
    }
}

/// `#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$` → (name, value, value offset).
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
    let after_name = line[name_start + name_len..].trim_start();
    let after_eq = after_name.strip_prefix('=')?;
    let value = after_eq.trim();
    if value.is_empty() {
        return None;
    }
    let value_start = line.len() - after_eq.trim_start().len();
    Some((name, value, value_start))
}

/// BuildKit's `newNodeFromLine` over the logical range `start..end`.
fn build_instruction(
    line: &LogicalLine,
    start: usize,
    end: usize,
    errors: &mut Vec<SyntaxError>,
) -> Instruction {
    let text = line.text();
    let (keyword_end, rest_start) = split_command(&text[..end], start);
    let keyword = Token {
        text: text[start..keyword_end].to_string(),
        span: line.source_span(start, keyword_end),
    };
    let kind = Keyword::from_word(&keyword.text);
    let (flags, args_start) = extract_flags(line, rest_start, end);
    let args_start = args_start.max(rest_start).min(end);
    let args = Token {
        text: text[args_start..end].to_string(),
        span: line.source_span(args_start, end),
    };

    let mut form = Form::Shell;
    if kind.accepts_json() {
        let candidate = if kind == Keyword::Healthcheck {
            healthcheck_command(&args.text)
        } else {
            &args.text
        };
        match parse_json_array(candidate) {
            Ok(values) => form = Form::Exec(values),
            Err(NotExec::NotStrings) => errors.push(SyntaxError {
                message: "a JSON array in exec form must contain only strings".into(),
                span: args.span,
                help: Some("quote every element, e.g. `[\"echo\", \"1\"]`".into()),
            }),
            Err(NotExec::Shell) => {}
        }
    }

    let onbuild = (kind == Keyword::Onbuild && args_start < end)
        .then(|| Box::new(build_instruction(line, args_start, end, errors)));

    Instruction {
        span: line.source_span(start, end),
        keyword,
        kind,
        flags,
        args,
        args_offset: args_start,
        form,
        heredocs: Vec::new(),
        onbuild,
        line: LogicalLine::default(),
        start_line: 0,
        end_line: 0,
    }
}

/// The command part of `HEALTHCHECK CMD …` (after the type word).
fn healthcheck_command(args: &str) -> &str {
    let type_end = args.find(char::is_whitespace).unwrap_or(args.len());
    args[type_end..].trim_start()
}
