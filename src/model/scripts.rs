//! The shell trees of RUN instructions, parsed once by the semantic pass
//! with offsets into the Dockerfile, and the commands they run.

use crate::shell::{self, Place, Script, SimpleCommand, Word, walk};
use crate::span::Span;
use crate::syntax::{Form, Instruction, Keyword, LogicalLine};
use std::cell::Cell;

/// A simple command a RUN executes.
#[derive(Debug, Clone, Copy)]
pub struct RunCommand<'m> {
    /// Index of the RUN instruction.
    pub instruction: usize,
    /// Index of the stage the RUN is in.
    pub stage: usize,
    pub command: &'m SimpleCommand,
    /// Nested (`sh -c`, substitutions) or in a heredoc script.
    pub place: Place,
}

impl<'m> RunCommand<'m> {
    /// Every word, leading `NAME=value` assignments included.
    pub fn words(&self) -> &'m [Word] {
        &self.command.words
    }

    /// The program and its arguments, wrappers (`sudo`, `env`, …) skipped.
    pub fn program(&self) -> &'m [Word] {
        self.command.program()
    }

    /// The program's name (basename, when written literally).
    pub fn name(&self) -> Option<&'m str> {
        self.program()
            .first()
            .and_then(Word::value)
            .map(shell::basename)
    }

    /// The program's arguments.
    pub fn args(&self) -> &'m [Word] {
        self.program().get(1..).unwrap_or_default()
    }
}

/// One script of a RUN.
#[derive(Debug, Clone)]
pub struct RunScript {
    pub tree: Script,
    /// The RUN's own heredoc (`RUN <<EOF`) rather than its command line.
    pub heredoc: bool,
}

/// The scripts of a RUN (or `ONBUILD RUN`): the shell-form line, or the
/// heredoc that is the whole command (`RUN <<EOF`). Heredocs fed to a shell
/// (`RUN bash <<EOF`) are parsed inside the tree; every other heredoc
/// (`cat <<EOF > file`, `python3 <<EOF`) is data and stays unparsed. An
/// empty list for exec form and for stages whose shell is not POSIX.
pub fn parse_run(instruction: &Instruction, source: &str, posix: bool) -> Vec<RunScript> {
    let run = instruction.effective();
    if run.kind != Keyword::Run {
        return Vec::new();
    }
    if let Form::Exec(args) = &run.form {
        return exec_script(run, args).into_iter().collect();
    }
    let span = run.line.source_span(run.args_offset(), run.line.len());
    if !posix {
        return vec![RunScript {
            tree: opaque("the stage's shell is not a POSIX shell", span),
            heredoc: false,
        }];
    }
    let text = run.args_text();
    if let Some(body) = own_heredoc(run) {
        let Some(text) = source.get(body.start()..body.end()) else {
            return Vec::new();
        };
        if let Some(interpreter) = shebang(text)
            && !shell::is_shell(&interpreter)
        {
            return vec![RunScript {
                tree: opaque(&format!("a `{interpreter}` script"), body),
                heredoc: true,
            }];
        }
        let mut script = shell::parse(text);
        script.remap(&shell::Shift(body.start()));
        shell::nest(&mut script);
        shell::heredoc_scripts(&mut script, source, 0);
        return vec![RunScript {
            tree: script,
            heredoc: true,
        }];
    }
    let mut script = shell::parse(&text);
    script.remap(&LineMap {
        line: &run.line,
        start: run.args_offset(),
        near: Cell::new(0),
    });
    let mut bodies = run.heredocs().iter();
    walk::redirects_mut(&mut script.body, &mut |redirect| {
        if let Some(body) = &mut redirect.heredoc
            && body.span.is_none()
        {
            body.span = bodies.next().map(|h| h.body);
        }
    });
    shell::nest(&mut script);
    shell::heredoc_scripts(&mut script, source, 0);
    vec![RunScript {
        tree: script,
        heredoc: false,
    }]
}

/// Offsets in the text of a RUN's arguments → the Dockerfile.
struct LineMap<'a> {
    line: &'a LogicalLine<'a>,
    /// Logical offset of the arguments.
    start: usize,
    /// The piece of the line the last offset fell in: a tree is mapped
    /// mostly left to right, so the next offset is usually in it.
    near: Cell<usize>,
}

