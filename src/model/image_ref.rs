//! Image references (`registry/repository:tag@digest`) split into parts,
//! each with the span of the source text it came from.

use super::expand::{End, Expanded};
use crate::diagnostic::Edit;
use crate::span::Span;

/// One part of an image reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub text: String,
    /// Source span of the text the part was written as (a `${VAR}` for a
    /// part that came from an ARG).
    pub span: Span,
    /// True when the part is written literally, so editing `span` edits it.
    pub literal: bool,
}

/// A parsed image reference after ARG expansion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageRef {
    /// The expanded reference, as written after substitution.
    pub text: String,
    pub span: Span,
    pub registry: Option<Part>,
    /// Path without registry, e.g. `python` or `distroless/static-debian12`.
    pub repository: Part,
    pub tag: Option<Part>,
    pub digest: Option<Part>,
    /// ARG names substituted into the reference.
    pub vars: Vec<String>,
    /// Where the last byte of the reference is written: where a digest
    /// would be appended.
    pub end: End,
    /// [`ImageRef::describe`], computed on first use: some twenty lints
    /// and readings ask about the same image.
    described: Described,
}

/// A reference's description, not part of its identity (equal references
/// describe the same).
#[derive(Debug, Clone, Default)]
struct Described(std::sync::OnceLock<Box<crate::knowledge::Description>>);

impl PartialEq for Described {
    fn eq(&self, _: &Described) -> bool {
        true
    }
}

impl Eq for Described {}

impl ImageRef {
    /// Splits an expanded reference the way Docker's reference grammar does:
    /// the digest after `@`, the tag after the last `:` of the last path
    /// component, and a registry when the first component looks like a host.
    pub fn parse(expanded: &Expanded) -> Option<ImageRef> {
        let text = expanded.text.as_str();
        if text.is_empty() {
            return None;
        }
        let (name_tag_end, digest) = match text.find('@') {
            Some(at) => (at, Some(part(expanded, at + 1, text.len()))),
            None => (text.len(), None),
        };
        let name_tag = &text[..name_tag_end];
        let last_slash = name_tag.rfind('/').map_or(0, |i| i + 1);
        let (name_end, tag) = match name_tag[last_slash..].rfind(':') {
            Some(colon) => {
                let colon = last_slash + colon;
                (colon, Some(part(expanded, colon + 1, name_tag_end)))
            }
            None => (name_tag_end, None),
        };
        let name = &text[..name_end];
        let registry_end = name.find('/').filter(|&slash| {
            let first = &name[..slash];
            first.contains(['.', ':'])
                || first == "localhost"
                || first.chars().any(|c| c.is_ascii_uppercase())
        });
        let (registry, repo_start) = match registry_end {
            Some(slash) => (Some(part(expanded, 0, slash)), slash + 1),
            None => (None, 0),
        };
        Some(ImageRef {
            text: text.to_string(),
            span: expanded.span_of(0, text.len()),
            registry,
            repository: part(expanded, repo_start, name_end),
            tag,
            digest,
            vars: expanded.vars.clone(),
            end: expanded.end(),
            described: Described::default(),
        })
    }

    /// True for Docker Hub references (no registry, or `docker.io`).
    pub fn is_docker_hub(&self) -> bool {
        self.registry.as_ref().is_none_or(|r| {
            matches!(
                r.text.as_str(),
                "docker.io" | "index.docker.io" | "registry-1.docker.io"
            )
        })
    }

    /// The name of a Docker Official Image (`python`, `library/python`,
    /// `docker.io/library/python`, or through a mirror of the official
    /// images such as `public.ecr.aws/docker/library/python`, see
    /// `knowledge::mirrored`), or `None` for any other image.
    pub fn official_name(&self) -> Option<&str> {
        let repo = self.repository.text.as_str();
        if !self.is_docker_hub() {
            let registry = self.registry.as_ref()?;
            return crate::knowledge::mirrored(&registry.text, repo);
        }
        let name = repo.strip_prefix("library/").unwrap_or(repo);
        (!name.contains('/')).then_some(name)
    }

    /// The knowledge family this image belongs to: the name of a Docker
    /// Official Image, or the full name of another image whose tag grammar
    /// the knowledge records (`mcr.microsoft.com/dotnet/aspnet`).
    pub fn family_name(&self) -> Option<String> {
        if let Some(name) = self.official_name() {
            return Some(name.to_string());
        }
        let full = self.full_name();
        crate::knowledge::family(&full).map(|f| f.name.to_string())
    }

    /// Registry host and repository path, e.g. `gcr.io/distroless/static`.
    pub fn full_name(&self) -> String {
        match &self.registry {
            Some(registry) => format!("{}/{}", registry.text, self.repository.text),
            None => self.repository.text.clone(),
        }
    }

    pub fn tag_text(&self) -> Option<&str> {
        self.tag.as_ref().map(|t| t.text.as_str())
    }

    /// What the knowledge base says about this image.
    pub fn describe(&self) -> &crate::knowledge::Description {
        // Boxed: a reference no lint asks about keeps 8 bytes, not the
        // description's few hundred.
        self.described.0.get_or_init(|| {
            Box::new(match self.official_name() {
                Some(name) => crate::knowledge::describe(name, true, self.tag_text()),
                None => crate::knowledge::describe(&self.full_name(), false, self.tag_text()),
            })
        })
    }

    /// The reference without its digest, as written after substitution.
    pub fn without_digest(&self) -> &str {
        self.text.split('@').next().unwrap_or(&self.text)
    }

    /// The reference with the tag replaced (digest dropped), for messages.
    pub fn with_tag(&self, tag: &str) -> String {
        format!("{}:{tag}", self.full_name())
    }

