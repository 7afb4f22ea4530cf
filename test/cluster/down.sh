#!/usr/bin/env bash
# Stops the local control plane started by up.sh: exactly the processes whose PIDs it recorded,
# after checking each PID still runs the expected binary for this checkout's .cluster folder.
# State and logs stay in .cluster/ for inspection; the next cluster-up starts clean.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$CLUSTER_DIR/lib/process.sh"

STATE=$REPO_ROOT/.cluster
if [[ ! -d $STATE/pids ]]; then
  log "no cluster state in $STATE; nothing to stop"
  exit 0
fi
exec 8>"$STATE/cluster.lock"
flock -w 900 8 || die "another cluster-up or cluster-down still holds $STATE/cluster.lock after 900 s"
stop_all
# Without a ports file, the next cluster-up treats this as a clean stop rather than a crash.
rm -f "$STATE/ports"
log "cluster stopped"
