use super::Context;
use crate::model::{ImageRef, ImageUse};

declare_lint! {
    /// Flags images pulled from a registry that is not in the configured
    /// `trusted-registries`.
    ///
    /// ## Why is this bad?
    /// Every base image and every image copied from runs its content inside
    /// your build and ships it in your image. Organisations mirror and scan
    /// the images they allow in their own registries; an image pulled from
    /// anywhere else bypasses that review, and a public registry can serve a
    /// typo-squatted or compromised image. Both `FROM` images (with ARG
    /// defaults resolved) and `COPY --from=<image>` sources are checked.
    /// Images without a registry host come from Docker Hub and count as
    /// `docker.io`. Patterns are globs: `*.gcr.io` trusts every `gcr.io`
    /// region, `registry.example.com` only that host.
    ///
    /// The lint does nothing until `trusted-registries` is set in the
    /// configuration (hadolint's `trustedRegistries` is read too).
    ///
    /// ## Example
    /// ```toml
    /// trusted-registries = ["registry.example.com", "docker.io"]
    /// ```
    ///
    /// ```dockerfile
    /// FROM quay.io/prometheus/node-exporter:v1.8.2
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM registry.example.com/mirror/node-exporter:v1.8.2
    /// ```
    ///
    /// ## Fix
    /// None: which mirror holds the image is known only to your organisation.
    pub static UNTRUSTED_REGISTRY = {
        id: "untrusted-registry",
        severity: Error,
        fix: None,
        group: Policy,
        hadolint: "DL3026",
        tags: ["security", "supply-chain"],
        check: check,
    }
}

fn check(cx: &mut Context) {
    let Some(trusted) = &cx.settings.trusted_registries else {
        return;
    };
    let model = cx.model;
    let images = model.image_refs().map(|(usage, image)| {
        let label = match usage {
            ImageUse::Base(_) => "base image",
            ImageUse::CopyFrom(_) => "copied from",
            ImageUse::MountFrom(_) => "mounted from",
        };
        (image, label)
    });
    for (image, label) in images {
        let host = registry_host(image);
        if trusted.is_match(host) {
            continue;
        }
        let span = image.registry.as_ref().map_or(image.span, |r| r.span);
        let list = super::pattern_list(trusted.patterns());
        let message = if image.registry.is_some() {
            format!(
                "`{}` comes from `{host}`, which is not a trusted registry",
                image.text
            )
        } else {
            format!(
                "`{}` comes from Docker Hub (`docker.io`), which is not a trusted registry",
                image.text
            )
        };
        cx.report(span, message)
            .label(label)
            .help(format!("use an image from a trusted registry: {list}"));
    }
}

/// The registry host an image is pulled from; Docker Hub is `docker.io`.
fn registry_host(image: &ImageRef) -> &str {
    if image.is_docker_hub() {
        "docker.io"
    } else {
        image
            .registry
            .as_ref()
            .map_or("docker.io", |r| r.text.as_str())
    }
}
