#!/usr/bin/env bash
# Local single-node Apache Kafka (KRaft, broker+controller in one JVM) without Docker.
# The broker jars come from Maven Central via pom.xml next to this script; state lives in
# $MCP_LOCAL_DIR/kafka (default <repo>/.local/kafka). See README.md in this folder.
#
# Usage: kafka.sh fetch|start|stop|status|reset|create-topics <name>[:compact]...
set -euo pipefail

# --- paths & settings --------------------------------------------------------------------
# Resolve everything from the script's own location so it works from any cwd.
SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/../../.." && pwd)"
POM="$SCRIPT_DIR/pom.xml"

MCP_LOCAL_DIR="${MCP_LOCAL_DIR:-$REPO_ROOT/.local}"
KAFKA_DIR="$MCP_LOCAL_DIR/kafka"
LIB_DIR="$KAFKA_DIR/lib"
DATA_DIR="$KAFKA_DIR/data"
PROPS="$KAFKA_DIR/server.properties"
PID_FILE="$KAFKA_DIR/broker.pid"
LOG_FILE="$KAFKA_DIR/broker.log"
MARKER="$LIB_DIR/.fetched"
# Controller endpoint used at format time: the KRaft voter set stores it, so changing it later
# needs a reset (see check_controller_port).
FORMAT_INFO="$DATA_DIR/.local-kafka-format"
# SASL/SCRAM users are written into the cluster metadata at format time; their passwords (random
# per format) live here, readable by this user only. Services, tests and tools read them from it.
CREDENTIALS="$KAFKA_DIR/credentials.properties"
USERS_INFO="$DATA_DIR/.local-kafka-users"

KAFKA_HOST=127.0.0.1
KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
KAFKA_PARTITIONS="${KAFKA_PARTITIONS:-3}"
KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xms256m -Xmx768m}"
KAFKA_START_TIMEOUT="${KAFKA_START_TIMEOUT:-90}"
KAFKA_STOP_TIMEOUT="${KAFKA_STOP_TIMEOUT:-30}"
BOOTSTRAP="$KAFKA_HOST:$KAFKA_PORT"

# The principals: one per catalogued service, the partner-style downstream reader, and `admin`
# (super user: topic and ACL provisioning, tests, debugging). Which topics each may touch is not
# decided here but by libs/messaging/src/access (from the contracts), applied by provision-kafka.
scram_users() {
  { sed -n 's/.*"name": *"\([a-z0-9-]*\)".*/\1/p' "$REPO_ROOT/services/catalogue.json"; echo analytics-lake; echo admin; } | tr '\n' ' ' | sed 's/ $//'
}

if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then JAVA="$JAVA_HOME/bin/java"; else JAVA=java; fi
# CLI tools are short-lived: C1-only JIT, serial GC and a small heap cut JVM start-up time.
TOOL_JVM_OPTS=(-Xmx256m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC
  "-Dlog4j2.configurationFile=$SCRIPT_DIR/log4j2-tools.properties")

# Wall-clock milliseconds (bash 5 EPOCHREALTIME; falls back to whole seconds on bash 4/3).
now_ms() {
  if [[ -n "${EPOCHREALTIME:-}" ]]; then local t="${EPOCHREALTIME/[.,]/}"; echo $((t / 1000)); else echo $((SECONDS * 1000)); fi
}
elapsed() { local ms=$(($(now_ms) - $1)); printf '%d.%ds' $((ms / 1000)) $((ms % 1000 / 100)); }

LOG_PREFIX=kafka
# shellcheck source-path=SCRIPTDIR source=../jvm-process.sh
source "$SCRIPT_DIR/../jvm-process.sh"

# --- helpers -----------------------------------------------------------------------------
kafka_version() {
  # Single source of truth for the version is pom.xml.
  sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$POM" | head -n1
}

# Marker content: version + checksum of pom.xml, so editing the pom triggers a re-fetch.
expected_marker() { printf 'kafka=%s pom=%s\n' "$(kafka_version)" "$(cksum <"$POM" | cut -d' ' -f1)"; }

# The broker started by this script (matched on its config file).
running_pid() { our_pid "*kafka.Kafka*${PROPS}*"; }

clean_stale_pid() {
  if [[ -f "$PID_FILE" ]] && ! running_pid >/dev/null; then
    log "removing stale pid file ($(cat "$PID_FILE" 2>/dev/null || echo "?"): process gone or not our broker)"
    rm -f "$PID_FILE"
  fi
}

run_tool() { "$JAVA" "${TOOL_JVM_OPTS[@]}" -cp "$LIB_DIR/*" "$@"; }

