//! One file, start to finish: parse, model, lints, suppressions.

use crate::diagnostic::Diagnostic;
use crate::lints::{self, Settings};
use crate::model::Model;
use crate::{suppress, syntax};

/// Lints Dockerfile text; findings sorted by position.
pub fn check_source(source: &str, settings: &Settings) -> Vec<Diagnostic> {
    let model = Model::new(source, syntax::parse(source));
    let diagnostics = lints::run(&model, settings);
    let mut diagnostics = suppress::apply(&model.file, diagnostics);
    diagnostics.sort_by(|a, b| {
        (a.span.start, a.span.end, a.lint).cmp(&(b.span.start, b.span.end, b.lint))
    });
    diagnostics
}
