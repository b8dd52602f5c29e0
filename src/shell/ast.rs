//! The shell syntax tree: lists, and-or chains, pipelines, simple and
//! compound commands, function definitions, redirects and words.
//!
//! Offsets are byte offsets: into the script text while parsing, and into
//! the Dockerfile once the model has mapped a script back
//! ([`Script::remap`]).

use super::parser::parameter_name;
use crate::span::{Span, narrow};
use crate::text::Text;
use packed::Packed;

mod packed;

/// A parsed script, or the span of one that does not parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Script {
    pub body: List,
    /// Set when the script does not parse: the error and where it is. The
    /// body is then empty and nothing inside the script is looked at.
    /// Boxed: scripts almost always parse, and the model keeps one `Script`
    /// per RUN.
    pub error: Option<Box<(String, usize)>>,
    /// The whole script.
    pub span: Span,
}

/// Commands separated by `;`, `&` or newlines.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct List {
    /// A boxed slice: the list is complete when parsed, so it keeps no
    /// spare capacity and no capacity field.
    pub items: Box<[Item]>,
}

/// One and-or chain of a list and the separator after it, read through
/// [`Item::pipelines`] and [`Item::background`].
///
/// Most items are one command: those keep it in place (an item is the
/// size of a [`Command`]); a chain (`&&`, `||`, `|`, `!`, `&`) keeps its
/// pipelines in one boxed slice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item(Chain);

#[derive(Debug, Clone, PartialEq, Eq)]
enum Chain {
    /// One command, run in the foreground, with no `!`, `|`, `&&` or `||`.
    One(Command),
    /// `a && b || c`, `! a | b`, `a &`: the pipelines in order.
    Links {
        links: Box<[Link]>,
        /// Ended by `&`: runs in the background.
        background: bool,
    },
}

#[cfg(target_pointer_width = "64")]
const _: () = assert!(size_of::<Item>() == size_of::<Command>() && size_of::<Link>() == 48);

/// A pipeline of an and-or chain as the chain keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Link {
    /// What joins it to the pipeline before (`None` for the first).
    pub(super) connector: Option<Connector>,
    pub(super) bang: bool,
    pub(super) commands: Commands,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Connector {
    And,
    Or,
}

/// `! a | b |& c`: a pipeline of an [`Item`], and how it joins the one
/// before it.
#[derive(Debug, Clone, Copy)]
pub struct Pipeline<'a> {
    /// `&&` or `||` before it; `None` for the first pipeline of the item.
    pub connector: Option<Connector>,
    pub bang: bool,
    pub commands: &'a [Command],
}

impl Item {
    /// An item of the pipelines `first` and `rest` (each with its
    /// connector), run in the background when `background`.
    pub(super) fn new(first: Link, rest: Vec<Link>, background: bool) -> Item {
        match first.commands {
            Commands::One(command) if rest.is_empty() && !background && !first.bang => {
                Item(Chain::One(command))
            }
            commands => {
                let first = Link { commands, ..first };
                Item(Chain::Links {
                    links: std::iter::once(first).chain(rest).collect(),
                    background,
                })
            }
        }
    }

    /// Ended by `&`: runs in the background.
    pub fn background(&self) -> bool {
        match &self.0 {
            Chain::One(_) => false,
            Chain::Links { background, .. } => *background,
        }
    }

    /// The pipelines of the and-or chain, in order.
    pub fn pipelines(&self) -> impl Iterator<Item = Pipeline<'_>> {
        let (one, links): (Option<&Command>, &[Link]) = match &self.0 {
            Chain::One(command) => (Some(command), &[]),
            Chain::Links { links, .. } => (None, links),
        };
        let lone = one.map(|command| Pipeline {
            connector: None,
            bang: false,
            commands: std::slice::from_ref(command),
        });
        lone.into_iter().chain(links.iter().map(|link| Pipeline {
            connector: link.connector,
            bang: link.bang,
            commands: &link.commands,
        }))
    }

    /// Every command of every pipeline, in order.
    pub fn commands(&self) -> impl Iterator<Item = &Command> {
        self.pipelines().flat_map(|pipeline| pipeline.commands)
    }

    pub(super) fn commands_mut(&mut self) -> impl Iterator<Item = &mut Command> {
        let (one, links): (Option<&mut Command>, &mut [Link]) = match &mut self.0 {
            Chain::One(command) => (Some(command), &mut []),
            Chain::Links { links, .. } => (None, links),
        };
        one.into_iter().chain(
            links
                .iter_mut()
                .flat_map(|link| link.commands.as_mut_slice()),
        )
    }

    /// The item's command when it is one command run in the foreground,
    /// with no `!`, `|`, `&&` or `||`.
    pub fn lone_command(&self) -> Option<&Command> {
        match &self.0 {
            Chain::One(command) => Some(command),
            Chain::Links { .. } => None,
        }
    }
}

