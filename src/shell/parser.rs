//! A recursive-descent parser for the POSIX shell language and the bash
//! extensions Dockerfiles use (`[[ ]]`, `(( ))`, `function`, `<<<`, `&>`,
//! `<(…)`, `$'…'`). It never panics: a script it cannot read is returned
//! with an error and an empty body.

use super::ast::*;
use crate::exact;
use crate::span::Span;

type Result<T> = std::result::Result<T, (String, usize)>;

/// How deep lists may nest (`$( $( … ) )`, `{ { … } }`) before the parser
/// gives up on the script.
const MAX_DEPTH: usize = 100;

/// Parses `text`; offsets in the tree are offsets into `text`.
pub fn parse(text: &str) -> Script {
    let mut parser = Parser {
        text,
        pos: 0,
        depth: 0,
        pending: Vec::new(),
        bodies: Vec::new(),
        scratch: Scratch::default(),
        words: Vec::new(),
    };
    let span = Span::new(0, text.len());
    match parser.script() {
        Ok(mut body) => {
            attach_bodies(&mut body, &parser.bodies);
            Script {
                body,
                error: None,
                span,
            }
        }
        Err(error) => Script {
            body: List::default(),
            error: Some(Box::new(error)),
            span,
        },
    }
}

struct Pending {
    delimiter: String,
    strip_tabs: bool,
    /// Where the marker was, to order bodies by their markers.
    at: usize,
}

struct Parser<'t> {
    text: &'t str,
    pos: usize,
    depth: usize,
    /// Heredocs whose bodies start after the next newline.
    pending: Vec<Pending>,
    /// Bodies read so far, by the offset of their marker.
    bodies: Vec<(usize, Span)>,
    /// The buffers the next word is built in.
    scratch: Scratch,
    /// The words of the simple commands being read, innermost last: each
    /// command takes its own off the end, so its vector is allocated once,
    /// at its exact size.
    words: Vec<Word>,
}

/// A metacharacter: it ends a word. Every one is ASCII, so the parser
/// scans bytes (a byte of a multi-byte character is never one).
fn is_meta(b: u8) -> bool {
    matches!(
        b,
        b' ' | b'\t' | b'\r' | b'\n' | b';' | b'&' | b'|' | b'(' | b')' | b'<' | b'>'
    )
}

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// The special parameters: `$@`, `$*`, `$#`, `$?`, `$$`, `$!`, `$-`.
fn is_special_parameter(c: char) -> bool {
    matches!(c, '@' | '*' | '#' | '?' | '$' | '!' | '-')
}

