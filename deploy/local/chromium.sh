#!/usr/bin/env bash
# Makes sure a headless Chromium is installed for the portal's browser tests: Debian's `chromium`
# package (playwright-core drives it; no browser download from the internet). Installs it with
# apt-get when running as root (CI, these machines); otherwise says what to run.
set -euo pipefail
chromium_path() { command -v chromium || command -v chromium-browser || true; }
if [[ -n "$(chromium_path)" ]]; then
  echo "Chromium: $(chromium_path)"
  exit 0
fi
if [[ $(id -u) -ne 0 ]]; then
  echo "Chromium is missing. Install it once with: sudo apt-get update && sudo apt-get install -y chromium fonts-dejavu-core" >&2
  exit 1
fi
echo "Installing Chromium from Debian (first run only, about a minute)..."
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
echo "Chromium: $(chromium_path)"
