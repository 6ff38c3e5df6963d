#!/bin/sh
# `make bench`: every benchmark against its Python/numpy twin, one run.
set -e
fls="${1:-.build/release/fls}"
cd "$(dirname "$0")/.."
python3 Benchmarks/bench.py --fls "$fls"
