//! The shell syntax tree: lists, and-or chains, pipelines, simple and
//! compound commands, function definitions, redirects and words.
//!
//! Offsets are byte offsets: into the script text while parsing, and into
//! the Dockerfile once the model has mapped a script back
//! ([`Script::remap`]).

use crate::span::Span;

/// A parsed script, or the span of one that does not parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Script {
    pub body: List,
    /// Set when the script does not parse: the error and where it is. The
    /// body is then empty and nothing inside the script is looked at.
    pub error: Option<(String, usize)>,
    /// The whole script.
    pub span: Span,
}

/// Commands separated by `;`, `&` or newlines.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct List {
    pub items: Vec<Item>,
}

/// One and-or chain of a list and the separator after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub and_or: AndOr,
    /// Ended by `&`: runs in the background.
    pub background: bool,
}

/// `a && b || c`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AndOr {
    pub first: Pipeline,
    pub rest: Vec<(Connector, Pipeline)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Connector {
    And,
    Or,
}

/// `! a | b |& c`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pipeline {
    pub bang: bool,
    pub commands: Vec<Command>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Simple(SimpleCommand),
    Compound(Box<Compound>, Vec<Redirect>),
    Function(Box<Function>),
}

/// `NAME=value… word… redirect…`, redirects anywhere.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SimpleCommand {
    /// The assignment words (`NAME=value`) and then the command's words.
    pub words: Vec<Word>,
    /// How many of `words` are leading assignments.
    pub assignments: usize,
    pub redirects: Vec<Redirect>,
    /// The script a wrapper runs (`sh -c '…'`, `su -c '…'`), parsed from
    /// the word that carries it; filled by [`super::resolve`].
    pub nested: Option<Box<Script>>,
    /// The whole command.
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Compound {
    Brace(List),
    Subshell(List),
    /// `if c; then …; elif c; then …; else …; fi`: condition/body pairs.
    If {
        branches: Vec<(List, List)>,
        otherwise: Option<List>,
    },
    /// `for name [in words]; do …; done` (`words` is `None` without `in`).
    For {
        name: Word,
        words: Option<Vec<Word>>,
        body: List,
    },
    /// `while c; do …; done`, or `until` when `until` is true.
    While {
        until: bool,
        condition: List,
        body: List,
    },
    Case {
        word: Word,
        arms: Vec<(Vec<Word>, List)>,
    },
    /// `(( … ))` and `for (( … ))` heads: arithmetic, kept as text.
    Arithmetic(Span),
    /// `[[ … ]]`: its words, operators included.
    Test(Vec<Word>),
}

/// `name() body` or `function name body`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Function {
    pub name: Word,
    pub body: Command,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redirect {
    /// The file descriptor number written before the operator (`2>`).
    pub fd: Option<u32>,
    pub op: RedirectOp,
    /// The target word (a file, an fd for `>&`, the delimiter of a heredoc,
    /// the string of `<<<`).
    pub target: Word,
    /// For `<<` and `<<-`: the body.
    pub heredoc: Option<HeredocBody>,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RedirectOp {
    /// `<`
    In,
    /// `>` and `>|`
    Out,
    /// `>>`
    Append,
    /// `<>`
    ReadWrite,
    /// `<&`
    DupIn,
    /// `>&`
    DupOut,
    /// `&>` and `&>>` (bash): stdout and stderr.
    All,
    /// `<<` (`strip_tabs` false) and `<<-`.
    Heredoc { strip_tabs: bool },
    /// `<<<` (bash).
    HereString,
}

/// The body of a heredoc redirect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeredocBody {
    /// The body text; `None` when it is not in the script (a Dockerfile
    /// heredoc attached by the model, or a script that ends first).
    pub span: Option<Span>,
    /// Whether the delimiter is quoted (no expansion in the body).
    pub quoted: bool,
    /// The body parsed as a script, when it is one: fed to a shell
    /// (`bash <<EOF`). Filled by the model; data heredocs stay `None`.
    pub script: Option<Box<Script>>,
}

/// A word: its value after quote removal and the parts it is made of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// The value after quote removal; expansions (`$X`, `$(…)`) are kept as
    /// written.
    pub text: String,
    /// `(text offset, offset)` where each contiguous run of the word starts.
    pub(super) pieces: Vec<(usize, usize)>,
    /// The word as written, quotes included.
    pub span: Span,
    pub parts: Vec<Part>,
}

