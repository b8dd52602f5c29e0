use super::Context;
use crate::build::{packages, runs};
use crate::diagnostic::{Applicability, Edit};

declare_lint! {
    /// Flags `apt-get install` without `--no-install-recommends` in the
    /// final image (hadolint DL3015).
    ///
    /// ## Why is this bad?
    /// apt installs every package's "recommends" by default: documentation,
    /// optional tools and libraries the software works without. They often
    /// double the size of an install. Only the stages the final image is
    /// built from are checked (builder stages are not shipped), and not
    /// when the Dockerfile configures `APT::Install-Recommends` itself.
    /// `# hadolint ignore=DL3015` suppresses this lint too.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:trixie-slim
    /// RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:trixie-slim
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl ca-certificates && rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// ## Fix
    /// Unsafe: `--no-install-recommends` is added after `install`. Something
    /// you rely on may have come in as a recommendation (`curl` recommends
    /// `ca-certificates`, without which HTTPS fails), so list it explicitly.
    pub static APT_NO_INSTALL_RECOMMENDS = {
        id: "apt-no-install-recommends",
        severity: Info,
        fix: Unsafe,
        group: Size,
        hadolint: "DL3015",
        check: check,
    }
}

fn check(cx: &mut Context) {
    let model = cx.model;
    let Some(last) = model.final_stage() else {
        return;
    };
    if model.source.contains("Install-Recommends") {
        return;
    }
    for stage in model.chain(last) {
        for run in runs(model, stage) {
            for command in &run.commands {
                let words = command.program();
                let Some(install) = packages::install(words) else {
                    continue;
                };
                if install.manager != packages::Manager::Apt
                    || !matches!(words[0].text.as_str(), "apt-get" | "apt")
                    || words.iter().any(|w| w.text == "--no-install-recommends")
                {
                    continue;
                }
                let verb = command.span_of(install.verb);
                cx.report(
                    verb,
                    format!(
                        "`{} install` also installs recommended packages",
                        words[0].text
                    ),
                )
                .label("installs recommends")
                .help("add `--no-install-recommends` and list what you need explicitly")
                .fix(
                    Applicability::Unsafe,
                    "add `--no-install-recommends`",
                    vec![Edit::insert(verb.end, " --no-install-recommends")],
                );
            }
        }
    }
}
