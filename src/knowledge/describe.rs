//! Everything the knowledge base can say about one image reference, in one
//! place: for lints and for `fromlint image`.

use super::deprecated::{Deprecation, deprecation};
use super::eol::cycle;
use super::families::{Distro, Family, Kind, SlimStyle, family};
use super::minimal::{Libc, Minimal, minimal};
use super::tags::{self, Tag};

/// What an image is, as far as its name and tag tell. Unknown facts are
/// `None`: callers judge nothing on them.
#[derive(Debug, Clone, Default)]
pub struct Description {
    /// An official image family.
    pub official: Option<&'static Family>,
    /// The parsed tag of an official image.
    pub tag: Option<Tag>,
    /// `full`, `slim`, `alpine`, `jre`, `distroless`, `debug`…
    pub variant: Option<String>,
    /// Distribution (`debian`, `ubuntu`, `alpine`) and release: a codename
    /// for Debian and Ubuntu when known, else the version.
    pub distro: Option<(&'static str, String)>,
    pub libc: Option<Libc>,
    pub shell: Option<bool>,
    pub package_manager: Option<&'static str>,
    /// Runtime product (`python`, `node`, `go`…) and version as the tag
    /// gives it (`3.12`, `3.12.4`, `24`).
    pub runtime: Option<(&'static str, String)>,
    pub runs_as_root: Option<bool>,
    pub size_mb: Option<f32>,
    /// Boxed, like `deprecated`: most images are neither, and every image
    /// reference of a file keeps its description.
    pub minimal: Option<Box<Minimal>>,
    pub deprecated: Option<Box<Deprecation>>,
    pub sources: Vec<&'static str>,
}

impl Description {
    /// Whether the image has `/bin/bash`: Debian and Ubuntu install it as
    /// an essential package and Amazon Linux as part of its core
    /// [DEB-BASH, AL-CORE]; Alpine's shell is BusyBox `ash`, with bash an
    /// optional package [ALPINE-SH]. Images without a shell have none;
    /// other minimal images and unknown bases are not judged (`None`).
    pub fn has_bash(&self) -> Option<bool> {
        if self.shell == Some(false) {
            return Some(false);
        }
        if self.minimal.is_some() {
            return None;
        }
        match self.distro.as_ref().map(|(name, _)| *name) {
            Some("debian" | "ubuntu" | "amazonlinux" | "oraclelinux") => Some(true),
            Some("alpine") => Some(false),
            _ => None,
        }
    }
}

impl Description {
    /// The shell `/bin/sh` is: `dash` on Debian and Ubuntu [DEB-DASH],
    /// BusyBox `ash` on Alpine [ALPINE-SH]; `None` for images without a
    /// shell, other minimal images and other or unknown bases.
    pub fn sh_program(&self) -> Option<&'static str> {
        if self.shell == Some(false) || self.minimal.is_some() {
            return None;
        }
        match self.distro.as_ref().map(|(name, _)| *name) {
            Some("debian" | "ubuntu") => Some("dash"),
            Some("alpine") => Some("ash"),
            _ => None,
        }
    }
}

fn distro_name(distro: Distro) -> &'static str {
    distro.product()
}

/// The package manager of a distribution release: Oracle Linux 7 has
/// `yum`, later releases `dnf`, and their `-slim` images `microdnf`
/// [OL-DF, OL-SLIM]; SUSE has `zypper` [SUSE-BCI]; UBI `dnf`, and
/// `microdnf` in its minimal images [UBI-DOCS].
fn package_manager(distro: Distro, release: &str, slim: bool) -> &'static str {
    match distro {
        Distro::Alpine => "apk",
        Distro::Debian | Distro::Ubuntu => "apt",
        Distro::OracleLinux if release.split('.').next() == Some("7") => "yum",
        Distro::OracleLinux if slim => "microdnf",
        Distro::OracleLinux | Distro::AmazonLinux => "dnf",
        Distro::Sles => "zypper",
        Distro::Rhel if slim => "microdnf",
        Distro::Rhel => "dnf",
    }
}

/// Debian and Ubuntu versions become codenames (`12` → `bookworm`).
fn normalize(distro: &'static str, release: String) -> String {
    if distro == "alpine" {
        return release;
    }
    match cycle(distro, &release) {
        Some(c) if !c.codename.is_empty() => c.codename.to_string(),
        _ => release,
    }
}

