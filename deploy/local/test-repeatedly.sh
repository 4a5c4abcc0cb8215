#!/usr/bin/env bash
# Runs the README's test command N times in a row (default 10) in a fresh clone of HEAD, the first
# time through .ci/run (node_modules installed from nothing, as CI does), stopping at the first
# failure. Prints one line per run (exit code, seconds, test count, whether the tree stayed clean)
# and keeps each run's log. Uses the test ports (19092-19272, both Jest workers'): nothing else may be
# using them. At the end it stops the clone's brokers, S3Mocks, clamds and Keycloaks, so the next
# clone's run finds those ports free.
#   bash deploy/local/test-repeatedly.sh [N] [clone-dir]
set -uo pipefail
runs=${1:-10}
repo_root=$(cd "$(dirname "$0")/../.." && pwd)
clone=${2:-$(mktemp -d /tmp/mcp-test-repeatedly.XXXXXX)}
rm -rf "$clone" && git clone -q "$repo_root" "$clone" || exit 2
cd "$clone" || exit 2
trap 'bash "$clone/deploy/local/stop-test-infrastructure.sh" >"$clone/stop-test-infrastructure.log" 2>&1' EXIT
echo "testing $(git rev-parse --short HEAD) in $clone"
for i in $(seq 1 "$runs"); do
  start=$(date +%s)
  if [ "$i" = 1 ]; then bash .ci/run >"run-$i.log" 2>&1; else npm test >"run-$i.log" 2>&1; fi
  rc=$?
  tests=$(grep -E '^Tests:' "run-$i.log" | tail -1)
  echo "run $i: exit $rc in $(($(date +%s) - start)) s; ${tests:-no test summary}; git status lines after: $(git status --porcelain | grep -vc '^?? run-')"
  [ $rc -ne 0 ] && { echo "stopped at run $i; log: $clone/run-$i.log"; exit 1; }
done
echo "$runs runs in a row passed"
