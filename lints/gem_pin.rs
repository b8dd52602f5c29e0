use super::{Context, package_operands, report_unpinned};

declare_lint! {
    /// Flags gems in `gem install` without a version (`bundler` rather
    /// than `bundler:2.6.9` or `bundler -v 2.6.9`).
    ///
    /// ## Why is this bad?
    /// Without a version, a rebuild installs the newest release of the gem
    /// that day, which may need a newer Ruby or break the application.
    /// `-v`/`--version` pins the gems of the command; local `.gem` files and
    /// gems from variables are not judged (hadolint reports local files).
    /// In the opt-in `pinning` group.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM ruby:3.4-slim
    /// RUN gem install bundler
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM ruby:3.4-slim
    /// RUN gem install bundler:2.6.9
    /// ```
    ///
    /// ## Fix
    /// None: the version to pin is yours to choose.
    pub static GEM_PIN = {
        id: "gem-pin",
        severity: Warning,
        fix: None,
        group: Pinning,
        default: false,
        hadolint: "DL3028",
        check: check,
    }
}

const WITH_VALUES: &[&str] = &[
    "-i",
    "--install-dir",
    "-n",
    "--bindir",
    "-s",
    "--source",
    "-p",
    "--http-proxy",
    "--platform",
    "-g",
    "--file",
    "--document",
    "-P",
    "--trust-policy",
    "--build-root",
];

fn check(cx: &mut Context) {
    let model = cx.model;
    for stage in &model.stages {
        for run in cx.runs.commands_in(stage) {
            if run.name() != Some("gem") || run.args().first().is_none_or(|w| w.text != "install") {
                continue;
            }
            let args = run.args();
            let versioned = args.iter().any(|w| {
                matches!(w.text.as_str(), "-v" | "--version")
                    || w.text.starts_with("--version=")
                    || (w.text.starts_with("-v") && w.text.len() > 2 && !w.text.starts_with("--"))
            });
            if versioned {
                continue;
            }
            for word in package_operands(args, &["install"], WITH_VALUES) {
                let text = word.text.as_str();
                if text.contains([':', '$', '/']) || text.ends_with(".gem") {
                    continue;
                }
                report_unpinned(cx, word, format!("{text}:<version>"));
            }
        }
    }
}
