# The course's commands. Learners: `make lab`. Maintainers: `make test`. Instructors: see `make help`.
# Every target that needs Python first runs the setup, which installs .venv once per change of the pins.

PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
JUPYTER := $(VENV)/bin/jupyter
STAMP := $(VENV)/.setup-done
LAB_OVERRIDES := $(VENV)/share/jupyter/lab/settings/overrides.json
OFFLINE_MATHJAX := $(VENV)/share/jupyter/nbconvert/templates/classic/mathjax.html.j2
PORT ?= 8888
LAB_ARGS ?=
WORKERS ?= $(shell nproc 2>/dev/null || echo 2)
# worksteal: a worker that runs out of tests takes some of the other's (no long tail of one worker)
PYTEST = $(PY) -m pytest -n $(WORKERS) --dist worksteal
SUBMISSIONS ?= 60
LEARNERS ?= 10
# Where the nbgrader course directory, exchange and gradebook live (git-ignored by default).
COURSE_ROOT ?= $(CURDIR)/.nbgrader
export COURSE_ROOT
# TensorFlow quiet and without oneDNN, as in the autograder's kernels (autograder/sandbox.py).
export TF_CPP_MIN_LOG_LEVEL := 2
export TF_ENABLE_ONEDNN_OPTS := 0
# ipykernel's debugger warns at every kernel start about frozen modules: nothing a learner can act on
export PYDEVD_DISABLE_FILE_VALIDATION := 1
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root,)
LAB_EXTENSIONS := @jupyter/nbgrader @jupyter-widgets/jupyterlab-manager jupyter-matplotlib
AUTOGRADER := $(PY) -m autograder
# Debian packages, installed with apt-get when it is there and we run as root (else a warning).
SETUP_DEBS := bubblewrap# the autograder's sandbox (learners' check, instructors' grading)
TEST_DEBS := postgresql# the test that grades into a PostgreSQL gradebook
E2E_DEBS := chromium# the browser that the end-to-end tests drive with Playwright (tests/e2e)
HUB_DEBS := nodejs npm# configurable-http-proxy, JupyterHub's proxy (make hub)
HUB_PROXY := .hub-proxy/node_modules/.bin/configurable-http-proxy
PROXY_VERSION := 5.3.0
# $(call debs,PACKAGES): install the missing ones, or say why it cannot.
define debs
	@missing=$$(for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -z "$$missing" ]; then :; \
	elif command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
	  echo "installing Debian packages: $$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	else echo "warning: cannot install $$missing (needs apt-get and root): see README"; fi
endef
require_lab = $(if $(LAB),,$(error give the lab: make $@ LAB=<lab id> (make labs lists them)))

.DEFAULT_GOAL := help
.PHONY: help setup lab test test-fast test-lab test-e2e lint format labs release collect autograde \
	feedback grades extend bench bench-dqn bench-cpu bench-hub readme hub hub-setup hub-users test-hub

help: ## list every target, one line each
	@awk 'BEGIN {FS = ":.*## "} /^[a-z0-9-]+:.*## / {printf "  make %-10s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

setup: $(STAMP) $(LAB_OVERRIDES) $(OFFLINE_MATHJAX) ## create .venv (Python 3.11) with the pins, utils and autograder; extensions; bubblewrap

# JupyterLab's settings for everyone who uses .venv (make lab, the hub's learners): no news pop-up,
# and the file browser's room goes to the names (no "Modified" column)
$(LAB_OVERRIDES): autograder/jupyterlab/overrides.json $(STAMP)
	@mkdir -p $(dir $@)
	@cp $< $@

# HTML feedback and the formgrader render maths with the MathJax Jupyter serves (no CDN)
$(OFFLINE_MATHJAX): autograder/jupyterlab/mathjax.html.j2 $(STAMP)
	@cp $< $@

