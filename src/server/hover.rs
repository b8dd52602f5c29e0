//! Hover on a `FROM` image: what fromlint knows about it.

use lsp_types::{Hover, HoverContents, MarkupContent, MarkupKind, Position};

use super::convert::Text;
use crate::model::{Base, ImageRef, Model};
use crate::syntax;

pub fn hover(source: &str, position: Position) -> Option<Hover> {
    let text = Text::new(source);
    let offset = text.offset(position);
    let model = Model::new(source, syntax::parse(source));
    let stage = model
        .stages
        .iter()
        .find(|s| s.base_span.start() <= offset && offset <= s.base_span.end())?;
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
                .map_or(String::new(), |n| n.text.to_string());
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

/// What `fromlint image` says about the reference, as Markdown.
fn describe(image: &ImageRef) -> String {
    crate::explain::markdown(&crate::explain::explain(image, crate::date::Date::today()))
}
