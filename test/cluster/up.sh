#!/usr/bin/env bash
# Starts the local control plane (etcd, kube-apiserver, kube-controller-manager, kube-scheduler
# and kwok with five simulated nodes) on 127.0.0.1, with all state under .cluster/, and waits
# until the API is ready, the `default` ServiceAccount exists and every node is Ready.
#
# A running cluster is reused. When only kube-controller-manager, kube-scheduler or kwok died,
# those are restarted against the existing state. When etcd or kube-apiserver died, whatever is
# left is stopped and the cluster starts clean (new certificates, empty etcd).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$CLUSTER_DIR/lib/pki.sh"
source "$CLUSTER_DIR/lib/process.sh"

STATE=$REPO_ROOT/.cluster
PKI=$STATE/pki
KUBECONFIG_FILE=$STATE/kubeconfig
STAGES=$CLUSTER_DIR/kwok/stages
SERVICE_CIDR=10.96.0.0/16
POD_CIDR=10.244.0.0/16

for tool in openssl curl flock setsid python3 base64; do
  command -v "$tool" >/dev/null || die "$tool not found on PATH; install it (Debian: apt-get install openssl curl util-linux python3 coreutils)"
done
BIN=$("$CLUSTER_DIR/bin-dir")
mkdir -p "$STATE/logs" "$STATE/pids"

# Serialises concurrent cluster-up and cluster-down calls, for example parallel test files.
exec 8>"$STATE/cluster.lock"
flock -w 900 8 || die "another cluster-up or cluster-down still holds $STATE/cluster.lock after 900 s"

kubectl() { "$BIN/kubectl" --kubeconfig="$KUBECONFIG_FILE" "$@"; }

# Prints COUNT free TCP ports on 127.0.0.1. All sockets stay bound until every port is chosen,
# so the ports differ from each other.
free_ports() {
  python3 - "$1" <<'EOF'
import socket, sys
sockets = []
for _ in range(int(sys.argv[1])):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    sockets.append(s)
print(" ".join(str(s.getsockname()[1]) for s in sockets))
EOF
}

api_ready() { curl -fsS --max-time 2 --cacert "$PKI/ca.crt" "https://127.0.0.1:$API_PORT/readyz" >/dev/null; }
etcd_healthy() { curl -fsS --max-time 2 "http://127.0.0.1:$ETCD_CLIENT_PORT/health" | grep -q '"health":"true"'; }
# The components' own serving certificates are self-signed into their --cert-dir, so only the
# loopback health probe skips verification.
https_healthy() { curl -fsSk --max-time 2 "https://127.0.0.1:$1/healthz" >/dev/null; }
http_healthy() { curl -fsS --max-time 2 "http://127.0.0.1:$1/healthz" >/dev/null; }

start_etcd() {
  start_component etcd \
    --name=gdpr-jitsi-test --data-dir="$STATE/etcd" \
    --listen-client-urls="http://127.0.0.1:$ETCD_CLIENT_PORT" \
    --advertise-client-urls="http://127.0.0.1:$ETCD_CLIENT_PORT" \
    --listen-peer-urls="http://127.0.0.1:$ETCD_PEER_PORT" \
    --initial-advertise-peer-urls="http://127.0.0.1:$ETCD_PEER_PORT" \
    --initial-cluster="gdpr-jitsi-test=http://127.0.0.1:$ETCD_PEER_PORT" \
    --unsafe-no-fsync --log-level=warn
  wait_component etcd 30 etcd_healthy
}

