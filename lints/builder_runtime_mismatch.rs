use super::Context;
use crate::build::Runs;
use crate::build::binaries::{Linkage, copied_binary};
use crate::build::python::{npm_packages, pip_packages, pip_wheel_packages};
use crate::knowledge::{DEBIAN_SUITES, Libc, Musl, musl_wheels, native_module};
use crate::model::{Model, Stage};
use crate::pip::option_values;

declare_lint! {
    /// Flags `COPY --from` of libc- or version-bound build output into a
    /// stage it cannot run in.
    ///
    /// ## Why is this bad?
    /// Compiled code carries the C library and Python version it was built
    /// for. A glibc build stage copying into an Alpine (musl) stage, or the
    /// reverse, ships binaries, Python packages with extensions (numpy,
    /// psycopg2-binary…) and `node_modules` with native addons (sharp,
    /// bcrypt…) that fail with `not found` or `Error relocating`; npm
    /// installs sharp's prebuilt binaries for the build stage's libc only.
    /// A virtual environment or `site-packages` built for Python 3.12 does
    /// nothing in a 3.11 or 3.13 runtime (including distroless `python3`,
    /// which is Debian's Python 3.13). A dynamically linked binary built on
    /// a newer Debian (trixie, glibc 2.41) can need symbols an older runtime
    /// (bookworm) lacks: `GLIBC_2.38 not found`; the Debian release behind a
    /// suite-less tag is known (`rust:1.90` and `rust:1` are trixie, as is a
    /// `cargo-chef` image built from them). `node_modules` installed by one
    /// Node.js major and run on an older one (24 → 22) can need what the
    /// older lacks, and native addons built for one major's ABI fail on
    /// another. A jar compiled by JDK 11 (`maven:3-jdk-11`,
    /// `eclipse-temurin:11-jdk`) throws `UnsupportedClassVersionError` on
    /// Java 8 unless the build targets 8. pip refuses glibc wheels
    /// (`*-manylinux*`, `*-linux_x86_64.whl`, or a `pip wheel` directory of
    /// packages with native code) on musl.
    ///
    /// Reported only when both images are known and the copied path is
    /// recognised: the output of `go build`/`cargo build`, a virtual
    /// environment, `site-packages`, a `pip install --prefix/--target/--user`
    /// directory, `node_modules`, a jar or war, or wheels; libc mismatches
    /// of Python and Node packages only when a package with native code is
    /// installed, and an older Node.js's `node_modules` on a newer one only
    /// when a native addon is.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.12-slim AS build
    /// RUN python -m venv /venv && /venv/bin/pip install numpy
    ///
    /// FROM python:3.12-alpine
    /// COPY --from=build /venv /venv
    /// CMD ["/venv/bin/python", "-m", "app"]
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM python:3.12-slim AS build
    /// RUN python -m venv /venv && /venv/bin/pip install numpy
    ///
    /// FROM python:3.12-slim
    /// COPY --from=build /venv /venv
    /// CMD ["/venv/bin/python", "-m", "app"]
    /// ```
    ///
    /// ## Fix
    /// No automatic fix: build on the same libc, Python version and Debian
    /// release as the runtime (or the older release), or change the runtime.
    pub static BUILDER_RUNTIME_MISMATCH = {
        id: "builder-runtime-mismatch",
        severity: Error,
        fix: None,
        group: Correctness,
        check: check,
    }
}

