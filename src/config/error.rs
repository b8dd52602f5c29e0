//! Configuration errors: the file, the exact span of the mistake, and
//! miette's rendering of the configuration source around it. One error can
//! carry the other mistakes found in the same file, so a file with several
//! mistakes is reported whole, in one run.

use std::fmt;
use std::path::{Path, PathBuf};

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource};

use crate::span::{LineIndex, Span};

/// A configuration file that cannot be used, and why.
#[derive(Debug)]
pub struct ConfigError {
    pub message: String,
    /// The file and its text, when the error is inside one.
    pub file: Option<Box<(PathBuf, NamedSource<String>)>>,
    /// Where in the text, when known.
    pub span: Option<Span>,
    /// The label under the span.
    pub label: Option<Box<str>>,
    pub help: Option<String>,
    /// Further mistakes found in the same file, in the order of the text.
    pub others: Vec<ConfigError>,
}

impl ConfigError {
    /// An error about no particular text.
    pub fn plain(message: impl Into<String>) -> ConfigError {
        ConfigError {
            message: message.into(),
            file: None,
            span: None,
            label: None,
            help: None,
            others: Vec::new(),
        }
    }

    /// One error carrying all of `errors` (flattened, ordered by where they
    /// are in the text); `None` when there are none.
    pub fn all(errors: Vec<ConfigError>) -> Option<ConfigError> {
        let mut flat: Vec<ConfigError> = errors
            .into_iter()
            .flat_map(|mut e| {
                let others = std::mem::take(&mut e.others);
                std::iter::once(e).chain(others)
            })
            .collect();
        flat.sort_by_key(|e| e.span.map_or(0, |s| s.start()));
        let mut iter = flat.into_iter();
        let mut first = iter.next()?;
        first.others = iter.collect();
        Some(first)
    }

    /// This mistake and the others found with it.
    pub fn iter(&self) -> impl Iterator<Item = &ConfigError> {
        std::iter::once(self).chain(&self.others)
    }

    /// An error at `span` of the file `path` whose text is `text`.
    pub fn at(path: &Path, text: &str, span: Span, message: impl Into<String>) -> ConfigError {
        // Shown relative to the working directory when inside it.
        let cwd = std::env::current_dir().ok();
        let path = cwd
            .as_deref()
            .and_then(|cwd| path.strip_prefix(cwd).ok())
            .unwrap_or(path);
        let end = crate::span::floor_char_boundary(text, span.end().min(text.len()));
        let start = crate::span::floor_char_boundary(text, span.start().min(end));
        ConfigError {
            message: message.into(),
            file: Some(Box::new((path.to_path_buf(), named(path, text)))),
            span: Some(Span::new(start, end)),
            label: None,
            help: None,
            others: Vec::new(),
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> ConfigError {
        self.help = Some(help.into());
        self
    }

    pub fn with_label(mut self, label: impl Into<String>) -> ConfigError {
        self.label = Some(label.into().into_boxed_str());
        self
    }

    /// `path:line:column` of the error, when it has a location.
    pub fn location(&self) -> Option<String> {
        let (path, source) = self.file.as_deref()?;
        let text = source.inner();
        let span = self.span?;
        let position = LineIndex::new(text).position(text, span.start());
        Some(format!(
            "{}:{}:{}",
            path.display(),
            position.line,
            position.column
        ))
    }

    /// The errors as fromlint prints them on stderr: each one's message,
    /// then the configuration source with the span labelled, and a count
    /// when there are several.
    pub fn render(&self, color: bool) -> String {
        let mut out = self
            .iter()
            .map(|e| e.render_one(color))
            .collect::<Vec<_>>()
            .join("\n");
        if !self.others.is_empty() {
            let count = self.others.len() + 1;
            match &self.file {
                Some(file) => out += &format!("{count} mistakes in {}\n", file.0.display()),
                None => out += &format!("{count} configuration mistakes\n"),
            }
        }
        out
    }

    fn render_one(&self, color: bool) -> String {
        if self.file.is_none() {
            let mut out = format!("fromlint: error: {}\n", self.message);
            if let Some(help) = &self.help {
                out += &format!("  help: {help}\n");
            }
            return out;
        }
        let theme = if color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        let handler = GraphicalReportHandler::new_themed(theme).with_links(false);
        let mut out = String::new();
        let _ = handler.render_report(&mut out, &Headline(self));
        out
    }
}

impl fmt::Display for ConfigError {
    /// One line per mistake: `path:line:column: message`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, error) in self.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            match error.location() {
                Some(location) => write!(f, "{location}: {}", error.message)?,
                None => f.write_str(&error.message)?,
            }
        }
        Ok(())
    }
}

impl std::error::Error for ConfigError {}

/// The error as miette shows it: the message as the headline (the snippet
/// header carries the location).
#[derive(Debug)]
struct Headline<'a>(&'a ConfigError);

impl fmt::Display for Headline<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.message)
    }
}

impl std::error::Error for Headline<'_> {}

impl miette::Diagnostic for Headline<'_> {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new("fromlint::config"))
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.0
            .help
            .as_ref()
            .map(|help| Box::new(help) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.0
            .file
            .as_deref()
            .map(|(_, source)| source as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = self.0.span?;
        Some(Box::new(std::iter::once(
            LabeledSpan::new_primary_with_span(self.0.label.as_deref().map(str::to_string), span),
        )))
    }
}

/// miette needs a named source to print the file name in the snippet header.
fn named(path: &Path, text: &str) -> NamedSource<String> {
    NamedSource::new(path.display().to_string(), text.to_string())
}
