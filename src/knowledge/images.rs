//! Docker Official Image families: how their tags name variants and what the
//! full variant costs compared with the slim one.

/// How a family spells its slim variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlimStyle {
    /// `3.12-slim`, `3.12-slim-bookworm` (python, ruby, perl).
    SlimBeforeSuite,
    /// `20-slim`, `20-bookworm-slim` (node).
    SlimAfterSuite,
    /// `bookworm-slim`, `12-slim` (debian).
    SuiteSlim,
    /// No slim variant; suggest this image instead (ubuntu, buildpack-deps).
    Replace,
    /// A compiler toolchain: the final image should not be it at all.
    Toolchain,
}

/// A Docker Official Image family the full-vs-slim advice applies to.
#[derive(Debug, Clone, Copy)]
pub struct Family {
    pub name: &'static str,
    pub slim: SlimStyle,
    /// Compressed (pull) size of the full variant, linux/amd64, in MB.
    pub full_mb: Option<f32>,
    /// Compressed size of the suggested smaller image.
    pub slim_mb: Option<f32>,
    /// Tag words besides versions and suites that still name the full
    /// variant (`lts`, `current`…); any other word makes the tag unknown.
    pub full_words: &'static [&'static str],
    pub source: &'static str,
}

/// Debian suites used in official tags, oldest first, with Ubuntu's too
/// (buildpack-deps builds on both).
pub const DEBIAN_SUITES: &[&str] = &["buster", "bullseye", "bookworm", "trixie", "forky", "sid"];
const UBUNTU_SUITES: &[&str] = &["focal", "jammy", "noble", "resolute"];

/// Debian's current stable release (`debian:latest`). [OI-library]
pub const DEBIAN_CURRENT: &str = "trixie";

/// The Ubuntu suite a tag word names, if any.
pub fn ubuntu_suite_of(word: &str) -> Option<&'static str> {
    UBUNTU_SUITES.iter().copied().find(|s| *s == word)
}

/// Sizes: python full 414.7 MB vs slim 43.4 MB [RI-py-full, RI-py-slim];
/// node 408.9 vs 80.3 [RI-node-full, RI-node-slim]; golang 312.3
/// [RI-go-full]; rust slim still 319.1 (toolchain) [RI-rust-slim]; debian
/// trixie 49.3 vs trixie-slim 29.8; buildpack-deps adds 329.7 MB of
/// curl/scm/compiler layers over debian [RI-py-full]. php's Debian variants
/// already build on `debian:<suite>-slim`, so php is not listed [PHP-FROM].
pub const FAMILIES: &[Family] = &[
    Family {
        name: "python",
        slim: SlimStyle::SlimBeforeSuite,
        full_mb: Some(414.7),
        slim_mb: Some(43.4),
        full_words: &["rc"],
        source: "RI-py-full, RI-py-slim, OI-library",
    },
    Family {
        name: "node",
        slim: SlimStyle::SlimAfterSuite,
        full_mb: Some(408.9),
        slim_mb: Some(80.3),
        full_words: &["lts", "current", "hydrogen", "iron", "jod", "krypton"],
        source: "RI-node-full, RI-node-slim, OI-library",
    },
    Family {
        name: "ruby",
        slim: SlimStyle::SlimBeforeSuite,
        full_mb: None,
        slim_mb: None,
        full_words: &["rc"],
        source: "OI-library, DOCS-variants",
    },
    Family {
        name: "perl",
        slim: SlimStyle::SlimBeforeSuite,
        full_mb: None,
        slim_mb: None,
        full_words: &[],
        source: "OI-library, DOCS-variants",
    },
    Family {
        name: "debian",
        slim: SlimStyle::SuiteSlim,
        full_mb: Some(49.3),
        slim_mb: Some(29.8),
        full_words: &["stable", "oldstable", "oldoldstable", "testing", "unstable"],
        source: "RI-py-full, RI-py-slim, OI-library",
    },
    Family {
        name: "ubuntu",
        slim: SlimStyle::Replace,
        full_mb: None,
        slim_mb: Some(29.8),
        full_words: &[],
        source: "OI-library",
    },
    Family {
        name: "buildpack-deps",
        slim: SlimStyle::Replace,
        full_mb: Some(379.0),
        slim_mb: Some(29.8),
        full_words: &[],
        source: "RI-py-full, OI-library",
    },
    Family {
        name: "golang",
        slim: SlimStyle::Toolchain,
        full_mb: Some(312.3),
        slim_mb: None,
        full_words: &[],
        source: "RI-go-full, DL-README",
    },
    Family {
        name: "rust",
        slim: SlimStyle::Toolchain,
        full_mb: Some(319.1),
        slim_mb: None,
        full_words: &["slim"],
        source: "RI-rust-slim, DL-README",
    },
];

pub fn family(official_name: &str) -> Option<&'static Family> {
    FAMILIES.iter().find(|f| f.name == official_name)
}

