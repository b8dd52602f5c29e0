//! Docker Official Image families: how their tags name variants, which
//! versions are still published, which release an unsuffixed tag resolves
//! to today, and what each variant weighs.

/// How a family spells the smaller variant of its default image.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlimStyle {
    /// `3.12-slim`, `3.12-slim-bookworm` (python, ruby, perl).
    SlimBeforeSuite,
    /// `20-slim`, `20-bookworm-slim` (node).
    SlimAfterSuite,
    /// `bookworm-slim`, `12-slim` (debian).
    SuiteSlim,
    /// No slim variant; suggest another image instead (ubuntu, buildpack-deps).
    Replace,
    /// A compiler toolchain: the final image should not be it at all.
    Toolchain,
    /// A JDK whose runtime-only variant is `-jre` (eclipse-temurin).
    Jre,
    /// The default variant is already small (php, alpine, amazoncorretto).
    NotFull,
}

/// What a family's images are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A language runtime on a distribution; the product key into the
    /// end-of-life tables.
    Runtime(&'static str),
    /// A distribution base image.
    Distro(Distro),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Distro {
    Debian,
    Ubuntu,
    Alpine,
    AmazonLinux,
}

/// A Docker Official Image family.
#[derive(Debug, Clone, Copy)]
pub struct Family {
    pub name: &'static str,
    pub kind: Kind,
    pub slim: SlimStyle,
    /// Compressed (pull) sizes, linux/amd64, in MB: default, slim, alpine.
    pub full_mb: Option<f32>,
    pub slim_mb: Option<f32>,
    pub alpine_mb: Option<f32>,
    /// Rolling words that stand for a version line (`lts`, `current`,
    /// `jod`), each with the version it means today.
    pub aliases: &'static [(&'static str, &'static str)],
    /// Other words the tag grammar accepts (`cli`, `fpm`, `jre`…).
    pub words: &'static [&'static str],
    /// Version lines still published in the official library.
    pub maintained: &'static [&'static str],
    /// The Debian/Ubuntu release an unsuffixed tag resolves to today, per
    /// version line (`*` for every other maintained one).
    pub suites: &'static [(&'static str, &'static str)],
    /// The Alpine release `-alpine` resolves to today, if recorded.
    pub alpine: Option<&'static str>,
    /// Alpine tags spell the release after a dash (`alpine-3.24`).
    pub alpine_dash: bool,
    pub source: &'static str,
}

const fn runtime(name: &'static str, product: &'static str, slim: SlimStyle) -> Family {
    Family {
        name,
        kind: Kind::Runtime(product),
        slim,
        full_mb: None,
        slim_mb: None,
        alpine_mb: None,
        aliases: &[],
        words: &[],
        maintained: &[],
        suites: &[("*", "trixie")],
        alpine: None,
        alpine_dash: false,
        source: "OI-library",
    }
}

const fn distro(name: &'static str, distro: Distro, slim: SlimStyle) -> Family {
    Family {
        kind: Kind::Distro(distro),
        suites: &[],
        ..runtime(name, "", slim)
    }
}

