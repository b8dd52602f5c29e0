#!/usr/bin/env bash
# Builds the Python wheels that carry the fromlint binary (pyproject.toml:
# maturin, `bindings = "bin"`), installs one into a fresh virtualenv, and
# runs `fromlint --version` and a lint from there; then runs the GitHub
# Action's test (tests/action.rs) against those wheels.
#
# One binary, two tags. The binary is the static x86_64-unknown-linux-musl
# build with the `dist` profile (fat LTO, stripped), the one
# tests/release/static.sh builds: maturin builds it with the same target,
# profile, features and target directory, so after static.sh cargo has
# nothing left to compile. A static binary needs no C library, so it runs on
# every x86_64 Linux: the musllinux wheel maturin makes is also shipped
# re-tagged `manylinux_2_17` (`wheel tags`), as some Rust tools ship theirs,
# and pip on a glibc system (which refuses musllinux wheels) installs that
# one. No second, glibc, build is needed.
#
# maturin and wheel come from PyPI into a venv under target/; the wheels go
# to target/wheels (FROMLINT_WHEEL_DIR). Without the musl target or
# musl-gcc (static.sh installs both) the check is skipped, saying so, except
# under CI=true, where it fails.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
tools="${FROMLINT_TOOLS_DIR:-$root/target/external-tools}"
wheels="${FROMLINT_WHEEL_DIR:-$root/target/wheels}"
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
musl=x86_64-unknown-linux-musl
manylinux=manylinux_2_17_x86_64.manylinux2014_x86_64
passed=0

if ! rustup target list --installed 2>/dev/null | grep -qx "$musl" || ! command -v musl-gcc >/dev/null; then
  if [ "${CI:-}" = true ]; then
    echo "wheel: the $musl target or musl-gcc is missing (tests/release/static.sh installs them); under CI=true this fails" >&2
    exit 1
  fi
  echo "wheel: skipped, the $musl target or musl-gcc is missing (run tests/release/static.sh; under CI=true this fails)"
  exit 0
fi

mkdir -p "$tools"
if [ ! -x "$tools/venv/bin/python" ]; then
  python3 -m venv "$tools/venv"
fi
"$tools/venv/bin/pip" install --quiet --disable-pip-version-check "maturin==1.16.0" "wheel==0.45.1"

echo "-- musllinux wheel (profile dist, target $musl: the static build's)"
rm -rf "$wheels"
mkdir -p "$wheels"
start=$SECONDS
CC_x86_64_unknown_linux_musl=musl-gcc "$tools/venv/bin/maturin" build --quiet --locked \
  --profile dist --target "$musl" --out "$wheels"
musl_wheel=$(ls "$wheels"/fromlint-"$version"-*musllinux*.whl)
echo "wheel: $(basename "$musl_wheel") ($(( $(stat -c %s "$musl_wheel") / 1024 )) KiB, built in $((SECONDS - start)) s)"
# What the wheel holds: the binary as a script, and metadata; no Python code.
members=$(python3 -c 'import sys, zipfile; print("\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))' "$musl_wheel")
if grep -q '\.py$' <<<"$members"; then
  echo "wheel: $musl_wheel carries Python code; it should carry the binary only" >&2
  exit 1
fi
if ! grep -qx "fromlint-$version.data/scripts/fromlint" <<<"$members"; then
  echo "wheel: $musl_wheel does not carry fromlint-$version.data/scripts/fromlint:" >&2
  echo "$members" >&2
  exit 1
fi
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
bin="$scratch/fromlint"
python3 -c 'import sys, zipfile; open(sys.argv[3], "wb").write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))' \
  "$musl_wheel" "fromlint-$version.data/scripts/fromlint" "$bin"
chmod +x "$bin"
if ldd "$bin" 2>&1 | grep -q "=>"; then
  echo "wheel: the musllinux wheel's binary is dynamically linked; it cannot be tagged manylinux" >&2
  exit 1
fi
if ! cmp -s "$bin" "target/$musl/dist/fromlint"; then
  echo "wheel: note: the wheel's binary differs from target/$musl/dist/fromlint (maturin rebuilt it)"
fi
echo "wheel: the binary is static: $("$bin" --version)"
passed=$((passed + 1))

echo "-- the same wheel tagged $manylinux"
"$tools/venv/bin/wheel" tags --platform-tag "$manylinux" "$musl_wheel" >/dev/null
wheel=$(ls "$wheels"/fromlint-"$version"-py3-none-"$manylinux".whl)
tags=$(python3 -c 'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); print(z.read(sys.argv[2]).decode())' \
  "$wheel" "fromlint-$version.dist-info/WHEEL" | sed -n 's/^Tag: //p' | sort | tr '\n' ' ')
echo "wheel: $(basename "$wheel") (WHEEL tags: $tags)"

echo "-- install into a fresh virtualenv (pip picks the manylinux wheel on this glibc system)"
venv="$scratch/venv"
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check --no-index --find-links "$wheels" "fromlint==$version"
installed=$("$venv/bin/pip" show --files fromlint | sed -n 's/^Location: //p')
reported=$("$venv/bin/fromlint" --version)
case "$reported" in
  "fromlint $version"*) ;;
  *) echo "wheel: the installed fromlint says '$reported', not $version" >&2; exit 1 ;;
esac
echo "wheel: $reported (installed in $installed)"
status=0
"$venv/bin/fromlint" --format gnu --isolated fixtures/latest-tag/explicit-latest.Dockerfile >"$scratch/out" || status=$?
if [ "$status" -ne 1 ] || ! grep -q "\[latest-tag\]" "$scratch/out"; then
  echo "wheel: the installed fromlint did not report latest-tag (exit $status)" >&2
  cat "$scratch/out" >&2
  exit 1
fi
echo "wheel: installed from a fresh virtualenv, --version and a lint work"
passed=$((passed + 1))

echo "-- the GitHub Action's steps with these wheels"
FROMLINT_WHEEL_DIR="$wheels" cargo test --locked --quiet --test action
passed=$((passed + 1))
echo "wheel: $passed passed, 0 failed"
