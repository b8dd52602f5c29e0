//! What `fromlint pin` does to one Dockerfile: which `FROM` references it
//! looks at, where a digest goes (the `FROM` line itself, or the default of
//! the ARG the reference ends with), and why a reference is left alone.
//!
//! A reference whose last byte comes from an ARG is pinned in that ARG's
//! default, so the digest sits next to the tag it belongs to and a build
//! argument that changes the tag drops the digest with it. That is only done
//! when the edit cannot change anything else: the default is written
//! literally, and the ARG feeds no other `FROM`, no other ARG default and no
//! stage (`ARG NAME` after a `FROM` would inherit the edited value).

use crate::diagnostic::Edit;
use crate::model::{Base, End, ImageRef, Model};
use crate::span::Span;
use crate::syntax::Keyword;

use super::reference::ImageName;

/// One `FROM` reference and what can be done with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// The image word in the `FROM` line.
    pub span: Span,
    /// The reference after ARG expansion, e.g. `python:3.12-slim`.
    pub text: String,
    pub state: State,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum State {
    /// A tag without a digest.
    Unpinned {
        name: ImageName,
        anchor: Result<Anchor, String>,
    },
    /// `tag@digest`.
    Pinned {
        name: ImageName,
        digest: String,
        anchor: Result<Anchor, String>,
    },
    /// Neither tag nor digest: Docker pulls `latest`, and there is no tag to
    /// keep next to a digest.
    Untagged,
    /// The reference breaks the grammar (it would not build either).
    Invalid(String),
    /// Built from ARGs that only a build argument can set.
    NeedsBuildArg,
}

/// Where the reference's text ends in the source: the digest is inserted
/// there, or the existing digest ends there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    pub at: usize,
    /// The ARG whose default holds the end of the reference.
    pub arg: Option<ArgSite>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArgSite {
    pub name: String,
    /// 1-based line of the ARG instruction.
    pub line: usize,
}

impl Anchor {
    /// The edit that appends `@digest` after the tag.
    pub fn pin(&self, digest: &str) -> Edit {
        Edit::insert(self.at, format!("@{digest}"))
    }

    /// The edit that replaces the digest `old` (which ends at the anchor).
    pub fn update(&self, old: &str, digest: &str) -> Edit {
        Edit::replace(Span::new(self.at - old.len(), self.at), digest)
    }
}

/// The references of every stage built on an image, in source order.
pub fn plan(model: &Model) -> Vec<Item> {
    let mut items = Vec::new();
    for stage in &model.stages {
        let item = match &stage.base {
            Base::Image(image) => match item_for(model, image) {
                Some(item) => item,
                None => continue,
            },
            Base::Unresolved => Item {
                span: stage.base_span,
                text: model.source[stage.base_span.start()..stage.base_span.end()].to_string(),
                state: State::NeedsBuildArg,
            },
            Base::Scratch | Base::Stage(_) | Base::Missing => continue,
        };
        items.push(item);
    }
    items
}

fn item_for(model: &Model, image: &ImageRef) -> Option<Item> {
    let state = match (&image.tag, &image.digest) {
        (None, None) => State::Untagged,
        // Pinned by digest alone: nothing to resolve it against.
        (None, Some(_)) => return None,
        (Some(_), digest) => {
            let name = match ImageName::of(image)? {
                Ok(name) => name,
                Err(why) => {
                    return Some(Item {
                        span: image.span,
                        text: image.text.clone(),
                        state: State::Invalid(why),
                    });
                }
            };
            let existing = digest.as_ref().map(|d| d.text.as_str());
            let anchor = anchor(model, image, existing);
            match digest {
                None => State::Unpinned { name, anchor },
                Some(digest) => State::Pinned {
                    name,
                    digest: digest.text.clone(),
                    anchor,
                },
            }
        }
    };
    Some(Item {
        span: image.span,
        text: image.text.clone(),
        state,
    })
}

