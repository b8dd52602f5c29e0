use super::Context;
use crate::build::binaries::{Linkage, copied_binary};
use crate::build::env::join;
use crate::build::packages;
use crate::model::{Model, Stage};
use crate::syntax::{Form, Keyword};

declare_lint! {
    /// Flags a final stage that only runs a statically linked binary but
    /// sits on a Debian or Ubuntu image.
    ///
    /// ## Why is this bad?
    /// A static binary (Go built with `CGO_ENABLED=0`, Rust for a musl
    /// target or with `crt-static`) needs no libc and no packages. On
    /// `debian:*-slim` or `ubuntu` it still ships a shell, apt and a few
    /// hundred packages: ~30 MB compressed to pull and to scan for CVEs,
    /// against ~2 MB for `gcr.io/distroless/static-debian13`, which also
    /// has CA certificates, time zones and a `nonroot` user.
    ///
    /// Reported only when the entrypoint is that binary in exec form and the
    /// stage runs nothing but `ca-certificates`/`tzdata` installs and user
    /// creation (which distroless replaces). Alpine bases (~4 MB) are not
    /// reported.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.26-trixie AS build
    /// RUN CGO_ENABLED=0 go build -o /out/app .
    ///
    /// FROM debian:trixie-slim
    /// COPY --from=build /out/app /usr/local/bin/app
    /// ENTRYPOINT ["/usr/local/bin/app"]
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM golang:1.26-trixie AS build
    /// RUN CGO_ENABLED=0 go build -o /out/app .
    ///
    /// FROM gcr.io/distroless/static-debian13:nonroot
    /// COPY --from=build /out/app /usr/local/bin/app
    /// ENTRYPOINT ["/usr/local/bin/app"]
    /// ```
    ///
    /// ## Fix
    /// No automatic fix: switching the base drops the shell and apt, and
    /// users must become a numeric `USER` (or the `:nonroot` tag).
    pub static STATIC_BINARY_FULL_BASE = {
        id: "static-binary-full-base",
        severity: Warning,
        fix: None,
        group: Size,
        check: check,
    }
}

/// Packages distroless static already has.
const PROVIDED: &[&str] = &["ca-certificates", "tzdata"];
/// Commands distroless replaces (users) or that only serve installs.
const HARMLESS: &[&str] = &[
    "useradd",
    "adduser",
    "groupadd",
    "addgroup",
    "rm",
    "mkdir",
    "chown",
    "chmod",
    "update-ca-certificates",
    "true",
];

fn check(cx: &mut Context) {
    let model = cx.model;
    let Some(last) = model.final_stage() else {
        return;
    };
    let Some((root, image)) = model.root_image(last) else {
        return;
    };
    let d = image.describe();
    let os = matches!(d.official.map(|f| f.name), Some("debian" | "ubuntu"));
    if !os || !only_harmless_runs(cx.runs, last) {
        return;
    }
    let Some(entry) = entrypoint(model, last) else {
        return;
    };
    let chain = model.chain(last);
    for copy in chain.iter().flat_map(|s| &s.copies_from) {
        let Some(from) = copy.stage.map(|i| &model.stages[i]) else {
            continue;
        };
        let Some(dest) = &copy.dest else { continue };
        for source in &copy.sources {
            let target = if dest.ends_with('/') {
                join(dest, crate::pip::basename(source))
            } else {
                join("/", dest)
            };
            if join("/", &entry) != target
                && crate::pip::basename(&entry) != crate::pip::basename(&target)
            {
                continue;
            }
            let Some(binary) = copied_binary(cx.runs, from, source) else {
                continue;
            };
            if binary.linkage != Linkage::Static {
                continue;
            }
            let size = d
                .size_mb
                .map(|mb| format!(" (~{mb:.0} MB compressed vs ~2 MB)"))
                .unwrap_or_default();
            cx.report(
                image.span,
                format!(
                    "the final image only runs `{entry}`, a static binary ({}), yet builds on `{}`{size}",
                    binary.reason,
                    image.without_digest()
                ),
            )
            .label("OS base for a static binary")
            .secondary(model.instruction(copy.instruction).span, "static binary copied here")
            .help(format!(
                "use `{}:nonroot` (CA certificates, tzdata, user 65532) or `scratch`",
                crate::knowledge::distroless_ref("static")
            ));
            let _ = root;
            return;
        }
    }
}

/// The program of an exec-form ENTRYPOINT (or CMD without one).
fn entrypoint(model: &Model, stage: &Stage) -> Option<String> {
    let mut entry = None;
    let mut cmd = None;
    for s in model.chain(stage).into_iter().rev() {
        for &i in &s.body {
            let instruction = model.instruction(i);
            let slot = match instruction.kind {
                Keyword::Entrypoint => &mut entry,
                Keyword::Cmd => &mut cmd,
                _ => continue,
            };
            *slot = Some(match &instruction.form {
                Form::Exec(args) => args.first().cloned(),
                Form::Shell => None,
            });
        }
    }
    entry.or(cmd).flatten()
}

fn only_harmless_runs<'m>(runs: &'m crate::build::Runs<'m>, stage: &'m Stage) -> bool {
    runs.chain(stage).iter().all(|run| {
        run.commands.iter().all(|c| {
            let words = c.program();
            let Some(program) = words.first() else {
                return true;
            };
            if let Some(install) = c.install() {
                return install
                    .packages
                    .iter()
                    .all(|p| PROVIDED.contains(&packages::package_name(&p.text)));
            }
            packages::is_update(words)
                || matches!(
                    words.get(1).map(|w| w.text.as_str()),
                    Some("clean" | "dist-clean")
                )
                || HARMLESS.contains(&crate::pip::basename(&program.text))
        })
    })
}
