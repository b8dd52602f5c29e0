use super::Context;

declare_lint! {
    /// Flags `RUN` instructions that download with `wget` or `curl` once the
    /// Dockerfile has used both.
    ///
    /// ## Why is this bad?
    /// Two download tools means two packages in the image (or two base
    /// images to keep them in) doing the same job; pick one.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:trixie-slim
    /// RUN wget -q https://example.com/a
    /// RUN curl -fsSLO https://example.com/b
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:trixie-slim
    /// RUN curl -fsSLO https://example.com/a
    /// RUN curl -fsSLO https://example.com/b
    /// ```
    ///
    /// ## Fix
    /// None: the options of the two tools differ.
    pub static WGET_AND_CURL = {
        id: "wget-and-curl",
        severity: Info,
        fix: None,
        group: Size,
        hadolint: "DL4001",
        check: check,
    }
}

fn check(cx: &mut Context) {
    let model = cx.model;
    let (mut wget, mut curl) = (false, false);
    let mut last = None;
    for stage in &model.stages {
        for run in cx.runs.commands_in(stage) {
            let name = run.name();
            match name {
                Some("wget") => wget = true,
                Some("curl") => curl = true,
                _ => continue,
            }
            if wget && curl && last != Some(run.instruction) {
                last = Some(run.instruction);
                let Some(program) = run.program().first() else {
                    continue;
                };
                cx.report(
                    program.span(),
                    "both `wget` and `curl` are used in this Dockerfile",
                )
                .label("second download tool")
                .help("use one of them everywhere");
            }
        }
    }
}
