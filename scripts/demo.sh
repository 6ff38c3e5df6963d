#!/bin/sh
# `make demo`: generate the tiny sample data if it is missing, then run the
# baseline notebook on it; it ends with the kit's three evaluation lines.
set -e
fls="${1:-.build/release/fls}"
cd "$(dirname "$0")/.."
[ -f sample-data/tiny/signatures.pkl ] || "$fls" sample-data sample-data/tiny --scale tiny
"$fls" run Notebooks/02_baseline.fls