impl<'t> Parser<'t> {
    fn rest(&self) -> &'t str {
        &self.text[self.pos..]
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    /// The byte at the cursor: what the parser dispatches on, as every
    /// character with a meaning to the shell is ASCII.
    fn byte(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    fn byte_at(&self, n: usize) -> Option<u8> {
        self.text.as_bytes().get(self.pos + n).copied()
    }

    fn error<T>(&self, message: impl Into<String>) -> Result<T> {
        Err((message.into(), self.pos))
    }

    fn enter(&mut self) -> Result<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return self.error("nested too deeply");
        }
        Ok(())
    }

    fn script(&mut self) -> Result<List> {
        let list = self.list(&[])?;
        self.skip_separators()?;
        if self.pos < self.text.len() {
            return self.error(format!("unexpected `{}`", self.peek().unwrap_or(' ')));
        }
        Ok(list)
    }

    /// Skips blanks, line continuations and a comment (not the newline).
    fn skip_blanks(&mut self) {
        let bytes = self.text.as_bytes();
        loop {
            match bytes.get(self.pos) {
                Some(b' ' | b'\t' | b'\r') => self.pos += 1,
                Some(b'\\') if bytes[self.pos + 1..].starts_with(b"\n") => self.pos += 2,
                Some(b'\\') if bytes[self.pos + 1..].starts_with(b"\r\n") => self.pos += 3,
                Some(b'#') => {
                    let rest = &bytes[self.pos..];
                    self.pos += rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
                }
                _ => return,
            }
        }
    }

    /// Consumes a newline and reads the bodies of pending heredocs.
    fn newline(&mut self) -> Result<()> {
        self.pos += 1;
        for pending in std::mem::take(&mut self.pending) {
            let start = self.pos;
            let mut end = self.text.len();
            let mut next = self.text.len();
            let mut at = start;
            while at < self.text.len() {
                let line_end = self.text[at..]
                    .find('\n')
                    .map_or(self.text.len(), |i| at + i);
                let mut line = &self.text[at..line_end];
                line = line.strip_suffix('\r').unwrap_or(line);
                if pending.strip_tabs {
                    line = line.trim_start_matches('\t');
                }
                if line == pending.delimiter {
                    end = at;
                    next = (line_end + 1).min(self.text.len());
                    break;
                }
                at = line_end + 1;
            }
            self.bodies
                .push((pending.at, Span::new(start, end.max(start))));
            self.pos = next;
        }
        Ok(())
    }

    /// Skips blanks, comments and newlines.
    fn linebreak(&mut self) -> Result<()> {
        loop {
            self.skip_blanks();
            if self.peek() == Some('\n') {
                self.newline()?;
            } else {
                return Ok(());
            }
        }
    }

    /// Skips blanks, newlines and `;` (not `;;`).
    fn skip_separators(&mut self) -> Result<()> {
        loop {
            self.linebreak()?;
            if self.rest().starts_with(';') && !self.rest().starts_with(";;") {
                self.pos += 1;
            } else {
                return Ok(());
            }
        }
    }

    /// Whether reserved word `word` is next (followed by a metacharacter).
    fn at_word(&self, word: &str) -> bool {
        let rest = &self.text.as_bytes()[self.pos..];
        // The first byte rules out almost every word before a comparison.
        rest.first() == word.as_bytes().first()
            && rest.starts_with(word.as_bytes())
            && rest.get(word.len()).is_none_or(|&b| is_meta(b))
    }

    fn expect_word(&mut self, word: &str) -> Result<()> {
        self.skip_separators()?;
        if self.at_word(word) {
            self.pos += word.len();
            Ok(())
        } else {
            self.error(format!("expected `{word}`"))
        }
    }

    fn at_terminator(&self, terminators: &[&str]) -> bool {
        let rest = self.rest();
        rest.is_empty()
            || terminators.iter().any(|t| match *t {
                ")" => rest.starts_with(')'),
                ";;" => rest.starts_with(";;") || rest.starts_with(";&"),
                t => self.at_word(t),
            })
    }

    /// A list up to one of `terminators` (reserved words, `)` or `;;`).
    fn list(&mut self, terminators: &[&str]) -> Result<List> {
        self.enter()?;
        let mut items = Vec::new();
        loop {
            self.skip_separators()?;
            if self.at_terminator(terminators) {
                break;
            }
            let (first, more) = self.and_or()?;
            self.skip_blanks();
            let rest = self.rest();
            let background = rest.starts_with('&') && !rest.starts_with("&&");
            items.push(Item::new(first, more, background));
            let semicolon =
                rest.starts_with(';') && !rest.starts_with(";;") && !rest.starts_with(";&");
            if background || semicolon {
                self.pos += 1;
            } else if rest.starts_with('\n') {
                self.newline()?;
            } else if !self.at_terminator(terminators) {
                return self.error(format!("unexpected `{}`", self.peek().unwrap_or(' ')));
            }
        }
        self.depth -= 1;
        Ok(List {
            items: exact::slice(items),
        })
    }

    /// An and-or chain: its first pipeline and the others.
    fn and_or(&mut self) -> Result<(Link, Vec<Link>)> {
        let first = self.pipeline(None)?;
        let mut rest = Vec::new();
        loop {
            self.skip_blanks();
            let connector = if self.rest().starts_with("&&") {
                Connector::And
            } else if self.rest().starts_with("||") {
                Connector::Or
            } else {
                return Ok((first, rest));
            };
            self.pos += 2;
            self.linebreak()?;
            rest.push(self.pipeline(Some(connector))?);
        }
    }

    /// A pipeline, joined to the one before by `connector`.
    fn pipeline(&mut self, connector: Option<Connector>) -> Result<Link> {
        self.skip_blanks();
        let mut bang = false;
        while self.at_word("!") {
            self.pos += 1;
            bang = !bang;
            self.skip_blanks();
        }
        let first = self.command()?;
        let mut more = Vec::new();
        loop {
            self.skip_blanks();
            let rest = self.rest();
            if rest.starts_with("|&") {
                self.pos += 2;
            } else if rest.starts_with('|') && !rest.starts_with("||") {
                self.pos += 1;
            } else {
                let commands = if more.is_empty() {
                    Commands::One(first)
                } else {
                    Commands::Many(std::iter::once(first).chain(more).collect())
                };
                return Ok(Link {
                    connector,
                    bang,
                    commands,
                });
            }
            self.linebreak()?;
            more.push(self.command()?);
        }
    }

    /// The text from the cursor up to the next metacharacter: a reserved
    /// word when it is one of them (`at_word` for every reserved word at
    /// once).
    fn bare_word(&self) -> &'t str {
        let rest = self.rest();
        let len = rest.bytes().position(is_meta).unwrap_or(rest.len());
        &rest[..len]
    }

    fn command(&mut self) -> Result<Command> {
        self.enter()?;
        self.skip_blanks();
        let bare = self.bare_word();
        if let word @ ("}" | "then" | "else" | "elif" | "fi" | "do" | "done" | "esac" | "in") = bare
        {
            return self.error(format!("unexpected `{word}`"));
        }
        let compound = if self.rest().starts_with("((") {
            Some(self.arithmetic_command()?)
        } else if self.rest().starts_with('(') {
            self.pos += 1;
            let list = self.list(&[")"])?;
            self.skip_separators()?;
            if self.peek() != Some(')') {
                return self.error("expected `)`");
            }
            self.pos += 1;
            Some(Compound::Subshell(list))
        } else if bare == "{" {
            self.pos += 1;
            let list = self.list(&["}"])?;
            self.expect_word("}")?;
            Some(Compound::Brace(list))
        } else if bare == "if" {
            Some(self.if_clause()?)
        } else if bare == "while" || bare == "until" {
            let until = bare == "until";
            self.pos += 5;
            let condition = self.list(&["do"])?;
            let body = self.do_group()?;
            Some(Compound::While {
                until,
                condition,
                body,
            })
        } else if bare == "for" {
            Some(self.for_clause()?)
        } else if bare == "case" {
            Some(self.case_clause()?)
        } else if bare == "[[" {
            Some(self.test_command()?)
        } else if bare == "function" {
            self.pos += "function".len();
            self.skip_blanks();
            let name = self
                .word()?
                .ok_or(("expected a function name".to_string(), self.pos))?;
            self.skip_blanks();
            if self.rest().starts_with("()") {
                self.pos += 2;
            }
            self.linebreak()?;
            let body = self.command()?;
            self.depth -= 1;
            return Ok(Command::Function(Box::new(Function { name, body })));
        } else {
            None
        };
        let command = match compound {
            Some(compound) => {
                let mut redirects = Vec::new();
                loop {
                    self.skip_blanks();
                    match self.redirect()? {
                        Some(redirect) => redirects.push(redirect),
                        None => break,
                    }
                }
                Command::Compound(Box::new(compound), exact::slice(redirects))
            }
            None => self.simple_or_function()?,
        };
        self.depth -= 1;
        Ok(command)
    }

    fn do_group(&mut self) -> Result<List> {
        self.expect_word("do")?;
        let body = self.list(&["done"])?;
        self.expect_word("done")?;
        Ok(body)
    }

    fn if_clause(&mut self) -> Result<Compound> {
        self.pos += 2;
        let mut branches = Vec::new();
        let mut otherwise = None;
        loop {
            let condition = self.list(&["then"])?;
            self.expect_word("then")?;
            let body = self.list(&["elif", "else", "fi"])?;
            branches.push((condition, body));
            self.skip_separators()?;
            if self.at_word("elif") {
                self.pos += 4;
                continue;
            }
            if self.at_word("else") {
                self.pos += 4;
                otherwise = Some(self.list(&["fi"])?);
            }
            self.expect_word("fi")?;
            return Ok(Compound::If {
                branches: exact::slice(branches),
                otherwise,
            });
        }
    }

    fn for_clause(&mut self) -> Result<Compound> {
        self.pos += 3;
        self.skip_blanks();
        if self.rest().starts_with("((") {
            self.arithmetic_command()?;
            self.skip_separators()?;
            let body = self.do_group()?;
            let name = Word::new(self.pos);
            return Ok(Compound::For {
                name,
                words: None,
                body,
            });
        }
        let name = self
            .word()?
            .ok_or(("expected a loop variable".to_string(), self.pos))?;
        self.linebreak()?;
        let mut words = None;
        if self.at_word("in") {
            self.pos += 2;
            let mut list = Vec::new();
            loop {
                self.skip_blanks();
                match self.word()? {
                    Some(word) => list.push(word),
                    None => break,
                }
            }
            words = Some(exact::slice(list));
        }
        self.skip_separators()?;
        let body = self.do_group()?;
        Ok(Compound::For { name, words, body })
    }

    fn case_clause(&mut self) -> Result<Compound> {
        self.pos += 4;
        self.skip_blanks();
        let word = self
            .word()?
            .ok_or(("expected a word after `case`".to_string(), self.pos))?;
        self.linebreak()?;
        self.expect_word("in")?;
        let mut arms = Vec::new();
        loop {
            self.skip_separators()?;
            if self.at_word("esac") {
                self.pos += 4;
                let arms = exact::slice(arms);
                return Ok(Compound::Case { word, arms });
            }
            if self.peek() == Some('(') {
                self.pos += 1;
            }
            let mut patterns = Vec::new();
            loop {
                self.skip_blanks();
                match self.word()? {
                    Some(pattern) => patterns.push(pattern),
                    None => return self.error("expected a pattern"),
                }
                self.skip_blanks();
                match self.peek() {
                    Some('|') => self.pos += 1,
                    Some(')') => {
                        self.pos += 1;
                        break;
                    }
                    _ => return self.error("expected `)` after a pattern"),
                }
            }
            let body = self.list(&[";;", "esac"])?;
            arms.push((exact::slice(patterns), body));
            self.skip_blanks();
            for op in [";;&", ";;", ";&"] {
                if self.rest().starts_with(op) {
                    self.pos += op.len();
                    break;
                }
            }
        }
    }

    /// `(( … ))`: up to the matching `))`.
    fn arithmetic_command(&mut self) -> Result<Compound> {
        let start = self.pos;
        self.pos += 2;
        let mut depth = 0usize;
        while let Some(c) = self.peek() {
            match c {
                '(' => depth += 1,
                ')' if depth == 0 && self.rest().starts_with("))") => {
                    self.pos += 2;
                    return Ok(Compound::Arithmetic(Span::new(start, self.pos)));
                }
                ')' => depth = depth.saturating_sub(1),
                _ => {}
            }
            self.pos += c.len_utf8();
        }
        self.error("unterminated `((`")
    }

    /// `[[ … ]]`: operators are words here.
    fn test_command(&mut self) -> Result<Compound> {
        self.pos += 2;
        let mut words = Vec::new();
        loop {
            self.linebreak()?;
            if self.at_word("]]") {
                self.pos += 2;
                return Ok(Compound::Test(exact::slice(words)));
            }
            let rest = self.rest();
            let op = ["&&", "||", "<", ">", "(", ")", "!"]
                .into_iter()
                .find(|op| rest.starts_with(op));
            if let Some(op) = op {
                let mut word = Builder::new();
                word.push_str_at(op, self.pos, Quote::None);
                words.push(word.finish(Span::new(self.pos, self.pos + op.len())));
                self.pos += op.len();
                continue;
            }
            match self.word()? {
                Some(word) => words.push(word),
                None => return self.error("unterminated `[[`"),
            }
        }
    }

    fn simple_or_function(&mut self) -> Result<Command> {
        let start = self.pos;
        let mut assignments = 0;
        let mut redirects = Vec::new();
        // This command's words are `self.words[base..]`; a command read
        // inside one of them (`$(…)`) takes its own off the end first.
        let base = self.words.len();
        loop {
            self.skip_blanks();
            if let Some(redirect) = self.redirect()? {
                redirects.push(redirect);
                continue;
            }
            let Some(word) = self.word()? else { break };
            let count = self.words.len() - base;
            // (An assignment past the four billionth would be read as the
            // program: no script that long can be read.)
            if count == assignments as usize
                && is_assignment(&word)
                && let Ok(more) = u32::try_from(count + 1)
            {
                assignments = more;
                self.words.push(word);
                continue;
            }
            self.words.push(word);
            // `name() { …; }`
            if count == 0 && assignments == 0 {
                let save = self.pos;
                self.skip_blanks();
                if self.rest().starts_with('(') {
                    self.pos += 1;
                    self.skip_blanks();
                    if self.rest().starts_with(')') {
                        self.pos += 1;
                        self.linebreak()?;
                        let name = self.words.pop().expect("one word");
                        let body = self.command()?;
                        return Ok(Command::Function(Box::new(Function { name, body })));
                    }
                }
                self.pos = save;
            }
        }
        let words: Vec<Word> = self.words.drain(base..).collect();
        if words.is_empty() && redirects.is_empty() {
            return self.error(match self.peek() {
                Some(c) => format!("unexpected `{c}`"),
                None => "expected a command".to_string(),
            });
        }
        let span = Span::new(start, self.pos);
        Ok(Command::Simple(SimpleCommand::new(
            words,
            assignments,
            exact::slice(redirects),
            span,
        )))
    }

    /// A redirect at the cursor, if there is one.
    fn redirect(&mut self) -> Result<Option<Redirect>> {
        // Every redirect starts with an fd number or an operator.
        if !matches!(
            self.text.as_bytes().get(self.pos),
            Some(b'0'..=b'9' | b'<' | b'>' | b'&')
        ) {
            return Ok(None);
        }
        let start = self.pos;
        let rest = self.rest();
        let digits = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        let after = &rest[digits..];
        let fd = if digits > 0 && after.starts_with(['<', '>']) {
            rest[..digits].parse().ok()
        } else {
            None
        };
        let ops: [(&str, RedirectOp); 13] = [
            ("<<<", RedirectOp::HereString),
            ("<<-", RedirectOp::Heredoc { strip_tabs: true }),
            ("<<", RedirectOp::Heredoc { strip_tabs: false }),
            ("<>", RedirectOp::ReadWrite),
            ("<&", RedirectOp::DupIn),
            ("<", RedirectOp::In),
            (">>", RedirectOp::Append),
            (">&", RedirectOp::DupOut),
            (">|", RedirectOp::Out),
            (">", RedirectOp::Out),
            ("&>>", RedirectOp::All),
            ("&>", RedirectOp::All),
            ("", RedirectOp::In),
        ];
        let candidate = if fd.is_some() { after } else { rest };
        // `<(…)` and `>(…)` are words.
        if candidate.starts_with("<(") || candidate.starts_with(">(") {
            return Ok(None);
        }
        let Some(&(op_text, op)) = ops
            .iter()
            .find(|(text, _)| !text.is_empty() && candidate.starts_with(text))
        else {
            return Ok(None);
        };
        if op == RedirectOp::All && fd.is_some() {
            return Ok(None);
        }
        self.pos += if fd.is_some() { digits } else { 0 } + op_text.len();
        self.skip_blanks();
        let Some(target) = self.word()? else {
            return self.error(format!("expected a word after `{op_text}`"));
        };
        let heredoc = match op {
            RedirectOp::Heredoc { strip_tabs } => {
                self.pending.push(Pending {
                    delimiter: target.text.to_string(),
                    strip_tabs,
                    at: start,
                });
                Some(Box::new(HeredocBody {
                    span: None,
                    quoted: target.is_quoted(),
                    script: None,
                }))
            }
            _ => None,
        };
        let span = Span::new(start, self.pos);
        Ok(Some(Redirect::new(fd, op, target, heredoc, span)))
    }

    /// A word at the cursor, or `None` at a metacharacter or the end.
    fn word(&mut self) -> Result<Option<Word>> {
        let start = self.pos;
        let mut word = Builder::reusing(std::mem::take(&mut self.scratch));
        while let Some(c) = self.byte() {
            let at = self.pos;
            match c {
                b'<' | b'>' if self.byte_at(1) == Some(b'(') => {
                    if at != start && !word.text().is_empty() {
                        break;
                    }
                    self.pos += 2;
                    let list = self.list(&[")"])?;
                    self.skip_separators()?;
                    if self.peek() != Some(')') {
                        return self.error("unterminated process substitution");
                    }
                    self.pos += 1;
                    let raw = &self.text[at..self.pos];
                    word.push_substitution(raw, at, PartKind::Process, list, Quote::None);
                }
                c if is_meta(c) => break,
                b'\\' => {
                    self.pos += 1;
                    match self.peek() {
                        Some('\n') => self.pos += 1,
                        Some(next) => {
                            word.push(next, self.pos, Quote::Single);
                            self.pos += next.len_utf8();
                        }
                        None => {}
                    }
                }
                b'\'' => {
                    self.pos += 1;
                    let Some(len) = self.rest().bytes().position(|b| b == b'\'') else {
                        return self.error("unterminated `'`");
                    };
                    let inner = &self.text[self.pos..self.pos + len];
                    if inner.is_empty() {
                        word.push_str_at("", self.pos, Quote::Single);
                    } else {
                        word.push_str_at(inner, self.pos, Quote::Single);
                    }
                    self.pos += len + 1;
                }
                b'"' => {
                    self.pos += 1;
                    self.double_quoted(&mut word)?;
                }
                b'$' => self.dollar(&mut word, Quote::None)?,
                b'`' => self.backquote(&mut word, Quote::None)?,
                _ => {
                    // The run of ordinary characters from here, in one go
                    // (up to an `=`, which may open an array below).
                    // Every stop is ASCII, so a byte scan finds it.
                    // (A multi-byte character is never a stop, so the run
                    // is at least one whole character.)
                    let len = self
                        .rest()
                        .bytes()
                        .position(|b| {
                            is_meta(b) || matches!(b, b'\\' | b'\'' | b'"' | b'$' | b'`' | b'=')
                        })
                        .unwrap_or(self.rest().len())
                        .max(1);
                    word.push_str_at(&self.text[at..at + len], at, Quote::None);
                    self.pos += len;
                    // `a=(x y)`: a bash array assignment.
                    if c == b'='
                        && self.byte() == Some(b'(')
                        && word.parts().len() == 1
                        && starts_as_assignment(word.text(), word.parts().first())
                    {
                        let open = self.pos;
                        let close = self.matching_paren(open)?;
                        word.push_str_at(&self.text[open..close], open, Quote::None);
                        self.pos = close;
                    }
                }
            }
        }
        if self.pos == start {
            self.scratch = Builder::into_scratch(word);
            return Ok(None);
        }
        let (word, scratch) = word.finish_reusing(Span::new(start, self.pos));
        self.scratch = scratch;
        Ok(Some(word))
    }

    /// The offset after the `)` matching the `(` at `open`.
    fn matching_paren(&self, open: usize) -> Result<usize> {
        let mut depth = 0usize;
        let mut quote = None;
        for (i, c) in self.text[open..].char_indices() {
            match (quote, c) {
                (Some(q), _) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '\'' | '"') => quote = Some(c),
                (None, '(') => depth += 1,
                (None, ')') => {
                    depth -= 1;
                    if depth == 0 {
                        return Ok(open + i + 1);
                    }
                }
                _ => {}
            }
        }
        Err(("unterminated `(`".into(), open))
    }

    fn double_quoted(&mut self, word: &mut Builder) -> Result<()> {
        // An empty `""` still makes a (quoted, empty) word.
        word.push_str_at("", self.pos, Quote::Double);
        loop {
            let Some(c) = self.peek() else {
                return self.error("unterminated `\"`");
            };
            let at = self.pos;
            match c {
                '"' => {
                    self.pos += 1;
                    return Ok(());
                }
                '\\' => {
                    self.pos += 1;
                    match self.peek() {
                        Some('\n') => self.pos += 1,
                        Some(next @ ('"' | '\\' | '$' | '`')) => {
                            word.push(next, self.pos, Quote::Double);
                            self.pos += 1;
                        }
                        _ => word.push('\\', at, Quote::Double),
                    }
                }
                '$' => self.dollar(word, Quote::Double)?,
                '`' => self.backquote(word, Quote::Double)?,
                _ => {
                    let len = self
                        .rest()
                        .bytes()
                        .position(|b| matches!(b, b'"' | b'\\' | b'$' | b'`'))
                        .unwrap_or(self.rest().len())
                        .max(c.len_utf8());
                    word.push_str_at(&self.text[at..at + len], at, Quote::Double);
                    self.pos += len;
                }
            }
        }
    }

    /// An expansion starting with `$` (or a lone `$`).
    fn dollar(&mut self, word: &mut Builder, quote: Quote) -> Result<()> {
        let at = self.pos;
        let rest = self.rest();
        if rest.starts_with("$((") {
            self.pos += 1;
            let end = self.matching_paren(self.pos)?;
            // `$((…))` closes with two parens; `$( (…) )` is a subshell.
            if self.text[..end].ends_with("))") {
                self.pos = end;
                word.push_expansion(&self.text[at..end], at, PartKind::Arithmetic, quote);
                return Ok(());
            }
            self.pos = at;
        }
        if rest.starts_with("$(") {
            self.pos += 2;
            let list = self.list(&[")"])?;
            self.skip_separators()?;
            if self.peek() != Some(')') {
                return self.error("unterminated `$(`");
            }
            self.pos += 1;
            let raw = &self.text[at..self.pos];
            word.push_substitution(raw, at, PartKind::Command, list, quote);
            return Ok(());
        }
        if rest.starts_with("${") {
            let mut depth = 0usize;
            let mut end = None;
            let mut chars = rest.char_indices().skip(1).peekable();
            while let Some((i, c)) = chars.next() {
                match c {
                    '\\' => {
                        chars.next();
                    }
                    '{' => depth += 1,
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            end = Some(i + 1);
                            break;
                        }
                    }
                    _ => {}
                }
            }
            let Some(len) = end else {
                return self.error("unterminated `${`");
            };
            self.pos += len;
            word.push_expansion(&rest[..len], at, PartKind::Parameter, quote);
            return Ok(());
        }
        if quote == Quote::None && rest.starts_with("$'") {
            // ANSI-C quoting: the escapes are kept as written.
            self.pos += 2;
            let mut end = None;
            let mut chars = self.rest().char_indices();
            while let Some((i, c)) = chars.next() {
                match c {
                    '\\' => {
                        chars.next();
                    }
                    '\'' => {
                        end = Some(i);
                        break;
                    }
                    _ => {}
                }
            }
            let Some(len) = end else {
                return self.error("unterminated `$'`");
            };
            let inner = &self.text[self.pos..self.pos + len];
            word.push_str_at(inner, self.pos, Quote::Single);
            self.pos += len + 1;
            return Ok(());
        }
        if quote == Quote::None && rest.starts_with("$\"") {
            self.pos += 2;
            return self.double_quoted(word);
        }
        let after = &rest[1..];
        let name_len = match after.chars().next() {
            Some(c) if c.is_ascii_digit() || is_special_parameter(c) => 1,
            _ => name_len(after),
        };
        if name_len == 0 {
            word.push('$', at, quote);
            self.pos += 1;
            return Ok(());
        }
        self.pos += 1 + name_len;
        word.push_expansion(&rest[..1 + name_len], at, PartKind::Parameter, quote);
        Ok(())
    }

    /// `` `…` ``: the inner text is parsed on its own.
    fn backquote(&mut self, word: &mut Builder, quote: Quote) -> Result<()> {
        let at = self.pos;
        let rest = &self.text[at + 1..];
        let mut end = None;
        let mut chars = rest.char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '\\' => {
                    chars.next();
                }
                '`' => {
                    end = Some(i);
                    break;
                }
                _ => {}
            }
        }
        let Some(len) = end else {
            return self.error("unterminated backquote");
        };
        let mut inner = Parser {
            text: &self.text[..at + 1 + len],
            pos: at + 1,
            depth: self.depth,
            pending: Vec::new(),
            bodies: Vec::new(),
            scratch: Scratch::default(),
            words: Vec::new(),
        };
        let list = inner.script().unwrap_or_default();
        self.pos = at + len + 2;
        word.push_substitution(&self.text[at..self.pos], at, PartKind::Command, list, quote);
        Ok(())
    }
}

