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

pub use super::data::MIRRORS;

/// The official image name behind `name` (registry and repository) when it
/// goes through a known mirror or one of `configured` (registry hosts or
/// prefixes such as `registry.example.com/dockerhub`).
pub fn unmirror<'n>(name: &'n str, configured: &[String]) -> Option<&'n str> {
    let known = MIRRORS.iter().map(|m| m.prefix);
    let extra = configured.iter().map(String::as_str);
    known.chain(extra).find_map(|prefix| {
        let prefix = prefix.trim_end_matches('/');
        let rest = name.strip_prefix(prefix)?.strip_prefix('/')?;
        let rest = rest.strip_prefix("library/").unwrap_or(rest);
        (!rest.is_empty() && !rest.contains('/')).then_some(rest)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_mirror_prefixes() {
        assert_eq!(
            unmirror("public.ecr.aws/docker/library/alpine", &[]),
            Some("alpine")
        );
        assert_eq!(
            unmirror("mirror.gcr.io/library/golang", &[]),
            Some("golang")
        );
        assert_eq!(unmirror("public.ecr.aws/docker/library/a/b", &[]), None);
        assert_eq!(unmirror("ghcr.io/library/alpine", &[]), None);
        let configured = vec!["registry.corp.example/dockerhub".to_string()];
        assert_eq!(
            unmirror("registry.corp.example/dockerhub/python", &configured),
            Some("python")
        );
        assert_eq!(
            unmirror(
                "registry.corp.example/dockerhub/library/python",
                &configured
            ),
            Some("python")
        );
    }
}
