#!/usr/bin/env bash
# Builds the Python wheels that carry the fromlint binary (pyproject.toml:
# maturin, `bindings = "bin"`), installs one into a fresh virtualenv, and
# runs `fromlint --version` and a lint from there; then runs the GitHub
# Action's test (tests/action.rs) against those wheels.
#
# One binary, one wheel for every x86_64 Linux. The binary is the static
# x86_64-unknown-linux-musl build with the `dist` profile (fat LTO,
# stripped), the one tests/release/static.sh builds: maturin builds it with
# the same target, profile, features and target directory, so after
# static.sh cargo has nothing left to compile (seconds, not minutes). A
# static binary needs no C library: maturin tags it manylinux (glibc
# systems; it links nothing, so the oldest tag), and `wheel tags` adds
# musllinux_1_1 (Alpine and other musl systems), one file with both tags.
# No second, glibc, build is needed.
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
musllinux=musllinux_1_1_x86_64
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

echo "-- the wheel (profile dist, target $musl: the static build's)"
rm -rf "$wheels"
mkdir -p "$wheels"
start=$SECONDS
CC_x86_64_unknown_linux_musl=musl-gcc "$tools/venv/bin/maturin" build --quiet --locked \
  --profile dist --target "$musl" --out "$wheels"
built=$(ls "$wheels"/fromlint-"$version"-*.whl)
echo "wheel: maturin built $(basename "$built") in $((SECONDS - start)) s"
# Add the musllinux tag to maturin's manylinux ones; one file remains.
"$tools/venv/bin/wheel" tags --remove --platform-tag "+$musllinux" "$built" >/dev/null
wheel=$(ls "$wheels"/fromlint-"$version"-*.whl)
case "$(basename "$wheel")" in
  *manylinux*"$musllinux"*) ;;
  *) echo "wheel: $(basename "$wheel") lacks a manylinux or the $musllinux tag" >&2; exit 1 ;;
esac
tags=$(python3 -c 'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); print(z.read(sys.argv[2]).decode())' \
  "$wheel" "fromlint-$version.dist-info/WHEEL" | sed -n 's/^Tag: //p' | sort | tr '\n' ' ')
echo "wheel: $(basename "$wheel") ($(( $(stat -c %s "$wheel") / 1024 )) KiB; WHEEL tags: $tags)"
# What the wheel holds: the binary as a script, and metadata; no Python code.
members=$(python3 -c 'import sys, zipfile; print("\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))' "$wheel")
if grep -q '\.py$' <<<"$members"; then
  echo "wheel: $wheel carries Python code; it should carry the binary only" >&2
  exit 1
fi
if ! grep -qx "fromlint-$version.data/scripts/fromlint" <<<"$members"; then
  echo "wheel: $wheel does not carry fromlint-$version.data/scripts/fromlint:" >&2
  echo "$members" >&2
  exit 1
fi
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
bin="$scratch/fromlint"
python3 -c 'import sys, zipfile; open(sys.argv[3], "wb").write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))' \
  "$wheel" "fromlint-$version.data/scripts/fromlint" "$bin"
chmod +x "$bin"
if ldd "$bin" 2>&1 | grep -q "=>"; then
  echo "wheel: the wheel's binary is dynamically linked; it cannot carry both tags" >&2
  exit 1
fi
if ! cmp -s "$bin" "target/$musl/dist/fromlint"; then
  echo "wheel: note: the wheel's binary differs from target/$musl/dist/fromlint (maturin rebuilt it)"
fi
echo "wheel: the binary is static: $("$bin" --version)"
passed=$((passed + 1))

echo "-- pip on a musl system (Alpine: musl 1.2, which accepts musllinux_1_0 to _1_2) takes it too"
"$tools/venv/bin/pip" download --quiet --disable-pip-version-check --no-index --find-links "$wheels" \
  --only-binary=:all: --platform musllinux_1_2_x86_64 --platform musllinux_1_1_x86_64 \
  --platform musllinux_1_0_x86_64 --dest "$scratch/musl" "fromlint==$version"
echo "wheel: pip selects $(ls "$scratch/musl") for a musl 1.2 system"
passed=$((passed + 1))

echo "-- install into a fresh virtualenv (this glibc system)"
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
