#!/usr/bin/env bash
# The whole test suite: Python (unit, property, notebooks, Pyodide, browser) and the JS engine's.
# Called by `make test` after the site is built; extra arguments go to pytest.
set -uo pipefail
cd "$(dirname "$0")/.."
export NO_MKDOCS_2_WARNING=1 PYTHONHASHSEED=0

status=0
# In CI, Hypothesis draws from a fixed seed so the gate is reproducible; locally it explores.
seed=()
if [ -n "${CI:-}" ]; then seed=(--hypothesis-seed=0); fi
.venv/bin/python -m pytest "${seed[@]}" "$@"
rc=$?
# Exit 5 means "no tests collected" (e.g. a -k filter matched nothing): not a failure of the code.
if [ $rc -ne 0 ] && [ $rc -ne 5 ]; then status=$rc; fi

if compgen -G "web/test/*.test.mjs" >/dev/null; then
  node --test web/test/ || status=1
fi
exit $status
