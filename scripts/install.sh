#!/usr/bin/env bash
# The rc lines below are written literally (single quotes); they expand when the rc file runs.
# shellcheck disable=SC2016
# Installs goenvhook from this checkout (a static binary on Linux) and its editor wrapper
# (shell/goenvhook-exec) into ~/.cargo/bin, its man page next to them (~/.cargo/share/man, which
# man finds from PATH), completions for your shell, and activates the hook in that shell's rc
# file. Running it again updates the files and adds no second rc line.
#   scripts/install.sh            # the shell in $SHELL
#   scripts/install.sh zsh        # or name one: bash, zsh, fish
#   GOENVHOOK_INSTALL_FROM=target/release/goenvhook scripts/install.sh
#                                 # install this already-built binary instead of running cargo
set -euo pipefail
cd "$(dirname "$0")/.."

shell=${1:-$(basename "${SHELL:-bash}")}
data=${XDG_DATA_HOME:-$HOME/.local/share}
case $shell in
  bash)
    rc=$HOME/.bashrc old='eval "$(goenvhook init bash)"'
    line='command -v goenvhook >/dev/null && eval "$(goenvhook init bash)"'
    completion=completions/goenvhook.bash
    completion_to=$data/bash-completion/completions/goenvhook
    ;;
  zsh)
    rc=${ZDOTDIR:-$HOME}/.zshrc old='eval "$(goenvhook init zsh)"'
    line='command -v goenvhook >/dev/null && eval "$(goenvhook init zsh)"'
    completion=completions/_goenvhook
    completion_to=$data/zsh/site-functions/_goenvhook
    ;;
  fish)
    rc=${XDG_CONFIG_HOME:-$HOME/.config}/fish/config.fish old='goenvhook init fish | source'
    line='command -q goenvhook; and goenvhook init fish | source'
    completion=completions/goenvhook.fish
    completion_to=${XDG_CONFIG_HOME:-$HOME/.config}/fish/completions/goenvhook.fish
    ;;
  *)
    echo "install.sh: unknown shell '$shell'; use bash, zsh or fish" >&2
    exit 2
    ;;
esac

bindir=${CARGO_INSTALL_ROOT:-${CARGO_HOME:-$HOME/.cargo}}/bin
if [[ -n ${GOENVHOOK_INSTALL_FROM:-} ]]; then
  mkdir -p "$bindir"
  install -m 755 "$GOENVHOOK_INSTALL_FROM" "$bindir/goenvhook.new"
  mv -f "$bindir/goenvhook.new" "$bindir/goenvhook"
else
  cargo install --quiet --locked --force --path .
fi

# The wrapper for editors that take a path to go or gopls, next to the binary.
install -m 0755 shell/goenvhook-exec "$bindir/goenvhook-exec"
# man-db searches <dir>/../share/man for every <dir> on PATH, so no MANPATH is needed.
install -D -m 644 man/goenvhook.1 "$bindir/../share/man/man1/goenvhook.1"
install -D -m 644 man/goenvhook.toml.5 "$bindir/../share/man/man5/goenvhook.toml.5"
install -D -m 644 "$completion" "$completion_to"

mkdir -p "$(dirname "$rc")"
# The line is guarded: a shell that starts before goenvhook is on PATH (a new machine, a login
# shell that sets PATH later) starts quietly. An unguarded line from an earlier install counts.
if grep -qxF -e "$line" -e "$old" "$rc" 2>/dev/null; then
  echo "goenvhook: updated; $rc already activates it"
else
  # One line, on a line of its own even when the file does not end with a newline.
  if [[ -s $rc && -n $(tail -c 1 "$rc") ]]; then
    echo >>"$rc"
  fi
  printf '%s\n' "$line" >>"$rc"
  echo "goenvhook: installed and added to $rc; open a new shell"
fi
# Completion: fish reads its directory itself; the bash and zsh hooks load what was installed
# here, with or without bash-completion, and whether compinit runs before, after or never.
# man finds the page from PATH unless MANPATH is set, which replaces that search.
if [[ -n ${MANPATH:-} ]]; then
  echo "goenvhook: MANPATH is set, so man does not find goenvhook's page from PATH; add" \
    "export MANPATH=\"\$MANPATH:${bindir%/bin}/share/man\" to $rc (fish: set -gxa MANPATH ${bindir%/bin}/share/man)" >&2
fi
command -v goenvhook >/dev/null || echo "goenvhook: note: $bindir is not on your PATH; add it first" >&2
