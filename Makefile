# Two commands matter: `make run` and `make test`. Both create .venv on first use.
# Shipping: `make wheel` (sdist + wheel), `make dist` (the app bundle),
# `make install-desktop` (launcher and icon for the current user).
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python

.PHONY: run test test-packaging bench bench-gui wheel dist dist-smoke install-desktop uninstall-desktop \
        icons check-python clean

run: $(VENV)/.installed-app
	$(PY) main.py

# The tests start hundreds of Python processes (the command line, its server,
# workers): they keep bytecode caches, as any installed Python does, even where
# the shell says PYTHONDONTWRITEBYTECODE (an empty value turns it off).
test: $(VENV)/.installed-test
	PYTHONDONTWRITEBYTECODE= QT_QPA_PLATFORM=offscreen $(PY) -m pytest $(PYTEST_ARGS)

# Builds the sdist and the wheel, installs the wheel into a fresh venv and runs
# reader and reader-cli from there (needs the package index; a minute or two).
test-packaging: $(VENV)/.installed-test
	PYTHONDONTWRITEBYTECODE= QT_QPA_PLATFORM=offscreen $(PY) -m pytest -m packaging $(PYTEST_ARGS)

bench: $(VENV)/.installed-app
	$(PY) bench/index_search.py $(BENCH_ARGS)

# Drives the real window (offscreen unless QT_QPA_PLATFORM says otherwise).
bench-gui: $(VENV)/.installed-app
	$(PY) bench/gui_latency.py $(BENCH_ARGS)

# dist/reader_desk-VERSION.tar.gz and dist/reader_desk-VERSION-py3-none-any.whl
wheel: $(VENV)/.installed-test
	$(PY) -m build --outdir dist .

# The one-folder app bundle: dist/reader/reader (see packaging/reader.spec).
dist: $(VENV)/.installed-dev
	$(PY) -m PyInstaller --noconfirm --log-level WARN --distpath dist --workpath build/pyinstaller \
	    packaging/reader.spec
	@echo "bundle size: $$(du -sh dist/reader | cut -f1) (dist/reader; the program is dist/reader/reader)"

# Runs the built bundle: --selftest offscreen, and the CLI with worker processes.
dist-smoke: $(VENV)/.installed-test
	READER_REQUIRE_BUNDLE=1 QT_QPA_PLATFORM=offscreen $(PY) -m pytest -m bundle $(PYTEST_ARGS)

# The launcher, AppStream metadata and icon under ~/.local/share (XDG_DATA_HOME);
# the launcher starts READER_BIN, else `reader` on PATH, else .venv/bin/reader.
install-desktop:
	sh packaging/linux/install-desktop.sh

uninstall-desktop:
	sh packaging/linux/install-desktop.sh --uninstall

# resources/icons/reader-*.png from resources/icons/reader.svg
icons: $(VENV)/.installed-app
	$(PY) packaging/render_icons.py

check-python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { \
	  echo "error: '$(PYTHON)' not found. Install Python 3.11 or newer (Debian/Ubuntu: sudo apt install python3 python3-venv)."; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { \
	  echo "error: Reader needs Python 3.11 or newer; '$(PYTHON)' is $$($(PYTHON) --version 2>&1)."; exit 1; }
	@$(PYTHON) -c 'import venv, ensurepip' 2>/dev/null || { \
	  echo "error: Python's venv module is missing (Debian/Ubuntu: sudo apt install python3-venv)."; exit 1; }

$(PY): | check-python
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# An editable install in setuptools' "compat" mode: a .pth file that names this
# folder.  The default mode's import finder loads pathlib and importlib.util at
# every start of the interpreter (12 ms of `reader-cli --version`'s 25 ms, and of
# every command and test process); compat's plain path costs nothing.  It warns
# that it is transitional (hence PYTHONWARNINGS); should a setuptools drop it,
# the default mode follows.
EDITABLE = PYTHONWARNINGS=ignore $(PY) -m pip install --quiet --config-settings editable_mode=compat -e
EDITABLE_DEFAULT = $(PY) -m pip install --quiet -e

$(VENV)/.installed-app: setup.cfg pyproject.toml | $(PY)
	$(EDITABLE) . || $(EDITABLE_DEFAULT) .
	touch $@

$(VENV)/.installed-test: setup.cfg pyproject.toml | $(PY)
	$(EDITABLE) '.[test]' || $(EDITABLE_DEFAULT) '.[test]'
	touch $@ $(VENV)/.installed-app

$(VENV)/.installed-dev: setup.cfg pyproject.toml | $(PY)
	$(EDITABLE) '.[dev]' || $(EDITABLE_DEFAULT) '.[dev]'
	touch $@ $(VENV)/.installed-app

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .hypothesis