fn check(cx: &mut Context) {
    let model = cx.model;
    // A glibc wheel file installed in a musl stage.
    for stage in &model.stages {
        if model.describe(stage).and_then(|d| d.libc) != Some(Libc::Musl) {
            continue;
        }
        for run in cx.runs.of(stage) {
            for command in run.commands {
                let Some(pip) = command.pip_install() else {
                    continue;
                };
                for word in pip.args {
                    let name = crate::pip::basename(&word.text);
                    if name.ends_with(".whl") && crate::knowledge::glibc_wheel(name) {
                        cx.report(
                            command.span_of(word),
                            format!("`{name}` is a wheel for glibc, but this stage uses musl: pip refuses it (`not a supported wheel on this platform`)"),
                        )
                        .label("glibc wheel on musl")
                        .help("install a `musllinux` wheel or build the package in this stage, or use a glibc base (`-slim`)");
                    }
                }
            }
        }
    }
    for dest in &model.stages {
        for copy in &dest.copies_from {
            let Some(source) = copy.stage.map(|i| &model.stages[i]) else {
                continue;
            };
            let (Some(from), Some(to)) = (model.describe(source), model.describe(dest)) else {
                continue;
            };
            for path in &copy.sources {
                let Some(problem) = problem(cx.runs, source, path, from, to) else {
                    continue;
                };
                let instruction = model.instruction(copy.instruction);
                cx.report(instruction.keyword().span.cover(instruction.args.span), problem)
                    .label("copied across incompatible stages")
                    .help("build in a stage with the same libc, runtime version (Python, Node.js, Java) and Debian release as the runtime");
            }
        }
    }
}

type Description = crate::knowledge::Description;

fn problem<'m>(
    runs: &'m Runs<'m>,
    source: &'m Stage,
    path: &str,
    from: &Description,
    to: &Description,
) -> Option<String> {
    let libc_mismatch = match (from.libc, to.libc) {
        (Some(a @ (Libc::Glibc | Libc::Musl)), Some(b @ (Libc::Glibc | Libc::Musl))) if a != b => {
            Some((a, b))
        }
        _ => None,
    };
    if let Some(binary) = copied_binary(runs, source, path) {
        let Linkage::Dynamic(libc) = binary.linkage else {
            return None;
        };
        if let Some((_, to_libc)) = libc_mismatch.filter(|_| libc != Libc::None) {
            return Some(format!(
                "`{path}` is {}, but the runtime uses {}",
                binary.reason,
                to_libc.as_str()
            ));
        }
        let (Some(("debian", a)), Some(("debian", b))) = (
            from.distro.as_ref().map(|(d, r)| (*d, r.as_str())),
            to.distro.as_ref().map(|(d, r)| (*d, r.as_str())),
        ) else {
            return None;
        };
        let rank = |s: &str| DEBIAN_SUITES.iter().position(|x| *x == s);
        if libc == Libc::Glibc && rank(a)? > rank(b)? {
            return Some(format!(
                "`{path}` is linked against glibc of Debian {a}, newer than the runtime's Debian {b}, so it can fail with `GLIBC_… not found`"
            ));
        }
        return None;
    }
    if path.contains("node_modules") {
        let native = installed(runs, source, true);
        let major = |d: &Description| {
            d.runtime
                .as_ref()
                .filter(|(p, _)| *p == "node")
                .and_then(|(_, v)| v.split('.').next()?.parse::<u32>().ok())
        };
        if let (Some(built), Some(runs)) = (major(from), major(to))
            && built != runs
        {
            let addons = native.first().map(|n| {
                format!(
                    "native addons (`{n}`) built for Node.js {built}'s ABI fail to load on {runs}"
                )
            });
            if built > runs {
                return Some(format!(
                    "`{path}` was installed by Node.js {built}, but the runtime runs Node.js {runs}: packages resolved for the newer Node.js can need what {runs} lacks{}",
                    addons.map(|a| format!(", and {a}")).unwrap_or_default()
                ));
            }
            if let Some(addons) = addons {
                return Some(format!(
                    "`{path}` was installed by Node.js {built}, but the runtime runs Node.js {runs}: {addons}"
                ));
            }
        }
        let (from_libc, to_libc) = libc_mismatch?;
        let first = native.first()?;
        return Some(format!(
            "`{path}` holds native addons (`{first}`) built for {}, but the runtime uses {}",
            from_libc.as_str(),
            to_libc.as_str()
        ));
    }
    if let Some(problem) = jar(path, from, to) {
        return Some(problem);
    }
    if let Some(problem) = wheels(runs, source, path, libc_mismatch) {
        return Some(problem);
    }
    let env = python_env(runs, source, path)?;
    let version = |d: &Description| {
        d.runtime
            .as_ref()
            .filter(|(p, _)| *p == "python")
            .map(|(_, v)| v.split('.').take(2).collect::<Vec<_>>().join("."))
            .filter(|v| v.contains('.'))
    };
    if let (true, Some(a), Some(b)) = (env, version(from), version(to))
        && a != b
    {
        return Some(format!(
            "`{path}` was installed for Python {a}, but the runtime runs Python {b}, which does not load it"
        ));
    }
    let (from_libc, to_libc) = libc_mismatch?;
    let native = installed_into(runs, source, path);
    let first = native.first()?;
    Some(format!(
        "`{path}` holds compiled packages (`{first}`) built for {}, but the runtime uses {}",
        from_libc.as_str(),
        to_libc.as_str()
    ))
}

