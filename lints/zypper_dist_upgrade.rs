use super::Context;
use crate::build::packages::{self, Manager};

declare_lint! {
    /// Flags `zypper dist-upgrade` (`zypper dup`) in a `RUN`.
    ///
    /// ## Why is this bad?
    /// A distribution upgrade moves every package to whatever the
    /// configured repositories hold, possibly a new release of the
    /// distribution, with vendor changes and removals. What the image
    /// contains then depends on the day of the build rather than on the
    /// base image tag. Use a base image of the release you want and
    /// `zypper patch` (or `zypper update`) for fixes within it.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM opensuse/leap:15.6
    /// RUN zypper --non-interactive dist-upgrade && zypper clean --all
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM opensuse/leap:15.6
    /// RUN zypper --non-interactive patch && zypper clean --all
    /// ```
    ///
    /// ## Fix
    /// None: whether `patch`, `update` or a newer base image fits is a
    /// choice.
    pub static ZYPPER_DIST_UPGRADE = {
        id: "zypper-dist-upgrade",
        severity: Warning,
        fix: None,
        group: Reproducibility,
        hadolint: "DL3035",
        check: check,
    }
}

fn check(cx: &mut Context) {
    let model = cx.model;
    for stage in &model.stages {
        for run in cx.runs.commands_in(stage) {
            let words = run.program();
            let Some((Manager::Zypper, verb)) = packages::subcommand(words) else {
                continue;
            };
            let verb = &words[verb];
            if !matches!(verb.text.as_str(), "dist-upgrade" | "dup") {
                continue;
            }
            cx.report(
                verb.span(),
                format!("`zypper {}` upgrades the whole distribution", verb.text),
            )
            .label("distribution upgrade")
            .help("use a base image of the release you want, and `zypper patch` for its fixes");
        }
    }
}
