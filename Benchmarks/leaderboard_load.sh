#!/usr/bin/env bash
# Load benchmark of the leaderboard server: wrk POSTs valid submissions on
# 127.0.0.1 only, for a bounded time, then GETs the page; prints wrk's report
# (requests/s and latency percentiles).
#
# usage: Benchmarks/leaderboard_load.sh [SECONDS] [SEQUENCES]
#   BOARD_CMD   how to start the server (default: the release `fls leaderboard serve`,
#               else the scratch `board serve`); it gets --truth/--db/--port/--rate-limit 0
#   CONNECTIONS wrk connections (default 16); THREADS wrk threads (default 2)
set -euo pipefail

SECONDS_TO_RUN=${1:-10}
SEQUENCES=${2:-1000}
CONNECTIONS=${CONNECTIONS:-16}
THREADS=${THREADS:-2}
PORT=${PORT:-18480}
ROOT=$(cd "$(dirname "$0")/.." && pwd)

if [[ -z "${BOARD_CMD:-}" ]]; then
    if [[ -x "$ROOT/.build/release/fls" ]]; then
        BOARD_CMD="$ROOT/.build/release/fls leaderboard serve"
    elif [[ -x "$ROOT/.build/release/board" ]]; then
        BOARD_CMD="$ROOT/.build/release/board serve"
    else
        echo "No release build found: run 'swift build -c release' first or set BOARD_CMD." >&2
        exit 1
    fi
fi
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)." >&2; exit 1; }

WORK=$(mktemp -d)
SERVER_PID=""
cleanup() {
    if [[ -n "$SERVER_PID" ]]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

# A truth file of SEQUENCES sequences over 101 persons (10% unscored), and the
# Lua script with one fixed valid prediction matrix; team names rotate over 200.
python3 - "$WORK" "$SEQUENCES" <<'PY'
import json, random, sys
work, n = sys.argv[1], int(sys.argv[2])
rng = random.Random(2019)
labels = [rng.randrange(101) if rng.random() > 0.1 else -1 for _ in range(n)]
json.dump({"format": "fls-leaderboard-truth", "version": 1, "sequences": n, "labels": labels, "persons": 101},
          open(f"{work}/truth.json", "w"))
rows = [rng.sample(range(101), 5) for _ in range(n)]
predictions = json.dumps(rows, separators=(",", ":"))
open(f"{work}/post.lua", "w").write(f"""
local predictions = '{predictions}'
local counter = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
request = function()
  counter = counter + 1
  local body = '{{"submitter":"team-' .. (counter % 200) .. '","predictions":' .. predictions .. '}}'
  return wrk.format(nil, nil, nil, body)
end
""")
print(f"body size: about {len(predictions) + 40} bytes, {n} sequences")
PY

$BOARD_CMD --truth "$WORK/truth.json" --db "$WORK/board.sqlite" --host 127.0.0.1 --port "$PORT" --rate-limit 0 \
    > "$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 100); do
    curl -fs "http://127.0.0.1:$PORT/api/leaderboard" >/dev/null 2>&1 && break
    sleep 0.1
done

echo "== POST /orcam/api: ${SECONDS_TO_RUN}s, $CONNECTIONS connections, $THREADS threads"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"${SECONDS_TO_RUN}s" --timeout 10s --latency -s "$WORK/post.lua" \
    "http://127.0.0.1:$PORT/orcam/api"
echo "== stored submissions:"
python3 -c "import json,sys; b=json.load(sys.stdin); print(sum(e['submissions'] for e in b['entries']), 'in', len(b['entries']), 'teams')" \
    < <(curl -fs "http://127.0.0.1:$PORT/api/leaderboard")
echo "== GET / (HTML page): 5s"
wrk -t"$THREADS" -c"$CONNECTIONS" -d5s --latency "http://127.0.0.1:$PORT/"
