# Every target sets itself up on a fresh machine: a virtual environment in .venv with
# Confide and its test tools installed from the package registry.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
# Minimum versions of the build tools in the virtual environment: `python -m venv` copies
# whatever pip and setuptools the system Python bundles, which may be years old and carry
# known vulnerabilities (setuptools < 78.1.1: CVE-2025-47273, CVE-2024-6345). pip-audit cannot
# reach a vulnerability service on every machine, so the floor is pinned here instead, and
# tests/test_build_tools.py checks that the environment meets it.
BUILD_TOOLS := 'pip>=25.1' 'setuptools>=78.1.1' 'wheel>=0.45'

.PHONY: run test lint bench clean browser pdf-libraries vendor-htmx vendor-axe i18n-extract i18n-update i18n-compile

# The install compiles the translation catalogs (.mo files are build output, never committed);
# run, test and bench compile them again, so a pulled translation is never served stale.
$(STAMP): pyproject.toml
	$(MAKE) --no-print-directory pdf-libraries
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade $(BUILD_TOOLS)
	$(BIN)/pip install --quiet -e '.[test]'
	$(BIN)/python -m confide.catalogs compile
	touch $(STAMP)

# Translations (README, "Translations"). Extract writes the four templates (.pot): Babel
# reads _(), N_() and {% trans %} in each domain's sources (confide/catalogs.py lists
# them), and intake_forms walks the form definitions. Update merges the templates into every
# catalog and fills English; translators start a language with `pybabel init` (README).
# Compile builds the .mo files.
i18n-extract: $(STAMP)
	$(BIN)/python -m confide.catalogs extract

i18n-update: $(STAMP)
	$(BIN)/python -m confide.catalogs update

i18n-compile: $(STAMP)
	$(BIN)/python -m confide.catalogs compile

# A throwaway demo office: gateway on https://127.0.0.1:8443/, console on https://127.0.0.1:9443/
run: $(STAMP) i18n-compile
	$(BIN)/confide demo

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy crypto intake_forms casework gateway reviewer_console confide
	$(BIN)/lint-imports
	$(BIN)/bandit -q -c pyproject.toml -r crypto intake_forms casework gateway reviewer_console confide

# The browser tests use Debian's chromium (installed by .ci/run or `make browser`);
# without it they are skipped with a visible reason. The accessibility tests draw pages in
# Arabic and Chinese: DejaVu Sans covers Arabic (3 MB), WenQuanYi Micro Hei covers Chinese
# (5 MB); the Noto families would be 40+ MB. .ci/run installs the same list.
BROWSER_PACKAGES := chromium fonts-dejavu-core fonts-wqy-microhei
browser:
	dpkg -s $(BROWSER_PACKAGES) >/dev/null 2>&1 || (apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(BROWSER_PACKAGES))

# WeasyPrint (the annual report's PDF) loads the system's Pango; Debian's packages, when
# missing and apt-get is there (as root; otherwise install them yourself).
pdf-libraries:
	@ldconfig -p 2>/dev/null | grep -q 'libpangoft2-1.0.so.0' || \
	  (command -v apt-get >/dev/null && apt-get update -qq && \
	   DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core >/dev/null) || \
	  echo "install Pango (Debian: libpango-1.0-0 libpangoft2-1.0-0) for the annual report's PDF"

test: $(STAMP) lint i18n-compile
	$(BIN)/python -m pytest -q $(PYTEST_ARGS)

bench: $(STAMP) i18n-compile
	$(BIN)/python -m bench.run

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis

# Re-fetch the pinned htmx from the npm registry; a test checks the recorded hash.
vendor-htmx:
	cd $$(mktemp -d) && npm pack --silent htmx.org@2.0.11 && tar xzf htmx.org-2.0.11.tgz && \
	  cp package/dist/htmx.min.js $(CURDIR)/confide/web/static/htmx.min.js

# Re-fetch the pinned axe-core (browser tests only; never served) from the npm registry;
# tests/browserkit.py checks it against the hash in tests/vendor/vendored.json.
vendor-axe:
	cd $$(mktemp -d) && npm pack --silent axe-core@4.14.1 && tar xzf axe-core-4.14.1.tgz && \
	  cp package/axe.min.js $(CURDIR)/tests/vendor/axe.min.js