/// Describes `name` (registry and repository; official images by bare
/// name when `official`) with `tag`.
pub fn describe(name: &str, official: bool, tag: Option<&str>) -> Description {
    let mut d = Description {
        deprecated: deprecation(name, official, tag).map(Box::new),
        ..Description::default()
    };
    if let Some(dep) = &d.deprecated {
        d.sources.push(dep.source);
    }
    // A tool image built FROM an official image its tag names runs on that
    // image's libc, release and runtime (it is not that image: no family).
    let lookup = if official {
        name.to_string()
    } else {
        name.strip_prefix("docker.io/").unwrap_or(name).to_string()
    };
    if let Some((base, base_tag)) = tag.and_then(|t| super::derived_from(&lookup, t)) {
        let b = describe(base, true, Some(&base_tag));
        d.libc = b.libc;
        d.distro = b.distro;
        d.runtime = b.runtime;
        d.package_manager = b.package_manager;
        d.shell = b.shell;
        d.runs_as_root = b.runs_as_root;
        d.sources.extend(b.sources);
        return d;
    }
    if official {
        if let Some(family) = family(name) {
            describe_official(&mut d, family, tag.unwrap_or("latest"));
        } else if (name == "openjdk" || name == "java" || name == "centos") && !windows(tag) {
            d.shell = Some(true);
            d.libc = Some(Libc::Glibc);
            d.runs_as_root = Some(true);
            // The Java major, for build/runtime comparisons (no release
            // table: the images are deprecated).
            if name != "centos"
                && let Some(major) = tag.and_then(super::deprecated::java_major)
            {
                d.runtime = Some(("openjdk", major.to_string()));
            }
        } else if d.deprecated.is_none() {
            d.distro = spelt_distro(tag);
        }
        return d;
    }
    if let Some(family) = family(name) {
        describe_official(&mut d, family, tag.unwrap_or("latest"));
        return d;
    }
    if let Some(m) = minimal(name, tag) {
        d.variant = Some(
            match m.shell {
                Some(true) if m.family == "distroless" => "debug",
                Some(true) if m.family == "Chainguard" => "dev",
                _ => m.family,
            }
            .to_string(),
        );
        d.distro = m
            .debian
            .map(|v| ("debian", normalize("debian", v.to_string())));
        d.libc = Some(m.libc);
        d.shell = m.shell;
        d.package_manager = m.package_manager;
        d.runtime = m.runtime.clone();
        d.runs_as_root = m.runs_as_root;
        d.size_mb = m.size_mb;
        d.sources.push(m.source);
        d.minimal = Some(Box::new(m));
    } else if d.deprecated.is_none() {
        d.distro = spelt_distro(tag);
    }
    d
}

/// The distribution release a tag outside fromlint's tag grammars spells
/// (`postgres:13-bullseye`, `app:1.4-debian-bullseye-20210902-slim`,
/// `cuda:11.0-base-ubuntu18.04`), so its end of life is judged.
fn spelt_distro(tag: Option<&str>) -> Option<(&'static str, String)> {
    let tag = tag.filter(|t| !windows(Some(t)))?;
    let (distro, release) = tags::distro_in_tag(tag)?;
    Some((distro, normalize(distro, release)))
}

/// Windows container tags, whose users and libc are another matter.
fn windows(tag: Option<&str>) -> bool {
    tag.is_some_and(|t| t.contains("windows") || t.contains("nanoserver"))
}

