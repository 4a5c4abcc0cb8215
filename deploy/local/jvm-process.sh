# shellcheck shell=bash
# Sourced by kafka/kafka.sh and s3/s3.sh: what running a Java server from Maven jars in the
# background needs, whichever server it is. The caller sets LOG_PREFIX, JAVA, PID_FILE and MARKER.

log() { printf '[%s] %s\n' "$LOG_PREFIX" "$*" >&2; }
die() { printf '[%s] ERROR: %s\n' "$LOG_PREFIX" "$*" >&2; exit 1; }

# coreutils `timeout` if present (stock macOS lacks it); without it just run the command.
with_timeout() { if command -v timeout >/dev/null 2>&1; then timeout "$@"; else shift; "$@"; fi; }

# True if something accepts TCP connections on host $1, port $2 (bash /dev/tcp: no nc needed).
port_open() { with_timeout 2 bash -c "exec 3<>/dev/tcp/$1/$2" 2>/dev/null; }

# Who is listening on a port (best effort, for error messages only).
port_owner() { { command -v ss >/dev/null && ss -ltnpH "sport = :$1" 2>/dev/null; } || true; }

# require_java <what needs it>: Java 17+ or a clear stop.
require_java() {
  command -v "$JAVA" >/dev/null 2>&1 || die "java not found ($1 needs Java 17+)"
  local major
  major="$("$JAVA" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1)"
  [[ -n "$major" && "$major" -ge 17 ]] || die "$1 needs Java 17+, found: $("$JAVA" -version 2>&1 | head -n1)"
}

# lib_complete <expected marker text>: the fetched jars match the pom (a pom edit re-fetches).
lib_complete() { [[ -f "$MARKER" && "$(cat "$MARKER")" == "$1" ]]; }

# our_pid <glob the process's command line must match>: the pid from PID_FILE, only if that
# process is alive and is ours (pid reuse after a reboot must not make us signal a stranger).
our_pid() {
  [[ -f "$PID_FILE" ]] || return 1
  local pid args
  pid="$(cat "$PID_FILE" 2>/dev/null || true)"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  args="$(ps -ww -p "$pid" -o args= 2>/dev/null || true)"
  # shellcheck disable=SC2053 # $1 is a glob on purpose
  [[ "$args" == $1 ]] || return 1
  printf '%s\n' "$pid"
}

# terminate <pid> <timeout seconds> <name>: SIGTERM, wait, SIGKILL as a last resort.
terminate() {
  local pid="$1" deadline=$((SECONDS + $2))
  log "stopping $3 (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
  if kill -0 "$pid" 2>/dev/null; then
    log "WARNING: $3 did not exit within ${2}s, sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
  fi
  rm -f "$PID_FILE"
}
