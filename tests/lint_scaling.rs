//! Linting time grows linearly with the input: each file shape is linted
//! at n and 2n instructions with every lint on, and the time ratio must stay
//! far from the 4 a quadratic path gives. Times are the best of three runs,
//! so a busy machine does not fail the test.

use std::time::{Duration, Instant};

use fromlint::check::check_source;
use fromlint::lints::{ALL, Settings};

fn best_of_three(source: &str, settings: &Settings) -> Duration {
    (0..3)
        .map(|_| {
            let started = Instant::now();
            std::hint::black_box(check_source(source, settings));
            started.elapsed()
        })
        .min()
        .unwrap()
}

/// Asserts that linting `file(2n)` takes at most about twice as long as
/// linting `file(n)`.
fn assert_linear(name: &str, n: usize, file: impl Fn(usize) -> String) {
    let settings = Settings::only(ALL);
    let (small, large) = (file(n), file(2 * n));
    let t1 = best_of_three(&small, &settings);
    let t2 = best_of_three(&large, &settings);
    let ratio = t2.as_secs_f64() / t1.as_secs_f64().max(1e-6);
    eprintln!(
        "{name}: {t1:?} for {n}, {t2:?} for {}: ratio {ratio:.2}",
        2 * n
    );
    assert!(
        ratio < 3.0,
        "{name} is not linear: ratio {ratio:.2} ({t1:?} → {t2:?})"
    );
}

/// `header` then `line(i)` for `i` in `from..n`.
fn lines(header: &str, from: usize, n: usize, line: impl Fn(usize) -> String) -> String {
    let mut text = header.to_string();
    for i in from..n {
        text += &line(i);
    }
    text
}

#[test]
fn one_stage_of_run_lines_is_linear() {
    // Pipes (pipefail), package installs and downloads (the apt, pip and
    // wget/curl lints), all in one stage.
    assert_linear("RUN lines", 2_000, |n| {
        lines(
            "FROM python:3.12-slim\nENV PIP_NO_CACHE_DIR=1\n",
            0,
            n,
            |i| {
                format!(
                    "RUN apt-get install -y pkg{i} && pip install dep{i} && curl -fsSL https://x/{i} | sh\n"
                )
            },
        )
    });
}

#[test]
fn a_chain_of_stages_is_linear() {
    assert_linear("stage chain", 1_500, |n| {
        lines("FROM gcr.io/distroless/static AS s0\n", 1, n, |i| {
            format!(
                "FROM s{} AS s{i}\nWORKDIR /w{i}\nCOPY a{i} b{i}\nRUN echo {i} | tee /x\n",
                i - 1
            )
        })
    });
}

#[test]
fn label_lines_are_linear() {
    assert_linear("LABEL lines", 8_000, |n| {
        lines("FROM alpine:3.20\n", 0, n, |i| {
            format!("LABEL org.example.key{i}=\"value {i}\" other{i}=x\n")
        })
    });
}
