#!/usr/bin/env bash
# The rc lines below are written literally (single quotes); they expand when the rc file runs.
# shellcheck disable=SC2016
# Installs goenvhook from this checkout (a static binary on Linux) and its editor wrapper
# (shell/goenvhook-exec) into ~/.cargo/bin, and activates the hook in your login shell's rc file.
# Running it again updates both and changes no rc file.
#   scripts/install.sh            # the shell in $SHELL
#   scripts/install.sh zsh        # or name one: bash, zsh, fish
set -euo pipefail
cd "$(dirname "$0")/.."
cargo install --quiet --locked --force --path .
# The wrapper for editors that take a path to go or gopls, next to the binary.
bindir=${CARGO_INSTALL_ROOT:-${CARGO_HOME:-$HOME/.cargo}}/bin
install -m 0755 shell/goenvhook-exec "$bindir/goenvhook-exec"

shell=${1:-$(basename "${SHELL:-bash}")}
case $shell in
  bash) rc=$HOME/.bashrc line='eval "$(goenvhook init bash)"' ;;
  zsh) rc=${ZDOTDIR:-$HOME}/.zshrc line='eval "$(goenvhook init zsh)"' ;;
  fish) rc=${XDG_CONFIG_HOME:-$HOME/.config}/fish/config.fish line='goenvhook init fish | source' ;;
  *)
    echo "install.sh: unknown shell '$shell'; use bash, zsh or fish" >&2
    exit 2
    ;;
esac
mkdir -p "$(dirname "$rc")"
if grep -qxF "$line" "$rc" 2>/dev/null; then
  echo "goenvhook: updated; $rc already activates it"
else
  printf '\n%s\n' "$line" >>"$rc"
  echo "goenvhook: installed and added to $rc; open a new shell"
fi
command -v goenvhook >/dev/null || echo "goenvhook: note: ~/.cargo/bin is not on your PATH; add it first" >&2
