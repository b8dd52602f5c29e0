use super::{Context, arg_origins};
use crate::diagnostic::Applicability;
use crate::knowledge::{TagStatus, tag_status};

declare_lint! {
    /// Flags tags of Docker Official Images (and of the other images whose
    /// tag grammar fromlint records, such as `mcr.microsoft.com/dotnet/*`)
    /// that cannot exist: a misspelt or
    /// impossible variant or distribution release
    /// (`python:3.12-slim-bookwrom`, `node:22-alpine-slim`,
    /// `python:3.12-alpine-bullseye`), or a release line combined with a
    /// release it was never published for (`golang:1.27-alpine3.22`).
    ///
    /// ## Why is this bad?
    /// The build fails with "manifest unknown", often only after minutes of
    /// earlier stages, in CI, or when a cache expires. fromlint knows the tag
    /// grammar of the official families and which Debian, Ubuntu and Alpine
    /// releases each maintained line is built on, so it can say so at once.
    /// It only claims what its knowledge records: a version newer than the
    /// knowledge, a word it does not know at all (Windows variants, build
    /// dates, previews) and images whose tags it does not know are never
    /// reported.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.12-slim-bookwrom
    /// FROM golang:1.27-alpine3.22
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM python:3.12-slim-bookworm
    /// FROM golang:1.27-alpine3.24
    /// ```
    ///
    /// ## Fix
    /// Unsafe when exactly one tag fits ("did you mean"), since a different
    /// tag is a different image; with several candidates the help lists them
    /// and no edit is offered.
    pub static UNKNOWN_TAG = {
        id: "unknown-tag",
        severity: Error,
        fix: Unsafe,
        tags: ["correctness"],
        check: check,
    }
}

fn check(cx: &mut Context) {
    let model = cx.model;
    for (_, image) in model.images() {
        let (Some(name), Some(tag)) = (image.family_name(), image.tag_text()) else {
            continue;
        };
        let TagStatus::Never { why, instead } = tag_status(&name, tag) else {
            continue;
        };
        let diagnostic = cx.report(
            image.span,
            format!("`{}` was never published: {why}", image.without_digest()),
        );
        diagnostic.label("no such tag");
        for (span, message) in arg_origins(model, image) {
            diagnostic.secondary(span, message);
        }
        let names: Vec<String> = instead
            .iter()
            .map(|t| format!("`{}`", image.with_tag(t)))
            .collect();
        match names.as_slice() {
            [] => {
                diagnostic.help("pick a tag the image publishes (see its page on Docker Hub)");
            }
            [one] => {
                diagnostic.help(format!("did you mean {one}?"));
            }
            many => {
                diagnostic.help(format!("use one of {}", many.join(", ")));
            }
        }
        if let [only] = instead.as_slice()
            && let Some(retag) = image.retag(only)
        {
            diagnostic.fix(Applicability::Unsafe, retag.title(), vec![retag.edit]);
        }
    }
}
