//! Word-level rules of BuildKit's parser: splitting the keyword off, leading
//! `--flags`, whitespace and quote-aware word splitting, the JSON (exec form)
//! decision and heredoc markers.

use super::{Flag, LogicalLine, Token};

/// BuildKit's `reWhitespace`: `[\t\v\f\r ]`.
pub fn is_separator(c: char) -> bool {
    matches!(c, '\t' | '\u{0b}' | '\u{0c}' | '\r' | ' ')
}

fn token(line: &LogicalLine, start: usize, end: usize) -> Token {
    Token {
        text: line.text()[start..end].to_string(),
        span: line.source_span(start, end),
    }
}

/// Splits `keyword rest` at logical offset `start`. Returns the keyword's end
/// and the start of the rest (after the separator run).
pub(super) fn split_command(text: &str, start: usize) -> (usize, usize) {
    let after = &text[start..];
    let keyword_len = after.find(is_separator).unwrap_or(after.len());
    let rest = start + keyword_len;
    let skipped = text[rest..].len() - text[rest..].trim_start_matches(is_separator).len();
    (rest, rest + skipped)
}

/// BuildKit's `extractBuilderFlags`: leading `--name[=value]` words, with
/// quotes removed and `\` escaping the next byte. Returns the flags and the
/// logical offset where the arguments begin.
pub(super) fn extract_flags(line: &LogicalLine, start: usize, end: usize) -> (Vec<Flag>, usize) {
    let bytes = &line.text().as_bytes()[..end];
    let mut flags = Vec::new();
    let mut pos = start;
    loop {
        while pos < end && bytes[pos].is_ascii_whitespace() {
            pos += 1;
        }
        if pos + 1 >= end || bytes[pos] != b'-' || bytes[pos + 1] != b'-' {
            return (flags, pos.min(end));
        }
        let word_start = pos;
        let mut word: Vec<u8> = Vec::new();
        let mut quote: Option<u8> = None;
        while pos < end {
            let b = bytes[pos];
            match quote {
                None if b.is_ascii_whitespace() => break,
                None if b == b'\'' || b == b'"' => quote = Some(b),
                Some(q) if b == q => quote = None,
                _ if b == b'\\' => {
                    if pos + 1 < end {
                        pos += 1;
                        word.push(bytes[pos]);
                    }
                }
                _ => word.push(b),
            }
            pos += 1;
        }
        if word == b"--" {
            while pos < end && bytes[pos].is_ascii_whitespace() {
                pos += 1;
            }
            return (flags, pos);
        }
        let text = String::from_utf8_lossy(&word).into_owned();
        let body = text.trim_start_matches("--");
        let (name, value) = match body.split_once('=') {
            Some((name, value)) => (name.to_string(), Some(value.to_string())),
            None => (body.to_string(), None),
        };
        flags.push(Flag {
            name,
            value,
            text,
            span: line.source_span(word_start, pos),
        });
    }
}

/// Words separated by `[\t\v\f\r ]+` in the logical range.
pub fn split_whitespace(line: &LogicalLine, start: usize, len: usize) -> Vec<Token> {
    let text = &line.text()[start..start + len];
    let mut words = Vec::new();
    let mut word_start = None;
    for (i, c) in text.char_indices() {
        match (is_separator(c), word_start) {
            (true, Some(s)) => {
                words.push(token(line, start + s, start + i));
                word_start = None;
            }
            (false, None) => word_start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = word_start {
        words.push(token(line, start + s, start + text.len()));
    }
    words
}

/// A word as `ARG`, `ENV` and `LABEL` split them (BuildKit's `parseWords`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShellWord {
    /// The word with its quotes and escapes kept.
    pub raw: Token,
    /// Logical offset of the word's first byte.
    pub offset: usize,
}

/// BuildKit's `parseWords`: whitespace separates words unless quoted or
/// escaped; quotes and escape characters stay in the word.
pub fn shell_words(line: &LogicalLine, start: usize, len: usize, escape: char) -> Vec<ShellWord> {
    let text = &line.text()[start..start + len];
    let mut words = Vec::new();
    let mut word_start: Option<usize> = None;
    let mut quote: Option<char> = None;
    let mut chars = text.char_indices().peekable();
    let push = |s: usize, e: usize, words: &mut Vec<ShellWord>| {
        words.push(ShellWord {
            raw: token(line, start + s, start + e),
            offset: start + s,
        })
    };
    while let Some((i, c)) = chars.next() {
        if word_start.is_none() {
            if c.is_whitespace() {
                continue;
            }
            word_start = Some(i);
        }
        match quote {
            None if c.is_whitespace() => {
                push(word_start.take().unwrap_or(i), i, &mut words);
            }
            None if c == '\'' || c == '"' => quote = Some(c),
            Some(q) if c == q => quote = None,
            Some('\'') => {}
            _ if c == escape => {
                chars.next();
            }
            _ => {}
        }
    }
    if let Some(s) = word_start {
        push(s, text.len(), &mut words);
    }
    words
}

/// Why an argument is not an exec-form JSON array.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum NotExec {
    /// Not a JSON array: shell form.
    Shell,
    /// A JSON array with a non-string element: BuildKit rejects it.
    NotStrings,
}

