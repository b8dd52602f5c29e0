//! Findings and the fixes attached to them, as plain data. Rendering lives in
//! `report`; lints only build these.
//!
//! A lint fills in a [`DiagnosticBuilder`]; what it built is kept as a
//! compact [`Diagnostic`] whose texts are shared: a file's findings repeat
//! few distinct texts (the joined corpus: about 22,000 findings, 2,700
//! distinct messages and 1,800 distinct helps), and the findings stay alive
//! with the whole model until the lints are done.

use std::borrow::{Borrow, Cow};
use std::collections::HashSet;
use std::sync::Arc;

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

/// An immutable text that clones by sharing: one pointer, the bytes
/// stored once at their exact size.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Text(Arc<Box<str>>);

const _: () = assert!(std::mem::size_of::<Text>() == 8);

impl std::ops::Deref for Text {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for Text {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl From<&str> for Text {
    fn from(text: &str) -> Text {
        Text(Arc::new(Box::from(text)))
    }
}

impl From<String> for Text {
    fn from(text: String) -> Text {
        Text(Arc::new(crate::exact::str(text)))
    }
}

impl From<Cow<'static, str>> for Text {
    fn from(text: Cow<'static, str>) -> Text {
        match text {
            Cow::Borrowed(text) => Text::from(text),
            Cow::Owned(text) => Text::from(text),
        }
    }
}

impl std::fmt::Display for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self)
    }
}

impl std::fmt::Debug for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&**self, f)
    }
}

impl Serialize for Text {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self)
    }
}

/// Replace the bytes of `span` with `replacement` (empty = delete).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Edit {
    #[serde(flatten)]
    pub span: Span,
    pub replacement: Text,
}

impl Edit {
    pub fn replace(span: Span, replacement: impl Into<Text>) -> Edit {
        Edit {
            span,
            replacement: replacement.into(),
        }
    }

    pub fn insert(at: usize, text: impl Into<Text>) -> Edit {
        Edit::replace(Span::new(at, at), text)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fix {
    pub applicability: Applicability,
    /// Imperative, e.g. "use `python:3.12-slim`".
    pub title: Text,
    pub edits: Box<[Edit]>,
}

const _: () = assert!(std::mem::size_of::<Fix>() == 32);

/// A secondary location shown with the finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub message: String,
}

/// A finding as a lint builds it (through [`crate::lints::Context::report`]
/// and the methods below), or as a test writes one out; made into a
/// [`Diagnostic`] with `into()`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiagnosticBuilder {
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
    pub fix: Option<Fix>,
    /// A finer code within the lint, when it has them (ShellCheck's
    /// `SC2086` for the `shellcheck` lint): pragmas can name it.
    pub code: Option<Box<str>>,
}

impl DiagnosticBuilder {
    /// A finding with a message and nothing else.
    pub fn new(
        lint: &'static str,
        severity: Severity,
        span: Span,
        message: impl Into<String>,
    ) -> DiagnosticBuilder {
        DiagnosticBuilder {
            lint,
            severity,
            message: message.into(),
            span,
            label: None,
            labels: Vec::new(),
            help: None,
            fix: None,
            code: None,
        }
    }

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
        self.fix = Some(Fix {
            applicability,
            title: Text::from(title.into()),
            edits: crate::exact::slice(edits),
        });
        self
    }
}

impl From<DiagnosticBuilder> for Diagnostic {
    fn from(builder: DiagnosticBuilder) -> Diagnostic {
        Shared::default().diagnostic(builder)
    }
}

/// What a finding says, apart from where: the part that repeats across a
/// file's findings, kept once for all the findings that say it.
#[derive(Debug, PartialEq, Eq, Hash)]
struct Words {
    lint: &'static str,
    severity: Severity,
    message: Box<str>,
    label: Option<Cow<'static, str>>,
    help: Option<Cow<'static, str>>,
    code: Option<Box<str>>,
}

/// A finding: what it says (shared with the findings that say the same),
/// where, and its fix and secondary labels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    span: Span,
    words: Arc<Words>,
    fix: Option<Box<Fix>>,
    labels: Box<[Label]>,
}

const _: () = assert!(std::mem::size_of::<Diagnostic>() == 40);

