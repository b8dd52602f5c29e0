//! Release cycles of distributions and language runtimes, from
//! `data/releases.toml`: release and end-of-life dates, LTS lines. A release
//! is judged against the date a lint runs on, so the same table keeps
//! working as time passes, and "current" values (Debian's stable release,
//! Node's `lts`) are derived from it and today's date ([`newest`]).

use crate::date::Date;
use crate::pip::compare_versions;

/// When a release cycle stops getting security fixes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Eol {
    On(Date),
    /// Known to be over, date not recorded.
    Ended,
    /// Supported, end not announced.
    Open,
    /// An end no stored source confirms (with the date it is expected on,
    /// if any): reported by `fromlint image`, never acted on by a lint.
    Unconfirmed(Option<Date>),
}

/// Whether a cycle is a long-term-support line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lts {
    No,
    /// LTS from its release (Ubuntu .04, Java 8/11/17/21/25).
    Always,
    /// Became LTS on this date (Node's even majors).
    Since(Date),
}

#[derive(Debug, Clone, Copy)]
pub struct Cycle {
    /// `python`, `node`, `go`, `ruby`, `php`, `perl`, `temurin`, `corretto`,
    /// `debian`, `ubuntu`, `alpine`, `distroless`, `rust`.
    pub product: &'static str,
    pub cycle: &'static str,
    /// Debian and Ubuntu codename.
    pub codename: &'static str,
    /// The release date (or, with `released_by`, a date by which a source
    /// already listed it as released).
    pub released: Option<Date>,
    pub released_by: bool,
    pub lts: Lts,
    pub eol: Eol,
    /// The newest point release of the line, for lines where only the
    /// newest point release gets updates (Oracle Linux: `8.10`); older
    /// point releases are frozen. Empty when not recorded.
    pub latest: &'static str,
    pub source: &'static str,
    pub checked: Date,
}

/// A product's release cycles, oldest first.
#[derive(Debug, Clone, Copy)]
pub struct Product {
    pub key: &'static str,
    /// Human name for messages.
    pub name: &'static str,
    pub distro: bool,
    /// Whether end of life is reported for its cycles (not for Rust, whose
    /// every release ends at the next: a pinned toolchain is a choice).
    pub judge: bool,
    pub cycles: &'static [Cycle],
}

pub use super::data::PRODUCTS;

/// Human name of a product key.
pub fn product_name(product: &str) -> &str {
    PRODUCTS
        .iter()
        .find(|p| p.key == product)
        .map_or(product, |p| p.name)
}

/// The cycles of `product`, oldest first (empty when unknown).
pub fn cycles(product: &str) -> &'static [Cycle] {
    PRODUCTS
        .iter()
        .find(|p| p.key == product)
        .map_or(&[], |p| p.cycles)
}

/// The newest cycle of `product` released by `today`; with `lts`, the
/// newest that is a long-term-support line by `today`. Derived, so
/// `node:lts` moves to 26 on the day 26 enters LTS.
pub fn newest(product: &str, lts: bool, today: Date) -> Option<&'static Cycle> {
    cycles(product).iter().rev().find(|c| {
        let released = c.released.is_some_and(|d| d <= today);
        let lts_now = match c.lts {
            Lts::No => false,
            Lts::Always => true,
            Lts::Since(d) => d <= today,
        };
        released && (!lts || lts_now)
    })
}

/// The Debian release `offset` releases before the current stable one
/// (0: stable, 1: oldstable…), or the next one (`offset` = -1: testing).
pub fn debian_relative(offset: i32, today: Date) -> Option<&'static Cycle> {
    let all = cycles("debian");
    let current = newest("debian", false, today)?;
    let stable = all.iter().position(|c| c.cycle == current.cycle)?;
    let index = stable as i32 - offset;
    usize::try_from(index)
        .ok()
        .and_then(|i| all.get(i))
        .filter(|c| c.cycle != "sid")
}

