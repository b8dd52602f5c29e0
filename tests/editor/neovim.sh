#!/usr/bin/env bash
# Opens a Dockerfile in headless Neovim with fromlint as its language server
# and checks the diagnostics Neovim received. Needs `nvim` (Debian: neovim).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=${FROMLINT_BIN:-target/debug/fromlint}
case $bin in /*) ;; *) bin=$root/$bin ;; esac
[ -x "$bin" ] || cargo build --quiet --manifest-path "$root/Cargo.toml"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf 'FROM python:3.12-trixie\nRUNN echo typo\nUSER 65532\nCMD ["python", "/app/main.py"]\n' > "$work/Dockerfile"
cd "$work"
FROMLINT_BIN=$bin FROMLINT_NVIM_OUT=$work/out timeout 60 \
  nvim --headless --clean -n -c "luafile $root/tests/editor/neovim.lua" Dockerfile
expected=$'full-distro-base 1:13\nmissing-digest 1:6\nparse-error 2:1'
actual=$(cat "$work/out")
if [ "$actual" != "$expected" ]; then
  printf 'neovim: unexpected diagnostics\n--- expected\n%s\n--- actual\n%s\n' "$expected" "$actual" >&2
  exit 1
fi
echo "neovim: 3 passed, 0 failed"
