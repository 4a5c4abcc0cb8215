#!/usr/bin/env bash
# Every test: lint (module boundaries included), type-check, unit tests of every project, the alert
# rules (promtool), the deployment files against their schemas, then the integration and
# end-to-end tests against a real Kafka broker (127.0.0.1:19092, data under .local/test-19092,
# started or reused by the Jest global setup) and a real PostgreSQL database (mcp_test). The
# developer's running platform (port 9092, database mcp) is left alone.
set -euo pipefail
source "$(dirname "$0")/node-env.sh"
cd "$repo_root"
export NODE_OPTIONS="--experimental-vm-modules --no-warnings=ExperimentalWarning"
export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false
# Each stage says when it began, so a slow run's log shows where its time went (CI allows 20 min).
stage() { echo "== [${SECONDS} s] $* =="; }
first_broker_port=${MCP_TEST_KAFKA_PORT:-19092}
worker_dirs=("$repo_root/.local/test-$first_broker_port" "$repo_root/.local/test-$((first_broker_port + 100))")

# S3Mock's jars and Keycloak (Maven Central, once per machine) download while the CPU lints, instead
# of inside a test file that holds a Jest worker for it, one after the other: two Maven runs never
# share ~/.m2 at once. Keycloak is unpacked and built for the first Jest worker's folder and copied
# to the second's (.local/test-<broker port>, ports 100 apart: jest.integration.config.js, libs/testing's
# integration-env.ts); the Keycloak suites start it on the broker's port + 80. In a process group of
# its own, stopped with this script if a stage fails first: a fetch left running would race the
# next run's in the same folder.
fetch_log="$repo_root/tmp/infrastructure-fetch-$first_broker_port.log"
mkdir -p "$repo_root/tmp"
setsid bash -c '
  for dir in "$@"; do MCP_LOCAL_DIR="$dir" bash deploy/local/s3/s3.sh fetch || exit 1; done
  MCP_LOCAL_DIR="$1" bash deploy/local/keycloak/keycloak.sh fetch || exit 1
  for dir in "${@:2}"; do MCP_LOCAL_DIR="$dir" KEYCLOAK_COPY_BUILD_FROM="$1" bash deploy/local/keycloak/keycloak.sh fetch || exit 1; done
' infrastructure-fetch "${worker_dirs[@]}" >"$fetch_log" 2>&1 &
infrastructure_fetch=$!
trap 'kill -- -"$infrastructure_fetch" 2>/dev/null || true' EXIT

stage "Generated contracts and OpenAPI documents are current, lint, type-check and unit tests"
node -r @swc-node/register libs/contracts/scripts/generate-contracts.ts --check
node -r @swc-node/register e2e/src/openapi/write-openapi.ts --check
tsc -p tsconfig.json
nx run-many -t lint test --outputStyle=stream --skipNxCache

stage "The portal's web app (built once; the browser tests open it through the portal)"
bash deploy/local/chromium.sh
tsc -p services/portal/web/tsconfig.json --noEmit
vite build --config services/portal/web/vite.config.mts --logLevel warn

stage "Alert rules and the Prometheus configuration (Debian's promtool)"
bash deploy/local/prometheus.sh check

stage "Deployment files against their schemas: deploy/k8s (Kubernetes), docker-compose.yml (Compose Specification)"
node deploy/check-deployment-files.mjs

stage "ClamAV (Debian's clamav-daemon; the integration tests start their own clamd with the project's signatures)"
bash deploy/local/clamav.sh install

stage "Integration, end-to-end and browser tests (real Kafka, PostgreSQL, clamd, Keycloak and Chromium)"
if ! wait "$infrastructure_fetch"; then
  cat "$fetch_log" >&2
  echo "S3Mock or Keycloak could not be fetched (output above, also in $fetch_log)" >&2
  exit 1
fi
trap - EXIT
cat "$fetch_log"
jest -c jest.integration.config.js --ci
stage "All tests passed"
