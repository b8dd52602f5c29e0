use super::{Context, package_operands, report_unpinned};

declare_lint! {
    /// Flags packages in `npm install` without a version (`express`
    /// rather than `express@5.1.0`), with the `latest` or `next` tag, or
    /// from a Git repository without a ref (`user/repo` rather than
    /// `user/repo#v1.2.0`).
    ///
    /// ## Why is this bad?
    /// Without a version, a rebuild installs whatever the registry has
    /// that day; a global tool (`npm install -g`) is not covered by the
    /// project's lockfile either. `npm install` without packages installs
    /// what `package.json` and the lockfile say, and is not judged; neither
    /// are local paths, tarballs and packages from variables. hadolint
    /// accepts `@latest`, which pins nothing, and a Git ref after `#`;
    /// this lint reports the first and accepts the second. In the opt-in
    /// `pinning` group.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:24-slim
    /// RUN npm install -g pnpm
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM node:24-slim
    /// RUN npm install -g pnpm@10.12.1
    /// ```
    ///
    /// ## Fix
    /// None: the version to pin is yours to choose.
    pub static NPM_PIN = {
        id: "npm-pin",
        severity: Warning,
        fix: None,
        group: Pinning,
        default: false,
        hadolint: "DL3016",
        check: check,
    }
}

const INSTALL: &[&str] = &["install", "i", "in", "add", "isntall"];

const WITH_VALUES: &[&str] = &[
    "--prefix",
    "--registry",
    "--cache",
    "--loglevel",
    "--omit",
    "--include",
    "--install-strategy",
    "--workspace",
    "-w",
    "--userconfig",
    "--globalconfig",
    "--tag",
    "--before",
    "--location",
];

fn check(cx: &mut Context) {
    let model = cx.model;
    for stage in &model.stages {
        for run in cx.runs.commands_in(stage) {
            if run.name() != Some("npm") {
                continue;
            }
            // The subcommand is the first operand (`npm -g install x`).
            let args = run.args();
            let Some(verb) = args.iter().position(|w| !w.text.starts_with('-')) else {
                continue;
            };
            if !INSTALL.contains(&args[verb].text.as_str()) {
                continue;
            }
            for word in package_operands(&args[verb..], INSTALL, WITH_VALUES) {
                if !is_unpinned(&word.text) {
                    continue;
                }
                let name = word.text.split('#').next().unwrap_or_default();
                let name = strip_version(name);
                report_unpinned(cx, word, format!("{name}@<version>"));
            }
        }
    }
}

/// `@scope/name@1.2` → `@scope/name`.
fn strip_version(spec: &str) -> &str {
    let from = usize::from(spec.starts_with('@'));
    match spec[from..].find('@') {
        Some(at) => &spec[..from + at],
        None => spec,
    }
}

fn is_unpinned(spec: &str) -> bool {
    if spec.is_empty()
        || spec.contains('$')
        || spec.starts_with(['.', '/', '~'])
        || spec.starts_with("file:")
        || [".tgz", ".tar.gz", ".tar"]
            .iter()
            .any(|e| spec.ends_with(e))
    {
        return false;
    }
    let git = spec.starts_with("git")
        || spec.starts_with("github:")
        || spec.starts_with("gitlab:")
        || spec.starts_with("bitbucket:")
        || (!spec.starts_with('@') && spec.contains('/') && !spec.contains("://"));
    if git {
        return !spec.contains('#');
    }
    if spec.contains("://") {
        return false;
    }
    let version = &spec[strip_version(spec).len()..];
    match version.strip_prefix('@') {
        None => true,
        Some(tag) => matches!(tag, "" | "latest" | "next"),
    }
}
