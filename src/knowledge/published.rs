//! Which tags exist: per version line of a family, the Debian/Ubuntu suites
//! and Alpine releases its tags are built on (`data/published.toml`), and
//! the words each family's tag grammar knows.
//!
//! Two questions, for any lint or tool that suggests or judges a tag:
//!
//! - [`published`]: which suites and Alpine releases is release line `1.27`
//!   of `golang` published for?
//! - [`tag_status`]: is `golang:1.27-alpine3.22` known to exist
//!   ([`TagStatus::Exists`]), known never to have been published
//!   ([`TagStatus::Never`], with the reason and tags that exist instead), or
//!   not covered by the knowledge ([`TagStatus::Unknown`])?
//!
//! Only what the data says is claimed: a version newer than the knowledge is
//! `Unknown`, never `Never`; a patch tag (`1.27.3-alpine3.24`) is frozen at
//! the releases it was built on, so it is never `Exists`; a suite missing
//! from a line's list is `Never` only when that list is the line's whole
//! history. A suggestion should name only tags whose status is `Exists`.

use super::eol::cycle;
use super::families::{Current, Family, SlimStyle, cadence_window, family};
use super::tags::{DEBIAN_SUITES, Tag, parse, render, ubuntu_suite_of};
use crate::date::Date;
use crate::pip::compare_versions;

/// The releases one version line of a family is published for.
#[derive(Debug, Clone, Copy)]
pub struct Published {
    pub family: &'static str,
    pub line: &'static str,
    /// Debian/Ubuntu codenames.
    pub suites: &'static [&'static str],
    /// Alpine releases (`3.24`).
    pub alpine: &'static [&'static str],
    /// The lists are the line's whole history.
    pub complete: bool,
    pub source: &'static str,
    pub checked: Date,
}

pub use super::data::{FAMILY_DISTROS, PUBLISHED};

/// The Debian or Ubuntu suite a tag of `family` with version `version` and
/// no suite in it runs on: the default suite of a line still rebuilt, else
/// the suite the line was last built on (the `a..b` ranges of the family's
/// `suites`), as far as recorded. `variant` is the tag's variant (`slim`,
/// `alpine3.24`…): an Alpine tag runs on no suite. For checks that compare
/// a builder with its runtime or judge the release (`rust:1.64` and
/// `rust:1.65-slim`: bullseye; `rust:1.90`: trixie).
pub fn suite_of(family: &str, version: &str, variant: Option<&str>) -> Option<&'static str> {
    if variant.is_some_and(|v| v.starts_with("alpine")) {
        return None;
    }
    super::families::family(family)?.default_suite(version)
}

/// The releases line `line` (`1.27`, or a patch version of it) of `family`
/// is published for, if recorded. A row for a whole major line (`rust`'s
/// `1`, shorter than the family's release lines) describes what is built
/// today: it covers `1` itself and the release lines still rebuilt
/// (`1.98`), never older ones (`1.60` was built on other suites).
pub fn published(family: &str, line: &str) -> Option<&'static Published> {
    let fam = super::families::family(family);
    let precision = fam.map_or(1, Family::precision);
    PUBLISHED.iter().find(|p| {
        p.family == family
            && (p.line == line
                || (line.starts_with(&format!("{}.", p.line))
                    && (p.line.split('.').count() >= precision
                        || fam.is_some_and(|f| f.is_maintained(Some(line))))))
    })
}

