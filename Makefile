# Everything starts from `python3` (>= 3.11) and `make`; `install` builds .venv from pinned versions.
PYTHON ?= python3
VENV := .venv
BIN := $(CURDIR)/$(VENV)/bin
STAMP := $(VENV)/.installed
export PATH := $(BIN):$(PATH)

.PHONY: install demo bench generate check-generated check-templates check-api record-api lint docs test build cassettes record clean

install: $(STAMP)

# The main job on the built-in local exchange: bingx-spot cancels the demo account's orders.
demo: $(STAMP)
	@$(BIN)/python scripts/demo.py

$(STAMP): pyproject.toml requirements-dev.txt constraints.txt
	$(PYTHON) -c 'import sys; sys.exit("Python >= 3.11 is needed, found " + sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -r requirements-dev.txt -e '.[redis,aiohttp]'
	touch $(STAMP)

# Every measurement in one run, written to BENCHMARKS.md; ccxt lives only in .venv-bench.
BENCH_VENV := .venv-bench
BENCH_STAMP := $(BENCH_VENV)/.installed

$(BENCH_STAMP): pyproject.toml constraints.txt bench/requirements.txt
	$(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[redis,aiohttp]'
	$(BENCH_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r bench/requirements.txt
	touch $(BENCH_STAMP)

bench: $(BENCH_STAMP)
	@command -v valgrind >/dev/null || { echo "make bench needs valgrind (apt-get install valgrind)"; exit 2; }
	$(BENCH_VENV)/bin/python bench/run.py

# Regenerates the client from scratch into $(1): openapi-python-client (with the template overrides
# in templates/), then py.typed, the spec as JSON and PROVENANCE.json
# (scripts/finish_generation.py says why).
define generate_into
	rm -rf $(1)
	$(BIN)/openapi-python-client generate --path openapi.yaml --config generator_config.yml \
		--meta none --custom-template-path templates \
		--output-path $(1)/bingx_spot_client --fail-on-warning >/dev/null
	$(BIN)/python scripts/finish_generation.py $(1)
endef

generate: $(STAMP)
	$(call generate_into,generated)

check-generated: $(STAMP)
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	$(MAKE) --no-print-directory _generate_into OUT="$$tmp/generated" && \
	if diff -r -x __pycache__ generated "$$tmp/generated" >/dev/null; then \
		echo "generated/ matches openapi.yaml and generator_config.yml"; \
	else \
		diff -r -x __pycache__ generated "$$tmp/generated" | head -40; \
		echo "generated/ differs from what 'make generate' writes: run 'make generate' and commit"; exit 1; \
	fi

_generate_into:
	$(call generate_into,$(OUT))

# Each override in templates/ was copied from the pinned generator's own template: fails when that
# original changed (a generator upgrade), so the copy is taken again rather than silently kept.
check-templates: $(STAMP)
	@$(BIN)/python scripts/check_templates.py templates

# Breaking changes to the public API since the last release need the matching version bump:
# compares the tree with api/, the record of that release's API and version (BASE=<git ref>
# compares with that ref instead). `make test` runs it, so no tag is needed.
check-api: $(STAMP)
	$(BIN)/python scripts/check_api.py $(BASE)

# At a release, after bumping __version__ and closing the CHANGELOG's section: rewrites api/ from
# the tree. Refused while check-api fails, so a break cannot slip in without its bump.
record-api: $(STAMP)
	$(BIN)/python scripts/check_api.py --record

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy auth_patch scripts generated/bingx_spot_client tests bench
	$(BIN)/openapi-spec-validator openapi.yaml
	$(MAKE) --no-print-directory check-templates
	$(MAKE) --no-print-directory check-generated

# The docs site from docs/ and the docstrings, into site/; strict: a broken link or reference fails.
docs: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict

# Replays the cassettes only: no test reaches a network. Two processes, each module whole in one
# (its Redis or wheel fixture built once): most of the suite's time is waiting (deadlines, the
# rate budget, subprocesses), which the two overlap. The docs are built, and the public API
# checked against the last release's (api/), first. The package's bytecode is written once: the
# suite starts the command many times, and where PYTHONDONTWRITEBYTECODE is set each start would
# compile it again.
test: $(STAMP) lint docs check-api
	$(BIN)/python -m compileall -q auth_patch generated >/dev/null
	$(BIN)/pytest --block-network --record-mode=none -n 2 --dist loadscope

build: $(STAMP)
	rm -rf dist
	$(BIN)/python -m build --outdir dist . >/dev/null
	@ls dist

# Re-records every cassette against the built-in local exchange.
cassettes: $(STAMP)
	BINGX_RECORD=local $(BIN)/pytest tests/operations --record-mode=all

# Re-records against the live API. Needs BINGX_API_KEY and BINGX_SECRET_KEY of a real account:
# it cancels that account's open orders. Never run in CI.
record: $(STAMP)
	@test -n "$$BINGX_API_KEY" && test -n "$$BINGX_SECRET_KEY" || \
		{ echo "set BINGX_API_KEY and BINGX_SECRET_KEY to record against the live API"; exit 2; }
	BINGX_RECORD=live $(BIN)/pytest tests/operations --record-mode=all

clean:
	rm -rf $(VENV) $(BENCH_VENV) dist site .mypy_cache .ruff_cache .pytest_cache .hypothesis
