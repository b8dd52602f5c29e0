use super::Context;
use crate::date::Date;
use crate::diagnostic::Applicability;
use crate::knowledge::{
    Kind, Tag, current_tag, cycle, distroless_debian, distroless_successor, product_name, render,
    supported_tag,
};
use crate::model::ImageRef;

declare_lint! {
    /// Flags base images whose distribution release or language runtime is
    /// end-of-life on the day fromlint runs.
    ///
    /// ## Why is this bad?
    /// After its end-of-life date a release gets no security fixes, and the
    /// official images stop being rebuilt: `python:3.9`, `node:20`,
    /// `golang:1.24`, `debian:bullseye`, `ubuntu:20.04` or `alpine:3.21`
    /// keep every CVE found since. The dates come from endoflife.date
    /// (Debian counts its LTS, Ubuntu its standard support; ESM is paid) and
    /// are compared with today's date, so a Dockerfile that was fine last
    /// month is reported once its base expires. The message gives the date
    /// and a supported tag of the same variant.
    ///
    /// Images outside the official library are judged by what their tag
    /// says: `mcr.microsoft.com/dotnet/*` by its .NET version, Oracle
    /// Linux on `ghcr.io/oracle` and SUSE's `sle15`/`bci-base` by their
    /// release, Chainguard's `python:3.9` by its Python, others by a
    /// distribution release spelt in the tag (`postgres:13-buster`,
    /// `cuda:11.0-base-ubuntu18.04`, `app:1.4-debian-bullseye-slim`,
    /// `tool:2.1-alpine-3.20.5`). A version tag with no release in it
    /// (`rust:1.64`) runs on the release its line was last built on, when
    /// the knowledge records it (bullseye there).
    ///
    /// Every stage is checked: a builder on an expired Go or Rust toolchain
    /// compiles its vulnerabilities into your binary. Images that are
    /// deprecated as a whole (`openjdk`, `centos`) are left to
    /// `deprecated-image`. Rust is not judged (only its latest release is
    /// supported, so every pinned Rust would be reported).
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.9-slim-bullseye
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM python:3.14-slim-trixie
    /// ```
    ///
    /// ## Fix
    /// Display-only: the tag is replaced by the same variant on the next
    /// supported release line (never an older one: code built for Java 26
    /// does not run on 21), on a distribution release that line is
    /// published for today. A digest pinned the old tag and is dropped:
    /// re-pin with `fromlint pin`. When no newer supported line is known,
    /// there is no fix. Upgrading a runtime or distribution is a change to
    /// test, never automatic.
    pub static EOL_BASE_IMAGE = {
        id: "eol-base-image",
        severity: Warning,
        fix: DisplayOnly,
        group: Security,
        check: check,
    }
}

fn check(cx: &mut Context) {
    let today = cx.settings.today;
    for (_, image) in cx.model.images() {
        let description = image.describe();
        if description.deprecated.is_some() {
            continue;
        }
        let mut ended: Vec<String> = Vec::new();
        let mut runtime_ended = false;
        if let Some((product, version)) = &description.runtime
            && let Some(since) = cycle(product, version).and_then(|c| c.ended(today))
        {
            ended.push(format!(
                "{} {version} {}",
                product_name(product),
                since_text(since)
            ));
            runtime_ended = true;
        }
        let mut distro_ended = false;
        if let Some((distro, release)) = &description.distro
            && let Some(since) = cycle(distro, release).and_then(|c| c.ended(today))
        {
            ended.push(format!(
                "{} {release} {}",
                product_name(distro),
                since_text(since)
            ));
            distro_ended = true;
        }
        if let Some(m) = description
            .minimal
            .as_ref()
            .filter(|m| m.family == "distroless")
        {
            let since = m
                .debian
                .and_then(|d| cycle("distroless", d))
                .and_then(|c| c.ended(today));
            if let (Some(since), false) = (since, distro_ended) {
                ended.push(format!(
                    "distroless for Debian {} {}",
                    m.debian.unwrap_or(""),
                    since_text(since)
                ));
            }
        }
        if ended.is_empty() {
            continue;
        }
        // The final image's base gets the one tag `full-distro-base` also
        // suggests for it, when that lint reports it.
        let replacement = super::full_distro_base::suggested_tag(cx.model, image, today)
            .or_else(|| replacement(image, today));
        let span = image.tag.as_ref().map_or(image.span, |t| t.span);
        let diagnostic = cx.report(
            span,
            format!(
                "`{}` is past end of life: {}",
                image.without_digest(),
                ended.join("; ")
            ),
        );
        diagnostic.label("end of life");
        match replacement {
            Some(tag) => {
                let suggested = image.with_tag(&tag);
                diagnostic.help(format!(
                    "move to a supported release such as `{suggested}`; no security fixes are published for this one"
                ));
                if let Some(retag) = image.tag.as_ref().and_then(|_| image.retag(&tag)) {
                    diagnostic.fix(Applicability::DisplayOnly, retag.title(), vec![retag.edit]);
                }
            }
            None if let Some(name) = distroless_successor(&image.full_name()) => {
                diagnostic.help(format!(
                    "move to `{name}` (Debian {}); no security fixes are published for this one",
                    distroless_debian()
                ));
            }
            None => match description.runtime.as_ref().filter(|_| runtime_ended) {
                Some((product, version)) => {
                    diagnostic.help(format!(
                        "move to a supported {} release newer than {version} (older ones would not run code built for it); no security fixes are published for this one",
                        product_name(product)
                    ));
                }
                None => {
                    diagnostic.help(
                        "move to a supported release; no security fixes are published for this one",
                    );
                }
            },
        }
    }
}

fn since_text(since: Option<Date>) -> String {
    match since {
        Some(date) => format!("reached end of life on {date}"),
        None => "is end of life".into(),
    }
}

/// The same variant on the next supported release line (never an older
/// one) and a supported release it is published for.
fn replacement(image: &ImageRef, today: Date) -> Option<String> {
    let description = image.describe();
    let family = description.official?;
    let tag: &Tag = description.tag.as_ref()?;
    match family.kind {
        Kind::Runtime(_) => supported_tag(family, tag, today).map(|t| render(family, &t)),
        Kind::Distro(_) if family.name == "debian" => {
            let current = current_tag(family.name)?;
            Some(render(
                family,
                &Tag {
                    version: None,
                    alias: None,
                    suite: Some(current),
                    dated: false,
                    ..tag.clone()
                },
            ))
        }
        // `oraclelinux:7-slim-fips` → the same words on the current line;
        // a frozen point release of a supported line (`8.6-slim`) → the
        // line's newest point release (`8.10-slim`).
        Kind::Distro(crate::knowledge::Distro::OracleLinux) => {
            let version = tag.version.as_deref()?;
            let newest_point = version
                .split_once('.')
                .and_then(|(major, _)| cycle("oraclelinux", major))
                .filter(|c| c.ended(today).is_none() && !c.latest.is_empty())
                .map(|c| c.latest.to_string());
            let current = newest_point.or_else(|| current_tag(family.name))?;
            let rest = image.tag_text()?.strip_prefix(version)?;
            let tag = format!("{current}{rest}");
            let known = crate::knowledge::tag_status(family.name, &tag);
            (!matches!(known, crate::knowledge::TagStatus::Never { .. })).then_some(tag)
        }
        Kind::Distro(_) => current_tag(family.name),
    }
}
