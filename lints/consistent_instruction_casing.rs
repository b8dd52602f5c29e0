use super::Context;
use crate::diagnostic::{Applicability, Edit};

declare_lint! {
    /// Flags instruction keywords whose case differs from most of the
    /// file's (`copy` among `COPY`s, or `Run`).
    ///
    /// ## Why is this bad?
    /// Keywords are case-insensitive, but one case throughout makes
    /// instructions easy to tell from their arguments; a stray `run` or a
    /// mixed `EntryPoint` reads as a slip. As BuildKit's
    /// `ConsistentInstructionCasing` does, the keywords of the stages are
    /// counted (all-lowercase against all-uppercase; a tie counts as
    /// uppercase) and every keyword not in the majority's case is reported.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.22
    /// run echo hello > /greeting.txt
    /// CMD ["cat", "/greeting.txt"]
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.22
    /// RUN echo hello > /greeting.txt
    /// CMD ["cat", "/greeting.txt"]
    /// ```
    ///
    /// ## Fix
    /// Safe: the keyword is rewritten in the majority's case.
    pub static CONSISTENT_INSTRUCTION_CASING = {
        id: "consistent-instruction-casing",
        severity: Warning,
        fix: Safe,
        group: Style,
        buildkit: "ConsistentInstructionCasing",
        check: check,
    }
}

fn check(cx: &mut Context) {
    let model = cx.model;
    // Read twice (count, then report) rather than collected: a table of
    // every keyword would grow with the file.
    let keywords = || {
        model
            .stages
            .iter()
            .flat_map(|s| std::iter::once(s.from).chain(s.body.iter().copied()))
            .map(|i| model.instruction(i).keyword())
    };
    // Byte tests, not lowercased copies: this runs on every instruction.
    let is_lower = |text: &str| !text.bytes().any(|b| b.is_ascii_uppercase());
    let is_upper = |text: &str| !text.bytes().any(|b| b.is_ascii_lowercase());
    let (mut lower, mut upper) = (0, 0);
    for keyword in keywords() {
        if is_lower(&keyword.text) {
            lower += 1;
        } else if is_upper(&keyword.text) {
            upper += 1;
        }
    }
    let majority_lower = lower > upper;
    for keyword in keywords() {
        if majority_lower && is_lower(&keyword.text) || !majority_lower && is_upper(&keyword.text) {
            continue;
        }
        let wanted = if majority_lower {
            keyword.text.to_ascii_lowercase()
        } else {
            keyword.text.to_ascii_uppercase()
        };
        let case = if majority_lower {
            "lowercase"
        } else {
            "uppercase"
        };
        let diagnostic = cx.report(
            keyword.span,
            format!(
                "`{}` is not {case} like most instructions of this file",
                keyword.text
            ),
        );
        diagnostic
            .label(format!("not {case}"))
            .help(format!("write `{wanted}`"));
        if keyword.span.len() == wanted.len() {
            diagnostic.fix(
                Applicability::Safe,
                format!("write `{wanted}`"),
                vec![Edit::replace(keyword.span, wanted)],
            );
        }
    }
}
