//! `--format github`: GitHub Actions workflow commands, one annotation per
//! finding: `::warning file=…,line=…,col=…,endLine=…,endColumn=…,title=…::…`.
//! Info findings become notices.

use super::{FileReport, Locator, escape_controls};
use crate::diagnostic::Severity;

pub fn render(reports: &[FileReport]) -> String {
    let mut out = String::new();
    for report in reports {
        let locator = Locator::new(&report.source);
        for d in &report.diagnostics {
            let (start, end) = locator.range(d.span());
            let command = match d.severity() {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let mut message = d.message().to_string();
            if let Some(help) = d.help() {
                message += &format!("\nhelp: {help}");
            }
            out += &format!(
                "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
                property(&escape_controls(&report.path)),
                start.line,
                start.column,
                end.line,
                end.column,
                property(&format!("fromlint ({})", d.lint())),
                data(&escape_controls(&message))
            );
        }
    }
    out
}

/// Escapes the message of a workflow command.
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value, which also must not hold `:` or `,`.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_like_the_actions_toolkit() {
        assert_eq!(data("100% done\r\nnext"), "100%25 done%0D%0Anext");
        assert_eq!(property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}
