use super::Context;

declare_lint! {
    /// Flags `COPY --from=<stage> / …`, copying a stage's entire file
    /// system.
    ///
    /// ## Why is this bad?
    /// Everything comes along: package caches, compilers, `/proc` stubs and
    /// the builder's `/etc`, which overwrites the target's users and
    /// configuration. Copy the directories the image needs. A stage built
    /// `FROM scratch` holds only the files put into it (the usual way to
    /// gather build artifacts), so copying all of it is not reported.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.25 AS build
    /// FROM gcr.io/distroless/static-debian13
    /// COPY --from=build / /
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM golang:1.25 AS build
    /// FROM gcr.io/distroless/static-debian13
    /// COPY --from=build /go/bin/app /app
    /// ```
    ///
    /// ## Fix
    /// None: list the paths the image needs.
    pub static COPY_WHOLE_FILESYSTEM = {
        id: "copy-whole-filesystem",
        severity: Warning,
        fix: None,
        group: Size,
        hadolint: "DL3067",
        check: check,
    }
}

fn check(cx: &mut Context) {
    let model = cx.model;
    for stage in &model.stages {
        for copy in &stage.copies_from {
            // A stage built from `scratch` holds only what it was given
            // (an artifact stage): copying all of it is copying those.
            let artifacts = copy.stage.is_some_and(|source| {
                matches!(
                    model.origin(&model.stages[source]),
                    crate::model::Origin::Scratch
                )
            });
            if !artifacts && copy.sources.iter().any(|s| s == "/") {
                cx.report(copy.span, "copies the whole file system of another stage")
                    .label("source `/`")
                    .help("copy only the paths the image needs");
            }
        }
    }
}