/// The commands of a pipeline, read as a slice: a pipeline of one command
/// (the usual case) keeps it in place instead of in a vector of its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Commands {
    One(Command),
    Many(Box<[Command]>),
}

impl Commands {
    fn as_slice(&self) -> &[Command] {
        match self {
            Commands::One(command) => std::slice::from_ref(command),
            Commands::Many(commands) => commands,
        }
    }

    fn as_mut_slice(&mut self) -> &mut [Command] {
        match self {
            Commands::One(command) => std::slice::from_mut(command),
            Commands::Many(commands) => commands,
        }
    }
}

impl std::ops::Deref for Commands {
    type Target = [Command];

    fn deref(&self) -> &[Command] {
        self.as_slice()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Simple(SimpleCommand),
    Compound(Box<Compound>, Box<[Redirect]>),
    Function(Box<Function>),
}

/// `NAME=value… word… redirect…`, redirects anywhere.
///
/// Kept small (40 bytes), as a file can hold hundreds of thousands of
/// commands: what most commands lack (assignments, redirects, a nested
/// script, a wrapper before the program) is behind one pointer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SimpleCommand {
    /// The assignment words (`NAME=value`) and then the command's words.
    pub words: Vec<Word>,
    /// The whole command.
    pub span: Span,
    /// Allocated only for a command with assignments, redirects or a
    /// nested script, or that runs something else than its first word.
    extras: Option<Box<Extras>>,
}

/// The parts of a simple command most commands do not have; a command
/// without them has no assignments, no redirects, no nested script and
/// the default [`Resolution`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Extras {
    redirects: Box<[Redirect]>,
    /// The script a wrapper runs (`sh -c '…'`, `su -c '…'`), parsed from
    /// the word that carries it; filled by [`super::resolve`].
    nested: Option<Box<Script>>,
    /// How many of the words are leading assignments.
    assignments: u32,
    /// What [`super::resolve`] finds for the words, worked out once when
    /// the command is parsed (lints ask for a command's program many
    /// times).
    resolved: Resolution,
}

/// A [`super::Resolved`] in 8 bytes: the program's index and the script
/// word's (`u32::MAX` for none).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Resolution {
    pub(super) program: u32,
    pub(super) script: u32,
}

impl Default for Resolution {
    /// What an empty command resolves to, and a command that runs its
    /// first word.
    fn default() -> Self {
        Resolution {
            program: 0,
            script: u32::MAX,
        }
    }
}

/// A compound command. Its lists of words and arms are boxed slices of
/// their exact size: a vector of one word keeps room for four.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Compound {
    Brace(List),
    Subshell(List),
    /// `if c; then …; elif c; then …; else …; fi`: condition/body pairs.
    If {
        branches: Box<[(List, List)]>,
        otherwise: Option<List>,
    },
    /// `for name [in words]; do …; done` (`words` is `None` without `in`).
    For {
        name: Word,
        words: Option<Box<[Word]>>,
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
        arms: Box<[(Box<[Word]>, List)]>,
    },
    /// `(( … ))` and `for (( … ))` heads: arithmetic, kept as text.
    Arithmetic(Span),
    /// `[[ … ]]`: its words, operators included.
    Test(Box<[Word]>),
}

