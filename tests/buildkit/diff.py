#!/usr/bin/env python3
"""Differential test: fromlint's parser against BuildKit's.

Parses every file of the shared corpus (<repo>/../shared/corpus/files, when
present) and every tests/buildkit/cases/*.Dockerfile with both
`fromlint parse --format json` and the PyPI package `dockerfile` (BuildKit's
Go parser), then compares each instruction field by field.

A difference fails the test unless tests/buildkit/intended-differences.json
lists it; a listed difference that no longer occurs fails too, so the list
stays exact. Where BuildKit rejects a file, fromlint must report at least one
error for it.

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
BUILDKIT_ERROR = "buildkit error"


def buildkit_view(path):
    """BuildKit's instructions as plain JSON-like values, or its error message."""
    try:
        commands = dockerfile.parse_file(str(path))
    except dockerfile.GoParseError as error:
        return None, str(error)
    view = []
    for command in commands:
        item = {field: getattr(command, field) for field in FIELDS}
        item["flags"] = list(item["flags"])
        item["value"] = list(item["value"])
        item["heredocs"] = [{"name": h.name, "content": h.content} for h in command.heredocs]
        view.append(item)
    return view, None


def fromlint_view(binary, path):
    """fromlint's parse output (a dict), or a string describing the failure."""
    run = subprocess.run([binary, "parse", "--format", "json", str(path)], capture_output=True)
    try:
        return json.loads(run.stdout)
    except ValueError:
        stderr = run.stderr.decode("utf-8", "replace").strip()
        return f"exit {run.returncode}, no JSON on stdout: {stderr[-500:]}"


def differences(ours, ref, ref_error):
    """Differences as {differs: (buildkit, fromlint)} for one file."""
    if isinstance(ours, str):
        return {"fromlint failed": (ref_error, ours)}
    if ref_error is not None:
        if ours["errors"]:
            return {}
        return {BUILDKIT_ERROR: (ref_error, [])}
    found = {}
    instructions = ours["instructions"]
    if len(ref) != len(instructions):
        found["instruction count"] = (len(ref), len(instructions))
    for index, (r, o) in enumerate(zip(ref, instructions)):
        for field in FIELDS:
            if r[field] != o.get(field):
                found[f"instruction {index + 1} (line {r['start_line']}): {field}"] = (r[field], o.get(field))
    return found


def load_allow_list():
    entries = json.loads(ALLOW_LIST.read_text()) if ALLOW_LIST.exists() else []
    for entry in entries:
        missing = {"file", "differs", "reason"} - entry.keys()
        if missing:
            sys.exit(f"{ALLOW_LIST.name}: entry {entry} lacks {sorted(missing)}")
    return entries


def allowed(entry, found):
    """Whether an allow-list entry matches a difference found in its file."""
    if entry["differs"] not in found:
        return False
    buildkit, fromlint = found[entry["differs"]]
    pinned_ok = entry.get("buildkit", buildkit) == buildkit and entry.get("fromlint", fromlint) == fromlint
    return entry["differs"] == BUILDKIT_ERROR or pinned_ok


def inputs(explicit):
    if explicit:
        return [Path(p) for p in explicit]
    files = []
    if CORPUS.is_dir():
        files += sorted(p for p in CORPUS.iterdir() if p.is_file())
    else:
        print(f"buildkit-diff: corpus not found at {CORPUS}; comparing the cases only")
    cases = sorted(CASES.glob("*.Dockerfile"))
    print(f"buildkit-diff: {len(files)} corpus files, {len(cases)} cases")
    return files + cases


def show(value):
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 300 else text[:300] + "…"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", default=os.environ.get("FROMLINT_BIN", REPO / "target" / "release" / "fromlint"))
    parser.add_argument("--verbose", action="store_true", help="also list the intended differences that occurred")
    parser.add_argument("files", nargs="*", help="compare these files instead of the corpus and cases")
    args = parser.parse_args()

    files = inputs(args.files)
    names = [p.name for p in files]
    if len(set(names)) != len(names):
        sys.exit("buildkit-diff: file names must be unique (the allow-list refers to them by name)")
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        ours = pool.map(lambda p: fromlint_view(args.bin, p), files)
        refs = [buildkit_view(p) for p in files]
        ours = list(ours)

    entries = load_allow_list()
    by_file = {}
    for entry in entries:
        by_file.setdefault(entry["file"], []).append(entry)

    passed = failed = intended = 0
    for path, o, (ref, ref_error) in zip(files, ours, refs):
        found = differences(o, ref, ref_error)
        listed = by_file.get(path.name, [])
        unexpected = {k: v for k, v in found.items() if not any(e["differs"] == k and allowed(e, found) for e in listed)}
        stale = [e for e in listed if not allowed(e, found)]
        if unexpected or stale:
            failed += 1
            print(f"FAIL {path}")
            for differs, (buildkit, fromlint) in unexpected.items():
                print(f"    {differs}\n        buildkit: {show(buildkit)}\n        fromlint: {show(fromlint)}")
            for entry in stale:
                print(f"    listed in {ALLOW_LIST.name} but does not occur as listed: {entry['differs']}")
        else:
            passed += 1
            intended += bool(found)
            if found and args.verbose:
                print(f"intended {path.name}: {', '.join(found)}")

    compared = {p.name for p in files}
    unchecked = [e for e in entries if e["file"] not in compared]
    if unchecked:
        print(f"buildkit-diff: {len(unchecked)} allow-list entries refer to files not compared here")
    if intended:
        print(f"buildkit-diff: {intended} of the passing files differ only as {ALLOW_LIST.name} lists")
    print(f"buildkit-diff: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
