use super::Context;

declare_lint! {
    /// Flags `cd` in a `RUN` command (once per instruction).
    ///
    /// ## Why is this bad?
    /// `cd` lasts only until the end of its `RUN`; the next instruction
    /// starts in the old directory again, which surprises readers. `WORKDIR`
    /// changes the directory for everything after it and creates it when
    /// missing. `cd` inside `sh -c` is not reported.
    ///
    /// Opt-in: it fires on 18% of the corpus files, most of them a
    /// deliberate `cd src && make` inside one step.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.25
    /// RUN cd /src && go build ./...
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM golang:1.25
    /// WORKDIR /src
    /// RUN go build ./...
    /// ```
    ///
    /// ## Fix
    /// None: splitting the RUN changes its layers.
    pub static CD_INSTEAD_OF_WORKDIR = {
        id: "cd-instead-of-workdir",
        severity: Info,
        fix: None,
        group: Style,
        default: false,
        hadolint: "DL3003",
        check: check,
    }
}

fn check(cx: &mut Context) {
    let model = cx.model;
    for stage in &model.stages {
        let mut reported = None;
        for run in cx.runs.commands_in(stage) {
            if run.place.nested || reported == Some(run.instruction) {
                continue;
            }
            let command = run.command;
            let Some(first) = command.arguments().first() else {
                continue;
            };
            if first.value() == Some("cd") {
                reported = Some(run.instruction);
                cx.report(first.span(), "`cd` lasts only until the end of this RUN")
                    .label("cd")
                    .help("use `WORKDIR` to change the directory for the steps that follow");
            }
        }
    }
}
