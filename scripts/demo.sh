#!/bin/sh
# `make demo`: generate sample data if it is missing, then run the baseline
# notebook on it and print the evaluation.
set -e
fls="${1:-.build/release/fls}"
cd "$(dirname "$0")/.."
if "$fls" help sample-data >/dev/null 2>&1 && [ -f Notebooks/02_baseline.fls ]; then
  [ -f sample-data/tiny/signatures.pkl ] || "$fls" sample-data sample-data/tiny --scale tiny
  "$fls" run Notebooks/02_baseline.fls
else
  "$fls" run Notebooks/00_tour.fls
fi
