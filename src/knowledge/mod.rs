//! What fromlint knows about base images, as data. The facts live in
//! `src/knowledge/data/*.toml`, each row with its source (a key into
//! `sources.toml`) and the date it was last checked; `build.rs` compiles
//! them into the typed tables re-exported here, so lints read tables and
//! never carry image facts of their own. "Current" values (Debian's stable
//! release, Node's `lts`, the newest Go or Rust) are derived from the
//! release tables and today's date (`FROMLINT_TODAY`).
//!
//! Which tags exist: [`published`] answers which suites and Alpine releases
//! a release line is published for, and [`tag_status`] whether a tag is
//! known to exist, known never to have been published, or unknown (see the
//! `published` module). Anything that suggests a tag names only tags
//! [`suggestable`] allows: never an unpublished one, and a distribution
//! release only where the knowledge backs it for the tag's release line.

mod data;
mod deprecated;
mod describe;
mod eol;
mod families;
mod minimal;
mod mirrors;
mod npm;
mod packages;
mod published;
mod sources;
mod suggest;
mod tags;
mod wheels;

pub(crate) use crate::pip::compare_versions;
pub use deprecated::{Deprecation, deprecation, temurin_tag};
pub use describe::{Description, describe};
pub use eol::{
    Cycle, Eol, Lts, PRODUCTS, Product, cycle, cycles, debian_relative, debian_unreleased, newest,
    product_name, release_by_codename,
};
pub use families::{
    CADENCES, Cadence, Current, Distro, FAMILIES, Family, Kind, SlimStyle, cadence_line,
    current_tag, family,
};
pub use minimal::{
    Libc, Minimal, distroless_debian, distroless_python, distroless_ref, distroless_successor,
    glibc_flavour, minimal,
};
pub use mirrors::{DERIVED, Derived, MIRRORS, Mirror, derived_from, mirrored, with_mirrors};
pub use npm::{Musl, NATIVE_MODULES, NativeModule, native_module};
pub use packages::{glibc_only_download, glibc_shim, is_build_tool, names_allocator};
pub use published::{
    PUBLISHED, Published, TagStatus, published, suggestable, suite_of, tag_status,
};
pub use sources::{CHECKED, SOURCES, Source, source};
pub use suggest::{next_supported_line, supported_tag};
pub use tags::{
    DEBIAN_SUITES, Tag, UBUNTU_SUITES, debian_current, distro_in_tag, is_suite, jre_tag,
    parse as parse_tag, release, render, ubuntu_suite_of,
};
pub use wheels::{Coverage, MUSL_WHEELS, MuslWheels, glibc_wheel, musl_wheels};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::Date;

    /// Every source key the hand-written rules cite is listed in `SOURCES`
    /// (the build checks the data files' keys).
    #[test]
    fn cited_sources_exist() {
        let mut cited: Vec<&str> = Vec::new();
        for name in [
            "gcr.io/distroless/static",
            "cgr.dev/chainguard/static",
            "registry.access.redhat.com/ubi9/ubi",
        ] {
            cited.extend(minimal(name, None).map(|m| m.source));
        }
        for (name, official) in [
            ("openjdk", true),
            ("centos", true),
            ("java", true),
            ("gcr.io/distroless/python3-debian12", false),
            ("adoptopenjdk", true),
            ("adoptopenjdk/openjdk11", false),
            ("microsoft/aspnetcore", false),
            ("mcr.microsoft.com/dotnet/core/sdk", false),
            ("tiangolo/uvicorn-gunicorn-fastapi", false),
        ] {
            cited.extend(deprecation(name, official, None).map(|d| d.source));
        }
        for keys in cited {
            for key in keys.split(", ") {
                assert!(source(key).is_some(), "unknown source key `{key}`");
            }
        }
    }

    /// "Current" values follow the calendar: Node 26 is `lts` from the day
    /// it entered LTS, Rust gains a release every six weeks.
    #[test]
    fn derives_current_values_from_dates() {
        let day = |s: &str| Date::parse(s).unwrap();
        assert_eq!(newest("node", true, day("2026-10-27")).unwrap().cycle, "24");
        assert_eq!(newest("node", true, day("2026-10-28")).unwrap().cycle, "26");
        assert_eq!(
            newest("debian", false, day("2025-08-08")).unwrap().codename,
            "bookworm"
        );
        assert_eq!(
            newest("debian", false, day("2026-11-30")).unwrap().codename,
            "trixie"
        );
        assert_eq!(
            debian_relative(1, day("2026-11-30")).unwrap().codename,
            "bookworm"
        );
        assert_eq!(
            debian_relative(-1, day("2026-11-30")).unwrap().codename,
            "forky"
        );
        assert_eq!(
            cadence_line("rust", day("2026-08-20")).as_deref(),
            Some("1.98")
        );
        assert_eq!(
            cadence_line("rust", day("2026-11-30")).as_deref(),
            Some("1.100")
        );
        // Advice names only a line recorded as published on the official
        // image, never one the cadence merely says has shipped.
        let rust = family("rust").unwrap();
        assert_eq!(
            rust.latest_line(day("2026-11-30")).as_deref(),
            Some("1.100")
        );
        assert_eq!(
            rust.current_line(day("2026-11-30")).as_deref(),
            Some("1.98")
        );
        assert_eq!(
            newest("go", false, day("2026-11-30")).unwrap().cycle,
            "1.27"
        );
        assert_eq!(
            newest("temurin", true, day("2026-11-30")).unwrap().cycle,
            "25"
        );
        assert_eq!(
            newest("ubuntu", true, day("2026-11-30")).unwrap().cycle,
            "26.04"
        );
    }

    /// `--version` reports the oldest check date of any fact.
    #[test]
    fn oldest_checked_is_the_minimum() {
        let oldest = Date::parse(CHECKED).unwrap();
        assert!(SOURCES.iter().all(|s| s.checked >= oldest));
        assert!(FAMILIES.iter().all(|f| f.checked >= oldest));
        assert!(MUSL_WHEELS.iter().all(|w| w.checked >= oldest));
        assert!(
            PRODUCTS
                .iter()
                .flat_map(|p| p.cycles)
                .all(|c| c.checked >= oldest)
        );
    }
}
