//! The tag grammar of official images: `3.12.4-slim-bookworm`,
//! `24-bookworm-slim`, `1.26-alpine3.24`, `21-jre-alpine-3.24`,
//! `8.4-fpm-trixie`, `bookworm-20240612`.

use super::families::{Distro, Family, Kind};

/// What a tag says, word by word.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tag {
    /// The leading version (`3.12.4`, `20`, `3.24` for alpine, `12` for
    /// debian), `None` for `latest` and aliases.
    pub version: Option<String>,
    /// A rolling alias (`lts`, `stable`, `edge`, `rc`).
    pub alias: Option<String>,
    pub slim: bool,
    /// `Some(None)` for `alpine` without a release, `Some(Some("3.24"))`.
    pub alpine: Option<Option<String>>,
    /// A Debian or Ubuntu codename.
    pub suite: Option<String>,
    /// Other recognised words (`fpm`, `jre`, `curl`, `backports`).
    pub words: Vec<String>,
    /// A build date (`bookworm-20240612`).
    pub dated: bool,
}

/// Debian codenames, oldest first, and Ubuntu's (from `data/releases.toml`).
pub use super::data::{DEBIAN_SUITES, UBUNTU_SUITES};

/// Debian's current stable release (`debian:latest`), derived from the
/// release table and today's date.
pub fn debian_current() -> &'static str {
    super::eol::newest("debian", false, crate::date::Date::today()).map_or("", |c| c.codename)
}

pub fn ubuntu_suite_of(word: &str) -> Option<&'static str> {
    UBUNTU_SUITES.iter().copied().find(|s| *s == word)
}

pub fn is_suite(word: &str) -> bool {
    DEBIAN_SUITES.contains(&word) || ubuntu_suite_of(word).is_some()
}

fn is_version(word: &str) -> bool {
    word.chars().next().is_some_and(|c| c.is_ascii_digit())
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_')
}

fn is_date(word: &str) -> bool {
    word.len() == 8 && word.chars().all(|c| c.is_ascii_digit())
}

/// The distribution release a tag of an image fromlint has no grammar for
/// spells in its words: a Debian or Ubuntu codename (`3.1-buster`,
/// `1.4-debian-bullseye-20210902-slim`), `debian-11`/`debian11`,
/// `ubuntu22.04`/`ubuntu-22.04`, or an Alpine release (`alpine3.20`,
/// `2.1-alpine-3.20.5`), as (distribution, release). Only whole words
/// count, so names that merely contain a codename are not read as one.
pub fn distro_in_tag(tag: &str) -> Option<(&'static str, String)> {
    let words: Vec<String> = tag.split(['-', '_']).map(str::to_ascii_lowercase).collect();
    let major_minor = |v: &str| -> Option<String> {
        let mut parts = v.split('.');
        let major = parts.next().filter(|p| is_number(p))?;
        let minor = parts.next().filter(|p| is_number(p))?;
        Some(format!("{major}.{minor}"))
    };
    for (i, word) in words.iter().enumerate() {
        let next = words.get(i + 1).map(String::as_str);
        if let Some(suite) = DEBIAN_SUITES.iter().find(|s| **s == word.as_str()) {
            return Some(("debian", (*suite).to_string()));
        }
        if let Some(suite) = ubuntu_suite_of(word) {
            return Some(("ubuntu", suite.to_string()));
        }
        if let Some(rest) = word.strip_prefix("alpine") {
            let release = if rest.is_empty() { next } else { Some(rest) };
            if let Some(release) = release.and_then(major_minor) {
                return Some(("alpine", release));
            }
        }
        if let Some(rest) = word.strip_prefix("debian") {
            let release = if rest.is_empty() { next } else { Some(rest) };
            match release {
                Some(r) if is_number(r) => return Some(("debian", r.to_string())),
                Some(r) if DEBIAN_SUITES.contains(&r) => return Some(("debian", r.to_string())),
                _ => {}
            }
        }
        if let Some(rest) = word.strip_prefix("ubuntu") {
            let release = if rest.is_empty() { next } else { Some(rest) };
            if let Some(release) = release.and_then(major_minor) {
                return Some(("ubuntu", release));
            }
        }
    }
    None
}

fn is_number(s: &str) -> bool {
    !s.is_empty() && s.len() <= 4 && s.chars().all(|c| c.is_ascii_digit())
}

