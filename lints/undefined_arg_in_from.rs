use super::Context;

declare_lint! {
    /// Flags a `FROM` that uses a variable no global `ARG` declares.
    ///
    /// ## Why is this bad?
    /// `FROM` sees only the `ARG`s declared before the first `FROM` (and the
    /// platform arguments BuildKit sets, such as `$TARGETARCH`). Any other
    /// variable expands to nothing, so `FROM node:${NODE_VERSON}` quietly
    /// builds on `node:` — usually a typo, or an `ARG` placed after the
    /// `FROM`. BuildKit reports it as `UndefinedArgInFrom` and suggests the
    /// declared name it is closest to; so does fromlint.
    ///
    /// ## Example
    /// ```dockerfile
    /// ARG NODE_VERSION=24
    /// FROM node:${NODE_VERSON}-slim
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// ARG NODE_VERSION=24
    /// FROM node:${NODE_VERSION}-slim
    /// ```
    ///
    /// ## Fix
    /// None: the intended name is yours to choose (the message suggests one).
    pub static UNDEFINED_ARG_IN_FROM = {
        id: "undefined-arg-in-from",
        severity: Warning,
        fix: None,
        group: Correctness,
        buildkit: "UndefinedArgInFrom",
        check: check,
    }
}

fn check(cx: &mut Context) {
    let model = cx.model;
    let declared = || {
        model
            .global_args
            .iter()
            .map(|a| a.name.as_str())
            .chain(crate::model::BUILTIN_ARGS.iter().copied())
    };
    // Suggestions within a budget, and the global ARGs looked up by name
    // rather than searched: thousands of FROMs reading variables against
    // thousands of global ARGs stay linear.
    let mut budget = crate::model::SuggestionBudget::default();
    for stage in &model.stages {
        for var in model.from_refs(stage) {
            let name = var.name.as_str();
            if model.global_arg(name).is_some() || crate::model::BUILTIN_ARGS.contains(&name) {
                continue;
            }
            let suggestion = budget
                .spend(model.global_args.len())
                .then(|| crate::model::suggest(&var.name, declared()))
                .flatten();
            let message = match suggestion {
                Some(s) => format!(
                    "`FROM` uses `${}`, which no global `ARG` declares (did you mean `${s}`?)",
                    var.name
                ),
                None => format!(
                    "`FROM` uses `${}`, which no global `ARG` declares",
                    var.name
                ),
            };
            let diagnostic = cx.report(var.span, message);
            diagnostic.label("not declared before the first `FROM`");
            diagnostic.help(match suggestion {
                Some(s) => format!(
                    "use `${s}`, or declare `ARG {}` before the first `FROM`",
                    var.name
                ),
                None => format!("declare `ARG {}` before the first `FROM`", var.name),
            });
        }
    }
}
