# Sourced: the services and their ports (from services/catalogue.json, the one list), and how to
# start/stop one in the background. Needs node on PATH (node-env.sh).
#
# A second platform can run beside the developer's (the README test does, docs/decisions.md #71):
# MCP_SERVICE_PORT_OFFSET is added to every catalogue port, MCP_LOCAL_DIR moves the state (pids,
# logs, mail, the broker's passwords), KAFKA_PORT, CLAMD_PORT, KEYCLOAK_PORT and MAIL_CATCHER_PORT
# move those servers, DATABASE_URL the database.
SERVICES=()
declare -A SERVICE_PORT=()
port_offset=${MCP_SERVICE_PORT_OFFSET:-0}
[[ $port_offset =~ ^[0-9]+$ ]] || { echo "MCP_SERVICE_PORT_OFFSET must be a whole number, not '$port_offset'" >&2; exit 2; }
while read -r name port; do
  SERVICES+=("$name")
  SERVICE_PORT[$name]=$((port + port_offset))
done < <(node -e 'for (const s of require(process.argv[1]).services) console.log(s.name, s.port)' "$repo_root/services/catalogue.json")
local_dir=${MCP_LOCAL_DIR:-$repo_root/.local}
run_dir="$local_dir/run"
# The services run from the artefact `npm run build` writes (docs/decisions.md #34), as in the images.
artefact_dir="$repo_root/dist/app"
log_dir="$local_dir/logs"

