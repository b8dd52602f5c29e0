use super::Context;
use crate::build::packages::{self, Manager};
use crate::diagnostic::{Applicability, Edit};

declare_lint! {
    /// Flags a `RUN` in the final image that installs or upgrades packages
    /// with `yum`, `dnf`, `microdnf`, `tdnf` or `zypper` and does not clean
    /// the package manager's cache in the same `RUN`.
    ///
    /// ## Why is this bad?
    /// These package managers keep repository metadata (often 100 MB or
    /// more) and sometimes the downloaded packages under `/var/cache`.
    /// Unless the same `RUN` removes them, they stay in that layer of the
    /// image; a later `RUN` cannot take them out. `yum clean all`, `dnf
    /// clean all`, `microdnf clean all`, `zypper clean`, removing
    /// `/var/cache/dnf` (`yum`, `zypp`, `libdnf5`) and a cache mount there
    /// all count. Only stages the final image is built from are checked.
    /// Better than hadolint (`DL3032` yum, `DL3040` dnf and microdnf,
    /// `DL3036` zypper, all mapped here), which reports builder stages, a
    /// cache mount and a removed `/var/cache/zypp`, and accepts `dnf clean
    /// packages`, which leaves the metadata.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM rockylinux/rockylinux:9
    /// RUN dnf install -y httpd
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM rockylinux/rockylinux:9
    /// RUN dnf install -y httpd && dnf clean all
    /// ```
    ///
    /// ## Fix
    /// Safe: ` && <manager> clean all` (zypper: `clean --all`) is appended
    /// to the `RUN`; the managers fetch metadata again when a later command
    /// needs it. No fix for heredocs or when the command runs through a
    /// wrapper (`sudo dnf …`).
    pub static RPM_CACHE_NOT_CLEANED = {
        id: "rpm-cache-not-cleaned",
        severity: Warning,
        fix: Safe,
        group: Size,
        hadolint: ["DL3032", "DL3040", "DL3036"],
        check: check,
    }
}

const CACHES: &[&str] = &[
    "/var/cache/yum",
    "/var/cache/dnf",
    "/var/cache/libdnf5",
    "/var/cache/zypp",
];

fn check(cx: &mut Context) {
    let model = cx.model;
    for run in cx.runs.final_image() {
        let mut filling = None;
        let mut cleaned = false;
        for command in run.commands {
            let words = command.program();
            let Some((manager, verb)) = command.package_subcommand() else {
                continue;
            };
            let verb_text = words[verb].text.as_str();
            match manager {
                Manager::Dnf | Manager::Zypper if is_clean(manager, &words[verb..]) => {
                    cleaned = true;
                }
                Manager::Dnf | Manager::Zypper if fills_cache(manager, verb_text) => {
                    filling.get_or_insert((command, manager, verb));
                }
                _ => {}
            }
        }
        let Some((command, manager, verb)) = filling else {
            continue;
        };
        // Searched for last: it reads every word of the RUN.
        if cleaned || CACHES.iter().any(|c| run.mentions(c) || run.caches(c)) {
            continue;
        }
        let words = command.program();
        let name = crate::shell::basename(&words[0].text);
        let clean = match manager {
            Manager::Zypper => format!("{name} clean --all"),
            _ => format!("{name} clean all"),
        };
        let diagnostic = cx.report(
            command.span_of(&words[verb]),
            format!(
                "`{name} {}` leaves its cache in the image",
                words[verb].text
            ),
        );
        diagnostic
            .label("cache kept in this layer")
            .help(format!("clean it in the same RUN: `&& {clean}`"));
        let direct = command
            .words()
            .first()
            .is_some_and(|w| std::ptr::eq(w, &words[0]))
            && words[0].is_written();
        if let Some(end) = run.append_point(model)
            && direct
        {
            diagnostic.fix(
                Applicability::Safe,
                format!("append `&& {clean}`"),
                vec![Edit::insert(end, format!(" && {clean}"))],
            );
        }
    }
}

fn fills_cache(manager: Manager, verb: &str) -> bool {
    match manager {
        Manager::Zypper => packages::zypper_installs(verb) || matches!(verb, "refresh" | "ref"),
        _ => matches!(
            verb,
            "install"
                | "groupinstall"
                | "localinstall"
                | "reinstall"
                | "update"
                | "upgrade"
                | "downgrade"
                | "distro-sync"
                | "makecache"
                | "builddep"
                | "group"
                | "module"
        ),
    }
}

/// `dnf clean all`, `zypper clean`/`cc` (any scope).
fn is_clean(manager: Manager, args: &[crate::shell::Word]) -> bool {
    match manager {
        Manager::Zypper => matches!(args[0].text.as_str(), "clean" | "cc"),
        _ => args[0].text == "clean" && args[1..].iter().any(|w| w.text == "all"),
    }
}