/// Where the reference ends, checking that `existing` (a digest) is written
/// right before it.
fn anchor(model: &Model, image: &ImageRef, existing: Option<&str>) -> Result<Anchor, String> {
    let source = model.source;
    let anchor = match &image.end {
        End::Literal(at) => Anchor { at: *at, arg: None },
        End::Arg(name) => arg_anchor(model, image, name)?,
        End::Other => {
            return Err(
                "the reference ends in a `${VAR:+word}` substitution, which fromlint does not edit"
                    .to_string(),
            );
        }
    };
    if let Some(existing) = existing
        && !source[..anchor.at].ends_with(existing)
    {
        return Err("the digest is not written in one piece (a line continuation?)".to_string());
    }
    Ok(anchor)
}

fn arg_anchor(model: &Model, image: &ImageRef, name: &str) -> Result<Anchor, String> {
    let arg = model.global_arg(name);
    let Some(span) = arg.and_then(|a| a.default_span) else {
        return Err(format!("`{name}` has no default to edit"));
    };
    let text = &model.source[span.start()..span.end()];
    if text.contains('$') {
        return Err(format!(
            "the default of `{name}` is built from other variables"
        ));
    }
    if text.contains(['\n', '\r']) {
        return Err(format!("the default of `{name}` spans several lines"));
    }
    let quoted = text.len() >= 2
        && (text.starts_with('"') && text.ends_with('"')
            || text.starts_with('\'') && text.ends_with('\''))
        && !text[1..text.len() - 1].contains(['"', '\'', '\\']);
    let at = if quoted {
        span.end() - 1
    } else if text.contains(['"', '\'', '\\']) {
        return Err(format!(
            "the default of `{name}` is quoted or escaped in a way fromlint does not edit"
        ));
    } else {
        span.end()
    };
    if let Some(conflict) = arg_conflict(model, image, name) {
        return Err(conflict);
    }
    let line = crate::span::LineIndex::new(model.source).line_of(span.start()) + 1;
    Ok(Anchor {
        at,
        arg: Some(ArgSite {
            name: name.to_string(),
            line,
        }),
    })
}

