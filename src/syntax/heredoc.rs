//! Heredoc markers, found the way BuildKit finds them (`heredocsFromLine`):
//! the whole instruction line is split into words by BuildKit's shell lexer
//! (quotes and escapes kept, variables left unexpanded, the escape character
//! always `\`), and each word is matched against `^(\d*)<<(-?)([^<]*)$`.
//!
//! Two lexer quirks decide whether a marker exists, so they are reproduced:
//! a lexing error anywhere in the line (an unterminated quote, a malformed
//! `${…}`) means the line has no heredocs at all, and text inside `${…}` is
//! split at every blank, even a quoted or escaped one.

/// A `<<WORD` heredoc marker found in an instruction line.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct HeredocMarker {
    /// Delimiter word with quotes and escapes removed.
    pub name: String,
    pub strip_tabs: bool,
    pub quoted: bool,
    /// Logical range of the marker word.
    pub start: usize,
    pub end: usize,
}

/// A marker whose delimiter BuildKit cannot lex (it rejects the file).
#[derive(Debug, PartialEq, Eq)]
pub(super) struct BadMarker {
    pub start: usize,
    pub end: usize,
}

/// Heredoc markers in an instruction line, in order.
pub(super) fn heredoc_markers(text: &str) -> Vec<Result<HeredocMarker, BadMarker>> {
    let Some(words) = shell_words(text) else {
        return Vec::new();
    };
    words
        .into_iter()
        .filter_map(|(start, end)| marker(text, start, end))
        .collect()
}

/// Matches one word against `^(\d*)<<(-?)([^<]*)$`.
fn marker(text: &str, start: usize, end: usize) -> Option<Result<HeredocMarker, BadMarker>> {
    let word = &text[start..end];
    let after = word
        .trim_start_matches(|c: char| c.is_ascii_digit())
        .strip_prefix("<<")?;
    let (strip_tabs, delimiter) = match after.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, after),
    };
    if delimiter.is_empty() || delimiter.contains('<') {
        return None;
    }
    // BuildKit lexes the delimiter again on its own; an error there is fatal.
    let Some(parts) = shell_words(delimiter) else {
        return Some(Err(BadMarker { start, end }));
    };
    let names: Vec<String> = parts
        .iter()
        .map(|&(s, e)| unquote(&delimiter[s..e]))
        .filter(|name| !name.is_empty())
        .collect();
    let [name] = <[String; 1]>::try_from(names).ok()?;
    let quotes = |s: &str| s.matches(['\'', '"']).count();
    Some(Ok(HeredocMarker {
        quoted: quotes(&name) != quotes(delimiter),
        name,
        strip_tabs,
        start,
        end,
    }))
}

/// Word ranges of `text` as BuildKit's `ProcessWords` (raw quotes, raw
/// escapes, unset variables kept) splits it, or `None` on a lexing error.
fn shell_words(text: &str) -> Option<Vec<(usize, usize)>> {
    let mut lexer = Lexer {
        text,
        pos: 0,
        open: Vec::new(),
        words: Vec::new(),
        word_start: None,
        word_end: 0,
    };
    while let Some(c) = lexer.peek() {
        match lexer.open.last() {
            None => lexer.top_level(c)?,
            Some(Open::Double) => lexer.in_double_quotes(c)?,
            Some(&Open::Braced) => lexer.in_braces(c, '}')?,
            Some(&Open::Pattern) => lexer.in_braces(c, '/')?,
        }
    }
    if !lexer.open.is_empty() {
        return None;
    }
    lexer.end_word();
    Some(lexer.words)
}

/// A construct the lexer is inside of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Open {
    /// `"…"`.
    Double,
    /// The word of `${name<modifier>word}`, up to `}`.
    Braced,
    /// The pattern of `${name/pattern/replacement}`, up to `/`.
    Pattern,
}

struct Lexer<'a> {
    text: &'a str,
    pos: usize,
    /// Open constructs, outermost first; kept here rather than on the call
    /// stack so that deeply nested `${…}` cannot overflow it.
    open: Vec<Open>,
    words: Vec<(usize, usize)>,
    word_start: Option<usize>,
    word_end: usize,
}

