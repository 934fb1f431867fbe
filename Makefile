# The two commands of the README: `make run` (serve with demo data) and `make test` (the whole suite).
VENV := .venv
PY := $(VENV)/bin/python
MOTCUA := $(VENV)/bin/motcua
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install lint clean-venv

$(VENV)/.installed: pyproject.toml tests/browser/axe/package-lock.json
	@test -x $(PY) || "$$(scripts/find-python)" -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@# axe-core for the accessibility checks of the browser tests (skipped with a reason where npm is missing).
	@if command -v npm >/dev/null; then npm ci --prefix tests/browser/axe --no-audit --no-fund --silent; fi
	@touch $@

install: $(VENV)/.installed

# MOTCUA_ENV is production unless set (docs/security.md): running the demo and the tests says development.
run test: export MOTCUA_ENV := development

run: install
	$(MOTCUA) migrate --no-input
	$(MOTCUA) demo --if-empty --url http://$(HOST):$(PORT)/
	$(MOTCUA) create_signing_certificate
	$(MOTCUA) runserver $(HOST):$(PORT)

lint: install
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/ruff format --check src tests benchmarks
	$(VENV)/bin/lint-imports

test: install lint
	$(VENV)/bin/pytest

clean-venv:
	rm -rf $(VENV)
