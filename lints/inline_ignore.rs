use super::Context;
use crate::suppress::{Scope, Tool};

declare_lint! {
    /// Flags suppression pragmas that apply to one instruction: `# fromlint
    /// ignore=…`, `# hadolint ignore=…` and a `# check=skip=…` right above
    /// an instruction.
    ///
    /// ## Why is this bad?
    /// Inline pragmas scatter exceptions through the Dockerfile, where
    /// nobody reviews them together; a team that keeps its exceptions in
    /// `fromlint.toml` (`ignore`, `[[overrides]]`) turns this on to keep
    /// it that way. File-wide (`global`) and stage pragmas are not
    /// reported. Opt-in, like hadolint's `DL1001`, which flags only
    /// `# hadolint ignore=`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:trixie-slim
    /// # fromlint ignore=apt-lists-not-cleaned
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:trixie-slim
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl \
    ///  && rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// ## Fix
    /// None: move the exception to the configuration, or fix the finding.
    pub static INLINE_IGNORE = {
        id: "inline-ignore",
        severity: Info,
        fix: None,
        group: Style,
        default: false,
        hadolint: "DL1001",
        phase: AfterSuppressions,
        check: check,
    }
}

fn check(cx: &mut Context) {
    let Some(suppressions) = cx.suppressions else {
        return;
    };
    for pragma in suppressions
        .pragmas()
        .iter()
        .filter(|p| p.scope == Scope::Instruction)
    {
        let tool = match pragma.tool {
            Tool::Fromlint => "fromlint",
            Tool::Hadolint => "hadolint",
            Tool::BuildKit => "check=skip",
        };
        cx.report(
            pragma.comment,
            format!("an inline `{tool}` pragma suppresses findings of the next instruction"),
        )
        .label("inline suppression")
        .help(
            "keep exceptions in the configuration (`ignore`, `[[overrides]]`) or fix the finding",
        );
    }
}
