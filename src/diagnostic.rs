//! Findings and the fixes attached to them, as plain data. Rendering lives in
//! `report`; lints only build these.

use std::borrow::Cow;

use serde::Serialize;

use crate::span::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// How safe it is to apply a fix without a human looking at it (ruff's levels).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Applicability {
    /// Shown to the user but never applied (needs information we lack).
    DisplayOnly,
    /// Changes behaviour in ways the user should review.
    Unsafe,
    /// Keeps the meaning of the Dockerfile.
    Safe,
}

impl Applicability {
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::DisplayOnly => "display-only",
            Applicability::Unsafe => "unsafe",
            Applicability::Safe => "safe",
        }
    }
}

/// Replace the bytes of `span` with `replacement` (empty = delete).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Edit {
    #[serde(flatten)]
    pub span: Span,
    pub replacement: String,
}

impl Edit {
    pub fn replace(span: Span, replacement: impl Into<String>) -> Edit {
        Edit {
            span,
            replacement: replacement.into(),
        }
    }

    pub fn insert(at: usize, text: impl Into<String>) -> Edit {
        Edit::replace(Span::new(at, at), text)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fix {
    pub applicability: Applicability,
    /// Imperative, e.g. "use `python:3.12-slim`".
    pub title: Cow<'static, str>,
    pub edits: Vec<Edit>,
}

/// A secondary location shown with the finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Id of the lint that produced it.
    pub lint: &'static str,
    pub severity: Severity,
    /// Lowercase, no trailing period, code in backticks.
    pub message: String,
    /// The primary location.
    pub span: Span,
    /// Text of the primary label (defaults to nothing).
    pub label: Option<Cow<'static, str>>,
    pub labels: Vec<Label>,
    pub help: Option<Cow<'static, str>>,
    pub fix: Option<Box<Fix>>,
    /// A finer code within the lint, when it has them (ShellCheck's
    /// `SC2086` for the `shellcheck` lint): pragmas can name it.
    pub code: Option<Box<str>>,
}

impl Diagnostic {
    pub fn help(&mut self, help: impl Into<Cow<'static, str>>) -> &mut Self {
        self.help = Some(help.into());
        self
    }

    pub fn label(&mut self, label: impl Into<Cow<'static, str>>) -> &mut Self {
        self.label = Some(label.into());
        self
    }

    pub fn secondary(&mut self, span: Span, message: impl Into<String>) -> &mut Self {
        self.labels.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    pub fn fix(
        &mut self,
        applicability: Applicability,
        title: impl Into<Cow<'static, str>>,
        edits: Vec<Edit>,
    ) -> &mut Self {
        self.fix = Some(Box::new(Fix {
            applicability,
            title: title.into(),
            edits,
        }));
        self
    }
}
