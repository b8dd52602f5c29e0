//! `--format gitlab`: GitLab's Code Quality report (a subset of Code
//! Climate's issue format): a JSON array of issues with a stable
//! `fingerprint`, for `artifacts:reports:codequality`.

use serde_json::{Value, json};

use super::{FileReport, Locator, fingerprints};
use crate::diagnostic::Severity;

pub fn render(reports: &[FileReport]) -> String {
    let mut issues = Vec::new();
    for report in reports {
        let locator = Locator::new(&report.source);
        let prints = fingerprints(report);
        for (d, fingerprint) in report.diagnostics.iter().zip(prints) {
            let (start, end) = locator.range(d.span);
            let severity = match d.severity {
                Severity::Error => "critical",
                Severity::Warning => "major",
                Severity::Info => "info",
            };
            let tags = crate::lints::by_id(d.lint).map_or(&[][..], |lint| lint.tags);
            let category = if tags.contains(&"security") {
                "Security"
            } else {
                "Bug Risk"
            };
            let mut issue = json!({
                "type": "issue",
                "engine_name": "fromlint",
                "check_name": d.lint,
                "description": d.message,
                "categories": [category],
                "severity": severity,
                "fingerprint": fingerprint,
                "location": {
                    "path": report.path,
                    "positions": {
                        "begin": { "line": start.line, "column": start.column },
                        "end": { "line": end.line, "column": end.column },
                    },
                },
            });
            if let Some(help) = &d.help {
                issue["content"] = json!({ "body": help });
            }
            issues.push(issue);
        }
    }
    serde_json::to_string_pretty(&Value::Array(issues)).expect("plain data serializes") + "\n"
}
