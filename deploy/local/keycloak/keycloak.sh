#!/usr/bin/env bash
# Local Keycloak (the identity provider) without Docker: Keycloak's own server distribution from
# Maven Central (pom.xml next to this script), run with a Java 21+ JDK found on the machine, dev-file
# storage (H2 under the distribution's data/), realm `mcp` imported from deploy/keycloak/mcp-realm.json.
# Same shape as deploy/local/kafka/kafka.sh. See README.md in this folder.
#
# Usage: keycloak.sh fetch|start|stop|status|reset
#   KEYCLOAK_PORT (default 8080): http://127.0.0.1:$KEYCLOAK_PORT, issuer .../realms/mcp
#   MCP_LOCAL_DIR (default <repo>/.local): the distribution and its data live in $MCP_LOCAL_DIR/keycloak
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/../../.." && pwd)"
POM="$SCRIPT_DIR/pom.xml"
REALM_FILE="$REPO_ROOT/deploy/keycloak/mcp-realm.json"

MCP_LOCAL_DIR="${MCP_LOCAL_DIR:-$REPO_ROOT/.local}"
KC_DIR="$MCP_LOCAL_DIR/keycloak"
# One unpacked distribution per MCP_LOCAL_DIR: `kc.sh build` writes into it, and its data/ holds the
# realm, so a test instance and the developer's never share either.
DIST_DIR="$KC_DIR/dist"
PID_FILE="$KC_DIR/keycloak.pid"
LOG_FILE="$KC_DIR/keycloak.log"
MARKER="$DIST_DIR/.fetched"
# Checksum of the realm file that was imported: an edited realm is imported again (data reset).
IMPORTED_REALM="$DIST_DIR/data/.imported-realm"

KEYCLOAK_HOST=127.0.0.1
KEYCLOAK_PORT="${KEYCLOAK_PORT:-8080}"
KEYCLOAK_URL="http://$KEYCLOAK_HOST:$KEYCLOAK_PORT"
KEYCLOAK_HEAP_OPTS="${KEYCLOAK_HEAP_OPTS:--Xms64m -Xmx512m}"
# The first start creates the database (Liquibase on H2): minutes on a busy 2-core machine.
KEYCLOAK_START_TIMEOUT="${KEYCLOAK_START_TIMEOUT:-900}"
KEYCLOAK_STOP_TIMEOUT="${KEYCLOAK_STOP_TIMEOUT:-30}"
# The master realm's administrator (admin console), local only.
KEYCLOAK_ADMIN_USER="${KEYCLOAK_ADMIN_USER:-admin}"
KEYCLOAK_ADMIN_PASSWORD="${KEYCLOAK_ADMIN_PASSWORD:-admin}"