/// The release cycle `version` belongs to. A version with fewer parts than
/// the product's cycles (`python:3`) names no single cycle. A release older
/// than every cycle listed, or missing between listed ones, has ended.
pub fn cycle(product: &str, version: &str) -> Option<Cycle> {
    if PRODUCTS.iter().any(|p| p.key == product && !p.judge) {
        return None;
    }
    let cycles = self::cycles(product);
    let first = cycles.first()?;
    if let Some(c) = cycles.iter().find(|c| c.codename == version) {
        return Some(*c);
    }
    let parts = first.cycle.split('.').count();
    let given: Vec<&str> = version.split('.').collect();
    if given.is_empty() || !given[0].chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    if given.len() < parts {
        return whole_major(cycles, &given);
    }
    let line = given[..parts].join(".");
    if let Some(c) = cycles.iter().find(|c| c.cycle == line) {
        // A point release older than the line's newest gets no more
        // updates (`oraclelinux:8.6` once 8.10 is out): it has ended, on a
        // date not recorded (the next point release's).
        if !c.latest.is_empty() && given.len() > parts {
            let point = given[..=parts].join(".");
            if given[parts].chars().all(|ch| ch.is_ascii_digit())
                && compare_versions(&point, c.latest).is_lt()
            {
                return Some(Cycle {
                    eol: Eol::Ended,
                    ..*c
                });
            }
        }
        return Some(*c);
    }
    let newest = cycles.iter().rev().find(|c| c.codename != "sid")?;
    compare_versions(&line, newest.cycle)
        .is_lt()
        .then_some(Cycle {
            cycle: "",
            eol: Eol::Ended,
            ..*first
        })
}

/// A version with fewer parts than the product's cycles (`php:7`,
/// `python:2`) names a whole major line. Once a newer major exists, no
/// release joins it any more, so it is judged as its newest cycle (`7` as
/// 7.4); a major that is still the newest (`python:3`) names no cycle.
fn whole_major(cycles: &'static [Cycle], given: &[&str]) -> Option<Cycle> {
    let prefix = format!("{}.", given.join("."));
    let newest = cycles
        .iter()
        .filter(|c| c.cycle.starts_with(&prefix))
        .max_by(|a, b| compare_versions(a.cycle, b.cycle))?;
    let closed = cycles.iter().any(|c| {
        c.codename != "sid"
            && compare_versions(c.cycle, newest.cycle).is_gt()
            && !c.cycle.starts_with(&prefix)
    });
    closed.then_some(*newest)
}

/// Whether `suite` is a Debian release not yet out (testing, unstable).
pub fn debian_unreleased(suite: &str, today: Date) -> bool {
    cycles("debian")
        .iter()
        .any(|c| c.codename == suite && c.released.is_none_or(|d| d > today) && c.eol == Eol::Open)
}

/// A Debian or Ubuntu release by codename.
pub fn release_by_codename(codename: &str) -> Option<Cycle> {
    PRODUCTS
        .iter()
        .filter(|p| p.distro)
        .flat_map(|p| p.cycles.iter())
        .find(|c| c.codename == codename)
        .copied()
}

