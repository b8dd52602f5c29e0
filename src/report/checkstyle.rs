//! `--format checkstyle`: Checkstyle's XML report, understood by Jenkins'
//! warnings plugin, reviewdog, SonarQube importers and others. Every linted
//! file gets a `<file>` element; `source` is `fromlint.<lint-id>`.

use super::{FileReport, Locator, escape_controls};

pub fn render(reports: &[FileReport]) -> String {
    let mut out = String::from(HEAD);
    for report in reports {
        out += &piece(report);
    }
    out += TAIL;
    out
}

/// What comes before the files.
pub const HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">\n";
/// What comes after them.
pub const TAIL: &str = "</checkstyle>\n";

/// One file's element.
pub fn piece(report: &FileReport) -> String {
    let mut out = format!(
        "  <file name=\"{}\">\n",
        escape(&escape_controls(&report.path))
    );
    let locator = Locator::new(&report.source);
    for d in &report.diagnostics {
        let (start, _) = locator.range(d.span());
        out += &format!(
            "    <error line=\"{}\" column=\"{}\" severity=\"{}\" message=\"{}\" source=\"fromlint.{}\"/>\n",
            start.line,
            start.column,
            d.severity().as_str(),
            escape(&escape_controls(d.message())),
            d.lint()
        );
    }
    out += "  </file>\n";
    out
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out += "&amp;",
            '<' => out += "&lt;",
            '>' => out += "&gt;",
            '"' => out += "&quot;",
            '\'' => out += "&apos;",
            '\n' => out += "&#10;",
            '\r' => out += "&#13;",
            '\t' => out += "&#9;",
            c if (c as u32) < 0x20 => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_attributes() {
        assert_eq!(
            super::escape("a<b & \"c\"\n\u{1}"),
            "a&lt;b &amp; &quot;c&quot;&#10; "
        );
    }
}
