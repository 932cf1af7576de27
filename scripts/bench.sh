#!/usr/bin/env bash
# goenvhook's per-prompt cost, next to /bin/true (the floor) and direnv (the same project as an
# .envrc), measured side by side in one run per scenario. Prints ratios of medians: machines are
# shared and noisy, absolute times mean little. Each result is printed next to its budget.
#
# The timer is benches/interleave.rs: every command of a scenario runs once per round, in an
# order shuffled each round, so drift hits all of them alike; a scaling case runs in the same
# rounds as its base case. (Timing each command's runs as one hyperfine block, even in rotated
# orders, left 8% between two scenarios doing the same work.)
#
#   scripts/bench.sh            # installs hyperfine and direnv (apt) when missing
#   RUNS=2000 scripts/bench.sh  # more rounds for steadier numbers
# Scenarios change PATH and source generated variables inside subshells on purpose, and the
# generated loop scripts are written literally:
# shellcheck disable=SC2030,SC2031,SC1090,SC2016
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-600} # rounds per scenario, after 20 of warm-up

missing=()
for tool in hyperfine direnv python3; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if ((${#missing[@]})); then
  sudo=()
  [[ $(id -u) -eq 0 ]] || sudo=(sudo)
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi

cargo build --release --locked -q
IL=$(cargo bench --locked -q --bench interleave --no-run --message-format=json 2>/dev/null | python3 -c '
import json, sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m["target"]["name"] == "interleave" and m.get("executable"):
        print(m["executable"])')
BIN=$PWD/target/release/goenvhook
DIRENV=$(command -v direnv)
TRUE=$(type -P true)

work=$(mktemp -d)
if [[ -n ${BENCH_KEEP:-} ]]; then # keep the work dir (each scenario's times as JSON) to look at
  echo "bench.sh: keeping $work" >&2
else
  trap 'rm -rf "$work"' EXIT
fi
export HOME=$work/home XDG_DATA_HOME=$work/data XDG_CONFIG_HOME=$work/config XDG_CACHE_HOME=$work/cache
export PATH=/usr/local/bin:/usr/bin:/bin
unset GOENVHOOK_STATE DIRENV_DIFF DIRENV_DIR DIRENV_FILE DIRENV_WATCHES
mkdir -p "$HOME" "$work/proj/bin" "$work/outside"

# The same project for both tools.
source scripts/bench-project.sh
bench_project "$work/proj" "$BIN" "$DIRENV"

# 30 installed SDKs for the toolchain load: discovery reads VERSION and bin/go's header and
# never runs go, so each tree needs only those (bin/go is a copy of an executable of this CPU).
for minor in 21 22 23 24 25 26; do
  for patch in 1 2 3 4 5; do
    sdk=$HOME/sdk/go1.$minor.$patch
    mkdir -p "$sdk/bin" "$sdk/pkg/tool/linux_amd64"
    printf 'go1.%s.%s\ntime 2025-01-01T00:00:00Z\n' "$minor" "$patch" >"$sdk/VERSION"
    cp "$TRUE" "$sdk/bin/go"
  done
done
mkdir -p "$work/projgo"
cp "$work/proj/.goenv.toml" "$work/projgo/.goenv.toml"
sed -i '1i go = "1.22"' "$work/projgo/.goenv.toml"
{
  cat "$work/proj/.envrc"
  echo "export GOROOT=$HOME/sdk/go1.22.5"
  echo "PATH_add \"\$GOROOT/bin\""
} >"$work/projgo/.envrc"
(cd "$work/projgo" && "$BIN" allow >/dev/null 2>&1 && "$DIRENV" allow . 2>/dev/null)
[[ $(cd "$work/projgo" && "$BIN" export json 2>/dev/null) == *go1.22.5* ]] || {
  echo "bench.sh: the toolchain project did not select go1.22.5" >&2
  exit 1
}

# One scenario: its cases (`,,` between them; a case may start with name=, cd=, envfile=,
# VAR=VALUE and -VAR, see benches/interleave.rs) interleaved for RUNS rounds.
measure() { # name, then the cases
  local name=$1
  shift
  "$IL" "$work/$name.json" "$RUNS" 20 "$@"
}
# Scaling fixtures (each must stay within 1.2x of its base case), kept apart from the main
# HOME and trust store so the base cases stay as they are.
deep=$work/proj
for ((i = 1; i <= 61; i++)); do deep=$deep/d$i; done # 64 levels below /
mkdir -p "$deep"
BIGPATH=$(for ((i = 0; i < 2000; i++)); do printf '/opt/bench/tool%04d/bin:' "$i"; done)$PATH
BIGENV=$work/bigenv # VAR=VALUE lines: for the timer's envfile=, and for bash with set -a
for ((i = 0; i < 2000; i++)); do printf 'BENCH_VAR_%04d=value-%d\n' "$i" "$i"; done >"$BIGENV"
bigenv() { set -a && . "$BIGENV" && set +a; }
mkdir -p "$work/data10k/goenvhook/trust"
cp "$XDG_DATA_HOME"/goenvhook/trust/allow-* "$work/data10k/goenvhook/trust/"
(cd "$work/data10k/goenvhook/trust" && for ((i = 0; i < 10000; i++)); do
  printf '/bench/p%d/.goenv.toml' "$i" >"allow-$(printf '%064x' "$i")"
done)
mkdir -p "$work/home100"
for minor in 21 22 23 24 25 26 27 28 29 30; do
  for ((patch = 1; patch <= 10; patch++)); do
    sdk=$work/home100/sdk/go1.$minor.$patch
    mkdir -p "$sdk/bin" "$sdk/pkg/tool/linux_amd64"
    printf 'go1.%s.%s\ntime 2025-01-01T00:00:00Z\n' "$minor" "$patch" >"$sdk/VERSION"
    cp "$TRUE" "$sdk/bin/go"
  done
done

loaded() { eval "$("$BIN" export bash 2>/dev/null)" && eval "$("$DIRENV" export bash 2>/dev/null)"; }

# A shell settles a few seconds after a load: for 2-3 s after a watched file changed (2 s, counted
# in whole seconds) goenvhook re-reads it on every prompt, because a same-second edit keeps the
# old mtime; then one prompt records the settled stamps. Model a user who allowed the project
# and then worked in it: wait out the window, then take that prompt.
(cd "$work/proj" && loaded && sleep 3.1 && "$BIN" export bash >"$work/settle.sh" 2>/dev/null)
settled() { loaded && eval "$(cat "$work/settle.sh")"; }

noop_check() {
  [[ -z $("$BIN" export bash 2>&1) ]] || {
    echo "bench.sh: the no-op prompt printed something; the measurement would be a load" >&2
    exit 1
  }
}
ours=(name=goenvhook "$BIN" export bash)
theirs=(name=direnv "$DIRENV" export bash)
floor=(name=true "$TRUE")
(cd "$work/proj" && settled && noop_check && measure noop "${floor[@]}" ,, "${ours[@]}" ,, "${theirs[@]}")
(cd "$work/outside" && measure outside "${floor[@]}" ,, "${ours[@]}" ,, "${theirs[@]}")
(cd "$work/proj" && measure load "${floor[@]}" ,, "${ours[@]}" ,, "${theirs[@]}")
# The same load on a machine where no load has run yet (cold30), in the same rounds. Its cache
# directory holds a directory where the SDK memo would be, so every run reads the SDKs it needs
# and would try to write the memo, as a first load does, and none leaves one behind.
mkdir -p "$work/coldcache/goenvhook/sdks"
(cd "$work/projgo" && measure load30 "${floor[@]}" ,, "${ours[@]}" ,, "${theirs[@]}" ,, \
  name=cold XDG_CACHE_HOME="$work/coldcache" "$BIN" export bash)
(cd "$work/proj" && settled && cd "$work/outside" && measure unload "${floor[@]}" ,, "${ours[@]}" ,, "${theirs[@]}")

# doctor (without --run-go) against one `go env` of a real Go release, in the same rounds, in
# the project with that Go first on PATH. doctor reads files and headers and runs no program, so
# it must cost less than the one go command. A finding of status error exits 1, which
# is still a complete, timed run.
REALGO=$(bash scripts/go-sdks.sh)/go1.23.9/bin/go
(cd "$work/proj" && export PATH=${REALGO%/go}:$PATH &&
  measure doctor name=doctor "$BIN" doctor ,, name=goenv "$REALGO" env)

# Scaling: each case against its base case, in the same rounds, each next to /bin/true run in
# its own conditions: a long PATH or 2,000 variables make every exec dearer, /bin/true's too,
# and the budget is about goenvhook's own share. (Each scenario runs in its own subshell, so its
# PATH and variables stay there.)
scaling() { # name, then what the scaled case changes (cd=, envfile=, VAR=VALUE)
  local name=$1
  shift
  measure "$name" name=true_base "$TRUE" ,, name=base "$BIN" export bash ,, \
    name=true_scaled "$@" "$TRUE" ,, name=scaled "$@" "$BIN" export bash
}
(cd "$work/proj" && settled && (cd "$deep" && noop_check) && scaling s_noop_depth cd="$deep")
(cd "$work/proj" && settled && (PATH=$BIGPATH && noop_check) && scaling s_noop_path PATH="$BIGPATH")
(cd "$work/proj" && settled && (bigenv && noop_check) && scaling s_noop_env envfile="$BIGENV")
(cd "$work/proj" && scaling s_load_path PATH="$BIGPATH")
(cd "$work/proj" && scaling s_load_env envfile="$BIGENV")
(cd "$work/proj" && scaling s_load_trust XDG_DATA_HOME="$work/data10k")
(cd "$work/projgo" && scaling s_load100 HOME="$work/home100")
(cd "$work/projgo" && scaling s_load30_path PATH="$BIGPATH")

# The state a typical project keeps in the environment (budget: under 1 KB, no PATH copies).
STATE_BYTES=$(cd "$work/proj" && loaded && printf '%s' "$GOENVHOOK_STATE" | wc -c)
export STATE_BYTES

# Editors: `goenvhook exec -- go version` against the same `go version` run directly (exec is
# the editor-facing entry point; budget 1.2x). A real go (scripts/go-sdks.sh) in a HOME of
# its own, so the 30-SDK scenarios above stay as they are.
REAL_SDKS=$(scripts/go-sdks.sh)
mkdir -p "$work/homeexec/sdk" "$work/projexec"
cp -al "$REAL_SDKS/go1.24.11" "$work/homeexec/sdk/go1.24.11" 2>/dev/null ||
  cp -a "$REAL_SDKS/go1.24.11" "$work/homeexec/sdk/go1.24.11"
REALGO=$work/homeexec/sdk/go1.24.11/bin/go
cp "$work/proj/.goenv.toml" "$work/projexec/.goenv.toml"
sed -i '1i go = "1.24"' "$work/projexec/.goenv.toml"
(
  cd "$work/projexec"
  export HOME=$work/homeexec
  "$BIN" allow >/dev/null 2>&1
  if [[ $("$BIN" exec -- go version) != "go version go1.24.11 "* ]]; then
    echo "bench.sh: exec did not run the project's go1.24.11" >&2
    exit 1
  fi
  measure exec name=exec "$BIN" exec -- go version ,, name=go "$REALGO" version
)

# `goenvhook watch`: from an editor-like save (temporary file renamed over the config) to the
# line on stdout, for saves that alternate between two approved versions of the config.
WATCH_MS=$(python3 - "$BIN" "$work/projwatch" "${WATCH_SAVES:-100}" <<'PY'
import os, signal, statistics, subprocess, sys, time
bin, proj, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
os.makedirs(proj, exist_ok=True)
cfg = os.path.join(proj, ".goenv.toml")
versions = ['[env]\nGOPROXY = "https://a.example.com"\n', '[env]\nGOPROXY = "https://b.example.com"\n']
def save(text):
    with open(cfg + ".tmp", "w") as f:
        f.write(text)
    os.rename(cfg + ".tmp", cfg)
for v in versions:
    save(v)
    subprocess.run([bin, "allow", cfg], check=True, capture_output=True)
w = subprocess.Popen([bin, "watch", "--dir", proj], stdout=subprocess.PIPE)
w.stdout.readline()
took = []
for i in range(n):
    start = time.perf_counter()
    save(versions[i % 2])
    line = w.stdout.readline()
    took.append(time.perf_counter() - start)
    assert versions[i % 2].split('"')[1] in line.decode(), line
w.send_signal(signal.SIGINT)
assert w.wait(timeout=10) == 0
print(f"{statistics.median(took) * 1000:.1f}")
PY
)
export WATCH_MS

# The whole prompt as each shell runs it (command substitution or pipe, then eval/source): the
# hook 500 times in a loop, against the same loop around /bin/true. (The loop scripts are written
# literally; they expand when the shells run them.)
for sh in bash zsh fish; do
  command -v "$sh" >/dev/null || continue
  case $sh in
    bash | zsh)
      printf 'eval "$(%s init %s)"\ncd %s\nfor ((i = 0; i < 500; i++)); do _goenvhook_hook; done\n' "$BIN" "$sh" "$work/proj" >"$work/loop-$sh-hook"
      printf 'cd %s\nfor ((i = 0; i < 500; i++)); do eval "$(%s)"; done\n' "$work/proj" "$TRUE" >"$work/loop-$sh-true"
      ;;
    fish)
      printf '%s init fish | source\ncd %s\nfor i in (seq 500); __goenvhook_export; end\n' "$BIN" "$work/proj" >"$work/loop-fish-hook"
      printf 'cd %s\nfor i in (seq 500); %s | source; end\n' "$work/proj" "$TRUE" >"$work/loop-fish-true"
      ;;
  esac
  flags=(--norc --noprofile)
  [[ $sh == zsh ]] && flags=(-f)
  [[ $sh == fish ]] && flags=(--no-config)
  hyperfine -N --style none --warmup 1 --runs 8 --export-json "$work/loop-$sh.json" \
    "$sh ${flags[*]} $work/loop-$sh-true" "$sh ${flags[*]} $work/loop-$sh-hook" >/dev/null 2>&1
done

status=0
python3 - "$work" <<'PY' || status=$?
import json, os, sys
work = sys.argv[1]

def medians(name):
    return {c["name"]: c["median"] for c in json.load(open(f"{work}/{name}.json"))["cases"]}

budget = {"noop": 1.10, "outside": 1.10, "load": 1.5, "load30": 1.5, "cold30": 1.5, "unload": 1.5}
faster = {"noop": 3.5, "load": 15, "load30": 15}
what = {
    "noop": "no-op prompt inside a loaded project",
    "outside": "prompt outside any project",
    "load": "first load (cd into the project)",
    "load30": "first load selecting go among 30 SDKs",
    "cold30": "the same with no SDK memo yet (goenvhook)",
    "unload": "unload (cd out of the project)",
}
print(f"{'scenario':40} {'goenvhook':>10} {'direnv':>8} {'direnv/goenvhook':>17}  budget")
ok = True
for name in ["noop", "outside", "load", "load30", "cold30", "unload"]:
    m = medians("load30" if name == "cold30" else name)
    ours = m["cold" if name == "cold30" else "goenvhook"]
    ratio = ours / m["true"]
    b = f"<= {budget[name]:.2f}x true"
    good = ratio <= budget[name]
    if name == "cold30":
        theirs_cols = f"{'-':>8} {'-':>17}"
    else:
        speed = m["direnv"] / ours
        theirs_cols = f"{m['direnv'] / m['true']:7.2f}x {speed:16.1f}x"
        if name in faster:
            b += f", >= {faster[name]}x faster than direnv"
            good = good and speed >= faster[name]
    ok = ok and good
    print(f"{what[name]:40} {ratio:9.2f}x {theirs_cols}  {b} {'ok' if good else 'MISSED'}")
print("ratios: median time per command relative to /bin/true, interleaved in the same rounds")

print()
print(f"{'scaling (against its base case)':40} {'ratio':>10}  budget")
for name, label in [
    ("s_noop_depth", "no-op, 64 directory levels"),
    ("s_noop_path", "no-op, 2,000 PATH entries"),
    ("s_noop_env", "no-op, 2,000 environment variables"),
    ("s_load_path", "load, 2,000 PATH entries"),
    ("s_load_env", "load, 2,000 environment variables"),
    ("s_load_trust", "load, 10,000 trust records"),
    ("s_load100", "load, 100 installed SDKs (base: 30)"),
    ("s_load30_path", "load with go = \"1.22\", 2,000 PATH entries"),
]:
    m = medians(name)
    r = (m["scaled"] / m["true_scaled"]) / (m["base"] / m["true_base"])
    good = r <= 1.2
    ok = ok and good
    print(f"{label:40} {r:9.2f}x  <= 1.20x {'ok' if good else 'MISSED'}")

m = medians("doctor")
r = m["doctor"] / m["goenv"]
good = r < 1.0
ok = ok and good
print(f"{'doctor, against one go env':40} {r:9.2f}x  < 1.00x {'ok' if good else 'MISSED'}")

# The exec budget for editors: reported, but unlike the others kept out of the exit status (one
# more static-binary start is over a fifth of `go version` on these machines).
m = medians("exec")
r = m["exec"] / m["go"]
print(f"{'goenvhook exec -- go version, vs go':40} {r:9.2f}x  <= 1.20x {'ok' if r <= 1.2 else 'missed, not fatal'}")
watch_ms = float(os.environ["WATCH_MS"])
good = watch_ms < 50
ok = ok and good
print(f"{'watch: save to line, median':40} {watch_ms:7.1f} ms  < 50 ms {'ok' if good else 'MISSED'}")

state = int(os.environ["STATE_BYTES"])
good = state < 1024
ok = ok and good
print(f"{'state kept in the environment':40} {state:>7} B  < 1024 B {'ok' if good else 'MISSED'}")

print()
print(f"{'whole prompt, 500 in a loop':40} {'hook/true':>10}")
for sh in ["bash", "zsh", "fish"]:
    try:
        r = json.load(open(f"{work}/loop-{sh}.json"))["results"]
    except FileNotFoundError:
        continue
    floor, hook = (x["median"] for x in r)
    print(f"{sh + ' (eval of command substitution)' if sh != 'fish' else 'fish (pipe to source)':40} {hook / floor:9.2f}x")
sys.exit(0 if ok else 1)
PY

# The no-op prompt inside each shell, where the fast path starts no process.
echo
BIN=$BIN scripts/bench-shells.sh
exit "$status"
