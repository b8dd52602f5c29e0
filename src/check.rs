//! One file, start to finish: parse, model, lints, suppressions.

use crate::diagnostic::Diagnostic;
use crate::lints::{self, Phase, Settings};
use crate::model::Model;
use crate::suppress::Suppressions;
use crate::syntax;

/// Lints Dockerfile text; findings sorted by position.
pub fn check_source(source: &str, settings: &Settings) -> Vec<Diagnostic> {
    let model = Model::new(source, syntax::parse(source));
    let mut suppressions = if settings.inline_config {
        Suppressions::new(&model)
    } else {
        Suppressions::default()
    };
    let found = lints::run(&model, settings, Phase::Model, None);
    let mut diagnostics = suppressions.filter(found);
    // Lints about the pragmas themselves see which ones were used.
    let late = lints::run(
        &model,
        settings,
        Phase::AfterSuppressions,
        Some(&suppressions),
    );
    diagnostics.extend(suppressions.filter(late));
    diagnostics.sort_by(|a, b| {
        (a.span.start, a.span.end, a.lint).cmp(&(b.span.start, b.span.end, b.lint))
    });
    diagnostics
}