/// A run of a word's text of one kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub kind: PartKind,
    pub quote: Quote,
    /// Range in [`Word::text`].
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PartKind {
    Literal,
    /// `$NAME`, `${NAME…}`, `$1`, `$@`.
    Parameter {
        name: String,
    },
    /// `$(…)` or `` `…` ``, with the commands inside.
    Command(Box<List>),
    /// `$(( … ))`.
    Arithmetic,
    /// `<(…)` / `>(…)` (bash), with the commands inside.
    Process(Box<List>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quote {
    None,
    /// `'…'`, `$'…'`, or a character after `\`.
    Single,
    Double,
}

impl Word {
    pub(super) fn new(at: usize) -> Word {
        Word {
            text: String::new(),
            pieces: Vec::new(),
            span: Span::new(at, at),
            parts: Vec::new(),
        }
    }

    /// A word with the given text that is not written as such: every
    /// range of it maps to `span` (a word produced by expanding a variable).
    pub fn synthetic(text: String, span: Span) -> Word {
        let len = text.len();
        Word {
            text,
            pieces: Vec::new(),
            span,
            parts: vec![Part {
                kind: PartKind::Literal,
                quote: Quote::None,
                start: 0,
                end: len,
            }],
        }
    }

    /// Appends `c`, found at offset `at`, as part of a run of `kind`.
    pub(super) fn push(&mut self, c: char, at: usize, quote: Quote) {
        self.push_str_at(c.encode_utf8(&mut [0; 4]), at, quote);
    }

    pub(super) fn push_str_at(&mut self, s: &str, at: usize, quote: Quote) {
        let start = self.text.len();
        let continues = self
            .pieces
            .last()
            .is_some_and(|&(text, offset)| offset + (start - text) == at);
        if !continues {
            self.pieces.push((start, at));
        }
        self.text.push_str(s);
        match self.parts.last_mut() {
            Some(p) if p.kind == PartKind::Literal && p.quote == quote && p.end == start => {
                p.end = self.text.len()
            }
            _ => self.parts.push(Part {
                kind: PartKind::Literal,
                quote,
                start,
                end: self.text.len(),
            }),
        }
    }

    /// Appends an expansion written at `at..at + raw.len()`.
    pub(super) fn push_expansion(&mut self, raw: &str, at: usize, kind: PartKind, quote: Quote) {
        let start = self.text.len();
        let continues = self
            .pieces
            .last()
            .is_some_and(|&(text, offset)| offset + (start - text) == at);
        if !continues {
            self.pieces.push((start, at));
        }
        self.text.push_str(raw);
        self.parts.push(Part {
            kind,
            quote,
            start,
            end: self.text.len(),
        });
    }

    /// The value when the word has no expansions.
    pub fn value(&self) -> Option<&str> {
        self.is_static().then_some(self.text.as_str())
    }

    /// Whether the word has no parameter, command or arithmetic expansion.
    pub fn is_static(&self) -> bool {
        self.parts.iter().all(|p| p.kind == PartKind::Literal)
    }

    /// Whether any part of the word is quoted or escaped.
    pub fn is_quoted(&self) -> bool {
        self.parts.iter().any(|p| p.quote != Quote::None)
    }

    /// The names of the parameters the word expands.
    pub fn parameters(&self) -> impl Iterator<Item = &str> {
        self.parts.iter().filter_map(|p| match &p.kind {
            PartKind::Parameter { name } => Some(name.as_str()),
            _ => None,
        })
    }

    /// Offset of the text byte at `offset`.
    pub(super) fn offset_of(&self, offset: usize) -> usize {
        let i = self
            .pieces
            .partition_point(|&(text, _)| text <= offset)
            .max(1)
            - 1;
        let (text, at) = self.pieces.get(i).copied().unwrap_or((0, self.span.start));
        at + (offset - text)
    }

    /// Whether the text is written in the source, so a range of it can be
    /// edited (false for words produced by substituting variables).
    pub fn is_written(&self) -> bool {
        self.text.is_empty() || !self.pieces.is_empty()
    }

    /// Offsets of the text bytes `start..end`.
    pub fn range(&self, start: usize, end: usize) -> (usize, usize) {
        if self.text.is_empty() {
            return (self.span.start, self.span.start);
        }
        if !self.is_written() {
            return (self.span.start, self.span.end);
        }
        let last = self.text.len() - 1;
        let first = self.offset_of(start.min(last));
        let end = self.offset_of(end.max(start + 1).min(self.text.len()) - 1);
        (first, (end + 1).max(first))
    }

    /// The span of the text bytes `start..end`.
    pub fn span_of(&self, start: usize, end: usize) -> Span {
        let (start, end) = self.range(start, end);
        Span::new(start, end)
    }

    /// The span of the whole value (quotes excluded).
    pub fn value_span(&self) -> Span {
        self.span_of(0, self.text.len())
    }

    /// Maps every offset through `map` (byte by byte, so runs split where
    /// the mapping is not contiguous).
    pub(super) fn remap(&mut self, map: &dyn Fn(usize) -> usize) {
        let mut pieces: Vec<(usize, usize)> = Vec::with_capacity(self.pieces.len());
        for (i, &(text, _)) in self.pieces.iter().enumerate() {
            let end = self.pieces.get(i + 1).map_or(self.text.len(), |p| p.0);
            let mut k = text;
            while k < end {
                let at = map(self.offset_of(k));
                let continues = pieces.last().is_some_and(|&(t, o)| o + (k - t) == at);
                if !continues {
                    pieces.push((k, at));
                }
                k += 1;
            }
        }
        let start = map(self.span.start);
        let end = if self.span.end > self.span.start {
            map(self.span.end - 1) + 1
        } else {
            start
        };
        self.span = Span::new(start, end.max(start));
        self.pieces = pieces;
        for part in &mut self.parts {
            match &mut part.kind {
                PartKind::Command(list) | PartKind::Process(list) => list.remap(map),
                _ => {}
            }
        }
    }
}

fn remap_span(span: &mut Span, map: &dyn Fn(usize) -> usize) {
    let start = map(span.start);
    let end = if span.end > span.start {
        map(span.end - 1) + 1
    } else {
        start
    };
    *span = Span::new(start, end.max(start));
}

impl List {
    /// The simple command the list ends with, when it ends with one that
    /// runs in the foreground: appending ` && next` after it runs `next`
    /// when the whole list succeeded.
    pub fn last_command(&self) -> Option<&SimpleCommand> {
        let item = self.items.last().filter(|i| !i.background)?;
        let pipeline = item
            .and_or
            .rest
            .last()
            .map_or(&item.and_or.first, |(_, p)| p);
        match pipeline.commands.last()? {
            Command::Simple(simple) if pipeline.commands.len() == 1 => Some(simple),
            _ => None,
        }
    }
}

impl SimpleCommand {
    /// The leading `NAME=value` words.
    pub fn assignments(&self) -> &[Word] {
        &self.words[..self.assignments]
    }

    /// The words after the assignments: the program and its arguments.
    pub fn arguments(&self) -> &[Word] {
        &self.words[self.assignments..]
    }
}

impl Script {
    /// Whether the script parsed.
    pub fn is_opaque(&self) -> bool {
        self.error.is_some()
    }

    /// Maps every offset of the tree through `map`.
    pub fn remap(&mut self, map: &dyn Fn(usize) -> usize) {
        remap_span(&mut self.span, map);
        if let Some((_, at)) = &mut self.error {
            *at = map(*at);
        }
        self.body.remap(map);
    }
}

impl List {
    fn remap(&mut self, map: &dyn Fn(usize) -> usize) {
        for item in &mut self.items {
            let and_or = &mut item.and_or;
            for pipeline in
                std::iter::once(&mut and_or.first).chain(and_or.rest.iter_mut().map(|(_, p)| p))
            {
                for command in &mut pipeline.commands {
                    command.remap(map);
                }
            }
        }
    }
}

impl Command {
    fn remap(&mut self, map: &dyn Fn(usize) -> usize) {
        match self {
            Command::Simple(simple) => {
                remap_span(&mut simple.span, map);
                for word in &mut simple.words {
                    word.remap(map);
                }
                for redirect in &mut simple.redirects {
                    redirect.remap(map);
                }
                if let Some(nested) = &mut simple.nested {
                    nested.remap(map);
                }
            }
            Command::Compound(compound, redirects) => {
                compound.remap(map);
                for redirect in redirects {
                    redirect.remap(map);
                }
            }
            Command::Function(function) => {
                function.name.remap(map);
                function.body.remap(map);
            }
        }
    }
}

impl Redirect {
    fn remap(&mut self, map: &dyn Fn(usize) -> usize) {
        remap_span(&mut self.span, map);
        self.target.remap(map);
        if let Some(body) = &mut self.heredoc {
            if let Some(span) = &mut body.span {
                remap_span(span, map);
            }
            if let Some(script) = &mut body.script {
                script.remap(map);
            }
        }
    }
}

impl Compound {
    fn remap(&mut self, map: &dyn Fn(usize) -> usize) {
        match self {
            Compound::Brace(list) | Compound::Subshell(list) => list.remap(map),
            Compound::If {
                branches,
                otherwise,
            } => {
                for (condition, body) in branches {
                    condition.remap(map);
                    body.remap(map);
                }
                if let Some(list) = otherwise {
                    list.remap(map);
                }
            }
            Compound::For { name, words, body } => {
                name.remap(map);
                for word in words.iter_mut().flatten() {
                    word.remap(map);
                }
                body.remap(map);
            }
            Compound::While {
                condition, body, ..
            } => {
                condition.remap(map);
                body.remap(map);
            }
            Compound::Case { word, arms } => {
                word.remap(map);
                for (patterns, body) in arms {
                    for pattern in patterns {
                        pattern.remap(map);
                    }
                    body.remap(map);
                }
            }
            Compound::Arithmetic(span) => remap_span(span, map),
            Compound::Test(words) => {
                for word in words {
                    word.remap(map);
                }
            }
        }
    }
}
