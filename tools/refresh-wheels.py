#!/usr/bin/env python3
"""Refreshes the musl wheel table (src/knowledge/data/wheels.toml).

For each package x CPython x architecture it finds, from PyPI's simple index
(PEP 691 JSON, one request per package), the first final release with a
musllinux wheel that CPython can install, and the last one when the newest
release no longer has one. Each threshold it reports is then confirmed the
way pip sees it:

    pip download --only-binary :all: --no-deps \
        --platform musllinux_1_2_<arch> --platform musllinux_1_1_<arch> \
        --python-version X.Y PKG==FIRST      (must succeed)
    ... PKG==<release before FIRST>          (must fail)

Modes:
    tools/refresh-wheels.py                  print the table for every package
    tools/refresh-wheels.py --check numpy lxml
                                             compare with the data file; exit 1
                                             on any difference (CI)
    tools/refresh-wheels.py --write          rewrite the thresholds in place

Stdlib only (Python >= 3.11 for tomllib); needs network access to PyPI.
"""

import argparse
import json
import pathlib
import re
import subprocess
import sys
import tempfile
import tomllib
import urllib.request

DATA = pathlib.Path(__file__).resolve().parent.parent / "src/knowledge/data/wheels.toml"
PYTHONS = ["3.8", "3.9", "3.10", "3.11", "3.12", "3.13", "3.14", "3.15"]
ARCHES = ["x86_64", "aarch64"]
FINAL = re.compile(r"^\d+(\.\d+)*(\.post\d+)?$")


def version_key(v):
    main = v.split(".post")[0]
    return tuple(int(p) for p in main.split("."))


def files(package):
    req = urllib.request.Request(
        f"https://pypi.org/simple/{package}/",
        headers={"Accept": "application/vnd.pypi.simple.v1+json"},
    )
    with urllib.request.urlopen(req, timeout=60) as r:
        return json.load(r)["files"]


def wheel_fits(filename, python, arch):
    """Whether a wheel installs on CPython `python` on musl `arch`."""
    if not filename.endswith(".whl"):
        return False
    parts = filename[:-4].split("-")
    if len(parts) < 5:
        return False
    pytags, abi, plats = parts[-3], parts[-2], parts[-1]
    if not any(p.startswith("musllinux_") and p.endswith("_" + arch) for p in plats.split(".")):
        return False
    want = "cp" + python.replace(".", "")
    minor = int(python.split(".")[1])
    for tag in pytags.split("."):
        if abi in (want, want + "m") and tag == want:
            return True
        if abi == "abi3" and tag.startswith("cp3") and tag[3:].isdigit() and int(tag[3:]) <= minor:
            return True
        if abi == "none" and tag in ("py3", want):
            return True
    return False


def releases(package):
    by_version = {}
    for f in files(package):
        if f.get("yanked"):
            continue
        name = f["filename"]
        m = re.match(r"^[^-]+-([^-]+)-", name)
        if not m:
            continue
        version = m.group(1)
        if not FINAL.match(version):
            continue
        by_version.setdefault(version, []).append(name)
    return sorted(by_version.items(), key=lambda kv: version_key(kv[0]))


def thresholds(rels, python, arch):
    """`first`, `first..last` or `none` for one Python and architecture."""
    hits = [v for v, names in rels if any(wheel_fits(n, python, arch) for n in names)]
    if not hits:
        return "none"
    newest = rels[-1][0]
    return hits[0] if hits[-1] == newest else f"{hits[0]}..{hits[-1]}"


def pip_has_wheel(package, version, python, arch):
    with tempfile.TemporaryDirectory() as d:
        cmd = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
               "--only-binary", ":all:", "--platform", f"musllinux_1_2_{arch}",
               "--platform", f"musllinux_1_1_{arch}", "--python-version", python,
               "-d", d, f"{package}=={version}"]
        return subprocess.run(cmd, capture_output=True).returncode == 0


def confirm(package, rels, python, arch, value):
    """Checks a threshold with pip: the first release installs, the one
    before it does not. Returns a list of problems."""
    if value == "none":
        return []
    first = value.split("..")[0]
    versions = [v for v, _ in rels]
    problems = []
    if not pip_has_wheel(package, first, python, arch):
        problems.append(f"pip finds no musl wheel for {package}=={first} on {python}/{arch}")
    i = versions.index(first)
    if i > 0 and pip_has_wheel(package, versions[i - 1], python, arch):
        problems.append(f"pip finds a musl wheel for {package}=={versions[i-1]} on {python}/{arch}")
    return problems


def table(package):
    rels = releases(package)
    return rels, {arch: {py: thresholds(rels, py, arch) for py in PYTHONS} for arch in ARCHES}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("packages", nargs="*")
    ap.add_argument("--check", action="store_true", help="compare with the data file, exit 1 on change")
    ap.add_argument("--confirm", action="store_true", help="confirm thresholds with pip download")
    ap.add_argument("--python", action="append", help="only these CPython versions when confirming")
    ap.add_argument("--write", action="store_true", help="print the new tables as TOML")
    args = ap.parse_args()
    data = tomllib.loads(DATA.read_text())
    recorded = {p["name"]: p for p in data["package"]}
    packages = args.packages or list(recorded)
    changed = False
    for package in packages:
        rels, new = table(package)
        old = recorded.get(package, {})
        for arch in ARCHES:
            for py in PYTHONS:
                was = old.get(arch, {}).get(py)
                now = new[arch][py]
                if was != now:
                    changed = True
                    print(f"{package} {arch} cp{py}: {was} -> {now}")
                if args.confirm and (not args.python or py in args.python):
                    for problem in confirm(package, rels, py, arch, now):
                        changed = True
                        print("pip disagrees:", problem)
        if args.write:
            for arch in ARCHES:
                row = ", ".join(f'"{py}" = "{new[arch][py]}"' for py in PYTHONS)
                print(f"# {package}\n{arch} = {{ {row} }}")
    if args.check and changed:
        print("the musl wheel table is out of date: run tools/refresh-wheels.py --write", file=sys.stderr)
        return 1
    if not changed:
        print(f"{len(packages)} package(s): table matches PyPI")
    return 0


if __name__ == "__main__":
    sys.exit(main())