/// `name() body` or `function name body`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Function {
    pub name: Word,
    pub body: Command,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redirect {
    /// The file descriptor number written before the operator, when
    /// `has_fd` ([`Self::fd`]): two fields, as an `Option<u32>` takes 8
    /// bytes and, beside the operator, would add 8 to every redirect.
    fd: u32,
    has_fd: bool,
    pub op: RedirectOp,
    /// The target word (a file, an fd for `>&`, the delimiter of a heredoc,
    /// the string of `<<<`).
    pub target: Word,
    /// For `<<` and `<<-`: the body (boxed: most redirects have none).
    pub heredoc: Option<Box<HeredocBody>>,
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
///
/// Kept small, as a file can hold hundreds of thousands of words: the
/// common word (one literal part written in one place) is 32 bytes and
/// allocates nothing but a text longer than 22 bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// The value after quote removal; expansions (`$X`, `$(…)`) are kept as
    /// written.
    pub text: Text,
    /// Its span ([`Word::span`]) and [`Layout`], in one pointer.
    layout: Packed,
}

#[cfg(target_pointer_width = "64")]
const _: () = assert!(size_of::<Word>() == 32 && size_of::<SimpleCommand>() == 40);

/// Where a word's text is written and what parts it is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layout<'a> {
    /// No parts at all (the missing name of `for ((…))`).
    Bare,
    /// One literal part with this quoting, written contiguously from `at`
    /// (at most 3 bytes into the word's span; a word whose text starts
    /// further in is `General`).
    Plain { at: usize, quote: Quote },
    /// One parameter expansion (`$X`, `${X}`), written contiguously from
    /// `at`; `quoted` in double quotes (`"$X"`: an empty double-quoted
    /// literal part, then the expansion).
    Parameter { at: usize, quoted: bool },
    /// One unquoted literal part that is not written as such (a word
    /// produced by substituting variables).
    Synthetic,
    /// Anything else (boxed).
    General(&'a General),
}

/// The parts of a word that is not one plain literal, each kept at its
/// exact size: a part is 12 bytes, and the lists of substitutions, which
/// few words have, are apart from the parts.
#[derive(Debug, Clone, PartialEq, Eq)]
struct General {
    /// The word as written, quotes included.
    span: Span,
    pieces: Pieces,
    parts: Box<[Part]>,
    /// The lists of the word's [`PartKind::Command`] and
    /// [`PartKind::Process`] parts, in order.
    substitutions: Box<[List]>,
}

#[cfg(target_pointer_width = "64")]
const _: () = assert!(size_of::<Part>() == 12 && size_of::<General>() == 64);

/// `(text offset, offset)` where each contiguous run of a word starts, in
/// 32 bits (an input is at most 64 MiB). Up to two runs (nearly every
/// word: `--name="$X"` is two) are kept in place; each length has one form,
/// so the derived equality compares the runs.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Pieces {
    /// The text is not written as such, or there is no text.
    None,
    One((u32, u32)),
    Two([(u32, u32); 2]),
    Many(Box<[(u32, u32)]>),
}

impl General {
    /// The general form of a word whose text is not written as such (a
    /// bare or synthetic word whose span does not fit in place).
    fn unwritten(span: Span, parts: &[Part]) -> Packed {
        Packed::general(Box::new(General {
            span,
            pieces: Pieces::None,
            parts: parts.into(),
            substitutions: Box::new([]),
        }))
    }
}

impl Pieces {
    fn new(pieces: &[(u32, u32)]) -> Pieces {
        match *pieces {
            [] => Pieces::None,
            [one] => Pieces::One(one),
            [first, second] => Pieces::Two([first, second]),
            _ => Pieces::Many(pieces.into()),
        }
    }

    fn as_slice(&self) -> &[(u32, u32)] {
        match self {
            Pieces::None => &[],
            Pieces::One(one) => std::slice::from_ref(one),
            Pieces::Two(two) => two,
            Pieces::Many(many) => many,
        }
    }

    fn get(&self, i: usize) -> Option<(usize, usize)> {
        let &(text, at) = self.as_slice().get(i)?;
        Some((text as usize, at as usize))
    }

    /// Index of the run holding text offset `offset`.
    fn find(&self, offset: usize) -> usize {
        let pieces = self.as_slice();
        pieces
            .partition_point(|&(text, _)| text as usize <= offset)
            .max(1)
            - 1
    }
}

