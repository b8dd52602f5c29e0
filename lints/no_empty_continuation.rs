use super::Context;
use crate::diagnostic::{Applicability, Edit};
use crate::span::Span;

/// The blank lines of one instruction labelled at most.
const MAX_LABELS: usize = 100;

declare_lint! {
    /// Flags blank lines inside an instruction continued with `\`.
    ///
    /// ## Why is this bad?
    /// BuildKit skips a blank line in a continuation and joins the next
    /// line to the instruction, so a forgotten `\` before a blank line does
    /// not end the instruction where it seems to: the next instruction's
    /// text becomes arguments of this one. BuildKit warns
    /// (`NoEmptyContinuation`) and plans to make it an error.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.22
    /// RUN apk add --no-cache \
    ///
    ///     curl
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.22
    /// RUN apk add --no-cache \
    ///     curl
    /// ```
    ///
    /// ## Fix
    /// Safe: the blank lines are removed (the instruction reads the same).
    pub static NO_EMPTY_CONTINUATION = {
        id: "no-empty-continuation",
        severity: Warning,
        fix: Safe,
        group: Correctness,
        buildkit: "NoEmptyContinuation",
        check: check,
    }
}

fn check(cx: &mut Context) {
    let model = cx.model;
    let lines = model.empty_continuation_lines();
    for group in lines.chunk_by(|a, b| a.0 == b.0) {
        let index = group[0].0;
        let instruction = model.instruction(index);
        let name = instruction.keyword().text.to_ascii_uppercase();
        let count = group.len();
        let diagnostic = cx.report(
            instruction.keyword().span,
            match count {
                1 => format!("this `{name}` continues across a blank line"),
                n => format!("this `{name}` continues across {n} blank lines"),
            },
        );
        diagnostic
            .label("continued past a blank line")
            .help("remove the blank line, or end the instruction before it");
        // A label and an edit for each blank line made a byte of input
        // cost kilobytes of report (an instruction continued across a
        // million blank lines, 1 MB: 0.9 GB for JSON, 2.8 GB for SARIF):
        // past MAX_LABELS, only the first are labelled (the message counts
        // them all), and adjacent blank lines are removed by one edit.
        for (_, span) in group.iter().take(MAX_LABELS) {
            diagnostic.secondary(*span, "blank line");
        }
        let mut edits: Vec<Span> = Vec::new();
        for (_, span) in group {
            match edits.last_mut() {
                Some(last) if count > MAX_LABELS && last.end() == span.start() => {
                    *last = Span::new(last.start(), span.end());
                }
                _ => edits.push(*span),
            }
        }
        diagnostic.fix(
            Applicability::Safe,
            "remove the blank lines",
            edits
                .into_iter()
                .map(|span| Edit::replace(span, ""))
                .collect(),
        );
    }
}
