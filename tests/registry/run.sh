#!/usr/bin/env bash
# `fromlint pin` against a real OCI registry: Debian's docker-registry (CNCF
# distribution 2.8) on 127.0.0.1, plain and with htpasswd basic auth. The
# driver starts the registries it needs with temporary configs and storage,
# pushes images and indexes over plain HTTP, runs fromlint, and stops them.
set -euo pipefail
cd "$(dirname "$0")/../.."

need=()
command -v docker-registry >/dev/null || need+=(docker-registry)
command -v htpasswd >/dev/null || need+=(apache2-utils)
if ((${#need[@]})); then
  echo "installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

cargo build --locked --quiet
timeout 300 python3 tests/registry/driver.py target/debug/fromlint
