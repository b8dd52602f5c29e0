use super::Context;
use crate::build::packages;
use crate::diagnostic::{Applicability, Edit};
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
    /// Unsafe, on the first such `RUN` of a stage that still runs the
    /// default `/bin/sh -c`: `SHELL ["/bin/bash", "-o", "pipefail", "-c"]`
    /// is inserted before it (above its comments). Offered only where bash
    /// is known to exist: a Debian, Ubuntu or Amazon Linux base, or a stage
    /// that installed the `bash` package earlier. Not on Alpine or BusyBox
    /// bases without it: whether their `ash` accepts `-o pipefail` depends
    /// on how BusyBox was built, so fromlint writes no `/bin/ash` line.
    /// Unsafe because every later `RUN` of the stage (and of stages built
    /// on it) then runs in bash with `pipefail`: a pipe whose first command
    /// exits early (`yes | …`) now fails the build.
    pub static PIPEFAIL = {
        id: "pipefail",
        severity: Warning,
        fix: Unsafe,
        group: Correctness,
        hadolint: "DL4006",
        check: check,
    }
}

/// Whether a list runs a pipeline of two or more commands.
fn has_pipe(list: &List) -> bool {
    list.items
        .iter()
        .flat_map(|item| item.pipelines())
        .any(|p| p.commands.len() > 1 || p.commands.iter().any(command_has_pipe))
}

fn command_has_pipe(command: &Command) -> bool {
    match command {
        // `$(a | b)`, `<(a | b)` and `sh -c 'a | b'` inherit the option.
        Command::Simple(simple) => {
            simple.nested().is_some_and(|n| has_pipe(&n.body))
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
    // Also whether a SHELL was set, and bash installed by a RUN, so far.
    let mut at_end: Vec<Chain> = Vec::with_capacity(model.stages.len());
    for stage in &model.stages {
        let start = match stage.base {
            Base::Stage(parent) => at_end.get(parent).copied().unwrap_or_default(),
            _ => Chain::default(),
        };
        let Chain {
            mut pipefail,
            mut shell_set,
            mut bash_installed,
        } = start;
        let mut fix_offered = false;
        for &index in &stage.body {
            let instruction = model.instruction(index);
            if instruction.kind == Keyword::Shell {
                pipefail = sets_pipefail(&instruction.form);
                shell_set = true;
            }
            if instruction.effective().kind != Keyword::Run {
                continue;
            }
            let before = bash_installed;
            bash_installed |= installs_bash(cx.runs, index);
            let piped = model
                .run_scripts(index)
                .iter()
                .any(|s| !s.tree.is_opaque() && has_pipe(&s.tree.body));
            if !piped || pipefail {
                continue;
            }
            let sets_it = cx.runs.commands(index).any(|run| {
                run.name() == Some("set")
                    && run
                        .args()
                        .iter()
                        .any(|a| a.value().is_some_and(|v| v.contains("pipefail")))
            });
            if sets_it {
                continue;
            }
            let diagnostic = cx.report(
                instruction.keyword().span,
                "a pipe without `pipefail`: only the last command's failure fails the step",
            );
            diagnostic
                .label("RUN with a pipe")
                .help("add `SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]` (or `/bin/ash` on Alpine) before it, or `set -o pipefail;` in the script");
            if !std::mem::replace(&mut fix_offered, true)
                && !shell_set
                && let Some(edit) = shell_fix(model, stage, index, before)
            {
                diagnostic.fix(
                    Applicability::Unsafe,
                    "run the stage's later RUNs in bash with `pipefail`",
                    vec![edit],
                );
            }
        }
        at_end.push(Chain {
            pipefail,
            shell_set,
            bash_installed,
        });
    }
}

/// What the instructions of a stage and those it builds on set so far.
#[derive(Debug, Clone, Copy, Default)]
struct Chain {
    /// The SHELL in force sets pipefail.
    pipefail: bool,
    /// A SHELL was set.
    shell_set: bool,
    /// A RUN installed bash.
    bash_installed: bool,
}

/// Whether RUN `index` installs bash.
fn installs_bash<'m>(runs: &'m crate::build::Runs<'m>, index: usize) -> bool {
    runs.commands(index)
        .filter_map(|run| packages::install(run.program()))
        .any(|install| {
            install
                .packages
                .iter()
                .any(|p| packages::package_name(&p.text) == "bash")
        })
}

/// Whether a `SHELL` instruction's form sets pipefail.
fn sets_pipefail(form: &Form) -> bool {
    matches!(form, Form::Exec(args) if args.iter().any(|a| a.contains("pipefail")))
}

/// The `SHELL` line that sets pipefail before RUN `index`, when the stage
/// still runs the default shell (the caller knows no SHELL came before) and
/// bash is there: the base has it, or an earlier RUN of the stage (or a
/// stage it builds on) installed it (`installed`).
fn shell_fix(
    model: &crate::model::Model,
    stage: &crate::model::Stage,
    index: usize,
    installed: bool,
) -> Option<Edit> {
    let instruction = model.instruction(index);
    if instruction.onbuild().is_some() {
        return None;
    }
    let base_has_bash = model.describe(stage).and_then(|d| d.has_bash()) == Some(true);
    if !base_has_bash && !installed {
        return None;
    }
    let (at, indent) = model.insertion_before(index)?;
    Some(Edit::insert(
        at,
        format!("{indent}SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\n"),
    ))
}