/// What a tag of an official image says about its variant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    /// Leading version words (`3.12`, `20`), empty for `latest`.
    pub version: Option<String>,
    /// The Debian/Ubuntu suite named in the tag.
    pub suite: Option<String>,
    /// Other words the family accepts for its full variant (`lts`).
    pub words: Vec<String>,
}

impl Family {
    /// Parses a tag of this family if it names the full (non-slim,
    /// non-alpine) variant in a form we understand; `None` otherwise.
    pub fn full_variant(&self, tag: &str) -> Option<Variant> {
        let mut variant = Variant {
            version: None,
            suite: None,
            words: Vec::new(),
        };
        if tag == "latest" {
            return Some(variant);
        }
        for word in tag.split('-') {
            let is_version = word.chars().next().is_some_and(|c| c.is_ascii_digit())
                && word.chars().all(|c| c.is_ascii_digit() || c == '.');
            if is_version && variant.version.is_none() && variant.suite.is_none() {
                variant.version = Some(word.to_string());
            } else if DEBIAN_SUITES.contains(&word) || ubuntu_suite_of(word).is_some() {
                if variant.suite.is_some() {
                    return None;
                }
                variant.suite = Some(word.to_string());
            } else if self.full_words.contains(&word) || (self.name == "debian" && is_version) {
                variant.words.push(word.to_string());
            } else {
                return None;
            }
        }
        Some(variant)
    }

    /// The tag of the slim variant matching `variant`, if the family has one.
    pub fn slim_tag(&self, variant: &Variant) -> Option<String> {
        let head: Vec<&str> = variant
            .version
            .iter()
            .chain(&variant.words)
            .map(String::as_str)
            .collect();
        let head = head.join("-");
        let join = |parts: &[&str]| {
            parts
                .iter()
                .filter(|p| !p.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join("-")
        };
        let suite = variant.suite.as_deref().unwrap_or("");
        match self.slim {
            SlimStyle::SlimBeforeSuite => Some(join(&[&head, "slim", suite])),
            SlimStyle::SlimAfterSuite => Some(join(&[&head, suite, "slim"])),
            SlimStyle::SuiteSlim => {
                let suite = if head.is_empty() && suite.is_empty() {
                    DEBIAN_CURRENT
                } else {
                    suite
                };
                Some(join(&[suite, &head, "slim"]))
            }
            SlimStyle::Replace | SlimStyle::Toolchain => None,
        }
    }
}

/// A current, supported version tag per official image, suggested when a
/// reference has no tag or uses `latest` (official-images library and
/// endoflife.date, checked 2026-11-23) [OI-library].
pub const CURRENT_TAGS: &[(&str, &str)] = &[
    ("python", "3.14"),
    ("node", "24"),
    ("ruby", "4.0"),
    ("perl", "5.44"),
    ("php", "8.4"),
    ("golang", "1.27"),
    ("rust", "1.98"),
    ("debian", "trixie"),
    ("ubuntu", "26.04"),
    ("alpine", "3.24"),
    ("buildpack-deps", "trixie"),
    ("eclipse-temurin", "21"),
    ("amazoncorretto", "21"),
];

/// A current version tag for an official image, if known.
pub fn current_tag(official_name: &str) -> Option<&'static str> {
    CURRENT_TAGS
        .iter()
        .find(|(name, _)| *name == official_name)
        .map(|(_, tag)| *tag)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slim(name: &str, tag: &str) -> Option<String> {
        let f = family(name).unwrap();
        f.full_variant(tag).and_then(|v| f.slim_tag(&v))
    }

    #[test]
    fn slim_tags_follow_each_family_grammar() {
        assert_eq!(slim("python", "3.12").as_deref(), Some("3.12-slim"));
        assert_eq!(
            slim("python", "3.12-bookworm").as_deref(),
            Some("3.12-slim-bookworm")
        );
        assert_eq!(slim("python", "latest").as_deref(), Some("slim"));
        assert_eq!(
            slim("node", "20-bookworm").as_deref(),
            Some("20-bookworm-slim")
        );
        assert_eq!(slim("node", "lts").as_deref(), Some("lts-slim"));
        assert_eq!(slim("debian", "bookworm").as_deref(), Some("bookworm-slim"));
        assert_eq!(slim("debian", "12").as_deref(), Some("12-slim"));
        assert_eq!(slim("debian", "latest").as_deref(), Some("trixie-slim"));
        assert_eq!(
            slim("ruby", "3.3.1-bookworm").as_deref(),
            Some("3.3.1-slim-bookworm")
        );
    }

    #[test]
    fn non_full_variants_are_not_parsed() {
        let python = family("python").unwrap();
        for tag in [
            "3.12-slim",
            "3.12-alpine",
            "3.12-alpine3.20",
            "3.12-windowsservercore-ltsc2022",
            "3.12-slim-bookworm",
        ] {
            assert_eq!(python.full_variant(tag), None, "{tag}");
        }
    }
}