/// `NAME=…` written without quotes before the `=`.
pub fn is_assignment(word: &Word) -> bool {
    starts_as_assignment(&word.text, word.parts().first())
}

/// Whether a word with this text and first part is an assignment.
fn starts_as_assignment(text: &str, first: Option<&Part>) -> bool {
    let Some(first) = first else {
        return false;
    };
    if first.kind != PartKind::Literal || first.quote != Quote::None {
        return false;
    }
    // `NAME=`, `NAME+=` or `NAME[…]…=`, scanned once: the name is the run
    // of name characters the literal starts with.
    let literal = &text[first.start()..first.end()];
    let name = name_len(literal);
    let after = &literal.as_bytes()[name..];
    name > 0
        && !literal.starts_with(|c: char| c.is_ascii_digit())
        && (after.starts_with(b"=")
            || after.starts_with(b"+=")
            || (after.starts_with(b"[") && after.contains(&b'=')))
}

/// The name of the parameter a `$NAME` or `${…}` expansion written as `raw`
/// expands, as [`Parser::dollar`] reads it: after `${`, and a `#` or `!`
/// (`${#NAME}`, `${!prefix*}`), a digit or special parameter is one
/// character, and a name is the run of name characters.
pub(super) fn parameter_name(raw: &str) -> &str {
    let Some(braced) = raw.strip_prefix("${") else {
        // `$NAME`, `$1`, `$@`: the expansion is `$` and the name.
        return raw.get(1..).unwrap_or_default();
    };
    let inner = braced.strip_suffix('}').unwrap_or(braced);
    // Before a name `#` (its length) and `!` (indirection) are operators;
    // alone, `${#}` and `${!}` are those special parameters themselves.
    let inner = match inner.strip_prefix(['#', '!']) {
        Some(rest) if !rest.is_empty() => rest,
        _ => inner,
    };
    let len = match inner.chars().next() {
        // In braces a positional parameter may have several digits: `${10}`.
        Some(c) if c.is_ascii_digit() => inner.bytes().take_while(u8::is_ascii_digit).count(),
        Some(c) if is_special_parameter(c) => c.len_utf8(),
        _ => name_len(inner),
    };
    &inner[..len]
}

/// The length of the run of name characters (`[A-Za-z0-9_]`) `text` starts
/// with.
fn name_len(text: &str) -> usize {
    text.bytes()
        .position(|b| !is_name_byte(b))
        .unwrap_or(text.len())
}

/// Gives each heredoc redirect the body read for its marker.
fn attach_bodies(list: &mut List, bodies: &[(usize, Span)]) {
    if bodies.is_empty() {
        return;
    }
    super::walk::redirects_mut(list, &mut |redirect| {
        if let Some(body) = &mut redirect.heredoc
            && let Ok(i) = bodies.binary_search_by_key(&redirect.span.start(), |&(at, _)| at)
        {
            body.span = Some(bodies[i].1);
        }
    });
}
