use super::{Context, arg_origins};
use crate::diagnostic::{Applicability, Edit};
use crate::knowledge::current_tag;

declare_lint! {
    /// Flags `FROM` images with neither a tag nor a digest, which Docker
    /// reads as `:latest`.
    ///
    /// ## Why is this bad?
    /// Without a tag, every build pulls whatever `latest` points to that day:
    /// a new major version of the runtime or distribution can arrive without
    /// any change to the Dockerfile, and two builds of the same commit can
    /// differ. Stage names and `scratch` are not images and are not flagged;
    /// references built from ARGs are checked with the ARG defaults.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM python:3.14-slim
    /// ```
    ///
    /// ## Fix
    /// Display-only: for Docker Official Images fromlint shows a current
    /// version tag from its knowledge base, but which version your
    /// application supports is your decision.
    pub static UNTAGGED_IMAGE = {
        id: "untagged-image",
        severity: Warning,
        fix: DisplayOnly,
        group: Reproducibility,
        hadolint: "DL3006",
        tags: ["reproducibility"],
        check: check,
    }
}

fn check(cx: &mut Context) {
    let model = cx.model;
    for (_, image) in model.images() {
        if image.tag.is_some() || image.digest.is_some() {
            continue;
        }
        let diagnostic = cx.report(
            image.span,
            format!(
                "`{}` has no tag, so it means `{}:latest`",
                image.text, image.text
            ),
        );
        diagnostic
            .label("no tag")
            .help("pin a version tag (and ideally a digest) so builds are reproducible");
        for (span, message) in arg_origins(model, image) {
            diagnostic.secondary(span, message);
        }
        let suggestion = image.family_name().as_deref().and_then(current_tag);
        if let Some(tag) = suggestion.filter(|_| image.repository.literal) {
            diagnostic.fix(
                Applicability::DisplayOnly,
                format!("pin a version, e.g. `{}`", image.with_tag(&tag)),
                vec![Edit::insert(image.repository.span.end(), format!(":{tag}"))],
            );
        }
    }
}
