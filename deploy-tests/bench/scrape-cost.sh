#!/usr/bin/env bash
# What a Prometheus scrape of /q/metrics costs the gateway as shipped, in CPU time rather than in
# throughput: the A/B throughput figure (run.sh with PROXIES="... gateway_b" SCRAPE_B=1) cannot show
# a 2% cost on this noisy machine, while the CPU a process used is counted by the kernel whatever
# else runs beside it.
#
#   deploy-tests/bench/scrape-cost.sh     SCRAPES (300) back-to-back scrapes, BATCHES (3) times;
#                                         LOAD_SECONDS (5) of wrk -c50 for the gateway's CPU per s
#
# Prints the median CPU milliseconds one scrape costs, the gateway's CPU milliseconds per second
# while it proxies wrk -c50, and their ratio: the share of the gateway's CPU that one scrape a
# second takes (its throughput cost while CPU-bound). Nothing is added per request by the metrics
# (they are read from the proxy's own counters on scrape), so the scrape is the whole cost.
set -euo pipefail

SCRAPES=${SCRAPES:-300}
BATCHES=${BATCHES:-3}
LOAD_SECONDS=${LOAD_SECONDS:-5}
PROXIES=gateway

REPO=$(cd "$(dirname "$0")/../.." && pwd)
BENCH_DIR=$REPO/deploy-tests/bench
# shellcheck source=deploy-tests/bench/lib.sh
source "$BENCH_DIR/lib.sh"

need_tools nginx:nginx wrk:wrk curl:curl
cd "$REPO"
[[ -n ${CUTOVER_APP:-} ]] || build_gateway

TMP=$(mktemp -d /tmp/cutover-scrape.XXXXXX)
chmod 755 "$TMP" # nginx workers run as nobody
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port && BACKEND_PORT=$FREE_PORT
declare -A PORT PID
free_port && PORT[gateway]=$FREE_PORT
start_backend_and_proxies
GW=${PID[gateway]}
TICK_MS=$((1000 / $(getconf CLK_TCK)))

cpu_ms() { # the gateway JVM's user+system CPU so far
  awk -v t="$TICK_MS" '{print ($14 + $15) * t}' "/proc/$GW/stat"
}

url=http://127.0.0.1:${PORT[gateway]}/
log "warming up: wrk -c50 for 10s, then $SCRAPES scrapes"
wrk -t1 -c50 -d10s "$url" >/dev/null
scrape_args=() # curl writes each body where the -o before its URL says
for _ in $(seq "$SCRAPES"); do scrape_args+=(-o /dev/null "http://127.0.0.1:${ADMIN_PORT[gateway]}/q/metrics"); done
scrape_batch() { # every scrape on one curl process, so curl's start-up is not what is timed
  curl -s -w '%{http_code}\n' -H "Authorization: Bearer ${TOKEN[gateway]}" "${scrape_args[@]}" \
    | grep -vc '^200$' || true
}
scrape_batch >/dev/null

per_scrape=()
for b in $(seq "$BATCHES"); do
  before=$(cpu_ms)
  failed=$(scrape_batch)
  after=$(cpu_ms)
  ((failed == 0)) || record_error "$failed scrape(s) of batch $b did not answer 200"
  per_scrape+=("$(awk -v a="$before" -v b="$after" -v n="$SCRAPES" 'BEGIN {printf "%.3f", (b - a) / n}')")
  log "batch $b: $SCRAPES scrapes used $((after - before)) ms CPU"
done
bytes=$(curl -s -H "Authorization: Bearer ${TOKEN[gateway]}" \
  "http://127.0.0.1:${ADMIN_PORT[gateway]}/q/metrics" | wc -c)

before=$(cpu_ms)
wrk -t1 -c50 -d"${LOAD_SECONDS}s" "$url" >"$TMP/wrk.txt"
after=$(cpu_ms)
load_ms_per_s=$(awk -v a="$before" -v b="$after" -v s="$LOAD_SECONDS" 'BEGIN {printf "%.0f", (b - a) / s}')
rps=$(awk '/Requests\/sec/ {print $2}' "$TMP/wrk.txt")

scrape_ms=$(printf '%s\n' "${per_scrape[@]}" | median)
echo
echo "Metrics scrape cost of the packaged gateway (commit $(git rev-parse --short HEAD), $(nproc) cores)"
echo "one scrape of /q/metrics ($bytes bytes): ${scrape_ms} ms CPU (median of $BATCHES batches of $SCRAPES; ${per_scrape[*]})"
echo "gateway under wrk -c50 for ${LOAD_SECONDS}s: ${load_ms_per_s} ms CPU per s at ${rps} req/s"
awk -v s="$scrape_ms" -v l="$load_ms_per_s" \
  'BEGIN {printf "one scrape a second: %.2f%% of the gateway'"'"'s CPU under load (target < 2%%)\n", 100 * s / l}'
((ERRORS == 0)) || exit 1
