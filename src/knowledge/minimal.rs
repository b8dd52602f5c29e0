//! Minimal images outside the official library: distroless, Chainguard,
//! Red Hat UBI and BellSoft Alpaquita. What each has: a shell, a package
//! manager, which libc, which runtime, which user.

/// The C library an image provides to dynamically linked programs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Libc {
    Glibc,
    Musl,
    /// No libc at all (`scratch`, `distroless/static`): static binaries only.
    None,
}

impl Libc {
    pub fn as_str(self) -> &'static str {
        match self {
            Libc::Glibc => "glibc",
            Libc::Musl => "musl",
            Libc::None => "none",
        }
    }
}

/// One minimal image, as far as its name and tag tell.
#[derive(Debug, Clone, PartialEq)]
pub struct Minimal {
    /// Human name of the family (`distroless`, `Chainguard`…).
    pub family: &'static str,
    /// `Some(false)`: no shell; `None`: not documented either way.
    pub shell: Option<bool>,
    pub package_manager: Option<&'static str>,
    pub libc: Libc,
    /// Debian release (`12`, `13`) for distroless.
    pub debian: Option<&'static str>,
    /// Runtime product and version (`python`, `3.13`).
    pub runtime: Option<(&'static str, String)>,
    /// Whether the image runs as root unless told otherwise.
    pub runs_as_root: Option<bool>,
    pub size_mb: Option<f32>,
    /// A builder image to pair with it.
    pub builder: &'static str,
    pub source: &'static str,
}

const DISTROLESS: &str = "gcr.io/distroless/";

/// Distroless: no shell except `debug` tags (busybox), `:nonroot` runs as
/// 65532, unsuffixed names resolve to Debian 13; `python3-debian13` is
/// Python 3.13 (`-debian12` was 3.11); static has no libc, the rest glibc;
/// static is about 2 MiB. [DL-README, DL-base, DL-py, DL-vars, DL-java, DL-node]
fn distroless(name: &str, tag: Option<&str>) -> Option<Minimal> {
    let image = name.strip_prefix(DISTROLESS)?;
    let (image, debian) = match image.rsplit_once("-debian") {
        Some((image, "13")) => (image, "13"),
        Some((image, "12")) => (image, "12"),
        Some((image, "11")) => (image, "11"),
        Some(_) => return None,
        None => (image, "13"),
    };
    let words: Vec<&str> = tag.unwrap_or("latest").split(['-', '_']).collect();
    let has = |w: &str| words.contains(&w);
    let runtime = if image == "python3" {
        let version = if debian == "12" { "3.11" } else { "3.13" };
        Some(("python", version.to_string()))
    } else if let Some(v) = image.strip_prefix("nodejs") {
        Some(("node", v.to_string()))
    } else {
        image
            .strip_prefix("java")
            .filter(|v| v.chars().all(|c| c.is_ascii_digit()) && !v.is_empty())
            .map(|v| ("temurin", v.to_string()))
    };
    let builder = match image {
        "python3" if debian == "12" => "a `python:3.11-slim-bookworm` builder stage",
        "python3" => "a `python:3.13-slim-trixie` builder stage",
        _ if image.starts_with("nodejs") => {
            "a `node:<version>` builder stage running `npm ci --omit=dev`"
        }
        _ if image.starts_with("java") => "an `eclipse-temurin:<version>-jdk` builder stage",
        "static" => "a `golang` builder with `CGO_ENABLED=0`, or a Rust musl-target builder",
        _ => "a builder stage on the same Debian release",
    };
    Some(Minimal {
        family: "distroless",
        shell: Some(has("debug")),
        package_manager: None,
        libc: if image == "static" {
            Libc::None
        } else {
            Libc::Glibc
        },
        debian: Some(debian),
        runtime,
        runs_as_root: Some(!has("nonroot")),
        size_mb: (image == "static").then_some(2.0),
        builder,
        source: "DL-README, DL-base, DL-py, DL-vars",
    })
}

/// Chainguard: distroless unless `-dev` (wolfi-base and busybox always have
/// a shell); Wolfi is glibc-based; images run as non-root (65532).
/// [CG-TIPS, CG-PORT, CG-COMPILED, CG-GLIBC, ZARF-DF]
fn chainguard(name: &str, tag: Option<&str>) -> Option<Minimal> {
    let image = name
        .strip_prefix("cgr.dev/chainguard/")
        .or_else(|| name.strip_prefix("cgr.dev/chainguard-private/"))?;
    let dev = tag.is_some_and(|t| t.split(['-', '_', '.']).any(|w| w == "dev"));
    // `python:latest(-dev)` follows the newest supported Python; versioned
    // tags (`3.12`, `3.12-dev`, paid tiers) follow their line [CG-TAGS].
    let runtime = (image == "python")
        .then(|| {
            let text = tag.unwrap_or("latest");
            let version = text.strip_suffix("-dev").unwrap_or(text);
            if version == "latest" {
                super::eol::newest("python", false, crate::date::Date::today())
                    .map(|c| c.cycle.to_string())
            } else {
                let numeric =
                    !version.is_empty() && version.chars().all(|c| c.is_ascii_digit() || c == '.');
                numeric.then(|| version.to_string())
            }
        })
        .flatten()
        .map(|v| ("python", v));
    let always_shell = matches!(image, "wolfi-base" | "busybox" | "chainguard-base");
    let shell = dev || always_shell;
    Some(Minimal {
        family: "Chainguard",
        shell: Some(shell),
        package_manager: shell.then_some("apk"),
        libc: if image == "static" {
            Libc::None
        } else {
            Libc::Glibc
        },
        debian: None,
        runtime,
        runs_as_root: Some(false),
        size_mb: None,
        builder: "the same image's `:latest-dev` variant as a builder stage",
        source: "CG-TIPS, CG-PORT, CG-COMPILED, ZARF-DF, CG-TAGS",
    })
}

/// UBI: standard (`dnf`), minimal (`microdnf`), micro (no package manager;
/// the docs do not say it lacks a shell, so that stays unknown). [UBI-DOCS]
fn ubi(name: &str) -> Option<Minimal> {
    let repo = name
        .strip_prefix("registry.access.redhat.com/")
        .or_else(|| name.strip_prefix("registry.redhat.io/"))
        .or_else(|| name.strip_prefix("redhat/"))?;
    let (release, variant) = match repo.split_once('/') {
        Some((release, variant)) => (release, variant.trim_start_matches(&format!("{release}-"))),
        None => match repo.split_once('-') {
            Some((release, variant)) => (release, variant),
            None => (repo, "ubi"),
        },
    };
    if !release.starts_with("ubi") {
        return None;
    }
    let (shell, manager, builder) = match variant {
        "ubi" | "ubi-init" | "init" => (Some(true), Some("dnf"), ""),
        "ubi-minimal" | "minimal" => (Some(true), Some("microdnf"), ""),
        "ubi-micro" | "micro" => (
            None,
            None,
            "a `ubi` builder stage with `dnf install --installroot`",
        ),
        _ => return None,
    };
    Some(Minimal {
        family: "UBI",
        shell,
        package_manager: manager,
        libc: Libc::Glibc,
        debian: None,
        runtime: None,
        runs_as_root: Some(true),
        size_mb: None,
        builder,
        source: "UBI-DOCS",
    })
}

/// Alpaquita ships musl and glibc flavours, named in the tag. [ALPAQUITA-DOCS]
fn alpaquita(name: &str, tag: Option<&str>) -> Option<Minimal> {
    let image = name
        .strip_prefix("ghcr.io/bell-sw/")
        .or_else(|| name.strip_prefix("bellsoft/"))?;
    if !image.starts_with("alpaquita-linux") && !image.starts_with("liberica-runtime-container") {
        return None;
    }
    let tag = tag?;
    let libc = if tag.contains("musl") {
        Libc::Musl
    } else if tag.contains("glibc") {
        Libc::Glibc
    } else {
        return None;
    };
    Some(Minimal {
        family: "Alpaquita",
        shell: Some(true),
        package_manager: Some("apk"),
        libc,
        debian: None,
        runtime: None,
        runs_as_root: None,
        size_mb: None,
        builder: "",
        source: "ALPAQUITA-DOCS",
    })
}

/// The glibc flavour of an Alpaquita image on musl: BellSoft publishes each
/// image for both, named in the tag (`stream-musl` → `stream-glibc`)
/// [ALPAQUITA-DOCS, ALPAQUITA-GHCR], so software that needs glibc does not need a shim.
pub fn glibc_flavour(name: &str, tag: Option<&str>) -> Option<String> {
    let m = alpaquita(name, tag)?;
    let tag = tag?;
    (m.libc == Libc::Musl).then(|| format!("{name}:{}", tag.replacen("musl", "glibc", 1)))
}

/// The Debian release unsuffixed distroless names resolve to today (`13`):
/// the newest distroless release that is a Debian release out by today.
pub fn distroless_debian() -> &'static str {
    let today = crate::date::Date::today();
    let stable = super::eol::newest("debian", false, today).map_or("", |c| c.cycle);
    super::eol::cycles("distroless")
        .iter()
        .rev()
        .map(|c| c.cycle)
        .find(|v| super::compare_versions(v, stable).is_le())
        .unwrap_or(stable)
}

