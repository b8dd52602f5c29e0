//! The GitHub Action (action.yml): its structure, and its steps run the way
//! the runner runs a composite action's steps (`bash --noprofile --norc -eo
//! pipefail`, inputs through `env`, `RUNNER_TEMP`, `GITHUB_ACTION_PATH`,
//! `GITHUB_OUTPUT`). The default install path runs the real `python3 -m
//! venv` and `pip install fromlint==<version>` against a local wheel
//! directory (`PIP_FIND_LINKS`, `PIP_NO_INDEX`): the wheel that
//! tests/release/wheel.sh built with maturin when `FROMLINT_WHEEL_DIR` names
//! its directory, else a wheel of the same layout packed here around the
//! fromlint built for these tests. The `from-source` path gets a stand-in
//! `cargo` that installs that build instead of compiling a release build.

use std::collections::BTreeSet;
use std::fs;
use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::Value;

const INPUTS: [&str; 5] = [
    "paths",
    "format",
    "failure-threshold",
    "sarif-file",
    "from-source",
];

fn action() -> Value {
    let text = fs::read_to_string("action.yml").expect("action.yml at the repository root");
    serde_saphyr::from_str(&text).expect("action.yml is YAML")
}

fn steps(action: &Value) -> &Vec<Value> {
    action["runs"]["steps"].as_array().expect("runs.steps")
}

fn step<'a>(action: &'a Value, id: &str) -> &'a Value {
    steps(action)
        .iter()
        .find(|s| s["id"] == id)
        .unwrap_or_else(|| panic!("no step with id {id}"))
}

/// The text inside every `${{ … }}` of `text`.
fn expressions(text: &str) -> Vec<String> {
    text.split("${{")
        .skip(1)
        .map(|rest| rest.split("}}").next().unwrap().trim().to_string())
        .collect()
}

