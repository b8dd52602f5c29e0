use super::Context;
use crate::date::Date;
use crate::diagnostic::{Applicability, Edit};
use crate::knowledge::{
    DEBIAN_SUITES, Family, SlimStyle, Tag, debian_current, distroless_ref, family, parse_tag,
    render, supported_tag, ubuntu_suite_of,
};
use crate::model::{ImageRef, Model, Stage};

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
    /// Only application images are checked: a final image without
    /// `CMD`/`ENTRYPOINT`, whose command is a shell or a bare interpreter
    /// (`python3`, `irb`), or with `ONBUILD`, is a base, tool or
    /// development image (the official `python` image itself builds on
    /// `buildpack-deps`); so is a final stage named for development
    /// (`AS development`, `AS dev-envs`, the target of Docker Dev
    /// Environments). A reference by digest alone (`python@sha256:…`) says
    /// nothing about its variant and is not judged. Only the final stage (the last `FROM`, which
    /// `docker build` produces by default) is checked, following `FROM <stage>` chains to the image
    /// they start from; builder stages are meant to be big. `php` is not
    /// flagged: its Debian variants already build on `debian:<suite>-slim`.
    /// Neither is `ubuntu`: its image is already a minimal base with no
    /// smaller variant. A JDK (`eclipse-temurin:21`, `-jdk`, `amazoncorretto`,
    /// the deprecated `openjdk`) is reported when the final command is `java`
    /// (a JRE runs it); tool images such as Maven or Gradle need the JDK and
    /// are left alone. An entrypoint script with no `CMD`, and a shell
    /// running a script file (`CMD bash start.sh`), are applications.
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
    /// FROM python:3.12-slim-trixie
    /// COPY . /app
    /// CMD ["python", "/app/main.py"]
    /// ```
    ///
    /// ## Fix
    /// Unsafe: the tag is replaced by the slim variant, on the release the
    /// tag resolves to today when it names none (`3.12` →
    /// `3.12-slim-trixie`, which also settles `floating-tag`;
    /// `20-bookworm` → `20-bookworm-slim`, `bookworm` → `bookworm-slim`), `buildpack-deps:<suite>` by `debian:<suite>-slim`,
    /// and a JDK tag by its JRE (`21-jdk-noble` → `21-jre-noble`, Corretto
    /// `8` → `8-al2023-jre`). A JDK gets advice and no fix when the final
    /// stage also compiles Java (a JRE would break that build), when the
    /// image publishes no JRE for the line (Corretto 11 and later: a Temurin
    /// JRE of the same Java, or a `jlink` runtime), or when the image is
    /// deprecated (`deprecated-image` writes the replacement's JRE).
    /// Packages that were only in the full image (gcc, libpq-dev, git…)
    /// disappear; install the ones you need at runtime with apt, or build in
    /// a full stage and copy the result. No fix is offered when the tag comes
    /// from an ARG or the reference carries a digest.
    pub static FULL_DISTRO_BASE = {
        id: "full-distro-base",
        severity: Warning,
        fix: Unsafe,
        group: Size,
        tags: ["image-size", "security"],
        check: check,
    }
}

fn check(cx: &mut Context) {
    let model = cx.model;
    let Some((stage, last, image, finding)) = judge(model, cx.settings.today) else {
        return;
    };
    let label_span = image.tag.as_ref().map_or(image.span, |t| t.span);
    let diagnostic = cx.report(label_span, finding.message);
    diagnostic.label("final image base").help(finding.help);
    if stage.index != last.index {
        let from = model
            .instruction(last.from)
            .keyword()
            .span
            .cover(last.base_span);
        diagnostic.secondary(from, "the final stage builds on it");
    }
    if let Some((edit, title)) = finding.fix.filter(|_| image.digest.is_none()) {
        diagnostic.fix(Applicability::Unsafe, title, vec![edit]);
    }
}

