#!/usr/bin/env python3
"""Differential test of fromlint against hadolint 2.15.1.

Lints a fixed sample of the corpus (every SAMPLE_EVERY-th file in name
order) with both tools and compares their findings per hadolint rule, by
file and instruction: a hadolint finding is matched when a fromlint lint that
carries the rule code as an alias reports something in the same instruction.

Writes the per-rule table into docs/hadolint-parity.md (between the
`parity:start`/`parity:end` markers) with --write, and otherwise fails when
the table there is stale or when a rule falls below the target recall:
matched / hadolint's findings outside the documented classes where hadolint
is wrong (see `classify`; docs/hadolint-parity.md explains each class).

stdlib only.
"""

import argparse
import concurrent.futures
import json
import os
import re
import subprocess
import sys
import tempfile
from collections import defaultdict

SAMPLE_EVERY = 6
TARGET = 0.95
HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))


def sample(corpus):
    names = sorted(os.listdir(corpus))
    return [os.path.join(corpus, n) for i, n in enumerate(names) if i % SAMPLE_EVERY == 0]


def run_hadolint(hadolint, files, cwd):
    """hadolint's JSON findings for files; a file hadolint crashes on is
    recorded with the pseudo-code CRASH."""

    def batch(chunk):
        proc = subprocess.run(
            [hadolint, "--no-fail", "-f", "json", *chunk],
            capture_output=True, text=True, cwd=cwd,
        )
        if proc.returncode == 0:
            return json.loads(proc.stdout or "[]")
        if len(chunk) == 1:
            return [{"code": "CRASH", "file": chunk[0], "line": 0}]
        return [f for one in chunk for f in batch([one])]

    chunks = [files[i:i + 50] for i in range(0, len(files), 50)]
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        return [f for result in pool.map(batch, chunks) for f in result]


def run_fromlint(binary, files, cwd):
    proc = subprocess.run(
        [binary, "--isolated", "--select", "all", "--preview", "--exit-zero",
         "--format", "json", *files],
        capture_output=True, text=True, cwd=cwd,
    )
    if proc.returncode != 0:
        sys.exit(f"fromlint failed ({proc.returncode}): {proc.stderr}")
    return json.loads(proc.stdout)["diagnostics"]


def instructions(binary, path, cwd):
    proc = subprocess.run([binary, "parse", path], capture_output=True, text=True, cwd=cwd)
    return json.loads(proc.stdout)["instructions"]


def instruction_at(instrs, line):
    """Index of the instruction holding `line`, or of the next one (a
    finding on a comment above an instruction belongs to it)."""
    for index, i in enumerate(instrs):
        if line <= i["end_line"]:
            return index
    return len(instrs)


def aliases(binary):
    proc = subprocess.run([binary, "rules", "--format", "json"], capture_output=True, text=True)
    codes = defaultdict(list)
    for rule in json.loads(proc.stdout):
        for code in rule["aliases"]["hadolint"]:
            codes[code].append(rule["id"])
    return codes


def compare(binary, hadolint, corpus, cache):
    files = sample(corpus)
    with tempfile.TemporaryDirectory() as cwd:
        theirs = None
        if cache and os.path.exists(cache):
            with open(cache) as f:
                stored = json.load(f)
            if stored.get("files") == files:
                theirs = stored["findings"]
        if theirs is None:
            theirs = run_hadolint(hadolint, files, cwd)
            if cache:
                with open(cache, "w") as f:
                    json.dump({"files": files, "findings": theirs}, f)
        ours = run_fromlint(binary, files, cwd)
        ranges = {}
        with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
            for path, r in zip(files, pool.map(lambda p: instructions(binary, p, cwd), files)):
                ranges[path] = r
    codes = aliases(binary)
    unparsed = {f["file"] for f in theirs if f["code"] in ("DL1000", "CRASH")}
    by_rule = defaultdict(set)
    for f in theirs:
        if f["file"] in unparsed or not f["code"].startswith("DL"):
            continue
        by_rule[f["code"]].add((f["file"], instruction_at(ranges[f["file"]], f["line"])))
    by_lint = defaultdict(set)
    for d in ours:
        path = d["path"]
        if path in unparsed or path not in ranges:
            continue
        by_lint[d["lint"]].add((path, instruction_at(ranges[path], d["range"]["start"]["line"])))
    rows = {}
    for code in sorted(set(by_rule) | set(codes)):
        theirs_set = by_rule.get(code, set())
        ours_set = set()
        for lint in codes.get(code, []):
            found = by_lint.get(lint, set())
            # A lint that carries one code per package manager (rpm-pin:
            # yum, dnf, zypper) counts for a code only where that code's
            # manager runs.
            if code in CODE_MANAGERS and sum(lint in ls for ls in codes.values()) > 1:
                found = {(path, index) for path, index in found
                         if index < len(ranges[path])
                         and re.search(CODE_MANAGERS[code], ranges[path][index]["original"])}
            ours_set |= found
        only_hadolint = sorted(theirs_set - ours_set)
        classes = defaultdict(int)
        unexplained = []
        for path, index in only_hadolint:
            klass = classify(code, ranges[path], index)
            if klass:
                classes[klass] += 1
            else:
                unexplained.append((path, index))
        rows[code] = {
            "lints": codes.get(code, []),
            "hadolint": len(theirs_set),
            "matched": len(theirs_set & ours_set),
            "only_hadolint": only_hadolint,
            "unexplained": unexplained,
            "classes": dict(classes),
            "only_fromlint": sorted(ours_set - theirs_set),
        }
    return files, unparsed, rows


