use super::{Context, report_unpinned};
use crate::build::packages::{self, Manager};

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
    /// groups and `.rpm` files. The help puts the version where rpm
    /// spells it, before an architecture suffix (`shadow-utils.x86_64` →
    /// `shadow-utils-<version>.x86_64`, the `name-version.arch` form). One lint for hadolint's `DL3033` (yum),
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

fn check(cx: &mut Context) {
    let model = cx.model;
    for stage in &model.stages {
        for run in cx.runs.commands_in(stage) {
            let Some(install) = packages::install(run.program()) else {
                continue;
            };
            // `wrong-package-manager` reports a manager the base does not have.
            if run.name().is_some_and(|name| {
                crate::build::foreign_package_manager(model, stage, run.instruction, name).is_some()
            }) {
                continue;
            }
            let zypper = match install.manager {
                Manager::Dnf => false,
                Manager::Zypper => true,
                Manager::Apt | Manager::Apk => continue,
            };
            // `zypper install -t pattern devel_basis`: not packages.
            let args = install.args;
            let typed = args
                .windows(2)
                .any(|w| matches!(w[0].text.as_str(), "-t" | "--type") && w[1].text != "package")
                || args
                    .iter()
                    .any(|w| w.text.starts_with("--type=") && w.text != "--type=package");
            if zypper && typed {
                continue;
            }
            for word in install.packages {
                let text = word.text.as_str();
                if skipped(text) {
                    continue;
                }
                let pinned = if zypper {
                    text.contains(['=', '<', '>'])
                } else {
                    text.contains('-')
                        && text
                            .rsplit('-')
                            .next()
                            .is_some_and(|last| last.starts_with(|c: char| c.is_ascii_digit()))
                };
                if !pinned {
                    let hint = if zypper {
                        format!("{text}=<version>")
                    } else {
                        pinned_form(text)
                    };
                    report_unpinned(cx, word, hint);
                }
            }
        }
    }
}

/// The architectures an RPM name may end with (`shadow-utils.x86_64`).
const ARCHES: &[&str] = &[
    "x86_64", "aarch64", "i686", "i386", "noarch", "ppc64le", "s390x", "armv7hl", "src",
];

/// The pinned spelling of an unpinned yum/dnf package: the version goes
/// between the name and the architecture (`name-version.arch`, as rpm
/// spells a package), so `shadow-utils.x86_64` becomes
/// `shadow-utils-<version>.x86_64`.
fn pinned_form(text: &str) -> String {
    match text.rsplit_once('.') {
        Some((name, arch)) if ARCHES.contains(&arch) && !name.is_empty() => {
            format!("{name}-<version>.{arch}")
        }
        _ => format!("{text}-<version>"),
    }
}

fn skipped(text: &str) -> bool {
    text.is_empty()
        || text.starts_with('@')
        || text.contains(['$', '/', '('])
        || text.ends_with(".rpm")
}
