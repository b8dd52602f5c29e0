//! The default output: miette's graphical rendering, one block per finding.

use std::fmt;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource};

use super::FileReport;
use crate::diagnostic::{Diagnostic, Severity};

/// Adapts a diagnostic plus its file to `miette::Diagnostic`.
struct View<'a> {
    diagnostic: &'a Diagnostic,
    source: &'a NamedSource<String>,
}

impl fmt::Debug for View<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.diagnostic.fmt(f)
    }
}

impl fmt::Display for View<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diagnostic.message)
    }
}

impl std::error::Error for View<'_> {}

impl miette::Diagnostic for View<'_> {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.diagnostic.lint))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diagnostic.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        let d = self.diagnostic;
        let fix = d
            .fix
            .as_ref()
            .map(|fix| format!("{} fix: {}", fix.applicability.as_str(), fix.title));
        let text = [d.help.clone(), fix]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join("\n");
        (!text.is_empty()).then(|| Box::new(text) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let d = self.diagnostic;
        let primary = LabeledSpan::new_primary_with_span(d.label.clone(), d.span);
        let secondary = d
            .labels
            .iter()
            .map(|label| LabeledSpan::new_with_span(Some(label.message.clone()), label.span));
        Some(Box::new(std::iter::once(primary).chain(secondary)))
    }
}

/// Renders every finding of a file.
pub fn render(report: &FileReport, color: bool, width: usize) -> String {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(width)
        .with_links(false);
    let source = NamedSource::new(&report.path, report.source.clone()).with_language("Dockerfile");
    let mut out = String::new();
    for diagnostic in &report.diagnostics {
        let view = View {
            diagnostic,
            source: &source,
        };
        // Writing into a String cannot fail.
        let _ = handler.render_report(&mut out, &view);
        out.push('\n');
    }
    out
}

/// The closing line: how many findings of each severity in how many files.
pub fn summary(reports: &[FileReport]) -> String {
    let all = || reports.iter().flat_map(|r| &r.diagnostics);
    let count = |severity| all().filter(|d| d.severity == severity).count();
    let total = all().count();
    if total == 0 {
        return format!(
            "No problems found in {} file{}.",
            reports.len(),
            plural(reports.len())
        );
    }
    let files = reports.iter().filter(|r| !r.diagnostics.is_empty()).count();
    format!(
        "Found {total} problem{} ({} error{}, {} warning{}, {} info) in {files} file{}.",
        plural(total),
        count(Severity::Error),
        plural(count(Severity::Error)),
        count(Severity::Warning),
        plural(count(Severity::Warning)),
        count(Severity::Info),
        plural(files)
    )
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
