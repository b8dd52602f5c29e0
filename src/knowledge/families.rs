//! Docker Official Image families: how their tags name variants, which
//! versions are still published, which release an unsuffixed tag resolves
//! to today, and what each variant weighs (`data/families.toml`).

use super::eol::{debian_relative, newest};
use crate::date::Date;

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
    /// Oracle Linux (`oraclelinux:9-slim`): RPM-based, glibc.
    OracleLinux,
    /// SUSE Linux Enterprise (`registry.suse.com/suse/sle15:15.6`, the BCI
    /// images): RPM-based, glibc.
    Sles,
    /// Red Hat Enterprise Linux, as UBI (`eclipse-temurin:21-jre-ubi9-minimal`).
    Rhel,
}

impl Distro {
    /// The key of the distribution's release table (`releases.toml`).
    pub fn product(self) -> &'static str {
        match self {
            Distro::Debian => "debian",
            Distro::Ubuntu => "ubuntu",
            Distro::Alpine => "alpine",
            Distro::AmazonLinux => "amazonlinux",
            Distro::OracleLinux => "oraclelinux",
            Distro::Sles => "sles",
            Distro::Rhel => "rhel",
        }
    }
}

/// How the version suggested for `latest` or an end-of-life tag is derived.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Current {
    /// The newest line released by today.
    Newest,
    /// The newest long-term-support line by today.
    Lts,
    /// From the family's fixed release cadence ([`Cadence`]).
    Cadence,
}

/// A fixed release cadence: `anchor` shipped on `released`, and one more
/// minor release every `every_days` since.
#[derive(Debug, Clone, Copy)]
pub struct Cadence {
    pub product: &'static str,
    pub anchor: &'static str,
    pub released: Date,
    pub every_days: i64,
    pub source: &'static str,
    pub checked: Date,
}

/// A Docker Official Image family (`data/families.toml`).
#[derive(Debug, Clone, Copy)]
pub struct Family {
    pub name: &'static str,
    pub kind: Kind,
    pub slim: SlimStyle,
    pub current: Current,
    /// Compressed (pull) sizes, linux/amd64, in MB: default, slim, alpine.
    pub full_mb: Option<f32>,
    pub slim_mb: Option<f32>,
    pub alpine_mb: Option<f32>,
    /// Rolling words that stand for a version line (`lts`, `current`,
    /// `jod`), each with the line it means or how that is derived (`@lts`).
    pub aliases: &'static [(&'static str, &'static str)],
    /// Other words the tag grammar accepts (`cli`, `fpm`, `jre`…).
    pub words: &'static [&'static str],
    /// Words of published tags fromlint does not describe (Windows, UBI).
    pub unjudged: &'static [&'static str],
    /// Version lines still published in the official library.
    pub maintained: &'static [&'static str],
    /// Version lines published with a runtime-only (`-jre`) variant of a
    /// JDK image (`*`: every line).
    pub jre: &'static [&'static str],
    /// The Debian/Ubuntu release an unsuffixed tag resolves to today, per
    /// version line (`*` for every other maintained one; `@stable` for
    /// Debian's current stable release).
    pub suites: &'static [(&'static str, &'static str)],
    /// The Alpine release `-alpine` resolves to today, if recorded.
    pub alpine: Option<&'static str>,
    /// Alpine tags spell the release after a dash (`alpine-3.24`).
    pub alpine_dash: bool,
    /// The family publishes a slimmer Alpine variant (`nginx:alpine-slim`).
    pub alpine_slim: bool,
    /// Tags without `alpine` in them are Alpine images too (`caddy:2`).
    pub default_alpine: bool,
    /// The image's package manager when it is not its distribution's
    /// (`rpm` without zypper in SUSE's `bci-minimal`); `Some("")` for an
    /// image without one (`bci-micro`). `None`: the distribution's.
    pub package_manager: Option<&'static str>,
    pub source: &'static str,
    pub checked: Date,
}

