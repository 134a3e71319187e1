# Every target sets itself up on a fresh machine: a virtual environment in .venv with
# Confide and its test tools installed from the package registry.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run test lint bench clean browser

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

# A throwaway demo office: gateway on https://127.0.0.1:8443/, console on https://127.0.0.1:9443/
run: $(STAMP)
	$(BIN)/confide demo

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy crypto intake_forms casework gateway reviewer_console confide
	$(BIN)/lint-imports

# The browser tests use Debian's chromium (installed by .ci/run or `make browser`);
# without it they are skipped with a visible reason.
browser:
	command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)

test: $(STAMP) lint
	$(BIN)/python -m pytest -q $(PYTEST_ARGS)

bench: $(STAMP)
	$(BIN)/python -m bench.run

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis

# Re-fetch the pinned htmx from the npm registry; a test checks the recorded hash.
vendor-htmx:
	cd $$(mktemp -d) && npm pack --silent htmx.org@2.0.11 && tar xzf htmx.org-2.0.11.tgz && \
	  cp package/dist/htmx.min.js $(CURDIR)/confide/web/static/htmx.min.js