/// A tag naming a distribution release that had no images yet while the
/// tag's release line was being built. A line of a fixed-cadence family
/// (`rust`) is built only until the next release ships [OI-suite-history],
/// and images need the distribution's: a Debian suite has them from the day
/// it becomes testing (the previous release's release date), an Alpine
/// release from its release. So `rust:1.60-trixie` (1.60 was built from
/// 2022-04-07 until 1.61 shipped; trixie became testing on 2023-06-10) was
/// never published. Lines still rebuilt and lines newer than the knowledge
/// are never judged here.
fn predates(family: &Family, tag: &Tag) -> Option<TagStatus> {
    if family.current != Current::Cadence {
        return None;
    }
    let product = family.product()?;
    let version = tag.version.as_deref()?;
    if family.is_maintained(Some(version)) {
        return None;
    }
    let (_, built_until) = cadence_window(product, version)?;
    if built_until > Date::today().to_days() {
        return None;
    }
    let line: String = version.split('.').take(2).collect::<Vec<_>>().join(".");
    let (what, since) = if let Some(suite) = &tag.suite {
        let debian = super::eol::cycles("debian");
        let index = debian.iter().position(|c| c.codename == suite.as_str())?;
        let previous = debian.get(index.checked_sub(1)?)?;
        let since = previous.released.filter(|_| !previous.released_by)?;
        (
            format!("Debian `{suite}` had images (it became testing on {since})"),
            since,
        )
    } else if let Some(Some(release)) = &tag.alpine {
        let c = cycle("alpine", release)?;
        let since = c.released.filter(|_| !c.released_by)?;
        (format!("Alpine {release} was released ({since})"), since)
    } else {
        return None;
    };
    if built_until > since.to_days() {
        return None;
    }
    // The suite the line was last built on, when recorded.
    let instead = match (&tag.suite, family.default_suite(&line)) {
        (Some(_), Some(suite)) => vec![render(
            family,
            &Tag {
                version: Some(line.clone()),
                suite: Some(suite.to_string()),
                dated: false,
                ..tag.clone()
            },
        )],
        _ => Vec::new(),
    };
    Some(never(
        format!(
            "{} {line} was built only until the next release shipped, before {what}",
            family.name
        ),
        instead,
    ))
}

/// What the knowledge says about one tag of an official image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TagStatus {
    /// Known to be published.
    Exists,
    /// Known never to have been published: why, and tags that exist in its
    /// place (possibly none).
    Never { why: String, instead: Vec<String> },
    /// The knowledge does not cover it.
    Unknown,
}

/// Whether `tag` of the official image `name` exists, as far as known.
pub fn tag_status(name: &str, tag: &str) -> TagStatus {
    let Some(family) = family(name) else {
        return TagStatus::Unknown;
    };
    if tag.split(['-', '.']).any(|w| family.unjudged.contains(&w)) {
        return TagStatus::Unknown;
    }
    match parse(family, tag) {
        Some(parsed) => judge(family, &parsed),
        None => misspelt(family, tag),
    }
}

/// The distributions whose codenames `family`'s tags may carry.
fn distros(family: &Family) -> Option<&'static [&'static str]> {
    FAMILY_DISTROS
        .iter()
        .find(|(f, _)| *f == family.name)
        .map(|(_, d)| *d)
}

fn never(why: String, instead: Vec<String>) -> TagStatus {
    TagStatus::Never { why, instead }
}

fn judge(family: &Family, tag: &Tag) -> TagStatus {
    if tag.alpine.is_some() && tag.suite.is_some() {
        let without = Tag {
            suite: None,
            ..tag.clone()
        };
        return never(
            "Alpine tags name no Debian or Ubuntu release".into(),
            vec![render(family, &without)],
        );
    }
    if tag.alpine.is_some() && tag.slim && !family.alpine_slim {
        let without = Tag {
            slim: false,
            ..tag.clone()
        };
        return never(
            "there is no slim Alpine variant (Alpine is already the small one)".into(),
            vec![render(family, &without)],
        );
    }
    if let (Some(suite), Some(allowed)) = (&tag.suite, distros(family)) {
        let distro = if ubuntu_suite_of(suite).is_some() {
            "ubuntu"
        } else {
            "debian"
        };
        if !allowed.contains(&distro) {
            return never(
                format!(
                    "`{suite}` is {} release; {}'s tags are built on {}",
                    if distro == "ubuntu" {
                        "an Ubuntu"
                    } else {
                        "a Debian"
                    },
                    family.name,
                    allowed.join(" and ")
                ),
                Vec::new(),
            );
        }
    }
    if let Some(status) = predates(family, tag) {
        return status;
    }
    let Some(version) = tag.version.as_deref() else {
        return TagStatus::Unknown;
    };
    let Some(line) = published(family.name, version) else {
        return TagStatus::Unknown;
    };
    let is_line = version == line.line;
    // An Alpine release the line lists, or one it provably never had.
    if let Some(Some(release)) = &tag.alpine {
        if line.alpine.contains(&release.as_str()) {
            return exists_if(is_line && plain(family, tag));
        }
        let newest = line.alpine.iter().max_by(|a, b| compare_versions(a, b));
        let older = newest.is_some_and(|n| compare_versions(release, n).is_lt());
        if line.complete && older && cycle("alpine", release).is_some() {
            let instead = line
                .alpine
                .iter()
                .map(|r| {
                    let t = Tag {
                        version: Some(line.line.to_string()),
                        alpine: Some(Some((*r).to_string())),
                        ..tag.clone()
                    };
                    render(family, &t)
                })
                .collect();
            return never(
                format!(
                    "{} {} is published for Alpine {} only",
                    family.name,
                    line.line,
                    line.alpine.join(" and ")
                ),
                instead,
            );
        }
        return TagStatus::Unknown;
    }
    if let Some(suite) = &tag.suite {
        if line.suites.contains(&suite.as_str()) {
            return exists_if(is_line && plain(family, tag));
        }
        let rank = |s: &str| DEBIAN_SUITES.iter().position(|x| *x == s);
        let newest = line.suites.iter().filter_map(|s| rank(s)).max();
        let older = matches!((rank(suite), newest), (Some(r), Some(n)) if r < n);
        if line.complete && older {
            let instead = line
                .suites
                .iter()
                .map(|s| {
                    let t = Tag {
                        version: Some(line.line.to_string()),
                        suite: Some((*s).to_string()),
                        ..tag.clone()
                    };
                    render(family, &t)
                })
                .collect();
            return never(
                format!(
                    "{} {} is published for {} only",
                    family.name,
                    line.line,
                    line.suites.join(" and ")
                ),
                instead,
            );
        }
        return TagStatus::Unknown;
    }
    TagStatus::Unknown
}