/// Parses a tag of `family`; `None` when a word is not part of the grammar
/// (Windows variants, unknown suffixes), so callers judge nothing.
pub fn parse(family: &Family, tag: &str) -> Option<Tag> {
    let mut out = Tag::default();
    if tag == "latest" {
        return Some(out);
    }
    let words: Vec<&str> = tag.split('-').collect();
    let mut i = 0;
    while i < words.len() {
        let word = words[i];
        i += 1;
        if is_date(word) && (out.suite.is_some() || out.version.is_some()) {
            out.dated = true;
        } else if is_version(word) && out.version.is_none() && out.suite.is_none() && !out.slim {
            out.version = Some(word.to_string());
        } else if let Some(release) = word.strip_prefix("alpine") {
            if out.alpine.is_some() {
                return None;
            }
            let release = if release.is_empty() && family.alpine_dash {
                words.get(i).filter(|w| is_version(w)).map(|w| {
                    i += 1;
                    w.to_string()
                })
            } else {
                (!release.is_empty()).then(|| release.to_string())
            };
            if release.as_deref().is_some_and(|r| !is_version(r)) {
                return None;
            }
            out.alpine = Some(release);
        } else if word == "slim" && !out.slim {
            out.slim = true;
        } else if is_suite(word) && out.suite.is_none() {
            out.suite = Some(word.to_string());
        } else if family.aliases.iter().any(|(a, _)| *a == word) && out.alias.is_none() {
            out.alias = Some(word.to_string());
        } else if family.words.contains(&word) {
            out.words.push(word.to_string());
        } else {
            return None;
        }
    }
    Some(out)
}

impl Tag {
    /// The version line the tag follows: its version, or what its alias
    /// stands for today; `latest` for the default tag.
    pub fn line<'a>(&'a self, family: &Family) -> Option<&'a str> {
        match (&self.version, &self.alias) {
            (Some(v), _) => Some(v),
            (None, Some(alias)) => family.alias_version(alias),
            (None, None) => Some("latest"),
        }
    }

    /// Whether the tag is the default (full) variant: not slim, not
    /// alpine, and no variant words that name something else.
    pub fn is_default_variant(&self) -> bool {
        !self.slim && self.alpine.is_none()
    }
}

/// The distribution release a tag of `family` runs on today: explicit in
/// the tag, or the default of a version line that is still rebuilt.
pub fn release(family: &Family, tag: &Tag) -> Option<(Distro, String)> {
    if let Some(alpine) = &tag.alpine {
        // `-alpine` resolves to today's release only on lines still rebuilt.
        let maintained = tag
            .line(family)
            .is_some_and(|l| l == "latest" || family.is_maintained(Some(l)));
        let default = family.alpine.filter(|_| maintained).map(str::to_string);
        let release = alpine.clone().or(default)?;
        return Some((Distro::Alpine, release));
    }
    match family.kind {
        Kind::Distro(Distro::Alpine) => {
            let version = tag.version.clone()?;
            Some((Distro::Alpine, version))
        }
        Kind::Distro(distro @ (Distro::Debian | Distro::Ubuntu)) => {
            if let Some(suite) = &tag.suite {
                return Some((distro, suite.clone()));
            }
            if family.name == "debian" {
                if let Some(version) = &tag.version {
                    return Some((distro, version.clone()));
                }
                let alias = tag.alias.as_deref().and_then(|a| family.alias_version(a));
                return match (alias, &tag.alias) {
                    (Some(v), _) => Some((distro, v.to_string())),
                    (None, None) => Some((distro, debian_current().to_string())),
                    _ => None,
                };
            }
            tag.version.clone().map(|v| (distro, v))
        }
        Kind::Distro(Distro::AmazonLinux) => None,
        // `oraclelinux:9-slim`, `sle15:15.6`: the version is the release.
        Kind::Distro(distro @ (Distro::OracleLinux | Distro::Sles)) => {
            tag.version.clone().map(|v| (distro, v))
        }
        Kind::Runtime(_) => {
            if let Some(suite) = &tag.suite {
                let distro = if ubuntu_suite_of(suite).is_some() {
                    Distro::Ubuntu
                } else {
                    Distro::Debian
                };
                return Some((distro, suite.clone()));
            }
            let line = tag.line(family)?;
            family.default_suite(line).map(|s| {
                let distro = if ubuntu_suite_of(s).is_some() {
                    Distro::Ubuntu
                } else {
                    Distro::Debian
                };
                (distro, s.to_string())
            })
        }
    }
}

/// The runtime-only (`-jre`) tag for a JDK tag of `family`, when the
/// family publishes one for the tag's line: a family with a JRE for every
/// line spells `jre` after the version (`21-jre-noble`), one with JREs for
/// a few lines after the distribution (Corretto 8: `8-al2023-jre`,
/// `8-alpine3.22-jre`). [OI-library, CORRETTO-TAGS]
pub fn jre_tag(family: &Family, tag: &Tag) -> Option<String> {
    let line = tag.line(family)?.split('.').next()?.to_string();
    if !family.has_jre(&line) || tag.words.iter().any(|w| w == "jre") {
        return None;
    }
    let mut out = tag.clone();
    out.dated = false;
    out.words
        .retain(|w| !matches!(w.as_str(), "jdk" | "full" | "headless" | "headful"));
    if family.jre.contains(&"*") {
        out.words.insert(0, "jre".into());
        return Some(render(family, &out));
    }
    if out.alpine.is_none() && !out.words.iter().any(|w| w.starts_with("al2")) {
        out.words.insert(0, "al2023".into());
    }
    Some(format!("{}-jre", render(family, &out)))
}

