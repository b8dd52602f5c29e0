use super::Context;
use crate::diagnostic::{Applicability, Edit};
use crate::model::PlatformKind;

declare_lint! {
    /// Flags `FROM --platform=$TARGETPLATFORM`.
    ///
    /// ## Why is this bad?
    /// Building for the target platform is what `FROM` does without the
    /// flag; writing it out adds nothing and suggests a cross-build trick
    /// (`$BUILDPLATFORM`) that is not there. BuildKit reports it as
    /// `RedundantTargetPlatform`, hadolint as `DL3065`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM --platform=$TARGETPLATFORM alpine:3.22
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.22
    /// ```
    ///
    /// ## Fix
    /// Safe: the flag is removed.
    pub static REDUNDANT_TARGET_PLATFORM = {
        id: "redundant-target-platform",
        severity: Warning,
        fix: Safe,
        group: Style,
        hadolint: "DL3065",
        buildkit: "RedundantTargetPlatform",
        check: check,
    }
}

fn check(cx: &mut Context) {
    for stage in &cx.model.stages {
        let Some(flag) = &stage.platform_flag else {
            continue;
        };
        if flag.kind != PlatformKind::Target {
            continue;
        }
        cx.report(
            flag.span,
            "`--platform=$TARGETPLATFORM` is the default and can be left out",
        )
        .label("redundant")
        .help("remove the flag")
        .fix(
            Applicability::Safe,
            "remove `--platform`",
            vec![Edit::replace(flag.removal, "")],
        );
    }
}
