//! musllinux wheel availability on PyPI (`data/wheels.toml`): per package,
//! architecture and CPython version, the first release with a wheel that
//! CPython installs on musl, and whether an sdist exists (without one, pip
//! fails). Verified with `pip download --only-binary :all: --platform
//! musllinux_1_2_<arch> --python-version X.Y` (tools/refresh-wheels.py).

use crate::date::Date;
use crate::pip::compare_versions;

/// Per CPython version (`3.12`): the first release with a musl wheel for it
/// and, when the newest release has none, the last that has one; both empty
/// when no release has one.
pub type Thresholds = &'static [(&'static str, &'static str, &'static str)];

#[derive(Debug, Clone, Copy)]
pub struct MuslWheels {
    /// Normalized project name (lowercase, `-` separators).
    pub package: &'static str,
    /// Without an sdist and a musl wheel, `pip install` fails outright.
    pub has_sdist: bool,
    /// A drop-in replacement with musl wheels, if there is one (besides
    /// moving to a glibc base, which always works).
    pub alternative: &'static str,
    /// The oldest CPython (`3.6`) the alternative installs on from musl
    /// wheels; empty when not recorded.
    pub alternative_python: &'static str,
    /// The newest release when the table was refreshed.
    pub latest: &'static str,
    pub x86_64: Thresholds,
    pub aarch64: Thresholds,
    pub source: &'static str,
    pub checked: Date,
}

/// The musl wheels of one package for one CPython and architecture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coverage {
    /// No release has one.
    Never,
    /// From `first` on; `last` when the newest release no longer has one.
    From {
        first: &'static str,
        last: Option<&'static str>,
    },
}

pub use super::data::MUSL_WHEELS;

impl MuslWheels {
    fn table(&self, arm: bool) -> Thresholds {
        if arm { self.aarch64 } else { self.x86_64 }
    }

    /// Coverage for CPython `python` (`3.12`), `None` when the table does
    /// not record that Python (older than 3.8, newer than 3.15).
    pub fn for_python(&self, arm: bool, python: &str) -> Option<Coverage> {
        let (_, first, last) = self.table(arm).iter().find(|(p, _, _)| *p == python)?;
        Some(if first.is_empty() {
            Coverage::Never
        } else {
            Coverage::From {
                first,
                last: (!last.is_empty()).then_some(*last),
            }
        })
    }

    /// The first release with a musl wheel for any recorded Python.
    pub fn first_any(&self, arm: bool) -> Option<&'static str> {
        self.table(arm)
            .iter()
            .map(|(_, first, _)| *first)
            .filter(|f| !f.is_empty())
            .min_by(|a, b| compare_versions(a, b))
    }

    /// The recorded CPython versions, oldest and newest.
    pub fn pythons(&self) -> Option<(&'static str, &'static str)> {
        let t = self.x86_64;
        Some((t.first()?.0, t.last()?.0))
    }
}

/// Looks a package up by any spelling of its name (PEP 503 normalization).
pub fn musl_wheels(name: &str) -> Option<&'static MuslWheels> {
    let normalized: String = name
        .chars()
        .map(|c| {
            if c == '_' || c == '.' {
                '-'
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect();
    MUSL_WHEELS.iter().find(|w| w.package == normalized)
}

/// Whether a wheel file name is built for glibc only: its platform tag is
/// `manylinux…` or `linux_<arch>` (a local build), not `musllinux…` or
/// `any` (PEP 600, PEP 656).
pub fn glibc_wheel(file: &str) -> bool {
    let stem = file.trim_end_matches(".whl");
    stem.rsplit('-').next().is_some_and(|platform| {
        platform
            .split('.')
            .any(|p| p.starts_with("manylinux") || p.starts_with("linux_"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The thresholds issue 14 reproduced with `pip download`.
    #[test]
    fn thresholds_per_python() {
        let first = |p: &str, py: &str| match musl_wheels(p).unwrap().for_python(false, py) {
            Some(Coverage::From { first, .. }) => Some(first),
            _ => None,
        };
        assert_eq!(first("numpy", "3.12"), Some("1.26.0"));
        assert_eq!(first("psycopg2-binary", "3.12"), Some("2.9.9"));
        assert_eq!(first("grpcio", "3.12"), Some("1.59.0"));
        assert_eq!(first("lxml", "3.12"), Some("4.9.3"));
        assert_eq!(first("pandas", "3.12"), Some("2.1.1"));
        assert_eq!(first("numpy", "3.13"), Some("2.1.0"));
        assert_eq!(
            musl_wheels("cassandra_driver")
                .unwrap()
                .for_python(false, "3.12"),
            Some(Coverage::Never)
        );
        assert_eq!(
            musl_wheels("numpy").unwrap().first_any(true),
            Some("1.26.2")
        );
    }
}
