use super::Context;
use crate::diagnostic::{Applicability, Edit};
use crate::syntax::Keyword;

declare_lint! {
    /// Flags `CMD` and `ENTRYPOINT` in shell form (`CMD node server.js`).
    ///
    /// ## Why is this bad?
    /// The shell form runs the command as `/bin/sh -c "…"`: the shell is
    /// process 1 and does not pass `SIGTERM` on, so `docker stop` waits its
    /// timeout and then kills the application without a clean shutdown. A
    /// shell-form `ENTRYPOINT` also ignores `CMD` and `docker run`
    /// arguments. The exec (JSON) form runs the program directly. Not
    /// reported in a stage that sets `SHELL` (the shell form is then a
    /// deliberate choice), as in BuildKit.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:24-slim
    /// CMD node server.js
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM node:24-slim
    /// CMD ["node", "server.js"]
    /// ```
    ///
    /// ## Fix
    /// Safe when the command has no shell syntax (no variables, quotes,
    /// globs, redirections, `&&`…): the words become a JSON array. A shell-form
    /// `ENTRYPOINT` is converted only when its stage sets no `CMD`, because
    /// the exec form would start passing `CMD` to it.
    pub static JSON_ARGS_RECOMMENDED = {
        id: "json-args-recommended",
        severity: Warning,
        fix: Safe,
        group: Correctness,
        hadolint: "DL3025",
        buildkit: "JSONArgsRecommended",
        check: check,
    }
}

fn check(cx: &mut Context) {
    let model = cx.model;
    for stage in &model.stages {
        if stage.facts.sets_shell() {
            continue;
        }
        let has_cmd = stage
            .body
            .iter()
            .any(|&i| model.instruction(i).kind == Keyword::Cmd);
        for &index in &stage.body {
            let instruction = model.instruction(index);
            let Some(command) = model.image_command(index).filter(|c| !c.exec) else {
                continue;
            };
            if command.is_empty() {
                continue;
            }
            let name = instruction.keyword().text.to_ascii_uppercase();
            let diagnostic = cx.report(
                instruction.args.span,
                format!(
                    "`{name}` in shell form runs under `/bin/sh -c`, which does not forward signals"
                ),
            );
            diagnostic
                .label("shell form")
                .help("use the exec form: a JSON array of the program and its arguments");
            let single_line = instruction.start_line == instruction.end_line;
            let entrypoint_safe = instruction.kind == Keyword::Cmd || !has_cmd;
            let words = model
                .as_exec_form(index)
                .filter(|_| single_line && entrypoint_safe);
            if let Some(words) = words {
                let words: Vec<String> = words
                    .iter()
                    .map(|w| serde_json::Value::from(w.as_str()).to_string())
                    .collect();
                diagnostic.fix(
                    Applicability::Safe,
                    "use the exec (JSON) form",
                    vec![Edit::replace(
                        instruction.args.span,
                        format!("[{}]", words.join(", ")),
                    )],
                );
            }
        }
    }
}
