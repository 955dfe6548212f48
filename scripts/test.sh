#!/usr/bin/env bash
# The whole test suite: lint, then pytest. A PulseAudio null sink gives capture tests a real input
# device on machines without a sound card.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/ruff check .
if command -v pulseaudio >/dev/null 2>&1 && ! pactl info >/dev/null 2>&1; then
  pulseaudio --daemonize=yes --exit-idle-time=-1 --system=false --disallow-exit 2>/dev/null || true
  for _ in 1 2 3 4 5 6 7 8 9 10; do pactl info >/dev/null 2>&1 && break; sleep 0.5; done
fi
if pactl info >/dev/null 2>&1 && ! pactl list short sinks | grep -q suara_null; then
  pactl load-module module-null-sink sink_name=suara_null >/dev/null
  pactl set-default-source suara_null.monitor
fi
exec .venv/bin/pytest -q "$@"