/// Names after `prefix` (`inputs.`, `steps.`) in the expressions of `text`.
fn referenced(text: &str, prefix: &str) -> BTreeSet<String> {
    expressions(text)
        .iter()
        .flat_map(|e| {
            e.split(prefix)
                .skip(1)
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .map(|rest| {
            rest.chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                .collect()
        })
        .collect()
}

#[test]
fn the_action_has_its_metadata_and_inputs() {
    let action = action();
    for key in ["name", "description", "author"] {
        assert!(
            action[key].as_str().is_some_and(|v| !v.is_empty()),
            "`{key}` is missing"
        );
    }
    let description = action["description"].as_str().unwrap();
    assert!(
        description.len() <= 125,
        "the Marketplace allows 125 characters: {description}"
    );
    assert!(action["branding"]["icon"].is_string());
    assert!(action["branding"]["color"].is_string());
    assert_eq!(action["runs"]["using"], "composite");

    let inputs = action["inputs"].as_object().expect("inputs");
    let declared: BTreeSet<&str> = inputs.keys().map(String::as_str).collect();
    assert_eq!(declared, INPUTS.into_iter().collect());
    for (name, input) in inputs {
        assert!(
            input["description"].as_str().is_some_and(|d| !d.is_empty()),
            "input {name} has no description"
        );
        assert_eq!(input["required"], false, "input {name}");
        assert!(input["default"].is_string(), "input {name} has a default");
    }

    let mut ids = BTreeSet::new();
    for step in steps(&action) {
        assert!(step["name"].is_string(), "every step is named: {step}");
        assert!(step["run"].is_string(), "composite steps here are scripts");
        assert_eq!(step["shell"], "bash", "composite run steps need a shell");
        if let Some(id) = step["id"].as_str() {
            assert!(ids.insert(id.to_string()), "duplicate step id {id}");
        }
        // Inputs reach scripts through `env`, never spliced into the
        // script text (where a value could inject shell code).
        assert!(
            expressions(step["run"].as_str().unwrap()).is_empty(),
            "an expression in a script: {step}"
        );
    }

    let steps_text = serde_json::to_string(&action["runs"]).unwrap();
    let used = referenced(&steps_text, "inputs.");
    assert_eq!(
        used,
        INPUTS.iter().map(|s| s.to_string()).collect(),
        "every input is used in the steps, and only declared ones"
    );
    let outputs_text = serde_json::to_string(&action["outputs"]).unwrap();
    for id in referenced(&outputs_text, "steps.") {
        assert!(ids.contains(&id), "an output refers to a missing step {id}");
    }
    for (name, output) in action["outputs"].as_object().unwrap() {
        assert!(output["description"].is_string(), "output {name}");
        assert!(output["value"].is_string(), "output {name}");
    }
}

#[test]
fn the_scripts_are_valid_bash() {
    let action = action();
    let dir = tempfile::tempdir().unwrap();
    for (i, step) in steps(&action).iter().enumerate() {
        let path = dir.path().join(format!("step{i}.sh"));
        fs::write(&path, step["run"].as_str().unwrap()).unwrap();
        let out = Command::new("bash").arg("-n").arg(&path).output().unwrap();
        assert!(
            out.status.success(),
            "step {i}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// A runner for the action's steps in a scratch workspace.
struct Runner {
    _dir: tempfile::TempDir,
    workspace: PathBuf,
    temp: PathBuf,
    output: PathBuf,
    /// The PATH the steps see.
    path: String,
    /// Further variables of the runner's environment.
    env: Vec<(String, String)>,
}

const APP: &str = "FROM python:3.12\nWORKDIR /app\nCOPY . .\nCMD [\"python\", \"app.py\"]\n";

/// What the runner's PATH offers besides a few basic commands.
#[derive(Clone, Copy)]
struct Tools {
    /// A stand-in `cargo`.
    cargo: bool,
    /// The real `python3`.
    python: bool,
}

const WITH_PYTHON: Tools = Tools {
    cargo: false,
    python: true,
};
const WITH_CARGO: Tools = Tools {
    cargo: true,
    python: false,
};
const NEITHER: Tools = Tools {
    cargo: false,
    python: false,
};

/// The real interpreter behind `python3` (not a pyenv shim, which needs its
/// own environment).
fn python3() -> PathBuf {
    let out = Command::new("python3")
        .args(["-c", "import sys; print(sys.executable)"])
        .output()
        .expect("python3 runs");
    PathBuf::from(text(&out.stdout).trim())
}

/// The directory of fromlint wheels the install step's pip reads: the
/// maturin-built one of tests/release/wheel.sh (`FROMLINT_WHEEL_DIR`), else
/// one packed once here around the test build, laid out as maturin lays out
/// a `bindings = "bin"` wheel (the binary in `<name>.data/scripts/`).
fn wheel_dir() -> PathBuf {
    static DIR: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    DIR.get_or_init(|| {
        if let Some(dir) = std::env::var_os("FROMLINT_WHEEL_DIR") {
            let dir = std::path::absolute(dir).unwrap();
            eprintln!("action: installing the wheel from {}", dir.display());
            return dir;
        }
        let dir =
            std::env::temp_dir().join(format!("fromlint-action-wheel-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let out = Command::new(python3())
            .arg("-c")
            .arg(PACK_WHEEL)
            .arg(&dir)
            .arg(env!("CARGO_PKG_VERSION"))
            .arg(env!("CARGO_BIN_EXE_fromlint"))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "packing the wheel: {}",
            text(&out.stderr)
        );
        dir
    })
    .clone()
}

/// Packs a wheel: argv[1] the directory, argv[2] the version, argv[3] the
/// binary.
const PACK_WHEEL: &str = r#"
import base64, hashlib, sys, zipfile
out, version, binary = sys.argv[1:4]
name = f"fromlint-{version}"
files = {
    f"{name}.data/scripts/fromlint": open(binary, "rb").read(),
    f"{name}.dist-info/METADATA": f"Metadata-Version: 2.1\nName: fromlint\nVersion: {version}\n".encode(),
    f"{name}.dist-info/WHEEL": b"Wheel-Version: 1.0\nGenerator: tests/action.rs\nRoot-Is-Purelib: false\nTag: py3-none-linux_x86_64\n",
}
record = ""
for path, data in files.items():
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    record += f"{path},sha256={digest},{len(data)}\n"
record += f"{name}.dist-info/RECORD,,\n"
files[f"{name}.dist-info/RECORD"] = record.encode()
with zipfile.ZipFile(f"{out}/{name}-py3-none-linux_x86_64.whl", "w", zipfile.ZIP_STORED) as wheel:
    for path, data in files.items():
        info = zipfile.ZipInfo(path, (2026, 1, 1, 0, 0, 0))
        info.external_attr = (0o100755 if "scripts" in path else 0o100644) << 16
        wheel.writestr(info, data)
"#;

impl Runner {
    /// PATH holds a few basic commands and the `tools`: a stand-in `cargo`
    /// that records its arguments and installs the test build of fromlint
    /// where `--root` says, and the real `python3`, whose pip reads only
    /// the local wheel directory.
    fn new(tools: Tools) -> Runner {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let workspace = dir.path().join("workspace");
        let temp = dir.path().join("runner-temp");
        let bin = dir.path().join("path");
        for d in [&workspace, &temp, &bin] {
            fs::create_dir_all(d).unwrap();
        }
        for tool in ["sed", "head", "mkdir", "dirname"] {
            let real = fromlint::prerequisite::find_program(tool)
                .unwrap_or_else(|| panic!("{tool} is installed"));
            std::os::unix::fs::symlink(real, bin.join(tool)).unwrap();
        }
        if tools.cargo {
            let cargo = bin.join("cargo");
            let real = env!("CARGO_BIN_EXE_fromlint");
            fs::write(
                &cargo,
                format!(
                    "#!/bin/sh\n\
                     echo \"$*\" > \"$RUNNER_TEMP/cargo-args\"\n\
                     while [ $# -gt 0 ]; do\n\
                       if [ \"$1\" = --root ]; then root=$2; fi\n\
                       shift\n\
                     done\n\
                     /bin/mkdir -p \"$root/bin\"\n\
                     /bin/ln -s '{real}' \"$root/bin/fromlint\"\n"
                ),
            )
            .unwrap();
            fs::set_permissions(&cargo, fs::Permissions::from_mode(0o755)).unwrap();
        }
        let mut env = vec![("HOME".to_string(), dir.path().display().to_string())];
        if tools.python {
            std::os::unix::fs::symlink(python3(), bin.join("python3")).unwrap();
            env.push((
                "PIP_FIND_LINKS".to_string(),
                wheel_dir().display().to_string(),
            ));
            env.push(("PIP_NO_INDEX".to_string(), "1".to_string()));
        }
        let output = dir.path().join("github-output");
        fs::write(&output, "").unwrap();
        Runner {
            workspace,
            temp,
            output,
            path: bin.display().to_string(),
            env,
            _dir: dir,
        }
    }

    fn file(&self, path: &str, text: &str) -> &Runner {
        let path = self.workspace.join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
        self
    }

    /// Runs the step `id` with these inputs (the others at their defaults).
    fn run(&self, id: &str, inputs: &[(&str, &str)]) -> Output {
        let action = action();
        let step = step(&action, id);
        let script = self.temp.join(format!("{id}.sh"));
        fs::write(&script, step["run"].as_str().unwrap()).unwrap();
        let mut command = Command::new("/bin/bash");
        command
            .args(["--noprofile", "--norc", "-eo", "pipefail"])
            .arg(&script)
            .current_dir(&self.workspace)
            .env_clear()
            .env("PATH", &self.path)
            .env("RUNNER_TEMP", &self.temp)
            .env("GITHUB_WORKSPACE", &self.workspace)
            .env("GITHUB_OUTPUT", &self.output)
            .env("GITHUB_ACTION_PATH", env!("CARGO_MANIFEST_DIR"))
            .env("FROMLINT_TODAY", "2026-11-23")
            .envs(self.env.iter().map(|(k, v)| (k, v)));
        for (name, value) in step["env"].as_object().into_iter().flatten() {
            let value = value.as_str().expect("env values are strings");
            command.env(name, evaluate(&action, value, inputs));
        }
        command.output().unwrap()
    }

    fn outputs(&self) -> String {
        fs::read_to_string(&self.output).unwrap()
    }
}

/// `value` with its `${{ inputs.NAME }}` expressions evaluated.
fn evaluate(action: &Value, value: &str, inputs: &[(&str, &str)]) -> String {
    let mut out = value.split("${{").next().unwrap().to_string();
    for part in value.split("${{").skip(1) {
        let (expression, rest) = part.split_once("}}").unwrap();
        let name = expression
            .trim()
            .strip_prefix("inputs.")
            .unwrap_or_else(|| panic!("only inputs are evaluated here: {expression}"));
        let given = inputs.iter().find(|(n, _)| *n == name).map(|(_, v)| *v);
        out += given.unwrap_or_else(|| action["inputs"][name]["default"].as_str().unwrap());
        out += rest;
    }
    out
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

const FROM_SOURCE: (&str, &str) = ("from-source", "true");

/// The default: the prebuilt wheel of the action's own version, installed
/// by the real pip into a virtualenv, saying what it does; then the
/// installed binary lints.
#[test]
fn install_uses_the_prebuilt_wheel_of_the_action_version() {
    let runner = Runner::new(WITH_PYTHON);
    let out = runner.run("install", &[]);
    assert!(out.status.success(), "{out:?}");
    let stdout = text(&out.stdout);
    let version = env!("CARGO_PKG_VERSION");
    assert!(
        stdout.starts_with(&format!(
            "fromlint: installing the prebuilt fromlint {version} (pip install fromlint=={version})"
        )),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!("\nfromlint {version}")),
        "--version of the installed binary: {stdout}"
    );
    assert!(runner.temp.join("fromlint/bin/fromlint").is_file());
    assert!(
        !runner.temp.join("cargo-args").exists(),
        "nothing is compiled"
    );

    // The installed binary lints.
    runner.file("Dockerfile", APP);
    let out = runner.run("lint", &[("format", "gnu")]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(
        text(&out.stdout).contains("Dockerfile:1:"),
        "{}",
        text(&out.stdout)
    );
}

/// Without a wheel for the version, the step fails and says how to build
/// from source instead.
#[test]
fn install_without_a_wheel_points_at_from_source() {
    let mut runner = Runner::new(WITH_PYTHON);
    let empty = runner.temp.join("no-wheels");
    fs::create_dir_all(&empty).unwrap();
    for (name, value) in &mut runner.env {
        if name == "PIP_FIND_LINKS" {
            *value = empty.display().to_string();
        }
    }
    let out = runner.run("install", &[]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("::error title=fromlint::no prebuilt fromlint")
            && stdout.contains("from-source: true"),
        "{stdout}"
    );
}

#[test]
fn install_without_python_says_what_is_missing() {
    let runner = Runner::new(NEITHER);
    let out = runner.run("install", &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stdout).starts_with("::error title=fromlint::")
            && text(&out.stdout).contains("python3"),
        "{out:?}"
    );
}

/// `from-source: true` builds the action's checkout into the runner's
/// temporary directory, only when asked.
#[test]
fn install_from_source_builds_the_action_checkout_into_runner_temp() {
    let runner = Runner::new(WITH_CARGO);
    let out = runner.run("install", &[FROM_SOURCE]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let args = fs::read_to_string(runner.temp.join("cargo-args")).unwrap();
    assert_eq!(
        args.trim(),
        format!(
            "install --locked --quiet --path {} --root {}",
            env!("CARGO_MANIFEST_DIR"),
            runner.temp.join("fromlint").display()
        )
    );
    let stdout = text(&out.stdout);
    assert!(
        stdout.starts_with("fromlint: building fromlint 0.") && stdout.contains("\nfromlint 0."),
        "{out:?}"
    );
}

#[test]
fn install_from_source_without_cargo_says_what_is_missing() {
    let runner = Runner::new(NEITHER);
    let out = runner.run("install", &[FROM_SOURCE]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stdout).starts_with("::error title=fromlint::")
            && text(&out.stdout).contains("cargo"),
        "{out:?}"
    );
    let out = runner.run("install", &[("from-source", "yes")]);
    assert_eq!(out.status.code(), Some(1), "only true or false");
}

#[test]
fn lint_annotates_and_fails_on_findings_by_default() {
    let runner = Runner::new(WITH_CARGO);
    runner.file("Dockerfile", APP);
    assert!(runner.run("install", &[FROM_SOURCE]).status.success());
    let out = runner.run("lint", &[]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("::warning file=Dockerfile,line=1,"),
        "{stdout}"
    );
    assert_eq!(runner.outputs(), "", "no SARIF asked for");
}

#[test]
fn lint_writes_sarif_before_judging() {
    let runner = Runner::new(WITH_CARGO);
    runner.file("svc/Dockerfile", APP);
    assert!(runner.run("install", &[FROM_SOURCE]).status.success());
    let sarif = "reports/fromlint.sarif";
    let out = runner.run(
        "lint",
        &[("sarif-file", sarif), ("failure-threshold", "warning")],
    );
    assert_eq!(out.status.code(), Some(1), "warnings fail at `warning`");
    let log: Value =
        serde_json::from_str(&fs::read_to_string(runner.workspace.join(sarif)).unwrap())
            .expect("the SARIF file is JSON");
    assert_eq!(log["version"], "2.1.0");
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert!(!results.is_empty());
    assert_eq!(
        results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "svc/Dockerfile"
    );
    assert_eq!(runner.outputs(), format!("sarif-file={sarif}\n"));

    let out = runner.run(
        "lint",
        &[("sarif-file", sarif), ("failure-threshold", "error")],
    );
    assert_eq!(out.status.code(), Some(0), "no errors, only warnings");
    let out = runner.run("lint", &[("failure-threshold", "none")]);
    assert_eq!(out.status.code(), Some(0), "`none` never fails on findings");
}

#[test]
fn lint_takes_several_paths_and_any_format() {
    let runner = Runner::new(WITH_CARGO);
    runner
        .file("a/Dockerfile", APP)
        .file("b.Dockerfile", "FROM node:latest\n")
        .file("man/Dockerfile", "FROM python\n")
        .file("skipped.Dockerfile", "FROM ruby\n");
    assert!(runner.run("install", &[FROM_SOURCE]).status.success());
    let out = runner.run(
        "lint",
        &[
            ("paths", "man\n  a/Dockerfile b.Dockerfile\n"),
            ("format", "gnu"),
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let files: BTreeSet<String> = text(&out.stdout)
        .lines()
        .map(|l| l.split(':').next().unwrap().to_string())
        .collect();
    let expected: BTreeSet<String> = ["a/Dockerfile", "b.Dockerfile", "man/Dockerfile"]
        .map(String::from)
        .into();
    assert_eq!(files, expected, "`man` is a directory, not the subcommand");

    let out = runner.run("lint", &[("paths", "missing.Dockerfile")]);
    assert_eq!(out.status.code(), Some(2), "a missing path is an error");
}
