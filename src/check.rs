//! One file, start to finish: parse, model, lints, suppressions.

use crate::diagnostic::Diagnostic;
use crate::lints::{self, Lint};
use crate::model::Model;
use crate::{suppress, syntax};

/// Lints Dockerfile text with the given lints; findings sorted by position.
pub fn check_source(source: &str, lints: &[&'static Lint]) -> Vec<Diagnostic> {
    let model = Model::new(source, syntax::parse(source));
    let diagnostics = lints::run(&model, lints);
    let mut diagnostics = suppress::apply(&model.file, diagnostics);
    diagnostics.sort_by(|a, b| {
        (a.span.start, a.span.end, a.lint).cmp(&(b.span.start, b.span.end, b.lint))
    });
    diagnostics
}
