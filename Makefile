# Lot Design Explorer — two commands do everything:
#   make run    set up .venv and start the app on the bundled (synthetic) demo data
#   make test   set up .venv (and a browser for the end-to-end tests) and run every test
# Other targets: make bench (performance figures), make data (rebuild data/ from ../shared).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
PORT   ?= 8501
HOST   ?= 127.0.0.1

.PHONY: run test bench data browser clean

$(STAMP): pyproject.toml setup.py
	$(PYTHON) -m venv $(VENV)
	@# A recent setuptools, so the package test can build the wheel without fetching it again.
	$(BIN)/python -m pip install --quiet --upgrade pip 'setuptools>=77'
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/python -m ui.assets
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/lotdesign app --port $(PORT) --host $(HOST)

# The end-to-end tests drive Debian's chromium through Playwright (Playwright's own browser
# download cannot work offline). Install it when missing and we are allowed to.
browser:
	@if command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = "0" ]; then \
		echo "Installing Debian's chromium for the browser tests..."; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
		|| echo "Could not install chromium; browser tests will be skipped."; \
	elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then \
		(sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
		|| echo "Could not install chromium; browser tests will be skipped."; \
	else \
		echo "chromium is not installed and this user cannot install it; browser tests will be skipped."; \
	fi

test: $(STAMP) browser
	$(BIN)/python -m pytest

bench: $(STAMP) browser
	@# The design-search baselines (spopt, gerrychain); the benchmark says so if they cannot be installed.
	-$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python benchmarks/run_all.py

data: $(STAMP)
	$(BIN)/python scripts/build_data.py

clean:
	rm -rf $(VENV) .pytest_cache test-output build dist *.egg-info
