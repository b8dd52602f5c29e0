//! `# fromlint ignore=…` pragmas (and hadolint's, for the rules that map to
//! ours): per instruction on the comment lines directly above it, or for the
//! whole file with `global ignore=`.

use std::collections::{HashMap, HashSet};

use crate::diagnostic::Diagnostic;
use crate::syntax::Dockerfile;

/// hadolint rule codes with a fromlint equivalent.
const HADOLINT_EQUIVALENTS: &[(&str, &str)] = &[
    ("DL3006", "untagged-image"),
    ("DL3007", "latest-tag"),
    ("DL3009", "apt-lists-not-cleaned"),
    ("DL3015", "apt-no-install-recommends"),
    ("DL3019", "apk-no-cache"),
    ("DL3042", "pip-no-cache-dir"),
];

struct Pragma {
    global: bool,
    ids: Vec<String>,
}

/// Parses the text of a comment (after `#`) as a pragma.
fn pragma(comment: &str) -> Option<Pragma> {
    let (tool, rest) = comment.split_once(char::is_whitespace)?;
    let rest = rest.trim_start();
    let (global, rest) = match rest.strip_prefix("global") {
        Some(after) if after.starts_with(char::is_whitespace) => (true, after.trim_start()),
        _ => (false, rest),
    };
    let list = rest
        .strip_prefix("ignore")?
        .trim_start()
        .strip_prefix('=')?;
    let list = list.split_whitespace().next().unwrap_or("");
    let ids = list.split(',').map(str::trim).filter(|id| !id.is_empty());
    let ids: Vec<String> = match tool {
        "fromlint" => ids.map(str::to_string).collect(),
        "hadolint" => ids
            .filter_map(|code| HADOLINT_EQUIVALENTS.iter().find(|(dl, _)| *dl == code))
            .map(|(_, id)| id.to_string())
            .collect(),
        _ => return None,
    };
    Some(Pragma { global, ids })
}

/// Drops the diagnostics that a pragma in `file` suppresses.
pub fn apply(file: &Dockerfile, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut global: HashSet<String> = HashSet::new();
    let mut by_line: HashMap<usize, Vec<String>> = HashMap::new();
    let mut comment_lines: HashSet<usize> = HashSet::new();
    for comment in file.comments.iter().filter(|c| !c.inside_instruction) {
        comment_lines.insert(comment.line);
        if let Some(pragma) = pragma(&comment.text) {
            if pragma.global {
                global.extend(pragma.ids);
            } else {
                by_line.entry(comment.line).or_default().extend(pragma.ids);
            }
        }
    }
    if global.is_empty() && by_line.is_empty() {
        return diagnostics;
    }
    // Each instruction takes the pragmas of the comment block right above it.
    let scoped: Vec<(crate::span::Span, HashSet<&str>)> = file
        .instructions
        .iter()
        .map(|instruction| {
            let mut ids = HashSet::new();
            let mut line = instruction.start_line.saturating_sub(1);
            while line > 0 && comment_lines.contains(&(line - 1)) {
                line -= 1;
                ids.extend(by_line.get(&line).into_iter().flatten().map(String::as_str));
            }
            (instruction.span, ids)
        })
        .collect();
    diagnostics
        .into_iter()
        .filter(|d| {
            // Instructions are in source order: find the last one starting at or before the finding.
            let at = scoped.partition_point(|(span, _)| span.start <= d.span.start);
            let local = at
                .checked_sub(1)
                .map(|i| &scoped[i])
                .is_some_and(|(span, ids)| d.span.start <= span.end && ids.contains(d.lint));
            !local && !global.contains(d.lint)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::pragma;

    #[test]
    fn parses_pragmas() {
        let p = pragma("fromlint ignore=latest-tag,missing-digest").unwrap();
        assert!(!p.global);
        assert_eq!(p.ids, ["latest-tag", "missing-digest"]);
        let p = pragma("fromlint global ignore=untagged-image").unwrap();
        assert!(p.global);
        assert_eq!(
            pragma("hadolint ignore=DL3006,DL3008").unwrap().ids,
            ["untagged-image"]
        );
        assert!(pragma("just a comment").is_none());
    }
}
