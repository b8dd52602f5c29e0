use super::Context;
use crate::model::{is_builtin, suggest};

declare_lint! {
    /// Flags a variable that no `ARG` or `ENV` defines where BuildKit
    /// expands it (`COPY $APP_DIR .`, `ENV PATH=$PAHT:/app/bin`).
    ///
    /// ## Why is this bad?
    /// BuildKit substitutes variables in `ENV`, `LABEL`, `ARG`, `COPY`,
    /// `ADD`, `WORKDIR`, `USER`, `VOLUME`, `EXPOSE`, `STOPSIGNAL` and the
    /// flags of `COPY`/`ADD`/`RUN` itself; an undefined one becomes the
    /// empty string, so `COPY $APP_DIR .` copies the whole context. The
    /// usual causes are a typo and a global `ARG` used inside a stage
    /// without `ARG NAME` there. BuildKit reports these as `UndefinedVar`,
    /// with a "did you mean" suggestion; so does fromlint. `RUN`, `CMD` and
    /// `ENTRYPOINT` are left to the shell, which may get its variables
    /// elsewhere. The platform and proxy arguments and `PATH` are always
    /// defined.
    ///
    /// A variable that the same `ENV` sets before using it (`ENV A=1
    /// B=$A`) is `env-self-reference`'s finding, not this lint's.
    ///
    /// Unlike BuildKit, a reference that handles the unset case itself
    /// (`${NAME:-default}`, `${NAME:+word}`, `${NAME:?message}`) is not
    /// reported. Variables the base image sets (`JAVA_HOME`) are unknown
    /// without the registry: in a stage built on an image, a name that no
    /// instruction of the file defines is taken to come from the image and
    /// is reported only when it looks like a typo of a name the file does
    /// define (the "did you mean" case). A name defined elsewhere in the
    /// file (an `ARG` of another stage, which does not carry over) is
    /// still reported. Images may still set a variable the file also
    /// defines elsewhere, so the lint is not in the default selection.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.22
    /// ARG APP_DIR=/srv/app
    /// COPY . $APP_DRI
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.22
    /// ARG APP_DIR=/srv/app
    /// COPY . $APP_DIR
    /// ```
    ///
    /// ## Fix
    /// None: the message names the likely intended variable.
    pub static UNDEFINED_VAR = {
        id: "undefined-var",
        severity: Warning,
        fix: None,
        group: Correctness,
        default: false,
        buildkit: "UndefinedVar",
        check: check,
    }
}

fn check(cx: &mut Context) {
    let model = cx.model;
    let mut budget = crate::model::SuggestionBudget::default();
    // Every name some instruction of the file defines, for the base-image
    // rule below: each stage's own (with the inherited ones, a chain of
    // thousands of stages gathered quadratically many).
    let mut in_file: Vec<&str> = model
        .stages
        .iter()
        .flat_map(|s| s.facts.own_names())
        .chain(model.global_args.iter().map(|a| a.name.as_str()))
        .collect();
    in_file.sort_unstable();
    in_file.dedup();
    for stage in &model.stages {
        // Built on an image whose environment fromlint does not know.
        let from_image = !matches!(model.origin(stage), crate::model::Origin::Scratch);
        // Names for "did you mean", gathered once per stage.
        let mut known: Option<Vec<&str>> = None;
        for &index in &stage.body {
            for var in model.expanded_refs(index) {
                let name = var.name.as_str();
                let defined = var.guarded || is_builtin(name) || stage.facts.is_set(index, name);
                // `ENV A=1 B=$A`: env-self-reference's finding.
                let same_env = model.instruction(index).kind == crate::syntax::Keyword::Env
                    && stage.facts.is_set(index + 1, name);
                if defined || same_env {
                    continue;
                }
                // Gathered only while the budget lasts, and charged for
                // it: a stage's names include those it inherits, so in a
                // chain of thousands of stages each list is long.
                if known.is_none() && budget.lasts() {
                    let mut names = stage.facts.defined_names();
                    names.extend(model.global_args.iter().map(|a| a.name.as_str()));
                    budget.spend(names.len());
                    names.push("PATH");
                    names.sort_unstable();
                    names.dedup();
                    known = Some(names);
                }
                let global = model.global_arg(name).is_some();
                let lasts = budget.spend(known.as_ref().map_or(0, Vec::len));
                let suggestion = (lasts && !global)
                    .then(|| {
                        known
                            .as_ref()
                            .and_then(|k| suggest(name, k.iter().copied()))
                    })
                    .flatten();
                // A name the file never defines, on a stage built on an
                // image, most likely comes from the image's `ENV`
                // (`$STI_SCRIPTS_PATH` on the s2i images): reported only as
                // a likely typo of a name the file does define.
                if from_image && suggestion.is_none() && in_file.binary_search(&name).is_err() {
                    continue;
                }
                let mut message = format!("`${name}` is not defined here: it expands to nothing");
                if let Some(s) = suggestion {
                    message += &format!(" (did you mean `${s}`?)");
                }
                let diagnostic = cx.report(var.span, message);
                diagnostic.label("undefined variable");
                diagnostic.help(if global {
                    format!(
                        "`{name}` is a global `ARG`: declare `ARG {name}` in this stage to use it here"
                    )
                } else if let Some(s) = suggestion {
                    format!("use `${s}`, or define `{name}` with `ARG` or `ENV` first")
                } else {
                    format!("define `{name}` with `ARG` or `ENV` before this instruction")
                });
            }
        }
    }
}
