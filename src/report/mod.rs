//! Reporters turn diagnostics into text. They know the diagnostic shape,
//! never a particular lint.

pub mod human;
pub mod json;

use crate::diagnostic::Diagnostic;

/// The findings of one linted file, with the text they point into.
pub struct FileReport {
    /// The path as the user should see it.
    pub path: String,
    pub source: String,
    pub diagnostics: Vec<Diagnostic>,
}
