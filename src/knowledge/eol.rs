//! End-of-life dates of distribution releases and language runtimes
//! (endoflife.date, snapshot 2026-08-22, status checked 2026-11-23). A
//! release is judged against the date a lint runs on, so the same table
//! keeps working as time passes.

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
}

#[derive(Debug, Clone, Copy)]
pub struct Cycle {
    /// `python`, `node`, `go`, `ruby`, `php`, `perl`, `temurin`, `corretto`,
    /// `debian`, `ubuntu`, `alpine`.
    pub product: &'static str,
    pub cycle: &'static str,
    /// Debian and Ubuntu codename.
    pub codename: &'static str,
    pub eol: Eol,
    pub source: &'static str,
}

const fn date(year: i32, month: u32, day: u32) -> Eol {
    Eol::On(Date { year, month, day })
}

macro_rules! cycles {
    ($product:literal, $source:literal: $($cycle:literal $(/ $codename:literal)? => $eol:expr),* $(,)?) => {
        &[$(Cycle { product: $product, cycle: $cycle, codename: cycles!(@c $($codename)?), eol: $eol, source: $source }),*]
    };
    (@c) => { "" };
    (@c $c:literal) => { $c };
}

/// Debian: end of LTS; Ubuntu: end of standard support (ESM is paid);
/// Alpine: end of the branch. [EOL-debian, EOL-ubuntu, EOL-alpine]
pub const DISTROS: &[&[Cycle]] = &[
    cycles!("debian", "EOL-debian":
        "7" / "wheezy" => Eol::Ended, "8" / "jessie" => Eol::Ended,
        "9" / "stretch" => date(2022, 7, 1), "10" / "buster" => date(2024, 6, 30),
        "11" / "bullseye" => date(2026, 8, 31), "12" / "bookworm" => date(2028, 6, 30),
        "13" / "trixie" => date(2030, 6, 30), "14" / "forky" => Eol::Open, "sid" / "sid" => Eol::Open),
    cycles!("ubuntu", "EOL-ubuntu":
        "14.04" / "trusty" => Eol::Ended, "16.04" / "xenial" => Eol::Ended,
        "18.04" / "bionic" => date(2023, 5, 31), "20.04" / "focal" => date(2025, 5, 31),
        "22.04" / "jammy" => date(2027, 4, 1), "24.04" / "noble" => date(2029, 5, 31),
        "25.10" / "questing" => date(2026, 7, 1), "26.04" / "resolute" => date(2031, 4, 30),
        "26.10" / "stonking" => Eol::Open),
    cycles!("alpine", "EOL-alpine":
        "3.18" => date(2025, 5, 9), "3.19" => date(2025, 11, 1), "3.20" => date(2026, 4, 1),
        "3.21" => date(2026, 11, 1), "3.22" => date(2027, 5, 1), "3.23" => date(2027, 11, 1),
        "3.24" => date(2028, 6, 1)),
];

