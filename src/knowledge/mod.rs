//! What fromlint knows about base images, as data. Every fact names its
//! source (a key into [`SOURCES`]) and [`CHECKED`] is when they were last
//! checked; lints read these tables and never carry image facts of their own.

mod deprecated;
mod describe;
mod eol;
mod families;
mod minimal;
mod npm;
mod packages;
mod sources;
mod suggest;
mod tags;
mod wheels;

pub use deprecated::{Deprecation, deprecation, temurin_tag};
pub use describe::{Description, describe};
pub use eol::{Cycle, DISTROS, Eol, RUNTIMES, cycle, product_name, release_by_codename};
pub use families::{CURRENT_TAGS, Distro, FAMILIES, Family, Kind, SlimStyle, current_tag, family};
pub use minimal::{Libc, Minimal, minimal};
pub use npm::{Musl, NATIVE_MODULES, NativeModule, native_module};
pub use packages::{glibc_shim, is_build_tool};
pub use sources::{CHECKED, SOURCES, Source, source};
pub use suggest::{next_supported_line, supported_tag};
pub use tags::{
    DEBIAN_CURRENT, DEBIAN_SUITES, Tag, is_suite, parse as parse_tag, release, render,
    ubuntu_suite_of,
};
pub use wheels::{MUSL_WHEELS, MuslWheels, musl_wheels};

#[cfg(test)]
mod tests {
    use super::*;

    /// Every source key a table cites is listed in `SOURCES`.
    #[test]
    fn cited_sources_exist() {
        let mut cited: Vec<&str> = Vec::new();
        cited.extend(FAMILIES.iter().map(|f| f.source));
        cited.extend(MUSL_WHEELS.iter().map(|w| w.source));
        cited.extend(NATIVE_MODULES.iter().map(|m| m.source));
        cited.extend(
            DISTROS
                .iter()
                .chain(RUNTIMES)
                .flat_map(|t| t.iter().map(|c| c.source)),
        );
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
        ] {
            cited.extend(deprecation(name, official, None).map(|d| d.source));
        }
        for keys in cited {
            for key in keys.split(", ") {
                assert!(source(key).is_some(), "unknown source key `{key}`");
            }
        }
    }
}
