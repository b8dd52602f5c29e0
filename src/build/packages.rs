//! OS package manager commands: installs and removals with apt, apk, dnf,
//! yum, microdnf, tdnf and zypper.

use crate::shell::Word;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Manager {
    Apt,
    Apk,
    /// dnf, yum, microdnf, tdnf.
    Dnf,
    Zypper,
}

/// An install command (`apt-get install`, `apk add`, `dnf install`…).
pub struct Install<'w> {
    pub manager: Manager,
    /// The `install`/`add` word.
    pub verb: &'w Word,
    /// Words after the verb: options and packages.
    pub args: &'w [Word],
    pub packages: Vec<&'w Word>,
    /// `apk add --virtual NAME`.
    pub virtual_name: Option<&'w str>,
}

fn manager(program: &str) -> Option<Manager> {
    // Every lint asks this of every command, and most are none of these:
    // every name ends in one of these bytes, and is at most 8 bytes long,
    // so only the end of a long word (a path, a URL) is searched for its `/`.
    if !matches!(
        program.as_bytes().last(),
        Some(b't' | b'e' | b'k' | b'f' | b'm' | b'r')
    ) {
        return None;
    }
    let tail = program.len().saturating_sub(9);
    let name = match program.as_bytes()[tail..].iter().rposition(|&b| b == b'/') {
        Some(slash) => &program[tail + slash + 1..],
        None if program.len() <= 8 => program,
        None => return None,
    };
    match name {
        "apt-get" | "apt" | "aptitude" => Some(Manager::Apt),
        "apk" => Some(Manager::Apk),
        "dnf" | "yum" | "microdnf" | "tdnf" => Some(Manager::Dnf),
        "zypper" => Some(Manager::Zypper),
        _ => None,
    }
}

/// The package manager a program or a knowledge name is (`apt-get`,
/// `apk`, `microdnf`…).
pub fn manager_of(program: &str) -> Option<Manager> {
    manager(program)
}

/// Options that take the next word as their value.
fn takes_value(manager: Manager, option: &str) -> bool {
    match manager {
        Manager::Apt => matches!(
            option,
            "-o" | "-t" | "--target-release" | "-c" | "--config-file"
        ),
        Manager::Apk => matches!(
            option,
            "-t" | "--virtual"
                | "-X"
                | "--repository"
                | "-p"
                | "--root"
                | "--arch"
                | "--cache-dir"
                | "--keys-dir"
                | "--repositories-file"
        ),
        Manager::Dnf => matches!(
            option,
            "-c" | "--config"
                | "--installroot"
                | "--releasever"
                | "--repo"
                | "--repoid"
                | "--enablerepo"
                | "--disablerepo"
                | "-x"
                | "--exclude"
                | "--setopt"
                | "--forcearch"
                | "-d"
                | "--debuglevel"
                | "-e"
                | "--errorlevel"
                | "--downloaddir"
                | "--destdir"
        ),
        Manager::Zypper => matches!(
            option,
            "-r" | "--repo"
                | "--from"
                | "-t"
                | "--type"
                | "-R"
                | "--root"
                | "--installroot"
                | "-D"
                | "--reposd-path"
                | "-C"
                | "--cache-dir"
                | "--download"
        ),
    }
}

/// The manager and the index of the subcommand (`install`, `clean`…) of
/// a package-manager command.
pub fn subcommand(words: &[Word]) -> Option<(Manager, usize)> {
    let manager = manager(&words.first()?.text)?;
    let mut i = 1;
    while i < words.len() {
        let text = words[i].text.as_str();
        if !text.starts_with('-') {
            return Some((manager, i));
        }
        i += if takes_value(manager, text) { 2 } else { 1 };
    }
    None
}

/// The install a command performs, if it is one.
pub fn install(words: &[Word]) -> Option<Install<'_>> {
    let (manager, verb) = subcommand(words)?;
    install_at(words, manager, verb)
}

