use super::Context;

declare_lint! {
    /// Flags stages named `scratch` or `context`, words BuildKit reserves.
    ///
    /// ## Why is this bad?
    /// `FROM scratch` always means the empty image and `context` names the
    /// build context in `--build-context`; a stage with either name cannot
    /// be referred to and confuses readers. BuildKit reports it as
    /// `ReservedStageName`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.22 AS scratch
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.22 AS base
    /// ```
    ///
    /// ## Fix
    /// None: choose another name.
    pub static RESERVED_STAGE_NAME = {
        id: "reserved-stage-name",
        severity: Error,
        fix: None,
        group: Correctness,
        hadolint: "DL3063",
        buildkit: "ReservedStageName",
        check: check,
    }
}

const RESERVED: [&str; 2] = ["scratch", "context"];

fn check(cx: &mut Context) {
    for stage in &cx.model.stages {
        let Some(name) = &stage.name else { continue };
        if RESERVED.iter().any(|r| name.text.eq_ignore_ascii_case(r)) {
            cx.report(
                name.span,
                format!(
                    "`{}` is a reserved word, not a usable stage name",
                    name.text
                ),
            )
            .label("reserved")
            .help("rename the stage");
        }
    }
}
