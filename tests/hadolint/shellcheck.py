#!/usr/bin/env python3
"""ShellCheck inside RUN: fromlint's `shellcheck` lint against hadolint
2.15.1's SC findings, on the sample of compare.py (hadolint's findings from
its cache, written by tests/hadolint/run.sh).

Per ShellCheck code, by file, instruction and code: matched, only hadolint,
only fromlint; every difference is put in a documented class (see `klass`)
or counted as unclassified. Prints a Markdown table; with --write puts it
into docs/hadolint-parity.md between the `shellcheck:start`/`shellcheck:end`
markers, and otherwise fails when the table there is stale, when a
difference is unclassified, or when recall outside the classes is below
compare.py's target. Needs `shellcheck` on PATH (Debian's 0.9.0: other
versions report other codes). tests/hadolint/run.sh runs it.

    python3 tests/hadolint/shellcheck.py --bin target/release/fromlint \
        --cache target/hadolint-findings.json [--write] [--show SC2086|unclassified]

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
from compare import REPO, TARGET, doc_block, instruction_at, instructions, sample  # noqa: E402

TOP = 12
# ShellCheck's codes for a script it could not parse.
PARSE_ERRORS = {"SC1072", "SC1073", "SC1088", "SC1009", "SC1089", "SC1070", "SC1083", "SC1141"}


def is_windows(path):
    """A file whose RUN scripts are PowerShell or cmd: a Windows base, a
    non-POSIX SHELL or a `# hadolint shell=powershell` comment (which
    hadolint itself does not heed for ShellCheck)."""
    with open(path, errors="replace") as f:
        text = f.read().lower()
    return bool(
        re.search(r"^\s*from\s+\S*(windows|nanoserver|servercore)", text, re.M)
        or re.search(r'^\s*shell\s+\[\s*"(powershell|pwsh|cmd)', text, re.M)
        or re.search(r"^\s*#\s*hadolint\s+shell=(powershell|pwsh|cmd)", text, re.M)
    )


def shellcheck_codes(script, dialect):
    """The codes Debian's ShellCheck reports on `script` as `dialect`."""
    proc = subprocess.run(
        ["shellcheck", "--format=json1", "--norc", f"--shell={dialect}", "-"],
        input=script, capture_output=True, text=True,
    )
    try:
        return {f"SC{c['code']}" for c in json.loads(proc.stdout)["comments"]}
    except (ValueError, KeyError):
        return set()


def only_in_sh(instruction, code):
    """Whether ShellCheck reports `code` on this RUN's script as `sh` but
    not as `dash`: a construct dash supports (`echo -n`, escapes in
    `echo`, `export x=$(…)` unsplit)."""
    if instruction is None or instruction["cmd"] != "RUN" or instruction["json"]:
        return False
    script = " ".join(instruction["value"])
    return code in shellcheck_codes(script, "sh") - shellcheck_codes(script, "dash")


def as_hadolint_gives_it(instruction, names):
    """The codes ShellCheck reports on a RUN's script given to it the way
    hadolint does: as `sh`, after `export NAME=1` for every ARG and ENV
    name of the file."""
    if instruction is None or instruction["cmd"] != "RUN" or instruction["json"]:
        return set()
    exports = "".join(f"export {n}=1\n" for n in sorted(names) if re.fullmatch(r"[A-Za-z_]\w*", n))
    return shellcheck_codes(exports + " ".join(instruction["value"]), "sh")


def defined_names(instrs):
    """Names the file's ARG and ENV instructions define (hadolint exports
    each of them as `NAME=1` before the script, so ShellCheck never calls
    them unquoted)."""
    names = set()
    for i in instrs:
        if i["cmd"] == "ARG":
            names.update(v.split("=", 1)[0] for v in i["value"])
        elif i["cmd"] == "ENV":
            names.update(i["value"][0::2])
    return names


