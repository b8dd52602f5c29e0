use super::Context;
use crate::syntax::Keyword;

declare_lint! {
    /// Flags a `RUN` that directly follows another `RUN` with the same
    /// flags (comments between them do not count).
    ///
    /// ## Why is this bad?
    /// Each `RUN` is a layer. Steps that belong together (install, then
    /// clean up) only save space when they share a layer, and fewer layers
    /// pull faster. Not reported when the flags differ (`--mount`,
    /// `--network`: the steps cannot merge) or when either runs a heredoc
    /// script (merging heredocs is not possible, hadolint#805).
    ///
    /// Opt-in: it fires on 10% of the corpus files, and separate layers are
    /// often deliberate for caching.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:trixie-slim
    /// RUN apt-get update
    /// RUN apt-get install -y --no-install-recommends curl
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:trixie-slim
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl
    /// ```
    ///
    /// ## Fix
    /// None: which steps belong together is yours to judge.
    pub static CONSECUTIVE_RUN = {
        id: "consecutive-run",
        severity: Info,
        fix: None,
        group: Style,
        default: false,
        hadolint: "DL3059",
        check: check,
    }
}

/// An instruction's flags, sorted.
fn flags(instruction: &crate::syntax::Instruction) -> Vec<&str> {
    let mut flags: Vec<&str> = instruction.flags.iter().map(|f| f.text.as_str()).collect();
    flags.sort_unstable();
    flags
}

fn check(cx: &mut Context) {
    let model = cx.model;
    for stage in &model.stages {
        let mut previous: Option<&crate::syntax::Instruction> = None;
        for &index in &stage.body {
            let instruction = model.instruction(index);
            if instruction.kind != Keyword::Run {
                previous = None;
                continue;
            }
            if let Some(before) = previous
                && flags(before) == flags(instruction)
                && before.heredocs.is_empty()
                && instruction.heredocs.is_empty()
            {
                cx.report(
                    instruction.keyword.span,
                    "a `RUN` right after another: consider one layer",
                )
                .label("consecutive RUN")
                .secondary(before.keyword.span, "previous RUN")
                .help("join related steps with `&&` in one RUN");
            }
            previous = Some(instruction);
        }
    }
}
