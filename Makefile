# Wegweiser — the two commands that matter: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
LOCKS := requirements.lock requirements-dev.lock
STAMP := $(VENV)/.installed-$(shell cat $(LOCKS) | sha1sum | cut -c1-12)
APT_PACKAGES := chromium fonts-noto-core poppler-utils libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
# Only for the test suite: Debian's docker-compose validates compose.yaml (`config`, no engine needed);
# libreoffice-writer converts a committee report's DOCX headless, to check that Word-compatible software reads it.
CHECK_PACKAGES := docker-compose libreoffice-writer gettext

.PHONY: install system-deps demo run test lint format bench bench-search messages clean

install: $(STAMP)

$(STAMP): $(LOCKS)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check uv==0.13.8
	$(BIN)/uv pip install -q --python $(BIN)/python --require-hashes -r requirements.lock -r requirements-dev.lock
	rm -f $(VENV)/.installed-*
	touch $@

# Debian packages the project needs: headless Chromium (accessibility tests), Pango/HarfBuzz and the Noto
# fonts (WeasyPrint's PDF catalogs in every script), poppler-utils (pdftotext/pdftoppm in the PDF tests);
# and CHECK_PACKAGES above.
system-deps:
	@missing=""; for p in $(APT_PACKAGES) $(CHECK_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

demo: install system-deps
	$(BIN)/python manage.py migrate --noinput -v0
	$(BIN)/python manage.py demo_load

# Serves the site and runs the background worker (catalog builds, e-mail) and the scheduler
# (heartbeat, import retention) beside it.
run: demo
	$(BIN)/python manage.py db_worker & WORKER=$$!; \
	$(BIN)/python manage.py scheduler & SCHEDULER=$$!; \
	trap "kill $$WORKER $$SCHEDULER" EXIT INT TERM; \
	$(BIN)/python manage.py runserver 127.0.0.1:8000

test: install system-deps
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install
	$(BIN)/python -m bench.run

# Search at scale only (issue 12): one district of 100,000 offers on SQLite and PostgreSQL,
# directory and API search next to the raw top-20 query; tables into bench/results/search.md.
# Fifteen interleaved rounds (--rounds 3): the medians of five swung by a tenth between runs.
bench-search: install
	$(BIN)/python -m bench.run --cases one-district --rounds 3

# Regenerate and compile the German interface texts (needs Debian's gettext).
messages: install
	@command -v msgfmt >/dev/null || (apt-get update -qq && apt-get install -y -qq gettext)
	$(BIN)/python manage.py makemessages -l de -l en -l uk -l ru -l ar -l fa --no-obsolete --ignore=.venv --ignore=bench
	$(BIN)/python manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache .mypy_cache .ruff_cache
