use super::Context;
use crate::syntax::Keyword;

declare_lint! {
    /// Flags `COPY --from=<name>` inside the stage called `<name>`.
    ///
    /// ## Why is this bad?
    /// A stage cannot copy from itself: the stage is not built yet. BuildKit
    /// then looks for an image of that name instead, which is never what was
    /// meant.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.25 AS build
    /// COPY --from=build /src/app /app
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM golang:1.25 AS build
    /// COPY . /src
    /// ```
    ///
    /// ## Fix
    /// None: name the stage that holds the files.
    pub static COPY_FROM_OWN_STAGE = {
        id: "copy-from-own-stage",
        severity: Error,
        fix: None,
        group: Correctness,
        hadolint: "DL3023",
        check: check,
    }
}

fn check(cx: &mut Context) {
    let model = cx.model;
    for stage in &model.stages {
        let Some(name) = &stage.name else { continue };
        for &index in &stage.body {
            let instruction = model.instruction(index).effective();
            if instruction.kind != Keyword::Copy {
                continue;
            }
            let Some(flag) = instruction.flag("from") else {
                continue;
            };
            if flag
                .value
                .as_deref()
                .is_some_and(|v| v.eq_ignore_ascii_case(&name.text))
            {
                cx.report(
                    flag.span,
                    format!("stage `{}` copies from itself", name.text),
                )
                .label("its own stage")
                .secondary(name.span, "the stage is named here")
                .help("copy from an earlier stage, or from the build context without `--from`");
            }
        }
    }
}
