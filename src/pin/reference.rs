//! Image names as a registry sees them: Docker Hub short names expanded
//! (`python` → `docker.io/library/python`), the registry separated from the
//! repository path, and every part checked against the reference grammar
//! before it is put into a URL.

use std::fmt;

use crate::model::ImageRef;

/// The name Docker Hub goes by in references, credentials and mirrors.
pub const DOCKER_HUB: &str = "docker.io";
/// The host that serves Docker Hub's registry API.
pub const DOCKER_HUB_HOST: &str = "registry-1.docker.io";

/// A tagged image name, normalized.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ImageName {
    /// `docker.io` for Docker Hub, otherwise the registry host (and port)
    /// in lowercase.
    pub registry: String,
    /// The repository path, e.g. `library/python` or `distroless/static`.
    pub repository: String,
    pub tag: String,
}

impl ImageName {
    /// Normalizes the parts of a reference; the error says which part breaks
    /// the grammar.
    pub fn new(registry: Option<&str>, repository: &str, tag: &str) -> Result<ImageName, String> {
        let registry = match registry {
            None => DOCKER_HUB.to_string(),
            Some(host) => canonical_registry(host)?,
        };
        check_repository(repository)?;
        check_tag(tag)?;
        let repository = if registry == DOCKER_HUB && !repository.contains('/') {
            format!("library/{repository}")
        } else {
            repository.to_string()
        };
        Ok(ImageName {
            registry,
            repository,
            tag: tag.to_string(),
        })
    }

    /// The name of a reference that has a tag; `None` for an untagged one.
    pub fn of(image: &ImageRef) -> Option<Result<ImageName, String>> {
        let tag = image.tag.as_ref()?;
        let registry = image.registry.as_ref().map(|r| r.text.as_str());
        Some(ImageName::new(registry, &image.repository.text, &tag.text))
    }
}

impl fmt::Display for ImageName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}:{}", self.registry, self.repository, self.tag)
    }
}

/// The registry part of a reference in canonical form: Docker Hub's aliases
/// become `docker.io`, hosts are lowercased, and the port is checked.
pub fn canonical_registry(host: &str) -> Result<String, String> {
    let lower = host.to_ascii_lowercase();
    if matches!(
        lower.as_str(),
        "docker.io" | "index.docker.io" | "registry-1.docker.io"
    ) {
        return Ok(DOCKER_HUB.to_string());
    }
    let (name, port) =
        split_host_port(&lower).ok_or_else(|| format!("`{host}` is not a valid registry host"))?;
    let valid_name = if let Some(inner) = name.strip_prefix('[') {
        inner
            .strip_suffix(']')
            .is_some_and(|ip| ip.parse::<std::net::Ipv6Addr>().is_ok())
    } else {
        !name.is_empty()
            && name.split('.').all(|label| {
                !label.is_empty()
                    && !label.starts_with('-')
                    && !label.ends_with('-')
                    && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            })
    };
    if !valid_name || port.is_some_and(|p| p.parse::<u16>().is_err()) {
        return Err(format!("`{host}` is not a valid registry host"));
    }
    Ok(lower)
}

/// Splits `host[:port]` (with `[v6]` hosts) without judging the parts.
pub fn split_host_port(authority: &str) -> Option<(&str, Option<&str>)> {
    if authority.starts_with('[') {
        let close = authority.find(']')?;
        let (host, rest) = authority.split_at(close + 1);
        return match rest {
            "" => Some((host, None)),
            _ => Some((host, Some(rest.strip_prefix(':')?))),
        };
    }
    match authority.split_once(':') {
        Some((host, port)) => Some((host, Some(port))),
        None => Some((authority, None)),
    }
}