/// Sizes: python 414.7 / 43.4 / 17.8 MB [RI-py-*]; node 408.9 / 80.3 /
/// 58.2 [RI-node-*]; golang 312.3 / alpine 71.4 [RI-go-*]; rust slim 319.1
/// [RI-rust-slim]; debian trixie 49.3 vs trixie-slim 29.8, alpine 3.24
/// minirootfs 3.8 [RI-py-full, RI-py-slim, RI-py-alpine]. ruby and perl
/// defaults are buildpack-deps (+329.7 MB of curl/scm/compiler layers over
/// debian) [RI-py-full, DOCS-variants].
pub const FAMILIES: &[Family] = &[
    Family {
        full_mb: Some(414.7),
        slim_mb: Some(43.4),
        alpine_mb: Some(17.8),
        aliases: &[("rc", "3.15")],
        maintained: &["3", "3.10", "3.11", "3.12", "3.13", "3.14", "3.15"],
        alpine: Some("3.24"),
        source: "OI-library, RI-py-full, RI-py-slim, RI-py-alpine",
        ..runtime("python", "python", SlimStyle::SlimBeforeSuite)
    },
    Family {
        full_mb: Some(408.9),
        slim_mb: Some(80.3),
        alpine_mb: Some(58.2),
        aliases: &[
            ("lts", "24"),
            ("current", "26"),
            ("hydrogen", "18"),
            ("iron", "20"),
            ("jod", "22"),
            ("krypton", "24"),
        ],
        maintained: &["22", "24", "26"],
        suites: &[
            ("22", "bookworm"),
            ("24", "bookworm"),
            ("26", "trixie"),
            ("latest", "trixie"),
        ],
        alpine: Some("3.24"),
        source: "OI-library, RI-node-full, RI-node-slim, RI-node-alpine",
        ..runtime("node", "node", SlimStyle::SlimAfterSuite)
    },
    Family {
        aliases: &[("rc", "")],
        maintained: &["3.3", "3.4", "4.0", "3", "4"],
        alpine: Some("3.24"),
        source: "OI-library, DOCS-variants, RI-py-full",
        ..runtime("ruby", "ruby", SlimStyle::SlimBeforeSuite)
    },
    Family {
        words: &["threaded"],
        maintained: &["5.40", "5.42", "5.44", "5"],
        source: "OI-library, DOCS-variants, RI-py-full",
        ..runtime("perl", "perl", SlimStyle::SlimBeforeSuite)
    },
    Family {
        words: &["cli", "fpm", "apache", "zts", "rc"],
        maintained: &["8.2", "8.3", "8.4", "8.5", "8"],
        source: "OI-library, PHP-FROM",
        ..runtime("php", "php", SlimStyle::NotFull)
    },
    Family {
        full_mb: Some(312.3),
        alpine_mb: Some(71.4),
        maintained: &["1.26", "1.27", "1"],
        alpine: Some("3.24"),
        source: "OI-library, RI-go-full, RI-go-alpine, DL-README",
        ..runtime("golang", "go", SlimStyle::Toolchain)
    },
    Family {
        full_mb: Some(319.1),
        maintained: &["1", "1.98"],
        source: "OI-library, RI-rust-slim, DL-README",
        ..runtime("rust", "rust", SlimStyle::Toolchain)
    },
    Family {
        words: &["jdk", "jre"],
        maintained: &["8", "11", "17", "21", "25", "26"],
        suites: &[],
        alpine_dash: true,
        source: "OI-library, TEMURIN-DF",
        ..runtime("eclipse-temurin", "temurin", SlimStyle::Jre)
    },
    Family {
        words: &["jdk", "jre", "headless", "full", "al2023", "al2", "native"],
        maintained: &["8", "11", "17", "21", "25", "26"],
        suites: &[],
        source: "OI-library",
        ..runtime("amazoncorretto", "corretto", SlimStyle::NotFull)
    },
    Family {
        full_mb: Some(49.3),
        slim_mb: Some(29.8),
        aliases: &[
            ("stable", "13"),
            ("oldstable", "12"),
            ("oldoldstable", "11"),
            ("testing", "14"),
            ("unstable", "sid"),
        ],
        words: &["backports"],
        source: "OI-library, RI-py-full, RI-py-slim",
        ..distro("debian", Distro::Debian, SlimStyle::SuiteSlim)
    },
    Family {
        aliases: &[("rolling", ""), ("devel", "")],
        source: "OI-library",
        ..distro("ubuntu", Distro::Ubuntu, SlimStyle::Replace)
    },
    Family {
        full_mb: Some(379.0),
        slim_mb: Some(29.8),
        words: &["curl", "scm"],
        source: "OI-library, BPD-FROM, RI-py-full",
        ..distro("buildpack-deps", Distro::Debian, SlimStyle::Replace)
    },
    Family {
        alpine_mb: Some(3.8),
        aliases: &[("edge", "")],
        source: "OI-library, RI-py-alpine",
        ..distro("alpine", Distro::Alpine, SlimStyle::NotFull)
    },
];

pub fn family(official_name: &str) -> Option<&'static Family> {
    FAMILIES.iter().find(|f| f.name == official_name)
}

impl Family {
    /// The product key into the end-of-life tables, for runtimes.
    pub fn product(&self) -> Option<&'static str> {
        match self.kind {
            Kind::Runtime(product) => Some(product),
            Kind::Distro(_) => None,
        }
    }

    /// Whether images of `version` (a full or partial version, or `None`
    /// for the latest) are still rebuilt under their tags.
    pub fn is_maintained(&self, version: Option<&str>) -> bool {
        let Some(version) = version else {
            return true;
        };
        let precision = self.precision();
        self.maintained.iter().any(|line| {
            version == *line
                || (line.split('.').count() >= precision
                    && version.starts_with(&format!("{line}.")))
        })
    }

    /// How many version parts name a release line (`3.12`: 2, node `24`: 1).
    pub fn precision(&self) -> usize {
        self.product()
            .and_then(|p| super::eol::RUNTIMES.iter().find(|t| t[0].product == p))
            .map_or(2, |t| t[0].cycle.split('.').count())
    }

    /// The Debian or Ubuntu release an unsuffixed tag of `line` resolves to
    /// today (`latest` for the default tag).
    pub fn default_suite(&self, line: &str) -> Option<&'static str> {
        if !self.maintained.is_empty() && line != "latest" && !self.is_maintained(Some(line)) {
            return None;
        }
        let exact = self
            .suites
            .iter()
            .find(|(l, _)| *l == line || line.starts_with(&format!("{l}.")));
        exact
            .or_else(|| self.suites.iter().find(|(l, _)| *l == "*"))
            .map(|(_, suite)| *suite)
    }

    /// The version a rolling alias stands for today.
    pub fn alias_version(&self, alias: &str) -> Option<&'static str> {
        self.aliases
            .iter()
            .find(|(a, _)| *a == alias)
            .map(|(_, v)| *v)
            .filter(|v| !v.is_empty())
    }
}

/// A current, supported version tag per official image, suggested when a
/// reference has no tag, uses `latest` or an end-of-life version (official
/// library and endoflife.date, checked 2026-11-23) [OI-library].
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
