# shellcheck shell=bash
# Sourced by scripts/bench.sh and scripts/bench-shells.sh: the project both benchmarks time, as a
# .goenv.toml and as the equivalent direnv .envrc, approved for both tools.
#   bench_project DIR GOENVHOOK DIRENV
bench_project() {
  local dir=$1 bin=$2 direnv=$3
  mkdir -p "$dir/bin"
  cat >"$dir/.goenv.toml" <<'TOML'
[env]
GOPROXY = ["https://goproxy.cn", "https://proxy.golang.org", "direct"]
GOPRIVATE = ["git.corp.example.com", "github.com/acme/*"]
GOFLAGS = ["-mod=mod"]
CGO_ENABLED = "0"
[path]
prepend = ["./bin"]
TOML
  cat >"$dir/.envrc" <<'ENVRC'
export GOPROXY=https://goproxy.cn,https://proxy.golang.org,direct
export GOPRIVATE=git.corp.example.com,github.com/acme/*
export GOFLAGS=-mod=mod
export CGO_ENABLED=0
PATH_add bin
ENVRC
  (cd "$dir" && "$bin" allow >/dev/null 2>&1 && "$direnv" allow . 2>/dev/null)
}