# What the services need to find each other and the servers when they are not on the defaults.
export KAFKA_BROKERS=${KAFKA_BROKERS:-127.0.0.1:${KAFKA_PORT:-9092}}
export CLAMD_PORT=${CLAMD_PORT:-3310}
export STORAGE_DIR=${STORAGE_DIR:-$local_dir/evidence}
export PORTAL_PUBLIC_URL=${PORTAL_PUBLIC_URL:-http://127.0.0.1:${SERVICE_PORT[portal]}}
export NOTIFICATION_PUBLIC_URL=${NOTIFICATION_PUBLIC_URL:-http://127.0.0.1:${SERVICE_PORT[notification]}}
export SUBMISSIONS_PUBLIC_URL=${SUBMISSIONS_PUBLIC_URL:-http://127.0.0.1:${SERVICE_PORT[submissions]}}
if [[ -z ${PORTAL_UPSTREAMS:-} ]]; then
  upstreams=()
  for name in "${SERVICES[@]}"; do [[ $name == portal ]] || upstreams+=("$name=http://127.0.0.1:${SERVICE_PORT[$name]}"); done
  export PORTAL_UPSTREAMS=$(IFS=,; echo "${upstreams[*]}")
fi

# The local broker's passwords (random per format, written by kafka/kafka.sh): each service
# connects as its own principal, tools as `admin` (docs/decisions.md #57).
kafka_password() {
  sed -n "s/^$1=//p" "$local_dir/kafka/credentials.properties"
}

service_pid() { cat "$run_dir/$1.pid" 2>/dev/null || true; }

service_running() {
  local pid
  pid=$(service_pid "$1")
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null
}

# Each service connects as its own Postgres role, owning only its schema (docs/decisions.md #50):
# the administrator's URL (DATABASE_URL, default the local superuser) with mcp_<service> as the user.
admin_database_url=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/mcp}

# A server on this machine is reached through its Unix socket when it offers one and lets the URL's
# user and a service's role in there (pg_hba.conf's `local` lines may differ from its `host` lines):
# a statement then costs both sides less kernel work than over loopback TCP (docs/decisions.md #109).
# Prints the URL with `?host=<socket directory>`, or unchanged (another host, a host already chosen,
# no socket, refused). Call it once the server is up and the roles exist.
prefer_local_socket() {
  local url=$1 dir
  if [[ ! $url =~ ^postgres(ql)?://[^/?]*@(127\.0\.0\.1|localhost)(:[0-9]+)?/[^/?]+$ ]]; then echo "$url"; return; fi
  dir=$(psql "$url" -tAXc "SELECT split_part(current_setting('unix_socket_directories'), ',', 1)" 2>/dev/null) || dir=""
  if [[ $dir == /* ]] && psql "$url?host=$dir" -tAXc 'SELECT 1' >/dev/null 2>&1 &&
    psql "$(sed -E "s#^(postgres(ql)?://)[^@/]*@#\1mcp_${SERVICES[0]}@#" <<<"$url")?host=$dir" -tAXc 'SELECT 1' >/dev/null 2>&1; then
    echo "$url?host=$dir"
  else
    echo "$url"
  fi
}
service_database_url() {
  sed -E "s#^(postgres(ql)?://)[^@/]*@#\1mcp_$1@#" <<<"$admin_database_url"
}

start_service() {
  local name=$1
  mkdir -p "$run_dir" "$log_dir"
  if service_running "$name"; then
    echo "  $name already running (pid $(service_pid "$name"))"
    return
  fi
  # Started directly (no wrapping subshell) so that $! is the service's own pid and nothing
  # keeps the caller's stdout open.
  cd "$repo_root"
  PORT=${SERVICE_PORT[$name]} DATABASE_URL=$(service_database_url "$name") KAFKA_SASL_USERNAME="$name" KAFKA_SASL_PASSWORD="$(kafka_password "$name")" \
    nohup node "$artefact_dir/services/$name/src/main.js" >"$log_dir/$name.log" 2>&1 </dev/null &
  echo $! >"$run_dir/$name.pid"
  echo "  $name starting (pid $(service_pid "$name")), log: $log_dir/$name.log"
}

stop_service() {
  local name=$1 pid
  pid=$(service_pid "$name")
  if ! service_running "$name"; then
    rm -f "$run_dir/$name.pid"
    return
  fi
  kill "$pid"
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && { echo "  $name did not stop in 10 s; killing it"; kill -9 "$pid"; }
  rm -f "$run_dir/$name.pid"
  echo "  $name stopped"
}

wait_until_ready() {
  local name=$1 port=${SERVICE_PORT[$1]}
  for _ in $(seq 1 120); do
    if curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1; then return 0; fi
    if ! service_running "$name"; then
      echo "$name exited during start-up; last lines of $log_dir/$name.log:" >&2
      tail -20 "$log_dir/$name.log" >&2
      return 1
    fi
    sleep 0.5
  done
  echo "$name was not ready after 60 s; see $log_dir/$name.log" >&2
  return 1
}

# The local mail catcher: SMTP on 127.0.0.1:$MAIL_CATCHER_PORT (the notification service's default
# SMTP_URL), each message kept as an .eml file under .local/mail.
MAIL_CATCHER_PORT=${MAIL_CATCHER_PORT:-1025}
export SMTP_URL=${SMTP_URL:-smtp://127.0.0.1:$MAIL_CATCHER_PORT}
mail_dir="$local_dir/mail"

start_mail_catcher() {
  mkdir -p "$run_dir" "$log_dir"
  if service_running mail-catcher; then
    echo "  mail catcher already running (pid $(service_pid mail-catcher))"
    return
  fi
  cd "$repo_root"
  nohup node -r @swc-node/register libs/testing/scripts/mail-catcher.ts "$mail_dir" "$MAIL_CATCHER_PORT" \
    >"$log_dir/mail-catcher.log" 2>&1 </dev/null &
  echo $! >"$run_dir/mail-catcher.pid"
  for _ in $(seq 1 60); do
    grep -q 'mail catcher on' "$log_dir/mail-catcher.log" 2>/dev/null && break
    if ! service_running mail-catcher; then cat "$log_dir/mail-catcher.log" >&2; return 1; fi
    sleep 0.5
  done
  echo "  mail catcher on smtp://127.0.0.1:$MAIL_CATCHER_PORT (pid $(service_pid mail-catcher)), mail in $mail_dir"
}