/// The stage whose `FROM` names the final image's base, the final stage,
/// that base and what is wrong with it.
fn judge<'m>(
    model: &'m Model,
    today: Date,
) -> Option<(&'m Stage, &'m Stage, &'m ImageRef, Finding)> {
    let last = crate::build::application_stage(model)?;
    let (stage, image) = model.root_image(last)?;
    if development(last) {
        return None;
    }
    // `python@sha256:…` names one image without saying which variant it is.
    if image.tag.is_none() && image.digest.is_some() {
        return None;
    }
    let tag = image.tag_text().unwrap_or("latest");
    if tag.contains("windows") || tag.contains("nanoserver") {
        return None;
    }
    let Some(family) = image.official_name().and_then(family) else {
        let finding = deprecated_jdk(model, image, tag)?;
        return Some((stage, last, image, finding));
    };
    let finding = assess(model, family, image, tag, today)?;
    Some((stage, last, image, finding))
}

/// The tag this lint suggests for `image` when it is the final image's
/// base: the slim variant on a supported release, which also settles an
/// end-of-life finding on the same reference (`python:3.11-bullseye` →
/// `3.11-slim-trixie`, not `3.11-slim-bullseye` here and `3.11-trixie`
/// there).
pub(crate) fn suggested_tag(model: &Model, image: &ImageRef, today: Date) -> Option<String> {
    let (_, _, base, finding) = judge(model, today)?;
    (base.span == image.span).then_some(finding.tag).flatten()
}

/// A final stage named as a development environment (`AS development`,
/// `AS dev-envs`, the target Docker Dev Environments build): the compilers of
/// the full image are what it is for.
fn development(stage: &Stage) -> bool {
    stage.name.as_ref().is_some_and(|name| {
        let name = name.text.to_ascii_lowercase();
        name.split(['-', '_', '.'])
            .any(|word| matches!(word, "dev" | "devel" | "development" | "devcontainer"))
            && !name.contains("prod")
    })
}

struct Finding {
    message: String,
    help: String,
    fix: Option<(Edit, String)>,
    /// The new tag the fix writes, when it is a tag of the same image.
    tag: Option<String>,
}

