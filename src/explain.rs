//! What the knowledge base says about one image reference, and smaller or
//! safer alternatives, ranked: for `fromlint image` and the language
//! server's hover.

use serde::Serialize;

use crate::date::Date;
use crate::knowledge::{
    Description, Kind, SlimStyle, Tag, cycle, distroless_ref, product_name, render,
};
use crate::model::ImageRef;

#[derive(Serialize)]
pub struct Report {
    reference: String,
    family: Option<String>,
    variant: Option<String>,
    distro: Option<String>,
    libc: Option<&'static str>,
    shell: Option<bool>,
    package_manager: Option<&'static str>,
    runtime: Option<String>,
    runs_as_root: Option<bool>,
    compressed_mb: Option<f32>,
    status: Vec<String>,
    alternatives: Vec<Alternative>,
    sources: Vec<&'static str>,
    checked: &'static str,
}

#[derive(Serialize)]
pub struct Alternative {
    reference: String,
    compressed_mb: Option<f32>,
    why: String,
}

/// Everything known about `image` on `today`.
pub fn explain(image: &ImageRef, today: Date) -> Report {
    let d = image.describe();
    let family = match (&d.official, &d.minimal) {
        (Some(f), _) if image.official_name().is_some() => {
            Some(format!("{} (Docker Official Image)", f.name))
        }
        (Some(f), _) => Some(f.name.to_string()),
        (None, Some(m)) => Some(m.family.to_string()),
        _ if d.deprecated.is_some() => image
            .official_name()
            .map(|n| format!("{n} (Docker Official Image)")),
        _ => None,
    };
    let mut status = Vec::new();
    if let Some(dep) = &d.deprecated {
        let (plain, note) = dep
            .replacement
            .split_once(' ')
            .unwrap_or((&dep.replacement, ""));
        status.push(
            format!("{}; use `{plain}` {note}", dep.status)
                .trim_end()
                .to_string(),
        );
    }
    // The same answer `unknown-tag` gives.
    if let (Some(name), Some(tag)) = (image.family_name(), image.tag_text())
        && let crate::knowledge::TagStatus::Never { why, instead } =
            crate::knowledge::tag_status(&name, tag)
    {
        let instead: Vec<String> = instead
            .iter()
            .map(|t| format!("`{}`", image.with_tag(t)))
            .collect();
        let mut line = format!("tag never published: {why}");
        if !instead.is_empty() {
            line.push_str(&format!("; use {}", instead.join(" or ")));
        }
        status.push(line);
    }
    let mut judge = |product: &str, version: &str| {
        if let Some(c) = cycle(product, version) {
            let name = product_name(product);
            status.push(match (c.ended(today), c.eol) {
                (Some(Some(date)), _) => format!("{name} {version}: end of life since {date}"),
                (Some(None), _) => format!("{name} {version}: end of life"),
                (None, crate::knowledge::Eol::On(date)) => {
                    format!("{name} {version}: supported until {date}")
                }
                (None, crate::knowledge::Eol::Unconfirmed(Some(date))) => format!(
                    "{name} {version}: end of support not confirmed (projected {date}); not reported by lints"
                ),
                (None, crate::knowledge::Eol::Unconfirmed(None)) => format!(
                    "{name} {version}: end of support unconfirmed (not reported by lints)"
                ),
                _ => format!("{name} {version}: supported"),
            });
        }
    };
    if let Some((product, version)) = &d.runtime {
        judge(product, version);
    }
    if let Some((distro, release)) = &d.distro {
        judge(distro, release);
    }
    Report {
        reference: image.text.clone(),
        family,
        variant: d.variant.clone(),
        distro: d.distro.as_ref().map(|(n, r)| format!("{n} {r}")),
        libc: d.libc.map(|l| l.as_str()),
        shell: d.shell,
        package_manager: d.package_manager,
        runtime: d
            .runtime
            .as_ref()
            .map(|(p, v)| format!("{} {v}", product_name(p))),
        runs_as_root: d.runs_as_root,
        compressed_mb: d.size_mb,
        status,
        alternatives: alternatives(image, d),
        sources: {
            let mut keys: Vec<&'static str> =
                d.sources.iter().flat_map(|s| s.split(", ")).collect();
            keys.sort_unstable();
            keys.dedup();
            keys
        },
        checked: crate::knowledge::CHECKED,
    }
}

