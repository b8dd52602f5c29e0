use super::Context;
use crate::model::PlatformKind;

declare_lint! {
    /// Flags `FROM --platform=` with a fixed value (`linux/amd64`).
    ///
    /// ## Why is this bad?
    /// A constant platform builds that stage for one architecture whatever
    /// the target: on an arm64 machine or in a multi-platform build the
    /// image gets binaries that cannot run, or runs them emulated. Use
    /// `$BUILDPLATFORM` for a cross-compiling builder stage, or leave the
    /// flag out. BuildKit reports constants (`FromPlatformFlagConstDisallowed`);
    /// hadolint reports every value except those naming `BUILDPLATFORM` or
    /// `TARGETPLATFORM` (`DL3029`), and so does fromlint, since a platform
    /// from any other variable is just as fixed per build.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM --platform=linux/amd64 golang:1.25 AS build
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM --platform=$BUILDPLATFORM golang:1.25 AS build
    /// ```
    ///
    /// ## Fix
    /// None: `$BUILDPLATFORM` needs the build to cross-compile for
    /// `$TARGETPLATFORM`, which only you can arrange.
    pub static FROM_PLATFORM_FLAG_CONST = {
        id: "from-platform-flag-const",
        severity: Warning,
        fix: None,
        group: Correctness,
        hadolint: "DL3029",
        buildkit: "FromPlatformFlagConstDisallowed",
        check: check,
    }
}

fn check(cx: &mut Context) {
    for stage in &cx.model.stages {
        let Some(flag) = &stage.platform_flag else {
            continue;
        };
        let value = &flag.value;
        let message = match flag.kind {
            PlatformKind::Target | PlatformKind::BuildOrTarget => continue,
            PlatformKind::Variable => {
                format!("`--platform={value}` fixes the platform per build, not per target")
            }
            PlatformKind::Constant => format!(
                "`--platform={value}` builds this stage for one platform whatever the target"
            ),
        };
        cx.report(flag.span, message)
            .label("fixed platform")
            .help("use `$BUILDPLATFORM` for a cross-compiling stage, or remove the flag");
    }
}
