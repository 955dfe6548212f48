# The two commands of the README: `make run` (install everything, then serve) and `make test`.
.PHONY: setup run test lint bench

setup:
	bash scripts/setup.sh

run: setup
	.venv/bin/suara serve

test: setup
	bash scripts/test.sh

lint:
	.venv/bin/ruff check . && .venv/bin/ruff format --check .
