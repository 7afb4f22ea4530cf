#!/usr/bin/env bash
# Runs the demo on the local control plane: installs the CRD and the operator's RBAC, starts the
# operator under its own ServiceAccount, applies examples/basic.yaml and waits until it is Ready.
# The cluster must be up (make cluster-up); `make demo` takes care of that.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
STATE=$ROOT/.cluster
NAMESPACE=${DEMO_NAMESPACE:-jitsi-demo}
export KUBECONFIG=$STATE/kubeconfig
BIN=$("$ROOT/test/cluster/bin-dir")
KUBECTL="$BIN/kubectl"
NODE=$ROOT/node_modules/.bin/node

log() { printf '==> %s\n' "$*"; }

operator_running() {
  [[ -f $STATE/operator.pid ]] || return 1
  local pid
  pid=$(cat "$STATE/operator.pid")
  [[ -r /proc/$pid/cmdline ]] && tr '\0' ' ' < "/proc/$pid/cmdline" | grep -q 'src/cli/main.ts run'
}

log "installing the GdprJitsiMeet CRD"
"$KUBECTL" apply --server-side --force-conflicts -f crds/ >/dev/null
"$KUBECTL" wait --for=condition=Established crd/gdprjitsimeets.gdprmeet.io --timeout=60s >/dev/null

log "installing the operator's ServiceAccount and RBAC"
"$KUBECTL" apply --server-side --force-conflicts -f config/rbac.yaml >/dev/null

if operator_running; then
  log "operator already running (PID $(cat "$STATE/operator.pid"))"
else
  log "starting the operator as system:serviceaccount:gdpr-jitsi-system:gdpr-jitsi-operator"
  TOKEN=$("$KUBECTL" -n gdpr-jitsi-system create token gdpr-jitsi-operator --duration=12h)
  SERVER=$("$KUBECTL" config view --raw -o jsonpath='{.clusters[0].cluster.server}')
  CA=$("$KUBECTL" config view --raw -o jsonpath='{.clusters[0].cluster.certificate-authority-data}')
  umask 077
  cat > "$STATE/operator.kubeconfig" <<YAML
apiVersion: v1
kind: Config
clusters: [{name: local, cluster: {server: "$SERVER", certificate-authority-data: "$CA"}}]
users: [{name: operator, user: {token: "$TOKEN"}}]
contexts: [{name: operator, context: {cluster: local, user: operator}}]
current-context: operator
YAML
  mkdir -p "$STATE/logs"
  # Watches only the demo namespace, so operators that tests start in other namespaces of the
  # same cluster never reconcile the same instance twice.
  nohup "$NODE" src/cli/main.ts run --kubeconfig "$STATE/operator.kubeconfig" \
    --namespaces "$NAMESPACE" --listen 127.0.0.1:${OPERATOR_PORT:-18080} \
    > "$STATE/logs/operator.log" 2>&1 &
  echo $! > "$STATE/operator.pid"
  for _ in $(seq 1 60); do
    # Another process on the port could respond to /readyz, so this operator must still be alive.
    if "$NODE" -e "fetch('http://127.0.0.1:${OPERATOR_PORT:-18080}/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"; then
      sleep 0.5
      operator_running && break
    fi
    operator_running || {
      tail -n 30 "$STATE/logs/operator.log"
      echo "error: the operator exited; if the port is in use, set OPERATOR_PORT (now ${OPERATOR_PORT:-18080})" >&2
      exit 1
    }
    sleep 0.5
  done
fi

log "applying examples/basic.yaml in namespace $NAMESPACE"
"$KUBECTL" create namespace "$NAMESPACE" --dry-run=client -o yaml | "$KUBECTL" apply -f - >/dev/null
"$KUBECTL" label namespace "$NAMESPACE" --overwrite \
  pod-security.kubernetes.io/enforce=restricted pod-security.kubernetes.io/warn=restricted >/dev/null
"$KUBECTL" -n "$NAMESPACE" apply --server-side -f examples/basic.yaml >/dev/null
NAME=$("$KUBECTL" -n "$NAMESPACE" get gjm -o jsonpath='{.items[0].metadata.name}')

log "waiting until GdprJitsiMeet $NAME is Ready"
if ! "$KUBECTL" -n "$NAMESPACE" wait --for=condition=Ready "gjm/$NAME" --timeout=180s >/dev/null; then
  "$KUBECTL" -n "$NAMESPACE" get gjm "$NAME" -o yaml
  tail -n 30 "$STATE/logs/operator.log"
  exit 1
fi

echo
"$KUBECTL" -n "$NAMESPACE" get gjm
echo
"$KUBECTL" -n "$NAMESPACE" get gjm "$NAME" -o json | "$NODE" scripts/print-status.ts
echo
log "pods and the nodes they run on"
"$KUBECTL" get nodes -o json > "$STATE/nodes.json"
"$KUBECTL" -n "$NAMESPACE" get pods -o json | "$NODE" scripts/print-placements.ts "$STATE/nodes.json"
echo
log "objects the operator created"
"$KUBECTL" -n "$NAMESPACE" get statefulsets,deployments,services,networkpolicies,cronjobs,ingresses,pvc
echo
log "the privacy checks on the live objects (gdpr-jitsi check --live $NAME)"
"$NODE" src/cli/main.ts check --live "$NAME" -n "$NAMESPACE" --kubeconfig "$KUBECONFIG" | tail -n 1
echo
log "documents: kubectl -n $NAMESPACE get configmap $NAME-gdpr-report -o jsonpath='{.data.report\\.md}'"
log "operator log: $STATE/logs/operator.log; stop everything with: make demo-down"