/// Whether fromlint may name `tag` of `family` in a suggestion (a fix, a
/// help text, an alternative). It must not be known never to have been
/// published, and a distribution release in it must be one the knowledge
/// backs for its release line: listed for the line in `published.toml`,
/// or, for a line still rebuilt whose releases are not recorded, the
/// release the family builds that line on today (`family.alpine`, the
/// line's default suite). Not suggestable: a release on a line no longer
/// rebuilt whose releases are not recorded (`node:12-alpine3.24`, never
/// published), and a patch or pre-release tag with a release
/// (`3.11.3-alpine3.24`: patch tags are frozen at their day's releases).
/// Tags that name no release (`12-slim`, `3.12`) are judged only by
/// [`tag_status`].
pub fn suggestable(family: &Family, tag: &Tag) -> bool {
    if matches!(judge(family, tag), TagStatus::Never { .. }) {
        return false;
    }
    let alpine = match &tag.alpine {
        Some(Some(release)) => Some(release.as_str()),
        _ => None,
    };
    if alpine.is_none() && tag.suite.is_none() {
        return true;
    }
    let Some(product) = family.product() else {
        // A distribution image: its release is its version.
        return true;
    };
    let line = match (&tag.version, &tag.alias) {
        (Some(version), _) => version.to_string(),
        (None, Some(alias)) => match family.alias_version(alias) {
            Some(version) => version.to_string(),
            None => return true,
        },
        // `latest`'s variants (`slim-trixie`, `alpine3.24`): the newest line.
        (None, None) => match family.latest_line(Date::today()) {
            Some(line) => line,
            None => return true,
        },
    };
    let frozen = line.chars().any(|c| c.is_ascii_alphabetic() || c == '_')
        || line.split('.').count() > family.precision().max(2);
    if frozen {
        return false;
    }
    if let Some(recorded) = published(family.name, &line) {
        return match (alpine, &tag.suite) {
            (Some(release), _) => recorded.alpine.contains(&release),
            (None, Some(suite)) => recorded.suites.contains(&suite.as_str()),
            (None, None) => true,
        };
    }
    let ended = cycle(product, &line).is_some_and(|c| c.ended(Date::today()).is_some());
    if ended || !family.is_maintained(Some(&line)) {
        return false;
    }
    match (alpine, &tag.suite) {
        (Some(release), _) => family.alpine == Some(release),
        (None, Some(suite)) => family.default_suite(&line) == Some(suite.as_str()),
        (None, None) => true,
    }
}

fn exists_if(known: bool) -> TagStatus {
    if known {
        TagStatus::Exists
    } else {
        TagStatus::Unknown
    }
}