# Metadata round-trip through the Admin client: proves the broker is serving, not just listening.
metadata_ok() {
  with_timeout 30 "$JAVA" "${TOOL_JVM_OPTS[@]}" -cp "$LIB_DIR/*" org.apache.kafka.tools.TopicCommand \
    --bootstrap-server "$BOOTSTRAP" --command-config "$KAFKA_DIR/tools.properties" --list >/dev/null 2>&1
}

# --- fetch -------------------------------------------------------------------------------
cmd_fetch() {
  if lib_complete "$(expected_marker)"; then log "lib up to date ($(cat "$MARKER")): $LIB_DIR"; return 0; fi
  command -v mvn >/dev/null 2>&1 || die "mvn not found (needed once to download Kafka jars from Maven Central)"
  log "fetching Kafka $(kafka_version) jars from Maven Central into $LIB_DIR ..."
  local t0 tmp="$LIB_DIR.tmp"
  t0="$(now_ms)"
  # Download into a temp dir and swap it in, so an interrupted fetch never looks complete.
  rm -rf "$tmp"
  mkdir -p "$KAFKA_DIR"
  # Maven's output is only interesting when it fails (quiet mode still prints colour codes).
  local out="$KAFKA_DIR/fetch.log"
  if ! mvn -q -B -f "$POM" dependency:copy-dependencies -DincludeScope=runtime \
    -DoutputDirectory="$tmp" >"$out" 2>&1; then
    cat "$out" >&2
    die "mvn dependency:copy-dependencies failed (output above, also in $out)"
  fi
  [[ -f "$tmp/kafka_2.13-$(kafka_version).jar" ]] || die "kafka_2.13 jar missing after fetch"
  rm -rf "$LIB_DIR"
  mv "$tmp" "$LIB_DIR"
  expected_marker >"$MARKER"
  log "fetched $(find "$LIB_DIR" -name '*.jar' | wc -l | tr -d ' ') jars in $(elapsed "$t0")"
}

# --- start -------------------------------------------------------------------------------
write_config() {
  mkdir -p "$KAFKA_DIR" "$DATA_DIR"
  [[ -f "$DATA_DIR/meta.properties" && -f "$CREDENTIALS" ]] || write_credentials
  # Rewritten on every start so KAFKA_PORT etc. take effect; data dir is what persists.
  (umask 077; cat >"$PROPS") <<EOF
# Generated by deploy/local/kafka/kafka.sh on each start - edits are overwritten.
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=$KAFKA_HOST:$KAFKA_CONTROLLER_PORT
# Clients authenticate with SASL/SCRAM-SHA-512 (users from format time, see format_storage) and are
# authorised by ACLs (StandardAuthorizer, deny when no ACL matches). The controller listener uses
# PLAIN with its own password: KRaft cannot check SCRAM there (the credentials live in the metadata
# it serves), and an unauthenticated controller port would let anyone rewrite the ACLs.
listeners=SASL_PLAINTEXT://$KAFKA_HOST:$KAFKA_PORT,CONTROLLER://$KAFKA_HOST:$KAFKA_CONTROLLER_PORT
advertised.listeners=SASL_PLAINTEXT://$KAFKA_HOST:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=SASL_PLAINTEXT
listener.security.protocol.map=SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT
sasl.enabled.mechanisms=SCRAM-SHA-512
sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="$(password_of admin)";
sasl.mechanism.controller.protocol=PLAIN
listener.name.controller.sasl.enabled.mechanisms=PLAIN
listener.name.controller.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="controller" password="$(password_of controller)" user_controller="$(password_of controller)";
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
super.users=User:admin;User:controller
allow.everyone.if.no.acl.found=false
log.dirs=$DATA_DIR
num.partitions=$KAFKA_PARTITIONS
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
offsets.topic.min.isr=1
offsets.topic.num.partitions=3
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
# Idle cost of a one-node broker (docs/decisions.md #86): the controller appends a no-op record to
# the metadata log (written and replayed) every 500 ms by default only so that brokers see it is
# alive; here broker and controller are one process. 5 s keeps that signal.
metadata.max.idle.interval.ms=5000
EOF
  write_tools_config
}

# Client settings for our own tool calls (as admin): fail fast instead of the 60 s Admin default.
write_tools_config() {
  mkdir -p "$KAFKA_DIR"
  (
    umask 077
    printf '%s\n' request.timeout.ms=5000 default.api.timeout.ms=10000 \
      security.protocol=SASL_PLAINTEXT sasl.mechanism=SCRAM-SHA-512 \
      "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\"admin\" password=\"$(password_of admin)\";" \
      >"$KAFKA_DIR/tools.properties"
  )
}

password_of() {
  [[ -f "$CREDENTIALS" ]] || die "no $CREDENTIALS (the data dir was formatted without SASL users: run '$0 reset')"
  sed -n "s/^$1=//p" "$CREDENTIALS"
}

