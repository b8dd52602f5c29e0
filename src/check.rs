//! One file, start to finish: parse, model, lints, suppressions.

use crate::diagnostic::Diagnostic;
use crate::lints::{self, Settings};
use crate::model::Model;
use crate::{build, suppress, syntax};

/// Lints Dockerfile text alone (no build context); findings sorted by
/// position. Usable without a file system (an editor buffer).
pub fn check_source(source: &str, settings: &Settings) -> Vec<Diagnostic> {
    check_with_context(source, settings, &|_| None)
}

/// Lints Dockerfile text whose build context files `read` returns by
/// context-relative path (`None` for a missing file).
pub fn check_with_context(
    source: &str,
    settings: &Settings,
    read: &dyn Fn(&str) -> Option<String>,
) -> Vec<Diagnostic> {
    let mut model = Model::new(source, syntax::parse(source));
    model.context = build::context::load(&model, read);
    let diagnostics = lints::run(&model, settings);
    let mut diagnostics = suppress::apply(&model.file, diagnostics);
    diagnostics.sort_by(|a, b| {
        (a.span.start, a.span.end, a.lint).cmp(&(b.span.start, b.span.end, b.lint))
    });
    diagnostics
}
