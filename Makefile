# One-command set-up, test and demo. Every target installs what it needs, idempotently.
SHELL := /bin/bash
.ONESHELL:
.SHELLFLAGS := -eu -o pipefail -c

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
EXTRAS := demo,offline,test,test-compare,dev,onnx
export GRADIO_ANALYTICS_ENABLED := False
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: install python-deps frontend-deps browser-deps build test test-python test-frontend test-load test-transformers4 test-range demo dev docs clean

install: python-deps frontend-deps

# Python: venv, torch pinned through constraints.txt, the package editable with its extras.
python-deps: $(VENV)/.stamp-python
$(VENV)/.stamp-python: pyproject.toml constraints.txt
	[ -x $(PY) ] || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -c constraints.txt -e ".[$(EXTRAS)]"
	touch $@

# Frontend: npm ci from the committed lock file.
frontend-deps: frontend/node_modules/.stamp-npm
frontend/node_modules/.stamp-npm: frontend/package.json frontend/package-lock.json
	npm ci --prefix frontend --no-audit --no-fund --loglevel=error
	touch $@

# Browser tests: Debian's Chromium and fonts for emoji, CJK and Arabic.
browser-deps:
	if [ ! -x /usr/bin/chromium ] || [ ! -d /usr/share/fonts/truetype/noto ]; then
	  apt-get update -qq
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-core fonts-noto-cjk fonts-noto-color-emoji fonts-dejavu-core >/dev/null
	fi

# The built frontend lands in backend/gradio_sentimentpanel/templates and dist/ gets wheel + sdist.
build: install
	$(VENV)/bin/gradio cc build --no-generate-docs --python-path $(CURDIR)/$(PY)

test-frontend: frontend-deps
	npm run typecheck --prefix frontend --silent
	npm test --prefix frontend --silent

test-python: install browser-deps build
	$(PY) -m pytest

# The load and faults script in its short form (the full one: benchmarks/load.py, 60 s, 5 MB).
test-load: install
	$(PY) benchmarks/load.py --short

# The Analyzer with the oldest transformers it supports (4.57; it needs huggingface_hub<1, so a
# Gradio of 6.17 at most): its own venv, the pipelines tests on the tiny models, and the remote
# models over huggingface_hub 0.x (requests underneath; aiohttp for AsyncInferenceClient).
VENV4 := .venv-transformers4
$(VENV4)/.stamp: pyproject.toml constraints.txt Makefile
	[ -x $(VENV4)/bin/python ] || $(PYTHON) -m venv $(VENV4)
	$(VENV4)/bin/python -m pip install -q --upgrade pip
	$(VENV4)/bin/python -m pip install -q -c constraints.txt "transformers>=4.57,<4.58" "huggingface_hub<1" "gradio>=6.0.1,<6.18" torch aiohttp -e ".[test,offline,onnx]"
	touch $@

test-transformers4: $(VENV4)/.stamp
	$(VENV4)/bin/python -c "import transformers; assert transformers.__version__.startswith('4.'), transformers.__version__"
	$(VENV4)/bin/python -m pytest -q -p no:cacheprovider tests/pipelines/test_analyzer.py tests/pipelines/test_sentences.py tests/unit/test_adapters.py tests/unit/test_labels_of.py tests/pipelines/test_aspects.py tests/pipelines/test_explain.py tests/pipelines/test_remote.py tests/unit/test_retry.py tests/pipelines/test_onnx.py

test: test-frontend test-python test-load test-transformers4

# Every case of tests/packaging/test_gradio_range.py (`make test` runs its fast subset): the wheel
# beside each Gradio release where custom components changed, driven in Chromium.
test-range: install browser-deps build
	SENTIMENTPANEL_RANGE=all $(PY) -m pytest tests/packaging/test_gradio_range.py

demo: install build
	$(PY) demo/app.py

# gradio cc dev looks `gradio` and `python` up on PATH for the backend it starts: the venv's first.
# The page it opens is rendered by frontend/dev/dev_page.js (see the README's "Developing").
dev: install
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(VENV)/bin/gradio cc dev demo/app.py \
	  --python-path "$(CURDIR)/$(PY)" --gradio-path "$(CURDIR)/$(VENV)/bin/gradio"

# demo/space.py, demo/css.css and the README's component reference, by gradio cc docs
docs: install
	$(PY) scripts/docs.py

clean:
	rm -rf $(VENV) $(VENV4) frontend/node_modules dist backend/gradio_sentimentpanel/templates
