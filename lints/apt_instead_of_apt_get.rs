use super::Context;
use crate::diagnostic::{Applicability, Edit};

declare_lint! {
    /// Flags `apt` in `RUN` commands.
    ///
    /// ## Why is this bad?
    /// `apt` is the interactive front end: its output format may change
    /// between releases and it warns "apt does not have a stable CLI
    /// interface" when not on a terminal. Scripts use `apt-get` and
    /// `apt-cache`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:trixie-slim
    /// RUN apt update && apt install -y curl
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:trixie-slim
    /// RUN apt-get update && apt-get install -y curl
    /// ```
    ///
    /// ## Fix
    /// Safe for `install`, `update`, `upgrade`, `remove`, `purge`,
    /// `autoremove`, `clean`, `dist-upgrade` and `full-upgrade` (`apt-get`
    /// has the same subcommand, `full-upgrade` as `dist-upgrade`): `apt`
    /// becomes `apt-get`.
    pub static APT_INSTEAD_OF_APT_GET = {
        id: "apt-instead-of-apt-get",
        severity: Warning,
        fix: Safe,
        group: Correctness,
        hadolint: "DL3027",
        check: check,
    }
}

const SAME: &[&str] = &[
    "install",
    "update",
    "upgrade",
    "remove",
    "purge",
    "autoremove",
    "clean",
    "dist-upgrade",
];

fn check(cx: &mut Context) {
    let model = cx.model;
    for stage in &model.stages {
        for run in cx.runs.commands_in(stage) {
            if run.name() != Some("apt")
                || crate::build::foreign_package_manager(model, stage, run.instruction, "apt")
                    .is_some()
            {
                continue;
            }
            let Some(program) = run.program().first() else {
                continue;
            };
            let sub = run
                .args()
                .iter()
                .filter_map(|w| w.value())
                .find(|a| !a.starts_with('-'));
            let diagnostic = cx.report(program.span(), "`apt` is for terminals, not scripts");
            diagnostic
                .label("apt")
                .help("use `apt-get` (or `apt-cache` for queries)");
            let literal = program.value() == Some("apt") && program.span().len() == 3;
            if literal && let Some(sub) = sub.filter(|s| SAME.contains(s) || *s == "full-upgrade") {
                let mut edits = vec![Edit::replace(program.span(), "apt-get")];
                if sub == "full-upgrade"
                    && let Some(word) = run.args().iter().find(|w| w.value() == Some(sub))
                {
                    edits.push(Edit::replace(word.span(), "dist-upgrade"));
                }
                diagnostic.fix(Applicability::Safe, "use `apt-get`", edits);
            }
        }
    }
}