def stage_of(instrs, index):
    """The instructions of the stage holding instruction `index`."""
    start = max((i for i in range(index + 1) if instrs[i]["cmd"] == "FROM"), default=0)
    end = next((i for i in range(index + 1, len(instrs)) if instrs[i]["cmd"] == "FROM"), len(instrs))
    return instrs[start:end], end == len(instrs)


def stage_names(instrs, before):
    return {i["value"][2].lower() for i in instrs[:before]
            if i["cmd"] == "FROM" and len(i["value"]) == 3 and i["value"][1].lower() == "as"}


def in_final_image(instrs, index):
    """Whether instruction `index` is in the final stage or a stage it
    builds on (`FROM <stage>`)."""
    froms = [n for n, i in enumerate(instrs) if i["cmd"] == "FROM"]
    names = {}
    for n in froms:
        value = instrs[n]["value"]
        if len(value) == 3 and value[1].lower() == "as":
            names[value[2].lower()] = n
    chain = set()
    current = froms[-1] if froms else None
    while current is not None and current not in chain:
        chain.add(current)
        value = instrs[current]["value"]
        current = names.get(value[0].lower()) if value else None
    start = max((n for n in froms if n <= index), default=None)
    return start in chain


def classify(code, instrs, index):
    """The documented class of a finding only hadolint reports, or None."""
    if index >= len(instrs):
        return None
    i = instrs[index]
    text = i["original"]
    words = text.split()
    if code == "DL3006" and i["cmd"] == "FROM":
        image = i["value"][0] if i["value"] else ""
        if "$" in image:
            return "variable image"
        if image.lower() in stage_names(instrs, index):
            return "stage name in other case"
    if code == "DL3025":
        if i["cmd"] == "HEALTHCHECK":
            return "HEALTHCHECK CMD"
        stage, _ = stage_of(instrs, index)
        if any(s["cmd"] == "SHELL" for s in stage):
            return "stage sets SHELL"
    if code == "DL3020" and i["cmd"] == "ADD":
        sources = [w for w in i["value"][:-1]]
        if any(re.search(r"(?i)\$\{?\w*(URL|URI)\w*", w) for w in sources):
            return "URL in a variable"
        if any(w.startswith("git@") for w in sources):
            return "Git source"
    if code == "DL3022":
        value = next((f.split("=", 1)[1] for f in i["flags"] if f.startswith("--from=")), "")
        if re.search(r"[:/@]", value):
            return "image reference"
    if code == "DL3009" and re.search(r"apt-get\s+(-\S+\s+)*dist-clean", text):
        return "apt-get dist-clean"
    if code == "DL3066" and i["cmd"] == "USER" and "$" in text:
        return "user from a variable"
    if code == "DL3064" and i["cmd"] in ("ARG", "ENV"):
        secret = {"apikey", "auth", "credential", "credentials", "key", "password",
                  "pword", "passwd", "secret", "token"}
        names = [w.split("=", 1)[0] for w in i["value"]]
        if not any(secret & set(n.lower().split("_")) for n in names):
            return "name is not secret-like"
        words = i["value"]
        if i["cmd"] == "ENV" and words and "=" not in words[0]:
            pairs = list(zip(words[::2], words[1::2]))  # hadolint gives name, value, …
        else:
            pairs = [tuple((w.split("=", 1) + [""])[:2]) for w in words]
        secret_like = [(n, v.strip('"\'')) for n, v in pairs if secret & set(n.lower().split("_"))]
        if all(re.search(r"_(PATH|DIR|FILE|FOLDER)$", n, re.I) or re.match(r"/|[\w.-]+\.(sh|py|ps1)$", v)
               for n, v in secret_like):
            return "holds where a secret is (path or script)"
    if code in FINAL_IMAGE_ONLY and not in_final_image(instrs, index):
        return "builder stage"
    if code == "DL3002" and i["cmd"] == "USER":
        stage, last = stage_of(instrs, index)
        if not last:
            return "builder stage"
        if not any(s["cmd"] in ("CMD", "ENTRYPOINT") for s in instrs):
            return "not an application image"
        return "entrypoint or tool drops privileges"
    if code == "DL3059" and windows_stage(instrs, index):
        return "Windows shell"
    if code in PIN_MANAGERS and i["cmd"] == "RUN":
        if windows_stage(instrs, index):
            return "Windows shell"
        manager = PIN_MANAGERS[code]
        segments = re.split(r"&&|\|\||;|\|", text)
        if any(re.search(manager, s) and "$" in s for s in segments):
            return "packages from a variable"
    del words
    return None