/// Records in `pieces` (as [`Pieces`] lists them) that the text from
/// `start` on is written at `at`.
fn continue_at(pieces: &mut Vec<(u32, u32)>, start: usize, at: usize) {
    let continues = pieces
        .last()
        .is_some_and(|&(text, offset)| offset as usize + (start - text as usize) == at);
    if !continues {
        pieces.push((narrow(start), narrow(at)));
    }
}

/// A word being read by the parser.
pub(super) struct Builder {
    text: String,
    /// As [`Pieces`] lists them.
    pieces: Vec<(u32, u32)>,
    parts: Vec<Part>,
    substitutions: Vec<List>,
}

impl Builder {
    pub(super) fn new() -> Builder {
        Builder::reusing(Scratch::default())
    }

    pub(super) fn text(&self) -> &str {
        &self.text
    }

    pub(super) fn parts(&self) -> &[Part] {
        &self.parts
    }

    /// Appends `c`, found at offset `at`, as part of a run of `kind`.
    pub(super) fn push(&mut self, c: char, at: usize, quote: Quote) {
        self.push_str_at(c.encode_utf8(&mut [0; 4]), at, quote);
    }

    pub(super) fn push_str_at(&mut self, s: &str, at: usize, quote: Quote) {
        let start = self.text.len();
        continue_at(&mut self.pieces, start, at);
        self.text.push_str(s);
        match self.parts.last_mut() {
            Some(p) if p.kind == PartKind::Literal && p.quote == quote && p.end() == start => {
                p.end = narrow(self.text.len())
            }
            _ => self
                .parts
                .push(Part::new(PartKind::Literal, quote, start, self.text.len())),
        }
    }

    /// Appends an expansion written at `at..at + raw.len()`.
    pub(super) fn push_expansion(&mut self, raw: &str, at: usize, kind: PartKind, quote: Quote) {
        let start = self.text.len();
        continue_at(&mut self.pieces, start, at);
        self.text.push_str(raw);
        self.parts
            .push(Part::new(kind, quote, start, self.text.len()));
    }

    /// Appends a command or process substitution (`kind`) of `list`,
    /// written at `at..at + raw.len()`.
    pub(super) fn push_substitution(
        &mut self,
        raw: &str,
        at: usize,
        kind: PartKind,
        list: List,
        quote: Quote,
    ) {
        self.push_expansion(raw, at, kind, quote);
        self.substitutions.push(list);
    }

    /// A builder that reuses the buffers of `scratch` (emptied).
    pub(super) fn reusing(scratch: Scratch) -> Builder {
        let Scratch {
            mut text,
            mut pieces,
            mut parts,
            mut substitutions,
        } = scratch;
        text.clear();
        pieces.clear();
        parts.clear();
        substitutions.clear();
        Builder {
            text,
            pieces,
            parts,
            substitutions,
        }
    }

    /// The word, written at `span`, in its compact form, and the builder's
    /// buffers to reuse for the next word. The word's own text and parts
    /// are allocated at their exact size, once.
    pub(super) fn finish_reusing(self, span: Span) -> (Word, Scratch) {
        let Builder {
            text,
            pieces,
            parts,
            mut substitutions,
        } = self;
        let word_text = Text::from(text.as_str());
        let inline = match (pieces.as_slice(), parts.as_slice()) {
            (_, []) => Packed::bare(span),
            (&[(0, at)], [part])
                if part.kind == PartKind::Literal
                    && part.start == 0
                    && part.end() == text.len() =>
            {
                Packed::plain(span, at as usize, part.quote)
            }
            (&[(0, at)], [part]) if *part == Part::parameter(text.len(), Quote::None) => {
                Packed::parameter(span, at as usize, false)
            }
            (&[(0, at)], [empty, part])
                if *empty == Part::EMPTY_DOUBLE
                    && *part == Part::parameter(text.len(), Quote::Double) =>
            {
                Packed::parameter(span, at as usize, true)
            }
            _ => None,
        };
        // Copies of the exact size, the lists moved out; the scratch
        // vectors (with their capacity) stay for the next word.
        let layout = inline.unwrap_or_else(|| {
            Packed::general(Box::new(General {
                span,
                pieces: Pieces::new(&pieces),
                parts: parts.as_slice().into(),
                substitutions: substitutions.drain(..).collect(),
            }))
        });
        let word = Word {
            text: word_text,
            layout,
        };
        let scratch = Scratch {
            text,
            pieces,
            parts,
            substitutions,
        };
        (word, scratch)
    }

