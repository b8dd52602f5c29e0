//! Hover on a `FROM` image: what fromlint knows about it.

use lsp_types::{Hover, HoverContents, MarkupContent, MarkupKind, Position};

use super::convert::Text;
use crate::knowledge::{self, SlimStyle};
use crate::model::{Base, ImageRef, Model};
use crate::syntax;

pub fn hover(source: &str, position: Position) -> Option<Hover> {
    let text = Text::new(source);
    let offset = text.offset(position);
    let model = Model::new(source, syntax::parse(source));
    let stage = model
        .stages
        .iter()
        .find(|s| s.base_span.start <= offset && offset <= s.base_span.end)?;
    let markdown = match &stage.base {
        Base::Image(image) => describe(image),
        Base::Scratch => {
            "**scratch** — the empty image: no shell, no libc, no CA certificates, no \
                          `/etc/passwd`. Only for static binaries."
                .to_string()
        }
        Base::Stage(parent) => {
            let name = model.stages[*parent]
                .name
                .as_ref()
                .map_or(String::new(), |n| n.text.clone());
            format!("the build stage `{name}` (stage {parent})")
        }
        Base::Unresolved => {
            "built from ARGs without defaults: the image is known only at build time".to_string()
        }
        Base::Missing => return None,
    };
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: markdown,
        }),
        range: Some(text.range(stage.base_span)),
    })
}

/// Markdown facts about an image reference, from the knowledge base.
fn describe(image: &ImageRef) -> String {
    let mut lines = vec![format!("**{}**", image.text)];
    let pinned = if image.digest.is_some() {
        "pinned by digest"
    } else {
        "not pinned by digest: the tag can move"
    };
    lines.push(pinned.to_string());
    let tag = image.tag_text().unwrap_or("latest");
    if let Some(shellless) = knowledge::shellless(&image.full_name(), image.tag_text()) {
        lines.push(format!(
            "{} image: no shell, no package manager. Build in {} and `COPY --from` the result.",
            shellless.name, shellless.builder_hint
        ));
    }
    if let Some(family) = image.official_name().and_then(knowledge::family) {
        lines.push(format!("Docker Official Image `{}`", family.name));
        match (family.slim, family.full_variant(tag)) {
            (SlimStyle::Toolchain, _) => lines.push(format!(
                "a compiler toolchain{}: use it in a builder stage, ship the binary on distroless or scratch",
                size(family.full_mb)
            )),
            (_, Some(variant)) => {
                lines.push(format!("full variant{}", size(family.full_mb)));
                if let Some(slim) = family.slim_tag(&variant) {
                    lines.push(format!("smaller: `{}`{}", image.with_tag(&slim), size(family.slim_mb)));
                }
            }
            _ if tag.contains("alpine") => {
                lines.push("Alpine variant: musl libc; packages without musl wheels compile from source".into())
            }
            _ if tag.contains("slim") => lines.push(format!("slim variant{}", size(family.slim_mb))),
            _ => {}
        }
    }
    lines.push(format!(
        "_fromlint knowledge checked {}_",
        knowledge::CHECKED
    ));
    lines.join("\n\n")
}

fn size(mb: Option<f32>) -> String {
    mb.map(|mb| format!(", ~{mb:.0} MB compressed"))
        .unwrap_or_default()
}
