# factcheck — developer entry points. `make demo` and `make test` install what they need.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test test-fast lint fmt bench docs docs-site clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# The main job on shipped inputs: extract the seed article, validate and list claims, run offline
# against the made-up demo evidence in bench/demo/library, write the report.
demo: $(STAMP)
	$(BIN)/factcheck extract seeds/zhongguancun-deepseek.zh.txt -o claims/zhongguancun-deepseek.yaml
	$(BIN)/factcheck claims validate claims
	$(BIN)/factcheck claims list claims/examples.yaml
	$(BIN)/factcheck -c bench/demo/factcheck.toml run --offline
	$(BIN)/factcheck -c bench/demo/factcheck.toml report -o reports
	@echo "demo report: file://$(CURDIR)/reports/index.html (and reports/report.md)"

test: $(STAMP)
	$(BIN)/python -m pytest -q

# The quick lane: no slow, browser, Postgres, Redis or internet tests (under 2 minutes on 2 cores).
# `make test` stays the full suite.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -m "not slow and not browser and not postgres and not redis and not internet"

lint: $(STAMP)
	$(BIN)/ruff check factcheck tests bench
	$(BIN)/ruff format --check factcheck tests bench
	$(BIN)/mypy factcheck
	$(BIN)/lint-imports

fmt: $(STAMP)
	$(BIN)/ruff format factcheck tests bench
	$(BIN)/ruff check --fix factcheck tests bench

bench: $(STAMP)
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) site .pytest_cache .mypy_cache .ruff_cache build dist *.egg-info

# The generated parts of the documentation site (docs/): CLI reference and settings table.
DOCS_GENERATED := docs/cli.md docs/configuration.md

docs: $(STAMP)
	COLUMNS=100 $(BIN)/cog -r $(DOCS_GENERATED)

# The documentation site into site/ (not committed); strict: a broken link or anchor fails the build.
docs-site: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict -d site
