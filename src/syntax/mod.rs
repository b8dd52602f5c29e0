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

use words::is_separator;

use crate::span::{Span, narrow};
use crate::text::Text;
use std::borrow::Cow;

/// A parsed Dockerfile.
#[derive(Debug, Clone, Default)]
pub struct Dockerfile<'s> {
    pub directives: Vec<Directive>,
    /// The escape character in force (`\` unless `# escape=` says otherwise).
    pub escape: char,
    pub instructions: Vec<Instruction<'s>>,
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

/// A whole-line `#` comment: 16 bytes (a file can hold tens of thousands
/// of comments; their text is read from the source with [`Comment::text`]).
#[derive(Debug, Clone)]
pub struct Comment {
    /// From the `#` to the end of the line, trailing blanks included.
    pub span: Span,
    /// 0-based physical line (32 bits: an input is at most 64 MiB).
    pub line: u32,
    /// True when the comment sits between continuation lines of an instruction.
    pub inside_instruction: bool,
}

const _: () = assert!(std::mem::size_of::<Comment>() == 16);

impl Comment {
    /// Where the text after `#` is, blanks around it left out; `source` is
    /// the text the file was parsed from.
    pub fn text_span(&self, source: &str) -> Span {
        let whole = source.get(self.span.start()..self.span.end()).unwrap_or("");
        let body = whole.strip_prefix('#').unwrap_or(whole);
        let start =
            self.span.start() + (whole.len() - body.len()) + (body.len() - body.trim_start().len());
        Span::new(start, start + body.trim().len())
    }

    /// The text after `#`, blanks around it left out.
    pub fn text<'s>(&self, source: &'s str) -> &'s str {
        let span = self.text_span(source);
        source.get(span.start()..span.end()).unwrap_or("")
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

/// One instruction, with its continuation lines joined: 88 bytes (a file
/// can hold hundreds of thousands). The keyword and the arguments are
/// offsets into `line`; what few instructions have (flags, heredocs, a
/// wrapped instruction) is behind one box.
#[derive(Debug, Clone)]
pub struct Instruction<'s> {
    /// From the keyword to the end of the last line (heredoc terminators included).
    pub span: Span,
    pub kind: Keyword,
    /// Logical offset of the keyword in `line`: see [`Instruction::keyword`].
    keyword_at: u32,
    /// Everything after the flags (continuations joined): its span; the
    /// text is [`Instruction::args_text`], a range of `line`.
    pub args: Args,
    /// Logical offset of `args` in `line`: [`Instruction::args_offset`].
    args_at: u32,
    pub form: Form,
    rare: Option<Box<RareParts<'s>>>,
    /// The joined text and its map back to source offsets.
    pub line: LogicalLine<'s>,
    /// 1-based first and last physical line (32 bits: a file can hold
    /// hundreds of thousands of instructions, and at most 64 MiB).
    pub start_line: u32,
    pub end_line: u32,
}

const _: () = assert!(std::mem::size_of::<Instruction<'static>>() == 88);

/// The parts of an instruction that most leave empty.
#[derive(Debug, Clone, Default)]
struct RareParts<'s> {
    flags: Box<[Flag]>,
    heredocs: Box<[Heredoc]>,
    /// The instruction an `ONBUILD` wraps. Only one level is parsed: an
    /// `ONBUILD` wrapped in another keeps its arguments unparsed.
    onbuild: Option<Box<Instruction<'s>>>,
}

