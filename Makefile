# The two commands of the README: `make run` (install everything, then serve) and `make test`;
# `make fuzz` explores the API with random schemathesis seeds (make test's run is derandomized).
.PHONY: setup run test fuzz lint bench

setup:
	bash scripts/setup.sh

run: setup
	.venv/bin/suara serve

test: setup
	bash scripts/test.sh

fuzz: setup
	bash scripts/fuzz.sh

lint:
	.venv/bin/ruff check . && .venv/bin/ruff format --check .
