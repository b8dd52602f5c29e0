//! Word-level rules of BuildKit's parser: splitting the keyword off, leading
//! `--flags`, and whitespace or quote-aware word splitting.

use super::{Flag, LogicalLine, Token};

/// BuildKit's `reWhitespace`: `[\t\v\f\r ]`.
pub fn is_separator(c: char) -> bool {
    matches!(c, '\t' | '\u{0b}' | '\u{0c}' | '\r' | ' ')
}

fn token(line: &LogicalLine, start: usize, end: usize) -> Token {
    Token {
        text: line.slice(start, end).as_ref().into(),
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
/// logical offset where the arguments begin. `text` is the line's text.
pub(super) fn extract_flags(
    line: &LogicalLine,
    text: &str,
    start: usize,
    end: usize,
) -> (Vec<Flag>, usize) {
    let bytes = &text.as_bytes()[..end];
    let mut flags = Vec::new();
    let mut pos = start;
    loop {
        while pos < end && go_byte_is_space(bytes[pos]) {
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
                None if go_byte_is_space(b) => break,
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
            while pos < end && go_byte_is_space(bytes[pos]) {
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

/// Go's `unicode.IsSpace(rune(b))` on a single byte, as `extractBuilderFlags`
/// applies it, limited to ASCII: BuildKit also splits at the bytes 0x85 and
/// 0xA0, which would cut a UTF-8 character in two.
fn go_byte_is_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' ')
}

/// BuildKit's `parseHealthConfig` split of `HEALTHCHECK` arguments into the
/// type word (`CMD`, `NONE`) and the command, at the first run of blanks.
pub(super) fn split_healthcheck(args: &str) -> (&str, &str) {
    let is_space = |c: char| c.is_ascii() && go_byte_is_space(c as u8);
    let type_end = args.find(is_space).unwrap_or(args.len());
    (
        &args[..type_end],
        args[type_end..].trim_start_matches(is_space),
    )
}

/// The texts of the words [`split_whitespace`] returns, without their
/// spans (nothing allocated): for checks that count or compare them.
pub(super) fn whitespace_words(text: &str) -> impl Iterator<Item = &str> {
    text.split(is_separator).filter(|w| !w.is_empty())
}

/// Words separated by `[\t\v\f\r ]+` in the logical range.
pub fn split_whitespace(line: &LogicalLine, start: usize, len: usize) -> Vec<Token> {
    let text = line.slice(start, start + len);
    // The separators are ASCII, so a byte scan finds them and every word
    // boundary falls between characters.
    let is_separator = |b: u8| matches!(b, b'\t' | 0x0b | 0x0c | b'\r' | b' ');
    let mut words = Vec::new();
    let mut word_start = None;
    for (i, &b) in text.as_bytes().iter().enumerate() {
        match (is_separator(b), word_start) {
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
/// escaped; quotes and escape characters stay in the word, except an escape
/// character that ends the text, which BuildKit drops.
pub fn shell_words(line: &LogicalLine, start: usize, len: usize, escape: char) -> Vec<ShellWord> {
    let mut words = Vec::new();
    shell_word_bounds(&line.slice(start, start + len), escape, |s, e| {
        words.push(ShellWord {
            raw: token(line, start + s, start + e),
            offset: start + s,
        })
    });
    words
}

/// The words of `text` that [`shell_words`] returns, as the text before
/// them: for checks that only look at their text.
pub(super) fn shell_word_texts(text: &str, escape: char) -> Vec<&str> {
    let mut words = Vec::new();
    shell_word_bounds(text, escape, |s, e| words.push(&text[s..e]));
    words
}

/// Calls `push` with the range of each word `parseWords` finds in `text`.
fn shell_word_bounds(text: &str, escape: char, mut push: impl FnMut(usize, usize)) {
    let mut word_start: Option<usize> = None;
    let mut word_end = text.len();
    let mut quote: Option<char> = None;
    // The character at byte `i` and its length: ASCII without decoding.
    let char_at = |i: usize| match text.as_bytes()[i] {
        b if b.is_ascii() => (char::from(b), 1),
        _ => {
            let c = text[i..].chars().next().unwrap_or(' ');
            (c, c.len_utf8())
        }
    };
    let mut i = 0;
    while i < text.len() {
        let (c, len) = char_at(i);
        let next = i + len;
        if word_start.is_none() {
            if c.is_whitespace() {
                i = next;
                continue;
            }
            word_start = Some(i);
        }
        i = next;
        match quote {
            None if c.is_whitespace() => {
                push(word_start.take().unwrap_or(next - len), next - len);
            }
            None if c == '\'' || c == '"' => quote = Some(c),
            Some(q) if c == q => quote = None,
            Some('\'') => {}
            // The escape takes the next character with it; with none left,
            // the word ends before the escape.
            _ if c == escape => {
                if i < text.len() {
                    i += char_at(i).1;
                } else {
                    word_end = next - len;
                }
            }
            _ => {}
        }
    }
    if let Some(s) = word_start
        && word_end > s
    {
        push(s, word_end);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str) -> LogicalLine<'_> {
        let mut line = crate::syntax::LineBuilder::new(text, 0);
        line.push(0, text.len());
        line.finish()
    }

    #[test]
    fn flags_split_at_go_blanks() {
        let text = "--mount=a\u{b}--x=\"a b\" --y=c\\ d -- --not-a-flag";
        let (flags, args) = extract_flags(&line(text), text, 0, text.len());
        let texts: Vec<&str> = flags.iter().map(|f| f.text.as_str()).collect();
        assert_eq!(texts, ["--mount=a", "--x=a b", "--y=c d"]);
        assert_eq!(&text[args..], "--not-a-flag");
        let text = "--chown=é:g a";
        assert_eq!(
            extract_flags(&line(text), text, 0, text.len()).0[0].text,
            "--chown=é:g"
        );
    }

    #[test]
    fn shell_words_drop_a_final_escape() {
        let words = |text: &str| -> Vec<String> {
            shell_words(&line(text), 0, text.len(), '\\')
                .into_iter()
                .map(|w| w.raw.text.into())
                .collect()
        };
        assert_eq!(
            words("a=\"x y\" b='c d' e\\ f"),
            ["a=\"x y\"", "b='c d'", "e\\ f"]
        );
        assert_eq!(words("a\\\\\\"), ["a\\\\"]);
        assert_eq!(words("a \\"), ["a"]);
        assert_eq!(words("'a\\"), ["'a\\"]);
    }

    #[test]
    fn word_texts_match_the_tokens() {
        // Every separator, runs of them at both ends, and blanks that are
        // not separators (`\n`, U+0085, U+00A0, U+3000).
        let texts = [
            "",
            " \t",
            "a",
            "\t\u{b}\u{c}\r a  b\tc \n d\u{85}e\u{a0}f\u{3000}g ",
            "k=\"x y\" l='m n' o\\ p é\u{2003}q \\",
        ];
        for text in texts {
            let line = line(text);
            let tokens = split_whitespace(&line, 0, text.len());
            let expected: Vec<&str> = tokens.iter().map(|t| &*t.text).collect();
            assert_eq!(whitespace_words(text).collect::<Vec<_>>(), expected);
            let words = shell_words(&line, 0, text.len(), '\\');
            let expected: Vec<&str> = words.iter().map(|w| &*w.raw.text).collect();
            assert_eq!(shell_word_texts(text, '\\'), expected);
        }
        assert_eq!(
            whitespace_words(texts[3]).collect::<Vec<_>>(),
            ["a", "b", "c", "\n", "d\u{85}e\u{a0}f\u{3000}g"]
        );
    }

    #[test]
    fn healthcheck_splits_at_ascii_blanks() {
        assert_eq!(split_healthcheck("CMD  [\"x\"]"), ("CMD", "[\"x\"]"));
        assert_eq!(split_healthcheck("NONE"), ("NONE", ""));
        assert_eq!(split_healthcheck("CMD\u{85}x"), ("CMD\u{85}x", ""));
    }
}