def span_text(path, diagnostic):
    with open(path, "rb") as f:
        data = f.read()
    span = diagnostic["span"]
    return data[span["start"]:span["end"]].decode(errors="replace")


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
    # hadolint reports at most one ShellCheck finding per RUN.
    theirs_at = defaultdict(set)
    for p, i, c in theirs_set:
        theirs_at[(p, i)].add(c)
    spans = defaultdict(list)
    for d in ours:
        if d.get("code") and d["path"] not in unparsed:
            key = (d["path"], instruction_at(ranges[d["path"]], d["range"]["start"]["line"]), d["code"])
            spans[key].append(span_text(d["path"], d))
    names = {}
    hadolint_input = {}

    def klass(key):
        path, index, code = key
        if path in windows_files:
            return "windows"
        instrs = ranges[path]
        instruction = instrs[index] if index < len(instrs) else None
        if key in theirs_set:
            if only_in_sh(instruction, code):
                return "dash"
            return None
        if (path, index) in parse_failed:
            return "hadolint-parse"
        if code in ("SC1090", "SC1091"):
            return None  # never reported since hadolint leaves them out too
        if path not in names:
            names[path] = defined_names(instrs)
        if theirs_at[(path, index)] - {code}:
            # Checked: ShellCheck reports it on hadolint's input too.
            if (path, index) not in hadolint_input:
                hadolint_input[(path, index)] = as_hadolint_gives_it(instruction, names[path])
            if code in hadolint_input[(path, index)]:
                return "one-per-run"
            return None
        if code == "SC2086":
            expanded = [re.fullmatch(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?", t) for t in spans[key]]
            if expanded and all(m and m.group(1) in names[path] for m in expanded):
                return "value-splits"
        return None

    classes = defaultdict(int)
    unexplained = defaultdict(list)
    for key in theirs_set ^ ours_set:
        k = klass(key)
        side = "hadolint" if key in theirs_set else "fromlint"
        if k:
            classes[f"{k}/{side}"] += 1
        else:
            unexplained[side].append(key)
    runs_theirs = {(p, i) for p, i, _ in theirs_set}
    runs_ours = {(p, i) for p, i, _ in ours_set}
    if args.show:
        for kind, keys in (("only hadolint", theirs_set - ours_set), ("only fromlint", ours_set - theirs_set)):
            print(f"== {kind}")
            for key in sorted(keys):
                if key[2] == args.show or (args.show == "unclassified" and not klass(key)):
                    print(f"{key[0]} {key[1]} {key[2]} {klass(key) or ''}")
        return 0
    matched = len(theirs_set & ours_set)
    outside = len(theirs_set) - sum(v for k, v in classes.items() if k.endswith("/hadolint"))
    out = [
        f"Sample: the {len(files)} files above ({len(unparsed)} left out); ShellCheck {version}; "
        f"{not_checked} scripts reported as not checked.",
        "",
        f"All codes: hadolint {len(theirs_set)}, fromlint {len(ours_set)}, matched {matched} "
        f"({100 * matched / max(1, len(theirs_set)):.0f}% of hadolint's), "
        f"only hadolint {len(theirs_set - ours_set)}, only fromlint {len(ours_set - theirs_set)}.",
        "",
        f"RUN instructions with a ShellCheck finding: hadolint {len(runs_theirs)}, fromlint "
        f"{len(runs_ours)}, both {len(runs_theirs & runs_ours)} (hadolint reports at most one "
        "finding per RUN).",
        "",
        "Differences in documented classes: "
        + (", ".join(f"{k} {v}" for k, v in sorted(classes.items())) or "none")
        + f"; recall outside them: {matched}/{outside} "
        f"({100 * matched / max(1, outside):.0f}%); unclassified: only hadolint "
        f"{len(unexplained['hadolint'])}, only fromlint {len(unexplained['fromlint'])}.",
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
    print(f"(`fromlint --select shellcheck` took {elapsed:.0f} s)")
    with open(os.path.join(REPO, "docs", "hadolint-parity.md")) as f:
        same_version = f"; ShellCheck {version}; " in f.read()
    if not args.write and not same_version:
        # Other ShellCheck versions report other codes: the counts cannot
        # match the table, but every difference must still be classified.
        print(f"the table was made with another ShellCheck than {version}: not compared")
    elif not doc_block("shellcheck", generated, args.write):
        sys.exit("docs/hadolint-parity.md (ShellCheck) is stale: run tests/hadolint/run.sh --write")
    problems = []
    if not_checked:
        problems.append(f"{not_checked} scripts not checked")
    if unexplained["hadolint"] or unexplained["fromlint"]:
        problems.append(
            f"unclassified differences (only hadolint {len(unexplained['hadolint'])}, only fromlint "
            f"{len(unexplained['fromlint'])}: see --show unclassified)"
        )
    if outside and matched / outside < TARGET:
        problems.append(f"recall outside the classes {matched}/{outside} is below {TARGET:.0%}")
    if problems:
        sys.exit("ShellCheck differential: " + "; ".join(problems))
    return 0


if __name__ == "__main__":
    sys.exit(main())