    /// Why `docker build` would reject the reference, when it is written
    /// literally: repository path components are lowercase letters, digits
    /// and single separators (`.`, `_`, `__`, dashes), tags at most 128
    /// word characters, dots and dashes not starting with either.
    pub fn invalid_reason(&self) -> Option<String> {
        let literal = [&self.registry, &self.tag, &self.digest]
            .into_iter()
            .flatten()
            .chain([&self.repository])
            .all(|p| p.literal);
        if !literal || self.text.contains('$') {
            return None;
        }
        self.syntax_error()
    }

    /// Why the reference breaks Docker's reference grammar, however it was
    /// written (literally or through variables).
    pub fn syntax_error(&self) -> Option<String> {
        // Byte by byte: every allowed character is ASCII, and no byte of
        // another character is.
        let end = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
        let component = |c: &str| {
            let bytes = c.as_bytes();
            let ok_chars = bytes
                .iter()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(b));
            ok_chars && end(bytes.first()) && end(bytes.last()) && !c.contains("..")
        };
        let repository = &self.repository.text;
        if repository.bytes().any(|b| b.is_ascii_uppercase()) {
            return Some(format!(
                "`{}` is not a valid image reference: repository names must be lowercase",
                self.text
            ));
        }
        if !repository.split('/').all(component) {
            return Some(format!(
                "`{}` is not a valid image reference: `{repository}` is not a valid repository name",
                self.text
            ));
        }
        if let Some(tag) = &self.tag {
            let t = &tag.text;
            let valid = !t.is_empty()
                && t.len() <= 128
                && !t.starts_with(['.', '-'])
                && t.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"_.-".contains(&b));
            if !valid {
                return Some(format!(
                    "`{}` is not a valid image reference: `{t}` is not a valid tag",
                    self.text
                ));
            }
        }
        None
    }

    /// The edit that gives the reference `new_tag`: it replaces a literal
    /// tag, or adds one after a literal repository. A digest pins the old
    /// tag's image (`debian:trixie@<bullseye digest>` still pulls bullseye),
    /// so it goes too; a reference pinned by digest alone says nothing about
    /// what a new tag would change, and gets no edit.
    pub fn retag(&self, new_tag: &str) -> Option<Retag> {
        let digest = self.digest.as_ref();
        if digest.is_some_and(|d| !d.literal) {
            return None;
        }
        let end = |span: Span| digest.map_or(span.end(), |d| d.span.end());
        let edit = match &self.tag {
            Some(tag) if tag.literal => {
                Edit::replace(Span::new(tag.span.start(), end(tag.span)), new_tag)
            }
            None if self.repository.literal && digest.is_none() => {
                Edit::insert(self.repository.span.end(), format!(":{new_tag}"))
            }
            _ => return None,
        };
        Some(Retag {
            edit,
            suggested: self.with_tag(new_tag),
            dropped_digest: digest.is_some(),
        })
    }

    /// The edit that replaces the whole reference with `new` (another
    /// image), when every part of it is written literally.
    pub fn replace_with(&self, new: &str) -> Option<Retag> {
        let literal = self.repository.literal
            && [&self.registry, &self.tag, &self.digest]
                .into_iter()
                .flatten()
                .all(|p| p.literal);
        literal.then(|| Retag {
            edit: Edit::replace(self.span, new),
            suggested: new.to_string(),
            dropped_digest: self.digest.is_some(),
        })
    }
}

/// A fix edit that changes what a reference names.
#[derive(Debug, Clone)]
pub struct Retag {
    pub edit: Edit,
    /// The new reference, without a digest.
    pub suggested: String,
    /// The reference had a digest, which the edit drops.
    pub dropped_digest: bool,
}

impl Retag {
    /// `use `<new>``, asking for a new digest when the old one was dropped.
    pub fn title(&self) -> String {
        if self.dropped_digest {
            format!(
                "use `{}` (the old digest is dropped: re-pin with `fromlint pin`)",
                self.suggested
            )
        } else {
            format!("use `{}`", self.suggested)
        }
    }
}

fn part(expanded: &Expanded, start: usize, end: usize) -> Part {
    Part {
        text: expanded.text[start..end].to_string(),
        span: expanded.span_of(start, end),
        literal: expanded.is_literal(start, end),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> ImageRef {
        ImageRef::parse(&Expanded::literal(text, 0)).unwrap()
    }

    #[test]
    fn splits_tag_and_digest() {
        let r = parse("python:3.12@sha256:abc");
        assert_eq!(r.repository.text, "python");
        assert_eq!(r.tag_text(), Some("3.12"));
        assert_eq!(r.digest.unwrap().text, "sha256:abc");
        assert_eq!(r.tag.unwrap().span, Span::new(7, 11));
    }

    #[test]
    fn registry_with_port_is_not_a_tag() {
        let r = parse("localhost:5000/app");
        assert_eq!(r.registry.unwrap().text, "localhost:5000");
        assert_eq!(r.repository.text, "app");
        assert!(r.tag.is_none());
        let r = parse("gcr.io/distroless/static-debian12:nonroot");
        assert_eq!(r.full_name(), "gcr.io/distroless/static-debian12");
        assert_eq!(r.tag_text(), Some("nonroot"));
    }

    #[test]
    fn official_names() {
        assert_eq!(
            parse("docker.io/library/python:3").official_name(),
            Some("python")
        );
        assert_eq!(parse("library/node").official_name(), Some("node"));
        assert_eq!(parse("bitnami/python").official_name(), None);
        assert_eq!(parse("ghcr.io/python").official_name(), None);
    }
}
