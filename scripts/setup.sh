#!/usr/bin/env bash
# Install everything Suara needs on a fresh Debian machine; safe to run again (each step skips
# what is already done). Debian packages → .venv with the project → default models → NLP model.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}

bash scripts/install-system.sh

if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.suara-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/pip install --quiet --upgrade pip
  .venv/bin/pip install --quiet -e ".[models,dev]"
  touch "$stamp"
fi

# Front-end assets the pages serve themselves (htmx, Chart.js; axe-core for the browser tests).
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi

.venv/bin/suara models install --defaults
if .venv/bin/suara nlp --help >/dev/null 2>&1; then
  .venv/bin/suara nlp train --if-missing
fi
if .venv/bin/suara db --help >/dev/null 2>&1; then
  .venv/bin/suara db upgrade
fi