start_apiserver() {
  start_component kube-apiserver \
    --etcd-servers="http://127.0.0.1:$ETCD_CLIENT_PORT" \
    --bind-address=127.0.0.1 --advertise-address=127.0.0.1 --secure-port="$API_PORT" \
    --cert-dir="$STATE/certs/kube-apiserver" \
    --tls-cert-file="$PKI/apiserver.crt" --tls-private-key-file="$PKI/apiserver.key" \
    --client-ca-file="$PKI/ca.crt" \
    --requestheader-client-ca-file="$PKI/front-proxy-ca.crt" --requestheader-allowed-names=front-proxy-client \
    --requestheader-username-headers=X-Remote-User --requestheader-group-headers=X-Remote-Group \
    --requestheader-extra-headers-prefix=X-Remote-Extra- \
    --proxy-client-cert-file="$PKI/front-proxy-client.crt" --proxy-client-key-file="$PKI/front-proxy-client.key" \
    --authorization-mode=Node,RBAC \
    --enable-admission-plugins=NodeRestriction \
    --service-account-issuer=https://kubernetes.default.svc.cluster.local \
    --service-account-key-file="$PKI/sa.pub" --service-account-signing-key-file="$PKI/sa.key" \
    --service-cluster-ip-range="$SERVICE_CIDR" \
    --endpoint-reconciler-type=none \
    --audit-policy-file="$CLUSTER_DIR/manifests/audit-policy.yaml" \
    --audit-log-path="$STATE/logs/audit.log" --audit-log-format=json \
    --profiling=false
  wait_component kube-apiserver 90 api_ready
}

start_controller_manager() {
  local kubeconfig=$STATE/kubeconfigs/kube-controller-manager.kubeconfig
  start_component kube-controller-manager \
    --kubeconfig="$kubeconfig" \
    --authentication-kubeconfig="$kubeconfig" --authorization-kubeconfig="$kubeconfig" \
    --bind-address=127.0.0.1 --secure-port="$KCM_PORT" --cert-dir="$STATE/certs/kube-controller-manager" \
    --leader-elect=false --controllers='*' --use-service-account-credentials=true \
    --service-account-private-key-file="$PKI/sa.key" --root-ca-file="$PKI/ca.crt" \
    --cluster-signing-cert-file="$PKI/ca.crt" --cluster-signing-key-file="$PKI/ca.key" \
    --service-cluster-ip-range="$SERVICE_CIDR" --profiling=false
  wait_component kube-controller-manager 60 https_healthy "$KCM_PORT"
}

start_scheduler() {
  local kubeconfig=$STATE/kubeconfigs/kube-scheduler.kubeconfig
  start_component kube-scheduler \
    --kubeconfig="$kubeconfig" \
    --authentication-kubeconfig="$kubeconfig" --authorization-kubeconfig="$kubeconfig" \
    --bind-address=127.0.0.1 --secure-port="$SCHEDULER_PORT" --cert-dir="$STATE/certs/kube-scheduler" \
    --leader-elect=false --profiling=false
  wait_component kube-scheduler 60 https_healthy "$SCHEDULER_PORT"
}

# kwok v0.8.0 has no built-in stages: every behaviour comes from a -c file. The lease variant
# of the heartbeat keeps nodes Ready through Lease renewals (about every 10 s) and writes node
# status only about every ten minutes.
start_kwok() {
  local stage args=()
  for stage in node-initialize node-heartbeat-with-lease pod-ready pod-complete pod-delete \
    pvc-provision pv-bind pvc-delete pv-delete; do
    args+=(-c "$STAGES/$stage.yaml")
  done
  start_component kwok \
    --kubeconfig="$STATE/kubeconfigs/kwok.kubeconfig" \
    --manage-nodes-with-label-selector=type=kwok \
    --cidr="$POD_CIDR" --node-lease-duration-seconds=40 \
    --server-address="127.0.0.1:$KWOK_PORT" \
    "${args[@]}"
  wait_component kwok 60 http_healthy "$KWOK_PORT"
}

# Creates the default StorageClass before anything can create a PVC (the DefaultStorageClass
# admission plugin only fills in classes that exist at creation time), then the nodes. The API
# server keeps a Node's status on create, so each node starts with its own InternalIP,
# ExternalIP and Hostname, which kwok's node-initialize stage leaves in place.
bootstrap_objects() {
  kubectl apply -f "$CLUSTER_DIR/kwok/storage-class.yaml" >/dev/null
  kubectl create -f "$CLUSTER_DIR/manifests/nodes.yaml" >/dev/null
}

