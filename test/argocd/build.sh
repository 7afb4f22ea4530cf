#!/usr/bin/env bash
# Builds the Lua health check runner (main.go, with gopher-lua from the committed go.mod and
# go.sum) into the user's cache folder, and prints the binary's path. A binary already built
# for the same sources and Go version is reused.
set -euo pipefail
dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
command -v go >/dev/null || { echo "error: go not found on PATH; install Go 1.23 or newer" >&2; exit 1; }
# Same reasons as test/cluster/lib/common.sh: no go.work, cgo, toolchain switch or VCS stamp.
export GOWORK=off CGO_ENABLED=0 GOTOOLCHAIN=local GOFLAGS=-buildvcs=false

key=$({ go version; cd "$dir" && sha256sum go.mod go.sum main.go; } | sha256sum | cut -c1-16)
target="${XDG_CACHE_HOME:-$HOME/.cache}/gdpr-jitsi-operator/argocd-lua-$key"
mkdir -p "$target"
exec 9>"$target/build.lock"
flock 9
if [[ ! -x $target/lua-health ]]; then
  # -mod=readonly fails instead of rewriting go.mod or go.sum.
  (cd "$dir" && go build -mod=readonly -trimpath -o "$target/lua-health.tmp" .)
  mv "$target/lua-health.tmp" "$target/lua-health"
fi
printf '%s\n' "$target/lua-health"
