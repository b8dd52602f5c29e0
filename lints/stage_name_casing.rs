use super::Context;
use crate::diagnostic::{Applicability, Edit};
use crate::model::Base;

declare_lint! {
    /// Flags stage names (`FROM … AS Name`) with uppercase letters.
    ///
    /// ## Why is this bad?
    /// Stage names are matched case-insensitively, but `--target`, `COPY
    /// --from` and image references are conventionally lowercase, and a
    /// mixed-case name invites a reference that differs only in case.
    /// BuildKit reports these as `StageNameCasing`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.25 AS Builder
    /// FROM scratch
    /// COPY --from=Builder /app /app
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM golang:1.25 AS builder
    /// FROM scratch
    /// COPY --from=builder /app /app
    /// ```
    ///
    /// ## Fix
    /// Safe: the name is lowercased where it is declared and in every
    /// `FROM <stage>` and `COPY --from=<stage>` that refers to it.
    pub static STAGE_NAME_CASING = {
        id: "stage-name-casing",
        severity: Warning,
        fix: Safe,
        group: Style,
        buildkit: "StageNameCasing",
        check: check,
    }
}

fn check(cx: &mut Context) {
    let model = cx.model;
    for stage in &model.stages {
        let Some(name) = &stage.name else { continue };
        if !name.text.chars().any(|c| c.is_ascii_uppercase()) {
            continue;
        }
        let lower = name.text.to_ascii_lowercase();
        let mut edits = vec![Edit::replace(name.span, lower.clone())];
        for later in &model.stages[stage.index + 1..] {
            if matches!(later.base, Base::Stage(i) if i == stage.index) {
                edits.push(Edit::replace(later.base_span, lower.clone()));
            }
            // References by name (not by index) written plainly.
            let copies = later
                .copies_from
                .iter()
                .filter(|c| c.stage == Some(stage.index))
                .filter_map(|c| c.value_span);
            let mounts = later
                .mounts_from
                .iter()
                .filter(|m| m.stage == Some(stage.index))
                .filter_map(|m| m.value_span);
            for span in copies.chain(mounts) {
                if span.len() == lower.len() {
                    edits.push(Edit::replace(span, lower.clone()));
                }
            }
        }
        cx.report(
            name.span,
            format!("stage name `{}` is not lowercase", name.text),
        )
        .label("uppercase letters")
        .help(format!("name the stage `{lower}`"))
        .fix(
            Applicability::Safe,
            format!("rename the stage to `{lower}`"),
            edits,
        );
    }
}
