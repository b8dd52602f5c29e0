//! The command line as people meet it: the summary line, `--quiet`,
//! `--statistics`, the progress counter, shell completions and the manual.

use std::fs;
use std::path::Path;
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_fromlint");

fn fromlint(args: &[&str], dir: &Path) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env_remove("FROMLINT_FORMAT")
        .env("NO_COLOR", "1")
        .env("FROMLINT_TODAY", "2026-11-23")
        .output()
        .expect("runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// An application image with a safe fix (floating-tag), an unsafe one
/// (full-distro-base), a display-only one (missing-digest) and a finding
/// without a fix (runs-as-root).
const APP: &str = "FROM python:3.12\nWORKDIR /app\nCOPY . .\nCMD [\"python\", \"app.py\"]\n";

/// A directory with `count` copies of [`APP`].
fn many(count: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..count {
        fs::write(dir.path().join(format!("{i:03}.Dockerfile")), APP).unwrap();
    }
    dir
}

fn which(program: &str) -> Option<std::path::PathBuf> {
    fromlint::prerequisite::find_program(program)
}

/// The last line of stdout, with the elapsed time replaced by `T`.
fn summary(output: &Output) -> String {
    let stdout = text(&output.stdout);
    let last = stdout.lines().last().unwrap_or_default().to_string();
    let (head, rest) = last.split_once(" in ").expect("a time in the summary");
    let (time, rest) = rest.split_once(':').expect("a colon after the time");
    assert!(
        time.ends_with("ms") || time.ends_with('s'),
        "elapsed time `{time}` in {last}"
    );
    format!("{head} in T:{rest}")
}

#[test]
fn the_summary_counts_files_findings_and_fixes() {
    let dir = many(3);
    fs::write(dir.path().join("clean.Dockerfile"), "").unwrap();
    let out = fromlint(&[], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let line = summary(&out);
    assert!(line.starts_with("Checked 4 files in T: "), "{line}");
    assert!(line.contains(" in 3 files; "), "{line}");
    let json = fromlint(&["--format", "json"], dir.path());
    let doc: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let diagnostics = doc["diagnostics"].as_array().unwrap();
    let with = |applicability: &str| {
        diagnostics
            .iter()
            .filter(|d| d["fix"]["applicability"] == applicability)
            .count()
    };
    let (safe, unsafe_) = (with("safe"), with("unsafe"));
    assert!(safe > 0 && unsafe_ > 0, "{doc}");
    assert!(
        line.contains(&format!("{} problems (", diagnostics.len())),
        "{line}"
    );
    assert!(
        line.ends_with(&format!(
            "; {safe} fixable with --fix ({unsafe_} more with --unsafe-fixes)."
        )),
        "{line}"
    );
    let unsafe_line = summary(&fromlint(&["--unsafe-fixes"], dir.path()));
    assert!(
        unsafe_line.ends_with(&format!(
            "; {} fixable with --fix --unsafe-fixes.",
            safe + unsafe_
        )),
        "{unsafe_line}"
    );

    let clean = fromlint(&["clean.Dockerfile"], dir.path());
    assert_eq!(clean.status.code(), Some(0));
    assert_eq!(summary(&clean), "Checked 1 file in T: no problems.");
}

#[test]
fn fixing_reports_what_was_fixed_and_what_remains() {
    let dir = many(2);
    let out = fromlint(&["--fix"], dir.path());
    let line = summary(&out);
    assert!(
        line.starts_with("Fixed 2 problems. Checked 2 files in T: "),
        "{line}"
    );
    assert!(
        line.ends_with("fixable with --fix --unsafe-fixes."),
        "{line}"
    );
}

#[test]
fn quiet_prints_only_the_findings() {
    let dir = many(2);
    let loud = fromlint(&[], dir.path());
    let quiet = fromlint(&["--quiet"], dir.path());
    assert_eq!(quiet.status, loud.status);
    let loud = text(&loud.stdout);
    let quiet = text(&quiet.stdout);
    assert!(quiet.contains("floating-tag"), "{quiet}");
    assert!(!quiet.contains("Checked "), "{quiet}");
    assert!(
        loud.starts_with(&quiet),
        "the findings are the same, only the summary is gone"
    );
    assert_eq!(loud[quiet.len()..].trim_end().lines().count(), 1, "{loud}");

    // No warning for an empty run either.
    let empty = tempfile::tempdir().unwrap();
    let out = fromlint(&["-q"], empty.path());
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(text(&out.stderr), "");
    assert_eq!(text(&out.stdout), "");
}

#[test]
fn quiet_fix_prints_nothing_but_errors() {
    let dir = many(2);
    let out = fromlint(&["--fix", "--quiet"], dir.path());
    assert_eq!(out.status.code(), Some(1), "findings remain");
    assert_eq!(text(&out.stdout), "");
    assert_eq!(text(&out.stderr), "");
    assert_eq!(
        fs::read_to_string(dir.path().join("000.Dockerfile")).unwrap(),
        APP.replace("3.12", "3.12-trixie"),
        "the safe fix was applied"
    );

    let out = fromlint(&["--fix", "-q", "000.Dockerfile", "missing"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(text(&out.stdout), "");
    assert!(
        text(&out.stderr).contains("missing"),
        "errors are still said"
    );

    // Standard input: the fixed text is the output, the count is chatter.
    let mut child = Command::new(BIN)
        .args(["--fix", "--quiet", "-"])
        .env("FROMLINT_TODAY", "2026-11-23")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"FROM python:3.12-slim\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(text(&out.stdout), "FROM python:3.12-slim-trixie\n");
    assert_eq!(text(&out.stderr), "");
}

#[test]
fn statistics_count_findings_per_lint() {
    let dir = many(3);
    fs::write(dir.path().join("latest.Dockerfile"), "FROM node:latest\n").unwrap();
    let out = fromlint(&["--statistics"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    let rows: Vec<Vec<&str>> = stdout
        .lines()
        .take_while(|l| !l.is_empty())
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert!(!stdout.contains("╭"), "no findings rendered:\n{stdout}");
    let row = |id: &str| {
        rows.iter()
            .find(|r| r[1] == id)
            .unwrap_or_else(|| panic!("no {id} row:\n{stdout}"))
    };
    assert_eq!(row("floating-tag")[0], "3");
    assert_eq!(row("floating-tag")[2], "[*]", "safe fix");
    assert_eq!(row("latest-tag")[0], "1");
    assert_ne!(row("latest-tag")[2], "[*]", "display-only fix");
    assert_ne!(row("runs-as-root")[2], "[*]", "no fix");
    assert_ne!(
        row("full-distro-base")[2],
        "[*]",
        "unsafe fix, not asked for"
    );
    let counts: Vec<usize> = rows.iter().map(|r| r[0].parse().unwrap()).collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "{stdout}");
    assert!(
        stdout
            .lines()
            .last()
            .unwrap()
            .starts_with("Checked 4 files in ")
    );

    let unsafe_ = text(&fromlint(&["--statistics", "--unsafe-fixes"], dir.path()).stdout);
    let full = unsafe_
        .lines()
        .find(|l| l.contains(" full-distro-base "))
        .unwrap();
    assert!(full.contains("[*]"), "{unsafe_}");

    let quiet = text(&fromlint(&["--statistics", "-q"], dir.path()).stdout);
    assert!(!quiet.contains("Checked"), "{quiet}");
    assert_eq!(quiet.lines().count(), rows.len());

    let machine = fromlint(&["--statistics", "--format", "json"], dir.path());
    assert_eq!(machine.status.code(), Some(2));
    assert!(text(&machine.stderr).contains("--format human"));
    let diff = fromlint(&["--statistics", "--diff"], dir.path());
    assert_eq!(diff.status.code(), Some(2));
}

#[test]
fn no_progress_when_stderr_is_not_a_terminal() {
    let dir = many(60);
    for args in [&[][..], &["--format", "json"][..]] {
        let out = fromlint(args, dir.path());
        assert_eq!(out.status.code(), Some(1));
        assert_eq!(text(&out.stderr), "", "{args:?}");
    }
}

/// util-linux `script` runs fromlint on a pseudo-terminal and copies what
/// it prints to stdout.
#[cfg(target_os = "linux")]
fn on_terminal(args: &str, dir: &Path) -> String {
    let script = which("script").expect("util-linux `script` is installed");
    let out = Command::new(script)
        .args(["-qec", &format!("{BIN} {args}"), "/dev/null"])
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("FROMLINT_TODAY", "2026-11-23")
        .env_remove("FROMLINT_FORMAT")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    text(&out.stdout)
}

#[cfg(target_os = "linux")]
#[test]
fn progress_on_a_terminal_for_big_runs_only() {
    let dir = many(60);
    let terminal = on_terminal("--statistics . 2>&1 >/dev/null", dir.path());
    assert!(
        terminal.starts_with("\rLinting 1/60 files (1%)"),
        "{terminal:?}"
    );
    assert!(
        terminal.trim_end_matches(['\r', '\n']).ends_with(' '),
        "the line is wiped: {terminal:?}"
    );
    for args in [
        "--quiet . 2>&1 >/dev/null",
        "--format json . 2>&1 >/dev/null",
        "--format sarif . 2>&1 >/dev/null",
    ] {
        let terminal = on_terminal(args, dir.path());
        assert!(!terminal.contains("Linting"), "{args}: {terminal:?}");
    }
    let small = many(50);
    let terminal = on_terminal(". 2>&1 >/dev/null", small.path());
    assert!(!terminal.contains("Linting"), "50 files: {terminal:?}");
}

#[test]
fn completion_scripts_for_every_shell() {
    let dir = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = fromlint(&["completions", shell], dir.path());
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let script = text(&out.stdout);
        assert!(script.contains("statistics"), "{shell}: {script}");
        assert!(script.contains("completions"), "{shell}");
        let path = dir.path().join(format!("fromlint.{shell}"));
        fs::write(&path, &script).unwrap();
        // A syntax check by the shell itself, where it is installed.
        let check: &[&str] = match shell {
            "bash" => &["bash", "-n"],
            "zsh" => &["zsh", "-n"],
            "fish" => &["fish", "--no-execute"],
            _ => continue,
        };
        let Some(program) = which(check[0]) else {
            assert_ne!(shell, "bash", "bash is needed to check the bash script");
            fromlint::prerequisite::missing(&format!("the {shell} completion check"), check[0]);
            continue;
        };
        let status = Command::new(program)
            .args(&check[1..])
            .arg(&path)
            .status()
            .unwrap();
        assert!(status.success(), "{shell} rejects its completion script");
    }
    let bad = fromlint(&["completions", "tcsh"], dir.path());
    assert_eq!(bad.status.code(), Some(2));
}

/// Sourcing the bash script and asking it to complete: flags, subcommands,
/// and the values of `--format`.
#[test]
fn bash_completion_completes() {
    let complete = |words: &[&str]| -> Vec<String> {
        let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
        let program = format!(
            r#"source <("$FROMLINT" completions bash)
COMP_WORDS=({words})
COMP_CWORD=$(( ${{#COMP_WORDS[@]}} - 1 ))
COMP_LINE="${{COMP_WORDS[*]}}"
COMP_POINT=${{#COMP_LINE}}
_fromlint fromlint "${{COMP_WORDS[COMP_CWORD]}}" "${{COMP_WORDS[COMP_CWORD-1]}}"
printf '%s\n' "${{COMPREPLY[@]}}""#,
            words = quoted.join(" ")
        );
        let out = Command::new("bash")
            .args(["-c", &program])
            .env("FROMLINT", BIN)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", text(&out.stderr));
        text(&out.stdout).lines().map(String::from).collect()
    };
    assert_eq!(complete(&["fromlint", "--stat"]), ["--statistics"]);
    assert!(complete(&["fromlint", "--format", "g"]).contains(&"github".to_string()));
    let shells = complete(&["fromlint", "completions", ""]);
    for shell in ["bash", "zsh", "fish", "powershell"] {
        assert!(shells.contains(&shell.to_string()), "{shells:?}");
    }
    assert!(complete(&["fromlint", "pi"]).contains(&"pin".to_string()));
}

#[test]
fn the_manual_page_renders() {
    let dir = tempfile::tempdir().unwrap();
    let out = fromlint(&["man"], dir.path());
    assert_eq!(out.status.code(), Some(0));
    let page = text(&out.stdout);
    assert!(page.starts_with(".ie \\n(.g .ds Aq"), "roff: {page}");
    assert!(page.contains(".TH fromlint 1"), "{page}");
    let Some(man) = which("man") else {
        assert!(page.contains(".SH \"EXIT STATUS\""));
        fromlint::prerequisite::missing("the manual page check", "man");
        return;
    };
    let path = dir.path().join("fromlint.1");
    fs::write(&path, &page).unwrap();
    let rendered = Command::new(man)
        .arg("-l")
        .arg(&path)
        .env("MANWIDTH", "80")
        .env("MANPAGER", "cat")
        .env("PAGER", "cat")
        .env("MAN_KEEP_FORMATTING", "0")
        .output()
        .unwrap();
    assert!(rendered.status.success(), "{}", text(&rendered.stderr));
    assert_eq!(text(&rendered.stderr), "", "man warns");
    // Without a terminal man may still embolden with backspaces.
    let mut shown = String::new();
    for c in text(&rendered.stdout).chars() {
        if c == '\u{8}' {
            shown.pop();
        } else {
            shown.push(c);
        }
    }
    for section in [
        "NAME",
        "SYNOPSIS",
        "DESCRIPTION",
        "OPTIONS",
        "SUBCOMMANDS",
        "EXIT STATUS",
        "ENVIRONMENT",
        "FILES",
        "EXAMPLES",
        "SEE ALSO",
    ] {
        assert!(
            shown.lines().any(|l| l == section),
            "no {section} heading in\n{shown}"
        );
    }
    assert!(shown.contains("--statistics"), "{shown}");

    let pages = dir.path().join("pages");
    let out = fromlint(
        &["man", "--output-dir", pages.to_str().unwrap()],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(pages.join("fromlint.1").is_file());
    assert!(pages.join("fromlint-pin.1").is_file());
}
