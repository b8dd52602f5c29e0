use super::{Context, arg_origins};
use crate::diagnostic::{Applicability, Edit};

declare_lint! {
    /// Flags `FROM` images pinned by tag but not by an `@sha256:` digest.
    ///
    /// ## Why is this bad?
    /// Tags are mutable: official images are rebuilt under the same tag when
    /// their base or runtime gets a patch, so `python:3.12.7-slim` today and
    /// next month are different bytes. Only a digest makes a build
    /// reproducible and protects against a tag being re-pointed. Keep the tag
    /// next to the digest (`image:tag@sha256:…`) so humans and update bots
    /// (Renovate, Dependabot) still know which version it is. `latest` is left
    /// to `latest-tag`, untagged images to `untagged-image`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM python:3.12-slim@sha256:<digest of the multi-arch index>
    /// ```
    ///
    /// ## Fix
    /// Display-only: the digest must come from the registry, and linting never
    /// uses the network. `fromlint pin` resolves and writes it (the digest of
    /// the multi-platform index, next to the tag); by hand, it is the
    /// `Digest:` of `docker buildx imagetools inspect python:3.12-slim`.
    pub static MISSING_DIGEST = {
        id: "missing-digest",
        severity: Info,
        fix: DisplayOnly,
        group: Reproducibility,
        tags: ["reproducibility", "supply-chain"],
        check: check,
    }
}

fn check(cx: &mut Context) {
    let model = cx.model;
    for (_, image) in model.images() {
        let Some(tag) = &image.tag else { continue };
        if image.digest.is_some() || tag.text == "latest" {
            continue;
        }
        let diagnostic = cx.report(
            image.span,
            format!("`{}` is not pinned to a digest", image.text),
        );
        diagnostic.label("tag only").help(format!(
            "run `fromlint pin` to append the digest after the tag, or find it with `docker buildx imagetools inspect {}`",
            image.text
        ));
        for (span, message) in arg_origins(model, image) {
            diagnostic.secondary(span, message);
        }
        if tag.literal {
            diagnostic.fix(
                Applicability::DisplayOnly,
                "pin the digest of the multi-arch index",
                vec![Edit::insert(tag.span.end(), "@sha256:<digest>")],
            );
        }
    }
}