write_ports() {
  cat >"$STATE/ports" <<EOF
ETCD_CLIENT_PORT=$ETCD_CLIENT_PORT
ETCD_PEER_PORT=$ETCD_PEER_PORT
API_PORT=$API_PORT
KCM_PORT=$KCM_PORT
SCHEDULER_PORT=$SCHEDULER_PORT
KWOK_PORT=$KWOK_PORT
EOF
}

start_clean() {
  # The old state is deleted next, so a leftover component gets only a short grace period. An
  # API server whose etcd died would otherwise retry for the full 15 s.
  stop_all 3
  rm -rf "$STATE/etcd" "$PKI" "$STATE/certs" "$STATE/kubeconfigs" "$STATE/pids" "$STATE/ports" "$KUBECONFIG_FILE"
  local component
  for component in "${COMPONENTS[@]}" audit; do rm -f "$STATE/logs/$component.log"; done
  mkdir -p "$STATE/pids" "$STATE/kubeconfigs" "$STATE/certs"

  read -r ETCD_CLIENT_PORT ETCD_PEER_PORT API_PORT KCM_PORT SCHEDULER_PORT KWOK_PORT < <(free_ports 6)
  write_ports
  make_pki "$PKI"
  local server="https://127.0.0.1:$API_PORT" user
  write_kubeconfig "$KUBECONFIG_FILE" "$server" "$PKI" admin
  for user in kube-controller-manager kube-scheduler kwok; do
    write_kubeconfig "$STATE/kubeconfigs/$user.kubeconfig" "$server" "$PKI" "$user"
  done

  log "starting etcd on 127.0.0.1:$ETCD_CLIENT_PORT"
  start_etcd
  log "starting kube-apiserver on https://127.0.0.1:$API_PORT"
  start_apiserver
  bootstrap_objects
  log "starting kube-controller-manager, kube-scheduler and kwok"
  start_controller_manager
  start_scheduler
  start_kwok
}

# Restarts the components that depend only on a running API server.
recover_secondary() {
  local restarted=()
  if ! component_pid kube-controller-manager >/dev/null; then
    start_controller_manager
    restarted+=(kube-controller-manager)
  fi
  if ! component_pid kube-scheduler >/dev/null; then
    start_scheduler
    restarted+=(kube-scheduler)
  fi
  if ! component_pid kwok >/dev/null; then
    start_kwok
    restarted+=(kwok)
  fi
  if ((${#restarted[@]} > 0)); then
    log "restarted ${restarted[*]}, which had stopped; reusing the cluster (API https://127.0.0.1:$API_PORT)"
  else
    log "reusing the running cluster (API https://127.0.0.1:$API_PORT)"
  fi
}

wait_until_usable() {
  local deadline=$((SECONDS + 120))
  until kubectl -n default get serviceaccount default >/dev/null 2>&1; do
    ((SECONDS < deadline)) || fail_component kube-controller-manager "ServiceAccount default/default not created after 120 s"
    sleep 0.2
  done
  kubectl wait --for=condition=Ready node -l type=kwok --timeout=120s >/dev/null ||
    fail_component kwok "simulated nodes not Ready after 120 s"
}

start=$SECONDS
core_running=false
if [[ -f $STATE/ports ]]; then
  # shellcheck source=/dev/null
  source "$STATE/ports"
  if component_pid etcd >/dev/null && component_pid kube-apiserver >/dev/null && api_ready; then
    core_running=true
  fi
fi
if $core_running; then
  recover_secondary
else
  if [[ -f $STATE/ports ]]; then
    log "etcd or kube-apiserver is not running; stopping what is left and starting a clean cluster"
  fi
  start_clean
fi
wait_until_usable
log "cluster ready in $((SECONDS - start)) s; kubeconfig: $KUBECONFIG_FILE"