impl shell::Map for LineMap<'_> {
    fn run(&self, offset: usize) -> (usize, usize) {
        self.line.source_run_near(self.start + offset, &self.near)
    }
}

/// The script of an exec-form `RUN ["sh", "-c", "…"]` (any shell, after
/// wrappers such as `env`), parsed like a shell-form line, with offsets
/// into the JSON string as written.
fn exec_script(run: &Instruction, args: &[String]) -> Option<RunScript> {
    let words: Vec<Word> = args
        .iter()
        .map(|a| Word::synthetic(a.clone(), Span::default()))
        .collect();
    let index = shell::resolve(&words).script?;
    let strings = json_strings(&run.line.text(), run.args_offset())?;
    let (text, offsets) = strings.into_iter().nth(index)?;
    if text != args[index] {
        return None;
    }
    let mut script = shell::parse(&text);
    let end = offsets.last().map_or(0, |&o| o + 1);
    script.remap(&TableMap {
        line: &run.line,
        offsets: &offsets,
        end,
    });
    shell::nest(&mut script);
    Some(RunScript {
        tree: script,
        heredoc: false,
    })
}

/// Offsets in a decoded JSON string → the Dockerfile, through the table
/// of where each decoded byte comes from.
struct TableMap<'a> {
    line: &'a LogicalLine<'a>,
    offsets: &'a [usize],
    /// Logical offset just past the string.
    end: usize,
}

impl shell::Map for TableMap<'_> {
    fn run(&self, offset: usize) -> (usize, usize) {
        let at = self.offsets.get(offset).copied().unwrap_or(self.end);
        // Byte by byte: exec-form scripts are short and rare.
        (self.line.source_offset(at), 1)
    }
}

/// The string elements of the JSON array at logical offset `start` of
/// `text`, each decoded, with the offset in `text` of the character (or
/// escape) every decoded byte comes from. `None` unless it is an array of
/// strings.
fn json_strings(text: &str, start: usize) -> Option<Vec<(String, Vec<usize>)>> {
    let bytes = text.as_bytes();
    let mut pos = start;
    let skip = |pos: &mut usize| {
        while bytes.get(*pos).is_some_and(|b| b" \t\n\r".contains(b)) {
            *pos += 1;
        }
    };
    skip(&mut pos);
    if bytes.get(pos) != Some(&b'[') {
        return None;
    }
    pos += 1;
    let mut out = Vec::new();
    loop {
        skip(&mut pos);
        match bytes.get(pos)? {
            b']' if out.is_empty() => return Some(out),
            b'"' => {}
            _ => return None,
        }
        pos += 1;
        let mut value = String::new();
        let mut offsets = Vec::new();
        loop {
            let at = pos;
            let c = text.get(pos..)?.chars().next()?;
            pos += c.len_utf8();
            let decoded = match c {
                '"' => break,
                '\\' => {
                    let e = *bytes.get(pos)?;
                    pos += 1;
                    match e {
                        b'n' => '\n',
                        b't' => '\t',
                        b'r' => '\r',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'u' => {
                            let hex = |p: usize| u32::from_str_radix(text.get(p..p + 4)?, 16).ok();
                            let unit = hex(pos)?;
                            pos += 4;
                            let pair = (0xd800..0xdc00).contains(&unit)
                                && text.get(pos..pos + 2) == Some("\\u");
                            match pair.then(|| hex(pos + 2)).flatten() {
                                Some(low) if (0xdc00..0xe000).contains(&low) => {
                                    pos += 6;
                                    let code = 0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00);
                                    char::from_u32(code).unwrap_or('\u{fffd}')
                                }
                                _ => char::from_u32(unit).unwrap_or('\u{fffd}'),
                            }
                        }
                        other => other as char,
                    }
                }
                c => c,
            };
            let len = decoded.len_utf8();
            value.push(decoded);
            offsets.extend((0..len).map(|k| if decoded == c { at + k } else { at }));
        }
        out.push((value, offsets));
        skip(&mut pos);
        match bytes.get(pos)? {
            b',' => pos += 1,
            b']' => return Some(out),
            _ => return None,
        }
    }
}

