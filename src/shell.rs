//! Just enough POSIX shell lexing to find commands in RUN scripts: simple
//! commands split at `&&`, `||`, `;`, `|`, `&`, newlines and parentheses,
//! words with quotes removed and the way back to script offsets kept.

/// A word with quotes removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub text: String,
    /// `(text offset, script offset)` where each contiguous run of the word
    /// starts; quotes and escapes start a new run. Most words have one.
    pieces: Vec<(usize, usize)>,
}

impl Word {
    fn new() -> Word {
        Word {
            text: String::new(),
            pieces: Vec::new(),
        }
    }

    /// Appends `c`, found at script offset `at`.
    fn push(&mut self, c: char, at: usize) {
        let continues = self
            .pieces
            .last()
            .is_some_and(|&(text, script)| script + (self.text.len() - text) == at);
        if !continues {
            self.pieces.push((self.text.len(), at));
        }
        self.text.push(c);
    }

    /// Script offset of the text byte at `offset`.
    fn script_offset(&self, offset: usize) -> usize {
        let i = self
            .pieces
            .partition_point(|&(text, _)| text <= offset)
            .max(1)
            - 1;
        let (text, script) = self.pieces[i];
        script + (offset - text)
    }

    /// Script range of the text bytes `start..end`.
    pub fn range(&self, start: usize, end: usize) -> (usize, usize) {
        if self.text.is_empty() {
            let at = self.pieces.first().map_or(0, |&(_, script)| script);
            return (at, at);
        }
        let last = self.text.len() - 1;
        let first = self.script_offset(start.min(last));
        let end = self.script_offset(end.max(start + 1).min(self.text.len()) - 1);
        (first, end + 1)
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
        word.get_or_insert_with(Word::new).push(c, at);
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
                word.get_or_insert_with(Word::new);
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
    // A quoted empty word (`''`) carries nothing to look at.
    for command in &mut commands {
        command.retain(|w| !w.text.is_empty());
    }
    commands.retain(|c| !c.is_empty());
    commands
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
