use super::Context;

declare_lint! {
    /// Flags `USER` with a user name instead of a numeric id.
    ///
    /// ## Why is this bad?
    /// Kubernetes' `runAsNonRoot` and similar admission checks look at the
    /// image's user without reading its `/etc/passwd`: a name cannot be
    /// verified as non-root and the pod is refused. A numeric `USER 10001`
    /// (or `10001:10001`) can. Users from build arguments are not judged.
    ///
    /// Opt-in: it fires on 13% of the corpus files, and only matters where
    /// such a policy is enforced.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:24-slim
    /// USER node
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM node:24-slim
    /// USER 1000
    /// ```
    ///
    /// ## Fix
    /// None: the id is in the image's `/etc/passwd`.
    pub static NON_NUMERIC_USER = {
        id: "non-numeric-user",
        severity: Info,
        fix: None,
        group: Security,
        default: false,
        hadolint: "DL3066",
        check: check,
    }
}

fn check(cx: &mut Context) {
    let model = cx.model;
    for stage in &model.stages {
        for (index, text) in stage.facts.user_instructions() {
            let user = text.split(':').next().unwrap_or_default();
            if user.is_empty() || user.contains('$') || user.bytes().all(|b| b.is_ascii_digit()) {
                continue;
            }
            cx.report(
                model.instruction(index).args.span,
                format!("`USER {text}` names a user that policies cannot verify as non-root"),
            )
            .label("not a numeric id")
            .help("use the numeric id (`USER 10001:10001`)");
        }
    }
}
