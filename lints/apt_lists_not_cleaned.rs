use super::Context;
use crate::build::packages;
use crate::diagnostic::{Applicability, Edit};

declare_lint! {
    /// Flags a `RUN` that runs `apt-get update` in the final image without
    /// removing `/var/lib/apt/lists` in the same `RUN` (hadolint DL3009).
    ///
    /// ## Why is this bad?
    /// `apt-get update` downloads package lists (tens of MB) into
    /// `/var/lib/apt/lists`. Unless the same `RUN` deletes them, they stay
    /// in that layer of the image forever; deleting them in a later `RUN`
    /// does not shrink it. `rm -rf /var/lib/apt/lists/*`, `apt-get
    /// dist-clean` (trixie and later) and a cache mount on
    /// `/var/lib/apt/lists` all count as cleaning. Only stages the final
    /// image is built from are checked. `# hadolint ignore=DL3009`
    /// suppresses this lint too.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:trixie-slim
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:trixie-slim
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl \
    ///  && rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// ## Fix
    /// Safe: ` && rm -rf /var/lib/apt/lists/*` is appended to the `RUN`,
    /// unless a later `RUN` may use the lists without its own `apt-get
    /// update`: any apt command in it (`xargs -a pkgs apt-get install`,
    /// `sh -c "apt-get …"`), or a shell script fromlint cannot read; or
    /// unless the `RUN` is a heredoc or ends in `;` or `&`.
    pub static APT_LISTS_NOT_CLEANED = {
        id: "apt-lists-not-cleaned",
        severity: Info,
        fix: Safe,
        group: Size,
        hadolint: "DL3009",
        check: check,
    }
}

fn check(cx: &mut Context) {
    let model = cx.model;
    let Some(last) = model.final_stage() else {
        return;
    };
    let all_runs = cx.runs.chain(last);
    let is_apt_update = |words: &[crate::shell::Word]| {
        packages::is_update(words) && matches!(words[0].text.as_str(), "apt-get" | "apt")
    };
    // `relies_after[i]`: a RUN after the i-th reads the lists without
    // updating them first. One pass from the end keeps this linear; made
    // only for a file with a finding.
    let relies_after = std::cell::OnceCell::new();
    let relies_after = || {
        relies_after.get_or_init(|| {
            let mut relies_after = vec![false; all_runs.len()];
            let mut relies = false;
            for (position, run) in all_runs.iter().enumerate().rev() {
                relies_after[position] = relies;
                let updates = run.commands.iter().any(|c| is_apt_update(c.program()));
                relies |= !updates && run.commands.iter().any(|c| may_use_lists(c.program()));
            }
            relies_after
        })
    };
    for (position, run) in all_runs.iter().enumerate() {
        let Some(update) = run.commands.iter().find(|c| is_apt_update(c.program())) else {
            continue;
        };
        // `wrong-package-manager` reports an apt-get that is not there.
        if crate::build::foreign_package_manager(model, run.stage, run.index, "apt-get").is_some() {
            continue;
        }
        if run.mentions("/var/lib/apt/lists")
            || run.mentions("dist-clean")
            || run.caches("/var/lib/apt/lists")
        {
            continue;
        }
        let end = run.append_point(model);
        let diagnostic = cx.report(
            update.span_of(&update.program()[1]),
            "`apt-get update` leaves its package lists in the image",
        );
        diagnostic
            .label("lists kept in this layer")
            .help("remove them in the same RUN: `&& rm -rf /var/lib/apt/lists/*`");
        if let Some(end) = end
            && !relies_after()[position]
        {
            diagnostic.fix(
                Applicability::Safe,
                "remove the lists in the same RUN",
                vec![Edit::insert(end, " && rm -rf /var/lib/apt/lists/*")],
            );
        }
    }
}

/// Whether a command may read apt's package lists: apt itself anywhere in
/// it (`xargs -a pkgs apt-get install`), in a nested script (`sh -c
/// "apt-get install …"`, a command of its own), or a
/// script whose contents the lint cannot see (`./install-deps.sh`).
fn may_use_lists(words: &[crate::shell::Word]) -> bool {
    const APT: &[&str] = &[
        "apt-get",
        "apt",
        "apt-cache",
        "aptitude",
        "add-apt-repository",
    ];
    // `sh -c "apt-get …"` strings are parsed into commands of their own.
    let mentions_apt = words
        .iter()
        .any(|w| APT.contains(&crate::pip::basename(&w.text)));
    let script = |w: &crate::shell::Word| w.text.ends_with(".sh");
    let runs_script = words.first().is_some_and(|w| {
        script(w)
            || (matches!(crate::pip::basename(&w.text), "sh" | "bash")
                && words.get(1).is_some_and(script))
    });
    mentions_apt || runs_script
}
