#!/usr/bin/env bash
# Local S3-compatible object storage (Adobe S3Mock, a Spring Boot server) without Docker, for the
# submissions service's S3 storage driver in development and tests. The jars come from Maven
# Central via pom.xml next to this script; objects live in $MCP_LOCAL_DIR/s3 (default
# <repo>/.local/s3). Same shape as deploy/local/kafka/kafka.sh.
#
# Usage: s3.sh fetch|start|stop|status|reset
#   S3_PORT (default 9390): plain-HTTP S3 endpoint, http://127.0.0.1:$S3_PORT
#   S3_TLS_PORT (default S3_PORT+1): S3Mock always opens an HTTPS connector too
#   S3_BUCKET (default mcp-evidence): created on start if missing
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/../../.." && pwd)"
POM="$SCRIPT_DIR/pom.xml"

MCP_LOCAL_DIR="${MCP_LOCAL_DIR:-$REPO_ROOT/.local}"
S3_DIR="$MCP_LOCAL_DIR/s3"
LIB_DIR="$S3_DIR/lib"
DATA_DIR="$S3_DIR/data"
PID_FILE="$S3_DIR/s3mock.pid"
LOG_FILE="$S3_DIR/s3mock.log"
MARKER="$LIB_DIR/.fetched"

S3_HOST=127.0.0.1
S3_PORT="${S3_PORT:-9390}"
S3_TLS_PORT="${S3_TLS_PORT:-$((S3_PORT + 1))}"
S3_BUCKET="${S3_BUCKET:-mcp-evidence}"
S3_HEAP_OPTS="${S3_HEAP_OPTS:--Xms64m -Xmx384m}"
S3_START_TIMEOUT="${S3_START_TIMEOUT:-60}"
S3_STOP_TIMEOUT="${S3_STOP_TIMEOUT:-20}"
MAIN_CLASS=com.adobe.testing.s3mock.S3MockApplication

if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then JAVA="$JAVA_HOME/bin/java"; else JAVA=java; fi

LOG_PREFIX=s3
# shellcheck source-path=SCRIPTDIR source=../jvm-process.sh
source "$SCRIPT_DIR/../jvm-process.sh"

s3mock_version() { sed -n 's:.*<s3mock.version>\(.*\)</s3mock.version>.*:\1:p' "$POM" | head -n1; }
# Version + checksum of pom.xml, so editing the pom triggers a re-fetch.
expected_marker() { printf 's3mock=%s pom=%s\n' "$(s3mock_version)" "$(cksum <"$POM" | cut -d' ' -f1)"; }

# The S3Mock started by this script (matched on its data folder).
running_pid() { our_pid "*${MAIN_CLASS}*${DATA_DIR}*"; }

# An S3 ListBuckets answer (not just an open port) proves the server is serving.
serving() { with_timeout 5 curl -fsS "http://$S3_HOST:$S3_PORT/" 2>/dev/null | grep -q ListAllMyBucketsResult; }

bucket_exists() { with_timeout 5 curl -fsS -o /dev/null -I "http://$S3_HOST:$S3_PORT/$S3_BUCKET" 2>/dev/null; }

ensure_bucket() {
  bucket_exists && return 0
  with_timeout 5 curl -fsS -o /dev/null -X PUT "http://$S3_HOST:$S3_PORT/$S3_BUCKET" || die "could not create bucket $S3_BUCKET"
  log "bucket $S3_BUCKET created"
}

cmd_fetch() {
  if lib_complete "$(expected_marker)"; then log "lib up to date ($(cat "$MARKER")): $LIB_DIR"; return 0; fi
  command -v mvn >/dev/null 2>&1 || die "mvn not found (needed once to download S3Mock jars from Maven Central)"
  log "fetching S3Mock $(s3mock_version) jars from Maven Central into $LIB_DIR ..."
  local tmp="$LIB_DIR.tmp" out="$S3_DIR/fetch.log"
  rm -rf "$tmp"
  mkdir -p "$S3_DIR"
  # Into a temp dir, swapped in afterwards, so an interrupted fetch never looks complete.
  if ! mvn -q -B -f "$POM" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$tmp" >"$out" 2>&1; then
    cat "$out" >&2
    die "mvn dependency:copy-dependencies failed (output above, also in $out)"
  fi
  [[ -f "$tmp/s3mock-$(s3mock_version).jar" ]] || die "s3mock jar missing after fetch"
  rm -rf "$LIB_DIR"
  mv "$tmp" "$LIB_DIR"
  expected_marker >"$MARKER"
  log "fetched $(find "$LIB_DIR" -name '*.jar' | wc -l | tr -d ' ') jars"
}

