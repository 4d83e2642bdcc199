# Trợ lý số phường — two commands: `make run` and `make test`.
SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -c
# pip prints one warning per package for find-links folders this machine lacks: keep the output readable
QUIET_PIP := 2>&1 | { grep -v "^WARNING: Location" || true; }
.DEFAULT_GOAL := run

# Rasa 3.6 needs Python 3.8–3.10; the gateway runs on 3.11.
PY310 ?= $(firstword $(wildcard $(HOME)/.pyenv/versions/3.10*/bin/python3.10) $(shell command -v python3.10))
PY311 ?= $(firstword $(wildcard $(HOME)/.pyenv/versions/3.11*/bin/python3.11) $(shell command -v python3.11) $(shell command -v python3))
GW := .venv/bin/python
RASA := .venv-rasa/bin/rasa
export RASA_TELEMETRY_ENABLED := false
export PYTHONPATH := $(CURDIR)

# The tests of rasa_addons/ (tests/rasa_addons/) run in Rasa's virtualenv, all others in the gateway's, where
# tests/conftest.py leaves tests/rasa_addons/ out; tests/test_virtualenvs.py checks that no other test needs Rasa.

.PHONY: run test check lock deps migrate model eval-nlu eval-kb eval-handoff eval-residents eval-masking bench bench-dashboard attacks browser axe validate rasa-test clean

.venv-rasa/.installed: requirements/rasa.txt requirements/rasa-dev.txt requirements/rasa.lock
	@test -n "$(PY310)" || { echo "Python 3.10 is needed for Rasa 3.6 (pyenv install 3.10)"; exit 1; }
	@echo "⏳ Cài môi trường Rasa (Python 3.10, lần đầu mất khoảng 3 phút)…"
	@test -x .venv-rasa/bin/python || $(PY310) -m venv .venv-rasa
	@.venv-rasa/bin/pip install -q --upgrade pip wheel $(QUIET_PIP)
	@.venv-rasa/bin/pip install -q -r requirements/rasa-dev.txt -c requirements/rasa.lock $(QUIET_PIP)
	@touch $@

.venv/.installed: requirements/gateway.txt requirements/gateway-dev.txt requirements/gateway.lock
	@echo "⏳ Cài môi trường gateway (Python 3.11)…"
	@test -x .venv/bin/python || $(PY311) -m venv .venv
	@.venv/bin/pip install -q --upgrade pip wheel $(QUIET_PIP)
	@.venv/bin/pip install -q -r requirements/gateway-dev.txt -c requirements/gateway.lock $(QUIET_PIP)
	@touch $@

deps: .venv-rasa/.installed .venv/.installed

migrate: .venv/.installed
	@mkdir -p var
	@$(GW) -m alembic upgrade head
	@$(GW) -m knowledge.seed

model: deps
	@$(GW) -m devtools.train

run: deps migrate model
	@$(GW) -m devtools.run

# Debian's chromium for the browser tests (no browser download is possible or needed).
browser:
	@if ! command -v chromium >/dev/null; then \
	  if [ "$$(id -u)" = 0 ]; then echo "⏳ Cài chromium…"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium is missing: sudo apt-get install chromium"; exit 1; fi; fi

# axe-core from npm for the accessibility checks of the browser tests (tests/support/axe.py)
axe: tests/e2e/axe/node_modules/.installed
tests/e2e/axe/node_modules/.installed: tests/e2e/axe/package.json tests/e2e/axe/package-lock.json
	@command -v npm >/dev/null || { echo "npm is missing: apt-get install npm (or Node.js with npm)"; exit 1; }
	@npm ci --prefix tests/e2e/axe --no-audit --no-fund --silent
	@touch $@

validate: deps
	@$(RASA) data validate --config config.yml --domain bot/dialogue/domain.yml --data nlu/data bot/dialogue/data --fail-on-warnings

rasa-test: model
	@$(RASA) test core --model models/current.tar.gz --stories tests/conversations --fail-on-prediction-errors --out var/rasa-test-results

