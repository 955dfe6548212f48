#!/usr/bin/env bash
# Schemathesis exploring: a fresh random seed every run (printed, to replay a finding) and more examples
# than the repeatable run of `make test`. Whatever it finds becomes a fixed regression test.
#   make fuzz                                  # seed drawn at random, 50 examples per operation and mode
#   SUARA_FUZZ_SEED=123 make fuzz              # replay a run
#   SUARA_FUZZ_EXAMPLES=200 make fuzz -- -k sysadmin
set -euo pipefail
cd "$(dirname "$0")/.."
export SUARA_FUZZ_RANDOM=1
export SUARA_FUZZ_SEED="${SUARA_FUZZ_SEED:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}"
export SUARA_FUZZ_EXAMPLES="${SUARA_FUZZ_EXAMPLES:-50}"
echo "fuzz: seed ${SUARA_FUZZ_SEED}, ${SUARA_FUZZ_EXAMPLES} examples per operation and mode" \
  "(replay: SUARA_FUZZ_SEED=${SUARA_FUZZ_SEED} make fuzz)"
exec .venv/bin/pytest -q tests/api/test_openapi_fuzz.py "$@"
