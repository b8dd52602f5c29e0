//! The exec-form decision, made the way BuildKit's `parseJSON` makes it with
//! Go's `encoding/json`: the first JSON value of the arguments must be an
//! array, and it is exec form only if every element is a string.
//!
//! Written out instead of using serde_json because Go decides differently in
//! ways that change the form: an unpaired UTF-16 surrogate escape becomes
//! U+FFFD instead of failing, nesting may go 10,000 levels deep (serde_json
//! stops at 128), and a number too large for an f64 fails the whole decode.
//! Containers are tracked on an explicit stack, so deep nesting cannot
//! overflow the call stack.

/// Why an argument is not an exec-form JSON array.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum NotExec {
    /// Not a JSON array: shell form.
    Shell,
    /// A JSON array with a non-string element: BuildKit rejects it.
    NotStrings,
}

/// Go's `maxNestingDepth`; the outer array counts as one level.
const MAX_DEPTH: usize = 10_000;

/// BuildKit's `parseJSON`. Anything after the array is ignored, as Go's
/// `json.Decoder` does.
pub(super) fn parse_json_array(rest: &str) -> Result<Vec<String>, NotExec> {
    let rest = rest.trim_start();
    if !rest.starts_with('[') {
        return Err(NotExec::Shell);
    }
    let elements = Reader { text: rest, pos: 1 }
        .array_elements()
        .ok_or(NotExec::Shell)?;
    elements
        .into_iter()
        .collect::<Option<Vec<_>>>()
        .ok_or(NotExec::NotStrings)
}

struct Reader<'a> {
    text: &'a str,
    pos: usize,
}

