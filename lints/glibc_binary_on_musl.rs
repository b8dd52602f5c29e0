use super::Context;
use crate::build::packages;
use crate::knowledge::{Libc, glibc_only_download, glibc_shim};

declare_lint! {
    /// Flags a program built for glibc that a RUN downloads (`curl`,
    /// `wget`) into an Alpine (musl) stage of the final image.
    ///
    /// ## Why is this bad?
    /// A program linked against glibc does not start on musl: the shell
    /// answers `not found` for a file that is plainly there (the missing
    /// file is glibc's loader, `/lib64/ld-linux-x86-64.so.2`), or it fails
    /// later on a missing symbol. fromlint recognises downloads whose name
    /// says glibc: a `-linux-gnu` target triple (`x86_64-unknown-linux-gnu`,
    /// the Rust and LLVM name for glibc Linux) and the Node.js tarballs from
    /// nodejs.org (`node-v24.11.0-linux-x64.tar.xz`), which are built
    /// against glibc (the official `node:*-alpine` images install the
    /// `-musl` builds from unofficial-builds.nodejs.org instead). Names that
    /// say `musl` are not reported, nor stages with a glibc shim (`gcompat`,
    /// reported by `alpine-glibc-shim`), nor builder stages whose files the
    /// final image does not run.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.24
    /// RUN wget -qO- https://example.com/tool-x86_64-unknown-linux-gnu.tar.gz | tar -xz -C /usr/local/bin
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.24
    /// RUN wget -qO- https://example.com/tool-x86_64-unknown-linux-musl.tar.gz | tar -xz -C /usr/local/bin
    /// ```
    ///
    /// ## Fix
    /// No automatic fix: download the `musl` build when the project
    /// publishes one, or use a glibc-based slim image (`debian:trixie-slim`).
    pub static GLIBC_BINARY_ON_MUSL = {
        id: "glibc-binary-on-musl",
        severity: Error,
        fix: None,
        group: Correctness,
        check: check,
    }
}

fn check(cx: &mut Context) {
    let model = cx.model;
    let Some(last) = model.final_stage() else {
        return;
    };
    let chain = model.chain(last);
    let shimmed = chain.iter().any(|stage| {
        cx.runs.of(stage).iter().any(|run| {
            run.commands.iter().any(|command| {
                command.install().is_some_and(|install| {
                    install
                        .packages
                        .iter()
                        .any(|p| glibc_shim(packages::package_name(&p.text)).is_some())
                })
            })
        })
    });
    if shimmed {
        return;
    }
    for stage in &chain {
        if model.describe(stage).and_then(|d| d.libc) != Some(Libc::Musl) {
            continue;
        }
        for run in cx.runs.of(stage) {
            for command in run.commands {
                let program = command.program();
                let is_download = program
                    .first()
                    .is_some_and(|w| matches!(crate::shell::basename(&w.text), "curl" | "wget"));
                if !is_download {
                    continue;
                }
                for word in &program[1..] {
                    let url = word.text.trim_matches(['"', '\'']);
                    let Some(why) = glibc_only_download(url) else {
                        continue;
                    };
                    let file = url.rsplit('/').next().unwrap_or(url);
                    cx.report(
                        command.span_of(word),
                        format!(
                            "`{file}` is {why}, but this stage runs on musl (Alpine): it fails to start"
                        ),
                    )
                    .label("glibc build on musl")
                    .help(format!(
                        "download the project's `musl` build if it publishes one, or use a glibc-based slim image (e.g. `debian:{}-slim`)",
                        crate::knowledge::debian_current()
                    ));
                }
            }
        }
    }
}
