use super::Context;

declare_lint! {
    /// Flags a `FROM` whose image is empty or invalid when the build is run
    /// without `--build-arg` (`ARG TAG` + `FROM busybox:${TAG}`).
    ///
    /// ## Why is this bad?
    /// A plain `docker build .` should work: with no default, `${TAG}` is
    /// empty and `busybox:` is not an image reference, so the build fails
    /// unless every caller knows which `--build-arg` to pass. BuildKit
    /// reports it as `InvalidDefaultArgInFrom`. Platform arguments
    /// (`$TARGETARCH`) always have a value and are judged with one; a
    /// result that names an earlier stage is valid.
    ///
    /// ## Example
    /// ```dockerfile
    /// ARG TAG
    /// FROM busybox:${TAG}
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// ARG TAG=1.37
    /// FROM busybox:${TAG}
    /// ```
    ///
    /// ## Fix
    /// None: give the `ARG` a default (or write `${TAG:-1.37}`); which
    /// version is yours to choose.
    pub static INVALID_DEFAULT_ARG_IN_FROM = {
        id: "invalid-default-arg-in-from",
        severity: Warning,
        fix: None,
        group: Correctness,
        buildkit: "InvalidDefaultArgInFrom",
        check: check,
    }
}

fn check(cx: &mut Context) {
    let model = cx.model;
    for stage in &model.stages {
        let Some(base) = model.default_base(stage) else {
            continue;
        };
        let Some(problem) = &base.problem else {
            continue;
        };
        let shown = if base.text.is_empty() {
            "the image".to_string()
        } else {
            format!("`{}`", base.text)
        };
        cx.report(
            base.span,
            format!("without build arguments, {shown} {problem}"),
        )
        .label("needs a `--build-arg`")
        .help("give the global `ARG` a default, or write `${NAME:-default}`");
    }
}
