use super::Context;
use crate::build::{packages, runs};
use crate::diagnostic::{Applicability, Edit};

declare_lint! {
    /// Flags `apk add` without `--no-cache` in the final image (hadolint
    /// DL3019).
    ///
    /// ## Why is this bad?
    /// Without `--no-cache`, apk keeps the package index it downloaded in
    /// `/var/cache/apk`, which then ships in the image. `apk add --no-cache`
    /// fetches the index, installs, and keeps nothing, with no need for
    /// `apk update` or `rm -rf /var/cache/apk/*` (Alpine ≥ 3.3). Not
    /// reported with `--no-network` (nothing is fetched), or when the same
    /// `RUN` removes `/var/cache/apk` or mounts a cache there; only stages the final image is built from are checked.
    /// `# hadolint ignore=DL3019` suppresses this lint too.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.24
    /// RUN apk update && apk add curl
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.24
    /// RUN apk add --no-cache curl
    /// ```
    ///
    /// ## Fix
    /// Safe: `--no-cache` is added after `add`.
    pub static APK_NO_CACHE = {
        id: "apk-no-cache",
        severity: Info,
        fix: Safe,
        group: Size,
        hadolint: "DL3019",
        check: check,
    }
}

fn check(cx: &mut Context) {
    let model = cx.model;
    let Some(last) = model.final_stage() else {
        return;
    };
    for stage in model.chain(last) {
        for run in runs(model, stage) {
            if run.mentions("/var/cache/apk")
                || run.caches("/var/cache/apk")
                || run.caches("/etc/apk/cache")
            {
                continue;
            }
            for command in &run.commands {
                let words = command.program();
                let Some(install) = packages::install(words) else {
                    continue;
                };
                if install.manager != packages::Manager::Apk
                    || words
                        .iter()
                        .any(|w| matches!(w.text.as_str(), "--no-cache" | "--no-network"))
                {
                    continue;
                }
                let verb = command.span_of(install.verb);
                cx.report(
                    verb,
                    "`apk add` keeps the package index in `/var/cache/apk`",
                )
                .label("cache kept")
                .help("use `apk add --no-cache`")
                .fix(
                    Applicability::Safe,
                    "add `--no-cache`",
                    vec![Edit::insert(verb.end, " --no-cache")],
                );
            }
        }
    }
}
