#!/usr/bin/env python3
"""Regenerates the numbers of docs/corpus-report.md: every lint (all of them
selected, no configuration) run over the shared corpus (../shared/corpus/files)
and over the application Dockerfiles in tests/apps/, with today pinned so the
end-of-life findings do not drift.

Usage: python3 bench/audit.py                 counts per lint (markdown table)
       python3 bench/audit.py --sample LINT   the audit sample of one lint: up
                                              to 6 application findings (all
                                              when fewer) and the rest of 12
                                              from the corpus, drawn with the
                                              fixed seed, each with its line
       python3 bench/audit.py --sample LINT --all   every finding of LINT
       python3 bench/audit.py --sample all   the samples of every lint
FROMLINT_BIN=path runs another build (default target/release/fromlint).
FROMLINT_TODAY (default below) is the day the report was made.
"""
import glob
import json
import os
import random
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "..", "shared", "corpus", "files")
APPS = os.path.join(ROOT, "tests", "apps")
BIN = os.environ.get("FROMLINT_BIN") or os.path.join(ROOT, "target", "release", "fromlint")
TODAY = os.environ.get("FROMLINT_TODAY", "2026-11-30")
SEED = 2026
SAMPLE = 12
FROM_APPS = 6


def lints():
    """(id, on by default) for every lint `fromlint rules` lists; the default
    selection is read from each lint's generated page."""
    out = subprocess.run([BIN, "rules"], capture_output=True, text=True, check=True).stdout
    result = []
    for line in out.splitlines():
        if not line.strip():
            continue
        lint = line.split()[0]
        page = os.path.join(ROOT, "docs", "lints", lint + ".md")
        with open(page, encoding="utf-8") as f:
            head = f.read(600)
        result.append((lint, "Not in the default selection" not in head))
    return result


def run(paths):
    """The JSON diagnostics of one run over `paths` (in chunks, so the
    command line stays short)."""
    env = dict(os.environ, FROMLINT_TODAY=TODAY)
    diagnostics = []
    for i in range(0, len(paths), 500):
        chunk = paths[i : i + 500]
        proc = subprocess.run(
            [BIN, "--isolated", "--select", "all", "--format", "json", *chunk],
            capture_output=True,
            text=True,
            env=env,
            cwd=ROOT,
        )
        if proc.returncode not in (0, 1):
            sys.exit(f"fromlint failed ({proc.returncode}): {proc.stderr[:2000]}")
        diagnostics.extend(json.loads(proc.stdout)["diagnostics"])
    return diagnostics


def inputs():
    corpus = sorted(glob.glob(os.path.join(CORPUS, "*")))
    apps = sorted(glob.glob(os.path.join(APPS, "*.Dockerfile")))
    if not corpus:
        sys.exit(f"no corpus at {CORPUS}")
    return corpus, apps


def counts():
    corpus, apps = inputs()
    found = {"corpus": run(corpus), "apps": run(apps)}
    print(f"{len(corpus)} corpus files, {len(apps)} application files, today {TODAY}\n")
    print("| lint | default | corpus findings | corpus files | apps findings | apps files |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    rows = []
    for lint, default in lints():
        row = [lint, "yes" if default else "no"]
        for key in ("corpus", "apps"):
            mine = [d for d in found[key] if d["lint"] == lint]
            row += [len(mine), len({d["path"] for d in mine})]
        rows.append(row)
    rows.sort(key=lambda r: (r[1] != "yes", -(r[2] + r[4]), r[0]))
    for r in rows:
        print(f"| `{r[0]}` | {r[1]} | {r[2]} | {r[3]} | {r[4]} | {r[5]} |")


def show(d):
    path = os.path.relpath(d["path"], ROOT)
    line = d["range"]["start"]["line"]
    try:
        with open(d["path"], encoding="utf-8", errors="replace") as f:
            text = f.read().splitlines()[line - 1].strip()
    except (OSError, IndexError):
        text = ""
    fix = d.get("fix") or {}
    print(f"{path}:{line}: {d['message']}")
    print(f"    | {text[:160]}")
    if d.get("help"):
        print(f"    help: {d['help'][:300]}")
    if fix:
        edits = "; ".join(repr(e["replacement"][:80]) for e in fix.get("edits", []))
        print(f"    fix ({fix['applicability']}): {fix['title'][:120]} -> {edits}")


def sample(lint, everything):
    corpus, apps = inputs()
    found_apps, found_corpus = run(apps), run(corpus)
    names = [l for l, _ in lints()] if lint == "all" else [lint]
    for name in names:
        from_apps = [d for d in found_apps if d["lint"] == name]
        from_corpus = [d for d in found_corpus if d["lint"] == name]
        if from_apps or from_corpus:
            sample_one(name, from_apps, from_corpus, everything)


def sample_one(lint, from_apps, from_corpus, everything):
    print(f"\n## {lint}: {len(from_corpus)} corpus / {len(from_apps)} apps findings\n")
    if everything:
        picked = from_apps + from_corpus
    else:
        rng = random.Random(SEED)
        a = rng.sample(from_apps, min(FROM_APPS, len(from_apps)))
        rest = SAMPLE - len(a)
        c = rng.sample(from_corpus, min(rest, len(from_corpus)))
        if len(a) + len(c) < SAMPLE:
            more = [d for d in from_apps if d not in a]
            a += more[: SAMPLE - len(a) - len(c)]
        picked = a + c
    for d in picked:
        show(d)


if __name__ == "__main__":
    args = sys.argv[1:]
    if args[:1] == ["--sample"] and len(args) >= 2:
        sample(args[1], "--all" in args)
    elif not args:
        counts()
    else:
        sys.exit(__doc__)
