#!/usr/bin/env bash
# Prints each control plane component with its PID or "not running", and exits 0 only when all
# of them run. .ci/run uses it to tell a cluster it started from one that was already running.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$CLUSTER_DIR/lib/process.sh"

STATE=$REPO_ROOT/.cluster
status=0
for component in "${COMPONENTS[@]}"; do
  if pid=$(component_pid "$component"); then
    printf '%-24s running (PID %s)\n' "$component" "$pid"
  else
    printf '%-24s not running\n' "$component"
    status=1
  fi
done
exit "$status"
