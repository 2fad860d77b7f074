#!/usr/bin/env bash
# Installs Debian's Chromium for the console's browser tests (test/console/, driven by playwright-core at
# /usr/bin/chromium). Idempotent; run as root (CI does, from .ci/run).
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  echo "chromium: already installed ($(/usr/bin/chromium --version 2>/dev/null || echo 'version unknown'))"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "chromium: run as root (apt-get install -y --no-install-recommends chromium)" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends chromium
echo "chromium: installed ($(/usr/bin/chromium --version))"