    /// The builder's buffers, for the next word.
    pub(super) fn into_scratch(self) -> Scratch {
        Scratch {
            text: self.text,
            pieces: self.pieces,
            parts: self.parts,
            substitutions: self.substitutions,
        }
    }

    /// The word, written at `span`, in its compact form.
    pub(super) fn finish(self, span: Span) -> Word {
        self.finish_reusing(span).0
    }
}

/// The buffers of a [`Builder`], kept by the parser between words so that
/// building a word does not grow a fresh string and vectors each time.
#[derive(Default)]
pub(super) struct Scratch {
    text: String,
    pieces: Vec<(u32, u32)>,
    parts: Vec<Part>,
    substitutions: Vec<List>,
}

/// The parts of a word (see [`Word::parts`]).
#[derive(Debug, Clone)]
pub enum Parts<'a> {
    One(Part),
    Two([Part; 2]),
    Many(&'a [Part]),
}

impl std::ops::Deref for Parts<'_> {
    type Target = [Part];

    fn deref(&self) -> &[Part] {
        match self {
            Parts::One(part) => std::slice::from_ref(part),
            Parts::Two(parts) => parts,
            Parts::Many(parts) => parts,
        }
    }
}

/// A run of a word's text of one kind.
///
/// 12 bytes: what a part holds beyond its kind and range (a parameter's
/// name, a substitution's commands) is read from its word
/// ([`Word::parameter_name`], [`Word::substitutions`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Part {
    pub kind: PartKind,
    pub quote: Quote,
    /// Range in [`Word::text`], in 32 bits as a [`Span`]'s ([`Part::start`],
    /// [`Part::end`]).
    start: u32,
    end: u32,
}

impl Part {
    /// The empty literal part `""` makes: what a double-quoted expansion
    /// (`"$X"`) starts with.
    const EMPTY_DOUBLE: Part = Part {
        kind: PartKind::Literal,
        quote: Quote::Double,
        start: 0,
        end: 0,
    };

    /// A parameter expansion that is all of a text of `len` bytes.
    fn parameter(len: usize, quote: Quote) -> Part {
        Part::new(PartKind::Parameter, quote, 0, len)
    }

    pub fn new(kind: PartKind, quote: Quote, start: usize, end: usize) -> Part {
        Part {
            kind,
            quote,
            start: narrow(start),
            end: narrow(end),
        }
    }

    /// Where the run starts in [`Word::text`].
    pub fn start(&self) -> usize {
        self.start as usize
    }

