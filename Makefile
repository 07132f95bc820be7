# Two commands for a new user: `make run` serves the blog, `make test` runs the suite.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
FLASK  := $(BIN)/flask --app blog
HOST   ?= 127.0.0.1
PORT   ?= 5000

.PHONY: run dev test bench bench-inprocess bench-wordpress clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[prod]'
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test,prod]'
	touch $@ $(VENV)/.installed-run

# The Nu Html Checker comes from the npm registry as a jar; its install scripts are not needed.
node_modules/vnu-jar/build/dist/vnu.jar: package.json
	@if command -v npm >/dev/null 2>&1; then npm install --silent --ignore-scripts --no-audit --no-fund; \
	else echo "npm not found: the HTML checker tests will not run"; fi

# Links in pages and feeds point at where `make run` serves, unless configured otherwise.
run dev: export BLOG_SITE_URL ?= http://$(HOST):$(PORT)
run dev: export HOST := $(HOST)
run dev: export PORT := $(PORT)

# gunicorn with threads (settings in gunicorn.conf.py), as in production.
run: $(VENV)/.installed-run
	$(BIN)/python -m blog.bootstrap
	$(FLASK) setup
	$(BIN)/gunicorn --config gunicorn.conf.py

# Flask's development server with the reloader and debugger, for working on the code.
dev: $(VENV)/.installed-run
	$(BIN)/python -m blog.bootstrap
	$(FLASK) setup
	$(FLASK) run --debug --host $(HOST) --port $(PORT)

# One pytest-xdist worker per core (TEST_WORKERS=0 runs the tests in this process); a worker
# that runs out of tests takes some of the other's, so no core idles behind a slow browser test.
TEST_WORKERS ?= auto
test: $(VENV)/.installed-test node_modules/vnu-jar/build/dist/vnu.jar
	$(BIN)/python -m pytest --numprocesses $(TEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

# The blog through gunicorn at each size and database (requests/s, latency, CPU and SQL per
# request, memory, ratios to a static page; needs wrk), then concurrent comment writers while
# gunicorn is killed, then the WordPress import on a generated export. Generated sites are cached in ~/.cache/blog-bench (BLOG_BENCH_CACHE).
BENCH_SIZES  ?= 1000,100000
BENCH_DB     ?= sqlite,postgres
BENCH_ROUNDS ?= 3
# on: the page cache; off: pages built from kept parts; cold: no cache at all.
BENCH_CACHE  ?= on,off,cold
comma := ,
bench: $(VENV)/.installed-test
	$(BIN)/python -m bench.http --sizes $(BENCH_SIZES) --db $(BENCH_DB) --rounds $(BENCH_ROUNDS) \
		--cache $(BENCH_CACHE)
	$(foreach kind,$(subst $(comma), ,$(BENCH_DB)),$(BIN)/python -m bench.writes --db $(kind) \
		$(if $(REDIS_URL),--redis-url $(REDIS_URL)) &&) true
	$(BIN)/python -m bench.wordpress $(WORDPRESS_BENCH_ARGS)

# In-process latency, SQL statements and query plans per page by size (no server).
bench-inprocess: $(VENV)/.installed-test
	$(BIN)/python -m bench

# WordPress import speed and peak memory, on a generated 10,000-post export
# (e.g. `make bench-wordpress WORDPRESS_BENCH_ARGS="--posts 1000 --tracemalloc"`).
bench-wordpress: $(VENV)/.installed-test
	$(BIN)/python -m bench.wordpress $(WORDPRESS_BENCH_ARGS)

clean:
	rm -rf $(VENV) node_modules .pytest_cache