/// The install of a command whose [`subcommand`] is `verb` of `manager`.
pub fn install_at(words: &[Word], manager: Manager, verb: usize) -> Option<Install<'_>> {
    let is_install = match manager {
        Manager::Apt | Manager::Dnf => words[verb].text == "install",
        Manager::Apk => words[verb].text == "add",
        Manager::Zypper => matches!(words[verb].text.as_str(), "install" | "in"),
    };
    if !is_install {
        return None;
    }
    let args = &words[verb + 1..];
    let mut packages = Vec::new();
    let mut virtual_name = None;
    let mut i = 0;
    while i < args.len() {
        let text = args[i].text.as_str();
        if text.starts_with('-') {
            if takes_value(manager, text) {
                if matches!(text, "-t" | "--virtual") && manager == Manager::Apk {
                    virtual_name = args.get(i + 1).map(|w| w.text.as_str());
                }
                i += 1;
            } else if let Some(name) = text.strip_prefix("--virtual=") {
                virtual_name = Some(name);
            }
        } else if !text.contains('$') {
            packages.push(&args[i]);
        }
        i += 1;
    }
    Some(Install {
        manager,
        verb: &words[verb],
        args,
        packages,
        virtual_name,
    })
}

/// Whether a zypper subcommand installs or upgrades packages (`in`,
/// `dup`, `patch`…): it asks for confirmation and fills the cache.
pub fn zypper_installs(verb: &str) -> bool {
    matches!(
        verb,
        "install"
            | "in"
            | "update"
            | "up"
            | "patch"
            | "dist-upgrade"
            | "dup"
            | "source-install"
            | "si"
            | "install-new-recommends"
            | "inr"
    )
}

/// Package names a removal command removes (`apt-get purge x`, `apk del
/// .build-deps`, `dnf remove x`), or `None` for any other command. An empty
/// list with `auto` means "everything marked automatic" (`autoremove`,
/// `purge --auto-remove`).
pub fn removal(words: &[Word]) -> Option<(Vec<String>, bool)> {
    let (manager, verb) = subcommand(words)?;
    let verb_text = words[verb].text.as_str();
    let removes = match manager {
        Manager::Apt => matches!(verb_text, "purge" | "remove" | "autoremove"),
        Manager::Apk => verb_text == "del",
        Manager::Dnf => matches!(verb_text, "remove" | "erase" | "autoremove"),
        Manager::Zypper => matches!(verb_text, "remove" | "rm"),
    };
    if !removes {
        return None;
    }
    let args = &words[verb + 1..];
    let auto = verb_text == "autoremove"
        || args
            .iter()
            .any(|w| w.text == "--auto-remove" || w.text == "--autoremove");
    let names = args
        .iter()
        .filter(|w| !w.text.starts_with('-'))
        .map(|w| package_name(&w.text).to_string())
        .collect();
    Some((names, auto))
}

/// `gcc=4:12.2` / `gcc~=12` / `python3-dev>3.11` → the name.
pub fn package_name(word: &str) -> &str {
    word.split(['=', '>', '<', '~']).next().unwrap_or(word)
}

/// Whether a command is `apt-get update` / `apk update`.
pub fn is_update(words: &[Word]) -> bool {
    subcommand(words).is_some_and(|(manager, verb)| {
        matches!(manager, Manager::Apt | Manager::Apk) && words[verb].text == "update"
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::commands;

    #[test]
    fn reads_installs_and_removals() {
        let c = commands(
            "apt-get -q install -y --no-install-recommends gcc libpq-dev=15.1 && apk add --no-cache --virtual .deps build-base && apk del .deps",
        );
        let i = install(&c[0]).unwrap();
        assert_eq!(i.manager, Manager::Apt);
        let names: Vec<&str> = i.packages.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(names, ["gcc", "libpq-dev=15.1"]);
        let i = install(&c[1]).unwrap();
        assert_eq!(i.virtual_name, Some(".deps"));
        assert_eq!(i.packages.len(), 1);
        assert_eq!(removal(&c[2]).unwrap().0, [".deps"]);
        assert!(install(&commands("apt-get update")[0]).is_none());
        assert!(is_update(&commands("apt-get -qq update")[0]));
    }
}
