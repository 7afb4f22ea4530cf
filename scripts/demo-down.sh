#!/usr/bin/env bash
# Stops the demo operator started by scripts/demo.sh (by its recorded PID) and removes the demo
# namespace. `make demo-down` then stops the local cluster.
set -euo pipefail
cd "$(dirname "$0")/.."
STATE=$PWD/.cluster
NAMESPACE=${DEMO_NAMESPACE:-jitsi-demo}
if [[ -f $STATE/kubeconfig ]] && BIN=$(test/cluster/bin-dir 2>/dev/null) && [[ -x $BIN/kubectl ]]; then
  KUBECONFIG=$STATE/kubeconfig "$BIN/kubectl" delete namespace "$NAMESPACE" --ignore-not-found --wait=false \
    --request-timeout=10s >/dev/null 2>&1 || true
fi
if [[ -f $STATE/operator.pid ]]; then
  pid=$(cat "$STATE/operator.pid")
  if [[ -r /proc/$pid/cmdline ]] && tr '\0' ' ' < "/proc/$pid/cmdline" | grep -q 'src/cli/main.ts run'; then
    kill "$pid"
    for _ in $(seq 1 20); do [[ -d /proc/$pid ]] || break; sleep 0.25; done
    [[ -d /proc/$pid ]] && kill -9 "$pid"
    echo "==> stopped the operator (PID $pid)"
  fi
  rm -f "$STATE/operator.pid"
fi
