#!/usr/bin/env bash
# Throughput/latency benchmark of the gateway as shipped: `bin/cutover gateway` with a static-driver
# service, beside nginx (2 workers, upstream keepalive) and HAProxy (2 threads, http-reuse always),
# all three in front of the same nginx backend, measured with wrk in interleaved rounds on
# loopback only. Ratios are the median of per-round ratios to nginx.
#
#   deploy-tests/bench/run.sh            full run (3 rounds x 8 s; c50 c200 c1000 close50, and over TLS
#                                        tls50 tls200 h2-50 tlsclose50 (see tls.sh); unpinned+pinned)
#   deploy-tests/bench/run.sh --quick    smoke run for CI (1 round x 4 s, unpinned, c50 c200 close50)
#
# Rows: cN = N keep-alive connections; closeN = N connections, a new one per request
# (`Connection: close`); the TLS rows (tlsN, tlscloseN, h2-N) are described in tls.sh. Environment overrides: ROUNDS, DURATION (s per wrk round), WARMUP (s),
# ROWS ("c50 c200 c1000 close50"), MODES ("unpinned pinned"), PROXIES ("nginx haproxy gateway";
# "gateway_b" adds a second gateway for an A/B in one run: CUTOVER_APP_B, CUTOVER_JAVA_OPTS_B;
# SCRAPE_B=1 scrapes gateway_b's /q/metrics once a second while its rounds run (the metrics' cost);
# add "harness" for the data-plane harness BenchProxyMain), CUTOVER_JAVA_OPTS (passed to
# bin/cutover), CUTOVER_APP (another packaged gateway folder: no build), WRK_THREADS (1),
# KEEP=1 (keep the temp dir), MAX_SECONDS (abort if the rounds would run past this; 1500).
# QUARKUS_DATASOURCE_* set: the gateway uses that database; unset: its embedded PostgreSQL.
#
# Why it is built this way (see shared STACK.md, "What moved a Vert.x proxy's throughput"):
# - the gateway is started the way the README starts it, so the figure is the one users get;
# - nginx is the yardstick, HAProxy the other peer, all with keep-alive to the backend;
# - rounds alternate the proxies so drift on this shared 2-core machine hits all alike, and
#   medians of per-round ratios are reported; pinned runs (wrk on CPU 0, proxies and backend on
#   CPU 1) are steadier. A ratio never fails the run (the machine is noisy); an error does.
set -euo pipefail

QUICK=0
for arg in "$@"; do
  case "$arg" in
    --quick) QUICK=1 ;;
    -h | --help) awk 'NR > 1 && /^# Why/ {exit} NR > 1 {sub(/^# ?/, ""); print}' "$0"; exit 0 ;;
    *) echo "unknown argument: $arg (see --help)" >&2; exit 2 ;;
  esac
done
if [[ $QUICK == 1 ]]; then
  ROUNDS=${ROUNDS:-1} DURATION=${DURATION:-4} WARMUP=${WARMUP:-8}
  ROWS=${ROWS:-"c50 c200 close50"} MODES=${MODES:-unpinned}
else
  ROUNDS=${ROUNDS:-3} DURATION=${DURATION:-8} WARMUP=${WARMUP:-20}
  ROWS=${ROWS:-"c50 c200 c1000 close50 tls50 tls200 h2-50 tlsclose50"} MODES=${MODES:-"unpinned pinned"}
fi
PROXIES=${PROXIES:-"nginx haproxy gateway"}
MAX_SECONDS=${MAX_SECONDS:-1500}
WRK_THREADS=${WRK_THREADS:-1}

REPO=$(cd "$(dirname "$0")/../.." && pwd)
BENCH_DIR=$REPO/deploy-tests/bench
START=$SECONDS
# shellcheck source=deploy-tests/bench/lib.sh
source "$BENCH_DIR/lib.sh"
# shellcheck source=deploy-tests/bench/tls.sh
source "$BENCH_DIR/tls.sh"

need_tools nginx:nginx haproxy:haproxy wrk:wrk curl:curl
cd "$REPO"
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true # 1000 connections through each proxy
if [[ -z ${CUTOVER_APP:-} ]]; then
  build_gateway
fi
[[ " $PROXIES " == *" harness "* ]] && build_harness

TMP=$(mktemp -d /tmp/cutover-bench.XXXXXX)
chmod 755 "$TMP" # nginx workers run as nobody
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port && BACKEND_PORT=$FREE_PORT
declare -A PORT PID
for p in $PROXIES; do free_port && PORT[$p]=$FREE_PORT; done
prepare_tls

start_backend_and_proxies

# Every proxy must answer the backend's body before anything is measured.
for p in $PROXIES; do
  body=$(curl -sS --max-time 5 "http://127.0.0.1:${PORT[$p]}/" || true)
  [[ $body == hello ]] || { loud "$p answered '$body' instead of 'hello'"; exit 1; }
done
if [[ ${SCRAPE_B:-0} == 1 ]]; then
  [[ " $PROXIES " == *" gateway_b "* ]] || { echo "SCRAPE_B=1 needs gateway_b in PROXIES" >&2; exit 2; }
  curl -fsS -H "Authorization: Bearer ${TOKEN[gateway_b]}" \
    "http://127.0.0.1:${ADMIN_PORT[gateway_b]}/q/metrics" | grep -q '^cutover_requests_total{' \
    || { loud "gateway_b's /q/metrics has no cutover_requests_total"; exit 1; }
fi

ESTIMATE=$((WARMUP + $(wc -w <<<"$MODES") * $(wc -w <<<"$ROWS") * ROUNDS * $(wc -w <<<"$PROXIES") * (DURATION + 1)))
log "plan: warm-up ${WARMUP}s, modes [$MODES], rows [$ROWS], proxies [$PROXIES], $ROUNDS round(s) x ${DURATION}s; about ${ESTIMATE}s"
((ESTIMATE <= MAX_SECONDS)) || { echo "over MAX_SECONDS=$MAX_SECONDS: lower ROUNDS/DURATION/ROWS" >&2; exit 2; }

# The JIT needs traffic before the JVM's numbers mean anything; the others get a touch too so all
# have their upstream keep-alive connections open.
for p in $PROXIES; do
  secs=2
  [[ $p == gateway || $p == gateway_b || $p == harness ]] && secs=$WARMUP
  wrk -t"$WRK_THREADS" -c50 -d"${secs}s" "http://127.0.0.1:${PORT[$p]}/" >"$TMP/warmup-$p.txt" 2>&1
  if grep -qE "Socket errors|Non-2xx" "$TMP/warmup-$p.txt"; then
    record_error "warm-up of $p ($TMP/warmup-$p.txt)"
  fi
done
check_and_warm_tls
check_alive

RESULTS=$TMP/results.tsv
: >"$RESULTS"
for mode in $MODES; do
  set_mode "$mode"
  for row in $ROWS; do
    for round in $(seq "$ROUNDS"); do
      for p in $PROXIES; do
        run_wrk "$mode" "$row" "$p" "$round"
      done
    done
  done
done
set_mode unpinned
[[ ${SCRAPE_B:-0} == 1 ]] && check_scrapes gateway_b

print_summary
if ((ERRORS)); then
  echo
  loud "$ERRORS round(s) had errors:"
  printf '  %s\n' "${ERROR_ROUNDS[@]}" >&2
  exit 1
fi
log "done in $((SECONDS - START))s"
