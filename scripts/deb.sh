#!/usr/bin/env bash
# Builds the Debian package with cargo-deb (release build; binary, man page, completions) and
# prints the path of the .deb on stdout. cargo-deb is installed once into
# ~/.cache/goenvhook-test/cargo-tools (--root), so a fresh machine builds it once.
#   scripts/deb.sh                # target/debian/goenvhook_<version>-1_<arch>.deb
#   sudo apt install ./target/debian/goenvhook_*.deb
set -euo pipefail
cd "$(dirname "$0")/.."
tools=$HOME/.cache/goenvhook-test/cargo-tools
if [[ ! -x $tools/bin/cargo-deb ]]; then
  echo "deb.sh: building cargo-deb into $tools (once)" >&2
  # From outside this checkout: its .cargo/config.toml links statically, which proc-macro crates
  # (cargo-deb has some) cannot be.
  (cd / && cargo install --quiet --locked cargo-deb --root "$tools")
fi
PATH=$tools/bin:$PATH cargo deb --locked --quiet "$@" | tail -n 1
