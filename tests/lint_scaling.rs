//! Linting time grows linearly with the input: each file shape is linted
//! at n and 2n instructions with every in-process lint on, and the time ratio must stay
//! far from the 4 a quadratic path gives (see `timing` for how time is
//! measured so that a busy machine does not fail the test).

mod timing;

use fromlint::check::check_source;
use fromlint::lints::{Settings, in_process};

/// Asserts that linting `file(2n)` takes at most about twice as long as
/// linting `file(n)`.
fn assert_linear(name: &str, n: usize, file: impl Fn(usize) -> String) {
    let settings = Settings::only(&in_process());
    let (small, large) = (file(n), file(2 * n));
    let lint = |source: &str| {
        std::hint::black_box(check_source(source, &settings));
    };
    timing::assert_linear(name, n, &|| lint(&small), &|| lint(&large));
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
    // Pipes (pipefail), package lists, installs and downloads (the apt, pip
    // and wget/curl lints), all in one stage. `apt-get update` in every
    // RUN: `apt-lists-not-cleaned` once looked through every later RUN for
    // each one that fetched the lists (16,000 lines took 18 s).
    assert_linear("RUN lines", 2_000, |n| {
        lines(
            "FROM python:3.12-slim\nENV PIP_NO_CACHE_DIR=1\n",
            0,
            n,
            |i| {
                format!(
                    "RUN apt-get update && apt-get install -y pkg{i} && pip install dep{i} && curl -fsSL https://x/{i} | sh\n"
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

#[test]
fn a_run_of_foreign_package_manager_commands_is_linear() {
    // `apt-get` on Alpine: whether a RUN chooses its package manager reads
    // the whole RUN, and each lint about apt asked it again for each of its
    // commands (a RUN of 4,000 commands took 0.65 s).
    assert_linear("foreign package manager commands", 400, |n| {
        let commands: Vec<String> = (0..n).map(|i| format!("apt-get install -y p{i}")).collect();
        format!("FROM alpine:3.20\nRUN {}\n", commands.join(" && "))
    });
}

#[test]
fn copied_archives_unpacked_later_are_linear() {
    // copy-archive-then-extract looked through the later RUNs of the stage
    // for each archive copied.
    assert_linear("archives then tar", 500, |n| {
        let copies = lines("FROM alpine:3.20\n", 0, n, |i| {
            format!("COPY a{i}.tar.gz /b/\n")
        });
        lines(&copies, 0, n, |i| format!("RUN tar xf /b/a{i}.tar.gz\n"))
    });
}

#[test]
fn undefined_variables_in_a_chain_of_stages_are_linear() {
    // Each stage inherits the ENV of those before it: undefined-var
    // gathered every stage's names with the inherited ones (quadratic time
    // and memory in the length of the chain).
    assert_linear("undefined variables in a chain", 600, |n| {
        lines("FROM scratch AS s0\n", 0, n, |i| {
            format!("FROM s{i} AS s{}\nENV E{i}=x\nRUN echo $U{i}\n", i + 1)
        })
    });
}

#[test]
fn global_args_read_by_name_are_linear() {
    // Each global ARG read by name (a stage's `ARG NAME`, a FROM's
    // variable, undefined-arg-in-from) searched all of them; a FROM
    // variable no global ARG declares was compared with each for "did you
    // mean" without a budget.
    assert_linear("global ARGs read by name", 1_500, |n| {
        let globals = lines("", 0, n, |i| format!("ARG A{i}=alpine\n"));
        let stage = lines(&globals, 0, n, |i| {
            format!("FROM $A{i}:3.20 AS s{i}\nARG A{i}\n")
        });
        lines(&stage, 0, n, |i| format!("FROM $B{i}\n"))
    });
}

#[test]
fn one_env_of_many_pairs_is_linear() {
    // env-self-reference looked through the pairs the ENV had set so far
    // for each variable a value reads.
    assert_linear("one ENV of many pairs", 5_000, |n| {
        let pairs: Vec<String> = (0..n).map(|i| format!("A{}=$A{i}", i + 1)).collect();
        format!("FROM alpine:3.20\nENV A0=x {}\n", pairs.join(" "))
    });
}
