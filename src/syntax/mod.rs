//! fromlint's own Dockerfile parser: lossless (every node has a byte span into
//! the original text), error-tolerant (a bad instruction becomes an error and
//! parsing goes on), and faithful to BuildKit's rules for directives,
//! continuations, heredocs, flags and the exec/shell form decision.

mod dump;
mod heredoc;
mod json;
mod logical;
mod parser;
mod validate;
mod words;

pub use dump::buildkit_view;
pub use logical::{LineBuilder, LogicalLine};
pub use parser::parse;
pub use words::{ShellWord, shell_words, split_whitespace};

use crate::span::Span;
use crate::text::Text;

/// A parsed Dockerfile.
#[derive(Debug, Clone, Default)]
pub struct Dockerfile {
    pub directives: Vec<Directive>,
    /// The escape character in force (`\` unless `# escape=` says otherwise).
    pub escape: char,
    pub instructions: Vec<Instruction>,
    /// Whole-line comments outside of directives, in source order.
    pub comments: Vec<Comment>,
    pub errors: Vec<SyntaxError>,
    /// Blank lines BuildKit skipped while joining an instruction's
    /// continuation lines (its "empty continuation lines").
    pub empty_continuation_lines: Vec<Span>,
}

/// A parser directive at the top of the file (`# syntax=`, `# escape=`, `# check=`).
#[derive(Debug, Clone)]
pub struct Directive {
    pub name: String,
    pub value: Token,
    pub span: Span,
}

/// A whole-line `#` comment.
#[derive(Debug, Clone)]
pub struct Comment {
    /// Where the text after `#` is, blanks around it left out (read with
    /// [`Comment::text`]: a file can hold tens of thousands of comments, and
    /// the source already has their text).
    pub text_span: Span,
    pub span: Span,
    /// 0-based physical line.
    pub line: usize,
    /// True when the comment sits between continuation lines of an instruction.
    pub inside_instruction: bool,
}

impl Comment {
    /// The text after `#`, blanks around it left out; `source` is the text
    /// the file was parsed from.
    pub fn text<'s>(&self, source: &'s str) -> &'s str {
        source
            .get(self.text_span.start()..self.text_span.end())
            .unwrap_or("")
    }
}

/// Text from the logical line together with its span in the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub text: Text,
    pub span: Span,
}

/// Instruction keywords BuildKit knows; anything else is `Unknown`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Keyword {
    Add,
    Arg,
    Cmd,
    Copy,
    Entrypoint,
    Env,
    Expose,
    From,
    Healthcheck,
    Label,
    Maintainer,
    Onbuild,
    Run,
    Shell,
    Stopsignal,
    User,
    Volume,
    Workdir,
    Unknown,
}

impl Keyword {
    pub fn from_word(word: &str) -> Keyword {
        const TABLE: [(&str, Keyword); 18] = [
            ("add", Keyword::Add),
            ("arg", Keyword::Arg),
            ("cmd", Keyword::Cmd),
            ("copy", Keyword::Copy),
            ("entrypoint", Keyword::Entrypoint),
            ("env", Keyword::Env),
            ("expose", Keyword::Expose),
            ("from", Keyword::From),
            ("healthcheck", Keyword::Healthcheck),
            ("label", Keyword::Label),
            ("maintainer", Keyword::Maintainer),
            ("onbuild", Keyword::Onbuild),
            ("run", Keyword::Run),
            ("shell", Keyword::Shell),
            ("stopsignal", Keyword::Stopsignal),
            ("user", Keyword::User),
            ("volume", Keyword::Volume),
            ("workdir", Keyword::Workdir),
        ];
        TABLE
            .iter()
            .find(|(name, _)| word.eq_ignore_ascii_case(name))
            .map_or(Keyword::Unknown, |&(_, keyword)| keyword)
    }

    /// Instructions whose argument may be a JSON array (exec form).
    fn accepts_json(self) -> bool {
        matches!(
            self,
            Keyword::Add
                | Keyword::Cmd
                | Keyword::Copy
                | Keyword::Entrypoint
                | Keyword::Run
                | Keyword::Shell
                | Keyword::Volume
                | Keyword::Healthcheck
        )
    }

    /// Instructions that may carry heredocs (`RUN <<EOF`).
    fn accepts_heredocs(self) -> bool {
        matches!(self, Keyword::Add | Keyword::Copy | Keyword::Run)
    }
}

