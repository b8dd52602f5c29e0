use super::Context;
use crate::diagnostic::{Applicability, Edit};

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
        for (_, span) in group {
            diagnostic.secondary(*span, "blank line");
        }
        diagnostic.fix(
            Applicability::Safe,
            "remove the blank lines",
            group
                .iter()
                .map(|(_, span)| Edit::replace(*span, ""))
                .collect(),
        );
    }
}
