//! One file, start to finish: parse, model, lints, suppressions.

use crate::diagnostic::Diagnostic;
use crate::lints::{self, Phase, Settings};
use crate::model::Model;
use crate::suppress::Suppressions;
use crate::{build, syntax};

/// Lints Dockerfile text alone (no build context); findings sorted by
/// position. Usable without a file system (an editor buffer).
pub fn check_source(source: &str, settings: &Settings) -> Vec<Diagnostic> {
    check_with_context(source, settings, &|_| None)
}

/// Lints Dockerfile text whose build context files `read` returns by
/// context-relative path (`None` for a missing file).
pub fn check_with_context(
    source: &str,
    settings: &Settings,
    read: &dyn Fn(&str) -> Option<String>,
) -> Vec<Diagnostic> {
    check_unless_cancelled(source, settings, read, &|| false).unwrap_or_default()
}

/// [`check_with_context`] for work that may stop being wanted while it runs
/// (the language server's lint of text the editor has changed since):
/// `cancelled` is asked after the parse, after the model and before each
/// lint, and `None` is returned as soon as it says so.
pub fn check_unless_cancelled(
    source: &str,
    settings: &Settings,
    read: &dyn Fn(&str) -> Option<String>,
    cancelled: &dyn Fn() -> bool,
) -> Option<Vec<Diagnostic>> {
    let parsed = syntax::parse(source);
    if cancelled() {
        return None;
    }
    let model = Model::new(source, parsed);
    if cancelled() {
        return None;
    }
    // The commands of every RUN, read once for the context and the lints.
    let runs = build::Runs::new(&model);
    model.set_context(build::context::load(&model, &runs, read));
    let mut suppressions = if settings.inline_config {
        Suppressions::new(&model)
    } else {
        Suppressions::default()
    };
    let found = lints::run(&model, &runs, settings, Phase::Model, None, cancelled)?;
    let mut blocks: Vec<Box<[Diagnostic]>> = found
        .into_iter()
        .map(|block| suppressions.filter(block))
        .collect();
    // Lints about the pragmas themselves see which ones were used.
    let late = lints::run(
        &model,
        &runs,
        settings,
        Phase::AfterSuppressions,
        Some(&suppressions),
        cancelled,
    )?;
    blocks.extend(late.into_iter().map(|block| suppressions.filter(block)));
    let mut diagnostics = concatenate(blocks);
    sort_by_position(&mut diagnostics);
    withhold_polish(&mut diagnostics);
    Some(diagnostics)
}

/// The findings of every block in one vector of their exact size, each
/// block freed once moved (never two copies of every finding at once).
fn concatenate(blocks: Vec<Box<[Diagnostic]>>) -> Vec<Diagnostic> {
    let mut all = Vec::with_capacity(blocks.iter().map(|block| block.len()).sum());
    for block in blocks {
        all.extend(block.into_vec());
    }
    all
}

/// Sorts findings by span, then lint, keeping the order of equal ones
/// (a lint's findings at one place stay as it reported them), without the
/// scratch copy of every finding that a stable sort allocates: an index is
/// sorted instead, and the findings moved to their places along its cycles.
fn sort_by_position(diagnostics: &mut [Diagnostic]) {
    let key = |at: u32| {
        let d = &diagnostics[at as usize];
        (d.span().start(), d.span().end(), d.lint(), at)
    };
    // Indexes in 32 bits, like a span's offsets: inputs are far smaller.
    let mut order: Vec<u32> = (0..diagnostics.len()).map(crate::span::narrow).collect();
    order.sort_unstable_by_key(|&at| key(at));
    // Place `at` takes the finding at `order[at]`.
    for start in 0..order.len() {
        let mut at = start;
        while order[at] as usize != start {
            let from = std::mem::replace(&mut order[at], crate::span::narrow(at)) as usize;
            diagnostics.swap(at, from);
            at = from;
        }
        order[at] = crate::span::narrow(at);
    }
}

/// An instruction that cannot run at all (a `needs-shell` error with no fix
/// of its own: `RUN pip install …` on distroless) has to go; fixes that
/// would polish it (`--no-cache-dir`) are withheld, the findings kept.
fn withhold_polish(diagnostics: &mut [Diagnostic]) {
    let doomed: Vec<crate::span::Span> = diagnostics
        .iter()
        .filter(|d| d.lint() == "needs-shell" && d.fix().is_none())
        .map(|d| d.span())
        .collect();
    for d in diagnostics.iter_mut().filter(|d| d.lint() != "needs-shell") {
        let inside = d.fix().is_some_and(|fix| {
            fix.edits.iter().all(|e| {
                doomed
                    .iter()
                    .any(|s| s.start() <= e.span.start() && e.span.end() <= s.end())
            })
        });
        if inside {
            d.withhold_fix();
        }
    }
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use super::*;
    use crate::diagnostic::{DiagnosticBuilder, Severity};

    /// The findings in the order a stable sort by span and lint gives.
    #[test]
    fn findings_are_sorted_as_a_stable_sort_would() {
        let lints = ["b", "a", "c"];
        let mut seed = 7u64;
        let mut findings: Vec<Diagnostic> = (0..500)
            .map(|i| {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                let start = (seed >> 33) as usize % 20;
                let span = crate::span::Span::new(start, start + (seed >> 40) as usize % 3);
                let lint = lints[(seed >> 50) as usize % 3];
                DiagnosticBuilder::new(lint, Severity::Warning, span, i.to_string()).into()
            })
            .collect();
        let mut expected = findings.clone();
        expected.sort_by_key(|d| (d.span().start(), d.span().end(), d.lint()));
        sort_by_position(&mut findings);
        let messages = |v: &[Diagnostic]| {
            v.iter()
                .map(|d| d.message().to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(messages(&findings), messages(&expected));
    }

    /// A check asks whether it is still wanted after the parse, after the
    /// model and before each lint, and stops at the first checkpoint that
    /// says no.
    #[test]
    fn a_cancelled_check_stops_at_its_next_checkpoint() {
        let source = "FROM python:latest\nRUN pip install flask\nMAINTAINER me\n";
        let settings = Settings::default();
        let asked = Cell::new(0);
        let all = check_unless_cancelled(source, &settings, &|_| None, &|| {
            asked.set(asked.get() + 1);
            false
        })
        .expect("never cancelled");
        assert_eq!(all.len(), check_source(source, &settings).len());
        assert!(!all.is_empty());
        let checkpoints = asked.get();
        assert!(checkpoints > settings.lints.len(), "{checkpoints}");
        for stop in 1..=checkpoints {
            let asked = Cell::new(0);
            let result = check_unless_cancelled(source, &settings, &|_| None, &|| {
                asked.set(asked.get() + 1);
                asked.get() >= stop
            });
            assert!(result.is_none(), "cancelled at checkpoint {stop}");
            assert_eq!(asked.get(), stop, "went on after checkpoint {stop}");
        }
    }
}
