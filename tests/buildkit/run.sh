#!/usr/bin/env bash
# Differential test of fromlint's parser against BuildKit's (see diff.py):
# sets up a virtualenv with the reference parser, builds fromlint, compares.
# Arguments are passed on to diff.py. BUILDKIT_DIFF_VENV overrides where the
# virtualenv lives (default: target/buildkit-venv). The debug build is used
# (the one `cargo test` already made): parsing the corpus with it takes
# seconds, an optimised build minutes. FROMLINT_BIN names another binary.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
venv="${BUILDKIT_DIFF_VENV:-$repo/target/buildkit-venv}"
# The PyPI package `dockerfile` 3.4.0 wraps BuildKit 0.12.5's parser.
version=3.4.0

if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
installed="$("$venv/bin/python" -c 'import importlib.metadata as m; print(m.version("dockerfile"))' 2>/dev/null || true)"
if [ "$installed" != "$version" ]; then
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "dockerfile==$version"
fi

if [ -z "${FROMLINT_BIN:-}" ]; then
    (cd "$repo" && cargo build --locked --quiet)
fi
exec "$venv/bin/python" "$here/diff.py" --bin "${FROMLINT_BIN:-$repo/target/debug/fromlint}" "$@"