# Random passwords for every principal (and the controller's own PLAIN login), once per format.
write_credentials() {
  (
    umask 077
    local user
    for user in $(scram_users) controller; do
      printf '%s=%s\n' "$user" "$(head -c 24 /dev/urandom | base64 | tr -d '/+=\n')"
    done >"$CREDENTIALS"
  )
}

check_controller_port() {
  [[ -f "$FORMAT_INFO" ]] || return 0
  local formatted
  formatted="$(cat "$FORMAT_INFO")"
  [[ "$formatted" == "controller=$KAFKA_CONTROLLER_PORT" ]] ||
    die "data dir was formatted with $formatted but KAFKA_CONTROLLER_PORT=$KAFKA_CONTROLLER_PORT; run '$0 reset' (deletes data) or restore the port"
}

# A data dir formatted before SASL, or for another list of principals, lacks users: with
# KAFKA_RESET_STALE=1 (the test broker's data is disposable) it is deleted, otherwise we stop.
check_users() {
  [[ "$(cat "$USERS_INFO" 2>/dev/null)" == "users=$(scram_users)" && -f "$CREDENTIALS" ]] && return 0
  if [[ "${KAFKA_RESET_STALE:-0}" == 1 ]]; then
    log "data dir has no SASL users for: $(scram_users); deleting it (KAFKA_RESET_STALE=1)"
    rm -rf "$DATA_DIR"
    mkdir -p "$DATA_DIR"
    write_config
    return 0
  fi
  die "data dir $DATA_DIR has no SASL users for: $(scram_users) (formatted before SASL or before a service was added); run '$0 reset' (deletes data)"
}

# Format storage exactly once: meta.properties exists after a successful format.
format_storage() {
  if [[ -f "$DATA_DIR/meta.properties" ]]; then check_controller_port; check_users; fi
  if [[ -f "$DATA_DIR/meta.properties" ]]; then return 0; fi
  # Cluster id = 16 random bytes, base64url without padding (what StorageTool random-uuid
  # prints); done in bash to save a ~1 s JVM start. Kafka avoids ids starting with '-'.
  local cluster_id="-"
  while [[ "$cluster_id" == -* ]]; do
    cluster_id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
  done
  log "formatting storage in $DATA_DIR (cluster id $cluster_id)"
  # --standalone: 4.x dynamic KRaft quorum (controller.quorum.bootstrap.servers) with this
  # node as the only voter.
  # --add-scram writes each principal's SCRAM credential into the bootstrap metadata, so the
  # broker can authenticate clients (and itself) from its first second.
  local user scram=()
  for user in $(scram_users); do
    scram+=(--add-scram "SCRAM-SHA-512=[name=$user,password=$(password_of "$user")]")
  done
  run_tool kafka.tools.StorageTool format --standalone -t "$cluster_id" -c "$PROPS" "${scram[@]}" >/dev/null \
    || die "storage format failed"
  printf 'controller=%s\n' "$KAFKA_CONTROLLER_PORT" >"$FORMAT_INFO"
  printf 'users=%s\n' "$(scram_users)" >"$USERS_INFO"
}

launch_broker() {
  # Keep the previous run's log for post-mortems instead of growing one file forever.
  [[ -f "$LOG_FILE" ]] && mv -f "$LOG_FILE" "$LOG_FILE.1"
  # shellcheck disable=SC2086 # KAFKA_HEAP_OPTS is intentionally word-split
  nohup "$JAVA" $KAFKA_HEAP_OPTS -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true \
    "-Dlog4j2.configurationFile=$SCRIPT_DIR/log4j2-broker.properties" \
    -cp "$LIB_DIR/*" kafka.Kafka "$PROPS" >"$LOG_FILE" 2>&1 </dev/null &
  echo $! >"$PID_FILE"
  log "broker started (pid $!), log: $LOG_FILE"
}

fail_start() {
  log "last lines of $LOG_FILE:"
  tail -n 40 "$LOG_FILE" >&2 || true
  die "$1"
}

# Poll until port is open and a metadata request succeeds; fail fast if the JVM died.
wait_ready() {
  local pid="$1" t0 deadline=$((SECONDS + KAFKA_START_TIMEOUT))
  t0="$(now_ms)"
  while ((SECONDS < deadline)); do
    kill -0 "$pid" 2>/dev/null || { rm -f "$PID_FILE"; fail_start "broker process exited during start-up"; }
    if port_open "$KAFKA_HOST" "$KAFKA_PORT" && metadata_ok; then
      log "Kafka ready on $BOOTSTRAP after $(elapsed "$t0")"
      return 0
    fi
    sleep 0.25
  done
  # Don't leave a half-started broker behind: the next 'start' then begins from a clean slate.
  log "broker not ready after ${KAFKA_START_TIMEOUT}s; stopping it"
  stop_pid "$pid" >&2
  fail_start "broker not ready after ${KAFKA_START_TIMEOUT}s"
}