fn alternatives(image: &ImageRef, d: &Description) -> Vec<Alternative> {
    let mut out = Vec::new();
    let alt = |reference: String, mb: Option<f32>, why: &str| Alternative {
        reference,
        compressed_mb: mb,
        why: why.to_string(),
    };
    if let Some(dep) = &d.deprecated {
        out.push(alt(
            dep.replacement.split(' ').next().unwrap_or("").to_string(),
            None,
            "maintained replacement",
        ));
    }
    if let Some(m) = &d.minimal {
        // No other tag of an image that is no longer published is an
        // alternative to it.
        if d.deprecated.is_some() {
            return out;
        }
        if m.runs_as_root == Some(true) && m.family == "distroless" {
            let tag = if m.shell == Some(true) {
                "debug-nonroot"
            } else {
                "nonroot"
            };
            out.push(alt(
                image.with_tag(tag),
                m.size_mb,
                "same image, runs as uid 65532",
            ));
        }
        if m.shell == Some(false) && m.family == "distroless" {
            out.push(alt(
                image.with_tag("debug"),
                m.size_mb,
                "adds a busybox shell for debugging",
            ));
        }
        return out;
    }
    let (Some(family), Some(tag)) = (d.official, d.tag.clone()) else {
        return out;
    };
    let variant = d.variant.as_deref().unwrap_or("");
    let ended = d
        .runtime
        .as_ref()
        .and_then(|(p, v)| cycle(p, v))
        .is_some_and(|c| c.ended(Date::today()).is_some());
    let supported = ended
        .then(|| crate::knowledge::supported_tag(family, &tag, Date::today()))
        .flatten();
    if let Some(supported) = &supported {
        out.push(alt(
            image.with_tag(&render(family, supported)),
            d.size_mb,
            "a supported version of the same variant",
        ));
    }
    // An ended line is no longer rebuilt on new releases: the smaller
    // variants offered are those of the supported line, and only tags the
    // knowledge backs are named (`node:12-alpine3.24` was never published).
    let same = if supported.is_some() {
        "the supported version"
    } else {
        "same runtime"
    };
    let tag = supported.unwrap_or(tag);
    // An alternative never shares the problem being reported: a variant
    // on a distribution release that has ended (`swift:5.4-focal-slim` for
    // `swift:5.4-focal`, `debian:bullseye-slim` for `debian:bullseye`) is
    // no way out of it.
    let release_ended = |t: &Tag| {
        crate::knowledge::release(family, t).is_some_and(|(distro, release)| {
            cycle(distro.product(), &release).is_some_and(|c| c.ended(Date::today()).is_some())
        })
    };
    let mut push = |t: &Tag, mb: Option<f32>, why: &str| {
        if crate::knowledge::suggestable(family, t) && !release_ended(t) {
            out.push(alt(image.with_tag(&render(family, t)), mb, why));
        }
    };
    let suite = |t: &Tag| {
        t.line(family)
            .and_then(|l| family.default_suite(l))
            .map(str::to_string)
    };
    if variant == "full"
        && matches!(
            family.slim,
            SlimStyle::SlimBeforeSuite | SlimStyle::SlimAfterSuite | SlimStyle::SuiteSlim
        )
    {
        let slim = Tag {
            slim: true,
            suite: tag.suite.clone().or_else(|| suite(&tag)),
            ..tag.clone()
        };
        let ratio = match (family.full_mb, family.slim_mb) {
            (Some(f), Some(s)) => format!(" (about {:.0}× smaller)", f / s),
            _ => String::new(),
        };
        push(
            &slim,
            family.slim_mb,
            &format!("{same} on a slim Debian without compilers{ratio}"),
        );
    }
    if matches!(family.kind, Kind::Runtime(_)) && tag.alpine.is_none() && family.alpine.is_some() {
        let alpine = Tag {
            slim: false,
            suite: None,
            alpine: Some(family.alpine.map(str::to_string)),
            ..tag.clone()
        };
        push(
            &alpine,
            family.alpine_mb,
            "smaller, but musl libc: native packages without musl wheels or prebuilds compile from source or fail, and DNS and thread stacks behave differently",
        );
    }
    if variant == "alpine"
        && matches!(
            family.slim,
            SlimStyle::SlimBeforeSuite | SlimStyle::SlimAfterSuite
        )
    {
        let slim = Tag {
            slim: true,
            alpine: None,
            suite: suite(&tag),
            ..tag.clone()
        };
        push(
            &slim,
            family.slim_mb,
            "glibc: prebuilt wheels, native modules and binaries work as built",
        );
    }
    let version = d.runtime.as_ref().map(|(_, v)| v.as_str()).unwrap_or("");
    let distroless = match family.name {
        "python" => {
            let (reference, python, builder) = crate::knowledge::distroless_python();
            Some((
                format!("{reference}:nonroot"),
                format!(
                    "no shell, runs as non-root; Debian's Python {python}: build a venv in `{builder}` and copy it"
                ),
            ))
        }
        "node"
            if ["22", "24", "26"]
                .iter()
                .any(|v| version == *v || version.starts_with(&format!("{v}."))) =>
        {
            let major = version.split('.').next().unwrap_or(version);
            Some((
                format!("{}:nonroot", distroless_ref(&format!("nodejs{major}"))),
                "no shell, runs as non-root; run `npm ci --omit=dev` in a builder and copy the app".into(),
            ))
        }
        "golang" | "rust" => Some((
            format!("{}:nonroot", distroless_ref("static")),
            "for the final stage: copy a static binary (`CGO_ENABLED=0`, musl target) into it, ~2 MB".into(),
        )),
        "eclipse-temurin"
            if ["17", "21", "25"]
                .iter()
                .any(|v| version == *v || version.starts_with(&format!("{v}."))) =>
        {
            let major = version.split('.').next().unwrap_or(version);
            Some((
                format!("{}:nonroot", distroless_ref(&format!("java{major}"))),
                "no shell, runs as non-root; build the jar in a JDK stage".into(),
            ))
        }
        "debian" | "ubuntu" => Some((
            format!("{}:nonroot", distroless_ref("base")),
            "glibc and OpenSSL without a shell or apt, for compiled programs".into(),
        )),
        _ => None,
    };
    if let Some((reference, why)) = distroless {
        let mb = reference.contains("static").then_some(2.0);
        out.push(alt(reference, mb, &why));
    }
    out
}

