#!/usr/bin/env bash
# Makes sure headless Chromium is installed (Debian's `chromium` package, /usr/bin/chromium) and prints
# its path. The chargeback report test and `./costfleet report-check` call it.
set -euo pipefail
say() { printf '[chromium] %s\n' "$*" >&2; }
for c in "${CHROMIUM:-}" /usr/bin/chromium /usr/bin/chromium-browser; do
  if [ -n "$c" ] && [ -x "$c" ]; then
    echo "$c"
    exit 0
  fi
done
if [ "$(id -u)" != 0 ]; then
  say "chromium is not installed; run: sudo apt-get install -y chromium"
  exit 1
fi
say "installing chromium from Debian's packages"
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -q chromium >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q chromium >/dev/null; }
echo /usr/bin/chromium