/// Why editing the default of ARG `name` for `image` would change something
/// else, if it would.
fn arg_conflict(model: &Model, image: &ImageRef, name: &str) -> Option<String> {
    let mut seen_from = false;
    let mut global_defaults_mentioning = Vec::new();
    for instruction in &model.file.instructions {
        let instruction = instruction.effective();
        match instruction.kind {
            Keyword::From => seen_from = true,
            Keyword::Arg => {
                for word in instruction.shell_words(model.file.escape) {
                    let raw = &word.raw.text;
                    match raw.split_once('=') {
                        Some((declared, value))
                            if !seen_from && declared != name && mentions(value, name) > 0 =>
                        {
                            global_defaults_mentioning.push(declared.to_string());
                        }
                        None if seen_from && raw == name => {
                            return Some(format!(
                                "`{name}` is also used inside a stage (ARG {name} on line {})",
                                instruction.start_line
                            ));
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    if let Some(other) = global_defaults_mentioning.first() {
        return Some(format!("the default of `{other}` also uses `{name}`"));
    }
    for stage in &model.stages {
        let from = model.instruction(stage.from);
        let count = mentions(&from.line.text(), name);
        if count == 0 {
            continue;
        }
        let same = match &stage.base {
            Base::Image(other) => {
                count == 1 && other.end == End::Arg(name.to_string()) && other.text == image.text
            }
            _ => false,
        };
        if !same {
            return Some(format!(
                "`{name}` is also used by the FROM on line {}",
                from.start_line
            ));
        }
    }
    None
}

/// How many times `$name` or `${name…}` occurs in `text`.
fn mentions(text: &str, name: &str) -> usize {
    let is_name = |c: char| c.is_ascii_alphanumeric() || c == '_';
    text.match_indices('$')
        .filter(|(i, _)| {
            let rest = &text[i + 1..];
            let rest = rest.strip_prefix('{').unwrap_or(rest);
            rest.strip_prefix(name)
                .is_some_and(|after| !after.starts_with(is_name))
        })
        .count()
}

/// Applies non-overlapping edits (identical ones once).
pub fn apply(source: &str, mut edits: Vec<Edit>) -> String {
    edits.sort_by(|a, b| {
        (a.span.start(), a.span.end(), &a.replacement).cmp(&(
            b.span.start(),
            b.span.end(),
            &b.replacement,
        ))
    });
    edits.dedup();
    let mut out = String::with_capacity(source.len() + 80 * edits.len());
    let mut cursor = 0;
    for edit in &edits {
        debug_assert!(edit.span.start() >= cursor, "overlapping pin edits");
        if edit.span.start() < cursor {
            continue;
        }
        out.push_str(&source[cursor..edit.span.start()]);
        out.push_str(&edit.replacement);
        cursor = edit.span.end();
    }
    out.push_str(&source[cursor..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax;

    const D1: &str = "sha256:1111111111111111111111111111111111111111111111111111111111111111";
    const D2: &str = "sha256:2222222222222222222222222222222222222222222222222222222222222222";

    fn items(source: &str) -> Vec<Item> {
        plan(&Model::new(source, syntax::parse(source)))
    }

    /// Pins every pinnable reference to D2 (updating pinned ones).
    fn pinned(source: &str) -> String {
        let edits = items(source)
            .into_iter()
            .filter_map(|item| match item.state {
                State::Unpinned {
                    anchor: Ok(anchor), ..
                } => Some(anchor.pin(D2)),
                State::Pinned {
                    anchor: Ok(anchor),
                    digest,
                    ..
                } => Some(anchor.update(&digest, D2)),
                _ => None,
            })
            .collect();
        apply(source, edits)
    }

    fn reasons(source: &str) -> Vec<String> {
        items(source)
            .into_iter()
            .filter_map(|item| match item.state {
                State::Unpinned { anchor: Err(e), .. } | State::Pinned { anchor: Err(e), .. } => {
                    Some(e)
                }
                _ => None,
            })
            .collect()
    }

    #[test]
    fn literal_references_get_the_digest_after_the_tag() {
        let source = "FROM python:3.12-slim AS build\nFROM build\nFROM scratch\nFROM gcr.io/distroless/static:nonroot\n";
        assert_eq!(
            pinned(source),
            format!(
                "FROM python:3.12-slim@{D2} AS build\nFROM build\nFROM scratch\nFROM gcr.io/distroless/static:nonroot@{D2}\n"
            )
        );
        let all = items(source);
        assert_eq!(all.len(), 2, "stage names and scratch are skipped");
        assert_eq!(all[0].text, "python:3.12-slim");
    }

    #[test]
    fn pinned_references_are_updated_in_place() {
        let source = format!("FROM node:22@{D1}\nFROM node:latest@{D1} AS x\n");
        assert_eq!(
            pinned(&source),
            format!("FROM node:22@{D2}\nFROM node:latest@{D2} AS x\n")
        );
        let State::Pinned { name, digest, .. } = &items(&source)[0].state else {
            panic!()
        };
        assert_eq!(name.to_string(), "docker.io/library/node:22");
        assert_eq!(digest, D1);
    }

    #[test]
    fn untagged_digest_only_and_build_arg_references() {
        let source = format!("ARG V\nFROM ubuntu\nFROM alpine@{D1}\nFROM python:${{V}}\n");
        let states: Vec<_> = items(&source).into_iter().map(|i| i.state).collect();
        assert_eq!(states, vec![State::Untagged, State::NeedsBuildArg]);
        assert!(matches!(
            items("FROM Python:3\n")[0].state,
            State::Invalid(_)
        ));
    }

    #[test]
    fn references_ending_in_an_arg_are_pinned_in_its_default() {
        assert_eq!(
            pinned("ARG TAG=3.12-slim\nFROM python:${TAG}\n"),
            format!("ARG TAG=3.12-slim@{D2}\nFROM python:${{TAG}}\n")
        );
        assert_eq!(
            pinned("ARG IMAGE=\"python:3.12\"\nFROM $IMAGE AS a\nFROM ${IMAGE} AS b\n"),
            format!("ARG IMAGE=\"python:3.12@{D2}\"\nFROM $IMAGE AS a\nFROM ${{IMAGE}} AS b\n")
        );
        assert_eq!(
            pinned(&format!("ARG IMAGE='python:3.12@{D1}'\nFROM ${{IMAGE}}\n")),
            format!("ARG IMAGE='python:3.12@{D2}'\nFROM ${{IMAGE}}\n")
        );
        let Some(State::Unpinned {
            anchor: Ok(anchor), ..
        }) = items("ARG A=1\nARG TAG=3.12\nFROM python:${TAG}\n")
            .pop()
            .map(|i| i.state)
        else {
            panic!()
        };
        assert_eq!(
            anchor.arg,
            Some(ArgSite {
                name: "TAG".into(),
                line: 2
            })
        );
    }

    #[test]
    fn default_words_and_literal_tails_stay_in_the_from_line() {
        assert_eq!(
            pinned("FROM python:${TAG:-3.12}\n"),
            format!("FROM python:${{TAG:-3.12@{D2}}}\n")
        );
        assert_eq!(
            pinned("ARG REG=docker.io\nFROM ${REG}/python:3.12\n"),
            format!("ARG REG=docker.io\nFROM ${{REG}}/python:3.12@{D2}\n")
        );
    }

    #[test]
    fn arg_edits_that_would_change_something_else_are_refused() {
        let cases = [
            (
                "ARG PY=3.12\nFROM python:${PY}-slim\n",
                None, // literal tail: pinned in the FROM line
            ),
            (
                "ARG V=3.12\nFROM python:${V}\nFROM pypy:${V}\n",
                Some("also used by the FROM on line 3"),
            ),
            (
                "ARG V=3.12\nFROM python:${V}\nFROM python:${V}-slim\n",
                Some("also used by the FROM on line 3"),
            ),
            (
                "ARG V=3.12\nFROM python:${V}\nARG V\nRUN echo $V\n",
                Some("also used inside a stage (ARG V on line 3)"),
            ),
            (
                "ARG V=3.12\nARG W=x${V}\nFROM python:${V}\n",
                Some("the default of `W` also uses `V`"),
            ),
            (
                "ARG B=3.12\nARG V=${B}\nFROM python:${V}\n",
                Some("built from other variables"),
            ),
            (
                "ARG V=3\\.12\nFROM python:${V}\n",
                Some("quoted or escaped"),
            ),
            (
                "ARG V=3.12\nFROM --platform=$V python:${V}\n",
                Some("also used by the FROM on line 2"),
            ),
            (
                "ARG V=x\nFROM python:3.12${V:+-slim}\n",
                Some("`${VAR:+word}`"),
            ),
        ];
        for (source, expected) in cases {
            let reasons = reasons(source);
            match expected {
                None => assert!(reasons.is_empty(), "{source}: {reasons:?}"),
                Some(text) => assert!(
                    reasons.iter().any(|r| r.contains(text)),
                    "{source}: {reasons:?}"
                ),
            }
        }
        // A stage-local ARG with its own default does not inherit the edit.
        assert!(reasons("ARG V=3.12\nFROM python:${V}\nARG V=other\n").is_empty());
    }

    #[test]
    fn digests_split_across_lines_are_not_edited() {
        let source = format!("FROM node:22@{}\\\n{}\n", &D1[..20], &D1[20..]);
        assert!(reasons(&source)[0].contains("one piece"));
    }

    #[test]
    fn mentions_are_whole_names() {
        assert_eq!(mentions("$V ${V} ${V:-x} $VV ${VV} $V_X V", "V"), 3);
    }

    #[test]
    fn apply_dedups_identical_edits() {
        let e = Edit::insert(4, "!");
        assert_eq!(
            apply("abcdef", vec![e.clone(), e, Edit::insert(1, "?")]),
            "a?bcd!ef"
        );
    }
}