/// Whether the tag's other parts are ones the family is known to combine
/// with a release (slim only where the family has a slim variant, no
/// extra words, no build date).
fn plain(family: &Family, tag: &Tag) -> bool {
    let slim_ok = !tag.slim
        || matches!(
            family.slim,
            SlimStyle::SlimBeforeSuite | SlimStyle::SlimAfterSuite | SlimStyle::SuiteSlim
        )
        || family.slim_mb.is_some();
    slim_ok && tag.words.is_empty() && !tag.dated && tag.alias.is_none()
}

/// The words the family's tags are made of, for "did you mean".
fn vocabulary(family: &Family) -> Vec<&'static str> {
    let mut words: Vec<&'static str> = vec!["slim", "alpine"];
    let allowed = distros(family).unwrap_or(&["debian", "ubuntu"]);
    if allowed.contains(&"debian") {
        words.extend(DEBIAN_SUITES);
    }
    if allowed.contains(&"ubuntu") {
        words.extend(super::tags::UBUNTU_SUITES);
    }
    words.extend(family.words);
    words.extend(family.unjudged);
    words.extend(family.aliases.iter().map(|(a, _)| *a));
    words
}

/// A tag the grammar rejects: a word one or two typos away from a word of
/// the family's tags is a misspelling (`bookwrom`, `alpnie`, `slm`);
/// anything else is outside what fromlint knows.
fn misspelt(family: &'static Family, tag: &str) -> TagStatus {
    let vocabulary = vocabulary(family);
    let words: Vec<&str> = tag.split('-').collect();
    for (i, word) in words.iter().enumerate() {
        let mut fixed = words.clone();
        let Some(best) = closest(word, &vocabulary) else {
            continue;
        };
        fixed[i] = best;
        let candidate = fixed.join("-");
        if let Some(parsed) = parse(family, &candidate) {
            let instead = match judge(family, &parsed) {
                TagStatus::Never { instead, .. } => instead,
                _ => vec![candidate],
            };
            return never(
                format!("`{word}` is not a word of {}'s tags", family.name),
                instead,
            );
        }
    }
    TagStatus::Unknown
}

