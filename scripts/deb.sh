#!/usr/bin/env bash
# Builds the Debian package with cargo-deb (a release build, then the binary, man page and
# completions) and prints the path of the .deb on stdout. cargo-deb comes from
# scripts/cargo-tools.sh, built once into ~/.cache/goenvhook-test/cargo-tools.
#   scripts/deb.sh                # target/debian/goenvhook_<version>-1_<arch>.deb
#   sudo apt install ./target/debian/goenvhook_*.deb
set -euo pipefail
cd "$(dirname "$0")/.."
tools=$(scripts/cargo-tools.sh cargo-deb)
PATH=$tools:$PATH cargo deb --locked --quiet "$@" | tail -n 1
