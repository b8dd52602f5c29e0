use super::Context;
use crate::build::{packages, runs};
use crate::knowledge::{Libc, glibc_shim};

declare_lint! {
    /// Flags glibc compatibility shims on Alpine: `gcompat`, `libc6-compat`
    /// and third-party glibc apks.
    ///
    /// ## Why is this bad?
    /// A shim makes some glibc binaries start on musl, not all: it covers
    /// part of the glibc ABI, behaviour differs (DNS, locales, thread stack
    /// sizes), and the third-party `glibc` apks install a second C library
    /// outside Alpine's packaging and security updates. If the software needs
    /// glibc, a glibc-based slim image (`debian:trixie-slim`, `node:24-slim`,
    /// `python:3.12-slim`) runs it as built, for a few more megabytes.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:24-alpine3.24
    /// RUN apk add --no-cache libc6-compat
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM node:24-bookworm-slim
    /// ```
    ///
    /// ## Fix
    /// No automatic fix: moving to a Debian-based image changes the package
    /// manager (`apk` → `apt`).
    pub static ALPINE_GLIBC_SHIM = {
        id: "alpine-glibc-shim",
        severity: Info,
        fix: None,
        group: Correctness,
        check: check,
    }
}

fn check(cx: &mut Context) {
    let model = cx.model;
    for stage in &model.stages {
        if model.describe(stage).and_then(|d| d.libc) != Some(Libc::Musl) {
            continue;
        }
        for run in runs(model, stage) {
            for command in &run.commands {
                let Some(install) = packages::install(command.program()) else {
                    continue;
                };
                for word in &install.packages {
                    let Some(shim) = glibc_shim(packages::package_name(&word.text)) else {
                        continue;
                    };
                    cx.report(
                        command.span_of(word),
                        format!("{} runs some glibc binaries on musl, with partial compatibility only", if shim.starts_with("the") { shim.to_string() } else { format!("`{shim}`") }),
                    )
                    .label("glibc shim")
                    .help(format!("if the software needs glibc, use a glibc-based slim image (e.g. `debian:{}-slim` or the runtime's `-slim` tag)", crate::knowledge::debian_current()));
                }
            }
        }
    }
}
