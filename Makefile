# Quartiersmonitor — the two commands of the README are `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
QM_HOST ?= 127.0.0.1
QM_PORT ?= 8050
QM_WORKERS ?= 2
export QM_HOST QM_PORT QM_WORKERS

.PHONY: run test serve serve-public serve-public-proxy demo screenshots bench bench-lighthouse clean

# The environment is rebuilt when pyproject.toml changes (stamp files).
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

run: $(VENV)/.installed  ## start the app on the demo data (or QM_DATA) at http://$(QM_HOST):$(QM_PORT)
	$(BIN)/python -m dashboard serve

serve: $(VENV)/.installed  ## production-like: gunicorn with $(QM_WORKERS) workers
	$(BIN)/gunicorn --workers $(QM_WORKERS) --threads 4 --bind $(QM_HOST):$(QM_PORT) app:server

serve-public: $(VENV)/.installed  ## the public read-only deployment: QM_MODE=public under gunicorn (see README)
	QM_MODE=public $(BIN)/gunicorn --workers $(QM_WORKERS) --threads 4 --bind $(QM_HOST):$(QM_PORT) app:server

serve-public-proxy: $(VENV)/.installed  ## the public site as deployed: gunicorn (public) behind nginx on $(QM_HOST):$(QM_PORT), see docs/betrieb.md
	$(BIN)/python -m dashboard.proxy

# axe-core for the accessibility audit in the browser tests, pinned in tests/e2e/package-lock.json
E2E_NODE := tests/e2e/node_modules/.installed

$(E2E_NODE): tests/e2e/package.json tests/e2e/package-lock.json
	npm ci --prefix tests/e2e --no-audit --no-fund
	touch $@

test: $(VENV)/.installed-test $(E2E_NODE)  ## the whole test suite, browser tests included
	$(BIN)/python -m pytest

demo: $(VENV)/.installed  ## regenerate data/demo deterministically
	$(BIN)/python -m dashboard demo --out data/demo

clean:
	rm -rf $(VENV) .pytest_cache .qm-cache tests/e2e/node_modules bench/node_modules

screenshots: $(VENV)/.installed-test  ## refresh the screenshots in docs/
	$(BIN)/python -m tests.e2e.screenshots

$(VENV)/.installed-bench: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	touch $@

# Benchmarks, not tests (about 60 min on 2 cores; run on an idle machine): each writes
# bench/results/<name>.json, report.py turns them into docs/performance.md. Every step has a deadline
# (`timeout`, then SIGKILL 30 s later): a step that fails or overruns is listed at the end and the
# following steps and the report still run; `make bench` then exits non-zero.
BENCH_RUNS ?= 5
SOAK_MINUTES ?= 10
LOAD_ARGS ?=
BENCH_FAILED := bench/.cache/failed-steps
bench_step = timeout --kill-after=30 $(1) $(2) || echo "$(2) (Exit $$?; Frist $(1) s)" >> $(BENCH_FAILED)
bench: $(VENV)/.installed-bench bench/node_modules/.installed  ## all benchmarks end to end (Lighthouse from bench/package-lock.json); results in bench/results/, table in docs/performance.md
	@mkdir -p bench/.cache && rm -f $(BENCH_FAILED)
	$(call bench_step,9000,$(BIN)/python bench/browser.py --runs $(BENCH_RUNS))  # builds data/berlin first when ../shared/data is there
	$(call bench_step,1200,$(BIN)/python bench/burden_scenario.py)
	$(call bench_step,1800,$(BIN)/python bench/demo_build.py)
	$(call bench_step,1800,$(BIN)/python bench/load.py $(LOAD_ARGS))
	$(call bench_step,$(shell echo $$(( $(SOAK_MINUTES) * 60 + 900 ))),$(BIN)/python bench/soak.py --minutes $(SOAK_MINUTES))
	$(call bench_step,1800,$(BIN)/python bench/attacks.py)
	$(call bench_step,5400,$(BIN)/python bench/lighthouse.py)
	$(call bench_step,2400,$(BIN)/python bench/scaleout.py)
	$(call bench_step,300,$(BIN)/python bench/report.py)
	@if [ -s $(BENCH_FAILED) ]; then echo "Fehlgeschlagen oder Frist überschritten:"; cat $(BENCH_FAILED); exit 1; fi

# Lighthouse 12.2.3 for bench/lighthouse.py, pinned in bench/package-lock.json (later releases need Node 22)
BENCH_NODE := bench/node_modules/.installed

$(BENCH_NODE): bench/package.json bench/package-lock.json
	npm ci --prefix bench --no-audit --no-fund
	touch $@

LIGHTHOUSE_RUNS ?= 3
bench-lighthouse: $(VENV)/.installed $(BENCH_NODE)  ## Lighthouse against the public site behind nginx; bench/results/lighthouse.json
	$(BIN)/python bench/lighthouse.py --runs $(LIGHTHOUSE_RUNS)
