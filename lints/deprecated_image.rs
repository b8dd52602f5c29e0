use super::Context;
use crate::diagnostic::{Applicability, Edit};

declare_lint! {
    /// Flags base images that are no longer maintained or published, with
    /// their replacement.
    ///
    /// ## Why is this bad?
    /// A deprecated image gets no rebuilds: no security fixes, no new
    /// versions, and sometimes its tags disappear from the registry and the
    /// build breaks. `openjdk` has only published early-access builds since
    /// July 2022 (use `eclipse-temurin`, or another vendor such as
    /// `amazoncorretto`), `java` stopped in 2016, every `centos` tag is end
    /// of life, and distroless removed its Debian 12 language images
    /// (`python3-debian12` on 2026-05-11, `java*`/`nodejs*-debian12` on
    /// 2026-02-27), its Debian 11 images and its Node.js 18 and 20 images.
    /// Every stage is checked.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM openjdk:17-jdk-slim
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM eclipse-temurin:17-jdk
    /// ```
    ///
    /// ## Fix
    /// Unsafe: the reference is replaced by the maintained image (`openjdk`
    /// and `java` by the `eclipse-temurin` tag of the same Java major when
    /// Temurin supports it, else the next supported line, never an older
    /// one: `-jre` when the image is the final one and only runs `java`,
    /// `-jdk` otherwise; removed distroless images by their `-debian13`
    /// successor). No fix when Temurin supports no line that new
    /// (`openjdk:27-ea`).
    /// Variants differ (Temurin has no `-slim`; distroless Python 3.13
    /// replaces 3.11), so review it. `centos` gets a suggestion only: moving
    /// to UBI changes the package manager. Windows tags get no fix.
    pub static DEPRECATED_IMAGE = {
        id: "deprecated-image",
        severity: Warning,
        fix: Unsafe,
        group: Correctness,
        check: check,
    }
}

fn check(cx: &mut Context) {
    // The image the final stage starts from, when it only runs a Java
    // program: a JRE replaces a JDK there.
    let runtime_only = crate::build::runs_only_java(cx.runs)
        .then(|| {
            cx.model
                .final_stage()
                .and_then(|last| cx.model.root_image(last))
        })
        .flatten()
        .map(|(_, image)| image.span);
    for (_, image) in cx.model.images() {
        let Some(deprecation) = &image.describe().deprecated else {
            continue;
        };
        let replacement = match deprecation.runtime_replacement.clone() {
            Some(runtime) if runtime_only == Some(image.span) => runtime,
            _ => deprecation.replacement.clone(),
        };
        let plain = replacement
            .split(' ')
            .next()
            .unwrap_or(&replacement)
            .to_string();
        let diagnostic = cx.report(
            image.span,
            format!("`{}` is {}", image.without_digest(), deprecation.status),
        );
        diagnostic
            .label("deprecated image")
            .help(format!("use `{plain}`{}", note(&replacement)));
        let literal = image.repository.literal
            && image.registry.as_ref().is_none_or(|r| r.literal)
            && image.tag.as_ref().is_none_or(|t| t.literal)
            && image.digest.is_none();
        let windows = image
            .tag_text()
            .is_some_and(|t| t.contains("windows") || t.contains("nanoserver"));
        if !literal || windows || !deprecation.writable {
            continue;
        }
        let applicability = if plain.starts_with("registry.access.redhat.com") {
            Applicability::DisplayOnly
        } else {
            Applicability::Unsafe
        };
        // Distroless tags (`nonroot`, `debug`) carry over; other tags do not.
        let new_text = match image.tag_text() {
            Some(tag) if plain.starts_with("gcr.io/distroless/") => format!("{plain}:{tag}"),
            _ => plain.clone(),
        };
        diagnostic.fix(
            applicability,
            format!("use `{new_text}`"),
            vec![Edit::replace(image.span, new_text.clone())],
        );
    }
}

fn note(replacement: &str) -> String {
    replacement
        .split_once(' ')
        .map(|(_, rest)| format!(" {rest}"))
        .unwrap_or_default()
}
