use super::Context;
use crate::build::packages;
use crate::diagnostic::{Applicability, Edit};

declare_lint! {
    /// Flags `apk add` without `--no-cache`, `apk add -U`/`--update` and
    /// `apk update` in the final image (hadolint DL3019).
    ///
    /// ## Why is this bad?
    /// Without `--no-cache`, apk keeps the package index it downloaded in
    /// `/var/cache/apk`, which then ships in the image. `apk add --no-cache`
    /// fetches the index, installs, and keeps nothing, with no need for
    /// `apk update` or `rm -rf /var/cache/apk/*` (Alpine ≥ 3.3). Not
    /// reported with `--no-network` (nothing is fetched), or when the same
    /// `RUN` removes `/var/cache/apk` or mounts a cache there; only stages the final image is built from are checked.
    /// `apk update` and `apk add -U` write the index to the cache even when
    /// the install has `--no-cache`, so they are reported too.
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
    /// Safe: `--no-cache` is added after `add` (replacing `-U`/`--update`),
    /// and an `apk update` joined to later commands with `&&` or `;` is
    /// dropped, each later `apk add`/`upgrade`/`del` of the RUN getting
    /// `--no-cache`. An `apk update` in a RUN of its own, or followed by
    /// other apk commands that need the index, has no fix.
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
    for run in cx.runs.final_image() {
        // Asked only when there is a finding: it searches every word.
        let exempt = || {
            run.mentions("/var/cache/apk")
                || run.caches("/var/cache/apk")
                || run.caches("/etc/apk/cache")
        };
        let mut judged = false;
        for (i, command) in run.commands.iter().enumerate() {
            let words = command.program();
            // `wrong-package-manager` reports an apk that is not there.
            if words.first().is_some_and(|w| {
                crate::build::foreign_package_manager(model, run.stage, run.index, &w.text)
                    .is_some()
            }) {
                continue;
            }
            let install = if is_update(words) {
                None
            } else {
                match command.install() {
                    Some(install)
                        if install.manager == packages::Manager::Apk
                            && !words.iter().any(|w| {
                                matches!(w.text.as_str(), "--no-cache" | "--no-network")
                            }) =>
                    {
                        Some(install)
                    }
                    _ => continue,
                }
            };
            if !judged {
                if exempt() {
                    break;
                }
                judged = true;
            }
            let Some(install) = install else {
                update(cx, run, i);
                continue;
            };
            let verb = command.span_of(install.verb);
            // `-U`/`--update` fetches the index into the cache; with
            // `--no-cache` it is fetched and not kept, so the flag goes.
            let update_flag = words
                .iter()
                .find(|w| UPDATE_FLAGS.contains(&w.text.as_str()));
            let (message, edit) = match update_flag {
                Some(flag) => (
                    format!(
                        "`apk add {}` keeps the package index in `/var/cache/apk`",
                        flag.text
                    ),
                    Edit::replace(command.span_of(flag), "--no-cache"),
                ),
                None => (
                    "`apk add` keeps the package index in `/var/cache/apk`".to_string(),
                    Edit::insert(verb.end(), " --no-cache"),
                ),
            };
            cx.report(verb, message)
                .label("cache kept")
                .help("use `apk add --no-cache`, which fetches the index without keeping it")
                .fix(Applicability::Safe, "use `--no-cache`", vec![edit]);
        }
    }
}

const UPDATE_FLAGS: &[&str] = &["-U", "--update-cache", "--update"];

/// `apk update`: it writes the index to `/var/cache/apk`.
fn is_update(words: &[crate::shell::Word]) -> bool {
    words.first().is_some_and(|w| w.text == "apk")
        && words
            .iter()
            .skip(1)
            .find(|w| !w.text.starts_with('-'))
            .is_some_and(|w| w.text == "update")
}

/// Reports the `apk update` that is command `i` of `run`. The fix drops it
/// when it is followed by other commands joined with `&&` or `;` and every
/// later `apk` command of the RUN installs or upgrades (and so gets
/// `--no-cache`, which fetches the index itself).
fn update(cx: &mut Context, run: &crate::build::Run, i: usize) {
    let command = &run.commands[i];
    let words = command.words();
    let start = command.span_of(&words[0]).start();
    let end = command.span_of(&words[words.len() - 1]).end();
    let mut edits = Vec::new();
    // The next command when the two are joined by `&&`, `;` or a newline.
    let next = cx
        .model
        .run_scripts(run.index)
        .iter()
        .find_map(|s| crate::shell::walk::next_command(&s.tree.body, command.command))
        .and_then(|next| {
            run.commands
                .iter()
                .find(|c| std::ptr::eq(c.command, next) && !c.words().is_empty())
        });
    let mut fixable = next.is_some();
    for later in &run.commands[i + 1..] {
        let program = later.program();
        if program.first().is_none_or(|w| w.text != "apk") {
            continue;
        }
        let verb = program.iter().skip(1).find(|w| !w.text.starts_with('-'));
        match verb.map(|w| w.text.as_str()) {
            Some("add" | "upgrade" | "del") => {
                if !program.iter().any(|w| w.text == "--no-cache") {
                    let verb = verb.expect("matched");
                    edits.push(Edit::insert(later.span_of(verb).end(), " --no-cache"));
                }
            }
            _ => fixable = false,
        }
    }
    let diagnostic = cx.report(
        crate::span::Span::new(start, end),
        "`apk update` keeps the package index in `/var/cache/apk`",
    );
    diagnostic.label("cache kept").help(
        "drop `apk update` and use `apk add --no-cache`, which fetches the index without keeping it",
    );
    if let (true, Some(next)) = (fixable, next) {
        let to = next.span_of(&next.words()[0]).start();
        edits.insert(0, Edit::replace(crate::span::Span::new(start, to), ""));
        diagnostic.fix(
            Applicability::Safe,
            "drop `apk update` and use `apk add --no-cache`",
            edits,
        );
    }
}
