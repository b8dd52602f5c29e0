//! `--format gnu`: one line per finding in the GNU/gcc shape,
//! `path:line:col: severity: message [lint-id]`, which vim's default
//! `errorformat` and Emacs' compilation mode both parse.

use super::{FileReport, Locator, escape_controls};

pub fn render(reports: &[FileReport]) -> String {
    let mut out = String::new();
    for report in reports {
        let locator = Locator::new(&report.source);
        for d in &report.diagnostics {
            let (start, _) = locator.range(d.span());
            out += &format!(
                "{}:{}:{}: {}: {} [{}]\n",
                escape_controls(&report.path),
                start.line,
                start.column,
                d.severity().as_str(),
                one_line(&escape_controls(d.message())),
                d.lint()
            );
        }
    }
    out
}

/// Messages are one line already; a stray line break would split the record.
fn one_line(text: &str) -> String {
    text.split(['\r', '\n']).collect::<Vec<_>>().join(" ")
}