impl Cycle {
    /// Whether the cycle has ended on `today`, and since when if known.
    pub fn ended(&self, today: Date) -> Option<Option<Date>> {
        match self.eol {
            Eol::On(date) if date <= today => Some(Some(date)),
            Eol::Ended => Some(None),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> Date {
        Date::parse("2026-11-23").unwrap()
    }

    #[test]
    fn finds_cycles_and_ended_releases() {
        assert!(cycle("python", "3.10.4").unwrap().ended(today()).is_some());
        assert!(cycle("python", "3.11").unwrap().ended(today()).is_none());
        assert!(cycle("python", "3").is_none());
        assert!(cycle("python", "3.5").unwrap().ended(today()).is_some());
        assert!(cycle("python", "3.16").is_none());
        assert!(cycle("go", "1.20.3").unwrap().ended(today()).is_some());
        assert!(cycle("go", "1.26").unwrap().ended(today()).is_none());
        assert!(
            cycle("debian", "bullseye")
                .unwrap()
                .ended(today())
                .is_some()
        );
        assert!(cycle("debian", "12").unwrap().ended(today()).is_none());
        assert!(cycle("alpine", "3.21.3").unwrap().ended(today()).is_some());
        assert!(cycle("alpine", "3.22").unwrap().ended(today()).is_none());
        assert!(cycle("ubuntu", "24.10").unwrap().ended(today()).is_some());
        assert!(cycle("ubuntu", "26.10").unwrap().ended(today()).is_none());
        assert!(cycle("node", "20").unwrap().ended(today()).is_some());
        // A whole major line once a newer major exists.
        assert_eq!(cycle("php", "7").unwrap().cycle, "7.4");
        assert!(cycle("php", "7").unwrap().ended(today()).is_some());
        assert!(cycle("php", "8").is_none());
        assert_eq!(cycle("python", "2").unwrap().cycle, "2.7");
        let before = Date::parse("2026-11-09").unwrap();
        assert!(cycle("dotnet", "9.0").unwrap().ended(before).is_none());
        let after = Date::parse("2026-11-10").unwrap();
        assert!(cycle("dotnet", "9.0.3").unwrap().ended(after).is_some());
        assert!(cycle("dotnet", "10.0").unwrap().ended(after).is_none());
    }

    /// Oracle Linux updates only the newest point release of a line
    /// [EOL-oraclelinux]: older point tags are frozen.
    #[test]
    fn older_point_releases_of_oracle_linux_have_ended() {
        let cases = [
            ("8.6", true),
            ("8.10", false),
            ("8", false),
            ("9.7", true),
            ("9.8", false),
            ("10.0", true),
            ("10.1", false),
        ];
        for (tag, ended) in cases {
            let cycle = cycle("oraclelinux", tag).unwrap();
            assert_eq!(cycle.ended(today()).is_some(), ended, "oraclelinux:{tag}");
        }
        // Lines that keep point releases supported are unaffected.
        assert!(cycle("sles", "15.6").unwrap().ended(today()).is_none());
    }

    /// Ends found in stored sources are dated; what no source gives is
    /// open, unconfirmed or not judged, never guessed.
    #[test]
    fn sourced_ends_and_documented_gaps() {
        let day = |s: &str| Date::parse(s).unwrap();
        let gcc12 = cycle("gcc", "12.4").unwrap();
        assert_eq!(gcc12.ended(today()), Some(Some(day("2025-07-11"))));
        assert_eq!(cycle("gcc", "13").unwrap().eol, Eol::Unconfirmed(None));
        assert!(cycle("gcc", "16").unwrap().ended(today()).is_none());
        assert_eq!(cycle("ghc", "9.4.8").unwrap().ended(today()), Some(None));
        assert!(cycle("ghc", "9.12").unwrap().ended(today()).is_none());
        let nginx = cycle("nginx", "1.29").unwrap();
        assert_eq!(nginx.ended(today()), Some(Some(day("2026-05-13"))));
        assert_eq!(
            cycle("nginx", "1.31").unwrap().released,
            Some(day("2026-05-13"))
        );
        let rhel10 = cycle("rhel", "10").unwrap();
        assert_eq!(
            (rhel10.released, rhel10.eol),
            (Some(day("2025-05-20")), Eol::Open)
        );
        let ol10 = cycle("oraclelinux", "10").unwrap();
        assert_eq!(
            (ol10.released, ol10.eol),
            (Some(day("2025-06-26")), Eol::Open)
        );
        // No stored source dates Swift's or Caddy's lines.
        assert!(cycle("swift", "5.4").is_none());
        assert!(cycle("caddy", "2.6").is_none());
    }
}
