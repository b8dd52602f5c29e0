use super::Context;

declare_lint! {
    /// Flags `sudo` in a `RUN` command.
    ///
    /// ## Why is this bad?
    /// `RUN` already runs as the current `USER`; `sudo` needs a terminal
    /// setting, a `sudoers` entry and the `sudo` package, and its
    /// environment handling changes what the command sees. Switch with
    /// `USER root` for the steps that need it, and use `gosu` or `su-exec`
    /// to drop privileges at run time.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:trixie-slim
    /// RUN sudo apt-get update
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:trixie-slim
    /// USER root
    /// RUN apt-get update
    /// ```
    ///
    /// ## Fix
    /// None: where to switch users is yours to decide.
    pub static SUDO = {
        id: "sudo",
        severity: Error,
        fix: None,
        group: Correctness,
        hadolint: "DL3004",
        check: check,
    }
}

fn check(cx: &mut Context) {
    let model = cx.model;
    for stage in &model.stages {
        for run in cx.runs.commands_in(stage) {
            let command = run.command;
            let Some(first) = command.arguments().first() else {
                continue;
            };
            if first.value().map(crate::shell::basename) == Some("sudo") {
                cx.report(first.span(), "`sudo` in a RUN command")
                    .label("sudo")
                    .help("switch with `USER root` for these steps instead");
            }
        }
    }
}
