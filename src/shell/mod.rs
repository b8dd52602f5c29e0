//! The shell layer: a syntax tree for the scripts RUN executes, with byte
//! spans back into the Dockerfile, and the resolution of the program each
//! simple command runs.
//!
//! - [`parse`] reads a script into a [`Script`]: lists (`;`, newline, `&`),
//!   and-or chains (`&&`, `||`), pipelines (`|`, `!`), simple commands
//!   (assignments, words, redirects, heredoc redirects included), compound
//!   commands (`if`, `for`, `while`, `until`, `case`, subshells, brace
//!   groups, `[[ ]]`, `(( ))`) and function definitions. A script that does
//!   not parse keeps its span and an error, and has no commands.
//! - [`Word`]s know their quoting, their value after quote removal
//!   ([`Word::value`] when nothing is expanded) and which parts are
//!   parameter expansions or command substitutions.
//! - [`resolve`] finds the program behind wrappers and the script of
//!   `sh -c '…'`; [`nest`] parses those scripts into the tree.
//! - [`walk::commands`] visits every simple command in source order,
//!   telling whether it is nested or inside a heredoc script.
//!
//! The model (`crate::model`) parses each RUN once, maps the offsets to the
//! Dockerfile and decides which heredocs are scripts; lints read it there.

mod ast;
mod parser;
mod resolve;
pub mod walk;

pub use ast::*;
pub use parser::{is_assignment, parse};
pub use resolve::{MAX_SCRIPT_DEPTH, Resolved, basename, is_shell, nest, resolve};
pub use walk::Place;

/// Parses `text`, reads its heredoc scripts (`bash <<EOF` … `EOF` in the
/// text itself) and its `sh -c` strings. Offsets are offsets into `text`.
pub fn parse_script(text: &str) -> Script {
    let mut script = parse(text);
    nest(&mut script);
    heredoc_scripts(&mut script, text, 0);
    script
}

/// Parses the bodies of heredocs fed to a shell on standard input
/// (`bash <<EOF`) as scripts. `source` is the text the offsets of `script`
/// point into. Other heredocs are data and stay unparsed.
pub fn heredoc_scripts(script: &mut Script, source: &str, depth: usize) {
    if depth >= MAX_SCRIPT_DEPTH {
        return;
    }
    walk::simple_commands_mut(&mut script.body, &mut |command| {
        if !command.is_shell_reading_stdin() {
            return;
        }
        for redirect in command.redirects_mut() {
            let stdin = redirect.fd().is_none_or(|fd| fd == 0);
            let Some(body) = redirect.heredoc.as_mut().filter(|_| stdin) else {
                continue;
            };
            let Some(span) = body.span else { continue };
            let Some(text) = source.get(span.start()..span.end()) else {
                continue;
            };
            let mut inner = parse(text);
            inner.remap(&ast::Shift(span.start()));
            nest(&mut inner);
            heredoc_scripts(&mut inner, source, depth + 1);
            body.script = Some(Box::new(inner));
        }
    });
}

/// The words of every simple command of `script`, in source order
/// (nested scripts included): a flat reading for tests and tools.
pub fn commands(script: &str) -> Vec<Vec<Word>> {
    let tree = parse_script(script);
    let mut out = Vec::new();
    walk::commands(&tree.body, Place::default(), &mut |command, _| {
        if !command.words.is_empty() {
            out.push(command.words.clone());
        }
    });
    out
}

#[cfg(test)]
mod tests;