impl Reader<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    fn bump(&mut self) -> Option<u8> {
        let byte = self.peek()?;
        self.pos += 1;
        Some(byte)
    }

    fn eat(&mut self, byte: u8) -> Option<()> {
        (self.bump()? == byte).then_some(())
    }

    /// JSON whitespace only: Go rejects e.g. a vertical tab between tokens.
    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    /// The elements of the outer array (its `[` already read): strings as
    /// `Some`, any other valid value as `None`. `None` overall if invalid.
    fn array_elements(&mut self) -> Option<Vec<Option<String>>> {
        let mut elements = Vec::new();
        self.skip_whitespace();
        if self.peek() == Some(b']') {
            return Some(elements);
        }
        loop {
            self.skip_whitespace();
            if self.peek() == Some(b'"') {
                elements.push(Some(self.string()?));
            } else {
                self.nested_value()?;
                elements.push(None);
            }
            self.skip_whitespace();
            match self.bump()? {
                b',' => {}
                b']' => return Some(elements),
                _ => return None,
            }
        }
    }

    /// Validates one element value of any kind, nested containers included.
    fn nested_value(&mut self) -> Option<()> {
        // Open containers below the outer array: `[` or `{`.
        let mut open: Vec<u8> = Vec::new();
        loop {
            self.skip_whitespace();
            match self.peek()? {
                b'[' | b'{' => {
                    let bracket = self.bump()?;
                    open.push(bracket);
                    if open.len() + 1 > MAX_DEPTH {
                        return None;
                    }
                    self.skip_whitespace();
                    if self.peek() != Some(closing(bracket)) {
                        if bracket == b'{' {
                            self.object_key()?;
                        }
                        continue;
                    }
                    self.pos += 1;
                    open.pop();
                }
                b'"' => drop(self.string()?),
                _ => self.scalar()?,
            }
            if !self.after_value(&mut open)? {
                return Some(());
            }
        }
    }

    /// After a value: closes finished containers. Returns whether another
    /// value follows (after a `,`), or `false` once all containers are closed.
    fn after_value(&mut self, open: &mut Vec<u8>) -> Option<bool> {
        while let Some(&bracket) = open.last() {
            self.skip_whitespace();
            match self.bump()? {
                b',' => {
                    if bracket == b'{' {
                        self.skip_whitespace();
                        self.object_key()?;
                    }
                    return Some(true);
                }
                byte if byte == closing(bracket) => drop(open.pop()),
                _ => return None,
            }
        }
        Some(false)
    }

    /// `"key" :`
    fn object_key(&mut self) -> Option<()> {
        if self.peek() != Some(b'"') {
            return None;
        }
        self.string()?;
        self.skip_whitespace();
        self.eat(b':')
    }

    /// `true`, `false`, `null` or a number.
    fn scalar(&mut self) -> Option<()> {
        for literal in ["true", "false", "null"] {
            if self.text[self.pos..].starts_with(literal) {
                self.pos += literal.len();
                return Some(());
            }
        }
        self.number()
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`, which must fit an
    /// f64: Go fails the decode when it overflows.
    fn number(&mut self) -> Option<()> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.bump()? {
            b'0' => {}
            b'1'..=b'9' => self.digits(),
            _ => return None,
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            self.required_digits()?;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            self.required_digits()?;
        }
        let value: f64 = self.text[start..self.pos].parse().ok()?;
        value.is_finite().then_some(())
    }

    fn digits(&mut self) {
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.pos += 1;
        }
    }

    fn required_digits(&mut self) -> Option<()> {
        let start = self.pos;
        self.digits();
        (self.pos > start).then_some(())
    }

    /// A string literal, decoded; `self.pos` is at its opening quote.
    fn string(&mut self) -> Option<String> {
        self.pos += 1;
        let mut out = String::new();
        loop {
            let c = self.text[self.pos..].chars().next()?;
            self.pos += c.len_utf8();
            match c {
                '"' => return Some(out),
                '\\' => out.push(self.escape()?),
                c if u32::from(c) < 0x20 => return None,
                c => out.push(c),
            }
        }
    }

    /// The character an escape sequence stands for (its `\` already read).
    fn escape(&mut self) -> Option<char> {
        Some(match self.bump()? {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => return self.unicode_escape(),
            _ => return None,
        })
    }

    /// `\uXXXX`, joined with a following `\uXXXX` into a surrogate pair when
    /// they form one. Anything else that is not a scalar value becomes
    /// U+FFFD and the next escape is read on its own, as Go does.
    fn unicode_escape(&mut self) -> Option<char> {
        let first = self.hex4(self.pos)?;
        self.pos += 4;
        if (0xD800..0xDC00).contains(&first) && self.text[self.pos..].starts_with("\\u") {
            let second = self
                .hex4(self.pos + 2)
                .filter(|s| (0xDC00..0xE000).contains(s));
            if let Some(second) = second {
                self.pos += 6;
                return char::from_u32(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00));
            }
        }
        Some(char::from_u32(first).unwrap_or(char::REPLACEMENT_CHARACTER))
    }

    fn hex4(&self, at: usize) -> Option<u32> {
        let digits = self.text.get(at..at + 4)?;
        if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        u32::from_str_radix(digits, 16).ok()
    }
}

fn closing(bracket: u8) -> u8 {
    if bracket == b'[' { b']' } else { b'}' }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exec(text: &str) -> Result<Vec<String>, NotExec> {
        parse_json_array(text)
    }

    #[test]
    fn strings_and_trailing_text() {
        assert_eq!(exec(r#"["a","b"]"#), Ok(vec!["a".into(), "b".into()]));
        assert_eq!(
            exec(r#" [ "a" , "b" ] x"#),
            Ok(vec!["a".into(), "b".into()])
        );
        assert_eq!(exec(r#"["x"]]"#), Ok(vec!["x".into()]));
        assert_eq!(exec("[]"), Ok(vec![]));
        assert_eq!(exec("[ ]"), Ok(vec![]));
    }

    #[test]
    fn shell_form_look_alikes() {
        for text in [
            "['x']",
            r#"["a",]"#,
            r#"["C:\app"]"#,
            r#"["a" "b"]"#,
            "[01]",
            "[1.]",
            "[.5]",
            "[1e999]",
        ] {
            assert_eq!(exec(text), Err(NotExec::Shell), "{text}");
        }
        assert_eq!(exec("[\"a\"\u{b},\"b\"]"), Err(NotExec::Shell));
        assert_eq!(exec(r#"["\U00e9"]"#), Err(NotExec::Shell));
        assert_eq!(exec(r#"["a", {"b" 1}]"#), Err(NotExec::Shell));
        assert_eq!(exec(r#"["a", [1e999]]"#), Err(NotExec::Shell));
    }

    #[test]
    fn non_strings() {
        for text in [
            "[1]",
            "[-0]",
            "[1e-400]",
            "[1E+2]",
            "[true]",
            "[null]",
            "[[]]",
            r#"["a", {"b": [1, {"c": null}]}]"#,
        ] {
            assert_eq!(exec(text), Err(NotExec::NotStrings), "{text}");
        }
    }

    #[test]
    fn escapes_follow_go() {
        let one = |text: &str| exec(text).unwrap().remove(0);
        assert_eq!(one(r#"["a\/b\"c\u00e9"]"#), "a/b\"cé");
        assert_eq!(one(r#"["\ud83d\ude00"]"#), "😀");
        assert_eq!(one(r#"["\ud800"]"#), "\u{fffd}");
        assert_eq!(one(r#"["\udc00\ud800"]"#), "\u{fffd}\u{fffd}");
        assert_eq!(one(r#"["\ud800\u0041"]"#), "\u{fffd}A");
    }

    #[test]
    fn nesting_limit_matches_go() {
        let nested = |depth: usize| format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        assert_eq!(exec(&nested(MAX_DEPTH)), Err(NotExec::NotStrings));
        assert_eq!(exec(&nested(MAX_DEPTH + 1)), Err(NotExec::Shell));
        let objects = |depth: usize| format!("[{}1{}]", "{\"a\":".repeat(depth), "}".repeat(depth));
        assert_eq!(exec(&objects(MAX_DEPTH - 1)), Err(NotExec::NotStrings));
        assert_eq!(exec(&objects(MAX_DEPTH)), Err(NotExec::Shell));
    }
}