/// The Java major of an image's runtime (Temurin, Corretto, OpenJDK).
fn java_major(d: &Description) -> Option<u32> {
    let (product, version) = d.runtime.as_ref()?;
    matches!(*product, "temurin" | "corretto" | "openjdk")
        .then(|| version.split(['.', '-', 'u']).next()?.parse().ok())
        .flatten()
}

/// A jar or war compiled by a newer JDK than the runtime's Java: its class
/// files are newer than that runtime reads.
fn jar(path: &str, from: &Description, to: &Description) -> Option<String> {
    let name = path.trim_end_matches('/');
    if !(name.ends_with(".jar") || name.ends_with(".war")) {
        return None;
    }
    let (built, runs) = (java_major(from)?, java_major(to)?);
    (built > runs).then(|| {
        format!(
            "`{path}` was compiled by JDK {built}, but the runtime is Java {runs}, which rejects newer class files (`UnsupportedClassVersionError`) unless the build targets Java {runs} (`--release {runs}`)"
        )
    })
}

/// Wheels for glibc copied into a musl stage: a `*-manylinux*`/`*-linux_*`
/// wheel file, or the directory a `pip wheel -w` of a package with native
/// code wrote. pip refuses them on musl ("not a supported wheel on this
/// platform").
fn wheels<'m>(
    runs: &'m Runs<'m>,
    source: &'m Stage,
    path: &str,
    libc_mismatch: Option<(Libc, Libc)>,
) -> Option<String> {
    let model = runs.model();
    let (Libc::Glibc, Libc::Musl) = libc_mismatch? else {
        return None;
    };
    let name = crate::pip::basename(path.trim_end_matches('/'));
    if name.ends_with(".whl") && crate::knowledge::glibc_wheel(name) {
        return Some(format!(
            "`{path}` is a wheel for glibc, but the runtime uses musl: pip refuses it (`not a supported wheel on this platform`)"
        ));
    }
    let wanted =
        crate::build::env::join("/", path.trim_end_matches("/*.whl").trim_end_matches("/*"));
    for run in runs.chain(source) {
        for command in run.commands {
            let Some((dir, packages)) = pip_wheel_packages(model, run.stage, run, command) else {
                continue;
            };
            let related = dir == wanted || wanted.starts_with(&format!("{dir}/"));
            if !related {
                continue;
            }
            if let Some(native) = packages.iter().find(|p| musl_wheels(&p.name).is_some()) {
                return Some(format!(
                    "`{path}` holds wheels built for glibc (`{}`), but the runtime uses musl: pip refuses them (`not a supported wheel on this platform`)",
                    native.name
                ));
            }
        }
    }
    None
}

/// Native npm packages the stage chain installs.
fn installed<'m>(runs: &'m Runs<'m>, stage: &'m Stage, _npm: bool) -> Vec<String> {
    let model = runs.model();
    let mut out = Vec::new();
    for run in runs.chain(stage) {
        let s = run.stage;
        for command in run.commands {
            out.extend(
                npm_packages(model, s, run, command)
                    .into_iter()
                    .filter(|p| {
                        native_module(&p.name)
                            .is_some_and(|m| !matches!(m.musl, Musl::Deprecated(_)))
                    })
                    .map(|p| p.name),
            );
        }
    }
    out
}