/// `gcr.io/distroless/<image>-debian<N>` on today's Debian release.
pub fn distroless_ref(image: &str) -> String {
    format!("{DISTROLESS}{image}-debian{}", distroless_debian())
}

/// A distroless name on an older Debian release moved to today's
/// (`…/base-debian12` → `…/base-debian13`); `None` when it is current.
pub fn distroless_successor(name: &str) -> Option<String> {
    let (base, version) = name.rsplit_once("-debian")?;
    let current = distroless_debian();
    (name.starts_with(DISTROLESS) && version != current && version.parse::<u32>().is_ok())
        .then(|| format!("{base}-debian{current}"))
}

/// The distroless Python image of today's Debian release, its Python and
/// the builder tag that matches it (`python:3.13-slim-trixie`).
pub fn distroless_python() -> (String, String, String) {
    let reference = distroless_ref("python3");
    let python = distroless(&reference, None)
        .and_then(|m| m.runtime)
        .map_or_else(String::new, |(_, v)| v);
    let codename = super::eol::cycle("debian", distroless_debian()).map_or("", |c| c.codename);
    let builder = format!("python:{python}-slim-{codename}");
    (reference, python, builder)
}

/// The minimal image `name` (registry and repository) with `tag` is, if any.
pub fn minimal(name: &str, tag: Option<&str>) -> Option<Minimal> {
    distroless(name, tag)
        .or_else(|| chainguard(name, tag))
        .or_else(|| ubi(name))
        .or_else(|| alpaquita(name, tag))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_names_and_tags() {
        let d = minimal("gcr.io/distroless/python3-debian12", None).unwrap();
        assert_eq!(d.shell, Some(false));
        assert_eq!(d.runtime, Some(("python", "3.11".into())));
        assert_eq!(d.runs_as_root, Some(true));
        let d = minimal("gcr.io/distroless/static", Some("debug-nonroot")).unwrap();
        assert_eq!(
            (d.shell, d.libc, d.runs_as_root),
            (Some(true), Libc::None, Some(false))
        );
        let c = minimal("cgr.dev/chainguard/python", Some("latest-dev")).unwrap();
        assert_eq!(c.shell, Some(true));
        assert_eq!(
            minimal("cgr.dev/chainguard/python", None).unwrap().shell,
            Some(false)
        );
        let u = minimal("registry.access.redhat.com/ubi9/ubi-micro", None).unwrap();
        assert_eq!((u.shell, u.package_manager), (None, None));
        let u = minimal("registry.access.redhat.com/ubi9-minimal", None).unwrap();
        assert_eq!(u.package_manager, Some("microdnf"));
        assert!(minimal("python", Some("3.12")).is_none());
        let py = |tag| {
            minimal("cgr.dev/chainguard/python", Some(tag))
                .unwrap()
                .runtime
        };
        assert_eq!(py("3.12-dev"), Some(("python", "3.12".into())));
        assert!(py("latest").is_some_and(|(_, v)| v.starts_with("3.")));
        assert_eq!(
            minimal("cgr.dev/chainguard/node", None).unwrap().runtime,
            None
        );
        assert_eq!(
            glibc_flavour("bellsoft/alpaquita-linux-base", Some("stream-musl")).as_deref(),
            Some("bellsoft/alpaquita-linux-base:stream-glibc")
        );
        assert_eq!(
            glibc_flavour("bellsoft/alpaquita-linux-base", Some("stream-glibc")),
            None
        );
        assert_eq!(glibc_flavour("alpine", Some("3.22")), None);
    }
}