fn opaque(why: &str, span: Span) -> Script {
    Script {
        body: Default::default(),
        error: Some(Box::new((why.to_string(), span.start()))),
        span,
    }
}

/// The body of the heredoc that is a RUN's whole script: BuildKit runs
/// the first heredoc's body as the script when the command is only its
/// marker (`RUN <<EOF`, `RUN <<-EOT`).
fn own_heredoc(run: &Instruction) -> Option<Span> {
    let heredoc = run.heredocs().first()?;
    is_lone_marker(&run.args_text()).then_some(heredoc.body)
}

/// `<<EOF`, `<<-"EOT"`, `0<<X`: BuildKit's test for a RUN that is only a
/// heredoc marker.
fn is_lone_marker(text: &str) -> bool {
    let text = text.trim();
    let rest = text.trim_start_matches(|c: char| c.is_ascii_digit());
    let Some(rest) = rest.strip_prefix("<<") else {
        return false;
    };
    let rest = rest.strip_prefix('-').unwrap_or(rest).trim_start();
    !rest.is_empty() && !rest.contains('<') && !rest.contains(char::is_whitespace)
}

/// The interpreter named by a `#!` line (`/usr/bin/env python3` → `python3`).
fn shebang(text: &str) -> Option<String> {
    let line = text.strip_prefix("#!")?.lines().next()?;
    let mut words = line.split_whitespace();
    let first = words.next()?;
    let program = if shell::basename(first) == "env" {
        words.find(|w| !w.starts_with('-'))?
    } else {
        first
    };
    Some(shell::basename(program).to_string())
}

/// Calls `f` for every command of the scripts.
pub fn for_each_command<'a>(scripts: &'a [RunScript], f: &mut dyn FnMut(&'a SimpleCommand, Place)) {
    for script in scripts {
        let place = Place {
            nested: false,
            heredoc: script.heredoc,
        };
        walk::commands(&script.tree.body, place, f);
    }
}

/// The words of a script that is one plain command: no expansion, quote,
/// escape, operator, redirect, glob, `~`, comment or assignment.
pub fn plain_words(text: &str) -> Option<Vec<String>> {
    let tree = shell::parse(text);
    if tree.error.is_some() || tree.body.items.len() != 1 || text.contains(['#', '\n']) {
        return None;
    }
    let Some(shell::Command::Simple(command)) = tree.body.items[0].lone_command() else {
        return None;
    };
    if !command.assignments().is_empty()
        || !command.redirects().is_empty()
        || command.words.is_empty()
    {
        return None;
    }
    command
        .words
        .iter()
        .map(|w| {
            let plain = w.is_static()
                && !w.is_quoted()
                && !w.text.contains(['*', '?', '[', ']', '{', '}', '~', '=']);
            plain.then(|| w.text.to_string())
        })
        .collect()
}

/// The text a shell is given for one script of a RUN, exactly as it runs
/// it, with where each byte comes from in the Dockerfile: for checkers
/// that read scripts as text (ShellCheck).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScriptText {
    pub text: String,
    /// Runs of text, by offset in the text.
    pieces: Vec<Piece>,
    /// The program that reads the script when the text says so: a `#!`
    /// line naming a shell, or the shell a heredoc is fed to (`bash <<EOF`).
    pub interpreter: Option<String>,
    /// A heredoc body rather than the RUN's command line.
    pub heredoc: bool,
}

/// A run of a [`ScriptText`] that is contiguous in the Dockerfile, or
/// text the shell needs that is not written there (a heredoc terminator
/// of a line whose bodies are left out), placed at one offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Piece {
    /// Offset in the text.
    at: usize,
    /// Offset in the Dockerfile.
    source: usize,
    synthetic: bool,
}

impl ScriptText {
    fn new(interpreter: Option<String>, heredoc: bool) -> ScriptText {
        ScriptText {
            text: String::new(),
            pieces: Vec::new(),
            interpreter,
            heredoc,
        }
    }

