use super::Context;
use crate::diagnostic::{Applicability, Edit};
use crate::model::{Base, Healthcheck, Origin, copy_paths};
use crate::syntax::{Form, Instruction, Keyword};

declare_lint! {
    /// Flags instructions that need a shell or a package manager in a stage
    /// whose base has none: `scratch`, distroless (except `:debug`),
    /// Chainguard images (except `-dev`) and UBI micro.
    ///
    /// ## Why is this bad?
    /// Shell-form `RUN`, `CMD`, `ENTRYPOINT` and `HEALTHCHECK CMD` are run as
    /// `/bin/sh -c …`. Without `/bin/sh` the build fails at that `RUN`, or
    /// the container fails to start (or its health check always fails).
    /// Exec-form `RUN ["apt-get", …]`, `apk`, `pip`, `useradd` and the like
    /// fail too: those programs are not in the image. In `scratch` a `USER`
    /// given by name cannot be resolved (there is no `/etc/passwd`).
    ///
    /// UBI micro has no package manager; whether it has a shell is not
    /// documented, so only package-manager commands are reported there.
    /// Nothing is reported after a `SHELL` instruction or a `COPY` that
    /// brings in a shell (busybox, `/bin/sh`), or for `USER` after
    /// `/etc/passwd` was copied in.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM gcr.io/distroless/static-debian13
    /// COPY app /app
    /// CMD /app --port 8080
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM gcr.io/distroless/static-debian13
    /// COPY app /app
    /// CMD ["/app", "--port", "8080"]
    /// ```
    ///
    /// ## Fix
    /// Safe for `CMD` and `ENTRYPOINT` whose command has no shell syntax
    /// (variables, quotes, operators, globs): they are rewritten in exec
    /// form. Other cases need a builder stage (install there, copy the
    /// result) or a numeric `USER 65532:65532`.
    pub static NEEDS_SHELL = {
        id: "needs-shell",
        severity: Error,
        fix: Safe,
        group: Correctness,
        check: check,
    }
}

/// Programs that are never in a shell-less image.
const TOOLS: &[&str] = &[
    "sh", "bash", "apt-get", "apt", "apk", "dnf", "yum", "microdnf", "pip", "pip3", "npm", "yarn",
    "useradd", "adduser", "groupadd", "addgroup", "chown", "chmod", "mkdir", "curl", "wget",
];
const PACKAGE_MANAGERS: &[&str] = &["apt-get", "apt", "apk", "dnf", "yum", "microdnf"];

fn check(cx: &mut Context) {
    let model = cx.model;
    // Whether a shell, and a `/etc/passwd`, were copied in by the end of
    // each stage (a parent comes before its children): each stage's start
    // is its parent's end, so a long chain of stages is read once.
    let mut at_end: Vec<(bool, bool)> = Vec::with_capacity(model.stages.len());
    for stage in &model.stages {
        let (mut shell, mut passwd) = match stage.base {
            Base::Stage(parent) => at_end.get(parent).copied().unwrap_or_default(),
            _ => (false, false),
        };
        for &i in &stage.body {
            let instruction = model.instruction(i).effective();
            shell |= gives_shell(instruction);
            passwd |= gives_passwd(instruction);
        }
        at_end.push((shell, passwd));
    }
    for stage in &model.stages {
        let (name, no_shell) = match model.origin(stage) {
            Origin::Scratch => ("scratch".to_string(), true),
            Origin::Image(image) => {
                let d = image.describe();
                match (d.shell, d.package_manager) {
                    (Some(false), _) => (format!("`{}`", image.without_digest()), true),
                    (None, None) if d.minimal.is_some() => {
                        (format!("`{}`", image.without_digest()), false)
                    }
                    _ => continue,
                }
            }
            Origin::Unknown => continue,
        };
        let scratch = matches!(model.origin(stage), Origin::Scratch);
        // A SHELL or a shell copied in ends the check; a copied
        // `/etc/passwd` makes user names work.
        let (mut shell, mut passwd) = match stage.base {
            Base::Stage(parent) => at_end.get(parent).copied().unwrap_or_default(),
            _ => (false, false),
        };
        for &index in &stage.body {
            if shell {
                break;
            }
            check_instruction(cx, index, &name, no_shell, scratch && !passwd);
            let instruction = model.instruction(index).effective();
            shell |= gives_shell(instruction);
            passwd |= gives_passwd(instruction);
        }
    }
}