/// The plain-text rendering `fromlint image` prints.
pub fn human(r: &Report) -> String {
    // A reference the knowledge does not cover gets one clear line.
    if r.family.is_none() && r.libc.is_none() && r.distro.is_none() && r.status.is_empty() {
        return format!(
            "{}: not covered by fromlint's knowledge (no facts recorded for this image)\n",
            r.reference
        );
    }
    let mut out = format!("{}\n", r.reference);
    let yes_no = |b: Option<bool>| match b {
        Some(true) => "yes",
        Some(false) => "no",
        None => "unknown",
    };
    let mut field = |name: &str, value: Option<String>| {
        out += &format!(
            "  {name:<13}{}\n",
            value.unwrap_or_else(|| "unknown".into())
        );
    };
    field("family", r.family.clone());
    field("variant", r.variant.clone());
    field("distro", r.distro.clone());
    field("libc", r.libc.map(str::to_string));
    field("shell", Some(yes_no(r.shell).to_string()));
    field(
        "packages",
        r.package_manager
            .map(str::to_string)
            .or(Some("none known".into())),
    );
    field("runtime", r.runtime.clone());
    field("runs as root", Some(yes_no(r.runs_as_root).to_string()));
    field(
        "size",
        r.compressed_mb
            .map(|mb| format!("~{mb:.0} MB compressed (linux/amd64)")),
    );
    for status in &r.status {
        out += &format!("  {:<13}{status}\n", "status");
    }
    if !r.alternatives.is_empty() {
        out += "  alternatives\n";
        for (i, a) in r.alternatives.iter().enumerate() {
            let size = a
                .compressed_mb
                .map(|mb| format!(" (~{mb:.0} MB)"))
                .unwrap_or_default();
            out += &format!("    {}. {}{size}: {}\n", i + 1, a.reference, a.why);
        }
    }
    if !r.sources.is_empty() {
        out += &format!(
            "  sources      {} (checked {})\n",
            r.sources.join(", "),
            r.checked
        );
    }
    out
}