impl<'s> Instruction<'s> {
    /// A node of `line`'s logical range from `keyword_at` (whose `line`,
    /// lines and span the parser sets once the instruction is complete).
    fn new(
        span: Span,
        kind: Keyword,
        keyword_at: usize,
        args: Args,
        args_at: usize,
        form: Form,
        flags: Vec<Flag>,
    ) -> Instruction<'s> {
        Instruction {
            span,
            kind,
            keyword_at: narrow(keyword_at),
            args,
            args_at: narrow(args_at),
            form,
            rare: (!flags.is_empty()).then(|| {
                Box::new(RareParts {
                    flags: crate::exact::slice(flags),
                    ..RareParts::default()
                })
            }),
            line: LogicalLine::default(),
            start_line: 0,
            end_line: 0,
        }
    }

    fn set_onbuild(&mut self, inner: Instruction<'s>) {
        self.rare_mut().onbuild = Some(Box::new(inner));
    }

    fn onbuild_mut(&mut self) -> Option<&mut Instruction<'s>> {
        self.rare.as_deref_mut()?.onbuild.as_deref_mut()
    }

    fn set_heredocs(&mut self, heredocs: Box<[Heredoc]>) {
        self.rare_mut().heredocs = heredocs;
    }

    /// The instruction that actually runs: the wrapped one for `ONBUILD`.
    pub fn effective(&self) -> &Instruction<'s> {
        self.onbuild().unwrap_or(self)
    }

    /// The keyword as written, and its span.
    pub fn keyword(&self) -> Token {
        let (start, end) = self.keyword_range();
        Token {
            text: self.line.slice(start, end).as_ref().into(),
            span: self.line.source_span(start, end),
        }
    }

    /// The logical range of the keyword: up to the first separator, within
    /// the instruction's trimmed text (which ends where the arguments do).
    fn keyword_range(&self) -> (usize, usize) {
        let start = self.keyword_at as usize;
        let end = self.args_offset() + self.args.len();
        let text = self.line.slice(start, end);
        (start, start + text.find(is_separator).unwrap_or(text.len()))
    }

    /// The `--name[=value]` flags before the arguments.
    pub fn flags(&self) -> &[Flag] {
        self.rare.as_deref().map_or(&[], |rare| &rare.flags)
    }

    /// The here-documents, in order.
    pub fn heredocs(&self) -> &[Heredoc] {
        self.rare.as_deref().map_or(&[], |rare| &rare.heredocs)
    }

    /// The instruction an `ONBUILD` wraps. Only one level is parsed: an
    /// `ONBUILD` wrapped in another keeps its arguments unparsed.
    pub fn onbuild(&self) -> Option<&Instruction<'s>> {
        self.rare.as_deref()?.onbuild.as_deref()
    }

    fn rare_mut(&mut self) -> &mut RareParts<'s> {
        self.rare.get_or_insert_default()
    }

    /// The value of flag `--name` (last one wins, as in BuildKit).
    pub fn flag(&self, name: &str) -> Option<&Flag> {
        self.flags().iter().rev().find(|flag| flag.name == name)
    }

    /// Logical offset of `args` in `line`.
    pub fn args_offset(&self) -> usize {
        self.args_at as usize
    }

    /// Everything after the flags, as one text (continuations joined):
    /// borrowed from the source unless it spans several lines.
    pub fn args_text(&self) -> Cow<'s, str> {
        let start = self.args_offset();
        self.line.slice(start, start + self.args.len())
    }

    /// Whitespace-separated argument words (FROM, EXPOSE, shell-form COPY…).
    pub fn words(&self) -> Vec<Token> {
        split_whitespace(&self.line, self.args_offset(), self.args.len())
    }

    /// Argument words split the way ARG, ENV and LABEL split them: quotes and
    /// escapes group characters and are kept in the text.
    pub fn shell_words(&self, escape: char) -> Vec<ShellWord> {
        shell_words(&self.line, self.args_offset(), self.args.len(), escape)
    }
}

/// Where an instruction's arguments are. They are not copied out of the
/// joined line: their text is [`Instruction::args_text`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Args {
    pub span: Span,
    /// Their length in bytes in the joined line (32 bits: an input is at
    /// most 64 MiB).
    len: u32,
}

impl Args {
    fn new(span: Span, len: usize) -> Args {
        Args {
            span,
            len: narrow(len),
        }
    }

    /// Their length in bytes in the joined line.
    pub fn len(&self) -> usize {
        self.len as usize
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
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
    /// Most are fixed texts, kept without a copy.
    pub help: Option<Cow<'static, str>>,
}
