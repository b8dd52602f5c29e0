#!/usr/bin/env bash
# Builds the Python wheel that carries the fromlint binary (pyproject.toml:
# maturin, `bindings = "bin"`), installs it into a fresh virtualenv, and runs
# `fromlint --version` and a lint from there; then runs the GitHub Action's
# test (tests/action.rs) against that wheel. With the musl target installed
# (tests/release/static.sh installs it) it also builds the musllinux wheel
# and runs the binary inside it (pip on this glibc machine would refuse to
# install it).
#
# Shipped wheels use the `dist` profile (fat LTO, stripped; pyproject.toml).
# To keep CI quick the manylinux wheel is built here with the `release`
# profile (FROMLINT_WHEEL_PROFILE changes it): same binary, less
# optimisation. The musllinux one uses `dist`, the profile static.sh has
# just built for the same target, so cargo has nothing left to compile.
#
# maturin comes from PyPI into a venv under target/; the wheels go to
# target/wheels (FROMLINT_WHEEL_DIR).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
tools="${FROMLINT_TOOLS_DIR:-$root/target/external-tools}"
wheels="${FROMLINT_WHEEL_DIR:-$root/target/wheels}"
profile="${FROMLINT_WHEEL_PROFILE:-release}"
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
passed=0

mkdir -p "$tools"
if [ ! -x "$tools/venv/bin/python" ]; then
  python3 -m venv "$tools/venv"
fi
"$tools/venv/bin/pip" install --quiet --disable-pip-version-check "maturin==1.16.0"
maturin="$tools/venv/bin/maturin"

echo "-- manylinux wheel (profile $profile)"
rm -rf "$wheels"
mkdir -p "$wheels"
start=$SECONDS
"$maturin" build --quiet --locked --profile "$profile" --out "$wheels"
wheel=$(ls "$wheels"/fromlint-"$version"-*manylinux*.whl)
echo "wheel: $(basename "$wheel") ($(( $(stat -c %s "$wheel") / 1024 )) KiB, built in $((SECONDS - start)) s)"
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

echo "-- install into a fresh virtualenv"
venv=$(mktemp -d)
trap 'rm -rf "$venv"' EXIT
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check --no-index "$wheel"
reported=$("$venv/bin/fromlint" --version)
case "$reported" in
  "fromlint $version"*) ;;
  *) echo "wheel: the installed fromlint says '$reported', not $version" >&2; exit 1 ;;
esac
echo "wheel: $reported"
status=0
"$venv/bin/fromlint" --format gnu --isolated fixtures/latest-tag/explicit-latest.Dockerfile >"$venv/out" || status=$?
if [ "$status" -ne 1 ] || ! grep -q ": latest-tag\]\|\[latest-tag\]" "$venv/out"; then
  echo "wheel: the installed fromlint did not report latest-tag (exit $status)" >&2
  cat "$venv/out" >&2
  exit 1
fi
echo "wheel: installed from a fresh virtualenv, --version and a lint work"
passed=$((passed + 1))

echo "-- the GitHub Action's steps with this wheel"
FROMLINT_WHEEL_DIR="$wheels" cargo test --locked --quiet --test action
passed=$((passed + 1))

musl=x86_64-unknown-linux-musl
if rustup target list --installed 2>/dev/null | grep -qx "$musl" && command -v musl-gcc >/dev/null; then
  echo "-- musllinux wheel (profile dist, the static build's)"
  mkdir -p "$wheels/musl"
  start=$SECONDS
  CC_x86_64_unknown_linux_musl=musl-gcc "$maturin" build --quiet --locked --profile dist \
    --target "$musl" --out "$wheels/musl"
  musl_wheel=$(ls "$wheels"/musl/fromlint-"$version"-*musllinux*.whl)
  echo "wheel: $(basename "$musl_wheel") ($(( $(stat -c %s "$musl_wheel") / 1024 )) KiB, built in $((SECONDS - start)) s)"
  bin="$venv/musl/fromlint"
  mkdir -p "$venv/musl"
  python3 -c 'import sys, zipfile; open(sys.argv[3], "wb").write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))' \
    "$musl_wheel" "fromlint-$version.data/scripts/fromlint" "$bin"
  chmod +x "$bin"
  if ldd "$bin" 2>&1 | grep -q "=>"; then
    echo "wheel: the musllinux wheel's binary is dynamically linked" >&2
    exit 1
  fi
  "$bin" --version
  passed=$((passed + 1))
elif [ "${CI:-}" = true ]; then
  echo "wheel: the $musl target or musl-gcc is missing (tests/release/static.sh installs them); under CI=true this fails" >&2
  exit 1
else
  echo "wheel: musllinux wheel skipped, the $musl target or musl-gcc is missing (under CI=true this fails)"
fi
echo "wheel: $passed passed, 0 failed"
