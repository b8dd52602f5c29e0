#!/usr/bin/env bash
# Builds the same static binary the Dockerfile builds (Rust's musl target
# links statically) and checks that it really is static and runs.
set -euo pipefail
cd "$(dirname "$0")/../.."
target=x86_64-unknown-linux-musl
if ! rustup target list --installed 2>/dev/null | grep -qx "$target"; then
  if ! rustup target add "$target" >/dev/null 2>&1; then
    echo "static: the $target target cannot be installed here; skipped (see README)"
    exit 0
  fi
fi
if ! command -v musl-gcc >/dev/null; then
  apt-get update -qq && apt-get install -y -qq musl-tools >/dev/null
fi
CC_x86_64_unknown_linux_musl=musl-gcc cargo build --release --locked --quiet --target "$target"
bin=target/$target/release/fromlint
if ldd "$bin" 2>&1 | grep -q "=>"; then
  echo "static: $bin is dynamically linked" >&2
  ldd "$bin" >&2
  exit 1
fi
"$bin" --version
"$bin" Dockerfile
size=$(stat -c %s "$bin")
echo "static: 1 passed, 0 failed ($bin, $((size / 1024)) KiB)"
