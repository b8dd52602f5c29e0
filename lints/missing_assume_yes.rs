use super::Context;
use crate::build::packages::{self, Manager};
use crate::diagnostic::{Applicability, Edit};
use crate::shell::Word;

declare_lint! {
    /// Flags `apt-get`, `apt`, `yum`, `dnf`, `microdnf`, `tdnf` and `zypper`
    /// commands that can ask for confirmation (`install`, `upgrade`,
    /// `remove`…) without `-y` (zypper: `-n`/`--non-interactive` or `-y`).
    ///
    /// ## Why is this bad?
    /// A build has no terminal to answer "Do you want to continue?". The
    /// package manager reads end of input and aborts, so the build fails
    /// as soon as the command needs more than was asked for (a new
    /// dependency, a removal), often months after the Dockerfile was
    /// written. `DEBIAN_FRONTEND=noninteractive` silences debconf, not this
    /// question; `apt-get -qq` implies `-y`; a simulation (`-s`,
    /// `--dry-run`) asks nothing. microdnf asks too since 2021.
    /// hadolint checks only installs (`DL3014`, `DL3030`, `DL3034`,
    /// `DL3038`, all four mapped here); upgrades and removals prompt the
    /// same way, and `apt install` is reported like `apt-get install`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:trixie-slim
    /// RUN apt-get update && apt-get install curl
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:trixie-slim
    /// RUN apt-get update && apt-get install -y curl
    /// ```
    ///
    /// ## Fix
    /// Safe: `-y` is added after the subcommand (after the program for
    /// `dnf group …`/`dnf module …`), `--non-interactive` after `zypper`.
    pub static MISSING_ASSUME_YES = {
        id: "missing-assume-yes",
        severity: Warning,
        fix: Safe,
        hadolint: ["DL3014", "DL3030", "DL3034", "DL3038"],
        check: check,
    }
}

fn check(cx: &mut Context) {
    let model = cx.model;
    for stage in &model.stages {
        for run in cx.runs.commands_in(stage) {
            let words = run.program();
            let Some((manager, verb)) = packages::subcommand(words) else {
                continue;
            };
            let program = &words[0];
            let name = crate::shell::basename(&program.text);
            if manager == Manager::Apk || name == "aptitude" || !prompts(manager, &words[verb..]) {
                continue;
            }
            if words[1..].iter().any(|w| answers_yes(manager, w)) {
                continue;
            }
            let verb_word = &words[verb];
            let (at, flag) = match manager {
                Manager::Zypper => (program.span().end(), " --non-interactive"),
                _ if matches!(verb_word.text.as_str(), "group" | "module") => {
                    (program.span().end(), " -y")
                }
                _ => (verb_word.span().end(), " -y"),
            };
            cx.report(
                verb_word.span(),
                format!(
                    "`{name} {}` asks for confirmation, and a build cannot answer",
                    verb_word.text
                ),
            )
            .label("may prompt")
            .help(format!("add `{}`", flag.trim()))
            .fix(
                Applicability::Safe,
                format!("add `{}`", flag.trim()),
                vec![Edit::insert(at, flag)],
            );
        }
    }
}

/// Whether the subcommand (`args[0]`) may ask for confirmation.
fn prompts(manager: Manager, args: &[Word]) -> bool {
    let verb = args[0].text.as_str();
    match manager {
        Manager::Apt => matches!(
            verb,
            "install"
                | "upgrade"
                | "dist-upgrade"
                | "full-upgrade"
                | "remove"
                | "purge"
                | "autoremove"
                | "autopurge"
                | "build-dep"
                | "reinstall"
        ),
        Manager::Dnf => match verb {
            "install" | "groupinstall" | "localinstall" | "reinstall" | "update" | "upgrade"
            | "remove" | "erase" | "autoremove" | "downgrade" | "distro-sync" | "builddep"
            | "groupremove" | "groupupdate" => true,
            "group" | "module" => args
                .iter()
                .skip(1)
                .find(|w| !w.text.starts_with('-'))
                .is_some_and(|w| {
                    matches!(
                        w.text.as_str(),
                        "install"
                            | "remove"
                            | "upgrade"
                            | "update"
                            | "enable"
                            | "disable"
                            | "reset"
                            | "switch-to"
                    )
                }),
            _ => false,
        },
        Manager::Zypper => packages::zypper_installs(verb) || matches!(verb, "remove" | "rm"),
        Manager::Apk => false,
    }
}

/// Whether an option answers the confirmation (`-y`, `-qy`, `--yes`,
/// `-qq`, `-o APT::Get::Assume-Yes=true`, `--setopt=assumeyes=1`, zypper's
/// `-n`).
fn answers_yes(manager: Manager, word: &Word) -> bool {
    let text = word.text.as_str();
    let short = |letter: char| {
        text.strip_prefix('-').is_some_and(|s| {
            !s.starts_with('-') && s.contains(letter) && s.chars().all(|c| c.is_ascii_alphabetic())
        })
    };
    match manager {
        // A simulation (`apt-get install -s`, as the postgres image uses
        // to probe for a package) changes nothing and asks nothing.
        Manager::Apt => {
            matches!(
                text,
                "--yes"
                    | "--assume-yes"
                    | "-q=2"
                    | "--quiet=2"
                    | "--force-yes"
                    | "--simulate"
                    | "--just-print"
                    | "--dry-run"
                    | "--recon"
                    | "--no-act"
            ) || short('y')
                || short('s')
                || text.strip_prefix('-').is_some_and(|s| {
                    s.matches('q').count() >= 2 && s.chars().all(|c| c.is_ascii_alphabetic())
                })
                || text.contains("Assume-Yes")
        }
        Manager::Dnf => {
            matches!(text, "--assumeyes" | "--assumeno")
                || short('y')
                || text.starts_with("--setopt=assumeyes")
                || text.starts_with("assumeyes=")
        }
        Manager::Zypper => {
            matches!(text, "--non-interactive" | "--no-confirm") || short('y') || short('n')
        }
        Manager::Apk => true,
    }
}
