use super::Context;

declare_lint! {
    /// Flags two stages with the same name (compared case-insensitively, as
    /// BuildKit compares them).
    ///
    /// ## Why is this bad?
    /// BuildKit refuses to build a Dockerfile with duplicate stage names;
    /// older builders silently used the last one, so `COPY --from=` and
    /// `--target` pick a stage you may not have meant.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:24 AS build
    /// FROM node:24-slim AS Build
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM node:24 AS build
    /// FROM node:24-slim AS runtime
    /// ```
    ///
    /// ## Fix
    /// None: which stage to rename is yours to decide.
    pub static DUPLICATE_STAGE_NAME = {
        id: "duplicate-stage-name",
        severity: Error,
        fix: None,
        group: Correctness,
        hadolint: "DL3024",
        buildkit: "DuplicateStageName",
        check: check,
    }
}

fn check(cx: &mut Context) {
    let model = cx.model;
    for stage in &model.stages {
        let Some(name) = &stage.name else { continue };
        // The model knows each name's first stage: a later one is the
        // duplicate.
        let Some(first) = model.first_stage_named(&name.text) else {
            continue;
        };
        if first == stage.index {
            continue;
        }
        let Some(first) = &model.stages[first].name else {
            continue;
        };
        cx.report(
            name.span,
            format!("a stage named `{}` already exists", first.text),
        )
        .label("duplicate stage name")
        .secondary(first.span, "first declared here")
        .help("give every stage a unique name");
    }
}
