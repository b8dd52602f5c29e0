use super::{Context, arg_origins};
use crate::diagnostic::{Applicability, Edit};
use crate::knowledge::current_tag;

declare_lint! {
    /// Flags `FROM` images tagged `latest`, written out or taken from an ARG
    /// default.
    ///
    /// ## Why is this bad?
    /// `latest` is not a version: it moves to each new release, including new
    /// major versions, so the same Dockerfile builds different images over
    /// time and a rebuild can break without any change in your repository.
    /// A repository whose name carries its release line (`ubi9/ubi`,
    /// `ubi8/nodejs-16`) only moves within that line, and the message says
    /// so; for the free Chainguard images, which publish only `latest`, the
    /// help asks for a digest instead of a version tag.
    /// A `latest` that comes from an `ARG` default is reported too, with the
    /// ARG pointed out. `image:latest@sha256:…` is not reported: the digest
    /// pins the image and the tag is only a label.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:latest
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM node:24-slim
    /// ```
    ///
    /// ## Fix
    /// Display-only: for Docker Official Images fromlint shows a current
    /// version tag; choosing the version is yours.
    pub static LATEST_TAG = {
        id: "latest-tag",
        severity: Warning,
        fix: DisplayOnly,
        group: Reproducibility,
        hadolint: "DL3007",
        tags: ["reproducibility"],
        check: check,
    }
}

fn check(cx: &mut Context) {
    let model = cx.model;
    for (_, image) in model.images() {
        // With a digest the tag is only a label; the digest pins the image.
        let Some(tag) = image
            .tag
            .as_ref()
            .filter(|tag| tag.text == "latest" && image.digest.is_none())
        else {
            continue;
        };
        let origins = arg_origins(model, image);
        let name = image.full_name();
        let message = match major_in_name(&name) {
            Some(line) => format!(
                "`{}` follows every new release of the `{line}` line (its minor versions and rebuilds)",
                image.text
            ),
            None => format!(
                "`{}` follows every new release, including major versions",
                image.text
            ),
        };
        // The free Chainguard images publish only `latest`: the digest is
        // the pin there is.
        let help = if image
            .describe()
            .minimal
            .as_ref()
            .is_some_and(|m| m.family == "Chainguard")
        {
            "this image publishes only `latest` without a subscription: pin its digest (`fromlint pin`)"
        } else {
            "pin a version tag (and ideally a digest) so builds are reproducible"
        };
        let diagnostic = cx.report(tag.span, message);
        diagnostic.label("moving tag").help(help);
        for (span, message) in &origins {
            diagnostic.secondary(*span, message.clone());
        }
        let Some(current) = image.family_name().as_deref().and_then(current_tag) else {
            continue;
        };
        let title = format!("pin a version, e.g. `{}`", image.with_tag(&current));
        let target = if tag.literal {
            Some(tag.span)
        } else {
            let arg = image.vars.iter().find_map(|name| model.global_arg(name));
            arg.filter(|a| a.default.as_deref() == Some("latest"))
                .and_then(|a| a.default_span)
        };
        if let Some(span) = target {
            diagnostic.fix(
                Applicability::DisplayOnly,
                title,
                vec![Edit::replace(span, current)],
            );
        }
    }
}

/// The release line a repository's own name carries (`ubi9/ubi` → `ubi9`,
/// `ubi8/nodejs-16` → `nodejs-16`, `distroless/python3` → `python3`): a
/// path component ending in a version number publishes only that line.
fn major_in_name(name: &str) -> Option<&str> {
    let path = name.split_once('/').map_or(name, |(first, rest)| {
        if first.contains('.') || first.contains(':') {
            rest
        } else {
            name
        }
    });
    path.split('/').find(|part| {
        let stem = part.trim_end_matches(|c: char| c.is_ascii_digit() || c == '.');
        stem.len() < part.len()
            && stem
                .chars()
                .last()
                .is_some_and(|c| c.is_ascii_alphabetic() || c == '-')
            && stem
                .trim_end_matches('-')
                .chars()
                .all(|c| c.is_ascii_lowercase() || c == '-')
            && !stem.trim_end_matches('-').is_empty()
    })
}
