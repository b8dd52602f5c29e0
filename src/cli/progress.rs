//! A one-line progress counter for big runs, redrawn in place with `\r` on
//! stderr and wiped when linting ends (the caller decides when to show it:
//! stderr a terminal, human output, many files).

use std::io::Write;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Runs with more files than this show progress.
pub(super) const MIN_FILES: usize = 50;
/// The line is redrawn at most this often.
pub(super) const INTERVAL: Duration = Duration::from_millis(50);

pub(super) struct Progress<W: Write> {
    total: usize,
    done: AtomicUsize,
    interval: Duration,
    line: Mutex<Line<W>>,
}

struct Line<W> {
    out: W,
    /// When the line was last drawn.
    drawn: Option<Instant>,
    /// Characters on the line now, to be overwritten.
    width: usize,
}

impl<W: Write> Progress<W> {
    pub(super) fn new(total: usize, out: W, interval: Duration) -> Progress<W> {
        Progress {
            total,
            done: AtomicUsize::new(0),
            interval,
            line: Mutex::new(Line {
                out,
                drawn: None,
                width: 0,
            }),
        }
    }

    /// One more file is done. Called by every worker; a worker that finds
    /// another one drawing does not wait for it.
    pub(super) fn tick(&self) {
        let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        let Ok(mut line) = self.line.try_lock() else {
            return;
        };
        if line.drawn.is_some_and(|at| at.elapsed() < self.interval) {
            return;
        }
        let text = format!(
            "Linting {done}/{} files ({}%)",
            self.total,
            done * 100 / self.total.max(1)
        );
        line.replace(&text);
        line.drawn = Some(Instant::now());
    }

    /// Wipes the line, leaving the cursor where the line started, and
    /// returns the writer.
    pub(super) fn finish(self) -> W {
        let mut line = self.line.into_inner().unwrap_or_else(|e| e.into_inner());
        if line.width > 0 {
            line.replace("");
        }
        line.out
    }
}

impl<W: Write> Line<W> {
    /// Overwrites the line with `text` (padding over a longer old one).
    fn replace(&mut self, text: &str) {
        let width = text.chars().count();
        let pad = self.width.saturating_sub(width);
        let back = if text.is_empty() { "\r" } else { "" };
        // A terminal that went away is no reason to stop linting.
        let _ = write!(self.out, "\r{text}{:pad$}{back}", "");
        let _ = self.out.flush();
        self.width = width;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_in_place_and_wipes_the_line() {
        let progress = Progress::new(3, Vec::new(), Duration::ZERO);
        for _ in 0..3 {
            progress.tick();
        }
        let out = String::from_utf8(progress.finish()).unwrap();
        let wipe = format!("\r{}\r", " ".repeat("Linting 3/3 files (100%)".len()));
        assert_eq!(
            out,
            format!(
                "\rLinting 1/3 files (33%)\rLinting 2/3 files (66%)\rLinting 3/3 files (100%){wipe}"
            )
        );
    }

    #[test]
    fn redraws_at_most_once_per_interval() {
        let progress = Progress::new(1000, Vec::new(), Duration::from_secs(3600));
        for _ in 0..1000 {
            progress.tick();
        }
        let out = String::from_utf8(progress.finish()).unwrap();
        assert_eq!(out.matches("Linting").count(), 1, "{out:?}");
        assert!(out.starts_with("\rLinting 1/1000 files (0%)"), "{out:?}");
        assert!(out.ends_with('\r'));
    }

    #[test]
    fn nothing_drawn_means_nothing_to_wipe() {
        let progress = Progress::new(10, Vec::new(), Duration::ZERO);
        assert!(progress.finish().is_empty());
    }

    #[test]
    fn workers_tick_concurrently() {
        let progress = Progress::new(4000, Vec::new(), Duration::ZERO);
        std::thread::scope(|scope| {
            for _ in 0..4 {
                scope.spawn(|| {
                    for _ in 0..1000 {
                        progress.tick();
                    }
                });
            }
        });
        assert_eq!(progress.done.load(Ordering::Relaxed), 4000);
        let out = String::from_utf8(progress.finish()).unwrap();
        assert!(out.contains("files ("), "{out:?}");
        assert!(out.ends_with('\r'));
    }
}
