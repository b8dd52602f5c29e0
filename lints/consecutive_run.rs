use super::Context;
use crate::syntax::Keyword;

declare_lint! {
    /// Flags a `RUN` of a single command that directly follows another
    /// `RUN` of a single command with the same flags (comments between them
    /// do not count).
    ///
    /// ## Why is this bad?
    /// Each `RUN` is a layer. Steps that belong together (install, then
    /// clean up) only save space when they share a layer, and fewer layers
    /// pull faster. Not reported when either `RUN` already chains commands
    /// (`&&`, `;`, `||`, a pipe, `if`…): whoever wrote the chain chose
    /// where the layers split, usually for caching (hadolint's `DL3059`
    /// judges the same way). Nor when the flags differ (`--mount`,
    /// `--network`: the steps cannot merge) or when either runs a heredoc
    /// script (merging heredocs is not possible, hadolint#805).
    ///
    /// In the default selection: judged this way it fires on 7.8% of the
    /// corpus files (282 of 3,608), under the 10% that makes a style lint
    /// opt-in.
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
        hadolint: "DL3059",
        check: check,
    }
}

/// An instruction's flags, sorted.
fn flags<'a>(instruction: &'a crate::syntax::Instruction<'_>) -> Vec<&'a str> {
    let mut flags: Vec<&str> = instruction
        .flags()
        .iter()
        .map(|f| f.text.as_str())
        .collect();
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
            if !single_command(model, index) {
                previous = None;
                continue;
            }
            if let Some(before) = previous
                && flags(before) == flags(instruction)
                && before.heredocs().is_empty()
                && instruction.heredocs().is_empty()
            {
                cx.report(
                    instruction.keyword().span,
                    "a `RUN` right after another: consider one layer",
                )
                .label("consecutive RUN")
                .secondary(before.keyword().span, "previous RUN")
                .help("join related steps with `&&` in one RUN");
            }
            previous = Some(instruction);
        }
    }
}

/// Whether RUN `index` runs one command: the exec form, or a shell script
/// of one simple command (no `&&`, `;`, `|`, `&`, compound command or
/// heredoc). Scripts fromlint cannot read (another shell) are not.
fn single_command(model: &crate::model::Model, index: usize) -> bool {
    use crate::shell::{Command, Pipeline};
    let instruction = model.instruction(index).effective();
    if !matches!(instruction.form, crate::syntax::Form::Shell) {
        return true;
    }
    let [script] = model.run_scripts(index) else {
        return false;
    };
    let [item] = &*script.tree.body.items else {
        return false;
    };
    let mut pipelines = item.pipelines();
    !script.heredoc
        && !script.tree.is_opaque()
        && !item.background()
        && matches!(
            (pipelines.next(), pipelines.next()),
            (
                Some(Pipeline {
                    commands: [Command::Simple(_)],
                    ..
                }),
                None
            )
        )
}