    /// Appends `text`, whose bytes come from the Dockerfile from `source`
    /// on (contiguously), or are placed there when `synthetic`.
    fn push(&mut self, text: &str, source: usize, synthetic: bool) {
        if text.is_empty() {
            return;
        }
        let at = self.text.len();
        let contiguous = !synthetic
            && self
                .pieces
                .last()
                .is_some_and(|p| !p.synthetic && p.source + (at - p.at) == source);
        if !contiguous {
            self.pieces.push(Piece {
                at,
                source,
                synthetic,
            });
        }
        self.text.push_str(text);
    }

    /// The Dockerfile offset of the text's byte at `at` (the end of the
    /// script for `at` at or past its end).
    pub fn source_offset(&self, at: usize) -> usize {
        if self.text.is_empty() {
            return self.pieces.first().map_or(0, |p| p.source);
        }
        if at >= self.text.len() {
            return self.source_offset(self.text.len() - 1) + 1;
        }
        let n = self.pieces.partition_point(|p| p.at <= at);
        match n.checked_sub(1).map(|i| self.pieces[i]) {
            Some(p) if p.synthetic => p.source,
            Some(p) => p.source + (at - p.at),
            None => 0,
        }
    }

    /// The Dockerfile span of the text's bytes `start..end`.
    pub fn source_span(&self, start: usize, end: usize) -> Span {
        let from = self.source_offset(start);
        let to = if end > start {
            self.source_offset(end - 1) + 1
        } else {
            from
        };
        Span::new(from, to.max(from))
    }
}

/// The shell scripts of a RUN as text, for checkers that read scripts
/// (the shell trees of [`parse_run`] are for everything else): the
/// shell-form command line with continuations joined and the terminators
/// of its heredocs (whose bodies are data to the line, so they are left
/// empty), the RUN's own heredoc script (`RUN <<EOF`, unless a `#!` line
/// names a program that is not a shell), and each heredoc fed to a shell
/// (`RUN bash <<EOF`). Empty for exec form and non-POSIX shells.
pub fn run_texts(
    instruction: &Instruction,
    scripts: &[RunScript],
    source: &str,
    posix: bool,
) -> Vec<ScriptText> {
    let run = instruction.effective();
    if run.kind != Keyword::Run || !posix || matches!(run.form, Form::Exec(_)) {
        return Vec::new();
    }
    let mut out = Vec::new();
    let text = run.args_text();
    if let Some(body) = own_heredoc(run) {
        let Some(text) = source.get(body.start()..body.end()) else {
            return Vec::new();
        };
        let interpreter = shebang(text);
        if interpreter.as_deref().is_some_and(|i| !shell::is_shell(i)) {
            return Vec::new();
        }
        let mut script = ScriptText::new(interpreter, true);
        script.push(text, body.start(), false);
        out.push(script);
    } else {
        let mut script = ScriptText::new(None, false);
        let start = run.args_offset();
        let mut at = 0;
        while at < text.len() {
            let (from, run_len) = run.line.source_run(start + at);
            let mut end = (at + run_len.max(1)).min(text.len());
            while !text.is_char_boundary(end) {
                end += 1;
            }
            script.push(&text[at..end], from, false);
            at = end;
        }
        for (i, heredoc) in run.heredocs().iter().enumerate() {
            let at = if heredoc.terminator.is_empty() {
                heredoc.body.end()
            } else {
                heredoc.terminator.start()
            };
            let newline = if i == 0 { "\n" } else { "" };
            script.push(&format!("{newline}{}\n", heredoc.name), at, true);
        }
        out.push(script);
    }
    // Heredocs fed to a shell are scripts of their own.
    for script in scripts {
        walk::commands(&script.tree.body, Place::default(), &mut |command, _| {
            if !command.is_shell_reading_stdin() {
                return;
            }
            let program = command
                .program()
                .first()
                .and_then(Word::value)
                .map(|p| shell::basename(p).to_string());
            for redirect in command.redirects() {
                let Some(body) = redirect.heredoc.as_ref().filter(|b| b.script.is_some()) else {
                    continue;
                };
                let Some(span) = body.span else { continue };
                let Some(text) = source.get(span.start()..span.end()) else {
                    continue;
                };
                let mut inner = ScriptText::new(program.clone(), true);
                inner.push(text, span.start(), false);
                out.push(inner);
            }
        });
    }
    out
}
