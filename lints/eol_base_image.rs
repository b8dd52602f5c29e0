use super::Context;
use crate::date::Date;
use crate::diagnostic::{Applicability, Edit};
use crate::knowledge::{Kind, Tag, current_tag, cycle, product_name, render};
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
    /// Display-only: the tag is replaced by the current supported version
    /// and release of the same variant. Upgrading a runtime or distribution
    /// is a change to test, never automatic.
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
        let replacement = replacement(image, runtime_ended, distro_ended);
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
                if let Some(t) = image.tag.as_ref().filter(|t| t.literal) {
                    diagnostic.fix(
                        Applicability::DisplayOnly,
                        format!("use `{suggested}`"),
                        vec![Edit::replace(t.span, tag)],
                    );
                }
            }
            None if image.full_name().contains("-debian12") => {
                let name = image.full_name().replace("-debian12", "-debian13");
                diagnostic.help(format!(
                    "move to `{name}` (Debian 13); no security fixes are published for this one"
                ));
            }
            None => {
                diagnostic.help(
                    "move to a supported release; no security fixes are published for this one",
                );
            }
        }
    }
}

fn since_text(since: Option<Date>) -> String {
    match since {
        Some(date) => format!("reached end of life on {date}"),
        None => "is end of life".into(),
    }
}

/// The same variant on the current version and release.
fn replacement(image: &ImageRef, runtime: bool, distro: bool) -> Option<String> {
    let description = image.describe();
    let family = description.official?;
    let mut tag: Tag = description.tag?;
    let current = current_tag(family.name)?;
    match family.kind {
        Kind::Runtime(_) => {
            if runtime {
                tag.version = Some(current.to_string());
                tag.alias = None;
            }
            if tag.alpine.is_some() {
                if distro {
                    tag.alpine = Some(family.alpine.map(str::to_string));
                }
            } else if tag.suite.is_some() && distro {
                let line = tag.version.clone().unwrap_or_else(|| current.to_string());
                tag.suite = family.default_suite(&line).map(str::to_string);
            }
            Some(render(family, &tag))
        }
        Kind::Distro(_) if family.name == "debian" => {
            tag.version = None;
            tag.alias = None;
            tag.suite = Some(current.to_string());
            Some(render(family, &tag))
        }
        Kind::Distro(_) => Some(current.to_string()),
    }
}
