use super::Context;
use crate::model::{ImageRef, ImageUse};

declare_lint! {
    /// Flags base images that match none of the configured `allowed-images`
    /// patterns.
    ///
    /// ## Why is this bad?
    /// Many organisations build only on a short list of golden images: base
    /// images they patch, scan and support. A Dockerfile that starts from
    /// anything else is outside that process, and nobody rebuilds it when
    /// the next CVE lands. Every stage's `FROM` image is checked (ARG
    /// defaults resolved; stages, `scratch` and images that need build
    /// arguments are not).
    ///
    /// Patterns are globs matched against the image as written and in its
    /// full form: `python:*-slim*` allows every slim Python tag, `python`
    /// every Python tag, `gcr.io/distroless/*` every distroless image. A
    /// digest never stops a match (`python:3.12-slim@sha256:…` matches
    /// `python:*-slim*`), and Docker Hub images match with or without
    /// `docker.io/library/`.
    ///
    /// The lint does nothing until `allowed-images` is set in the
    /// configuration.
    ///
    /// ## Example
    /// ```toml
    /// allowed-images = ["python:*-slim*", "gcr.io/distroless/*"]
    /// ```
    ///
    /// ```dockerfile
    /// FROM python:3.12-alpine
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// ```
    ///
    /// ## Fix
    /// None: the allowed image that fits your application is your choice.
    pub static DISALLOWED_IMAGE = {
        id: "disallowed-image",
        severity: Error,
        fix: None,
        group: Policy,
        tags: ["security", "policy"],
        check: check,
    }
}

fn check(cx: &mut Context) {
    let Some(allowed) = &cx.settings.allowed_images else {
        return;
    };
    let model = cx.model;
    for (usage, image) in model.image_refs() {
        if candidates(image).iter().any(|c| allowed.is_match(c)) {
            continue;
        }
        let list = super::pattern_list(allowed.patterns());
        let (what, label) = match usage {
            ImageUse::Base(_) => ("base image", "not allowed"),
            ImageUse::CopyFrom(_) => ("image to copy from", "copied from"),
            ImageUse::MountFrom(_) => ("image to mount", "mounted from"),
        };
        cx.report(
            image.span,
            format!("`{}` is not an allowed {what}", image.text),
        )
        .label(label)
        .help(format!("build on one of the allowed images: {list}"));
    }
}

/// The spellings of an image that a pattern may be written against: short
/// and fully qualified names, each bare, with the tag, and with the digest.
fn candidates(image: &ImageRef) -> Vec<String> {
    let mut names = vec![image.full_name()];
    if let Some(official) = image.official_name() {
        names.push(official.to_string());
        names.push(format!("library/{official}"));
        names.push(format!("docker.io/library/{official}"));
    } else if image.is_docker_hub() {
        names.push(format!("docker.io/{}", image.repository.text));
    }
    names.dedup();
    let mut all = Vec::new();
    for name in names {
        let tagged = match image.tag_text() {
            Some(tag) => format!("{name}:{tag}"),
            None => name.clone(),
        };
        if let Some(digest) = &image.digest {
            all.push(format!("{tagged}@{}", digest.text));
        }
        all.push(tagged);
        all.push(name);
    }
    all
}
