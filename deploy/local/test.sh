#!/usr/bin/env bash
# Every test: lint (module boundaries included), type-check, unit tests of every project, then the
# integration and end-to-end tests against a real Kafka broker (127.0.0.1:19092, its own data
# under .local/test) and a real PostgreSQL database (mcp_test). The developer's running platform
# (port 9092, database mcp) is left alone.
set -euo pipefail
source "$(dirname "$0")/node-env.sh"
cd "$repo_root"
export NODE_OPTIONS="--experimental-vm-modules --no-warnings=ExperimentalWarning"
export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false

echo "== Lint, type-check and unit tests =="
tsc -p tsconfig.json
nx run-many -t lint test --outputStyle=stream --skipNxCache

echo "== Integration and end-to-end tests (real Kafka and PostgreSQL) =="
KAFKA_PORT=19092 KAFKA_CONTROLLER_PORT=19093 MCP_LOCAL_DIR="$repo_root/.local/test" \
  bash deploy/local/kafka/kafka.sh start
jest -c jest.integration.config.js --ci