/// The vocabulary word `word` is a likely misspelling of: at most one edit
/// for short words, two for words of seven letters or more, never a word
/// that is itself valid somewhere.
fn closest(word: &str, vocabulary: &[&'static str]) -> Option<&'static str> {
    if word.len() < 3
        || vocabulary.contains(&word)
        || word.chars().next().is_some_and(|c| c.is_ascii_digit())
        || word.starts_with("alpine") && word[6..].chars().all(|c| c.is_ascii_digit() || c == '.')
    {
        return None;
    }
    let limit = if word.len() >= 7 { 2 } else { 1 };
    let (best, distance) = vocabulary
        .iter()
        .map(|v| (*v, strsim::osa_distance(word, v)))
        .min_by_key(|(_, d)| *d)?;
    (distance <= limit).then_some(best)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(name: &str, tag: &str) -> TagStatus {
        tag_status(name, tag)
    }

    fn is_never(s: &TagStatus) -> bool {
        matches!(s, TagStatus::Never { .. })
    }

    #[test]
    fn answers_the_suite_behind_a_tag() {
        assert_eq!(suite_of("rust", "1.64", None), Some("bullseye"));
        assert_eq!(suite_of("rust", "1.65.0", Some("slim")), Some("bullseye"));
        assert_eq!(suite_of("rust", "1.90", None), Some("trixie"));
        assert_eq!(suite_of("rust", "1.75", Some("alpine")), None);
        assert_eq!(suite_of("golang", "1.17", None), Some("bullseye"));
        assert_eq!(suite_of("golang", "1.21.5", None), Some("bookworm"));
        assert_eq!(suite_of("golang", "1.19", None), None);
        assert_eq!(suite_of("rust", "1.89", None), None);
        assert_eq!(suite_of("myimage", "1.0", None), None);
    }

    #[test]
    fn answers_which_releases_a_line_has() {
        let go = published("golang", "1.27").unwrap();
        assert_eq!(go.alpine, ["3.23", "3.24"]);
        assert!(published("golang", "1.27.3").is_some());
        assert!(published("golang", "1.99").is_none());
    }

    #[test]
    fn suggests_only_releases_the_knowledge_backs() {
        let ok = |name: &str, tag: &str| {
            crate::date::with_today(Date::parse("2026-11-23").unwrap(), || {
                let f = family(name).unwrap();
                suggestable(f, &parse(f, tag).unwrap())
            })
        };
        assert!(ok("node", "22-alpine3.24"));
        assert!(ok("python", "3.12-slim-trixie"));
        assert!(ok("node", "12-slim"));
        // An ended line whose releases are not recorded.
        assert!(!ok("node", "12-alpine3.24"));
        assert!(!ok("python", "3.6-slim-trixie"));
        // A release the recorded line does not list.
        assert!(!ok("golang", "1.27-alpine3.22"));
        assert!(!ok("python", "3.12-slim-bullseye"));
        // Patch and pre-release tags are frozen.
        assert!(!ok("python", "3.11.3-alpine3.24"));
        assert!(!ok("python", "3.11.0b4-trixie"));
    }

    #[test]
    fn judges_tags() {
        assert_eq!(status("golang", "1.27-alpine3.24"), TagStatus::Exists);
        assert_eq!(status("python", "3.12-slim-trixie"), TagStatus::Exists);
        let s = status("golang", "1.27-alpine3.22");
        assert!(is_never(&s), "{s:?}");
        if let TagStatus::Never { instead, .. } = s {
            assert_eq!(instead, ["1.27-alpine3.23", "1.27-alpine3.24"]);
        }
        assert!(is_never(&status("golang", "1.27.1-alpine3.22")));
        assert_eq!(status("golang", "1.27.1-alpine3.24"), TagStatus::Unknown);
        assert_eq!(status("golang", "1.28-alpine3.22"), TagStatus::Unknown);
        assert_eq!(status("golang", "1.27-alpine3.25"), TagStatus::Unknown);
        assert!(is_never(&status("python", "3.12-slim-bookwrom")));
        assert!(is_never(&status("node", "22-alpine-slim")));
        assert!(is_never(&status("python", "3.12-alpine-bullseye")));
        assert!(is_never(&status("python", "3.12-jammy")));
        assert_eq!(
            status("python", "3.12-windowsservercore-ltsc2022"),
            TagStatus::Unknown
        );
        assert_eq!(status("python", "3.12-whatever"), TagStatus::Unknown);
        assert_eq!(status("myimage", "3.12-bookwrom"), TagStatus::Unknown);
        assert_eq!(status("node", "erbium-alpine"), TagStatus::Unknown);
    }

    /// A Rust release line was built only while it was the newest release:
    /// a suite or Alpine release that had no images then was never
    /// published for it, whatever `rust:1` is built on today.
    #[test]
    fn rust_lines_have_the_suites_of_their_time() {
        let at = |tag: &str| {
            crate::date::with_today(Date::parse("2026-11-23").unwrap(), || status("rust", tag))
        };
        let s = at("1.60-trixie");
        assert!(is_never(&s), "{s:?}");
        if let TagStatus::Never { instead, .. } = s {
            assert_eq!(instead, ["1.60-bullseye"]);
        }
        assert!(is_never(&at("1.60-slim-trixie")));
        assert!(is_never(&at("1.50-bookworm")));
        assert!(is_never(&at("1.60.0-alpine3.20")));
        // Suites that had images while the line was built stay unknown.
        assert_eq!(at("1.60-bullseye"), TagStatus::Unknown);
        assert_eq!(at("1.60-bookworm"), TagStatus::Unknown);
        assert_eq!(at("1.80-trixie"), TagStatus::Unknown);
        assert_eq!(at("1.75-alpine3.19"), TagStatus::Unknown);
        // The line rebuilt today, and lines newer than the knowledge.
        assert_eq!(at("1.98-trixie"), TagStatus::Unknown);
        assert_eq!(at("1.99-bullseye"), TagStatus::Unknown);
        assert!(published("rust", "1.60").is_none());
        assert!(published("rust", "1.98").is_some());
        let f = family("rust").unwrap();
        let ok = |tag: &str| {
            crate::date::with_today(Date::parse("2026-11-23").unwrap(), || {
                suggestable(f, &parse(f, tag).unwrap())
            })
        };
        assert!(!ok("1.60-slim-trixie"));
        assert!(ok("1.98-slim-trixie"));
    }
}
