# Start, identify and stop the control plane's processes by recorded PID. Sourced by up.sh and
# down.sh after STATE (the cluster's state folder) and, for starting, BIN are set.

COMPONENTS=(etcd kube-apiserver kube-controller-manager kube-scheduler kwok)

pid_file() { printf '%s/pids/%s.pid' "$STATE" "$1"; }
log_file() { printf '%s/logs/%s.log' "$STATE" "$1"; }

# component_pid NAME prints the recorded PID of NAME and succeeds only when that process is alive,
# runs a cached binary called NAME and has this state folder on its command line. A reused PID,
# another checkout's cluster or a process of the same name started by hand never matches.
component_pid() {
  local name=$1 file pid exe
  file=$(pid_file "$name")
  [[ -f $file ]] || return 1
  pid=$(<"$file")
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  exe=$(readlink "/proc/$pid/exe" 2>/dev/null) || return 1
  exe=${exe% (deleted)}
  [[ $exe == */cluster-*/bin/"$name" ]] || return 1
  tr '\0' '\n' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$STATE/" || return 1
  printf '%s' "$pid"
}

# start_component NAME ARGS... starts BIN/NAME in its own session (so a Ctrl-C in the calling
# terminal does not reach it), appends its output to logs/NAME.log and records its PID.
start_component() {
  local name=$1
  shift
  mkdir -p "$STATE/pids" "$STATE/logs"
  printf '\n==> %s starting %s\n' "$(date -u +%FT%TZ)" "$name" >>"$(log_file "$name")"
  # setsid execs in place here because a background job of a script is not a process group
  # leader, so $! is the component's own PID.
  # The lock descriptors (8, 9) must not leak into a long-running child, which would hold the
  # lock for as long as it runs.
  setsid "$BIN/$name" "$@" </dev/null >>"$(log_file "$name")" 2>&1 8>&- 9>&- &
  local pid=$! tries=0
  printf '%s\n' "$pid" >"$(pid_file "$name")"
  # Until setsid has exec'd, /proc/PID/exe still names setsid and component_pid would not match.
  until component_pid "$name" >/dev/null; do
    [[ -d /proc/$pid ]] || fail_component "$name" "$name exited right after start"
    ((tries++ < 50)) || fail_component "$name" "PID $pid did not become $BIN/$name within 5 s"
    sleep 0.1
  done
}

# fail_component NAME MESSAGE prints the tail of NAME's log and exits non-zero.
fail_component() {
  local name=$1 message=$2
  printf 'error: %s\n--- last 40 lines of %s ---\n' "$message" "$(log_file "$name")" >&2
  tail -n 40 "$(log_file "$name")" >&2 || true
  exit 1
}

# wait_component NAME SECONDS CHECK... polls CHECK until it succeeds. It fails with the log tail
# as soon as NAME exits, or when SECONDS pass.
wait_component() {
  local name=$1 seconds=$2 deadline
  shift 2
  deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    component_pid "$name" >/dev/null || fail_component "$name" "$name exited during start-up"
    ((SECONDS < deadline)) || fail_component "$name" "$name not healthy after ${seconds} s"
    sleep 0.2
  done
}

# stop_components GRACE_SECONDS NAME... sends SIGTERM to each named component's recorded
# process at once, waits up to GRACE_SECONDS for all of them, then sends SIGKILL to any left.
# Each takes one to three seconds to exit on SIGTERM, so stopping independent components
# together saves that time. A PID file whose process is gone or is not ours is only removed.
stop_components() {
  local grace=$1 name pid waited=0 alive
  local -A pids=()
  shift
  for name in "$@"; do
    if pid=$(component_pid "$name"); then
      pids[$name]=$pid
      kill -TERM "$pid" 2>/dev/null || true
    fi
  done
  while ((waited < grace * 5)); do
    alive=false
    for name in "${!pids[@]}"; do
      [[ -d /proc/${pids[$name]} ]] && alive=true
    done
    $alive || break
    sleep 0.2
    waited=$((waited + 1))
  done
  for name in "${!pids[@]}"; do
    pid=${pids[$name]}
    if [[ -d /proc/$pid ]]; then
      log "$name (PID $pid) still running $grace s after SIGTERM; sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      for _ in {1..25}; do
        [[ -d /proc/$pid ]] || break
        sleep 0.2
      done
    fi
    log "stopped $name (PID $pid)"
  done
  for name in "$@"; do
    rm -f "$(pid_file "$name")"
  done
}

# stop_all [GRACE_SECONDS] stops the API server's clients first, then the API server, then
# etcd, so no component loses its backend while it still shuts down. GRACE_SECONDS (default
# 15) bounds the wait for each group before SIGKILL.
stop_all() {
  local grace=${1:-15}
  stop_components "$grace" kwok kube-scheduler kube-controller-manager
  stop_components "$grace" kube-apiserver
  stop_components "$grace" etcd
}
