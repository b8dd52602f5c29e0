use super::Context;

declare_lint! {
    /// Flags `wget` without `--progress`, `-q`/`--quiet` or
    /// `-nv`/`--no-verbose`.
    ///
    /// ## Why is this bad?
    /// Without a terminal, wget prints a progress line per few kilobytes: a
    /// large download fills the build log with thousands of lines and
    /// buries the errors.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:trixie-slim
    /// RUN wget https://example.com/tool.tar.gz
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:trixie-slim
    /// RUN wget --progress=dot:giga https://example.com/tool.tar.gz
    /// ```
    ///
    /// ## Fix
    /// Safe: `--progress=dot:giga` is added after `wget` (one dot per
    /// megabyte).
    pub static WGET_PROGRESS = {
        id: "wget-progress",
        severity: Info,
        fix: Safe,
        group: Style,
        hadolint: "DL3047",
        check: check,
    }
}

fn quiet(arg: &str) -> bool {
    matches!(arg, "--quiet" | "--no-verbose" | "-nv" | "--show-progress")
        || arg.starts_with("--progress")
        || (arg.starts_with('-') && !arg.starts_with("--") && arg[1..].contains('q'))
}

fn check(cx: &mut Context) {
    let model = cx.model;
    for stage in &model.stages {
        for run in cx.runs.commands_in(stage) {
            if run.name() != Some("wget") {
                continue;
            }
            if run.args().iter().any(|a| a.value().is_some_and(quiet)) {
                continue;
            }
            let Some(program) = run.program().first() else {
                continue;
            };
            cx.report(
                program.span(),
                "`wget` without `--progress` floods the build log",
            )
            .label("no progress setting")
            .help("add `--progress=dot:giga`, or `-q`/`-nv`")
            .fix(
                crate::diagnostic::Applicability::Safe,
                "add `--progress=dot:giga`",
                vec![crate::diagnostic::Edit::insert(
                    program.span().end(),
                    " --progress=dot:giga",
                )],
            );
        }
    }
}