launch() {
  mkdir -p "$DATA_DIR"
  # S3Mock 4.x keeps a lock per multipart upload in memory only, and every later request that
  # reads an upload's bookkeeping (ListMultipartUploads, abort) fails with a NullPointerException
  # (HTTP 500) for an upload a previous S3Mock process began, completed ones included. No such
  # upload can be finished or aborted after a restart anyway, so their folders go before start.
  # (Fixed upstream in S3Mock 5, whose lockFor() creates the lock on demand.)
  find "$DATA_DIR" -mindepth 2 -maxdepth 2 -type d -name multiparts -exec rm -rf {} +
  [[ -f "$LOG_FILE" ]] && mv -f "$LOG_FILE" "$LOG_FILE.1"
  # Objects are kept across restarts (retain-files-on-exit), like a real bucket. S3Mock streams a
  # GET asynchronously and, by Tomcat's default, cuts it after 30 s; real S3 does not, and a reader
  # that takes its time (clamd scanning 300 MiB on a busy machine) must not be cut.
  # shellcheck disable=SC2086 # S3_HEAP_OPTS is intentionally word-split
  COM_ADOBE_TESTING_S3MOCK_STORE_ROOT="$DATA_DIR" \
  COM_ADOBE_TESTING_S3MOCK_STORE_RETAIN_FILES_ON_EXIT=true \
  COM_ADOBE_TESTING_S3MOCK_STORE_INITIAL_BUCKETS="$S3_BUCKET" \
    nohup "$JAVA" $S3_HEAP_OPTS -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Djava.awt.headless=true \
    -cp "$LIB_DIR/*" "$MAIN_CLASS" \
    --server.address="$S3_HOST" --server.port="$S3_TLS_PORT" \
    --com.adobe.testing.s3mock.http-port="$S3_PORT" \
    --com.adobe.testing.s3mock.store.root="$DATA_DIR" \
    --spring.mvc.async.request-timeout=30m >"$LOG_FILE" 2>&1 </dev/null &
  echo $! >"$PID_FILE"
  log "S3Mock started (pid $!), log: $LOG_FILE"
}

wait_ready() {
  local pid="$1" deadline=$((SECONDS + S3_START_TIMEOUT))
  while ((SECONDS < deadline)); do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$PID_FILE"
      tail -n 40 "$LOG_FILE" >&2 || true
      die "S3Mock exited during start-up"
    fi
    if serving; then
      ensure_bucket
      log "S3 ready on http://$S3_HOST:$S3_PORT (bucket $S3_BUCKET)"
      return 0
    fi
    sleep 0.25
  done
  stop_pid "$pid" >&2
  tail -n 40 "$LOG_FILE" >&2 || true
  die "S3Mock not ready after ${S3_START_TIMEOUT}s"
}

cmd_start() {
  local pid
  if pid="$(running_pid)"; then
    if serving; then ensure_bucket; echo "S3 already running (pid $pid, http://$S3_HOST:$S3_PORT)"; return 0; fi
    log "S3Mock pid $pid is alive but not serving yet; waiting"
    wait_ready "$pid"
    return 0
  fi
  rm -f "$PID_FILE"
  local port
  for port in "$S3_PORT" "$S3_TLS_PORT"; do
    port_open "$S3_HOST" "$port" && die "port $S3_HOST:$port is already in use by a process this script did not start. Stop it or set S3_PORT / S3_TLS_PORT."
  done
  require_java S3Mock
  cmd_fetch
  launch
  wait_ready "$(cat "$PID_FILE")"
}

stop_pid() {
  terminate "$1" "$S3_STOP_TIMEOUT" S3Mock
  echo "S3 stopped"
}

cmd_stop() {
  local pid
  if ! pid="$(running_pid)"; then rm -f "$PID_FILE"; echo "S3 not running"; return 0; fi
  stop_pid "$pid"
}

cmd_status() {
  local pid
  if pid="$(running_pid)" && serving; then echo "S3 running (pid $pid, http://$S3_HOST:$S3_PORT)"; return 0; fi
  echo "S3 not running"
  return 1
}

cmd_reset() {
  cmd_stop
  rm -rf "$DATA_DIR"
  echo "S3 data deleted ($DATA_DIR)"
}

case "${1:-}" in
  fetch) cmd_fetch ;;
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  reset) cmd_reset ;;
  *)
    echo "usage: $0 fetch|start|stop|status|reset   (S3_PORT=$S3_PORT, S3_BUCKET=$S3_BUCKET, data in $DATA_DIR)" >&2
    exit 2
    ;;
esac
