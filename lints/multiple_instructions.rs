use super::Context;
use crate::syntax::Keyword;

declare_lint! {
    /// Flags a second `CMD`, `ENTRYPOINT` or `HEALTHCHECK` in one stage.
    ///
    /// ## Why is this bad?
    /// Only the last of each takes effect; the earlier one is dead code that
    /// readers will believe runs. BuildKit reports the overridden one
    /// (`MultipleInstructionsDisallowed`); hadolint the overriding one
    /// (`DL4003` for `CMD`, `DL4004` for `ENTRYPOINT`, `DL3012` for
    /// `HEALTHCHECK`). fromlint reports the later one and points at the
    /// earlier. `ONBUILD CMD` is not counted.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.14-slim
    /// CMD ["python", "-m", "http.server"]
    /// CMD ["python", "app.py"]
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM python:3.14-slim
    /// CMD ["python", "app.py"]
    /// ```
    ///
    /// ## Fix
    /// None: delete the instruction that should not be there.
    pub static MULTIPLE_INSTRUCTIONS = {
        id: "multiple-instructions",
        severity: Warning,
        fix: None,
        group: Correctness,
        hadolint: ["DL4003", "DL4004", "DL3012"],
        buildkit: "MultipleInstructionsDisallowed",
        check: check,
    }
}

fn check(cx: &mut Context) {
    let model = cx.model;
    for stage in &model.stages {
        for kind in [Keyword::Cmd, Keyword::Entrypoint, Keyword::Healthcheck] {
            let mut previous = None;
            for &index in &stage.body {
                let instruction = model.instruction(index);
                if instruction.kind != kind {
                    continue;
                }
                if let Some(earlier) = previous {
                    let earlier: &crate::syntax::Instruction = earlier;
                    let name = instruction.keyword().text.to_ascii_uppercase();
                    cx.report(
                        instruction.keyword().span,
                        format!("a second `{name}` in this stage: only the last one takes effect"),
                    )
                    .label("overrides the earlier one")
                    .secondary(earlier.keyword().span, "has no effect")
                    .help(format!("keep one `{name}` per stage"));
                }
                previous = Some(instruction);
            }
        }
    }
}
