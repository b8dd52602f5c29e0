#!/usr/bin/env python3
"""Differential test: fromlint's parser against BuildKit's.

Parses every file of the shared corpus (<repo>/../shared/corpus/files, when
present) and every tests/buildkit/cases/*.Dockerfile with both
`fromlint parse --format json` and the PyPI package `dockerfile` (BuildKit's
Go parser), and compares each instruction field by field.

Every difference must be listed, with both values, in
tests/buildkit/intended-differences.json; a listed difference that no longer
occurs exactly as listed fails too, so the list stays exact. Where BuildKit
rejects a file, fromlint must report at least one error for it.

Usage: diff.py [--bin PATH] [--verbose] [FILE...]
"""

import argparse
import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import dockerfile

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
CORPUS = REPO.parent / "shared" / "corpus" / "files"
CASES = HERE / "cases"
ALLOW_LIST = HERE / "intended-differences.json"
FIELDS = ("cmd", "sub_cmd", "json", "original", "start_line", "end_line", "flags", "value", "heredocs")


class Rejected(str):
    """BuildKit's error message for a file it rejects."""


class Undecodable(str):
    """The dockerfile package could not decode BuildKit's result."""


def buildkit_view(path):
    """BuildKit's instructions as JSON-like values, or a Rejected/Undecodable."""
    try:
        commands = dockerfile.parse_file(str(path))
    except dockerfile.GoParseError as error:
        return Rejected(error)
    except UnicodeDecodeError as error:
        # BuildKit splits flags at bytes and can cut a UTF-8 character in two.
        return Undecodable(error)
    view = []
    for command in commands:
        item = {field: getattr(command, field) for field in FIELDS}
        item["flags"] = list(item["flags"])
        item["value"] = list(item["value"])
        item["heredocs"] = [{"name": h.name, "content": h.content} for h in command.heredocs]
        view.append(item)
    return view


def fromlint_view(binary, path):
    """fromlint's parse output (a dict), or a string describing its failure."""
    run = subprocess.run([str(binary), "parse", "--format", "json", str(path)], capture_output=True)
    try:
        return json.loads(run.stdout)
    except ValueError:
        stderr = run.stderr.decode("utf-8", "replace").strip()
        return f"exit {run.returncode}, no JSON on stdout: {stderr[-500:]}"


def differences(ours, ref):
    """The differences in one file, as {what differs: [buildkit, fromlint]}."""
    if isinstance(ours, str):
        return {"fromlint failed": [None, ours]}
    if isinstance(ref, Undecodable):
        return {"buildkit output is not UTF-8": [str(ref), None]}
    if isinstance(ref, Rejected):
        return {} if ours["errors"] else {"buildkit error, no fromlint error": [str(ref), []]}
    found = {}
    instructions = ours["instructions"]
    if len(ref) != len(instructions):
        found["instruction count"] = [len(ref), len(instructions)]
    for index, (r, o) in enumerate(zip(ref, instructions)):
        for field in FIELDS:
            if r[field] != o.get(field):
                found[f"instruction {index + 1} (line {r['start_line']}): {field}"] = [r[field], o.get(field)]
    return found


def load_allow_list():
    """{file name: {what differs: [buildkit, fromlint]}} from the allow-list."""
    allowed = {}
    for entry in json.loads(ALLOW_LIST.read_text()) if ALLOW_LIST.exists() else []:
        if not {"file", "differs", "reason"} <= entry.keys() or not entry["reason"].strip():
            sys.exit(f"{ALLOW_LIST.name}: every entry needs `file`, `differs` and a `reason`: {entry}")
        listed = allowed.setdefault(entry["file"], {})
        for what, values in entry["differs"].items():
            listed[what] = [values.get("buildkit"), values.get("fromlint")]
    return allowed


def inputs(explicit):
    if explicit:
        return [Path(p) for p in explicit]
    files = []
    if CORPUS.is_dir():
        files += sorted(p for p in CORPUS.iterdir() if p.is_file())
    else:
        print(f"buildkit-diff: corpus not found at {CORPUS}; comparing the cases only")
    cases = sorted(CASES.glob("*.Dockerfile"))
    print(f"buildkit-diff: comparing {len(files)} corpus files and {len(cases)} cases")
    return files + cases


def show(value):
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 300 else text[:300] + "…"


def report(path, unexpected, stale):
    print(f"FAIL {path}")
    for what, (buildkit, fromlint) in unexpected.items():
        print(f"    {what}\n        buildkit: {show(buildkit)}\n        fromlint: {show(fromlint)}")
    for what in stale:
        print(f"    listed in {ALLOW_LIST.name} but does not occur as listed: {what}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", default=os.environ.get("FROMLINT_BIN", REPO / "target" / "debug" / "fromlint"))
    parser.add_argument("--verbose", action="store_true", help="also name the files that differ as listed")
    parser.add_argument("files", nargs="*", help="compare these files instead of the corpus and cases")
    args = parser.parse_args()

    files = inputs(args.files)
    if len({p.name for p in files}) != len(files):
        sys.exit("buildkit-diff: file names must be unique (the allow-list refers to them by name)")
    allowed = load_allow_list()
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        ours = pool.map(lambda p: fromlint_view(args.bin, p), files)
        refs = [buildkit_view(p) for p in files]
        ours = list(ours)

    passed = failed = as_listed = 0
    for path, o, ref in zip(files, ours, refs):
        found = differences(o, ref)
        listed = allowed.get(path.name, {})
        unexpected = {what: values for what, values in found.items() if listed.get(what) != values}
        stale = [what for what, values in listed.items() if found.get(what) != values and what not in unexpected]
        if unexpected or stale:
            failed += 1
            report(path, unexpected, stale)
            continue
        passed += 1
        if found:
            as_listed += 1
            if args.verbose:
                print(f"as listed: {path.name}: {', '.join(found)}")

    unchecked = sorted(set(allowed) - {p.name for p in files})
    if unchecked and not args.files and CORPUS.is_dir():
        # A full run compares every file the list can name.
        for name in unchecked:
            failed += 1
            print(f"FAIL {name}: listed in {ALLOW_LIST.name} but no such file was compared")
    elif unchecked:
        print(f"buildkit-diff: not compared here, so not checked: {', '.join(unchecked)}")
    if as_listed:
        print(f"buildkit-diff: {as_listed} of the passing files differ only as {ALLOW_LIST.name} lists")
    print(f"buildkit-diff: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
