//! The default output: miette's graphical rendering, one block per finding.

use std::fmt;
use std::ops::Range;
use std::time::Duration;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceSpan, SpanContents,
};

use super::{FileReport, escape_controls};
use crate::diagnostic::{Applicability, Diagnostic, Severity};
use crate::span::{LineIndex, Span, floor_char_boundary};

/// Lines longer than this many characters are shown as a window around the
/// finding, so a huge line neither floods the terminal nor overflows the
/// renderer's column arithmetic.
const MAX_SHOWN_LINE: usize = 400;
/// Characters kept before a finding when its line is cut.
const LEAD: usize = 40;
/// Labels further than this many lines from the primary one are not drawn.
const MAX_SHOWN_LINES: usize = 100;
/// Lines of context around a finding (miette's default).
const CONTEXT: usize = 1;

/// Adapts a diagnostic plus the excerpt of its file to `miette::Diagnostic`.
struct View<'a> {
    diagnostic: &'a Diagnostic,
    excerpt: &'a Excerpt,
    /// The primary span, then the labels' spans, in excerpt offsets.
    spans: Vec<(Option<String>, Span)>,
}

impl fmt::Debug for View<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.diagnostic.fmt(f)
    }
}

impl fmt::Display for View<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&escape_controls(self.diagnostic.message()))
    }
}

impl std::error::Error for View<'_> {}

impl miette::Diagnostic for View<'_> {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.diagnostic.lint()))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diagnostic.severity() {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        let d = self.diagnostic;
        let fix = d
            .fix()
            .as_ref()
            .map(|fix| format!("{} fix: {}", fix.applicability.as_str(), fix.title));
        let text = [d.help().map(str::to_string), fix]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join("\n");
        (!text.is_empty())
            .then(|| Box::new(escape_controls(&text).into_owned()) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(self.excerpt)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let mut spans = self.spans.iter();
        let primary = spans
            .next()
            .map(|(label, span)| LabeledSpan::new_primary_with_span(label.clone(), *span));
        let secondary = spans.map(|(label, span)| LabeledSpan::new_with_span(label.clone(), *span));
        Some(Box::new(primary.into_iter().chain(secondary)))
    }
}

/// The few lines of a file one finding needs, made safe to print: control
/// characters escaped, very long lines cut to a window around the finding.
/// It knows where its lines were in the file, so line numbers and the
/// header's line:column (in characters) are those of the file.
struct Excerpt {
    name: String,
    text: String,
    /// 0-based line of the file the excerpt starts at.
    first_line: usize,
    /// Excerpt offset of the primary span, and its 0-based line and column
    /// (in characters) in the file.
    primary: (usize, usize, usize),
}

impl miette::SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner = self.text.as_str().read_span(span, before, after)?;
        let (line, column) = if before == 0 && span.offset() == self.primary.0 {
            (self.primary.1, self.primary.2)
        } else {
            (inner.line() + self.first_line, inner.column())
        };
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            line,
            column,
            inner.line_count(),
        )))
    }
}

/// One line of the file as shown in an excerpt.
struct ShownLine {
    /// Where the line starts in the file and in the excerpt.
    file_start: usize,
    excerpt_start: usize,
    /// The line's text without its ending, in the file.
    content: Range<usize>,
    /// The part of `content` shown (relative to the line start).
    window: Range<usize>,
    /// Bytes the `…` before the window takes in the excerpt.
    prefix: usize,
    /// Length in the excerpt of the shown (escaped) window plus its `…`s.
    shown: usize,
}

/// A file's text with its line index, to cut excerpts from.
struct Source<'a> {
    text: &'a str,
    index: LineIndex,
    lines: usize,
}