$(STAMP): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null || \
	  { echo "error: the course needs Python 3.11 as '$(PYTHON)' (set PYTHON=/path/to/python3.11)"; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	@for ext in $(LAB_EXTENSIONS); do $(JUPYTER) labextension enable --level=sys_prefix $$ext >/dev/null; done
	@$(JUPYTER) server extension enable --sys-prefix nbgrader >/dev/null 2>&1
	$(call debs,$(SETUP_DEBS))
	@touch $@
	@echo "setup done: $(VENV) is ready"

# JupyterLab's terminals get .venv first on their PATH (nbgrader, python -m autograder) and a shell
# that keeps it (a login shell would reset PATH from /etc/profile).
LAB_SHELL ?= $(shell command -v bash || echo /bin/sh)
LAB_ENV := PATH=$(CURDIR)/$(VENV)/bin:$$PATH VIRTUAL_ENV=$(CURDIR)/$(VENV)

lab: setup ## open JupyterLab at the course home, START_HERE.md (PORT=8888, LAB_ARGS="--no-browser")
	@# the course root and its exchange, so that the Assignments panel works before any release
	@$(PY) -c 'from autograder.coursedir import CourseRoot; CourseRoot.from_env().config()'
	$(LAB_ENV) $(JUPYTER) lab --ServerApp.root_dir=$(CURDIR) --port=$(PORT) $(ALLOW_ROOT) \
	  --LabApp.default_url=/lab/tree/START_HERE.md \
	  --ServerApp.terminado_settings='{"shell_command": ["$(LAB_SHELL)"]}' $(LAB_ARGS)

test: setup lint hub-setup ## set up, lint, then run the whole test suite (what CI runs)
	$(call debs,$(SETUP_DEBS) $(TEST_DEBS) $(E2E_DEBS))
	$(PYTEST)

# What needs no browser, no PostgreSQL and no whole notebook run (tests/conftest.py: markers).
FAST := not slow and not browser and not postgres

test-fast: setup ## the tests that need no browser, PostgreSQL or whole notebook run (a few minutes)
	$(PYTEST) -m "$(FAST)"

test-lab: setup ## every test of one lab: LAB=<id> (numbers, answers, its notebook run)
	$(require_lab)
	$(PYTEST) tests/labs -k "$(LAB)"

test-e2e: setup ## only the browser tests: JupyterLab driven in chromium (screenshots: tests/e2e/artifacts)
	$(call debs,$(E2E_DEBS))
	$(PYTEST) tests/e2e

test-hub: setup hub-setup ## only the hub tests: a real JupyterHub, accounts in a private namespace
	$(call debs,$(E2E_DEBS))
	$(PYTEST) tests/autograder/hub

lint: setup ## ruff: lint and format check of the packages, the tests and every notebook
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: setup ## ruff: format the packages, the tests and every notebook (then run make release)
	$(VENV)/bin/ruff format .

labs: setup ## list the labs of the manifest (syllabus.yml)
	@$(AUTOGRADER) labs

release: setup ## regenerate the student notebook and release it: LAB=<id> or WEEK=courseN/weekM
	$(AUTOGRADER) release $(LAB) $(if $(WEEK),--week $(WEEK))

collect: setup ## collect the submissions of LAB=<id> from the exchange
	$(require_lab)
	$(AUTOGRADER) collect $(LAB)

autograde: setup ## grade every collected submission of LAB=<id>, WORKERS at a time (default: cores)
	$(require_lab)
	$(AUTOGRADER) autograde $(LAB) --workers $(WORKERS)

feedback: setup ## write HTML feedback for every graded submission of LAB=<id>
	$(require_lab)
	$(AUTOGRADER) feedback $(LAB)

grades: setup ## write grades.csv (every student and lab), and grades-canvas.csv, grades-moodle.csv
	$(AUTOGRADER) export --output grades.csv
	$(AUTOGRADER) export --lms canvas --output grades-canvas.csv
	$(AUTOGRADER) export --lms moodle --output grades-moodle.csv

extend: setup ## give a learner more time: LAB=<id> STUDENT=<name> DAYS=<n> (course.yml has the due dates)
	$(require_lab)
	$(AUTOGRADER) extend $(LAB) $(STUDENT) $(DAYS)

bench: setup ## compare autograding throughput with plain nbgrader (SUBMISSIONS=60, WORKERS)
	$(PY) bench/autograde.py --submissions $(SUBMISSIONS) --workers $(WORKERS)

bench-dqn: setup ## train the deep Q-learning lab in full: episodes and time to an average of 200, the watched score, landings of 20 seeds
	$(PY) bench/dqn.py

bench-hub: setup hub-setup ## LEARNERS=10 learners on a trial hub run a graded lab: spawn time, memory
	$(PY) bench/hub.py --learners $(LEARNERS)

bench-cpu: setup ## one learner's busy processes beside another's test, with and without CPU groups
	$(PY) bench/cpu_share.py

hub-setup: $(HUB_PROXY) ## JupyterHub's proxy from npm (Node.js from Debian if it is missing)

$(HUB_PROXY):
	$(if $(shell command -v npm),,$(call debs,$(HUB_DEBS)))
	npm install --prefix .hub-proxy --no-audit --no-fund --silent configurable-http-proxy@$(PROXY_VERSION)

hub: setup hub-setup ## serve the course for many learners on this machine (course.yml; as root)
	$(PY) -m autograder.hub serve

hub-users: setup ## create the learners' accounts of ROSTER=roster.csv (a username column)
	$(if $(ROSTER),,$(error give the roster: make hub-users ROSTER=roster.csv))
	$(PY) -m autograder.hub users $(ROSTER)

readme: setup ## regenerate the README's course contents and data table, START_HERE.md and each lab's outline
	$(AUTOGRADER) readme