    /// Where the run ends in [`Word::text`].
    pub fn end(&self) -> usize {
        self.end as usize
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartKind {
    Literal,
    /// `$NAME`, `${NAME…}`, `$1`, `$@`: the name is
    /// [`Word::parameter_name`].
    Parameter,
    /// `$(…)` or `` `…` ``: the commands inside are among
    /// [`Word::substitutions`].
    Command,
    /// `$(( … ))`.
    Arithmetic,
    /// `<(…)` / `>(…)` (bash): the commands inside are among
    /// [`Word::substitutions`].
    Process,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quote {
    None,
    /// `'…'`, `$'…'`, or a character after `\`.
    Single,
    Double,
}

impl Word {
    /// An empty word with no parts, at `at`.
    pub(super) fn new(at: usize) -> Word {
        let span = Span::new(at, at);
        Word {
            text: Text::new(),
            layout: Packed::bare(span).unwrap_or_else(|| General::unwritten(span, &[])),
        }
    }

    /// A word with the given text that is not written as such: every
    /// range of it maps to `span` (a word produced by expanding a variable).
    pub fn synthetic(text: String, span: Span) -> Word {
        let len = text.len();
        Word {
            text: text.into(),
            layout: Packed::synthetic(span).unwrap_or_else(|| {
                General::unwritten(span, &[Part::new(PartKind::Literal, Quote::None, 0, len)])
            }),
        }
    }

    /// The word as written, quotes included.
    pub fn span(&self) -> Span {
        self.layout.span()
    }

    /// The runs of the word's text: literal text, expansions, substitutions.
    pub fn parts(&self) -> Parts<'_> {
        let len = self.text.len();
        let literal = |quote| Parts::One(Part::new(PartKind::Literal, quote, 0, len));
        match self.layout.get() {
            Layout::Bare => Parts::Many(&[]),
            Layout::Plain { quote, .. } => literal(quote),
            Layout::Parameter { quoted: false, .. } => {
                Parts::One(Part::parameter(len, Quote::None))
            }
            Layout::Parameter { quoted: true, .. } => {
                Parts::Two([Part::EMPTY_DOUBLE, Part::parameter(len, Quote::Double)])
            }
            Layout::Synthetic => literal(Quote::None),
            Layout::General(general) => Parts::Many(&general.parts),
        }
    }

    /// The commands of the word's command and process substitutions, in
    /// the order of their parts.
    pub fn substitutions(&self) -> impl Iterator<Item = &List> {
        let lists: &[List] = match self.layout.get() {
            Layout::General(general) => &general.substitutions,
            _ => &[],
        };
        lists.iter()
    }

    pub(super) fn substitutions_mut(&mut self) -> impl Iterator<Item = &mut List> {
        let lists: &mut [List] = match self.layout.general_mut() {
            Some(general) => &mut general.substitutions,
            None => &mut [],
        };
        lists.iter_mut()
    }

    /// The value when the word has no expansions.
    pub fn value(&self) -> Option<&str> {
        self.is_static().then_some(self.text.as_str())
    }

    /// Whether the word has no parameter, command or arithmetic expansion.
    pub fn is_static(&self) -> bool {
        match self.layout.get() {
            Layout::General(general) => general.parts.iter().all(|p| p.kind == PartKind::Literal),
            Layout::Parameter { .. } => false,
            Layout::Bare | Layout::Plain { .. } | Layout::Synthetic => true,
        }
    }

    /// Whether any part of the word is quoted or escaped.
    pub fn is_quoted(&self) -> bool {
        match self.layout.get() {
            Layout::Plain { quote, .. } => quote != Quote::None,
            Layout::Parameter { quoted, .. } => quoted,
            Layout::General(general) => general.parts.iter().any(|p| p.quote != Quote::None),
            Layout::Bare | Layout::Synthetic => false,
        }
    }

    /// The names of the parameters the word expands.
    pub fn parameters(&self) -> impl Iterator<Item = &str> {
        let (whole, parts): (Option<&str>, &[Part]) = match self.layout.get() {
            Layout::General(general) => (None, &general.parts),
            Layout::Parameter { .. } => (Some(parameter_name(&self.text)), &[]),
            Layout::Bare | Layout::Plain { .. } | Layout::Synthetic => (None, &[]),
        };
        whole
            .into_iter()
            .chain(parts.iter().filter_map(|p| self.parameter_name(p)))
    }

    /// The name of the parameter `part` (one of this word's parts)
    /// expands, when it is a [`PartKind::Parameter`]: read from the part's
    /// text (`$NAME`, `${#NAME[@]}`…) rather than kept beside it.
    pub fn parameter_name(&self, part: &Part) -> Option<&str> {
        (part.kind == PartKind::Parameter)
            .then(|| parameter_name(&self.text[part.start()..part.end()]))
    }

    /// Offset of the text byte at `offset`, and how many bytes from there
    /// are written contiguously (at least one).
    pub(super) fn offset_run(&self, offset: usize) -> (usize, usize) {
        let (text, at, end) = match self.layout.get() {
            Layout::Plain { at, .. } | Layout::Parameter { at, .. } => (0, at, usize::MAX),
            Layout::General(general) => {
                let pieces = &general.pieces;
                let i = pieces.find(offset);
                let (text, at) = pieces.get(i).unwrap_or((0, general.span.start()));
                let end = pieces.get(i + 1).map_or(usize::MAX, |(next, _)| next);
                (text, at, end)
            }
            Layout::Bare | Layout::Synthetic => (0, self.span().start(), usize::MAX),
        };
        let offset = offset.max(text);
        (at + (offset - text), end.saturating_sub(offset).max(1))
    }

    /// Offset of the text byte at `offset`.
    pub(super) fn offset_of(&self, offset: usize) -> usize {
        self.offset_run(offset).0
    }

    /// Whether the text is written in the source, so a range of it can be
    /// edited (false for words produced by substituting variables).
    pub fn is_written(&self) -> bool {
        self.text.is_empty()
            || match self.layout.get() {
                Layout::Plain { .. } | Layout::Parameter { .. } => true,
                Layout::General(general) => general.pieces != Pieces::None,
                Layout::Bare | Layout::Synthetic => false,
            }
    }

    /// Offsets of the text bytes `start..end`.
    pub fn range(&self, start: usize, end: usize) -> (usize, usize) {
        if self.text.is_empty() {
            return (self.span().start(), self.span().start());
        }
        if !self.is_written() {
            return (self.span().start(), self.span().end());
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

    /// Maps every offset through `map`, run by run (runs split where the
    /// mapping is not contiguous).
    pub(super) fn remap(&mut self, map: &dyn Map) {
        let mut span = self.span();
        remap_span(&mut span, map);
        let len = self.text.len();
        let inline = match self.layout.get() {
            Layout::Bare | Layout::Synthetic => self.layout.moved(span, span.start()),
            Layout::Plain { at, .. } | Layout::Parameter { at, .. } => {
                let (mapped, run) = map.run(at);
                let moved = self.layout.moved(span, mapped).filter(|_| run >= len);
                Some(moved.unwrap_or_else(|| {
                    let pieces = remap_pieces(&Pieces::One((0, narrow(at))), len, map);
                    Packed::general(Box::new(General {
                        span,
                        pieces,
                        parts: (*self.parts()).into(),
                        substitutions: Box::new([]),
                    }))
                }))
            }
            Layout::General(_) => None,
        };
        match inline {
            Some(layout) => self.layout = layout,
            None => match self.layout.general_mut() {
                Some(general) => {
                    general.span = span;
                    general.pieces = remap_pieces(&general.pieces, len, map);
                    for list in &mut general.substitutions {
                        list.remap(map);
                    }
                }
                // A bare or synthetic word whose span no longer fits.
                None => self.layout = General::unwritten(span, &self.parts()),
            },
        }
    }
}

/// The runs of a text of `len` bytes written at `old`, mapped through `map`.
fn remap_pieces(old: &Pieces, len: usize, map: &dyn Map) -> Pieces {
    let mut pieces = Vec::new();
    for i in 0..old.as_slice().len() {
        let Some((text, at)) = old.get(i) else { break };
        let end = old.get(i + 1).map_or(len, |p| p.0);
        let mut k = text;
        while k < end {
            let (mapped, run) = map.run(at + (k - text));
            continue_at(&mut pieces, k, mapped);
            k += run.min(end - k).max(1);
        }
    }
    Pieces::new(&pieces)
}

/// A map of offsets (from a script's text to the Dockerfile) that is
/// contiguous over runs, so trees are mapped run by run, not byte by byte.
pub trait Map {
    /// Where `offset` goes, and for how many bytes from there the map is
    /// contiguous (at least one).
    fn run(&self, offset: usize) -> (usize, usize);

    fn map(&self, offset: usize) -> usize {
        self.run(offset).0
    }
}

/// Shifts every offset by a constant.
pub struct Shift(pub usize);

impl Map for Shift {
    fn run(&self, offset: usize) -> (usize, usize) {
        (offset + self.0, usize::MAX)
    }
}

impl Map for Word {
    fn run(&self, offset: usize) -> (usize, usize) {
        self.offset_run(offset)
    }
}

fn remap_span(span: &mut Span, map: &dyn Map) {
    let (start, run) = map.run(span.start());
    let len = span.end().saturating_sub(span.start());
    let end = if len == 0 {
        start
    } else if len <= run {
        // The span lies in the run from its start: no second look-up.
        start + len
    } else {
        map.map(span.end() - 1) + 1
    };
    *span = Span::new(start, end.max(start));
}

impl List {
    /// The simple command the list ends with, when it ends with one that
    /// runs in the foreground: appending ` && next` after it runs `next`
    /// when the whole list succeeded.
    pub fn last_command(&self) -> Option<&SimpleCommand> {
        let item = self.items.last().filter(|i| !i.background())?;
        let pipeline = item.pipelines().last()?;
        match pipeline.commands {
            [Command::Simple(simple)] => Some(simple),
            _ => None,
        }
    }
}

impl SimpleCommand {
    /// A command of `words`, the first `assignments` of them leading
    /// `NAME=value` assignments, with `redirects`, written at `span`; what
    /// it runs is worked out here, once.
    pub(super) fn new(
        words: Vec<Word>,
        assignments: u32,
        redirects: Box<[Redirect]>,
        span: Span,
    ) -> SimpleCommand {
        let resolved = Resolution::of(&words);
        let extras = Extras {
            redirects,
            nested: None,
            assignments,
            resolved,
        };
        SimpleCommand {
            words,
            span,
            extras: (extras != Extras::default()).then(|| Box::new(extras)),
        }
    }

    /// The leading `NAME=value` words.
    pub fn assignments(&self) -> &[Word] {
        &self.words[..self.assignment_count()]
    }

    /// The words after the assignments: the program and its arguments.
    pub fn arguments(&self) -> &[Word] {
        &self.words[self.assignment_count()..]
    }

    fn assignment_count(&self) -> usize {
        self.extras
            .as_ref()
            .map_or(0, |extras| extras.assignments as usize)
    }

    /// The redirects, in source order.
    pub fn redirects(&self) -> &[Redirect] {
        self.extras.as_ref().map_or(&[], |extras| &extras.redirects)
    }

    pub(super) fn redirects_mut(&mut self) -> &mut [Redirect] {
        self.extras
            .as_mut()
            .map_or(&mut [], |extras| &mut extras.redirects)
    }

    /// The script a wrapper runs (`sh -c '…'`, `su -c '…'`), parsed from
    /// the word that carries it; filled by [`super::resolve`].
    pub fn nested(&self) -> Option<&Script> {
        self.extras.as_ref()?.nested.as_deref()
    }

    pub(super) fn nested_mut(&mut self) -> Option<&mut Script> {
        self.extras.as_mut()?.nested.as_deref_mut()
    }

    pub(super) fn set_nested(&mut self, script: Script) {
        self.extras.get_or_insert_default().nested = Some(Box::new(script));
    }

    /// What the command resolves to, as worked out by [`Self::new`].
    pub(super) fn resolution(&self) -> Resolution {
        self.extras
            .as_ref()
            .map_or_else(Resolution::default, |extras| extras.resolved)
    }
}

impl Script {
    /// Whether the script parsed.
    pub fn is_opaque(&self) -> bool {
        self.error.is_some()
    }

    /// Maps every offset of the tree through `map`.
    pub fn remap(&mut self, map: &dyn Map) {
        remap_span(&mut self.span, map);
        if let Some(error) = &mut self.error {
            error.1 = map.map(error.1);
        }
        self.body.remap(map);
    }
}

impl List {
    fn remap(&mut self, map: &dyn Map) {
        for item in &mut self.items {
            for command in item.commands_mut() {
                command.remap(map);
            }
        }
    }
}

impl Command {
    fn remap(&mut self, map: &dyn Map) {
        match self {
            Command::Simple(simple) => {
                remap_span(&mut simple.span, map);
                for word in &mut simple.words {
                    word.remap(map);
                }
                for redirect in simple.redirects_mut() {
                    redirect.remap(map);
                }
                if let Some(nested) = simple.nested_mut() {
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
    pub(super) fn new(
        fd: Option<u32>,
        op: RedirectOp,
        target: Word,
        heredoc: Option<Box<HeredocBody>>,
        span: Span,
    ) -> Redirect {
        Redirect {
            fd: fd.unwrap_or_default(),
            has_fd: fd.is_some(),
            op,
            target,
            heredoc,
            span,
        }
    }

    /// The file descriptor number written before the operator (`2>`).
    pub fn fd(&self) -> Option<u32> {
        self.has_fd.then_some(self.fd)
    }

    fn remap(&mut self, map: &dyn Map) {
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
    fn remap(&mut self, map: &dyn Map) {
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