/// Packages with native code that pip installs into `path` (or a
/// directory inside it, or one containing it) in the stage chain.
fn installed_into<'m>(runs: &'m Runs<'m>, stage: &'m Stage, path: &str) -> Vec<String> {
    let model = runs.model();
    let path = crate::build::env::join("/", path);
    let mut out = Vec::new();
    for run in runs.chain(stage) {
        let s = run.stage;
        let mut activated: Option<String> = None;
        for command in run.commands {
            let words = command.program();
            if let [dot, script, ..] = words
                && matches!(dot.text.as_str(), "." | "source")
            {
                activated = script
                    .text
                    .strip_suffix("/bin/activate")
                    .map(str::to_string);
            }
            let Some(pip) = command.pip_install() else {
                continue;
            };
            let dest = pip_destination(model, s, run.index, words, pip.args, activated.as_deref());
            let dest = crate::build::env::join("/", &dest);
            let related = dest == path
                || dest.starts_with(&format!("{path}/"))
                || path.starts_with(&format!("{dest}/"));
            if related {
                out.extend(
                    pip_packages(model, s, run, command)
                        .into_iter()
                        .filter(|p| musl_wheels(&p.name).is_some())
                        .map(|p| p.name),
                );
            }
        }
    }
    out
}

/// Where a pip install puts packages: `<venv>/bin/pip`, `--prefix`,
/// `--target`, `--user`, an activated or `VIRTUAL_ENV` venv, else the
/// system prefix `/usr/local`.
fn pip_destination(
    model: &Model,
    stage: &Stage,
    before: usize,
    words: &[crate::shell::Word],
    args: &[crate::shell::Word],
    activated: Option<&str>,
) -> String {
    for name in ["--prefix", "--root", "--target", "-t"] {
        if let Some(v) = option_values(args, &[name]).first() {
            return v.text.to_string();
        }
        if let Some(v) = args
            .iter()
            .find_map(|w| w.text.strip_prefix(&format!("{name}=")))
        {
            return v.to_string();
        }
    }
    if args.iter().any(|w| w.text == "--user") {
        return "/root/.local".into();
    }
    if let Some(venv) = words
        .first()
        .and_then(|w| w.text.rsplit_once("/bin/"))
        .map(|(dir, _)| dir)
        && !venv.is_empty()
        && venv != "/usr"
        && venv != "/usr/local"
    {
        return venv.to_string();
    }
    if let Some(venv) = activated {
        return venv.to_string();
    }
    if let Some(venv) = crate::build::env::variable(model, stage, before, "VIRTUAL_ENV") {
        return venv;
    }
    let path = crate::build::env::variable(model, stage, before, "PATH").unwrap_or_default();
    path.split(':')
        .find(|p| p.contains("venv") || p.ends_with("env/bin"))
        .and_then(|p| p.strip_suffix("/bin"))
        .map_or_else(|| "/usr/local".into(), str::to_string)
}

/// Whether `path` is a Python environment: `Some(true)` when it is bound
/// to the Python version (venv, site-packages, prefix, user), `Some(false)`
/// for a `--target` directory.
fn python_env<'m>(runs: &'m Runs<'m>, stage: &'m Stage, path: &str) -> Option<bool> {
    let path = path.trim_end_matches('/');
    let bound = ["site-packages", "/lib/python3", "venv", "/root/.local"];
    if bound.iter().any(|b| path.contains(b)) {
        return Some(true);
    }
    for run in runs.chain(stage) {
        for command in run.commands {
            let words = command.program();
            let venv = match words {
                [python, m, venv, dir, ..]
                    if python.text.contains("python") && m.text == "-m" && venv.text == "venv" =>
                {
                    Some(dir)
                }
                [tool, dir, ..] if tool.text == "virtualenv" => Some(dir),
                _ => None,
            };
            if venv.is_some_and(|d| d.text.trim_end_matches('/') == path) {
                return Some(true);
            }
            if let Some(pip) = command.pip_install() {
                let matches = |names: &[&str]| {
                    option_values(pip.args, names)
                        .iter()
                        .any(|w| w.text.trim_end_matches('/') == path)
                        || pip.args.iter().any(|w| {
                            names.iter().any(|n| {
                                w.text
                                    .strip_prefix(&format!("{n}="))
                                    .is_some_and(|v| v.trim_end_matches('/') == path)
                            })
                        })
                };
                if matches(&["--prefix", "--root"]) {
                    return Some(true);
                }
                if matches(&["--target", "-t"]) {
                    return Some(false);
                }
            }
        }
    }
    None
}
