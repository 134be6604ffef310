# RRP self-assessment summaries. `make` lists the targets.
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# What .venv gets (pyproject.toml's extras), by what a target needs; each is
# installed once and again only when pyproject.toml or constraints.txt change:
#   run  the package alone: validate, data, reports, the panel (no JupyterLab)
#   dev  + explore + dev: the tests (they run the exploration notebook), lint, types
#   lab  + explore + lab: JupyterLab with the exploration notebook
#   explore  + explore: the exploration app (Voilà)
EXTRAS_run :=
EXTRAS_dev := [explore,dev]
EXTRAS_lab := [explore,lab]
EXTRAS_explore := [explore]
RUN := $(VENV)/.installed-run
DEV := $(VENV)/.installed-dev
LAB := $(VENV)/.installed-lab
EXPLORE := $(VENV)/.installed-explore
# Exports to read: default everything in data/raw/. E.g. `make validate RAW=new_export.xlsx`
RAW ?=
# PDF=1: also print each report to report.pdf with headless Chromium (`make reports PDF=1`)
PDF ?=
# SLIDES=1: also write each report as THL's slide deck report.pptx (with PDF=1 also report-slides.pdf, by LibreOffice)
SLIDES ?=
# REPORT_LANGUAGES="fi sv en": the reports in these languages (default fi; report.sv.html, report.en.html beside
# report.html). Not LANG, which is the locale.
REPORT_LANGUAGES ?= fi
LANG_ARGS = $(if $(filter-out fi,$(strip $(REPORT_LANGUAGES))),--lang $(subst $(eval) ,$(COMMA),$(strip $(REPORT_LANGUAGES))))
COMMA := ,
# SCREENING=no: leave section 11 out; SCREENING=all or a date: the screening's scope (default 2025-06-30)
SCREENING ?=
SCREENING_ARGS = $(if $(filter no 0 false,$(SCREENING)),--no-screening,$(if $(SCREENING),--screening-scope $(SCREENING))) $(if $(filter 1 yes true,$(PUBLIC)),--public)
# PUBLIC=1: the report for outside THL (no screening, no expert panel; build --public)
PUBLIC ?=
# The expert panel: `make review-pack CUTOFF=2025-12-31 REVIEWERS=internal/arvioijat.csv [SCOPE=DATE|all] (default: the models assessed by 30.6.2025, the screening's scope)`,
# then `make review-collect WORKBOOKS=internal/palautetut/` (README, "The expert panel's review")
REVIEWERS ?=
SCOPE ?=
WORKBOOKS ?=
# The exploration app's port on 127.0.0.1 (`make explore EXPLORE_PORT=8900`)
EXPLORE_PORT ?= 8866
# Extra arguments for benchmarks/bench.py, e.g. `make bench ARGS="--only scale --repeat 5"`
ARGS ?=

.PHONY: help setup install test test-fast lint format typecheck check validate data reports report review-pack review-collect lab explore sample-data bench clean lock

help: ## list the targets with what they do
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  make %-14s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(VENV)/.installed-%: pyproject.toml constraints.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.$(EXTRAS_$*)'
	@touch $@

setup: $(DEV) ## create .venv with the package, the tests' and the code checks' tools (fast when nothing changed)

install: $(RUN) ## create .venv with the package alone: what the reports need (the data targets do this themselves)

# Tests keep Python's compiled files (__pycache__/, git-ignored) even where the shell
# sets PYTHONDONTWRITEBYTECODE: else each run compiles the package and rewrites every
# test module's assertions again in each worker (about 2 s of make test-fast).
test test-fast: export PYTHONDONTWRITEBYTECODE =

test: setup ## run the whole test suite, doctests included, on two workers (under 5 minutes)
	$(PY) -m pytest -n 2

test-fast: setup ## run the tests not marked slow and the doctests (no notebook execution, no scale runs; under 30 s)
	$(PY) -m pytest -m "not slow" -n 2

lint: setup ## ruff: lint rules and formatting check (pyproject.toml [tool.ruff])
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: setup ## ruff: sort imports, apply safe fixes and format the code in place
	$(VENV)/bin/ruff check --fix --select I .
	$(VENV)/bin/ruff format .

typecheck: setup ## mypy on src/ (pyproject.toml [tool.mypy])
	$(VENV)/bin/mypy

check: lint typecheck test ## lint, type check and the tests: what .ci/run runs

validate: $(RUN) ## check exports (data/raw/ or RAW=...) and report problems; writes nothing
	$(PY) -m analysis validate $(RAW)