LOG_PREFIX=keycloak
# Keycloak 26 needs Java 21+, while the machine's default java may be 17 (Kafka and S3Mock are
# happy with it): use JAVA_HOME if it is new enough, else the newest JDK 21+ under /usr/lib/jvm.
java_major() { "$1" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1; }
find_java() {
  local candidate major best="" best_major=0
  for candidate in ${JAVA_HOME:+"$JAVA_HOME/bin/java"} /usr/lib/jvm/*/bin/java "$(command -v java || true)"; do
    [[ -n "$candidate" && -x "$candidate" ]] || continue
    major="$(java_major "$candidate")"
    [[ -n "$major" ]] || continue
    if ((major >= 21 && major > best_major)); then best="$candidate"; best_major="$major"; fi
  done
  printf '%s' "$best"
}
JAVA="$(find_java)"
# shellcheck source-path=SCRIPTDIR source=../jvm-process.sh
source "$SCRIPT_DIR/../jvm-process.sh"

now_ms() { local t="${EPOCHREALTIME/[.,]/}"; echo $((t / 1000)); }
elapsed() { local ms=$(($(now_ms) - $1)); printf '%d.%ds' $((ms / 1000)) $((ms % 1000 / 100)); }

keycloak_version() { sed -n 's:.*<keycloak.version>\(.*\)</keycloak.version>.*:\1:p' "$POM" | head -n1; }
expected_marker() { printf 'keycloak=%s pom=%s script=%s\n' "$(keycloak_version)" "$(cksum <"$POM" | cut -d' ' -f1)" "$(build_options | cksum | cut -d' ' -f1)"; }
realm_checksum() { cksum <"$REALM_FILE" | cut -d' ' -f1; }

# Build-time options (`kc.sh build`), baked into the distribution so `start --optimized` skips the
# Quarkus re-augmentation (tens of seconds) on every start.
build_options() { printf '%s\n' --db=dev-file --health-enabled=false --metrics-enabled=false; }

require_java21() {
  [[ -n "$JAVA" ]] || die "Keycloak $(keycloak_version) needs Java 21+; none found (JAVA_HOME, /usr/lib/jvm/*, java on PATH). Install a JDK 21+ or set JAVA_HOME"
}
java_home() { dirname "$(dirname "$(readlink -f "$JAVA")")"; }

# The kc.sh started by this script (matched on its distribution folder); the JVM is its child.
running_pid() { our_pid "*${DIST_DIR}/bin/kc.sh start*"; }

# SIGTERM to the JVM (Keycloak shuts down cleanly), then to kc.sh, which waits on it.
stop_keycloak() {
  local child
  for child in $(pgrep -P "$1" 2>/dev/null || true); do
    log "stopping Keycloak's JVM (pid $child)"
    kill -TERM "$child" 2>/dev/null || true
  done
  terminate "$1" "$KEYCLOAK_STOP_TIMEOUT" Keycloak
}

# The realm's discovery document (not just an open port) proves Keycloak serves the imported realm.
serving() { with_timeout 5 curl -fsS "$KEYCLOAK_URL/realms/mcp/.well-known/openid-configuration" 2>/dev/null | grep -q '"issuer"'; }

cmd_fetch() {
  if lib_complete "$(expected_marker)"; then log "distribution up to date ($(cat "$MARKER")): $DIST_DIR"; return 0; fi
  if [[ -n "${KEYCLOAK_COPY_BUILD_FROM:-}" ]]; then copy_build "$KEYCLOAK_COPY_BUILD_FROM/keycloak/dist" && return 0; fi
  command -v mvn >/dev/null 2>&1 || die "mvn not found (needed once to download Keycloak from Maven Central)"
  require_java21
  local t0 version tmp="$KC_DIR/dist.tmp" out="$KC_DIR/fetch.log"
  t0="$(now_ms)"
  version="$(keycloak_version)"
  log "fetching Keycloak $version (org.keycloak:keycloak-quarkus-dist) from Maven Central ..."
  rm -rf "$tmp"
  mkdir -p "$tmp/download"
  # Maven keeps the archive in ~/.m2, so a second MCP_LOCAL_DIR only unpacks it again.
  if ! mvn -q -B -f "$POM" dependency:copy-dependencies -DoutputDirectory="$tmp/download" >"$out" 2>&1; then
    cat "$out" >&2
    die "mvn dependency:copy-dependencies failed (output above, also in $out)"
  fi
  local archive="$tmp/download/keycloak-quarkus-dist-$version.tar.gz"
  [[ -f "$archive" ]] || die "Keycloak archive missing after fetch: $archive"
  tar -xzf "$archive" -C "$tmp"
  rm -rf "$tmp/download"
  [[ -x "$tmp/keycloak-$version/bin/kc.sh" ]] || die "bin/kc.sh missing in the Keycloak archive"
  # Into a temp dir, swapped in afterwards, so an interrupted fetch never looks complete. The
  # realm data of an older distribution goes with it (a new version imports the realm again).
  rm -rf "$DIST_DIR"
  mv "$tmp/keycloak-$version" "$DIST_DIR"
  rm -rf "$tmp"
  log "building Keycloak for dev-file storage (once per fetch) with $JAVA ..."
  # shellcheck disable=SC2046 # build_options prints one option a line
  if ! JAVA_HOME="$(java_home)" "$DIST_DIR/bin/kc.sh" build $(build_options) >>"$out" 2>&1; then
    tail -n 40 "$out" >&2
    die "kc.sh build failed (log: $out)"
  fi
  expected_marker >"$MARKER"
  log "Keycloak $version ready to start in $(elapsed "$t0"): $DIST_DIR"
}

# KEYCLOAK_COPY_BUILD_FROM=<another MCP_LOCAL_DIR>: a distribution built there with the same marker
# is copied (without its data/) instead of fetched and built again. The build holds no absolute
# path, so a copy starts --optimized as the original does; this saves the test run's second
# worker a build (about 35 s of CPU). Falls back to a fetch when there is nothing to copy.
copy_build() {
  local source="$1" tmp="$KC_DIR/dist.tmp" t0
  if [[ ! -f "$source/.fetched" || "$(cat "$source/.fetched")" != "$(expected_marker)" ]]; then
    log "no built distribution to copy in $source: fetching"
    return 1
  fi
  t0="$(now_ms)"
  # Called in a condition, where `set -e` does not apply: each step says when it fails. The marker
  # is written last, so a copy cut short never looks complete.
  rm -rf "$tmp" && mkdir -p "$tmp" || die "cannot make $tmp"
  (cd "$source" && tar --exclude=./data --exclude=./.fetched -cf - .) | (cd "$tmp" && tar -xf -) || die "copying $source to $tmp failed"
  rm -rf "$DIST_DIR" && mv "$tmp" "$DIST_DIR" || die "cannot move $tmp to $DIST_DIR"
  expected_marker >"$MARKER" || die "cannot write $MARKER"
  log "Keycloak $(keycloak_version) copied from $source in $(elapsed "$t0"): $DIST_DIR"
}

# Copies the realm where --import-realm looks; an edited realm file resets the data so it is
# imported again (Keycloak leaves an existing realm as it is).
prepare_realm() {
  local import_dir="$DIST_DIR/data/import" sum
  sum="$(realm_checksum)"
  if [[ -f "$IMPORTED_REALM" && "$(cat "$IMPORTED_REALM")" != "$sum" ]]; then
    log "deploy/keycloak/mcp-realm.json changed since it was imported: deleting Keycloak's data to import it again"
    rm -rf "$DIST_DIR/data/h2"
  fi
  mkdir -p "$import_dir"
  cp "$REALM_FILE" "$import_dir/mcp-realm.json"
  printf '%s\n' "$sum" >"$IMPORTED_REALM"
}

launch() {
  [[ -f "$LOG_FILE" ]] && mv -f "$LOG_FILE" "$LOG_FILE.1"
  # `start` (not start-dev) on the optimized build: the same server as production, minus TLS and a
  # real database. The hostname is fixed so the issuer (iss) does not depend on how it is reached.
  # --cache=local: no cluster (JGroups would open ports 7800/57800, which a second instance on the
  # same machine, e.g. the tests' beside `npm run up`'s, could not have).
  KC_BOOTSTRAP_ADMIN_USERNAME="$KEYCLOAK_ADMIN_USER" KC_BOOTSTRAP_ADMIN_PASSWORD="$KEYCLOAK_ADMIN_PASSWORD" \
  JAVA_HOME="$(java_home)" JAVA_OPTS_KC_HEAP="$KEYCLOAK_HEAP_OPTS" \
    nohup "$DIST_DIR/bin/kc.sh" start --optimized --import-realm \
    --http-enabled=true --http-host="$KEYCLOAK_HOST" --http-port="$KEYCLOAK_PORT" \
    --hostname="$KEYCLOAK_URL" --https-port=0 --cache=local --log-console-output=default >"$LOG_FILE" 2>&1 </dev/null &
  echo $! >"$PID_FILE"
  log "Keycloak started (pid $!), log: $LOG_FILE"
}

# wait_ready: 0 once serving; 1 if Keycloak exited during start-up (its log tail printed); dies on
# the time limit.
wait_ready() {
  local t0 deadline=$((SECONDS + KEYCLOAK_START_TIMEOUT)) pid
  t0="$(now_ms)"
  # Alive is judged by the launched pid, not by running_pid's command-line match: for a moment after
  # `launch` the child may not have exec'd kc.sh yet (its command line is still this script's), and
  # on a busy machine that read as "exited after 0.1s", so a second Keycloak was started beside the
  # first, which held the H2 file: "exited during start-up twice" (2026-12-02, a fresh clone).
  pid="$(cat "$PID_FILE" 2>/dev/null || true)"
  while ((SECONDS < deadline)); do
    if ! [[ "$pid" =~ ^[0-9]+$ ]] || ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$PID_FILE"
      log "Keycloak exited during start-up after $(elapsed "$t0"); the last lines of $LOG_FILE:"
      tail -n 40 "$LOG_FILE" >&2 || true
      return 1
    fi
    if serving; then log "Keycloak ready on $KEYCLOAK_URL after $(elapsed "$t0") (realm mcp: $KEYCLOAK_URL/realms/mcp)"; return 0; fi
    sleep 0.5
  done
  stop_keycloak "$pid"
  tail -n 40 "$LOG_FILE" >&2 || true
  die "Keycloak not ready after ${KEYCLOAK_START_TIMEOUT}s"
}

# The port must be free for a Keycloak this script starts; if not, say who holds it.
require_free_port() {
  port_open "$KEYCLOAK_HOST" "$KEYCLOAK_PORT" || return 0
  port_owner "$KEYCLOAK_PORT" >&2
  die "port $KEYCLOAK_HOST:$KEYCLOAK_PORT is already in use by a process this script did not start (no live $PID_FILE; holder above). Stop it or set KEYCLOAK_PORT."
}

cmd_start() {
  local pid
  if pid="$(running_pid)"; then
    if serving; then echo "Keycloak already running (pid $pid, $KEYCLOAK_URL)"; return 0; fi
    log "Keycloak pid $pid is alive but not serving yet; waiting"
    wait_ready || die "Keycloak exited during start-up (log: $LOG_FILE)"
    return 0
  fi
  rm -f "$PID_FILE"
  require_free_port
  cmd_fetch
  prepare_realm
  launch
  wait_ready && return 0
  # One more try: a start that dies once (a busy machine, a port held for a moment) should not fail
  # a whole test run. Its log is kept as keycloak.log.1 by launch.
  sleep 5
  require_free_port
  log "starting Keycloak again (second and last try)"
  launch
  wait_ready || die "Keycloak exited during start-up twice (logs: $LOG_FILE, $LOG_FILE.1)"
}

cmd_stop() {
  local pid
  if ! pid="$(running_pid)"; then rm -f "$PID_FILE"; echo "Keycloak not running"; return 0; fi
  stop_keycloak "$pid"
  echo "Keycloak stopped"
}

cmd_status() {
  local pid
  if pid="$(running_pid)" && serving; then echo "Keycloak running (pid $pid, $KEYCLOAK_URL)"; return 0; fi
  echo "Keycloak not running"
  return 1
}

cmd_reset() {
  cmd_stop
  rm -rf "$DIST_DIR/data"
  echo "Keycloak data deleted ($DIST_DIR/data): the realm is imported again on the next start"
}

case "${1:-}" in
  fetch) cmd_fetch ;;
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  reset) cmd_reset ;;
  *)
    echo "usage: $0 fetch|start|stop|status|reset   (KEYCLOAK_PORT=$KEYCLOAK_PORT, files in $KC_DIR)" >&2
    exit 2
    ;;
esac
