//! Shell text a RUN executes, with a way back to source spans.

use crate::span::Span;
use crate::syntax::{Form, Instruction, Keyword, LogicalLine};

/// A piece of shell text: a RUN's arguments or one heredoc body.
#[derive(Debug, Clone)]
pub struct Script<'m> {
    pub text: &'m str,
    origin: Origin<'m>,
}

#[derive(Debug, Clone)]
enum Origin<'m> {
    /// Arguments on the (joined) instruction line, from this logical offset.
    Line(&'m LogicalLine, usize),
    /// A heredoc body, contiguous in the source from this offset.
    Source(usize),
}

impl<'m> Script<'m> {
    /// The scripts of a `RUN` (or `ONBUILD RUN`): its shell-form arguments and
    /// its heredoc bodies. Exec-form arguments are not shell text.
    pub fn of_run(instruction: &'m Instruction, source: &'m str) -> Vec<Script<'m>> {
        let run = instruction.effective();
        if run.kind != Keyword::Run {
            return Vec::new();
        }
        let mut scripts = Vec::new();
        if run.form == Form::Shell {
            scripts.push(Script {
                text: &run.args.text,
                origin: Origin::Line(&run.line, run.args_offset),
            });
        }
        scripts.extend(run.heredocs.iter().map(|heredoc| Script {
            text: &source[heredoc.body.start..heredoc.body.end],
            origin: Origin::Source(heredoc.body.start),
        }));
        scripts
    }

    /// Source span of the byte range `start..end` of `text`.
    pub fn span(&self, start: usize, end: usize) -> Span {
        match self.origin {
            Origin::Line(line, offset) => line.source_span(offset + start, offset + end),
            Origin::Source(offset) => Span::new(offset + start, offset + end),
        }
    }
}
