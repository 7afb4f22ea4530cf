#!/usr/bin/env bash
# Builds etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kubectl, kwok and helm
# from the committed Go modules under test/cluster/ into a content-addressed cache folder, and
# prints that folder. A complete cache folder for the same key is reused without building.
#
# Every build goes into a temporary folder first. The folder moves into place only after all
# seven binaries built and reported the pinned version, so an interrupted build never looks
# complete.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

command -v go >/dev/null || die "go not found on PATH; install Go 1.26 or newer"
export_go_env

# Fails when a go.mod does not require the version pinned in versions.env, so the cache key and
# the `--version` checks below can never describe a different build than the one made.
check_pins() {
  local staging=v0.${K8S_VERSION#v1.}
  grep -q "^[[:space:]]*k8s.io/kubernetes $K8S_VERSION\b" "$CLUSTER_DIR/k8s/go.mod" ||
    die "test/cluster/k8s/go.mod does not require k8s.io/kubernetes $K8S_VERSION; update versions.env or the module"
  if grep -E '^replace k8s\.io/' "$CLUSTER_DIR/k8s/go.mod" | grep -v " => k8s.io/[a-z-]* $staging\$" >&2; then
    die "the k8s.io replace lines above are not at $staging; every staging module must match $K8S_VERSION"
  fi
  grep -q "^[[:space:]]*go.etcd.io/etcd/server/v3 $ETCD_VERSION\b" "$CLUSTER_DIR/etcd/go.mod" ||
    die "test/cluster/etcd/go.mod does not require go.etcd.io/etcd/server/v3 $ETCD_VERSION"
  grep -q "^[[:space:]]*sigs.k8s.io/kwok $KWOK_VERSION\b" "$CLUSTER_DIR/kwok/go.mod" ||
    die "test/cluster/kwok/go.mod does not require sigs.k8s.io/kwok $KWOK_VERSION"
  grep -q "^[[:space:]]*helm.sh/helm/v4 $HELM_VERSION\b" "$CLUSTER_DIR/helm/go.mod" ||
    die "test/cluster/helm/go.mod does not require helm.sh/helm/v4 $HELM_VERSION"
}

# go_build MODULE LDFLAGS OUTPUT PACKAGE... builds inside test/cluster/MODULE with the committed
# go.sum only (-mod=readonly never rewrites go.mod or go.sum).
go_build() {
  local module=$1 ldflags=$2 output=$3 start=$SECONDS
  shift 3
  log "building $* ($module module)"
  (cd "$CLUSTER_DIR/$module" && go build -mod=readonly -trimpath -ldflags "$ldflags" -o "$output" "$@")
  log "built $module in $((SECONDS - start)) s"
}

# expect_version BINARY EXPECTED ARGS... fails unless the binary's version output contains EXPECTED.
expect_version() {
  local binary=$1 expected=$2 output
  shift 2
  output=$("$binary" "$@" 2>&1) || die "$binary $* failed: $output"
  grep -qF -- "$expected" <<<"$output" ||
    die "$(basename "$binary") reports '$output', expected '$expected'; check the ldflags in lib/common.sh"
}

check_pins
key=$(cache_key)
target="$(cache_root)/cluster-$key"
mkdir -p "$target"

# One build per key at a time: a second caller waits, then finds the finished cache.
exec 9>"$target/build.lock"
flock 9
if bin_dir_complete "$target/bin"; then
  log "reusing cluster binaries in $target/bin"
  printf '%s\n' "$target/bin"
  exit 0
fi

staging=$(mktemp -d "$target/bin.tmp.XXXXXX")
chmod 755 "$staging"
trap 'rm -rf "$staging"' EXIT
total=$SECONDS
go_build k8s "$(k8s_ldflags)" "$staging/" \
  k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager \
  k8s.io/kubernetes/cmd/kube-scheduler k8s.io/kubernetes/cmd/kubectl
go_build etcd "$(etcd_ldflags)" "$staging/etcd" go.etcd.io/etcd/server/v3
go_build kwok "$(kwok_ldflags)" "$staging/kwok" sigs.k8s.io/kwok/cmd/kwok
go_build helm "$(helm_ldflags)" "$staging/helm" helm.sh/helm/v4/cmd/helm

for name in kube-apiserver kube-controller-manager kube-scheduler; do
  expect_version "$staging/$name" "Kubernetes $K8S_VERSION" --version
done
expect_version "$staging/kubectl" "Client Version: $K8S_VERSION" version --client
expect_version "$staging/etcd" "etcd Version: ${ETCD_VERSION#v}" --version
expect_version "$staging/kwok" "$KWOK_VERSION" --version
expect_version "$staging/helm" "Version:\"$HELM_VERSION\"" version
bin_dir_complete "$staging" || die "build finished but a binary is missing in $staging"

rm -rf "$target/bin"
mv "$staging" "$target/bin"
trap - EXIT
log "built all cluster binaries in $((SECONDS - total)) s into $target/bin"
printf '%s\n' "$target/bin"
