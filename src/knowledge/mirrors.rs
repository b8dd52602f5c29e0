//! Registries that serve the Docker Official Images under another name
//! (`data/mirrors.toml`), plus the mirrors a project configures: a
//! reference through one is judged exactly as the official image.

use crate::date::Date;

#[derive(Debug, Clone, Copy)]
pub struct Mirror {
    /// What precedes the official image's name (`mirror.gcr.io/library/`).
    pub prefix: &'static str,
    pub source: &'static str,
    pub checked: Date,
}

pub use super::data::{DERIVED, MIRRORS};

/// An image built FROM an official image that its tag names after a
/// marker (`lukemathwalker/cargo-chef:latest-rust-1.90` is built FROM
/// `rust:1.90`; `maven:3.9-eclipse-temurin-11` FROM `eclipse-temurin:11`).
#[derive(Debug, Clone, Copy)]
pub struct Derived {
    /// The repository (official images by bare name).
    pub image: &'static str,
    /// What precedes the official image's tag in the derived tag.
    pub marker: &'static str,
    pub official: &'static str,
    /// Prepended to what follows the marker (`jdk-11` → `11-jdk`: "").
    pub prefix: &'static str,
    pub source: &'static str,
    pub checked: Date,
}

/// The official image and tag `name:tag` is built from, when the knowledge
/// records the derivation.
pub fn derived_from(name: &str, tag: &str) -> Option<(&'static str, String)> {
    DERIVED.iter().filter(|d| d.image == name).find_map(|d| {
        let (_, rest) = tag.split_once(d.marker)?;
        (!rest.is_empty()).then(|| (d.official, format!("{}{rest}", d.prefix)))
    })
}

thread_local! {
    /// The mirrors configured for the current lint run (`mirrors` in
    /// fromlint.toml), set by [`with_mirrors`].
    static CONFIGURED: std::cell::RefCell<Vec<String>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Runs `f` with `mirrors` (registry hosts or host/path prefixes) counted
/// as mirrors of the official images on this thread.
pub fn with_mirrors<R>(mirrors: &[String], f: impl FnOnce() -> R) -> R {
    let previous = CONFIGURED.replace(mirrors.to_vec());
    let result = f();
    CONFIGURED.set(previous);
    result
}

/// The official image name behind `repository` on `registry` when that is
/// a known or configured mirror of the official images
/// (`public.ecr.aws` + `docker/library/alpine` → `alpine`).
pub fn mirrored<'r>(registry: &str, repository: &'r str) -> Option<&'r str> {
    let strip = |prefix: &str| -> Option<&'r str> {
        let prefix = prefix.trim_end_matches('/');
        let (host, path) = prefix.split_once('/').unwrap_or((prefix, ""));
        if host != registry {
            return None;
        }
        let rest = if path.is_empty() {
            repository
        } else {
            repository.strip_prefix(path)?.strip_prefix('/')?
        };
        let rest = rest.strip_prefix("library/").unwrap_or(rest);
        (!rest.is_empty() && !rest.contains('/')).then_some(rest)
    };
    MIRRORS
        .iter()
        .find_map(|m| strip(m.prefix))
        .or_else(|| CONFIGURED.with_borrow(|c| c.iter().find_map(|p| strip(p))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_derived_tags() {
        assert_eq!(
            derived_from("lukemathwalker/cargo-chef", "latest-rust-1.90"),
            Some(("rust", "1.90".into()))
        );
        assert_eq!(
            derived_from("maven", "3.9-eclipse-temurin-11"),
            Some(("eclipse-temurin", "11".into()))
        );
        assert_eq!(
            derived_from("maven", "3-jdk-11"),
            Some(("openjdk", "11".into()))
        );
        assert_eq!(
            derived_from("gradle", "8-jdk17"),
            Some(("eclipse-temurin", "17".into()))
        );
        assert_eq!(derived_from("lukemathwalker/cargo-chef", "latest"), None);
    }

    #[test]
    fn strips_mirror_prefixes() {
        assert_eq!(
            mirrored("public.ecr.aws", "docker/library/alpine"),
            Some("alpine")
        );
        assert_eq!(mirrored("mirror.gcr.io", "library/golang"), Some("golang"));
        assert_eq!(mirrored("public.ecr.aws", "docker/library/a/b"), None);
        assert_eq!(mirrored("ghcr.io", "library/alpine"), None);
        assert_eq!(mirrored("registry.corp.example", "dockerhub/python"), None);
        let configured = ["registry.corp.example/dockerhub".to_string()];
        with_mirrors(&configured, || {
            assert_eq!(
                mirrored("registry.corp.example", "dockerhub/python"),
                Some("python")
            );
            assert_eq!(
                mirrored("registry.corp.example", "dockerhub/library/python"),
                Some("python")
            );
        });
        let host = ["hub.corp.example".to_string()];
        with_mirrors(&host, || {
            assert_eq!(mirrored("hub.corp.example", "library/node"), Some("node"));
        });
    }
}
