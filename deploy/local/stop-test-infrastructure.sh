#!/usr/bin/env bash
# Stops what `npm test` left running for the next run, for every Jest worker: each worker's broker,
# S3Mock, clamd and Keycloak (one .local/test-<broker port> folder per worker; libs/testing's
# integration-env.ts puts S3Mock at the broker's port + 50, clamd + 60, Keycloak + 80).
#   bash deploy/local/stop-test-infrastructure.sh
set -uo pipefail
repo_root=$(cd "$(dirname "$0")/../.." && pwd)
shopt -s nullglob
for dir in "$repo_root"/.local/test-*/; do
  dir=${dir%/}
  port=${dir##*/test-}
  [[ $port =~ ^[0-9]+$ ]] || continue
  echo "== test infrastructure of broker $port ($dir)"
  MCP_LOCAL_DIR=$dir KAFKA_PORT=$port KAFKA_CONTROLLER_PORT=$((port + 1)) bash "$repo_root/deploy/local/kafka/kafka.sh" stop
  MCP_LOCAL_DIR=$dir S3_PORT=$((port + 50)) bash "$repo_root/deploy/local/s3/s3.sh" stop
  MCP_LOCAL_DIR=$dir CLAMD_PORT=$((port + 60)) bash "$repo_root/deploy/local/clamav.sh" stop
  MCP_LOCAL_DIR=$dir KEYCLOAK_PORT=$((port + 80)) bash "$repo_root/deploy/local/keycloak/keycloak.sh" stop
done
