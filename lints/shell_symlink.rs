use super::Context;

declare_lint! {
    /// Flags `ln` commands that replace `/bin/sh` with a link to another
    /// shell (`ln -sf /bin/bash /bin/sh`).
    ///
    /// ## Why is this bad?
    /// Every later `RUN` silently runs in the new shell, and so does every
    /// `#!/bin/sh` script in the image at run time, including the
    /// distribution's own maintainer scripts, written for a POSIX shell.
    /// The `SHELL` instruction changes the shell of the `RUN`s that follow
    /// it, visibly, and leaves the image's `/bin/sh` alone. Only a link
    /// named `/bin/sh` (or `/usr/bin/sh`) counts; hadolint's `DL4005`
    /// also reports links *to* `/bin/sh`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:trixie-slim
    /// RUN ln -sf /bin/bash /bin/sh
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:trixie-slim
    /// SHELL ["/bin/bash", "-c"]
    /// ```
    ///
    /// ## Fix
    /// None: the `SHELL` to use, and whether the image needs its `/bin/sh`
    /// changed at run time, are yours to decide.
    pub static SHELL_SYMLINK = {
        id: "shell-symlink",
        severity: Warning,
        fix: None,
        hadolint: "DL4005",
        check: check,
    }
}

fn check(cx: &mut Context) {
    let model = cx.model;
    for stage in &model.stages {
        for run in cx.runs.commands_in(stage) {
            if run.name() != Some("ln") {
                continue;
            }
            let operands: Vec<_> = run
                .args()
                .iter()
                .filter(|w| !w.text.starts_with('-'))
                .collect();
            let Some(link) = operands.last().filter(|_| operands.len() >= 2) else {
                continue;
            };
            if !matches!(link.text.as_str(), "/bin/sh" | "/usr/bin/sh") {
                continue;
            }
            cx.report(
                link.span(),
                format!("`{}` is replaced with a link to another shell", link.text),
            )
            .label("replaces /bin/sh")
            .help("use `SHELL [\"/bin/bash\", \"-c\"]` to change the shell of later RUNs");
        }
    }
}
