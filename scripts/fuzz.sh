#!/bin/bash
# Runs every libFuzzer target of FLSFuzz for a fixed time each and sums up.
#   scripts/fuzz.sh BINARY SECONDS [TARGET...]
# With FUZZ_RUNS=N in the environment each target stops after N executions
# instead, SECONDS then being a cap on its time (0: no cap). FUZZ_FORK=J runs
# each target as J worker processes of one libFuzzer run (-fork=J), which
# merge what they find into the one corpus; the executions are the total.
# Prints `target: E executions, C crashes` per target and a last line
# `fuzz: N targets, M executions, K crashes`; exits 1 when anything crashed
# (or hung, or ran out of memory). Seeds come from Tests/Fixtures and the
# golden scripts; each target's growing corpus, logs and crash inputs live in
# .build-fuzz/work/<kind>/<target>. See docs/fuzzing.md.
set -u
bin=$1
seconds=$2
shift 2
runs=${FUZZ_RUNS:-0}
limit="-max_total_time=$seconds"
[ "$runs" -gt 0 ] 2>/dev/null && limit="-runs=$runs -max_total_time=$seconds"
fork=${FUZZ_FORK:-0}
[ "$fork" -gt 0 ] 2>/dev/null && limit="$limit -fork=$fork"
all="pickle tar tarindex jpeg npy npz csv json lexer parser compiler run notebook markdown leaderboard"
targets=${*:-$all}
for target in $targets; do
  case " $all " in *" $target "*) ;; *) echo "fuzz: no target '$target'; the targets are: $all" >&2; exit 2 ;; esac
done
work=.build-fuzz/work
mkdir -p "$work"

# Seed files for a target, as paths relative to the repository.
seeds_of() {
  case $1 in
    pickle) ls Tests/Fixtures/pickle/*.pkl Tests/Fixtures/data/*.pkl Tests/Fixtures/kit/*.pkl ;;
    tar) ls Tests/Fixtures/tar/*.tar; find Tests/Fixtures/tar/hostile -type f 2>/dev/null ;;
    tarindex) ;;  # written by the target itself from the fixture tars
    jpeg) ls Tests/Fixtures/jpeg/*.jpg Tests/Fixtures/jpeg/*.bin ;;
    npy) ls Tests/Fixtures/npy/*.npy ;;
    npz) ls Tests/Fixtures/npy/*.npz ;;
    csv) ls Tests/Fixtures/csv/*.csv ;;
    json) ls Tests/Fixtures/json/*.json Tests/Fixtures/leaderboard/*.json ;;
    lexer|parser|compiler|run) find Tests/Scripts -name '*.fls' -size -8k | sort | head -400 ;;
    notebook) ls Tests/Fixtures/notebook/*.fls Notebooks/*.fls ;;
    markdown) find docs Tests/Fixtures/notebook -name '*.md' -size -16k; ls README.md ;;
    leaderboard) ls Tests/Fixtures/leaderboard/submission.json ;;
  esac 2>/dev/null
}

total_execs=0
total_crashes=0
count=0
for target in $targets; do
  seeds=$work/seeds/$target corpus=$work/corpus/$target artifacts=$work/crashes/$target
  log=$work/logs/$target.log
  # Markdown is parsed line by line into strings, allocation-bound under
  # AddressSanitizer: 4 KB inputs (every block construct fits) give it 1.4
  # times the runs of 8 KB ones.
  max_len=65536
  [ "$target" = markdown ] && max_len=4096
  # Crash inputs of earlier runs are kept; only this run's are counted.
  rm -rf "$seeds"
  mkdir -p "$seeds" "$corpus" "$artifacts" "$work/logs"
  marker=$work/logs/$target.started
  touch "$marker"
  for f in $(seeds_of "$target"); do cp "$f" "$seeds/$(echo "$f" | tr / _)"; done
  # FLS_MAX_MEMORY makes every loader refuse buffers over 256 MB: a larger
  # malloc is then a finding (an allocation that does not ask the
  # gatekeeper), reported by -malloc_limit_mb.
  FLS_FUZZ_TARGET=$target FLS_FUZZ_SEEDS=$seeds FLS_FUZZ_TAR_FIXTURES=Tests/Fixtures/tar \
  FLS_MAX_MEMORY=256M SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=0:allocator_may_return_null=1 \
    "$bin" $limit -print_final_stats=1 -timeout=25 -max_len=$max_len \
      -rss_limit_mb=3072 -malloc_limit_mb=1024 -detect_leaks=0 \
      -artifact_prefix="$artifacts/" "$corpus" "$seeds" >"$log" 2>&1
  status=$?
  # One process prints its final stats; a -fork run says how many it did in all.
  execs=$(awk '/stat::number_of_executed_units:/ { n = $2 } /^INFO: fuzzed for [0-9]+ iterations/ { n = $4 }
    END { print n + 0 }' "$log")
  # A slow-unit-* file is libFuzzer's note of an input over 10 s, not a finding (a hang is a timeout-*).
  crashes=$(find "$artifacts" -type f -newer "$marker" ! -name 'slow-unit-*' | wc -l)
  if [ "$status" -ne 0 ] && [ "$crashes" -eq 0 ]; then crashes=1; fi
  echo "$target: $execs executions, $crashes crashes"
  if [ "$crashes" -ne 0 ]; then
    grep -E "ERROR: |SUMMARY: |Fatal error|runtime failure|Test unit written|Set FLS_FUZZ_TARGET|^    #[0-4] " "$log" | head -12 | sed "s/^/  /"
    echo "  full log: $log"
  fi
  total_execs=$((total_execs + execs))
  total_crashes=$((total_crashes + crashes))
  count=$((count + 1))
done
echo "fuzz: $count targets, $total_execs executions, $total_crashes crashes"
[ "$total_crashes" -eq 0 ]