/// BuildKit's `parseJSON`: the first JSON value must be an array of strings;
/// anything after it is ignored, as Go's `json.Decoder` does.
pub(super) fn parse_json_array(rest: &str) -> Result<Vec<String>, NotExec> {
    let rest = rest.trim_start();
    if !rest.starts_with('[') {
        return Err(NotExec::Shell);
    }
    let mut stream = serde_json::Deserializer::from_str(rest).into_iter::<Vec<serde_json::Value>>();
    match stream.next() {
        Some(Ok(values)) => values
            .into_iter()
            .map(|value| match value {
                serde_json::Value::String(s) => Ok(s),
                _ => Err(NotExec::NotStrings),
            })
            .collect(),
        _ => Err(NotExec::Shell),
    }
}

/// A `<<WORD` heredoc marker found in an instruction line.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct HeredocMarker {
    pub name: String,
    pub strip_tabs: bool,
    pub quoted: bool,
    /// Logical range of the marker word.
    pub start: usize,
    pub end: usize,
}

/// Heredoc markers in `text`, found the way BuildKit does: split the line
/// into shell words (quotes kept) and match `^(\d*)<<(-?)([^<]*)$`.
pub(super) fn heredoc_markers(text: &str) -> Vec<HeredocMarker> {
    raw_shell_words(text)
        .into_iter()
        .filter_map(|(start, end)| {
            let word = &text[start..end];
            let after_fd = word.trim_start_matches(|c: char| c.is_ascii_digit());
            let after = after_fd.strip_prefix("<<")?;
            let (strip_tabs, rest) = match after.strip_prefix('-') {
                Some(rest) => (true, rest),
                None => (false, after),
            };
            if rest.is_empty() || rest.contains('<') {
                return None;
            }
            let name = unquote(rest);
            if name.is_empty() || raw_shell_words(rest).len() != 1 {
                return None;
            }
            Some(HeredocMarker {
                quoted: rest.contains(['\'', '"']),
                name,
                strip_tabs,
                start,
                end,
            })
        })
        .collect()
}

/// Word ranges as a POSIX-ish lexer sees them (quotes and `\` group, both kept).
fn raw_shell_words(text: &str) -> Vec<(usize, usize)> {
    let mut words = Vec::new();
    let mut start = None;
    let mut quote = None;
    let mut chars = text.char_indices();
    while let Some((i, c)) = chars.next() {
        if quote.is_none() && c.is_whitespace() {
            if let Some(s) = start.take() {
                words.push((s, i));
            }
            continue;
        }
        start.get_or_insert(i);
        match (quote, c) {
            (None, '\'' | '"') => quote = Some(c),
            (Some(q), _) if c == q => quote = None,
            (Some('\''), _) => {}
            (_, '\\') => {
                chars.next();
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        words.push((s, text.len()));
    }
    words
}

/// Removes shell quoting from a heredoc delimiter word.
fn unquote(word: &str) -> String {
    let mut out = String::new();
    let mut quote = None;
    let mut chars = word.chars();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (None, '\'' | '"') => quote = Some(c),
            (Some(q), _) if c == q => quote = None,
            (Some('\''), _) => out.push(c),
            (_, '\\') => out.extend(chars.next()),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_decision_follows_buildkit() {
        assert_eq!(
            parse_json_array(r#"["a","b"]"#),
            Ok(vec!["a".into(), "b".into()])
        );
        assert_eq!(parse_json_array(r#"["x"] extra"#), Ok(vec!["x".into()]));
        assert_eq!(parse_json_array("[]"), Ok(vec![]));
        assert_eq!(parse_json_array("['x']"), Err(NotExec::Shell));
        assert_eq!(parse_json_array(r#"["a",]"#), Err(NotExec::Shell));
        assert_eq!(parse_json_array(r#"["C:\app"]"#), Err(NotExec::Shell));
        assert_eq!(parse_json_array("[1]"), Err(NotExec::NotStrings));
    }

    #[test]
    fn heredoc_markers_match_buildkit_words() {
        let names =
            |t: &str| -> Vec<String> { heredoc_markers(t).into_iter().map(|m| m.name).collect() };
        assert_eq!(names("RUN <<EOF"), ["EOF"]);
        assert_eq!(names("RUN <<-'A' cat <<\"B\""), ["A", "B"]);
        assert_eq!(names("RUN echo \"<<EOF\""), Vec::<String>::new());
        assert_eq!(names("RUN cat<<EOF"), Vec::<String>::new());
        assert_eq!(names("COPY <<EOF /x"), ["EOF"]);
        assert!(heredoc_markers("RUN <<-EOF").first().unwrap().strip_tabs);
    }
}
