//! How much text one file may derive by substitution and path resolution.
//!
//! Substituted text is not in the input, so without a bound a few bytes
//! can ask for any amount of memory: `ENV A=$A$A` doubles a value with each
//! line (40 such lines asked for 2^40 bytes), `ENV P=$P:/x` grows it a few
//! bytes a line and the model keeps every step (quadratic), `RUN echo $V`
//! copies a value into each RUN's words, and each relative `WORKDIR a`
//! keeps a longer path. Every value the model derives is charged to one
//! budget per file, proportional to the file; a value past the budget, or
//! longer than [`MAX_VALUE`] more than its own text, counts as not known,
//! as if a build argument set it. No real Dockerfile comes near either
//! bound (docs/limits.md, "Time and memory").

use std::sync::atomic::{AtomicUsize, Ordering};

/// How much longer than the text it was expanded from a value may be
/// (16 KiB): a `PATH` or a list of packages is a few hundred bytes.
pub const MAX_VALUE: usize = 16 << 10;

/// Derived bytes every file may use, however small (1 MiB), on top of
/// [`PER_INPUT_BYTE`] for each byte of input.
const FLOOR: usize = 1 << 20;
const PER_INPUT_BYTE: usize = 2;

/// What is left of a file's budget of derived bytes.
#[derive(Debug)]
pub struct Budget {
    left: AtomicUsize,
}

impl Budget {
    /// The budget of a file of `len` bytes.
    pub fn for_input(len: usize) -> Budget {
        Budget {
            left: AtomicUsize::new(FLOOR.saturating_add(len.saturating_mul(PER_INPUT_BYTE))),
        }
    }

    /// The longest value that may be expanded from `source_len` bytes of
    /// text: [`MAX_VALUE`] more than the text, and no more than is left.
    pub fn limit(&self, source_len: usize) -> usize {
        source_len
            .saturating_add(MAX_VALUE)
            .min(self.left.load(Ordering::Relaxed))
    }

    /// Charges `bytes` of derived text: `false`, charging nothing, when
    /// fewer are left.
    pub fn spend(&self, bytes: usize) -> bool {
        self.left
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |left| {
                left.checked_sub(bytes)
            })
            .is_ok()
    }

    /// `value` when it fits: no longer than [`Budget::limit`] allows for
    /// `source_len` bytes of text, and within what is left, which it
    /// spends. `None` (not known) otherwise.
    pub fn keep<T: AsRef<str>>(&self, source_len: usize, value: T) -> Option<T> {
        let len = value.as_ref().len();
        (len <= source_len.saturating_add(MAX_VALUE) && self.spend(len)).then_some(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_fit_their_source_and_what_is_left() {
        let budget = Budget::for_input(0);
        assert_eq!(budget.limit(10), 10 + MAX_VALUE);
        // Longer than its text allows.
        assert_eq!(budget.keep(0, "x".repeat(MAX_VALUE + 1)), None);
        // A literal value as long as its text always fits the length rule.
        let long = "y".repeat(MAX_VALUE * 2);
        assert_eq!(budget.keep(long.len(), long.as_str()), Some(long.as_str()));
        // Spending the budget down: the last value that fits, then none.
        let value = "z".repeat(MAX_VALUE);
        let mut kept = 0;
        while budget.keep(0, value.as_str()).is_some() {
            kept += 1;
        }
        assert_eq!(kept, (FLOOR - 2 * MAX_VALUE) / MAX_VALUE);
        assert!(budget.limit(0) < MAX_VALUE);
        assert_eq!(budget.keep(0, ""), Some(""));
    }
}
