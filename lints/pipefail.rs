use super::Context;
use crate::model::Base;
use crate::shell::{Command, Compound, List};
use crate::syntax::{Form, Keyword};

declare_lint! {
    /// Flags a `RUN` with a pipe (`a | b`) when the shell does not have
    /// `pipefail` set: no `SHELL [… "-o", "pipefail" …]` before it in the
    /// stage (or a stage it builds on), and no `set -o pipefail` earlier in
    /// the same script.
    ///
    /// ## Why is this bad?
    /// A pipeline's status is that of its last command: in
    /// `curl -fsSL https://… | tar -xz` a failed download gives `tar` an
    /// empty input, and if `tar` succeeds the build goes on with nothing
    /// installed. With `pipefail` any failing command fails the step.
    /// BusyBox `ash` (Alpine) supports `-o pipefail` too. hadolint reports a
    /// pipe even after `set -o pipefail` in the same RUN; fromlint does not.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:trixie-slim
    /// RUN curl -fsSL https://example.com/tool.tar.gz | tar -xz -C /opt
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:trixie-slim
    /// SHELL ["/bin/bash", "-o", "pipefail", "-c"]
    /// RUN curl -fsSL https://example.com/tool.tar.gz | tar -xz -C /opt
    /// ```
    ///
    /// ## Fix
    /// None yet: adding `SHELL` changes the shell of every later RUN.
    pub static PIPEFAIL = {
        id: "pipefail",
        severity: Warning,
        fix: None,
        group: Correctness,
        hadolint: "DL4006",
        check: check,
    }
}

/// Whether a list runs a pipeline of two or more commands.
fn has_pipe(list: &List) -> bool {
    list.items.iter().any(|item| {
        let and_or = &item.and_or;
        std::iter::once(&and_or.first)
            .chain(and_or.rest.iter().map(|(_, p)| p))
            .any(|p| p.commands.len() > 1 || p.commands.iter().any(command_has_pipe))
    })
}

fn command_has_pipe(command: &Command) -> bool {
    match command {
        // `$(a | b)`, `<(a | b)` and `sh -c 'a | b'` inherit the option.
        Command::Simple(simple) => {
            simple.nested.as_ref().is_some_and(|n| has_pipe(&n.body))
                || simple.words.iter().any(|w| w.substitutions().any(has_pipe))
        }
        Command::Function(f) => command_has_pipe(&f.body),
        Command::Compound(compound, _) => match compound.as_ref() {
            Compound::Brace(l) | Compound::Subshell(l) => has_pipe(l),
            Compound::If {
                branches,
                otherwise,
            } => {
                branches.iter().any(|(c, b)| has_pipe(c) || has_pipe(b))
                    || otherwise.as_ref().is_some_and(has_pipe)
            }
            Compound::For { body, .. } => has_pipe(body),
            Compound::While {
                condition, body, ..
            } => has_pipe(condition) || has_pipe(body),
            Compound::Case { arms, .. } => arms.iter().any(|(_, l)| has_pipe(l)),
            Compound::Arithmetic(_) | Compound::Test(_) => false,
        },
    }
}

fn check(cx: &mut Context) {
    let model = cx.model;
    // Whether the SHELL in force sets pipefail, at the end of each stage
    // (a stage starts with its parent's), so each instruction is read once.
    let mut at_end: Vec<bool> = Vec::with_capacity(model.stages.len());
    for stage in &model.stages {
        let mut pipefail = match stage.base {
            Base::Stage(parent) => at_end.get(parent).copied().unwrap_or(false),
            _ => false,
        };
        for &index in &stage.body {
            let instruction = model.instruction(index);
            if instruction.kind == Keyword::Shell {
                pipefail = sets_pipefail(&instruction.form);
            }
            if instruction.effective().kind != Keyword::Run {
                continue;
            }
            let piped = model
                .run_scripts(index)
                .iter()
                .any(|s| !s.tree.is_opaque() && has_pipe(&s.tree.body));
            if !piped || pipefail {
                continue;
            }
            let sets_it = model.run_commands(index).iter().any(|run| {
                run.name() == Some("set")
                    && run
                        .args()
                        .iter()
                        .any(|a| a.value().is_some_and(|v| v.contains("pipefail")))
            });
            if sets_it {
                continue;
            }
            cx.report(
                instruction.keyword.span,
                "a pipe without `pipefail`: only the last command's failure fails the step",
            )
            .label("RUN with a pipe")
            .help("add `SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]` (or `/bin/ash` on Alpine) before it, or `set -o pipefail;` in the script");
        }
        at_end.push(pipefail);
    }
}

/// Whether a `SHELL` instruction's form sets pipefail.
fn sets_pipefail(form: &Form) -> bool {
    matches!(form, Form::Exec(args) if args.iter().any(|a| a.contains("pipefail")))
}