impl Lexer<'_> {
    fn peek(&self) -> Option<char> {
        self.text[self.pos..].chars().next()
    }

    /// Consumes one character; returns the position before it.
    fn advance(&mut self) -> usize {
        let start = self.pos;
        self.pos += self.peek().map_or(0, char::len_utf8);
        start
    }

    fn end_word(&mut self) {
        if let Some(start) = self.word_start.take() {
            self.words.push((start, self.word_end));
        }
    }

    /// Adds `start..self.pos` to the words. `raw` text (quotes, escapes)
    /// never splits, except inside `${…}`, whose text BuildKit re-splits.
    fn add(&mut self, start: usize, raw: bool) {
        let in_braces = matches!(self.open.first(), Some(Open::Braced | Open::Pattern));
        if raw && !in_braces {
            self.word_start.get_or_insert(start);
            self.word_end = self.pos;
            return;
        }
        for (i, c) in self.text[start..self.pos].char_indices() {
            if c.is_whitespace() {
                self.end_word();
            } else {
                self.word_start.get_or_insert(start + i);
                self.word_end = start + i + c.len_utf8();
            }
        }
    }

    fn top_level(&mut self, c: char) -> Option<()> {
        match c {
            '$' => return self.dollar(),
            '\'' => return self.single_quotes(),
            '"' => self.open_double_quotes(),
            '\\' => {
                // The escape and the character after it, even a blank.
                let start = self.advance();
                self.advance();
                self.add(start, true);
            }
            _ => {
                let start = self.advance();
                self.add(start, false);
            }
        }
        Some(())
    }

    fn open_double_quotes(&mut self) {
        let start = self.advance();
        self.open.push(Open::Double);
        self.add(start, true);
    }

    fn in_double_quotes(&mut self, c: char) -> Option<()> {
        match c {
            '"' => {
                let start = self.advance();
                self.add(start, true);
                self.open.pop();
            }
            '$' => return self.dollar(),
            '\\' => {
                let start = self.advance();
                if matches!(self.peek(), Some('"' | '$' | '\\')) {
                    self.advance();
                }
                self.add(start, true);
            }
            _ => {
                let start = self.advance();
                self.add(start, true);
            }
        }
        Some(())
    }

    /// Inside `${…}` up to `stop`; a pattern is followed by its replacement.
    fn in_braces(&mut self, c: char, stop: char) -> Option<()> {
        match c {
            _ if c == stop => {
                let start = self.advance();
                if self.open.pop() == Some(Open::Pattern) {
                    self.open.push(Open::Braced);
                }
                self.add(start, true);
            }
            '$' => return self.dollar(),
            '\'' => return self.single_quotes(),
            '"' => self.open_double_quotes(),
            '\\' => {
                let start = self.advance();
                self.peek()?;
                self.advance();
                self.add(start, true);
            }
            _ => {
                let start = self.advance();
                self.add(start, true);
            }
        }
        Some(())
    }

    fn single_quotes(&mut self) -> Option<()> {
        let start = self.advance();
        let close = self.text[self.pos..].find('\'')?;
        self.pos += close + 1;
        self.add(start, true);
        Some(())
    }

    /// `$name`, `${name}` or the start of `${name<modifier>…}`
    /// (BuildKit's `processDollar`).
    fn dollar(&mut self) -> Option<()> {
        let start = self.advance();
        if self.peek() != Some('{') {
            self.name();
            self.add(start, true);
            return Some(());
        }
        self.advance();
        if matches!(self.peek()?, '{' | '}' | ':') {
            return None;
        }
        self.name();
        let modifier = self.peek()?;
        self.advance();
        match modifier {
            '}' => {}
            ':' => {
                // The character after `:` is taken as part of the modifier.
                self.peek()?;
                self.advance();
                self.open.push(Open::Braced);
            }
            '+' | '-' | '?' | '#' | '%' => self.open.push(Open::Braced),
            '/' => {
                if self.peek() == Some('/') {
                    self.advance();
                }
                self.open.push(Open::Pattern);
            }
            _ => return None,
        }
        self.add(start, true);
        Some(())
    }

    /// A variable name: a run of digits, one special parameter, or letters,
    /// digits and `_` (BuildKit's `processName`).
    fn name(&mut self) {
        match self.peek() {
            Some(c) if c.is_numeric() => {
                while self.peek().is_some_and(char::is_numeric) {
                    self.advance();
                }
            }
            Some('@' | '*' | '#' | '?' | '-' | '$' | '!') => {
                self.advance();
            }
            _ => {
                while self.peek().is_some_and(|c| c.is_alphanumeric() || c == '_') {
                    self.advance();
                }
            }
        }
    }
}

