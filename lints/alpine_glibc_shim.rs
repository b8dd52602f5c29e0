use super::Context;
use crate::build::packages;
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
    /// Only the stages the final image is built from are checked: a shim in
    /// a builder or `deps` stage that is never shipped (the pattern the
    /// Node.js image documents for native modules) is left alone. When
    /// everything the final image copies in comes from a musl-based builder
    /// (an Alpine stage), what it runs needs no glibc and the help says to
    /// drop the shim. On BellSoft's Alpaquita, which publishes every image
    /// for musl and glibc, the help names the glibc flavour of the same
    /// image (`alpaquita-linux-base:stream-musl` → `stream-glibc`).
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
    // Only what ships: a shim in a builder or deps stage (the pattern the
    // Node.js image documents for `npm ci`) never reaches production.
    let Some(last) = model.final_stage() else {
        return;
    };
    let chain = model.chain(last);
    let musl_built = musl_built_binaries(model, &chain);
    for stage in &chain {
        if model.describe(stage).and_then(|d| d.libc) != Some(Libc::Musl) {
            continue;
        }
        for run in cx.runs.of(stage) {
            for command in run.commands {
                let Some(install) = command.install() else {
                    continue;
                };
                for word in &install.packages {
                    let Some(shim) = glibc_shim(packages::package_name(&word.text)) else {
                        continue;
                    };
                    // Alpaquita publishes every image for glibc too.
                    let flavour = match model.origin(stage) {
                        crate::model::Origin::Image(image) => {
                            crate::knowledge::glibc_flavour(&image.full_name(), image.tag_text())
                        }
                        _ => None,
                    };
                    let help = match (&musl_built, flavour) {
                        (Some(builder), _) => format!(
                            "what this image runs is built on musl (in `{builder}`), so it needs no glibc: drop the shim"
                        ),
                        (None, Some(glibc)) => format!(
                            "if the software needs glibc, use the glibc flavour of the same image, `{glibc}`"
                        ),
                        (None, None) => format!(
                            "if the software needs glibc, use a glibc-based slim image (e.g. `debian:{}-slim` or the runtime's `-slim` tag)",
                            crate::knowledge::debian_current()
                        ),
                    };
                    cx.report(
                        command.span_of(word),
                        format!(
                            "{} runs some glibc binaries on musl, with partial compatibility only",
                            if shim.starts_with("the") {
                                shim.to_string()
                            } else {
                                format!("`{shim}`")
                            }
                        ),
                    )
                    .label("glibc shim")
                    .help(help);
                }
            }
        }
    }
}

/// The builder stage the final image's files come from, when every stage
/// it copies from is itself musl-based (an Alpine builder): its binaries
/// are built against musl and need no glibc.
fn musl_built_binaries(
    model: &crate::model::Model,
    chain: &[&crate::model::Stage],
) -> Option<String> {
    let copies: Vec<_> = chain.iter().flat_map(|s| &s.copies_from).collect();
    if copies.is_empty() {
        return None;
    }
    let mut builder = None;
    for copy in copies {
        let stage = &model.stages[copy.stage?];
        let musl = model
            .chain(stage)
            .iter()
            .any(|s| model.describe(s).and_then(|d| d.libc) == Some(Libc::Musl));
        if !musl {
            return None;
        }
        builder = Some(
            stage
                .name
                .as_ref()
                .map_or_else(|| stage.index.to_string(), |n| n.text.to_string()),
        );
    }
    builder
}