fn check_instruction(
    cx: &mut Context,
    index: usize,
    base: &str,
    no_shell: bool,
    scratch_user: bool,
) {
    let model = cx.model;
    let instruction = model.instruction(index);
    let span = instruction.keyword().span.cover(instruction.args.span);
    match (instruction.kind, &instruction.form) {
        (Keyword::Run, Form::Shell) if no_shell => {
            cx.report(
                span,
                format!("shell-form `RUN` needs `/bin/sh`, which {base} does not have"),
            )
            .label("runs /bin/sh -c")
            .help("do this work in a builder stage and `COPY --from` the result");
        }
        (Keyword::Run, _) => {
            let program = match &instruction.form {
                Form::Exec(args) => args.first().cloned(),
                Form::Shell => cx
                    .runs
                    .commands(index)
                    .next()
                    .and_then(|c| c.name())
                    .map(str::to_string),
            };
            let Some(program) = program else { return };
            let tool = crate::pip::basename(&program);
            let missing = if no_shell {
                TOOLS.contains(&tool)
            } else {
                PACKAGE_MANAGERS.contains(&tool)
            };
            if missing {
                cx.report(span, format!("`{tool}` is not in {base}"))
                    .label("program not in the image")
                    .help("install in a builder stage and `COPY --from` the result; set ownership with `COPY --chown` and a numeric `USER`");
            }
        }
        (Keyword::Cmd | Keyword::Entrypoint, Form::Shell)
            if no_shell && model.image_command(index).is_some_and(|c| !c.is_empty()) =>
        {
            let keyword = instruction.keyword().text.to_uppercase();
            let exec = model.as_exec_form(index).map(|words| {
                let quoted: Vec<String> = words
                    .iter()
                    .map(|w| serde_json::to_string(w).expect("string"))
                    .collect();
                format!("[{}]", quoted.join(", "))
            });
            let diagnostic = cx.report(
                span,
                format!("shell-form `{keyword}` runs `/bin/sh -c`, which {base} does not have"),
            );
            diagnostic.label("needs /bin/sh").help(format!(
                "use the exec form: `{keyword} [\"program\", \"arg\"]`"
            ));
            if let Some(exec) = exec {
                diagnostic.fix(
                    Applicability::Safe,
                    "use the exec form",
                    vec![Edit::replace(instruction.args.span, exec)],
                );
            }
        }
        (Keyword::Healthcheck, _) if no_shell => {
            if let Some(Healthcheck::Cmd(command)) = model.healthcheck(index)
                && !command.exec
            {
                cx.report(span, format!("shell-form `HEALTHCHECK CMD` runs `/bin/sh -c`, which {base} does not have"))
                    .label("always fails")
                    .help("use `HEALTHCHECK CMD [\"/healthcheck\"]` with a static binary copied from a builder");
            }
        }
        (Keyword::User, _) if scratch_user => {
            let Some(user) = model
                .stage_of(index)
                .and_then(|s| s.facts.user_at(index + 1))
            else {
                return;
            };
            let name = user.split(':').next().unwrap_or(user);
            if !name.is_empty() && !name.contains('$') && !name.chars().all(|c| c.is_ascii_digit())
            {
                cx.report(span, format!("`USER {user}` needs `/etc/passwd`, which {base} does not have"))
                    .label("user by name")
                    .help("use a numeric user such as `USER 65532:65532`, or copy `/etc/passwd` from a builder");
            }
        }
        _ => {}
    }
}

/// Whether an instruction sets `SHELL` or copies a shell in.
fn gives_shell(i: &Instruction) -> bool {
    i.kind == Keyword::Shell
        || (matches!(i.kind, Keyword::Copy | Keyword::Add) && {
            let (sources, dest) = copy_paths(i);
            sources.iter().chain(dest.iter()).any(|p| {
                p.contains("busybox")
                    || p.ends_with("/sh")
                    || p.ends_with("/bash")
                    || matches!(p.trim_end_matches('/'), "/bin" | "/usr/bin" | "")
            })
        })
}

/// Whether an instruction copies `/etc/passwd` in.
fn gives_passwd(i: &Instruction) -> bool {
    matches!(i.kind, Keyword::Copy | Keyword::Add) && {
        let (sources, dest) = copy_paths(i);
        sources
            .iter()
            .chain(dest.iter())
            .any(|p| p.contains("/etc/passwd") || matches!(p.trim_end_matches('/'), "/etc" | ""))
    }
}
