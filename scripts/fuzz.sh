#!/usr/bin/env bash
# Fuzzes goenvhook's parsers with cargo-fuzz (libFuzzer): the config parser, the ${...} expander,
# the state decoder and the go.mod reader (fuzz/fuzz_targets/, bodies in fuzz/src/lib.rs). Each
# target runs for a bounded time; a panic, an input slower than -timeout or a process over
# -rss_limit_mb (and, with AddressSanitizer, one allocation over -malloc_limit_mb) is a failure,
# saved under fuzz/artifacts/<target>/. The fuzzer starts from the hand-written seeds
# (fuzz/seeds/<target>/: real configs, go.mod files and states, kept by name, never minimised) and
# the committed corpus (fuzz/corpus/<target>/); new inputs that reach new code are merged into that
# corpus, minimised with `cargo fuzz cmin`. `cargo test` replays seeds, corpus and any artifacts
# (tests/fuzz_corpus.rs), so CI does. Not run by CI itself: it takes minutes.
#
#   scripts/fuzz.sh [seconds-per-target] [target...]    (default: 60 s, every target)
#
# Only a stable toolchain is needed: cargo-fuzz's nightly flags (-Z sanitizer, sancov) are allowed
# by RUSTC_BOOTSTRAP=1. The repository's .cargo/config.toml gives the x86_64 target static, non-PIE
# rustflags for the release binary; cargo-fuzz passes its own flags in RUSTFLAGS, and cargo ignores
# target.<triple>.rustflags whenever RUSTFLAGS is set, so fuzz builds are ordinary PIE executables
# that AddressSanitizer can run. Do not add the static flags to RUSTFLAGS here: static glibc and
# ASan do not link together.
set -euo pipefail
cd "$(dirname "$0")/.."

secs=${1:-60}
shift || true
targets=("$@")
((${#targets[@]})) || targets=(config expand state gomod)

tools="$HOME/.cache/goenvhook-test/cargo-tools"
export PATH="$tools/bin:$PATH"
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "fuzz.sh: installing cargo-fuzz into $tools" >&2
  cargo install --locked cargo-fuzz --root "$tools"
fi
export RUSTC_BOOTSTRAP=1

# The gomod target writes its go.mod under TMPDIR; keep those directories in one place we remove.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
export TMPDIR="$scratch"

# Logs stay after the run, in the fuzz crate's (ignored) target directory.
logs=fuzz/target/fuzz-logs
mkdir -p "$logs"

limits=(-rss_limit_mb=1024 -malloc_limit_mb=256 -timeout=10)
failed=()
for t in "${targets[@]}"; do
  corpus="fuzz/corpus/$t"
  mkdir -p "$corpus" "$scratch/new-$t"
  echo "fuzz.sh: $t for ${secs}s" >&2
  # New inputs go to a scratch directory; seeds and corpus are only read, then merged into.
  # A dictionary of the format's words (fuzz/dicts/<target>.dict) helps the mutator past them.
  dict=()
  [[ -f fuzz/dicts/$t.dict ]] && dict=(-dict="$PWD/fuzz/dicts/$t.dict")
  if ! cargo fuzz run "$t" "$scratch/new-$t" "fuzz/seeds/$t" "$corpus" -- \
    -max_total_time="$secs" "${limits[@]}" "${dict[@]}" -print_final_stats=1 >"$logs/$t.log" 2>&1; then
    grep -E -A8 'panicked at|ERROR: libFuzzer|^SUMMARY' "$logs/$t.log" | head -n 40 >&2 || true
    echo "fuzz.sh: $t FAILED (full log: $logs/$t.log); the input is in fuzz/artifacts/$t/, and cargo test --test fuzz_corpus replays it" >&2
    failed+=("$t")
    continue
  fi
  grep -E '^(#[0-9]+.*DONE|stat::number_of_executed_units|stat::peak_rss_mb)' "$logs/$t.log" >&2 || true
  # Keep only inputs that add coverage: cmin merges the corpus plus the new inputs into an empty
  # directory and puts that in the corpus's place (files are named by their SHA-1). Edges only,
  # without hit counts and comparison operands: every edge stays covered and the config corpus
  # is about 60 KB instead of 500 KB after one minute.
  cp -n "$scratch/new-$t"/* "$corpus"/ 2>/dev/null || true
  cargo fuzz cmin "$t" "$corpus" -- -use_counters=0 -use_cmp=0 "${limits[@]}" >"$logs/$t.cmin.log" 2>&1 ||
    { tail -n 20 "$logs/$t.cmin.log" >&2; failed+=("$t (cmin)"); }
  echo "fuzz.sh: $t corpus: $(find "$corpus" -type f | wc -l) files, $(cat "$corpus"/* | wc -c) bytes" >&2
done

echo "fuzz.sh: corpus total $(find fuzz/corpus -type f -exec cat {} + | wc -c) bytes (keep it to a few hundred KB)" >&2
if ((${#failed[@]})); then
  echo "fuzz.sh: failed: ${failed[*]}" >&2
  exit 1
fi
echo "fuzz.sh: no crash, hang or excessive allocation in ${targets[*]}" >&2
