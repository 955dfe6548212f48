#!/usr/bin/env bash
# Refresh the README's page screenshots: run the browser tests on SQLite (they save one PNG per page
# under build/screenshots/), then copy them to docs/screenshots/, which the README shows.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/pytest -q tests/api/pages -k sqlite
mkdir -p docs/screenshots
cp build/screenshots/*.png docs/screenshots/
ls docs/screenshots | wc -l | xargs echo "screenshots copied:"