/// Removes shell quoting from a delimiter word the way BuildKit's lexer does
/// without raw quotes: `\` escapes any character outside quotes but only
/// `"`, `$` and `\` inside double quotes; single quotes are literal.
fn unquote(word: &str) -> String {
    let mut out = String::new();
    let mut quote = None;
    let mut chars = word.chars().peekable();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (None, '\'' | '"') => quote = Some(c),
            (Some(q), _) if c == q => quote = None,
            (Some('\''), _) => out.push(c),
            (None, '\\') => out.extend(chars.next()),
            (Some(_), '\\') => match chars.peek() {
                Some('"' | '$' | '\\') => out.extend(chars.next()),
                _ => out.push(c),
            },
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<String> {
        heredoc_markers(text)
            .into_iter()
            .map(|m| m.map_or_else(|_| "<bad>".to_string(), |m| m.name))
            .collect()
    }

    #[test]
    fn markers_match_buildkit_words() {
        assert_eq!(names("RUN <<EOF"), ["EOF"]);
        assert_eq!(names("RUN <<-'A' cat <<\"B\""), ["A", "B"]);
        assert_eq!(names("COPY <<EOF /x"), ["EOF"]);
        assert_eq!(names("RUN cat 3<<EOF0 4<<EOF1"), ["EOF0", "EOF1"]);
        assert_eq!(names("RUN <<E\"O\"F"), ["EOF"]);
        assert_eq!(names("RUN <<\"a\\b\""), ["a\\b"]);
        assert!(names("RUN echo \"<<EOF\"").is_empty());
        assert!(names("RUN cat<<EOF").is_empty());
        assert!(names("RUN echo a\\ <<EOF").is_empty());
        assert!(names("RUN <<''").is_empty());
        assert!(
            heredoc_markers("RUN <<-EOF")[0]
                .as_ref()
                .unwrap()
                .strip_tabs
        );
        assert!(heredoc_markers("RUN <<'EOF'")[0].as_ref().unwrap().quoted);
        assert!(!heredoc_markers("RUN <<EOF")[0].as_ref().unwrap().quoted);
    }

    #[test]
    fn lexing_errors_hide_every_marker() {
        for text in [
            "RUN cat <<EOF 'unterminated",
            "RUN echo \"a\\\" <<EOF",
            "RUN echo ${} <<EOF",
            "RUN echo \"${}\" <<EOF",
            "RUN echo ${x <<EOF",
            "RUN echo ${x y} <<EOF",
            "RUN echo ${#x} <<EOF",
            "RUN echo ${x!} <<EOF",
            "RUN echo ${1a} <<EOF",
        ] {
            assert!(names(text).is_empty(), "{text}");
        }
    }

    #[test]
    fn variables_do_not_hide_markers() {
        for text in [
            "RUN echo ${x:y} <<EOF",
            "RUN echo $ <<EOF",
            "RUN echo '${x' <<EOF",
            "RUN echo ${é} <<EOF",
            "RUN echo ${x/a/b} <<EOF",
        ] {
            assert_eq!(names(text), ["EOF"], "{text}");
        }
        assert_eq!(names("RUN echo $HOME <<$NAME"), ["$NAME"]);
    }

    #[test]
    fn braces_split_at_every_blank() {
        assert_eq!(names("RUN echo ${x:-a <<EOF}"), ["EOF}"]);
        assert_eq!(names("RUN echo ${x-a\\ <<EOF}"), ["EOF}"]);
        assert_eq!(names("RUN echo ${x:-'a <<EOF'}"), ["<bad>"]);
    }

    #[test]
    fn deep_nesting_does_not_recurse() {
        let text = format!("RUN {} <<EOF", "${a:-".repeat(100_000));
        assert!(names(&text).is_empty());
    }
}
