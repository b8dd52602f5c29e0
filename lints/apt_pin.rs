use super::{Context, package_operands};

declare_lint! {
    /// Flags packages in `apt-get install` (or `apt install`) without a
    /// version (`curl` rather than `curl=8.14.1-2`).
    ///
    /// ## Why is this bad?
    /// Without a version, a rebuild installs whatever the archive has that
    /// day. Pinning makes rebuilds repeatable, but Debian and Ubuntu drop
    /// superseded versions from their archives, so a pinned build breaks
    /// when a security update lands; many teams pin the base image digest
    /// instead. That is why this lint is in the opt-in `pinning` group.
    /// Packages from variables, local `.deb` files and paths are not
    /// judged.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:trixie-slim
    /// RUN apt-get update && apt-get install -y curl
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:trixie-slim
    /// RUN apt-get update && apt-get install -y curl=8.14.1-2
    /// ```
    ///
    /// ## Fix
    /// None: the version to pin is yours to choose.
    pub static APT_PIN = {
        id: "apt-pin",
        severity: Warning,
        fix: None,
        group: Pinning,
        default: false,
        hadolint: "DL3008",
        check: check,
    }
}

const WITH_VALUES: &[&str] = &[
    "-o",
    "--option",
    "-t",
    "--target-release",
    "-c",
    "--config-file",
];

fn check(cx: &mut Context) {
    let model = cx.model;
    for stage in &model.stages {
        for run in cx.runs.commands_in(stage) {
            if !matches!(run.name(), Some("apt-get" | "apt"))
                || crate::build::foreign_package_manager(model, stage, run.instruction, "apt-get")
                    .is_some()
            {
                continue;
            }
            for word in package_operands(run.args(), &["install"], WITH_VALUES) {
                let text = &word.text;
                if text.contains(['=', '$', '/']) || text.ends_with(".deb") || text.is_empty() {
                    continue;
                }
                cx.report(
                    word.span(),
                    format!("`{text}` is installed without a version"),
                )
                .label("unpinned")
                .help(format!("pin it: `{text}=<version>`"));
            }
        }
    }
}