/// Writes `tag` back in `family`'s grammar (dates are dropped).
pub fn render(family: &Family, tag: &Tag) -> String {
    let mut parts: Vec<String> = Vec::new();
    let head = tag.version.clone().or(tag.alias.clone());
    if family.name == "debian" {
        parts.extend(tag.suite.clone().or(head));
        parts.extend(tag.words.iter().cloned());
        if tag.slim {
            parts.push("slim".into());
        }
    } else {
        parts.extend(head);
        parts.extend(tag.words.iter().cloned());
        match &tag.alpine {
            Some(Some(release)) if family.alpine_dash => {
                parts.push("alpine".into());
                parts.push(release.clone());
            }
            Some(release) => {
                parts.push(format!("alpine{}", release.as_deref().unwrap_or("")));
                if tag.slim && family.alpine_slim {
                    parts.push("slim".into());
                }
            }
            None if family.slim == super::SlimStyle::SlimAfterSuite => {
                parts.extend(tag.suite.clone());
                if tag.slim {
                    parts.push("slim".into());
                }
            }
            None => {
                if tag.slim {
                    parts.push("slim".into());
                }
                parts.extend(tag.suite.clone());
            }
        }
    }
    if parts.is_empty() {
        "latest".into()
    } else {
        parts.join("-")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::family;

    fn tag(name: &str, text: &str) -> Option<Tag> {
        parse(family(name).unwrap(), text)
    }

    #[test]
    fn spells_jre_tags() {
        let jre =
            |name: &str, text: &str| jre_tag(family(name).unwrap(), &tag(name, text).unwrap());
        assert_eq!(
            jre("eclipse-temurin", "21-jdk-noble").as_deref(),
            Some("21-jre-noble")
        );
        assert_eq!(jre("eclipse-temurin", "17").as_deref(), Some("17-jre"));
        assert_eq!(jre("amazoncorretto", "8").as_deref(), Some("8-al2023-jre"));
        assert_eq!(
            jre("amazoncorretto", "8-alpine3.22").as_deref(),
            Some("8-alpine3.22-jre")
        );
        assert_eq!(jre("amazoncorretto", "17"), None);
        assert_eq!(jre("eclipse-temurin", "21-jre"), None);
    }

    #[test]
    fn parses_each_family_grammar() {
        let t = tag("python", "3.12.4-slim-bookworm").unwrap();
        assert_eq!(t.version.as_deref(), Some("3.12.4"));
        assert!(t.slim);
        assert_eq!(t.suite.as_deref(), Some("bookworm"));
        let t = tag("node", "24-bookworm-slim").unwrap();
        assert!(t.slim && t.suite.as_deref() == Some("bookworm"));
        let t = tag("golang", "1.26-alpine3.24").unwrap();
        assert_eq!(t.alpine, Some(Some("3.24".into())));
        let t = tag("eclipse-temurin", "21-jre-alpine-3.24").unwrap();
        assert_eq!(t.alpine, Some(Some("3.24".into())));
        assert_eq!(t.words, ["jre"]);
        let t = tag("php", "8.4-fpm-alpine").unwrap();
        assert_eq!(t.alpine, Some(None));
        let t = tag("debian", "bookworm-20240612-slim").unwrap();
        assert!(t.dated && t.slim);
        assert!(tag("python", "3.12-windowsservercore-ltsc2022").is_none());
        assert!(tag("node", "lts").unwrap().alias.is_some());
    }

    #[test]
    fn resolves_releases() {
        let rel = |name: &str, text: &str| {
            let f = family(name).unwrap();
            release(f, &parse(f, text).unwrap()).map(|(_, r)| r)
        };
        assert_eq!(rel("python", "3.12-slim").as_deref(), Some("trixie"));
        assert_eq!(rel("node", "24-slim").as_deref(), Some("bookworm"));
        assert_eq!(rel("node", "26").as_deref(), Some("trixie"));
        // `lts` is 26 since 2026-10-28 (derived from the release table).
        assert_eq!(rel("node", "lts").as_deref(), Some("trixie"));
        assert_eq!(rel("node", "18-slim"), None);
        assert_eq!(rel("python", "3.12-alpine").as_deref(), Some("3.24"));
        assert_eq!(rel("debian", "12-slim").as_deref(), Some("12"));
        assert_eq!(rel("debian", "latest").as_deref(), Some("trixie"));
        // Lines no longer rebuilt keep the suite of their last build.
        assert_eq!(rel("rust", "1.64").as_deref(), Some("bullseye"));
        assert_eq!(rel("rust", "1.65-slim").as_deref(), Some("bullseye"));
        assert_eq!(rel("rust", "1.80").as_deref(), Some("bookworm"));
        assert_eq!(rel("rust", "1.90").as_deref(), Some("trixie"));
        assert_eq!(rel("rust", "1.89"), None);
        assert_eq!(rel("golang", "1.17").as_deref(), Some("bullseye"));
        assert_eq!(rel("golang", "1.17-alpine3.15").as_deref(), Some("3.15"));
    }
}