fn assess(
    model: &Model,
    family: &Family,
    image: &ImageRef,
    tag: &str,
    today: Date,
) -> Option<Finding> {
    let written = image.without_digest().to_string();
    match family.slim {
        SlimStyle::Toolchain => Some(Finding {
            message: format!(
                "`{written}` ships the whole {} toolchain{} in the final image",
                family.name,
                size(family.full_mb)
            ),
            help: format!(
                "build in a `AS build` stage and copy the binary into `{}` (static) or `{}` (needs libc) or `scratch`",
                distroless_ref("static"),
                distroless_ref("cc")
            ),
            fix: None,
            tag: None,
        }),
        SlimStyle::Replace => replacement(family, image, tag, &written),
        SlimStyle::NotFull if !family.jre.is_empty() && runs_java(model) => {
            jdk(model, family, image, tag, &written, today)
        }
        SlimStyle::NotFull => None,
        SlimStyle::Jre if runs_java(model) => jdk(model, family, image, tag, &written, today),
        SlimStyle::Jre => None,
        _ => {
            let parsed = parse_tag(family, tag)?;
            if !parsed.is_default_variant() || !parsed.words.is_empty() || parsed.dated {
                return None;
            }
            let slim = Tag {
                slim: true,
                ..parsed.clone()
            };
            // On a supported line and release: a slim tag of an ended one
            // (`lts-buster-slim`) is no longer built.
            // A distribution release that has ended gets no slim tag of
            // its own (`debian:11-slim` is end of life too): the help says
            // to move to a supported release, which `eol-base-image` fixes.
            let release_ended = || {
                image
                    .describe()
                    .distro
                    .as_ref()
                    .is_some_and(|(distro, release)| {
                        crate::knowledge::cycle(distro, release)
                            .is_some_and(|c| c.ended(today).is_some())
                    })
            };
            let supported = match family.kind {
                crate::knowledge::Kind::Runtime(_) => supported_tag(family, &slim, today),
                _ if release_ended() => None,
                _ => Some(slim.clone()),
            };
            let variant = image.with_tag(&render(family, &slim));
            let saving = match (family.full_mb, family.slim_mb) {
                (Some(full), Some(slim)) => format!(
                    " (~{full:.0} MB compressed vs ~{slim:.0} MB, ~{:.0} MB less)",
                    full - slim
                ),
                _ => " (the full variant adds ~330 MB compressed of compilers and build libraries)"
                    .into(),
            };
            // The release the slim tag resolves to today is written into
            // it, as `floating-tag` would: one tag settles both findings
            // (`python:3.12` → `3.12-slim-trixie`, not `3.12-slim` here and
            // `3.12-trixie` there).
            let unpinned = supported
                .as_ref()
                .map(|t| image.with_tag(&render(family, t)));
            let supported = supported.map(|t| pin_release(family, t));
            let slim_tag = supported.as_ref().map(|t| render(family, t));
            let help = match slim_tag.as_ref().map(|t| image.with_tag(t)) {
                Some(suggested) if unpinned.as_ref() == Some(&variant) => format!(
                    "use `{suggested}` for the final image{}; if you need compilers, build in a full stage and copy the result",
                    if suggested == variant {
                        ""
                    } else {
                        " (the slim variant, on the release it resolves to today)"
                    }
                ),
                Some(suggested) => format!(
                    "use `{suggested}` for the final image (`{variant}` is end of life); if you need compilers, build in a full stage and copy the result"
                ),
                None => "use the slim variant of a supported release for the final image (this one is end of life)".into(),
            };
            Some(Finding {
                message: format!(
                    "`{written}` is the full image; `{variant}` is much smaller{saving}"
                ),
                help,
                fix: slim_tag.as_ref().and_then(|t| retag(image, t)),
                tag: slim_tag,
            })
        }
    }
}

/// `tag` with the Debian or Ubuntu release it resolves to today written
/// into it, when it names none and the knowledge backs that tag.
fn pin_release(family: &Family, tag: Tag) -> Tag {
    if family.product().is_none() || tag.suite.is_some() || tag.alpine.is_some() {
        return tag;
    }
    let Some(suite) = tag.line(family).and_then(|l| family.default_suite(l)) else {
        return tag;
    };
    let pinned = Tag {
        suite: Some(suite.to_string()),
        ..tag.clone()
    };
    if crate::knowledge::suggestable(family, &pinned) {
        pinned
    } else {
        tag
    }
}

/// Whether the final image's command is `java` (so a JRE runs it; tool
/// images such as Maven or Gradle need the JDK).
fn runs_java(model: &Model) -> bool {
    crate::build::final_command(model).is_some_and(|c| c.runs_java())
}

const JDK_MESSAGE: &str = "ships a whole JDK (compiler, tools, headers) in the final image";

/// How to run the application on a JRE tag `suggested`: directly, or after
/// moving the build (which needs the JDK) into a builder stage.
fn jre_help(model: &Model, suggested: &str) -> String {
    if crate::build::runs_only_java(&crate::build::Runs::new(model)) {
        format!("use `{suggested}` to run the application; compile in a JDK builder stage")
    } else {
        format!(
            "the final stage also builds the Java code: build it in a JDK stage (`AS build`) and run the result on `{suggested}`"
        )
    }
}

