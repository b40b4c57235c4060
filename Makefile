# sxm: two commands on a fresh machine — `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
JOBS   ?= 2

.PHONY: env run test test-fast notebooks zh bench lab site student data clean help

help:
	@echo "make run        create .venv if needed and execute every chapter into build/"
	@echo "make test       unit tests, doctests and nbval on notebooks/"
	@echo "make notebooks  regenerate the stored notebook outputs of both editions (default parameters)"
	@echo "make zh         rebuild the Chinese edition (notebooks/zh) from the English one and run it"
	@echo "make bench      run the benchmarks (writes benchmarks/results.json)"
	@echo "make lab        start JupyterLab on 127.0.0.1 (open the http://127.0.0.1:8888/lab?token=... URL it prints)"
	@echo "make site       static HTML book of the executed chapters in build/site/ (offline)"
	@echo "make student    the notebooks without solution cells in build/student/"
	@echo "make data       regenerate the bundled data sets bit-for-bit"

# (re)install only when pyproject.toml changed
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

env: $(STAMP)

# the executed suite in build/ (and build/zh/ when the Chinese edition exists)
ZH_NOTEBOOKS := $(wildcard notebooks/zh/[0-9]*.ipynb)
RUN_STAMP    := build/.run-stamp

run: env
	$(BIN)/sxm run --out build
	$(if $(ZH_NOTEBOOKS),$(BIN)/sxm run --lang zh --out build/zh)
	@touch $(RUN_STAMP)

# re-run only when a notebook, the package or the data changed since the last `make run`
$(RUN_STAMP): $(STAMP) $(wildcard notebooks/*.ipynb) $(ZH_NOTEBOOKS) $(wildcard sxm/*.py sxm/*/*.py data/*)
	$(MAKE) run

site: $(RUN_STAMP)
	$(BIN)/python site/build.py

student: env
	$(BIN)/python site/student.py

# the browser tests read build/ and build/site/: `make test` brings them up to date first
test: env site
	$(BIN)/python -m pytest -n $(JOBS) --dist loadscope \
		--doctest-modules --nbval --nbval-sanitize-with .ci/nbval-sanitize.cfg \
		--nbval-cell-timeout 600 tests sxm notebooks

test-fast: env
	$(BIN)/python -m pytest -n $(JOBS) --doctest-modules tests sxm

notebooks: env
	$(BIN)/sxm run --inplace

zh: env
	$(BIN)/sxm run --inplace --lang zh

bench: env
	$(BIN)/python benchmarks/run.py

# kernels talk to the server over local IPC sockets (no TCP, hence no "without encryption" warning)
lab: env
	$(BIN)/jupyter lab --ip 127.0.0.1 --allow-root --no-browser --notebook-dir notebooks \
		--KernelManager.transport=ipc

data: env
	@for script in data/scripts/make_*.py; do echo "$$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf build .pytest_cache
