//! The default output: miette's graphical rendering, one block per finding.

use std::fmt;
use std::time::Duration;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource};

use super::FileReport;
use crate::diagnostic::{Applicability, Diagnostic, Severity};

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

/// What the closing line says besides the findings themselves.
pub struct SummaryContext {
    /// Unsafe fixes count as fixable (`--unsafe-fixes` was given).
    pub unsafe_fixes: bool,
    /// How long the run took.
    pub elapsed: Duration,
}

/// The closing line: files checked, time taken, findings by severity, and
/// how many of them `--fix` (or `--fix --unsafe-fixes`) would fix.
pub fn summary(reports: &[FileReport], context: &SummaryContext) -> String {
    let checked = reports.len();
    let head = format!(
        "Checked {checked} file{} in {}",
        plural(checked),
        duration(context.elapsed)
    );
    let all = || reports.iter().flat_map(|r| &r.diagnostics);
    let count = |severity| all().filter(|d| d.severity == severity).count();
    let total = all().count();
    if total == 0 {
        return format!("{head}: no problems.");
    }
    let files = reports.iter().filter(|r| !r.diagnostics.is_empty()).count();
    let applicability = |d: &Diagnostic| d.fix.as_ref().map(|f| f.applicability);
    let safe = all()
        .filter(|d| applicability(d) == Some(Applicability::Safe))
        .count();
    let unsafe_ = all()
        .filter(|d| applicability(d) == Some(Applicability::Unsafe))
        .count();
    let fixable = match (context.unsafe_fixes, safe, unsafe_) {
        (_, 0, 0) => "none fixable".to_string(),
        (true, _, _) => format!("{} fixable with --fix --unsafe-fixes", safe + unsafe_),
        (false, 0, _) => format!("{unsafe_} fixable with --fix --unsafe-fixes"),
        (false, _, 0) => format!("{safe} fixable with --fix"),
        (false, _, _) => format!("{safe} fixable with --fix ({unsafe_} more with --unsafe-fixes)"),
    };
    format!(
        "{head}: {total} problem{} ({} error{}, {} warning{}, {} info) in {files} file{}; {fixable}.",
        plural(total),
        count(Severity::Error),
        plural(count(Severity::Error)),
        count(Severity::Warning),
        plural(count(Severity::Warning)),
        count(Severity::Info),
        plural(files)
    )
}

/// `<1ms`, `850ms`, `1.25s`.
fn duration(elapsed: Duration) -> String {
    if elapsed < Duration::from_millis(1) {
        "<1ms".to_string()
    } else if elapsed < Duration::from_secs(1) {
        format!("{}ms", elapsed.as_millis())
    } else {
        format!("{:.2}s", elapsed.as_secs_f64())
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Fix;
    use crate::span::Span;

    fn finding(severity: Severity, fix: Option<Applicability>) -> Diagnostic {
        Diagnostic {
            lint: "latest-tag",
            severity,
            message: "m".into(),
            span: Span::new(0, 1),
            label: None,
            labels: Vec::new(),
            help: None,
            fix: fix.map(|applicability| Fix {
                applicability,
                title: "t".into(),
                edits: Vec::new(),
            }),
        }
    }

    fn report(diagnostics: Vec<Diagnostic>) -> FileReport {
        FileReport {
            path: "Dockerfile".into(),
            source: "FROM a\n".into(),
            diagnostics,
        }
    }

    fn context(unsafe_fixes: bool, millis: u64) -> SummaryContext {
        SummaryContext {
            unsafe_fixes,
            elapsed: Duration::from_millis(millis),
        }
    }

    #[test]
    fn durations_are_short() {
        let ms = |n| duration(Duration::from_micros(n));
        assert_eq!(ms(400), "<1ms");
        assert_eq!(ms(1_000), "1ms");
        assert_eq!(ms(999_999), "999ms");
        assert_eq!(ms(1_000_000), "1.00s");
        assert_eq!(ms(12_345_678), "12.35s");
    }

    #[test]
    fn clean_runs_say_so() {
        let reports = [report(vec![])];
        assert_eq!(
            summary(&reports, &context(false, 7)),
            "Checked 1 file in 7ms: no problems."
        );
    }

    #[test]
    fn counts_severities_files_and_fixes() {
        let reports = [
            report(vec![
                finding(Severity::Error, None),
                finding(Severity::Warning, Some(Applicability::Safe)),
                finding(Severity::Warning, Some(Applicability::Unsafe)),
            ]),
            report(vec![finding(
                Severity::Info,
                Some(Applicability::DisplayOnly),
            )]),
            report(vec![]),
        ];
        assert_eq!(
            summary(&reports, &context(false, 1500)),
            "Checked 3 files in 1.50s: 4 problems (1 error, 2 warnings, 1 info) in 2 files; \
             1 fixable with --fix (1 more with --unsafe-fixes)."
        );
        assert_eq!(
            summary(&reports, &context(true, 20)),
            "Checked 3 files in 20ms: 4 problems (1 error, 2 warnings, 1 info) in 2 files; \
             2 fixable with --fix --unsafe-fixes."
        );
    }

    #[test]
    fn fixability_is_spelled_out() {
        let only = |applicability| [report(vec![finding(Severity::Warning, applicability)])];
        let tail = |reports: &[FileReport]| {
            let line = summary(reports, &context(false, 0));
            line.split("; ").nth(1).unwrap().to_string()
        };
        assert_eq!(tail(&only(None)), "none fixable.");
        assert_eq!(
            tail(&only(Some(Applicability::DisplayOnly))),
            "none fixable."
        );
        assert_eq!(
            tail(&only(Some(Applicability::Safe))),
            "1 fixable with --fix."
        );
        assert_eq!(
            tail(&only(Some(Applicability::Unsafe))),
            "1 fixable with --fix --unsafe-fixes."
        );
    }
}
