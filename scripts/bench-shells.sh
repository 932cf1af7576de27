#!/usr/bin/env bash
# The no-op prompt measured inside each shell: the hook function run many times in a loop, timed
# by the shell's own clock (bash and zsh: $EPOCHREALTIME; fish: its `time` keyword), next to the
# cost of starting one process in the same shell (`x=$(/bin/true)`), goenvhook with its fast path
# turned off (GOENVHOOK_NO_FAST_PATH=1: one process per prompt), and direnv's hook on the same
# project as an .envrc. Prints each as a ratio to `x=$(/bin/true)`, the process floor.
#
#   scripts/bench-shells.sh          # bash, zsh and fish; N=300 prompts each
#   N=1000 scripts/bench-shells.sh
#   BIN=path/to/goenvhook scripts/bench-shells.sh   # measure that binary, build nothing
# The loops are written literally for each shell:
# shellcheck disable=SC2016
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-300}

# BIN: a goenvhook to measure (scripts/bench.sh passes the one it built).
if [[ -z ${BIN:-} ]]; then
  cargo build --release --locked -q
  BIN=$PWD/target/release/goenvhook
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HOME=$work/home XDG_DATA_HOME=$work/data XDG_CONFIG_HOME=$work/config XDG_CACHE_HOME=$work/cache
export PATH=/usr/local/bin:/usr/bin:/bin
unset GOENVHOOK_STATE GOENVHOOK_NO_FAST_PATH DIRENV_DIFF DIRENV_DIR DIRENV_FILE DIRENV_WATCHES
mkdir -p "$HOME"
source scripts/bench-project.sh
bench_project "$work/proj" "$BIN" "$(command -v direnv)"
# The fast path hands out a guard only once the files are older than the racy window.
sleep 3

# Prints milliseconds for N runs of $2 in shell $1, after one prompt that loads the project.
run() {
  local shell=$1 body=$2 setup=${3:-}
  case $shell in
  bash)
    bash --norc --noprofile -c "$setup
      cd '$work/proj'; _p() { local c; for c in \"\${PROMPT_COMMAND[@]}\"; do eval \"\$c\"; done; }
      _p 2>/dev/null; _p 2>/dev/null
      s=\$EPOCHREALTIME; for ((i = 0; i < $N; i++)); do $body; done; e=\$EPOCHREALTIME
      echo \"\$s \$e\" | awk '{ printf \"%.3f\\n\", (\$2 - \$1) * 1000 }'" 2>/dev/null
    ;;
  zsh)
    zsh -f -c "zmodload zsh/datetime; $setup
      cd '$work/proj'; _p() { local f; for f in \$precmd_functions; do \$f; done; }
      _p 2>/dev/null; _p 2>/dev/null
      s=\$EPOCHREALTIME; for ((i = 0; i < $N; i++)); do $body; done; e=\$EPOCHREALTIME
      echo \"\$s \$e\" | awk '{ printf \"%.3f\\n\", (\$2 - \$1) * 1000 }'" 2>/dev/null
    ;;
  fish)
    fish --no-config -c "$setup
      cd '$work/proj'; begin; emit fish_prompt; emit fish_prompt; end 2>/dev/null
      set -l seq (seq $N)
      time for i in \$seq; $body; end" 2>&1 >/dev/null |
      sed -n 's/^Executed in *\([0-9.]*\) \(millis\|micros\|secs\).*/\1 \2/p' |
      awk '{ v = $1; if ($2 == "micros") v /= 1000; if ($2 == "secs") v *= 1000; print v }'
    ;;
  esac
}

printf '%-5s %12s %12s %12s %12s   (ms for %s no-op prompts; ratio to x=$(/bin/true))\n' \
  shell 'fast path' 'no fast path' 'direnv' '/bin/true' "$N"
for shell in bash zsh fish; do
  case $shell in
  bash | zsh)
    init="eval \"\$('$BIN' init $shell)\""
    hook=_goenvhook_hook
    dinit="eval \"\$(direnv hook $shell)\""
    dhook=_direnv_hook
    floor='x=$(/bin/true)'
    ;;
  fish)
    init="'$BIN' init fish | source"
    hook=__goenvhook_export
    dinit="direnv hook fish | source"
    dhook="direnv export fish | source"
    floor='set x (/bin/true)'
    ;;
  esac
  fast=$(run "$shell" "$hook" "$init")
  slow=$(run "$shell" "$hook" "export GOENVHOOK_NO_FAST_PATH=1 2>/dev/null || set -gx GOENVHOOK_NO_FAST_PATH 1; $init")
  dir=$(run "$shell" "$dhook" "$dinit")
  floor_ms=$(run "$shell" "$floor")
  ratio() { awk -v a="$1" -v b="$floor_ms" 'BEGIN { printf "%.3f", a / b }'; }
  printf '%-5s %12s %12s %12s %12s\n' "$shell" \
    "$(ratio "$fast")x" "$(ratio "$slow")x" "$(ratio "$dir")x" "1x (${floor_ms%.*} ms)"
done
