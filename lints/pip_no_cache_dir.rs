use super::Context;
use crate::diagnostic::{Applicability, Edit};

declare_lint! {
    /// Flags `pip install` without `--no-cache-dir` in the final image
    /// (hadolint DL3042).
    ///
    /// ## Why is this bad?
    /// pip keeps every wheel it downloads or builds in `~/.cache/pip`. In an
    /// image that cache is never reused, yet it ships: often as large as the
    /// installed packages. Not reported when `PIP_NO_CACHE_DIR` is set, when
    /// the `RUN` mounts a cache on the pip cache directory or removes it
    /// (`rm -rf /root/.cache`, `pip cache purge`), or for `uv pip`; only
    /// stages the final image is built from are checked. `# hadolint
    /// ignore=DL3042` suppresses this lint too.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// RUN pip install flask
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// RUN pip install --no-cache-dir flask
    /// ```
    ///
    /// ## Fix
    /// Safe: `--no-cache-dir` is added after `install`.
    pub static PIP_NO_CACHE_DIR = {
        id: "pip-no-cache-dir",
        severity: Warning,
        fix: Safe,
        group: Size,
        hadolint: "DL3042",
        check: check,
    }
}

fn check(cx: &mut Context) {
    for run in cx.runs.final_image() {
        let stage = run.stage;
        // Asked only when there is a finding: most RUNs install nothing
        // with pip, and this searches every word.
        let exempt = || {
            run.mentions(".cache")
                || run.caches(".cache")
                || run.mentions("no-cache-dir") && run.mentions("config")
                || stage.facts.is_set(run.index, "PIP_NO_CACHE_DIR")
        };
        let mut judged = false;
        for command in run.commands {
            let Some(pip) = command.pip_install() else {
                continue;
            };
            let prefixed = command
                .assignments()
                .any(|w| w.text.starts_with("PIP_NO_CACHE_DIR="));
            if pip.uv || prefixed || pip.has_option("--no-cache-dir") {
                continue;
            }
            if !judged {
                if exempt() {
                    break;
                }
                judged = true;
            }
            let verb = command.span_of(pip.install);
            let diagnostic = cx.report(
                verb,
                "`pip install` keeps downloaded wheels in `~/.cache/pip` in the image",
            );
            diagnostic
                .label("cache kept")
                .help("use `pip install --no-cache-dir`, or set `ENV PIP_NO_CACHE_DIR=1`");
            if pip.install.is_written() {
                diagnostic.fix(
                    Applicability::Safe,
                    "add `--no-cache-dir`",
                    vec![Edit::insert(verb.end(), " --no-cache-dir")],
                );
            }
        }
    }
}