pub use super::data::{CADENCES, FAMILIES};

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

    /// Whether `line` is published with a `-jre` variant.
    pub fn has_jre(&self, line: &str) -> bool {
        self.jre.iter().any(|l| *l == "*" || *l == line)
    }

    /// How many version parts name a release line (`3.12`: 2, node `24`: 1).
    pub fn precision(&self) -> usize {
        self.product()
            .and_then(|p| super::eol::cycles(p).first())
            .map_or(2, |c| c.cycle.split('.').count())
    }

    /// The Debian or Ubuntu release an unsuffixed tag of `line` resolves to
    /// today (`latest` for the default tag).
    pub fn default_suite(&self, line: &str) -> Option<&'static str> {
        if !self.maintained.is_empty() && line != "latest" && !self.is_maintained(Some(line)) {
            return self.frozen_suite(line);
        }
        let exact = self
            .suites
            .iter()
            .find(|(l, _)| *l == line || line.starts_with(&format!("{l}.")));
        let suite = exact
            .or_else(|| self.suites.iter().find(|(l, _)| *l == "*"))
            .map(|(_, suite)| *suite)?;
        derive(suite, Date::today())
    }

    /// The suite a line no longer rebuilt was last built on, from the
    /// `a..b` ranges of `suites` (`rust:1.64` → bullseye).
    fn frozen_suite(&self, version: &str) -> Option<&'static str> {
        let precision = self.precision();
        let line: String = version
            .split('.')
            .take(precision)
            .collect::<Vec<_>>()
            .join(".");
        if line.split('.').count() < precision {
            return None;
        }
        self.suites.iter().find_map(|(range, suite)| {
            let (low, high) = range.split_once("..")?;
            let within = crate::pip::compare_versions(&line, low).is_ge()
                && crate::pip::compare_versions(&line, high).is_le();
            within.then_some(*suite)
        })
    }

    /// The version a rolling alias stands for today.
    pub fn alias_version(&self, alias: &str) -> Option<&'static str> {
        let (_, value) = self.aliases.iter().find(|(a, _)| *a == alias)?;
        match *value {
            "@lts" => newest(self.product()?, true, Date::today()).map(|c| c.cycle),
            "@newest" => newest(self.product()?, false, Date::today()).map(|c| c.cycle),
            "" => None,
            value => derive(value, Date::today()),
        }
    }

    /// The version line `latest` stands for today: the newest released.
    /// For a cadence family that is the cadence's newest release, which
    /// the official image may not be known to publish yet.
    pub fn latest_line(&self, today: Date) -> Option<String> {
        if self.current == Current::Cadence {
            return cadence_line(self.product()?, today);
        }
        let picked = Family {
            current: Current::Newest,
            ..*self
        };
        picked.current_line(today)
    }

    /// The newest release line of a cadence family that the data records
    /// as published (`maintained`), no newer than the cadence says exists:
    /// advice names only tags known to exist, so `rust:latest` is pinned to
    /// the newest published line even when the cadence says a newer Rust
    /// shipped since the knowledge was checked.
    fn published_cadence_line(&self, product: &str, today: Date) -> Option<String> {
        let derived = cadence_line(product, today)?;
        let precision = self.precision().max(2);
        self.maintained
            .iter()
            .filter(|l| l.split('.').count() == precision)
            .filter(|l| crate::pip::compare_versions(l, &derived).is_le())
            .max_by(|a, b| crate::pip::compare_versions(a, b))
            .map(|l| l.to_string())
    }

    /// The version line suggested for `latest` or an end-of-life tag today,
    /// derived from the release tables.
    pub fn current_line(&self, today: Date) -> Option<String> {
        let product = match self.kind {
            Kind::Runtime(p) => p,
            Kind::Distro(Distro::Debian) => "debian",
            Kind::Distro(Distro::Ubuntu) => "ubuntu",
            Kind::Distro(Distro::Alpine) => "alpine",
            Kind::Distro(Distro::AmazonLinux) => return None,
            Kind::Distro(distro) => distro.product(),
        };
        let cycle = match self.current {
            Current::Cadence => return self.published_cadence_line(product, today),
            Current::Lts => newest(product, true, today),
            Current::Newest => newest(product, false, today),
        }?;
        // Debian-based tags name the suite (`trixie`), others the version.
        let debian_named = matches!(self.kind, Kind::Distro(Distro::Debian));
        Some(if debian_named && !cycle.codename.is_empty() {
            cycle.codename.to_string()
        } else {
            cycle.cycle.to_string()
        })
    }
}

/// A current version tag for an official image, if known.
pub fn current_tag(official_name: &str) -> Option<String> {
    family(official_name)?.current_line(Date::today())
}

/// Resolves a derived value (`@stable`, `@stable-1`, `@next`) to a Debian
/// codename; other values stand for themselves.
fn derive(value: &'static str, today: Date) -> Option<&'static str> {
    let offset = match value {
        "@stable" => 0,
        "@stable-1" => 1,
        "@stable-2" => 2,
        "@next" => -1,
        _ => return Some(value),
    };
    debian_relative(offset, today).map(|c| c.codename)
}

/// The days (since 1970-01-01) between which release line `line`
/// (`1.60`, or a patch of it) of a product with a fixed cadence was the
/// newest: from its release to the next one's. `None` for another major
/// than the anchor's.
pub fn cadence_window(product: &str, line: &str) -> Option<(i64, i64)> {
    let c = CADENCES.iter().find(|c| c.product == product)?;
    let (major, anchor) = c.anchor.split_once('.')?;
    let anchor: i64 = anchor.parse().ok()?;
    let mut parts = line.split('.');
    if parts.next()? != major {
        return None;
    }
    let minor: i64 = parts.next()?.parse().ok()?;
    let start = c.released.to_days() + (minor - anchor) * c.every_days;
    Some((start, start + c.every_days))
}

/// The newest release of a product with a fixed cadence, by `today`: the
/// anchor's minor plus one per elapsed period.
pub fn cadence_line(product: &str, today: Date) -> Option<String> {
    let c = CADENCES.iter().find(|c| c.product == product)?;
    let (major, minor) = c.anchor.split_once('.')?;
    let minor: i64 = minor.parse().ok()?;
    let days = today.days_since(c.released);
    let steps = if days < 0 { 0 } else { days / c.every_days };
    Some(format!("{major}.{}", minor + steps))
}
