#!/usr/bin/env bash
# Checks the crate as crates.io would receive it: the package holds only what
# building fromlint needs (build.rs and the knowledge data it compiles; no fixtures, corpus tooling, tests, benches or
# fuzzing), and `cargo publish --dry-run --locked` packages it, builds the
# packaged copy and stops before uploading. Needs the crates.io index.
set -euo pipefail
cd "$(dirname "$0")/../.."

# Cargo names the tests and the bench it leaves out ("ignoring test ...");
# that is the point of `include`, so those warnings are expected.
list=$(cargo package --list --locked --allow-dirty 2>/dev/null)

shipped='^(build\.rs|src/.+\.rs|src/knowledge/data/[a-z_]+\.toml|lints/[a-z_]+\.rs|README\.md|CHANGELOG\.md|LICENSE-MIT|LICENSE-APACHE|Cargo\.toml|Cargo\.toml\.orig|Cargo\.lock|\.cargo_vcs_info\.json)$'
unexpected=$(grep -Ev "$shipped" <<<"$list" || true)
if [ -n "$unexpected" ]; then
    echo "package: files that should not ship:" >&2
    echo "$unexpected" >&2
    exit 1
fi
for needed in build.rs src/knowledge/data/releases.toml src/main.rs src/lib.rs lints/mod.rs README.md LICENSE-MIT LICENSE-APACHE Cargo.lock; do
    if ! grep -qx "$needed" <<<"$list"; then
        echo "package: $needed is missing from the package" >&2
        exit 1
    fi
done
echo "package: $(wc -l <<<"$list") files, none of them fixtures, tests, benches or fuzzing"

# A clean checkout (CI) is published as is; local uncommitted work is
# allowed so the check can run before a commit.
dirty=()
if [ -n "$(git status --porcelain 2>/dev/null)" ]; then
    echo "package: the working tree has uncommitted changes; checking it with --allow-dirty"
    dirty=(--allow-dirty)
fi
cargo publish --dry-run --locked "${dirty[@]}"
echo "package: 1 passed, 0 failed"
