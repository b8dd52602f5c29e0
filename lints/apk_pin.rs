use super::{Context, package_operands};

declare_lint! {
    /// Flags packages in `apk add` without a version constraint (`curl`
    /// rather than `curl=8.14.1-r0` or `curl~8.14`).
    ///
    /// ## Why is this bad?
    /// Without a version, a rebuild installs whatever the repository has
    /// that day. Alpine keeps only the latest build of each package per
    /// branch, so an exact pin breaks at the next update; `~` pins the
    /// version but not the revision. In the opt-in `pinning` group.
    /// Packages from variables and local `.apk` files are not judged.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.22
    /// RUN apk add --no-cache curl
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.22
    /// RUN apk add --no-cache curl~8.14
    /// ```
    ///
    /// ## Fix
    /// None: the version to pin is yours to choose.
    pub static APK_PIN = {
        id: "apk-pin",
        severity: Warning,
        fix: None,
        group: Pinning,
        default: false,
        hadolint: "DL3018",
        check: check,
    }
}

const WITH_VALUES: &[&str] = &[
    "-t",
    "--virtual",
    "-X",
    "--repository",
    "--repositories-file",
    "-p",
    "--root",
    "--arch",
    "--keys-dir",
    "--cache-dir",
];

fn check(cx: &mut Context) {
    let model = cx.model;
    for stage in &model.stages {
        for run in cx.runs.commands_in(stage) {
            if run.name() != Some("apk")
                || crate::build::foreign_package_manager(model, stage, run.instruction, "apk")
                    .is_some()
            {
                continue;
            }
            for word in package_operands(run.args(), &["add"], WITH_VALUES) {
                let text = &word.text;
                if text.contains(['=', '~', '<', '>', '$', '/']) || text.ends_with(".apk") {
                    continue;
                }
                cx.report(
                    word.span(),
                    format!("`{text}` is installed without a version"),
                )
                .label("unpinned")
                .help(format!("pin it: `{text}=<version>` or `{text}~<version>`"));
            }
        }
    }
}
