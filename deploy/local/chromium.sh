#!/usr/bin/env bash
# Makes sure a headless Chromium is installed for the portal's browser tests: Debian's `chromium`
# package (playwright-core drives it; no browser download from the internet). Installs it with
# apt-get when running as root (CI, these machines); otherwise says what to run.
set -euo pipefail
chromium_path() { command -v chromium || command -v chromium-browser || true; }
# Debian's chromium has only en-US in it; chromium-l10n (9 MB download) lets the browser tests run
# it in Indonesian, so a date field shows dd/mm/tttt as an Indonesian Chrome does (e2e/src/portal-browser.ts).
# Never fatal: without it the tests still pass, in en-US formats. (It needs the installed Chromium's
# exact version, so apt may bring Chromium up to the archive's current one with it.)
ensure_indonesian() {
  [[ -e /usr/lib/chromium/locales/id.pak ]] && return 0
  if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null; then
    echo "Chromium has no Indonesian (the tests still pass; date fields show mm/dd/yyyy): sudo apt-get install -y chromium-l10n" >&2
    return 0
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium-l10n >/dev/null ||
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium-l10n >/dev/null; } ||
    echo "chromium-l10n could not be installed; the browser tests run Chromium in en-US" >&2
}
if [[ -n "$(chromium_path)" ]]; then
  ensure_indonesian
  echo "Chromium: $(chromium_path)"
  exit 0
fi
if [[ $(id -u) -ne 0 ]]; then
  echo "Chromium is missing. Install it once with: sudo apt-get update && sudo apt-get install -y chromium chromium-l10n fonts-dejavu-core" >&2
  exit 1
fi
echo "Installing Chromium from Debian (first run only, about a minute)..."
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium chromium-l10n fonts-dejavu-core >/dev/null
echo "Chromium: $(chromium_path)"
