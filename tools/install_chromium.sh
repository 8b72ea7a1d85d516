#!/usr/bin/env bash
# Install Debian's Chromium for the browser tests and the handouts, and poppler-utils (pdftoppm,
# pdftotext) for the tests that render the handout PDFs. Needs root (or sudo without a password).
set -euo pipefail
if [ "$(id -u)" -eq 0 ]; then SUDO=""; elif command -v sudo >/dev/null; then SUDO="sudo -n"; else
  echo "Chromium or pdftoppm is missing and I am not root: run 'apt-get install -y chromium poppler-utils' as root." >&2; exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core poppler-utils >/dev/null
chromium --version