/// The same facts as Markdown, for an editor's hover.
pub fn markdown(r: &Report) -> String {
    format!("```text\n{}```", human(r))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Expanded;

    fn alternatives_of(reference: &str) -> Vec<String> {
        let today = Date::parse("2026-11-23").unwrap();
        crate::date::with_today(today, || {
            let image = ImageRef::parse(&Expanded::literal(reference, 0)).unwrap();
            explain(&image, today)
                .alternatives
                .into_iter()
                .map(|a| a.reference)
                .collect()
        })
    }

    /// An image that is no longer published offers its replacement, not
    /// other tags of itself; an ended line offers a newer one.
    #[test]
    fn alternatives_are_supported() {
        assert_eq!(
            alternatives_of("gcr.io/distroless/python3-debian12"),
            ["gcr.io/distroless/python3-debian13"]
        );
        let temurin = alternatives_of("eclipse-temurin:26-jre-noble");
        assert!(temurin.iter().all(|a| !a.contains(":21")), "{temurin:?}");
    }

    /// An alternative never shares the problem being reported: no variant
    /// on the same ended distribution release.
    #[test]
    fn alternatives_leave_an_ended_release() {
        let swift = alternatives_of("swift:5.4-focal");
        assert!(!swift.iter().any(|a| a.contains("focal")), "{swift:?}");
        let debian = alternatives_of("debian:bullseye");
        assert!(!debian.iter().any(|a| a.contains("bullseye")), "{debian:?}");
        let ubuntu = alternatives_of("eclipse-temurin:17-jdk-focal");
        assert!(!ubuntu.iter().any(|a| a.contains("focal")), "{ubuntu:?}");
    }

    /// Every tag `fromlint image` names for an official image is one the
    /// knowledge backs: an ended line's variants are the supported line's
    /// (`node:12` was never published on Alpine 3.24).
    #[test]
    fn names_only_tags_the_knowledge_backs() {
        let today = Date::parse("2026-11-23").unwrap();
        let references = [
            "node:12",
            "node:12-slim",
            "node:18-alpine",
            "node:22",
            "node:lts",
            "python:3.6",
            "python:2.7-alpine",
            "python:3.9-slim-bullseye",
            "python:3.12",
            "python:3.12.4",
            "python:3.11.0b4",
            "ruby:2.7",
            "ruby:3.3-alpine",
            "golang:1.17",
            "golang:1.21-alpine3.22",
            "rust:1.65",
            "eclipse-temurin:8",
            "perl:5.30",
            "php:7.4-fpm",
        ];
        for reference in references {
            let alternatives = alternatives_of(reference);
            crate::date::with_today(today, || {
                for alt in &alternatives {
                    let image = ImageRef::parse(&Expanded::literal(alt, 0)).unwrap();
                    let (Some(name), Some(tag)) = (image.family_name(), image.tag_text()) else {
                        continue;
                    };
                    let Some(family) = crate::knowledge::family(&name) else {
                        continue;
                    };
                    let parsed = crate::knowledge::parse_tag(family, tag);
                    assert!(
                        parsed.is_some_and(|t| crate::knowledge::suggestable(family, &t)),
                        "{reference}: alternative `{alt}` is not backed by the knowledge"
                    );
                }
            });
        }
        let node12 = alternatives_of("node:12");
        assert!(
            !node12.iter().any(|a| a.starts_with("node:12-alpine")),
            "{node12:?}"
        );
        assert!(
            node12.iter().any(|a| a == "node:22-alpine3.24"),
            "{node12:?}"
        );
    }
}
