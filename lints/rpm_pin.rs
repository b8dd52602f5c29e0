use super::{Context, package_operands, report_unpinned};

declare_lint! {
    /// Flags packages in `yum`, `dnf`, `microdnf`, `tdnf` and `zypper`
    /// installs without a version (`httpd` rather than `httpd-2.4.62` or,
    /// with zypper, `httpd=2.4.62`).
    ///
    /// ## Why is this bad?
    /// Without a version, a rebuild installs whatever the repositories
    /// have that day. A yum/dnf package is pinned when its last
    /// `-`-separated part starts with a digit (`name-version`,
    /// `name-version-release`, `name-epoch:version`); a zypper package when
    /// it has a version relation (`=`, `>=`, `<`). Groups and modules
    /// (`@development`), local or remote `.rpm` files, capabilities
    /// (`'dnf-command(config-manager)'`) and packages from variables are not
    /// judged, and the values of options (`--enablerepo epel`) are not
    /// packages. Better than hadolint, which takes a number inside a name
    /// (`java-17-openjdk`) for a version and reports repository names,
    /// groups and `.rpm` files. One lint for hadolint's `DL3033` (yum),
    /// `DL3041` (dnf, microdnf) and `DL3037` (zypper): ignoring any of the
    /// three ignores it. In the opt-in `pinning` group.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM rockylinux/rockylinux:9-minimal
    /// RUN microdnf install -y tar && microdnf clean all
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM rockylinux/rockylinux:9-minimal
    /// RUN microdnf install -y tar-1.34 && microdnf clean all
    /// ```
    ///
    /// ## Fix
    /// None: the version to pin is yours to choose.
    pub static RPM_PIN = {
        id: "rpm-pin",
        severity: Warning,
        fix: None,
        group: Pinning,
        default: false,
        hadolint: ["DL3033", "DL3041", "DL3037"],
        check: check,
    }
}

/// Options of yum/dnf that take the next word as their value.
const DNF_WITH_VALUES: &[&str] = &[
    "-c",
    "--config",
    "--installroot",
    "--releasever",
    "--repo",
    "--repoid",
    "--enablerepo",
    "--disablerepo",
    "-x",
    "--exclude",
    "--setopt",
    "--forcearch",
    "--nogpgcheck-for",
    "-d",
    "--debuglevel",
    "-e",
    "--errorlevel",
    "--rpmverbosity",
    "--downloaddir",
    "--destdir",
];

/// Options of zypper (global or `install`) that take a value.
const ZYPPER_WITH_VALUES: &[&str] = &[
    "-r",
    "--repo",
    "--from",
    "-t",
    "--type",
    "-R",
    "--root",
    "--installroot",
    "-D",
    "--reposd-path",
    "-C",
    "--cache-dir",
    "--download",
];

fn check(cx: &mut Context) {
    let model = cx.model;
    for stage in &model.stages {
        for run in model.commands_in(stage) {
            let zypper = match run.name() {
                Some("yum" | "dnf" | "microdnf" | "tdnf") => false,
                Some("zypper") => true,
                _ => continue,
            };
            if crate::build::foreign_package_manager(model, stage, run.instruction, "dnf").is_some()
                && !zypper
            {
                continue;
            }
            let args = run.args();
            let (verbs, options): (&[&str], _) = if zypper {
                (&["install", "in"], ZYPPER_WITH_VALUES)
            } else {
                (&["install"], DNF_WITH_VALUES)
            };
            // The subcommand is the first operand after the global options.
            let mut i = 0;
            while i < args.len() && args[i].text.starts_with('-') {
                i += if options.contains(&args[i].text.as_str()) {
                    2
                } else {
                    1
                };
            }
            if args
                .get(i)
                .is_none_or(|w| !verbs.contains(&w.text.as_str()))
            {
                continue;
            }
            // `zypper install -t pattern devel_basis`: not packages.
            let typed = args
                .windows(2)
                .any(|w| matches!(w[0].text.as_str(), "-t" | "--type") && w[1].text != "package")
                || args
                    .iter()
                    .any(|w| w.text.starts_with("--type=") && w.text != "--type=package");
            if zypper && typed {
                continue;
            }
            for word in package_operands(&args[i..], verbs, options) {
                let text = word.text.as_str();
                if skipped(text) {
                    continue;
                }
                let pinned = if zypper {
                    text.contains(['=', '<', '>'])
                } else {
                    text.rsplit('-')
                        .next()
                        .is_some_and(|last| last.starts_with(|c: char| c.is_ascii_digit()))
                        && text.contains('-')
                };
                if !pinned {
                    let hint = if zypper {
                        format!("{text}=<version>")
                    } else {
                        format!("{text}-<version>")
                    };
                    report_unpinned(cx, word, hint);
                }
            }
        }
    }
}

fn skipped(text: &str) -> bool {
    text.is_empty()
        || text.starts_with('@')
        || text.contains(['$', '/', '('])
        || text.ends_with(".rpm")
}