data: $(RUN) ## clean the exports into data/processed/<cutoff>/ for 30.6., 31.10. and 31.12.2025
	$(PY) -m analysis clean $(RAW)

reports: $(RUN) ## build the reports of 30.6., 31.10. and 31.12.2025 and reports/index.html (PDF=1: also report.pdf; SLIDES=1: also report.pptx; REPORT_LANGUAGES="fi sv en": also in Swedish and English)
	$(PY) -m analysis build --all $(if $(RAW),--raw $(RAW)) $(if $(filter 1 yes true,$(PDF)),--pdf) $(if $(filter 1 yes true,$(SLIDES)),--slides) $(SCREENING_ARGS) $(LANG_ARGS)

report: $(RUN) ## build one cutoff's report: make report CUTOFF=2025-12-31
	@test -n "$(CUTOFF)" || { echo "make report needs a cutoff: make report CUTOFF=2025-12-31 (or 31.12.2025); make reports builds the three standard ones"; exit 2; }
	$(PY) -m analysis build --cutoff $(CUTOFF) $(if $(RAW),--raw $(RAW)) $(if $(filter 1 yes true,$(PDF)),--pdf) $(if $(filter 1 yes true,$(SLIDES)),--slides) $(SCREENING_ARGS) $(LANG_ARGS)

review-pack: $(RUN) ## the panel's review cards, workbooks and assignment: CUTOFF=... REVIEWERS=file [SCOPE=DATE|all]
	@test -n "$(CUTOFF)" -a -n "$(REVIEWERS)" || { echo "make review-pack needs a cutoff and the reviewers file: make review-pack CUTOFF=2025-12-31 REVIEWERS=arvioijat.csv"; exit 2; }
	$(PY) -m analysis review-pack --cutoff $(CUTOFF) --reviewers $(REVIEWERS) $(if $(SCOPE),--scope $(SCOPE))

review-collect: $(RUN) ## read the panel's filled workbooks: WORKBOOKS=folder-or-files; then make report
	@test -n "$(WORKBOOKS)" || { echo "make review-collect needs the returned workbooks: make review-collect WORKBOOKS=internal/palautetut/ (a folder, or files)"; exit 2; }
	$(PY) -m analysis review-collect $(WORKBOOKS)

lab: $(LAB) ## open JupyterLab on notebooks/ (cleans data/raw/ first if data/processed/ is empty); saves notebooks without outputs
	@ls data/processed/*/manifest.json >/dev/null 2>&1 || $(PY) -m analysis clean
	$(VENV)/bin/jupyter lab --notebook-dir=notebooks --ContentsManager.pre_save_hook=analysis.explore.lab.strip_outputs \
		$(if $(filter 0,$(shell id -u)),--allow-root)

explore: $(EXPLORE) ## the exploration as an app in the browser (Voilà) on 127.0.0.1, port 8866 (EXPLORE_PORT=... for another)
	@ls data/processed/*/manifest.json >/dev/null 2>&1 || $(PY) -m analysis clean
	@echo "Tutkailusovellus: http://127.0.0.1:$(EXPLORE_PORT)/ (lopeta: Ctrl+C)"
	JUPYTER_PATH=src/analysis/templates/jupyter $(VENV)/bin/voila notebooks/exploration.ipynb --template=rrp_tutkailu \
		--Voila.ip=127.0.0.1 --port=$(EXPLORE_PORT) --Voila.open_browser=$(if $(DISPLAY)$(WAYLAND_DISPLAY)$(filter Darwin,$(shell uname)),True,False)

sample-data: $(RUN) ## regenerate the synthetic sample export in data/raw/ (same bytes every time)
	$(PY) -m analysis sample-data

bench: setup ## benchmarks: build speed and scale to 1M rows, about 12 min (ARGS=--quick for a smoke run)
	$(PY) benchmarks/bench.py $(ARGS)

clean: ## remove generated outputs (data/processed/, reports/); data/raw/ is never touched
	find data/processed reports -mindepth 1 -not -name .gitkeep -not -name README.md -delete

lock: $(DEV) $(LAB) ## re-pin constraints.txt to what .venv has installed, every extra included (after changing dependencies)
	@{ echo "# Exact versions installed into .venv by the Makefile (pip -c). Regenerate after changing"; \
	   echo "# pyproject.toml's dependencies with \`make lock\`."; \
	   $(PY) -m pip freeze --exclude-editable --disable-pip-version-check | grep -v '^-e'; } > constraints.txt