test: deps browser axe model
	@# Rasa 3.6's own stack (TensorFlow, jax, SQLAlchemy 1.4, matplotlib) warns about its dependencies at import:
	@# not ours to fix, so deprecations are left as warnings in Rasa's virtualenv only
	@.venv-rasa/bin/python -m pytest -q -p no:cacheprovider -W ignore::pytest.PytestConfigWarning -W error::pytest.PytestUnhandledCoroutineWarning \
	  -W ignore::DeprecationWarning -W ignore::PendingDeprecationWarning -W ignore::FutureWarning tests/rasa_addons
	@$(GW) -m pytest -q -p no:cacheprovider tests
	@$(MAKE) --no-print-directory validate rasa-test

# Lint, formatting and types (settings in pyproject.toml); CI runs it before the tests.
check: .venv/.installed
	@$(GW) -m ruff check .
	@$(GW) -m ruff format --check .
	@$(GW) -m mypy

# Regenerates the lock files from requirements/*.txt with the newest releases the registry has (each in a
# throw-away virtualenv, so nothing installed here leaks in); review the diff, then `make test`.
lock:
	@rm -rf var/lock && mkdir -p var/lock
	@$(PY311) -m venv var/lock/gateway && var/lock/gateway/bin/pip install -q -r requirements/gateway-dev.txt $(QUIET_PIP)
	@var/lock/gateway/bin/pip freeze --exclude-editable | LC_ALL=C sort -f > requirements/gateway.lock
	@$(PY310) -m venv var/lock/rasa && var/lock/rasa/bin/pip install -q -r requirements/rasa-dev.txt $(QUIET_PIP)
	@var/lock/rasa/bin/pip freeze --exclude-editable | LC_ALL=C sort -f > requirements/rasa.lock
	@rm -rf var/lock
	@echo "requirements/gateway.lock and requirements/rasa.lock regenerated"

eval-nlu: deps
	@.venv-rasa/bin/python -m devtools.eval_nlu

# The knowledge search on held-out questions, plus Rasa's ResponseSelector on the same ones
# (that part retrains Rasa: about 20 minutes here; `EVAL_KB_ARGS=--skip-rasa` leaves it out).
eval-kb: deps
	@$(GW) -m devtools.eval_kb $(EVAL_KB_ARGS)

# Handoff: escalation on devtools/eval_handoff_set.yml (130 conversations), then the latency of
# 20 residents × 5 volunteers over the widget and console WebSockets (about 1–2 minutes)
eval-handoff: deps model
	@$(GW) -m devtools.eval_handoff $(EVAL_HANDOFF_ARGS)

# The blind resident set (knowledge/eval/residents.yml) through /api/chat on the real stack, before → after:
# EVAL_RESIDENTS_ARGS="--before <commit>" compares with that commit (default: main), "--half tune|all", "--misses"
eval-residents: deps model
	@$(GW) -m devtools.eval_residents $(EVAL_RESIDENTS_ARGS)

# The personal-number masker (bot/personal_numbers/masking.py) on devtools/eval_masking_set.yml: recall and
# false masks per kind, both halves, and its cost per message; EVAL_MASKING_ARGS="--misses" lists the misses
eval-masking: deps
	@$(GW) -m devtools.eval_masking $(EVAL_MASKING_ARGS)

# Load test against stock `rasa run` (the first run trains stock Rasa: ~18 min here, cached in
# var/bench/); BENCH_ARGS=--quick for a short run; writes var/bench/results.json and latency.png
bench: deps model
	@$(GW) -m devtools.bench $(BENCH_ARGS)

# The security review's attacks on the real stack (production-like: API key, real limits), each printed as
# blocked or not; exit status 1 if any is not (about 2 minutes)
attacks: deps model
	@$(GW) -m devtools.attacks $(ATTACKS_ARGS)

clean:
	rm -rf var models .rasa

# The dashboard on a year of synthetic activity (200,000 conversations, over a million messages) in
# PostgreSQL (a schema of its own in `test`, dropped after) and SQLite (var/bench-dashboard/), every request
# timed for a one-year range; BENCH_DASHBOARD_ARGS="--only sqlite --conversations 20000" for a quick look
bench-dashboard: deps
	@$(GW) -m devtools.bench_dashboard $(BENCH_DASHBOARD_ARGS)