/// A JDK image where a JRE runs the same application: the family's `-jre`
/// variant of the line when it publishes one, else a Temurin JRE of the
/// same Java line (Corretto 11+ publish no JRE).
fn jdk(
    model: &Model,
    family: &Family,
    image: &ImageRef,
    tag: &str,
    written: &str,
    today: Date,
) -> Option<Finding> {
    let parsed = parse_tag(family, tag)?;
    if parsed.words.iter().any(|w| w == "jre") || parsed.version.is_none() {
        return None;
    }
    let line = parsed.line(family)?.split('.').next()?.to_string();
    let message = format!("`{written}` {JDK_MESSAGE}");
    let Some(jre_tag) = crate::knowledge::jre_tag(family, &parsed) else {
        let temurin = crate::knowledge::temurin_tag(Some(&line), true, today)
            .filter(|t| t.split('-').next() == Some(line.as_str()));
        let help = match temurin {
            Some(t) => format!(
                "`{}` publishes no JRE image for Java {line}: {}, or build a runtime with `jlink` in the builder stage",
                family.name,
                jre_help(model, &format!("eclipse-temurin:{t}"))
            ),
            None => format!(
                "`{}` publishes no JRE image for Java {line}: build a runtime with `jlink` in a builder stage and copy it into a small base",
                family.name
            ),
        };
        return Some(Finding {
            message,
            help,
            fix: None,
            tag: None,
        });
    };
    if let crate::knowledge::TagStatus::Never { .. } =
        crate::knowledge::tag_status(family.name, &jre_tag)
    {
        return None;
    }
    // Only a jar runs: the JRE does it; a stage that also builds would
    // lose its compiler, so it gets advice and no fix.
    let fixable = crate::build::runs_only_java(&crate::build::Runs::new(model));
    let suggested = image.with_tag(&jre_tag);
    Some(Finding {
        message,
        help: jre_help(model, &suggested),
        fix: fixable.then(|| retag(image, &jre_tag)).flatten(),
        tag: fixable.then_some(jre_tag),
    })
}

/// A deprecated JDK image (`openjdk:17`) that only runs `java`: its
/// maintained replacement's JRE runs the application (the fix is
/// `deprecated-image`'s, which writes that JRE).
fn deprecated_jdk(model: &Model, image: &ImageRef, tag: &str) -> Option<Finding> {
    if tag.contains("jre") || !runs_java(model) {
        return None;
    }
    let runtime = image
        .describe()
        .deprecated
        .as_ref()?
        .runtime_replacement
        .as_ref()?;
    let suggested = runtime.split(' ').next()?;
    suggested.contains(':').then(|| Finding {
        message: format!("`{}` {JDK_MESSAGE}", image.without_digest()),
        help: jre_help(model, suggested),
        fix: None,
        tag: None,
    })
}

/// `buildpack-deps` is Debian plus compilers; `ubuntu` is not reported.
fn replacement(family: &Family, image: &ImageRef, tag: &str, written: &str) -> Option<Finding> {
    // Ubuntu's image is already a minimal base with no smaller variant.
    if family.name == "ubuntu" {
        return None;
    }
    // `-curl` and `-scm` variants carry no compilers; only the full one does.
    if tag.contains('-') {
        return None;
    }
    let suite = if tag == "latest" {
        debian_current()
    } else {
        tag
    };
    let suggested = if DEBIAN_SUITES.contains(&suite) {
        format!("debian:{suite}-slim")
    } else if let Some(ubuntu) = ubuntu_suite_of(suite) {
        format!("ubuntu:{ubuntu}")
    } else {
        return None;
    };
    let fix = image
        .registry
        .is_none()
        .then(|| image.replace_with(&suggested))
        .flatten()
        .map(|r| (r.edit.clone(), r.title()));
    Some(Finding {
        message: format!(
            "`{written}` adds compilers and ~40 `-dev` libraries{} to the final image",
            size(family.full_mb)
        ),
        help: format!("use `{suggested}` and install only the runtime packages you need"),
        fix,
        tag: None,
    })
}

fn size(mb: Option<f32>) -> String {
    mb.map(|mb| format!(" (~{mb:.0} MB compressed)"))
        .unwrap_or_default()
}

/// The edit and title that give `image` the tag `new_tag`.
fn retag(image: &ImageRef, new_tag: &str) -> Option<(Edit, String)> {
    image.retag(new_tag).map(|r| (r.edit.clone(), r.title()))
}
