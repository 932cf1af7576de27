#!/usr/bin/env bash
# Installs the Rust tools the tests use into ~/.cache/goenvhook-test/cargo-tools (cargo install
# --root), once per pinned version, and prints that directory's bin/. Concurrent callers wait for
# each other (flock). starship's build is the one slow step of a test run on a fresh machine.
#   scripts/cargo-tools.sh starship cargo-deb
set -euo pipefail
root=$HOME/.cache/goenvhook-test/cargo-tools
declare -A pinned=([starship]=1.27.0 [cargo-deb]=3.8.0)
mkdir -p "$root"
exec 9>"$root/.lock"
flock 9
for tool in "$@"; do
  version=${pinned[$tool]:-}
  if [[ -z $version ]]; then
    echo "cargo-tools.sh: unknown tool '$tool'; known: ${!pinned[*]}" >&2
    exit 2
  fi
  if ! grep -qsF "\"$tool $version " "$root/.crates.toml"; then
    echo "cargo-tools.sh: building $tool $version into $root (once)" >&2
    # From outside this checkout: its .cargo/config.toml would apply the static flags to host
    # artifacts too (no --target here), and both tools have proc-macro crates, which cannot be
    # linked statically.
    (cd / && cargo install --quiet --locked "$tool" --version "$version" --root "$root")
  fi
done
echo "$root/bin"
