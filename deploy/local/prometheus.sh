#!/usr/bin/env bash
# Prometheus on this machine, from Debian's `prometheus` package (which brings `promtool`).
#   check   installs it if missing, then `promtool check config` and `promtool test rules`
#           (npm test runs this; CI installs it on a fresh machine the same way)
#   start   scrapes the services of `npm run up` (deploy/prometheus/prometheus.yml) on
#           127.0.0.1:${PROMETHEUS_PORT:-9090}, data under .local/prometheus
#   stop    stops the Prometheus that `start` began
set -euo pipefail
repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
config_dir="$repo_root/deploy/prometheus"
local_dir="$repo_root/.local/prometheus"
pid_file="$local_dir/prometheus.pid"
port=${PROMETHEUS_PORT:-9090}

ensure_installed() {
  if command -v promtool >/dev/null && command -v prometheus >/dev/null; then return; fi
  if [[ $(id -u) -ne 0 ]]; then
    echo "Prometheus is missing. Install it once with: sudo apt-get update && sudo apt-get install -y prometheus" >&2
    exit 1
  fi
  echo "Installing Prometheus and promtool from Debian (first run only)..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends prometheus >/dev/null
}

running() {
  local pid
  pid=$(cat "$pid_file" 2>/dev/null || true)
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null
}

case "${1:-}" in
  check)
    ensure_installed
    echo "promtool: $(promtool --version 2>&1 | head -1)"
    promtool check config "$config_dir/prometheus.yml"
    promtool test rules "$config_dir/alerts.test.yml"
    ;;
  start)
    ensure_installed
    mkdir -p "$local_dir"
    if running; then
      echo "  prometheus already running (pid $(cat "$pid_file"))"
      exit 0
    fi
    nohup prometheus --config.file="$config_dir/prometheus.yml" --storage.tsdb.path="$local_dir/data" \
      --web.listen-address="127.0.0.1:$port" >"$local_dir/prometheus.log" 2>&1 </dev/null &
    echo $! >"$pid_file"
    echo "  prometheus starting (pid $!) on http://127.0.0.1:$port, log: .local/prometheus/prometheus.log"
    ;;
  stop)
    if running; then kill "$(cat "$pid_file")"; fi
    rm -f "$pid_file"
    ;;
  *)
    echo "usage: $0 check|start|stop" >&2
    exit 2
    ;;
esac
