use super::Context;
use crate::diagnostic::{Applicability, Edit};

declare_lint! {
    /// Flags a `RUN` in the final image that runs `yarn install` (or a
    /// bare `yarn`) without `yarn cache clean` in the same `RUN`.
    ///
    /// ## Why is this bad?
    /// Yarn 1 keeps a copy of every package it downloads in its global
    /// cache (`/usr/local/share/.cache/yarn` for root), next to the same
    /// files in `node_modules`: the image carries them twice. `yarn cache
    /// clean`, removing the cache directory (`.cache/yarn`, or
    /// `rm -rf "$(yarn cache dir)"`) and a cache mount count; only stages the final image is built from are checked.
    /// Better than hadolint's `DL3060`, which also reports builder stages
    /// and a removed cache directory, and misses a bare `yarn`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:24-slim
    /// RUN yarn install --frozen-lockfile
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM node:24-slim
    /// RUN yarn install --frozen-lockfile && yarn cache clean
    /// ```
    ///
    /// ## Fix
    /// Unsafe: ` && yarn cache clean` is appended to the `RUN`. With Yarn 2
    /// and later in Plug'n'Play mode the cache holds the installed packages
    /// themselves, and cleaning it breaks the application.
    pub static YARN_CACHE_NOT_CLEANED = {
        id: "yarn-cache-not-cleaned",
        severity: Info,
        fix: Unsafe,
        group: Size,
        hadolint: "DL3060",
        check: check,
    }
}

fn check(cx: &mut Context) {
    let model = cx.model;
    for run in cx.runs.final_image() {
        let mut install = None;
        let mut cleaned = false;
        for command in run.commands {
            let words = command.program();
            // `rm -rf "$(yarn cache dir)"` removes the cache folder itself.
            if words
                .first()
                .is_some_and(|w| crate::shell::basename(&w.text) == "rm")
                && words[1..]
                    .iter()
                    .any(|w| w.text.contains("$(yarn cache dir)"))
            {
                cleaned = true;
                continue;
            }
            if words
                .first()
                .is_none_or(|w| crate::shell::basename(&w.text) != "yarn")
            {
                continue;
            }
            let verb = words[1..].iter().find(|w| !w.text.starts_with('-'));
            let informational = words[1..]
                .iter()
                .any(|w| matches!(w.text.as_str(), "--version" | "-v" | "--help" | "-h"));
            match verb.map(|w| w.text.as_str()) {
                None if informational => {}
                None | Some("install") => {
                    install.get_or_insert((command, verb.unwrap_or(&words[0])));
                }
                Some("cache") => cleaned |= words.iter().any(|w| w.text == "clean"),
                _ => {}
            }
        }
        let Some((command, verb)) = install else {
            continue;
        };
        // Searched for last: it reads every word of the RUN.
        if cleaned || run.mentions(".cache/yarn") || run.caches("yarn") {
            continue;
        }
        let diagnostic = cx.report(
            command.span_of(verb),
            "`yarn install` leaves its package cache in the image",
        );
        diagnostic
            .label("cache kept in this layer")
            .help("clean it in the same RUN: `&& yarn cache clean`");
        if let Some(end) = run.append_point(model) {
            diagnostic.fix(
                Applicability::Unsafe,
                "append `&& yarn cache clean`",
                vec![Edit::insert(end, " && yarn cache clean")],
            );
        }
    }
}
