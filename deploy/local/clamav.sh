#!/usr/bin/env bash
# ClamAV's scanning daemon (clamd) for the submissions service, from Debian's `clamav-daemon`.
# This runs OUR OWN clamd process (never the system service) with its configuration, signature
# database, log and pid under $MCP_LOCAL_DIR/clamav (default <repo>/.local/clamav).
#
#   install  installs clamav-daemon and clamav if missing (as root; the test command calls this,
#            so a fresh CI machine needs nothing else)
#   start    writes the config and the project's signature database, starts clamd on
#            127.0.0.1:$CLAMD_PORT (default 3310) and waits until it answers PING
#   stop     stops the clamd that `start` began
#   status   says whether it answers
#
# Signatures: the official download (freshclam) is not reachable from these machines, and clamd
# refuses to start with an empty database, so `start` writes the project's own database: the EICAR
# test file by hash (mcp-test.hdb, md5:size:name) and the EICAR string anywhere in a file, e.g.
# inside a PDF (mcp-test.ndb). Production runs `freshclam` into its DatabaseDirectory instead
# (services/submissions/README.md). Loading two signatures takes well under a second.
set -euo pipefail
repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
local_dir="${MCP_LOCAL_DIR:-$repo_root/.local}/clamav"
port=${CLAMD_PORT:-3310}
# Must be at least MAX_UPLOAD_BYTES and RESUMABLE_MAX_UPLOAD_BYTES (50 and 100 MiB by default):
# clamd refuses longer streams, and the service then refuses the upload (fail closed) rather than
# keep an unscanned file. 512M here lets the tests send a 300 MiB resumable upload.
stream_max=${CLAMD_STREAM_MAX_LENGTH:-512M}
conf="$local_dir/clamd.conf"
pid_file="$local_dir/clamd.pid"
db_dir="$local_dir/db"
start_timeout=${CLAMD_START_TIMEOUT:-60}

# The EICAR anti-virus test file (68 bytes), the industry's harmless stand-in for malware.
eicar='X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*'

log() { echo "clamav: $*"; }

ensure_installed() {
  if command -v clamd >/dev/null; then return; fi
  if [[ $(id -u) -ne 0 ]]; then
    echo "ClamAV is missing. Install it once with: sudo apt-get update && sudo apt-get install -y clamav-daemon clamav" >&2
    exit 1
  fi
  log "installing clamav-daemon and clamav from Debian (first run only)..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends clamav-daemon clamav >/dev/null
}

write_config() {
  mkdir -p "$db_dir" "$local_dir/tmp"
  printf '%s' "$eicar" >"$local_dir/eicar.com"
  local md5 size hex
  md5=$(md5sum "$local_dir/eicar.com" | cut -d' ' -f1)
  size=$(stat -c %s "$local_dir/eicar.com")
  hex=$(od -An -tx1 -v "$local_dir/eicar.com" | tr -d ' \n')
  echo "$md5:$size:MCP.Test.EICAR-File" >"$db_dir/mcp-test.hdb"
  echo "MCP.Test.EICAR-String:0:*:$hex" >"$db_dir/mcp-test.ndb"
  cat >"$conf" <<EOF
# Written by deploy/local/clamav.sh; edits are overwritten on the next start.
TCPSocket $port
TCPAddr 127.0.0.1
DatabaseDirectory $db_dir
TemporaryDirectory $local_dir/tmp
PidFile $pid_file
LogFile $local_dir/clamd.log
LogTime yes
Foreground yes
StreamMaxLength $stream_max
MaxFileSize $stream_max
MaxScanSize $stream_max
ScanArchive yes
# The database never changes under a running local clamd; no reload thread, no second copy in memory.
SelfCheck 0
ConcurrentDatabaseReload no
EOF
}

answers() { [[ "$( (exec 3<>"/dev/tcp/127.0.0.1/$port" && printf 'zPING\0' >&3 && timeout 2 head -c 4 <&3) 2>/dev/null)" == PONG ]]; }

running() {
  local pid
  pid=$(cat "$pid_file" 2>/dev/null || true)
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null
}

case "${1:-}" in
  install)
    ensure_installed
    ;;
  start)
    ensure_installed
    if running && answers; then
      log "clamd already running (pid $(cat "$pid_file")) on 127.0.0.1:$port"
      exit 0
    fi
    write_config
    started=$(date +%s%N)
    nohup clamd --config-file="$conf" >"$local_dir/clamd.out" 2>&1 </dev/null &
    echo $! >"$pid_file"
    for _ in $(seq 1 $((start_timeout * 10))); do
      if answers; then
        log "clamd (pid $(cat "$pid_file")) answers on 127.0.0.1:$port after $(( ($(date +%s%N) - started) / 1000000 )) ms"
        exit 0
      fi
      if ! running; then
        cat "$local_dir/clamd.out" >&2
        log "clamd exited during start-up (output above, log: $local_dir/clamd.log)" >&2
        exit 1
      fi
      sleep 0.1
    done
    log "clamd did not answer within ${start_timeout}s (log: $local_dir/clamd.log)" >&2
    exit 1
    ;;
  stop)
    if running; then
      kill "$(cat "$pid_file")"
      for _ in $(seq 1 50); do running || break; sleep 0.1; done
    fi
    rm -f "$pid_file"
    ;;
  status)
    if answers; then log "clamd answers on 127.0.0.1:$port"; else log "clamd not answering on 127.0.0.1:$port"; exit 1; fi
    ;;
  *)
    echo "usage: $0 install|start|stop|status" >&2
    exit 2
    ;;
esac
