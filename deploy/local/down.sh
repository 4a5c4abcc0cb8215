#!/usr/bin/env bash
# Stops the services, the mail catcher, Prometheus (if `up --prometheus` started it), clamd, the local Kafka broker and Keycloak. PostgreSQL belongs to the machine and keeps
# running; data stays (Kafka's under .local/kafka, Postgres in database mcp).
set -euo pipefail
source "$(dirname "$0")/node-env.sh"
source "$(dirname "$0")/services.sh"
for name in "${SERVICES[@]}"; do stop_service "$name"; done
stop_service mail-catcher
bash "$repo_root/deploy/local/prometheus.sh" stop
bash "$repo_root/deploy/local/clamav.sh" stop
bash "$repo_root/deploy/local/kafka/kafka.sh" stop
bash "$repo_root/deploy/local/keycloak/keycloak.sh" stop
