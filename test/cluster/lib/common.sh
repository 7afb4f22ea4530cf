# Shared settings for the local control plane scripts: pinned versions, Go build environment,
# version-stamping ldflags and the content-addressed binary cache. Sourced, never executed.

CLUSTER_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
REPO_ROOT=$(cd "$CLUSTER_DIR/../.." && pwd)
# shellcheck source=../versions.env
source "$CLUSTER_DIR/versions.env"

# Every binary the cache must contain; a cache folder missing any of them is rebuilt.
BIN_NAMES=(etcd kube-apiserver kube-controller-manager kube-scheduler kubectl kwok helm)
TOOL_MODULES=(k8s etcd kwok helm)

log() { printf '==> %s\n' "$*" >&2; }
die() {
  printf 'error: %s\n' "$*" >&2
  exit 1
}

# Build settings that must not come from the caller's environment: a go.work in a parent folder,
# cgo, a toolchain switch or VCS stamping would each change the binaries or break the build.
export_go_env() {
  export GOWORK=off CGO_ENABLED=0 GOTOOLCHAIN=local GOFLAGS=-buildvcs=false
}

# Stamps the release into k8s.io/component-base and client-go the way upstream's
# hack/lib/version.sh does; without it every binary reports v0.0.0-master+$Format:%H$.
k8s_ldflags() {
  local flags="-s -w" minor pkg
  minor=$(cut -d. -f2 <<<"$K8S_VERSION")
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    flags+=" -X $pkg.gitVersion=$K8S_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor"
    flags+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=1970-01-01T00:00:00Z"
  done
  printf '%s' "$flags"
}

# etcd's version is a constant in go.etcd.io/etcd/api/v3/version. Only its Git SHA comes from
# the upstream build script, and it stays unset because the module proxy does not carry it.
etcd_ldflags() { printf '%s' "-s -w"; }

# kwok's release script sets consts.Version; v0.8.0's source already carries "0.8.0", and the
# explicit flag keeps `kwok --version` right if that default ever drifts from the tag.
kwok_ldflags() { printf '%s' "-s -w -X sigs.k8s.io/kwok/pkg/consts.Version=$KWOK_VERSION"; }

# Without this flag helm v4 reports only the minor line (for example "v4.3").
helm_ldflags() { printf '%s' "-s -w -X helm.sh/helm/v4/internal/version.version=$HELM_VERSION"; }

# Prints a 16-hex-digit key over everything that changes the binaries: pinned versions, the Go
# toolchain, the ldflags and the go.mod/go.sum of every tool module. The checkout's path is not
# part of it, so a fresh clone in another folder finds the same cache.
cache_key() {
  local module
  {
    printf 'k8s=%s etcd=%s kwok=%s helm=%s\n' "$K8S_VERSION" "$ETCD_VERSION" "$KWOK_VERSION" "$HELM_VERSION"
    go version
    printf '%s\n' "$(k8s_ldflags)" "$(etcd_ldflags)" "$(kwok_ldflags)" "$(helm_ldflags)"
    for module in "${TOOL_MODULES[@]}"; do
      (cd "$CLUSTER_DIR/$module" && sha256sum go.mod go.sum)
    done
  } | sha256sum | cut -c1-16
}

cache_root() { printf '%s' "${XDG_CACHE_HOME:-$HOME/.cache}/gdpr-jitsi-operator"; }

bin_dir_path() { printf '%s/cluster-%s/bin' "$(cache_root)" "$(cache_key)"; }

# Succeeds when every binary is present, a regular file and executable.
bin_dir_complete() {
  local dir=$1 name
  for name in "${BIN_NAMES[@]}"; do
    [[ -f $dir/$name && -x $dir/$name ]] || return 1
  done
}
