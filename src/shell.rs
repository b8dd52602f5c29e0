//! Just enough POSIX shell lexing to find commands in RUN scripts: simple
//! commands split at `&&`, `||`, `;`, `|`, `&`, newlines and parentheses,
//! words with quotes removed and the script offset of every byte kept.

/// A word with quotes removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub text: String,
    /// Script offset of each byte of `text`.
    offsets: Vec<usize>,
}

impl Word {
    /// Script range of the text bytes `start..end`.
    pub fn range(&self, start: usize, end: usize) -> (usize, usize) {
        let first = self.offsets[start.min(self.offsets.len() - 1)];
        let last = self.offsets[end.max(start + 1).min(self.offsets.len()) - 1];
        (first, last + 1)
    }
}

/// Splits a script into simple commands (lists of words). A `\` before a
/// newline joins lines; `#` at the start of a word starts a comment.
pub fn commands(script: &str) -> Vec<Vec<Word>> {
    let mut commands = vec![Vec::new()];
    let mut word: Option<Word> = None;
    let mut quote: Option<char> = None;
    let mut chars = script.char_indices().peekable();
    let push = |word: &mut Option<Word>, c: char, at: usize| {
        let w = word.get_or_insert_with(|| Word {
            text: String::new(),
            offsets: Vec::new(),
        });
        w.text.push(c);
        w.offsets.extend(at..at + c.len_utf8());
    };
    while let Some((i, c)) = chars.next() {
        match (quote, c) {
            (Some(q), _) if c == q => quote = None,
            (Some('"'), '\\') if matches!(chars.peek(), Some((_, '"' | '\\' | '$' | '`'))) => {
                let (j, next) = chars.next().expect("peeked");
                push(&mut word, next, j);
            }
            (Some(_), _) => push(&mut word, c, i),
            (None, '\'' | '"') => {
                quote = Some(c);
                word.get_or_insert_with(|| Word {
                    text: String::new(),
                    offsets: Vec::new(),
                });
            }
            (None, '\\') => match chars.next() {
                Some((_, '\n')) | None => {}
                Some((j, next)) => push(&mut word, next, j),
            },
            (None, '#') if word.is_none() => while chars.next_if(|&(_, c)| c != '\n').is_some() {},
            (None, ' ' | '\t' | '\r') => commands.last_mut().expect("one").extend(word.take()),
            (None, '\n' | ';' | '&' | '|' | '(' | ')') => {
                commands.last_mut().expect("one").extend(word.take());
                if !commands.last().is_some_and(Vec::is_empty) {
                    commands.push(Vec::new());
                }
            }
            (None, _) => push(&mut word, c, i),
        }
    }
    commands.last_mut().expect("one").extend(word.take());
    commands.retain(|c| !c.is_empty());
    commands
        .into_iter()
        .map(|c| {
            c.into_iter()
                .filter(|w| !w.offsets.is_empty() || !w.text.is_empty())
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(script: &str) -> Vec<Vec<String>> {
        commands(script)
            .into_iter()
            .map(|c| c.into_iter().map(|w| w.text).collect())
            .collect()
    }

    #[test]
    fn splits_commands_and_unquotes_words() {
        assert_eq!(
            texts("apk add gcc && pip install 'numpy<1.25' \"pandas\"; echo ok"),
            vec![
                vec!["apk", "add", "gcc"],
                vec!["pip", "install", "numpy<1.25", "pandas"],
                vec!["echo", "ok"]
            ]
        );
        assert_eq!(
            texts("pip install \\\n  numpy # comment\nls"),
            vec![vec!["pip", "install", "numpy"], vec!["ls"]]
        );
    }

    #[test]
    fn maps_text_back_to_script_offsets() {
        let script = "pip install 'numpy==1.24'";
        let words = commands(script).remove(0);
        let (start, end) = words[2].range(0, 5);
        assert_eq!(&script[start..end], "numpy");
        let (start, end) = words[2].range(0, words[2].text.len());
        assert_eq!(&script[start..end], "numpy==1.24");
    }
}
