//! `--statistics`: how many findings each lint has, most frequent first,
//! one line each: `count  lint-id  [*]  summary`, where `[*]` marks a lint
//! with findings that `--fix` (with `--unsafe-fixes` when given) would fix.

use std::collections::HashMap;

use crate::diagnostic::{Applicability, Diagnostic};
use crate::lints;
use crate::report::FileReport;

pub(super) fn render(reports: &[FileReport], unsafe_fixes: bool) -> String {
    let min = if unsafe_fixes {
        Applicability::Unsafe
    } else {
        Applicability::Safe
    };
    let fixable = |d: &Diagnostic| d.fix().is_some_and(|fix| fix.applicability >= min);
    let mut tally: HashMap<&'static str, (usize, bool)> = HashMap::new();
    for diagnostic in reports.iter().flat_map(|r| &r.diagnostics) {
        let entry = tally.entry(diagnostic.lint()).or_default();
        entry.0 += 1;
        entry.1 |= fixable(diagnostic);
    }
    let mut rows: Vec<(&str, usize, bool)> = tally
        .into_iter()
        .map(|(id, (count, fixable))| (id, count, fixable))
        .collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let count_width = rows
        .iter()
        .map(|r| r.1.to_string().len())
        .max()
        .unwrap_or(1);
    let id_width = rows.iter().map(|r| r.0.len()).max().unwrap_or(0);
    rows.iter()
        .map(|&(id, count, fixable)| {
            let mark = if fixable { "[*]" } else { "   " };
            let summary = lints::by_id(id).map(|l| l.summary()).unwrap_or_default();
            format!("{count:>count_width$}  {id:<id_width$}  {mark}  {summary}\n")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::check_source;
    use crate::lints::Settings;

    fn report(source: &str) -> FileReport {
        FileReport {
            path: "Dockerfile".into(),
            source: source.into(),
            diagnostics: check_source(source, &Settings::default()),
        }
    }

    #[test]
    fn counts_each_lint_most_frequent_first() {
        let reports = [
            report("FROM python:latest\nFROM node:latest\n"),
            report("FROM ubuntu:latest\nRUN apt-get update && apt-get install -y curl\n"),
        ];
        let table = render(&reports, false);
        let lines: Vec<&str> = table.lines().collect();
        let latest = lints::by_id("latest-tag").unwrap();
        let row = |id: &str| {
            *lines
                .iter()
                .find(|l| l.split_whitespace().nth(1) == Some(id))
                .unwrap_or_else(|| panic!("no {id} row in\n{table}"))
        };
        assert!(lines[0].starts_with("3  latest-tag "), "{table}");
        assert!(lines[0].ends_with(&format!("     {}", latest.summary())));
        assert!(row("apt-lists-not-cleaned").contains("  [*]  "), "{table}");
        assert!(!row("latest-tag").contains("[*]"), "display-only fixes");
        // Unsafe fixes count only with --unsafe-fixes.
        let unsafe_row = |table: &str| {
            table
                .lines()
                .find(|l| l.split_whitespace().nth(1) == Some("apt-no-install-recommends"))
                .unwrap()
                .to_string()
        };
        assert!(!unsafe_row(&table).contains("[*]"), "{table}");
        assert!(unsafe_row(&render(&reports, true)).contains("[*]"));
        let counts: Vec<usize> = lines
            .iter()
            .map(|l| l.split_whitespace().next().unwrap().parse().unwrap())
            .collect();
        assert!(counts.windows(2).all(|w| w[0] >= w[1]), "{table}");
        let total: usize = reports.iter().map(|r| r.diagnostics.len()).sum();
        assert_eq!(counts.iter().sum::<usize>(), total);
    }
}