cmd_start() {
  local pid
  if pid="$(running_pid)"; then
    if port_open "$KAFKA_HOST" "$KAFKA_PORT"; then echo "Kafka already running (pid $pid, $BOOTSTRAP)"; return 0; fi
    log "broker pid $pid is alive but not listening yet; waiting"
    wait_ready "$pid"
    return 0
  fi
  clean_stale_pid
  local port
  for port in "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT"; do
    if port_open "$KAFKA_HOST" "$port"; then
      port_owner "$port" >&2
      die "port $KAFKA_HOST:$port is already in use by a process this script did not start (no live $PID_FILE). Stop it or set KAFKA_PORT / KAFKA_CONTROLLER_PORT."
    fi
  done
  require_java "Kafka 4.x"
  cmd_fetch
  write_config
  format_storage
  launch_broker
  wait_ready "$(cat "$PID_FILE")"
}

# --- stop / status / reset ---------------------------------------------------------------
# SIGTERM = controlled shutdown (flushes logs, clean restart); SIGKILL only as a last resort.
stop_pid() {
  local t0
  t0="$(now_ms)"
  terminate "$1" "$KAFKA_STOP_TIMEOUT" broker
  echo "Kafka stopped (took $(elapsed "$t0"))"
}

cmd_stop() {
  local pid
  if ! pid="$(running_pid)"; then
    clean_stale_pid
    echo "Kafka not running"
    return 0
  fi
  stop_pid "$pid"
}

cmd_status() {
  local pid
  if pid="$(running_pid)"; then
    if port_open "$KAFKA_HOST" "$KAFKA_PORT"; then echo "Kafka running (pid $pid, $BOOTSTRAP)"; return 0; fi
    echo "Kafka process alive (pid $pid) but $BOOTSTRAP not answering (starting or unhealthy)"
    return 1
  fi
  echo "Kafka not running"
  return 1
}

cmd_reset() {
  cmd_stop
  rm -rf "$DATA_DIR" "$CREDENTIALS"
  echo "Kafka data and SASL credentials deleted ($DATA_DIR)"
}

# --- create-topics -----------------------------------------------------------------------
# One TopicCommand JVM per topic: TopicCommand --create takes a single --topic and its main()
# calls System.exit, so it cannot be looped in-process. --if-not-exists makes it idempotent.
cmd_create_topics() {
  (($# > 0)) || die "usage: $0 create-topics <name>[:compact]..."
  # Only the port is required, so this also works against a broker this script didn't start.
  port_open "$KAFKA_HOST" "$KAFKA_PORT" || die "no Kafka on $BOOTSTRAP (run '$0 start' first)"
  lib_complete "$(expected_marker)" || die "Kafka jars missing (run '$0 fetch')"
  write_tools_config
  local spec name policy
  for spec in "$@"; do
    name="${spec%%:*}"
    policy=""
    [[ "$spec" == *:* ]] && policy="${spec#*:}"
    [[ "$name" =~ ^[A-Za-z0-9._-]{1,249}$ ]] || die "invalid topic name: '$name'"
    local extra=()
    case "$policy" in
      "") ;;
      compact) extra=(--config cleanup.policy=compact) ;;
      *) die "unknown topic option '$policy' in '$spec' (supported: name:compact)" ;;
    esac
    run_tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$BOOTSTRAP" \
      --command-config "$KAFKA_DIR/tools.properties" --create --if-not-exists --topic "$name" \
      --partitions "$KAFKA_PARTITIONS" --replication-factor 1 ${extra[@]+"${extra[@]}"} \
      || die "creating topic '$name' failed"
  done
}

# --- main --------------------------------------------------------------------------------
usage() {
  cat >&2 <<EOF
usage: $0 <command>
  fetch                         download Kafka $(kafka_version) jars (Maven) into $LIB_DIR
  start                         start the local broker (idempotent), wait until ready
  stop                          stop it (idempotent)
  status                        exit 0 if running, 1 if not
  reset                         stop and delete the data dir
  create-topics <t>[:compact].. create topics if missing (KAFKA_PARTITIONS=${KAFKA_PARTITIONS}, RF 1)
EOF
  exit 2
}

main() {
  local cmd="${1:-}"
  (($# > 0)) && shift
  case "$cmd" in
    fetch) cmd_fetch ;;
    start) cmd_start ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    reset) cmd_reset ;;
    create-topics) cmd_create_topics "$@" ;;
    *) usage ;;
  esac
}

main "$@"