/// Repository path: components of lowercase letters and digits joined by
/// `.`, `_`, `__` or runs of `-`, separated by `/`.
fn check_repository(repository: &str) -> Result<(), String> {
    let component_ok = |c: &str| {
        let bytes = c.as_bytes();
        let alnum = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit();
        if bytes.is_empty() || !alnum(bytes[0]) || !alnum(bytes[bytes.len() - 1]) {
            return false;
        }
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if alnum(b) {
                i += 1;
                continue;
            }
            let run = bytes[i..].iter().take_while(|x| !alnum(**x)).count();
            let sep = &c[i..i + run];
            if !(sep == "." || sep == "_" || sep == "__" || sep.bytes().all(|x| x == b'-')) {
                return false;
            }
            i += run;
        }
        true
    };
    if repository.len() <= 255 && repository.split('/').all(component_ok) {
        Ok(())
    } else {
        Err(format!(
            "`{repository}` is not a valid repository name (lowercase letters, digits and separators)"
        ))
    }
}

/// Tag: a word character, then up to 127 word characters, `.` or `-`.
fn check_tag(tag: &str) -> Result<(), String> {
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let mut chars = tag.chars();
    let ok = chars.next().is_some_and(word)
        && tag.len() <= 128
        && chars.all(|c| word(c) || c == '.' || c == '-');
    if ok {
        Ok(())
    } else {
        Err(format!("`{tag}` is not a valid tag"))
    }
}

/// Whether a digest is `sha256:` and 64 lowercase hex digits.
pub fn is_sha256_digest(digest: &str) -> bool {
    digest.strip_prefix("sha256:").is_some_and(|hex| {
        hex.len() == 64
            && hex
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Expanded;

    fn name(text: &str) -> Option<Result<ImageName, String>> {
        ImageName::of(&ImageRef::parse(&Expanded::literal(text, 0)).unwrap())
    }

    fn ok(text: &str) -> String {
        name(text).unwrap().unwrap().to_string()
    }

    #[test]
    fn docker_hub_short_names_get_library() {
        assert_eq!(ok("python:3.12"), "docker.io/library/python:3.12");
        assert_eq!(ok("library/python:3.12"), "docker.io/library/python:3.12");
        assert_eq!(ok("bitnami/redis:7"), "docker.io/bitnami/redis:7");
        assert_eq!(
            ok("docker.io/python:3.12-slim"),
            "docker.io/library/python:3.12-slim"
        );
        assert_eq!(ok("index.docker.io/node:22"), "docker.io/library/node:22");
        assert_eq!(
            ok("registry-1.docker.io/library/node:22"),
            "docker.io/library/node:22"
        );
    }

    #[test]
    fn other_registries_keep_their_paths() {
        assert_eq!(
            ok("gcr.io/distroless/static-debian12:nonroot"),
            "gcr.io/distroless/static-debian12:nonroot"
        );
        assert_eq!(ok("localhost:5000/app:1"), "localhost:5000/app:1");
        assert_eq!(ok("GHCR.IO/org/app:v1.2"), "ghcr.io/org/app:v1.2");
        assert_eq!(ok("[::1]:5000/app:1"), "[::1]:5000/app:1");
        assert_eq!(ok("127.0.0.1:5000/a/b/c:x_Y"), "127.0.0.1:5000/a/b/c:x_Y");
    }

    #[test]
    fn untagged_references_have_no_name() {
        assert!(name("python").is_none());
        assert!(name("python@sha256:abc").is_none());
    }

    #[test]
    fn bad_parts_are_rejected_before_any_request() {
        for bad in [
            "Python:3",
            "py..thon:3",
            "python-:3",
            "a//b:1",
            "python:.3",
            "host:99999/app:1",
            "bad_host.io/app:1",
            "-x.io/app:1",
        ] {
            assert!(name(bad).unwrap().is_err(), "{bad}");
        }
        assert!(
            name(&format!("python:{}", "a".repeat(129)))
                .unwrap()
                .is_err()
        );
        assert!(
            name(&format!("python:{}", "a".repeat(128)))
                .unwrap()
                .is_ok()
        );
        assert!(name("my__app-x---y.z:1").unwrap().is_ok());
    }

    #[test]
    fn sha256_digests() {
        assert!(is_sha256_digest(&format!("sha256:{}", "0a".repeat(32))));
        assert!(!is_sha256_digest(&format!("sha256:{}", "0A".repeat(32))));
        assert!(!is_sha256_digest("sha256:abc"));
        assert!(!is_sha256_digest(&format!("sha512:{}", "0a".repeat(32))));
    }
}
