//! Which tag to suggest when a tag has to change: a supported release line
//! that is never older than the one in use, on a distribution release that
//! line is published for today. Every lint that proposes a new tag for an
//! official image goes through here, so no lint names a tag the knowledge
//! does not back.

use super::eol::cycle;
use super::families::{Family, Kind};
use super::tags::{Tag, release};
use crate::date::Date;
use crate::pip::compare_versions;

/// The release line `version` belongs to (`3.12.4` → `3.12`, node `24.1` →
/// `24`), at the family's precision.
fn line_of(family: &Family, version: &str) -> String {
    version
        .split('.')
        .take(family.precision())
        .collect::<Vec<_>>()
        .join(".")
}

fn supported(family: &Family, line: &str, today: Date) -> bool {
    let ended = family
        .product()
        .and_then(|p| cycle(p, line))
        .is_some_and(|c| c.ended(today).is_some());
    !ended && family.is_maintained(Some(line))
}

/// The oldest release line of `family` at or after `version`'s that is
/// still published and supported on `today`: the smallest step up, never a
/// downgrade (code built for Java 26 does not run on 21). Families whose
/// short-lived releases end when the next one ships (Java, Node.js odd
/// majors) land on their long-term lines this way. `None` when the
/// knowledge records no such line.
pub fn next_supported_line(family: &Family, version: &str, today: Date) -> Option<&'static str> {
    let current = line_of(family, version);
    let precision = family.precision();
    family
        .maintained
        .iter()
        .copied()
        .filter(|line| line.split('.').count() == precision)
        .filter(|line| compare_versions(line, &current).is_ge())
        .filter(|line| supported(family, line, today))
        .min_by(|a, b| compare_versions(a, b))
}

/// The newest supported release of `distro` (`debian`, `ubuntu`) that line
/// `line` is known to be published for: a Debian tag stays on Debian
/// (`6.0-bullseye-slim` → `10.0-trixie-slim`) where the line's default is
/// another distribution.
fn same_distro(family: &Family, line: &str, distro: &str, today: Date) -> Option<&'static str> {
    let published = super::published(family.name, line)?;
    published.suites.iter().copied().rfind(|s| {
        (super::tags::ubuntu_suite_of(s).is_some()) == (distro == "ubuntu")
            && cycle(distro, s).is_some_and(|c| c.ended(today).is_none())
    })
}

/// `tag` made supported with the least change: its release line moved up
/// to the next supported one when it has ended or is no longer published,
/// and an ended (or, after a line change, possibly unpublished) Alpine or
/// Debian release replaced by the one the line is published for today.
/// Variant words and slimness are kept. `None` when no supported line is
/// known, or the family is not a runtime.
pub fn supported_tag(family: &Family, tag: &Tag, today: Date) -> Option<Tag> {
    if !matches!(family.kind, Kind::Runtime(_)) {
        return None;
    }
    let mut out = tag.clone();
    out.dated = false;
    let line = tag.line(family)?;
    let mut line_changed = false;
    if line != "latest" && !supported(family, &line_of(family, line), today) {
        out.version = Some(next_supported_line(family, line, today)?.to_string());
        out.alias = None;
        line_changed = true;
    }
    let new_line = out.line(family).unwrap_or("latest").to_string();
    let ended = |product: &str, release: &str| {
        cycle(product, release).is_some_and(|c| c.ended(today).is_some())
    };
    let mut release_changed = false;
    if let Some(Some(alpine)) = &tag.alpine
        && (line_changed || ended("alpine", alpine))
    {
        out.alpine = Some(family.alpine.map(str::to_string));
        release_changed = true;
    }
    if let Some(suite) = &tag.suite {
        let distro = if super::tags::ubuntu_suite_of(suite).is_some() {
            "ubuntu"
        } else {
            "debian"
        };
        // A new line keeps the suite when it is published for it.
        let kept = !ended(distro, suite)
            && super::published(family.name, &new_line)
                .is_some_and(|p| p.suites.contains(&suite.as_str()));
        if (line_changed && !kept) || ended(distro, suite) {
            // With nothing known about the new line's suites, a supported
            // suite stays (it is not known to be missing).
            let unchanged = (!ended(distro, suite)).then(|| suite.clone());
            out.suite = same_distro(family, &new_line, distro, today)
                .or_else(|| family.default_suite(&new_line))
                .map(str::to_string)
                .or(unchanged);
            release_changed = true;
        }
    }
    // A patch tag (`3.12.4-slim-bullseye`) was published only for the
    // releases of its day: a new release goes with the line's own tag.
    if release_changed
        && let Some(version) = &out.version
        && line_of(family, version) != *version
    {
        out.version = Some(line_of(family, version));
    }
    // What the new tag resolves to must itself be supported.
    if let Some((distro, rel)) = release(family, &out)
        && ended(distro.product(), &rel)
    {
        return None;
    }
    // Never a tag the knowledge does not back.
    super::suggestable(family, &out).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::{family, parse_tag, render};

    fn today() -> Date {
        Date::parse("2026-11-23").unwrap()
    }

    fn suggest(name: &str, tag: &str) -> Option<String> {
        let f = family(name).unwrap();
        supported_tag(f, &parse_tag(f, tag).unwrap(), today()).map(|t| render(f, &t))
    }

    #[test]
    fn never_an_older_line() {
        let f = family("eclipse-temurin").unwrap();
        assert_eq!(next_supported_line(f, "26", today()), None);
        assert_eq!(next_supported_line(f, "22", today()), Some("25"));
        assert_eq!(suggest("eclipse-temurin", "26-jre-noble"), None);
        // Corretto 26's end is unconfirmed: it stays, never moves down.
        assert_eq!(suggest("amazoncorretto", "26").as_deref(), Some("26"));
        assert_eq!(suggest("node", "18-alpine").as_deref(), Some("22-alpine"));
        assert_eq!(
            suggest("python", "3.9.18-slim").as_deref(),
            Some("3.11-slim")
        );
    }

    #[test]
    fn releases_follow_the_new_line() {
        assert_eq!(
            suggest("golang", "1.21-alpine3.22").as_deref(),
            Some("1.26-alpine3.24")
        );
        assert_eq!(
            suggest("python", "3.12-slim-bullseye").as_deref(),
            Some("3.12-slim-trixie")
        );
        assert_eq!(
            suggest("rust", "1.65-slim-buster").as_deref(),
            Some("1.98-slim-trixie")
        );
        // `lts` is Node 26 since 2026-10-28, whose default suite is trixie.
        assert_eq!(suggest("node", "lts-buster").as_deref(), Some("lts-trixie"));
    }
}