impl<'a> Source<'a> {
    fn new(text: &'a str) -> Source<'a> {
        let index = LineIndex::new(text);
        let lines = index.line_of(text.len()) + 1;
        Source { text, index, lines }
    }

    fn clamp(&self, offset: usize) -> usize {
        floor_char_boundary(self.text, offset.min(self.text.len()))
    }

    /// The 0-based line holding the last byte of `span` (its start if empty).
    fn last_line(&self, span: Span) -> usize {
        self.index
            .line_of(span.end().saturating_sub(1).max(span.start()))
    }

    fn line_range(&self, line: usize) -> Range<usize> {
        let start = self.index.line_start(line);
        let end = if line + 1 < self.lines {
            self.index.line_start(line + 1)
        } else {
            self.text.len()
        };
        start..end
    }

    /// The excerpt for one finding, and its spans mapped into it.
    fn excerpt(&self, name: &str, d: &Diagnostic) -> (Excerpt, Vec<(Option<String>, Span)>) {
        let clamp = |span: Span| {
            let start = self.clamp(span.start());
            Span::new(start, self.clamp(span.end()).max(start))
        };
        let primary = clamp(d.span());
        let anchor = self.index.line_of(primary.start());
        let near =
            |span: &Span| self.index.line_of(span.start()).abs_diff(anchor) <= MAX_SHOWN_LINES;
        let mut spans = vec![(d.label(), primary)];
        spans.extend(
            d.labels()
                .iter()
                .map(|l| (Some(l.message.as_str()), clamp(l.span)))
                .filter(|(_, span)| near(span)),
        );
        // A span running far past its start is drawn up to the limit.
        let limit = self
            .line_range((anchor + MAX_SHOWN_LINES).min(self.lines - 1))
            .end;
        for (_, span) in &mut spans {
            *span = Span::new(span.start(), span.end().min(limit).max(span.start()));
        }
        let first = spans
            .iter()
            .map(|(_, s)| self.index.line_of(s.start()))
            .min()
            .unwrap_or(anchor)
            .saturating_sub(CONTEXT);
        let last = spans
            .iter()
            .map(|(_, s)| self.last_line(*s))
            .max()
            .unwrap_or(anchor);
        let last = (last + CONTEXT).min(self.lines - 1);

        let mut text = String::new();
        let mut shown = Vec::with_capacity(last + 1 - first);
        for line in first..=last {
            let range = self.line_range(line);
            let raw = &self.text[range.clone()];
            let content_len = raw
                .strip_suffix('\n')
                .map_or(raw.len(), |r| r.strip_suffix('\r').unwrap_or(r).len());
            let content = &raw[..content_len];
            let window = window(content, range.start, &spans);
            let excerpt_start = text.len();
            let prefix = if window.start > 0 { "…" } else { "" };
            text += prefix;
            text += &escape_controls(&content[window.clone()]);
            if window.end < content.len() {
                text += "…";
            }
            let shown_len = text.len() - excerpt_start;
            text += &raw[content_len..];
            shown.push(ShownLine {
                file_start: range.start,
                excerpt_start,
                content: range.start..range.start + content_len,
                window,
                prefix: prefix.len(),
                shown: shown_len,
            });
        }
        let map = |offset: usize| -> usize {
            let line = self.index.line_of(offset).clamp(first, last);
            let l = &shown[line - first];
            let relative = offset.saturating_sub(l.file_start);
            let content_len = l.content.len();
            if offset < l.file_start {
                l.excerpt_start
            } else if relative > content_len {
                // In the line ending (or past the excerpt's last line).
                let ending = self.line_range(line).len() - content_len;
                l.excerpt_start + l.shown + (relative - content_len).min(ending)
            } else if relative <= l.window.start {
                l.excerpt_start + l.prefix
            } else if relative >= l.window.end && l.window.end < content_len {
                l.excerpt_start + l.shown
            } else {
                let line_text = &self.text[l.file_start..l.content.end];
                l.excerpt_start
                    + l.prefix
                    + escape_controls(&line_text[l.window.start..relative]).len()
            }
        };
        let mapped: Vec<(Option<String>, Span)> = spans
            .iter()
            .map(|(label, span)| {
                let label = label.as_deref().map(|l| escape_controls(l).into_owned());
                let start = map(span.start());
                (label, Span::new(start, map(span.end()).max(start)))
            })
            .collect();
        // From the index's character counts, not by counting the line.
        let column = self.index.position(self.text, primary.start()).column - 1;
        let excerpt = Excerpt {
            name: escape_controls(name).into_owned(),
            text,
            first_line: first,
            primary: (mapped[0].1.start(), anchor, column),
        };
        (excerpt, mapped)
    }
}

/// The part of a line's `content` (starting at file offset `start`) to show:
/// all of it unless it is long, else a window from a little before the first
/// span on the line.
fn window(content: &str, start: usize, spans: &[(Option<&str>, Span)]) -> Range<usize> {
    // At most MAX_SHOWN_LINE characters, found without counting all of a
    // long line's (each of its findings would count them again).
    if content.len() <= MAX_SHOWN_LINE || content.chars().nth(MAX_SHOWN_LINE).is_none() {
        return 0..content.len();
    }
    let end = start + content.len();
    let first = spans
        .iter()
        .filter(|(_, s)| s.start() <= end && s.end() >= start)
        .map(|(_, s)| s.start().max(start) - start)
        .min()
        .unwrap_or(0);
    let from = content[..first]
        .char_indices()
        .rev()
        .nth(LEAD - 1)
        .map_or(0, |(i, _)| i);
    let to = content[from..]
        .char_indices()
        .nth(MAX_SHOWN_LINE)
        .map_or(content.len(), |(i, _)| from + i);
    from..to
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
        .with_links(false)
        .with_context_lines(CONTEXT);
    let source = Source::new(&report.source);
    let mut out = String::new();
    for diagnostic in &report.diagnostics {
        let (excerpt, spans) = source.excerpt(&report.path, diagnostic);
        let view = View {
            diagnostic,
            excerpt: &excerpt,
            spans,
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

/// What the closing line counts, added up file by file (the CLI writes the
/// files' findings as they come and keeps only this).
#[derive(Debug, Default, Clone, Copy)]
pub struct Tally {
    files: usize,
    with_findings: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
    /// Findings with a safe fix, and with an unsafe one.
    safe: usize,
    unsafe_: usize,
}

impl Tally {
    pub fn of(reports: &[FileReport]) -> Tally {
        let mut tally = Tally::default();
        for report in reports {
            tally.add(report);
        }
        tally
    }

    pub fn add(&mut self, report: &FileReport) {
        self.files += 1;
        self.with_findings += usize::from(!report.diagnostics.is_empty());
        for d in &report.diagnostics {
            match d.severity() {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Info => self.infos += 1,
            }
            match d.fix().map(|f| f.applicability) {
                Some(Applicability::Safe) => self.safe += 1,
                Some(Applicability::Unsafe) => self.unsafe_ += 1,
                _ => {}
            }
        }
    }

    /// Files counted.
    pub fn files(&self) -> usize {
        self.files
    }
}

/// The closing line: files checked, time taken, findings by severity, and
/// how many of them `--fix` (or `--fix --unsafe-fixes`) would fix.
pub fn summary(reports: &[FileReport], context: &SummaryContext) -> String {
    summary_of(&Tally::of(reports), context)
}

/// [`summary`] from the counts alone.
pub fn summary_of(tally: &Tally, context: &SummaryContext) -> String {
    let checked = tally.files;
    let head = format!(
        "Checked {checked} file{} in {}",
        plural(checked),
        duration(context.elapsed)
    );
    let total = tally.errors + tally.warnings + tally.infos;
    if total == 0 {
        return format!("{head}: no problems.");
    }
    let files = tally.with_findings;
    let (safe, unsafe_) = (tally.safe, tally.unsafe_);
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
        tally.errors,
        plural(tally.errors),
        tally.warnings,
        plural(tally.warnings),
        tally.infos,
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
    use crate::diagnostic::DiagnosticBuilder;
    use crate::span::Span;

    fn finding(severity: Severity, fix: Option<Applicability>) -> Diagnostic {
        let mut finding = DiagnosticBuilder::new("latest-tag", severity, Span::new(0, 1), "m");
        if let Some(applicability) = fix {
            finding.fix(applicability, "t", Vec::new());
        }
        finding.into()
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