impl Diagnostic {
    /// Id of the lint that produced it.
    pub fn lint(&self) -> &'static str {
        self.words.lint
    }

    pub fn severity(&self) -> Severity {
        self.words.severity
    }

    /// Lowercase, no trailing period, code in backticks.
    pub fn message(&self) -> &str {
        &self.words.message
    }

    /// The primary location.
    pub fn span(&self) -> Span {
        self.span
    }

    /// Text of the primary label, if any.
    pub fn label(&self) -> Option<&str> {
        self.words.label.as_deref()
    }

    /// Secondary locations shown with the finding.
    pub fn labels(&self) -> &[Label] {
        &self.labels
    }

    pub fn help(&self) -> Option<&str> {
        self.words.help.as_deref()
    }

    pub fn fix(&self) -> Option<&Fix> {
        self.fix.as_deref()
    }

    /// A finer code within the lint, when it has them (ShellCheck's
    /// `SC2086` for the `shellcheck` lint): pragmas can name it.
    pub fn code(&self) -> Option<&str> {
        self.words.code.as_deref()
    }

    /// Drops the fix, keeping the finding.
    pub fn withhold_fix(&mut self) {
        self.fix = None;
    }
}

/// The texts already kept for one file's findings, so that a repeated one
/// is shared rather than stored again, from the [`SHARED_AFTER`]th finding
/// on: sharing pays in a file of thousands of findings, while for the few
/// of an ordinary file hashing every text costs more time than it saves
/// memory.
#[derive(Default)]
pub struct Shared {
    words: HashSet<Arc<Words>>,
    texts: HashSet<Text>,
    /// How many findings were made.
    made: usize,
}

/// How many findings a file makes before their texts are shared.
const SHARED_AFTER: usize = 256;

impl Shared {
    /// The built finding, its texts shared with those kept before.
    pub fn diagnostic(&mut self, builder: DiagnosticBuilder) -> Diagnostic {
        let DiagnosticBuilder {
            lint,
            severity,
            message,
            span,
            label,
            labels,
            help,
            fix,
            code,
        } = builder;
        let words = Words {
            lint,
            severity,
            message: crate::exact::str(message),
            label: label.map(exact),
            help: help.map(exact),
            code,
        };
        let share = self.made >= SHARED_AFTER;
        self.made = self.made.saturating_add(1);
        let words = if !share {
            Arc::new(words)
        } else if let Some(kept) = self.words.get(&words) {
            Arc::clone(kept)
        } else {
            let words = Arc::new(words);
            self.words.insert(Arc::clone(&words));
            words
        };
        let fix = fix.map(|fix| {
            Box::new(Fix {
                applicability: fix.applicability,
                title: self.text(fix.title, share),
                edits: fix
                    .edits
                    .into_iter()
                    .map(|edit| Edit {
                        span: edit.span,
                        replacement: self.text(edit.replacement, share),
                    })
                    .collect(),
            })
        });
        Diagnostic {
            span,
            words,
            fix,
            labels: crate::exact::slice(labels),
        }
    }

    fn text(&mut self, text: Text, share: bool) -> Text {
        if !share {
            return text;
        }
        match self.texts.get(&*text) {
            Some(kept) => kept.clone(),
            None => {
                self.texts.insert(text.clone());
                text
            }
        }
    }
}

/// An owned text at its exact size.
fn exact(text: Cow<'static, str>) -> Cow<'static, str> {
    match text {
        Cow::Owned(text) => Cow::Owned(crate::exact::str(text).into()),
        borrowed => borrowed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(shared: &mut Shared, at: usize) -> Diagnostic {
        let mut builder = DiagnosticBuilder::new(
            "latest-tag",
            Severity::Warning,
            Span::new(at, at + 1),
            "`python:latest` follows every new release",
        );
        builder.help("pin a version");
        shared.diagnostic(builder)
    }

    /// The same text is kept once per finding up to the threshold, then
    /// once for all; every finding reads the same either way.
    #[test]
    fn texts_are_shared_after_many_findings() {
        let mut shared = Shared::default();
        let findings: Vec<Diagnostic> = (0..SHARED_AFTER + 3)
            .map(|at| finding(&mut shared, at))
            .collect();
        let same = |a: &Diagnostic, b: &Diagnostic| std::ptr::eq(a.message(), b.message());
        assert!(!same(&findings[0], &findings[1]));
        let after = &findings[SHARED_AFTER..];
        assert!(same(&after[0], &after[1]) && same(&after[1], &after[2]));
        for (at, finding) in findings.iter().enumerate() {
            assert_eq!(finding.span(), Span::new(at, at + 1));
            assert_eq!(
                finding.message(),
                "`python:latest` follows every new release"
            );
            assert_eq!(finding.help(), Some("pin a version"));
        }
    }
}
