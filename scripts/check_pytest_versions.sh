#!/usr/bin/env bash
# Runs the pytest plugin's tests (tests/test_plugin.py) against each major version of pytest
# the plugin supports, each in a fresh virtual environment with this checkout installed.
# CI runs the suite on the installed pytest only; run this when the plugin changes.
#
#   scripts/check_pytest_versions.sh                      # pytest 7.x, 8.x and 9.x (newest of each)
#   scripts/check_pytest_versions.sh 'pytest==7.0.1'      # any pip requirement(s) instead
#
# PYTHON picks the interpreter (default python3). Exits non-zero if any version fails.
set -uo pipefail
cd "$(dirname "$0")/.."

python="${PYTHON:-python3}"
if [ "$#" -gt 0 ]; then
    requirements=("$@")
else
    requirements=('pytest>=7,<8' 'pytest>=8,<9' 'pytest>=9,<10')
fi
workdir="$(mktemp -d)"
trap 'rm -rf "$workdir"' EXIT

status=0
results=()
for index in "${!requirements[@]}"; do
    requirement="${requirements[$index]}"
    venv="$workdir/venv$index"
    log="$workdir/log$index"
    echo "== $requirement"
    if ! { "$python" -m venv "$venv" \
           && "$venv/bin/python" -m pip install --quiet --upgrade pip \
           && "$venv/bin/python" -m pip install --quiet -e . "$requirement" pytest-xdist; } >"$log" 2>&1; then
        cat "$log"
        results+=("$requirement: install failed")
        status=1
        continue
    fi
    version="$("$venv/bin/python" -c 'import pytest; print(pytest.__version__)')"
    "$venv/bin/python" -m pytest -q -p no:cacheprovider tests/test_plugin.py 2>&1 | tee "$log"
    outcome="${PIPESTATUS[0]}"
    results+=("pytest $version: $(tail -n 1 "$log" | sed 's/=//g; s/^ *//; s/ *$//')")
    [ "$outcome" -eq 0 ] || status=1
done

echo "== summary"
printf '%s\n' "${results[@]}"
exit "$status"
