use super::Context;

declare_lint! {
    /// Flags `COPY --from=<stage> / …`, copying a stage's entire file
    /// system.
    ///
    /// ## Why is this bad?
    /// Everything comes along: package caches, compilers, `/proc` stubs and
    /// the builder's `/etc`, which overwrites the target's users and
    /// configuration. Copy the directories the image needs.
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
            if copy.sources.iter().any(|s| s == "/") {
                cx.report(copy.span, "copies the whole file system of another stage")
                    .label("source `/`")
                    .help("copy only the paths the image needs");
            }
        }
    }
}
