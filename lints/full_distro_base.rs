use super::Context;
use crate::diagnostic::{Applicability, Edit};
use crate::knowledge::{
    DEBIAN_CURRENT, DEBIAN_SUITES, Family, SlimStyle, current_tag, family, ubuntu_suite_of,
};
use crate::model::ImageRef;

declare_lint! {
    /// Flags a final image built on a full distribution image when a slim
    /// variant of the same runtime exists.
    ///
    /// ## Why is this bad?
    /// The default tags of `python`, `node`, `ruby` and `perl` build on
    /// `buildpack-deps`: compilers, dev headers and hundreds of packages you
    /// need to build, not to run. `python:3.14` pulls about 415 MB
    /// compressed, `python:3.14-slim` about 43 MB. Everything extra is pulled
    /// on every deploy and scanned for CVEs. `golang` and `rust` images are
    /// whole toolchains and belong in a builder stage, with the binary copied
    /// into `gcr.io/distroless/static-debian13`, `cc-debian13` or `scratch`.
    ///
    /// Only the final stage (the last `FROM`, which `docker build` produces
    /// by default) is checked, following `FROM <stage>` chains to the image
    /// they start from; builder stages are meant to be big. `php` is not
    /// flagged: its Debian variants already build on `debian:<suite>-slim`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.12
    /// COPY . /app
    /// CMD ["python", "/app/main.py"]
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// COPY . /app
    /// CMD ["python", "/app/main.py"]
    /// ```
    ///
    /// ## Fix
    /// Unsafe: the tag is replaced by the slim variant (`3.12` →
    /// `3.12-slim`, `20-bookworm` → `20-bookworm-slim`, `bookworm` →
    /// `bookworm-slim`), and `buildpack-deps:<suite>` by `debian:<suite>-slim`.
    /// Packages that were only in the full image (gcc, libpq-dev, git…)
    /// disappear; install the ones you need at runtime with apt, or build in
    /// a full stage and copy the result. No fix is offered when the tag comes
    /// from an ARG or the reference carries a digest.
    pub static FULL_DISTRO_BASE = {
        id: "full-distro-base",
        severity: Warning,
        fix: Unsafe,
        tags: ["image-size", "security"],
        check: check,
    }
}

fn check(cx: &mut Context) {
    let model = cx.model;
    let Some(last) = model.final_stage() else {
        return;
    };
    let Some((stage, image)) = model.root_image(last) else {
        return;
    };
    let Some(family) = image.official_name().and_then(family) else {
        return;
    };
    let tag = image.tag_text().unwrap_or("latest");
    let Some(finding) = assess(family, image, tag) else {
        return;
    };

    let label_span = image.tag.as_ref().map_or(image.span, |t| t.span);
    let diagnostic = cx.report(label_span, finding.message);
    diagnostic.label("final image base").help(finding.help);
    if stage.index != last.index {
        let from = model
            .instruction(last.from)
            .keyword
            .span
            .cover(last.base_span);
        diagnostic.secondary(from, "the final stage builds on it");
    }
    if let Some((edit, title)) = finding.fix.filter(|_| image.digest.is_none()) {
        diagnostic.fix(Applicability::Unsafe, title, vec![edit]);
    }
}

struct Finding {
    message: String,
    help: String,
    fix: Option<(Edit, String)>,
}

fn assess(family: &Family, image: &ImageRef, tag: &str) -> Option<Finding> {
    let written = image
        .text
        .split('@')
        .next()
        .unwrap_or(&image.text)
        .to_string();
    match family.slim {
        SlimStyle::Toolchain => Some(Finding {
            message: format!(
                "`{written}` ships the whole {} toolchain{} in the final image",
                family.name,
                size(family.full_mb)
            ),
            help: "build in a `AS build` stage and copy the binary into `gcr.io/distroless/static-debian13` \
                   (static) or `gcr.io/distroless/cc-debian13` (needs libc) or `scratch`"
                .into(),
            fix: None,
        }),
        SlimStyle::Replace => replacement(family, image, tag, &written),
        _ => {
            let variant = family.full_variant(tag)?;
            let slim_tag = family.slim_tag(&variant)?;
            let suggested = image.with_tag(&slim_tag);
            let saving = match (family.full_mb, family.slim_mb) {
                (Some(full), Some(slim)) => format!(" (~{full:.0} MB compressed vs ~{slim:.0} MB)"),
                _ => " (the full variant adds ~330 MB of build tools)".into(),
            };
            Some(Finding {
                message: format!("`{written}` is the full image; `{suggested}` is much smaller{saving}"),
                help: format!(
                    "use `{suggested}` for the final image; if you need compilers, build in a full stage and copy the result"
                ),
                fix: tag_edit(image, &slim_tag).map(|edit| (edit, format!("use `{suggested}`"))),
            })
        }
    }
}

/// `ubuntu` has no slim variant; `buildpack-deps` is Debian plus compilers.
fn replacement(family: &Family, image: &ImageRef, tag: &str, written: &str) -> Option<Finding> {
    if family.name == "ubuntu" {
        return Some(Finding {
            message: format!(
                "`{written}` is a general-purpose distribution image with no slim variant"
            ),
            help: format!(
                "for the final image use `debian:{DEBIAN_CURRENT}-slim` or your runtime's `-slim` image \
                 (e.g. `python:{}-slim`)",
                current_tag("python").unwrap_or("3")
            ),
            fix: None,
        });
    }
    // `-curl` and `-scm` variants carry no compilers; only the full one does.
    if tag.contains('-') {
        return None;
    }
    let suite = if tag == "latest" { DEBIAN_CURRENT } else { tag };
    let suggested = if DEBIAN_SUITES.contains(&suite) {
        format!("debian:{suite}-slim")
    } else if let Some(ubuntu) = ubuntu_suite_of(suite) {
        format!("ubuntu:{ubuntu}")
    } else {
        return None;
    };
    let fix = (image.registry.is_none()
        && image.repository.literal
        && image.tag.as_ref().is_none_or(|t| t.literal))
    .then(|| {
        (
            Edit::replace(image.span, suggested.clone()),
            format!("use `{suggested}`"),
        )
    });
    Some(Finding {
        message: format!(
            "`{written}` adds compilers and ~40 `-dev` libraries{} to the final image",
            size(family.full_mb)
        ),
        help: format!("use `{suggested}` and install only the runtime packages you need"),
        fix,
    })
}

fn size(mb: Option<f32>) -> String {
    mb.map(|mb| format!(" (~{mb:.0} MB compressed)"))
        .unwrap_or_default()
}

/// Replaces a literal tag, or adds one after a literal repository.
fn tag_edit(image: &ImageRef, new_tag: &str) -> Option<Edit> {
    match &image.tag {
        Some(tag) if tag.literal => Some(Edit::replace(tag.span, new_tag)),
        Some(_) => None,
        None if image.repository.literal => Some(Edit::insert(
            image.repository.span.end,
            format!(":{new_tag}"),
        )),
        None => None,
    }
}