/// End of security support per runtime release. Go supports the latest two
/// releases; non-LTS Java releases end at the next release.
pub const RUNTIMES: &[&[Cycle]] = &[
    cycles!("python", "EOL-python":
        "2.7" => date(2020, 1, 1), "3.6" => date(2021, 12, 23), "3.7" => date(2023, 6, 27),
        "3.8" => date(2024, 10, 7), "3.9" => date(2025, 10, 31), "3.10" => date(2026, 10, 31),
        "3.11" => date(2027, 10, 31), "3.12" => date(2028, 10, 31), "3.13" => date(2029, 10, 31),
        "3.14" => date(2030, 10, 31), "3.15" => Eol::Open),
    cycles!("node", "EOL-node":
        "4" => date(2018, 4, 30), "5" => date(2016, 6, 30), "6" => date(2019, 4, 30),
        "7" => date(2017, 6, 30), "8" => date(2019, 12, 31), "9" => date(2018, 6, 30),
        "10" => date(2021, 4, 30), "11" => date(2019, 6, 30), "12" => date(2022, 4, 30),
        "13" => date(2020, 6, 1), "14" => date(2023, 4, 30), "15" => date(2021, 6, 1),
        "16" => date(2023, 9, 11), "17" => date(2022, 6, 1), "18" => date(2025, 4, 30),
        "19" => date(2023, 6, 1), "20" => date(2026, 4, 30), "21" => date(2024, 6, 1),
        "22" => date(2027, 4, 30), "23" => Eol::Ended, "24" => date(2028, 4, 30),
        "25" => date(2026, 6, 1), "26" => date(2029, 4, 30)),
    cycles!("go", "EOL-go":
        "1.24" => date(2026, 2, 10), "1.25" => date(2026, 8, 19), "1.26" => Eol::Open,
        "1.27" => Eol::Open),
    cycles!("ruby", "EOL-ruby":
        "3.1" => date(2025, 3, 26), "3.2" => date(2026, 3, 31), "3.3" => date(2027, 3, 31),
        "3.4" => date(2028, 3, 31), "4.0" => date(2029, 3, 31)),
    cycles!("php", "EOL-php":
        "8.1" => date(2025, 12, 31), "8.2" => date(2026, 12, 31), "8.3" => date(2027, 12, 31),
        "8.4" => date(2028, 12, 31), "8.5" => date(2029, 12, 31)),
    cycles!("perl", "EOL-perl":
        "5.36" => date(2025, 5, 27), "5.38" => date(2026, 7, 2), "5.40" => date(2027, 6, 9),
        "5.42" => date(2028, 7, 3), "5.44" => date(2029, 7, 15)),
    cycles!("temurin", "EOL-temurin":
        "8" => date(2030, 12, 31), "11" => date(2027, 10, 31), "17" => date(2027, 10, 31),
        "21" => date(2029, 12, 31), "22" => Eol::Ended, "23" => Eol::Ended, "24" => Eol::Ended,
        "25" => date(2031, 9, 30), "26" => date(2026, 9, 15)),
    cycles!("corretto", "EOL-corretto":
        "8" => date(2030, 12, 31), "11" => date(2032, 1, 31), "17" => date(2029, 10, 31),
        "21" => date(2030, 10, 31), "22" => Eol::Ended, "23" => Eol::Ended, "24" => Eol::Ended,
        "25" => date(2032, 10, 31), "26" => date(2026, 10, 31)),
    // Distroless images per Debian release: Debian 12 static/base/cc end
    // in September 2026 (recorded as its last day). [DL-SUPPORT]
    cycles!("distroless", "DL-SUPPORT":
        "11" => Eol::Ended, "12" => date(2026, 9, 30), "13" => Eol::Open),
];

/// Human name of a product key.
pub fn product_name(product: &str) -> &str {
    match product {
        "python" => "Python",
        "node" => "Node.js",
        "go" => "Go",
        "ruby" => "Ruby",
        "php" => "PHP",
        "perl" => "Perl",
        "temurin" => "Java (Temurin)",
        "corretto" => "Java (Corretto)",
        "debian" => "Debian",
        "ubuntu" => "Ubuntu",
        "alpine" => "Alpine",
        "distroless" => "distroless Debian",
        other => other,
    }
}

fn table(tables: &'static [&'static [Cycle]], product: &str) -> &'static [Cycle] {
    tables
        .iter()
        .find(|t| t.first().is_some_and(|c| c.product == product))
        .copied()
        .unwrap_or(&[])
}

/// The release cycle `version` belongs to. A version with fewer parts than
/// the product's cycles (`python:3`) names no single cycle. A release older
/// than every cycle listed, or missing between listed ones, has ended.
pub fn cycle(product: &str, version: &str) -> Option<Cycle> {
    let cycles = table(RUNTIMES, product);
    let cycles = if cycles.is_empty() {
        table(DISTROS, product)
    } else {
        cycles
    };
    let first = cycles.first()?;
    if let Some(c) = cycles.iter().find(|c| c.codename == version) {
        return Some(*c);
    }
    let parts = first.cycle.split('.').count();
    let given: Vec<&str> = version.split('.').collect();
    if given.len() < parts || !given[0].chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let line = given[..parts].join(".");
    if let Some(c) = cycles.iter().find(|c| c.cycle == line) {
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

/// A Debian or Ubuntu release by codename.
pub fn release_by_codename(codename: &str) -> Option<Cycle> {
    DISTROS
        .iter()
        .flat_map(|t| t.iter())
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
    }
}
