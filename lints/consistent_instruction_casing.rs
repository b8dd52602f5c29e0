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
    let keywords: Vec<&crate::syntax::Token> = model
        .stages
        .iter()
        .flat_map(|s| std::iter::once(s.from).chain(s.body.iter().copied()))
        .map(|i| &model.instruction(i).keyword)
        .collect();
    let lower = keywords
        .iter()
        .filter(|k| k.text == k.text.to_ascii_lowercase())
        .count();
    let upper = keywords
        .iter()
        .filter(|k| k.text != k.text.to_ascii_lowercase() && k.text == k.text.to_ascii_uppercase())
        .count();
    let majority_lower = lower > upper;
    for keyword in keywords {
        let wanted = if majority_lower {
            keyword.text.to_ascii_lowercase()
        } else {
            keyword.text.to_ascii_uppercase()
        };
        if keyword.text == wanted {
            continue;
        }
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
