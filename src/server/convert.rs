//! Between fromlint's byte offsets and LSP positions (lines and UTF-16
//! columns, as the protocol requires by default).

use lsp_types::{Position, Range};

use crate::span::{LineIndex, Span};

/// A document's text with its line index, for position conversions.
pub struct Text<'t> {
    pub text: &'t str,
    index: LineIndex,
}

impl<'t> Text<'t> {
    pub fn new(text: &'t str) -> Text<'t> {
        Text {
            text,
            index: LineIndex::new(text),
        }
    }

    pub fn position(&self, offset: usize) -> Position {
        let (line, character) = self.index.utf16_position(self.text, offset);
        Position::new(line as u32, character as u32)
    }

    pub fn range(&self, span: Span) -> Range {
        Range::new(self.position(span.start()), self.position(span.end()))
    }

    /// The byte offset of an LSP position, clamped to the line and the text.
    pub fn offset(&self, position: Position) -> usize {
        let lines = self.index.line_of(self.text.len()) + 1;
        let line = position.line as usize;
        if line >= lines {
            return self.text.len();
        }
        let start = self.index.line_start(line);
        let end = if line + 1 < lines {
            self.index.line_start(line + 1)
        } else {
            self.text.len()
        };
        let mut units = 0;
        for (i, c) in self.text[start..end].char_indices() {
            if units >= position.character as usize || c == '\n' || c == '\r' {
                return start + i;
            }
            units += c.len_utf16();
        }
        end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_columns_round_trip() {
        let text = "LABEL a=\"é😀\"\nFROM x\n";
        let t = Text::new(text);
        let smile = text.find('😀').unwrap();
        assert_eq!(t.position(smile), Position::new(0, 10));
        assert_eq!(t.position(smile + 4), Position::new(0, 12));
        assert_eq!(t.offset(Position::new(0, 12)), smile + 4);
        assert_eq!(
            t.offset(Position::new(1, 4)),
            text.find("FROM").unwrap() + 4
        );
        assert_eq!(t.offset(Position::new(0, 99)), text.find('\n').unwrap());
        assert_eq!(t.offset(Position::new(9, 0)), text.len());
    }
}