fn describe_official(d: &mut Description, family: &'static Family, tag_text: &str) {
    d.official = Some(family);
    d.sources.push(family.source);
    let Some(tag) = tags::parse(family, tag_text) else {
        return;
    };
    d.runs_as_root = Some(true);
    d.shell = Some(true);
    let release = tags::release(family, &tag);
    if let Some((distro, release)) = release {
        let name = distro_name(distro);
        d.libc = Some(if distro == Distro::Alpine {
            Libc::Musl
        } else {
            Libc::Glibc
        });
        let slim = tag.slim || tag.words.iter().any(|w| w == "minimal");
        d.package_manager = match family.package_manager {
            Some("") => None,
            Some(own) => Some(own),
            None => Some(package_manager(distro, &release, slim)),
        };
        d.distro = Some((name, normalize(name, release)));
    } else if tag.alpine.is_some() || family.default_alpine {
        d.libc = Some(Libc::Musl);
        d.package_manager = Some("apk");
    } else if family.name == "amazoncorretto" {
        d.libc = Some(Libc::Glibc);
    } else if family.name == "eclipse-temurin" || matches!(family.kind, Kind::Runtime(_)) {
        // Temurin defaults to Ubuntu, the others to Debian: glibc either way.
        d.libc = Some(Libc::Glibc);
        if family.name != "eclipse-temurin" {
            d.package_manager = Some("apt");
        }
    }
    let variant = if tag.alpine.is_some() {
        "alpine"
    } else if tag.slim {
        "slim"
    } else if tag.words.iter().any(|w| w == "jre") {
        "jre"
    } else {
        match family.slim {
            SlimStyle::NotFull | SlimStyle::Jre => "default",
            _ => "full",
        }
    };
    d.size_mb = match variant {
        "alpine" => family.alpine_mb,
        "slim" => family.slim_mb,
        "full" => family.full_mb,
        _ => None,
    };
    d.variant = Some(variant.to_string());
    if let Kind::Runtime(product) = family.kind {
        let version = match tag.line(family) {
            Some("latest") => family.latest_line(crate::date::Date::today()),
            other => other.map(str::to_string),
        };
        d.runtime = version.map(|v| (product, v));
    }
    d.tag = Some(tag);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describes_official_and_minimal_images() {
        let d = describe("python", true, Some("3.12-slim"));
        assert_eq!(d.variant.as_deref(), Some("slim"));
        assert_eq!(d.distro, Some(("debian", "trixie".into())));
        assert_eq!(d.libc, Some(Libc::Glibc));
        assert_eq!(d.runtime, Some(("python", "3.12".into())));
        let d = describe("node", true, Some("20-alpine3.18"));
        assert_eq!(d.distro, Some(("alpine", "3.18".into())));
        assert_eq!(d.libc, Some(Libc::Musl));
        let d = describe("debian", true, Some("12-slim"));
        assert_eq!(d.distro, Some(("debian", "bookworm".into())));
        let d = describe("gcr.io/distroless/python3-debian13", false, Some("nonroot"));
        assert_eq!(d.runtime, Some(("python", "3.13".into())));
        assert_eq!(d.runs_as_root, Some(false));
        assert_eq!(d.shell, Some(false));
        let d = describe("myorg/app", false, Some("1"));
        assert!(d.shell.is_none() && d.libc.is_none() && d.distro.is_none());
        let d = describe(
            "myorg/app",
            false,
            Some("1.4-debian-bullseye-20210902-slim"),
        );
        assert_eq!(d.distro, Some(("debian", "bullseye".into())));
        let d = describe("nvidia/cuda", false, Some("11.0-base-ubuntu18.04"));
        assert_eq!(d.distro, Some(("ubuntu", "bionic".into())));
        let d = describe("postgres", true, Some("13-buster"));
        assert_eq!(d.distro, Some(("debian", "buster".into())));
        let d = describe("bitnami/node", false, Some("16-debian-10-r1"));
        assert_eq!(d.distro, Some(("debian", "buster".into())));
        let d = describe("myorg/app", false, Some("2.1-alpine-3.20.5"));
        assert_eq!(d.distro, Some(("alpine", "3.20".into())));
        let d = describe("myorg/app", false, Some("stretchy-1"));
        assert!(d.distro.is_none());
        let d = describe("mcr.microsoft.com/dotnet/aspnet", false, Some("8.0"));
        assert_eq!(d.runtime, Some(("dotnet", "8.0".into())));
        assert_eq!(d.distro, Some(("debian", "bookworm".into())));
        let d = describe("mcr.microsoft.com/dotnet/sdk", false, Some("10.0"));
        assert_eq!(d.distro, Some(("ubuntu", "noble".into())));
        let d = describe(
            "mcr.microsoft.com/dotnet/runtime",
            false,
            Some("6.0-alpine3.19"),
        );
        assert_eq!(d.distro, Some(("alpine", "3.19".into())));
        assert_eq!(d.libc, Some(Libc::Musl));
        let d = describe("oraclelinux", true, Some("7-slim"));
        assert_eq!(d.distro, Some(("oraclelinux", "7".into())));
        assert_eq!(d.package_manager, Some("yum"));
        let d = describe("ghcr.io/oracle/oraclelinux", false, Some("9-slim"));
        assert_eq!(d.package_manager, Some("microdnf"));
        assert_eq!(d.has_bash(), Some(true));
        let d = describe("caddy", true, Some("2.10"));
        assert_eq!((d.libc, d.package_manager), (Some(Libc::Musl), Some("apk")));
        let d = describe("eclipse-temurin", true, Some("21-jre-ubi9-minimal"));
        assert_eq!(d.distro, Some(("rhel", "9".into())));
        assert_eq!(d.package_manager, Some("microdnf"));
        let d = describe("swift", true, Some("5.4-focal"));
        assert_eq!(d.distro, Some(("ubuntu", "focal".into())));
        let d = describe("swift", true, Some("5.10-amazonlinux2"));
        assert!(d.distro.is_none() && d.libc.is_none());
        let d = describe("registry.suse.com/bci/bci-base", false, Some("15.6"));
        assert_eq!(d.distro, Some(("sles", "15.6".into())));
        assert_eq!(d.package_manager, Some("zypper"));
        // SUSE's minimal images: rpm without zypper, and no package manager.
        let d = describe("registry.suse.com/bci/bci-minimal", false, Some("15.6"));
        assert_eq!(d.distro, Some(("sles", "15.6".into())));
        assert_eq!((d.package_manager, d.shell), (Some("rpm"), Some(true)));
        let d = describe("registry.suse.com/bci/bci-micro", false, Some("15.5"));
        assert_eq!(d.distro, Some(("sles", "15.5".into())));
        assert_eq!((d.package_manager, d.shell), (None, Some(true)));
        assert_eq!(d.libc, Some(Libc::Glibc));
    }
}