# The install commands of each package-pinning rule.
PIN_MANAGERS = {
    "DL3013": r"\bpip[0-9.]*\b.*\binstall\b",
    "DL3016": r"\bnpm\b.*\b(install|i|add)\b",
    "DL3028": r"\bgem\b.*\binstall\b",
    "DL3062": r"\bgo\b.*\b(install|get|run)\b",
    "DL3033": r"\byum\b.*\binstall\b",
    "DL3041": r"\b(dnf|microdnf)\b.*\binstall\b",
    "DL3037": r"\bzypper\b.*\b(install|in)\b",
}


# Size rules fromlint applies only to what the final image is built from.
FINAL_IMAGE_ONLY = {"DL3015", "DL3032", "DL3036", "DL3040", "DL3060"}


# The package manager of each hadolint rule that has one rule per manager.
YUM, DNF, ZYPPER = r"\byum\b", r"\b(dnf|microdnf)\b", r"\bzypper\b"
CODE_MANAGERS = {
    "DL3033": YUM, "DL3041": DNF, "DL3037": ZYPPER,
    "DL3030": YUM, "DL3038": DNF, "DL3034": ZYPPER, "DL3014": r"\bapt(-get)?\b",
    "DL3032": YUM, "DL3040": DNF, "DL3036": ZYPPER,
}


def windows_stage(instrs, index):
    """Whether the stage runs RUN with a Windows shell: a SHELL instruction
    naming PowerShell or cmd, or a Windows base image."""
    stage, _ = stage_of(instrs, index)
    for s in stage:
        if s["cmd"] == "SHELL" and re.search(r"(?i)powershell|pwsh|cmd", s["original"]):
            return True
        if s["cmd"] == "FROM" and re.search(r"(?i)windows|nanoserver", s["original"]):
            return True
    return False


def table(files, unparsed, rows):
    out = [
        f"Sample: {len(files)} corpus files (every {SAMPLE_EVERY}th in name order); "
        f"{len(unparsed)} of them hadolint cannot parse (or crashes on) and are left out.",
        "",
        "| hadolint rule | fromlint lint | hadolint | matched | only hadolint | "
        "only fromlint | documented classes | recall outside classes |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for code, row in rows.items():
        lints = ", ".join(f"`{l}`" for l in row["lints"]) or "—"
        documented = ", ".join(f"{k} {v}" for k, v in sorted(row["classes"].items())) or "—"
        outside = row["hadolint"] - sum(row["classes"].values())
        recall = "—" if not row["lints"] else (
            "n/a" if outside == 0 else f"{100 * row['matched'] / outside:.0f}%"
        )
        out.append(
            f"| `{code}` | {lints} | {row['hadolint']} | {row['matched']} | "
            f"{len(row['only_hadolint'])} | {len(row['only_fromlint'])} | {documented} | {recall} |"
        )
    return "\n".join(out) + "\n"


def doc_block(marker, generated, write):
    """Whether docs/hadolint-parity.md holds `generated` between its
    `<!-- marker:start -->` and `<!-- marker:end -->` lines; with `write`,
    puts it there first."""
    doc_path = os.path.join(REPO, "docs", "hadolint-parity.md")
    with open(doc_path) as f:
        doc = f.read()
    start, end = f"<!-- {marker}:start -->\n", f"<!-- {marker}:end -->"
    head, rest = doc.split(start, 1)
    current, tail = rest.split(end, 1)
    if write:
        with open(doc_path, "w") as f:
            f.write(head + start + generated + end + tail)
        return True
    return current == generated


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    parser.add_argument("--hadolint", required=True)
    parser.add_argument("--corpus", default=os.path.join(REPO, "..", "shared", "corpus", "files"))
    parser.add_argument("--write", action="store_true", help="rewrite docs/hadolint-parity.md")
    parser.add_argument("--show", metavar="CODE", help="list the differences of one rule")
    parser.add_argument("--cache", help="hadolint's findings are kept in this file between runs")
    args = parser.parse_args()
    corpus = os.path.abspath(args.corpus)
    if not os.path.isdir(corpus):
        sys.exit(f"corpus not found at {corpus}")
    files, unparsed, rows = compare(
        os.path.abspath(args.bin), os.path.abspath(args.hadolint), corpus, args.cache
    )
    if args.show:
        row = rows[args.show]
        for kind in ("unexplained", "only_fromlint"):
            print(f"== {kind}")
            for path, index in row[kind]:
                print(f"{path} {index}")
        return 0
    generated = table(files, unparsed, rows)
    if not doc_block("parity", generated, args.write):
        print(generated)
        sys.exit("docs/hadolint-parity.md is stale: run tests/hadolint/run.sh --write")
    low = []
    for code, row in rows.items():
        outside = row["hadolint"] - sum(row["classes"].values())
        if row["lints"] and outside > 0 and row["matched"] / outside < TARGET:
            low.append(f"{code}: {row['matched']}/{outside}")
    print(generated)
    if low:
        sys.exit("below the target recall: " + ", ".join(low))
    return 0


if __name__ == "__main__":
    sys.exit(main())