/// One instruction, with its continuation lines joined.
#[derive(Debug, Clone)]
pub struct Instruction {
    /// From the keyword to the end of the last line (heredoc terminators included).
    pub span: Span,
    pub keyword: Token,
    pub kind: Keyword,
    pub flags: Rare<Flag>,
    /// Everything after the flags (continuations joined): its span; the
    /// text is [`Instruction::args_text`], a range of `line`.
    pub args: Args,
    /// Logical offset of `args` in `line`.
    pub args_offset: usize,
    pub form: Form,
    pub heredocs: Rare<Heredoc>,
    /// The instruction an `ONBUILD` wraps. Only one level is parsed: an
    /// `ONBUILD` wrapped in another keeps its arguments unparsed.
    pub onbuild: Option<Box<Instruction>>,
    /// The joined text and its map back to source offsets.
    pub line: LogicalLine,
    /// 1-based first and last physical line (32 bits: a file can hold
    /// hundreds of thousands of instructions, and at most 64 MiB).
    pub start_line: u32,
    pub end_line: u32,
}

impl Instruction {
    /// The instruction that actually runs: the wrapped one for `ONBUILD`.
    pub fn effective(&self) -> &Instruction {
        self.onbuild.as_deref().unwrap_or(self)
    }

    /// The value of flag `--name` (last one wins, as in BuildKit).
    pub fn flag(&self, name: &str) -> Option<&Flag> {
        self.flags.iter().rev().find(|flag| flag.name == name)
    }

    /// Everything after the flags, as one text (continuations joined).
    pub fn args_text(&self) -> &str {
        &self.line.text()[self.args_offset..self.args_offset + self.args.len]
    }

    /// Whitespace-separated argument words (FROM, EXPOSE, shell-form COPY…).
    pub fn words(&self) -> Vec<Token> {
        split_whitespace(&self.line, self.args_offset, self.args.len)
    }

    /// Argument words split the way ARG, ENV and LABEL split them: quotes and
    /// escapes group characters and are kept in the text.
    pub fn shell_words(&self, escape: char) -> Vec<ShellWord> {
        shell_words(&self.line, self.args_offset, self.args.len, escape)
    }
}

/// A list most instructions leave empty (flags, heredocs), read as a
/// slice: one pointer, allocated only when there is something in it, where
/// a `Vec` is three (a file can hold hundreds of thousands of instructions).
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(clippy::box_collection)] // one pointer where a `Vec` is three
pub struct Rare<T>(Option<Box<Vec<T>>>);

impl<T> Rare<T> {
    pub fn push(&mut self, item: T) {
        self.0.get_or_insert_default().push(item);
    }
}

impl<T> Default for Rare<T> {
    fn default() -> Self {
        Rare(None)
    }
}

impl<T> From<Vec<T>> for Rare<T> {
    fn from(items: Vec<T>) -> Self {
        Rare((!items.is_empty()).then(|| Box::new(items)))
    }
}

impl<T> std::ops::Deref for Rare<T> {
    type Target = [T];

    fn deref(&self) -> &[T] {
        self.0.as_deref().map_or(&[], Vec::as_slice)
    }
}

impl<'a, T> IntoIterator for &'a Rare<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// Where an instruction's arguments are. They are not copied out of the
/// joined line: their text is [`Instruction::args_text`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Args {
    pub span: Span,
    /// Their length in bytes in the joined line.
    pub len: usize,
}

/// A `--name[=value]` flag before the arguments.
#[derive(Debug, Clone)]
pub struct Flag {
    pub name: String,
    pub value: Option<String>,
    /// The whole flag as BuildKit reports it (quotes removed).
    pub text: String,
    pub span: Span,
}

/// Exec (JSON array) or shell form of the arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Form {
    Shell,
    /// Boxed: most instructions are in shell form.
    #[allow(clippy::box_collection)]
    Exec(Box<Vec<String>>),
}

/// A here-document body attached to an instruction.
#[derive(Debug, Clone)]
pub struct Heredoc {
    /// Delimiter word with quotes removed.
    pub name: String,
    /// `<<-`: leading tabs are stripped from the body and terminator.
    pub strip_tabs: bool,
    /// Whether the delimiter was quoted (no expansion in the body).
    pub quoted: bool,
    /// The `<<WORD` marker in the instruction line.
    pub marker: Span,
    /// The body lines, each with its line ending; the terminator is excluded.
    pub body: Span,
    /// The terminator line; empty at the end of the text when there is none
    /// (the body then runs to the end of the file, as in BuildKit).
    pub terminator: Span,
}

/// An instruction or line BuildKit would reject, with the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub message: String,
    pub span: Span,
    pub help: Option<String>,
}
