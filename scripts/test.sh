#!/usr/bin/env bash
# Runs every goenvhook test on a fresh machine. The tests drive the real bash, zsh and fish (and
# tmux for interactive sessions) and lint the snippets with shellcheck, so whatever of those is
# missing is installed first (Debian/Ubuntu apt).
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
for tool in bash zsh fish tmux shellcheck zoxide; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if ((${#missing[@]})); then
  echo "test.sh: installing ${missing[*]}" >&2
  sudo=()
  [[ $(id -u) -eq 0 ]] || sudo=(sudo)
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

cargo fmt --all -- --check
cargo clippy --all-targets --locked -- -D warnings
cargo test --locked
