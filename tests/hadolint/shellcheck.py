#!/usr/bin/env python3
"""ShellCheck inside RUN: fromlint's `shellcheck` lint against hadolint
2.15.1's SC findings, on the sample of compare.py (hadolint's findings from
its cache, written by tests/hadolint/run.sh).

Per ShellCheck code, by file, instruction and code: matched, only hadolint,
only fromlint; and the time fromlint took. Prints a Markdown table; with
--write puts it into docs/hadolint-parity.md between the
`shellcheck:start`/`shellcheck:end` markers. Needs `shellcheck` on PATH.

    python3 tests/hadolint/shellcheck.py --bin target/release/fromlint \
        --cache target/hadolint-findings.json [--write] [--show SC2086]

stdlib only.
"""

import argparse
import concurrent.futures
import json
import os
import re
import subprocess
import sys
import time
from collections import defaultdict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from compare import REPO, instruction_at, instructions, sample  # noqa: E402

TOP = 12
# ShellCheck's codes for a script it could not parse.
PARSE_ERRORS = {"SC1072", "SC1073", "SC1088", "SC1009", "SC1089", "SC1070", "SC1083", "SC1141"}


def is_windows(path):
    """A file whose RUN scripts are PowerShell or cmd: a Windows base or
    a non-POSIX SHELL."""
    with open(path, errors="replace") as f:
        text = f.read().lower()
    return bool(
        re.search(r"^\s*from\s+\S*(windows|nanoserver|servercore)", text, re.M)
        or re.search(r'^\s*shell\s+\[\s*"(powershell|pwsh|cmd)', text, re.M)
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    parser.add_argument("--cache", required=True, help="hadolint's findings (tests/hadolint/run.sh)")
    parser.add_argument("--corpus", default=os.path.join(REPO, "..", "shared", "corpus", "files"))
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--show", metavar="CODE")
    args = parser.parse_args()
    corpus = os.path.abspath(args.corpus)
    files = sample(corpus)
    with open(args.cache) as f:
        stored = json.load(f)
    if stored.get("files") != files:
        sys.exit("the cache is for another sample: run tests/hadolint/run.sh first")
    theirs = stored["findings"]
    binary = os.path.abspath(args.bin)
    version = subprocess.run(["shellcheck", "--version"], capture_output=True, text=True).stdout
    version = next((l.split(":", 1)[1].strip() for l in version.splitlines() if l.startswith("version:")), "?")
    started = time.monotonic()
    proc = subprocess.run(
        [binary, "--isolated", "--select", "shellcheck", "--exit-zero", "--format", "json", *files],
        capture_output=True, text=True,
    )
    elapsed = time.monotonic() - started
    if proc.returncode != 0:
        sys.exit(f"fromlint failed ({proc.returncode}): {proc.stderr}")
    ours = [d for d in json.loads(proc.stdout)["diagnostics"] if d["lint"] == "shellcheck"]
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        ranges = dict(zip(files, pool.map(lambda p: instructions(binary, p, "/"), files)))
    unparsed = {f["file"] for f in theirs if f["code"] in ("DL1000", "CRASH")}
    theirs_set = {
        (f["file"], instruction_at(ranges[f["file"]], f["line"]), f["code"])
        for f in theirs
        if f["code"].startswith("SC") and f["file"] not in unparsed
    }
    not_checked = sum(1 for d in ours if not d.get("code"))
    ours_set = {
        (d["path"], instruction_at(ranges[d["path"]], d["range"]["start"]["line"]), d["code"])
        for d in ours
        if d.get("code") and d["path"] not in unparsed
    }
    by_code = defaultdict(lambda: [0, 0, 0])
    for key in theirs_set | ours_set:
        row = by_code[key[2]]
        if key in theirs_set and key in ours_set:
            row[0] += 1
        elif key in theirs_set:
            row[1] += 1
        else:
            row[2] += 1
    # Documented classes of differences (docs/hadolint-parity.md).
    windows_files = {path for path in files if is_windows(path)}
    parse_failed = {(p, i) for p, i, c in theirs_set if c in PARSE_ERRORS}

    def klass(key):
        path, index, _ = key
        if path in windows_files:
            return "windows"
        if key not in theirs_set and (path, index) in parse_failed:
            return "hadolint-parse"
        return None

    classes = defaultdict(int)
    for key in theirs_set ^ ours_set:
        k = klass(key)
        if k:
            side = "hadolint" if key in theirs_set else "fromlint"
            classes[f"{k}/{side}"] += 1
    if args.show:
        for kind, keys in (("only hadolint", theirs_set - ours_set), ("only fromlint", ours_set - theirs_set)):
            print(f"== {kind}")
            for key in sorted(keys):
                if key[2] == args.show:
                    print(f"{key[0]} {key[1]} {klass(key) or ''}")
        return 0
    matched = len(theirs_set & ours_set)
    outside = len(theirs_set) - sum(v for k, v in classes.items() if k.endswith("/hadolint"))
    out = [
        f"Sample: the {len(files)} files above ({len(unparsed)} left out); ShellCheck {version}; "
        f"`fromlint --select shellcheck` took {elapsed:.0f} s on this machine (2 cores, shared); "
        f"{not_checked} scripts reported as not checked.",
        "",
        f"All codes: hadolint {len(theirs_set)}, fromlint {len(ours_set)}, matched {matched} "
        f"({100 * matched / max(1, len(theirs_set)):.0f}% of hadolint's), "
        f"only hadolint {len(theirs_set - ours_set)}, only fromlint {len(ours_set - theirs_set)}.",
        "",
        "Differences in documented classes: "
        + (", ".join(f"{k} {v}" for k, v in sorted(classes.items())) or "none")
        + f"; recall outside them: {matched}/{outside} "
        f"({100 * matched / max(1, outside):.0f}%).",
        "",
        "| code | matched | only hadolint | only fromlint |",
        "| --- | --- | --- | --- |",
    ]
    ranked = sorted(by_code.items(), key=lambda kv: (-sum(kv[1]), kv[0]))
    for code, (m, h, o) in ranked[:TOP]:
        out.append(f"| `{code}` | {m} | {h} | {o} |")
    rest = ranked[TOP:]
    if rest:
        sums = [sum(r[1][i] for r in rest) for i in range(3)]
        out.append(f"| {len(rest)} other codes | {sums[0]} | {sums[1]} | {sums[2]} |")
    generated = "\n".join(out) + "\n"
    print(generated)
    if args.write:
        doc_path = os.path.join(REPO, "docs", "hadolint-parity.md")
        with open(doc_path) as f:
            doc = f.read()
        start, end = "<!-- shellcheck:start -->\n", "<!-- shellcheck:end -->"
        head, rest_doc = doc.split(start, 1)
        _, tail = rest_doc.split(end, 1)
        with open(doc_path, "w") as f:
            f.write(head + start + generated + end + tail)
    return 0


if __name__ == "__main__":
    sys.exit(main())
