#!/usr/bin/env bash
# What the gateway costs as the work grows, each printed as a figure:
#   1. routing: one route pick and one route-table swap at 1, 100 and 10,000 services
#      (RoutingCostMain, a timed loop on the gateway's own RouteTable, medians of 7 runs);
#   2. memory per live service: the packaged gateway (bin/cutover gateway) with SERVICES static
#      services, RSS before and after each has a live release;
#   3. throughput through all those services at once (a wrk Lua script spreading the Host header)
#      against one service's, in interleaved rounds;
#   4. RSS per idle keep-alive client connection: IDLE connections opened through the proxy, each
#      after one request, and held.
#
#   deploy-tests/bench/costs.sh        SERVICES=1000 IDLE=9000 ROUNDS=3 DURATION=5
#
# Loopback only; every process it starts is stopped on exit.
set -euo pipefail

SERVICES=${SERVICES:-1000}
IDLE=${IDLE:-9000}
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-5}
PROXIES=gateway
REPO=$(cd "$(dirname "$0")/../.." && pwd)
BENCH_DIR=$REPO/deploy-tests/bench
# shellcheck source=deploy-tests/bench/lib.sh
source "$BENCH_DIR/lib.sh"

need_tools nginx:nginx wrk:wrk curl:curl python3:python3
cd "$REPO"
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
[[ -n ${CUTOVER_APP:-} ]] || build_gateway
build_harness # the test classes hold RoutingCostMain

TMP=$(mktemp -d /tmp/cutover-costs.XXXXXX)
chmod 755 "$TMP"
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "== 1. routing"
java -XX:+UseParallelGC -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  io.cutover.bench.RoutingCostMain

free_port && BACKEND_PORT=$FREE_PORT
declare -A PORT PID
free_port && PORT[gateway]=$FREE_PORT
write_backend_conf >"$TMP/backend.conf"
start_nginx backend && BACKEND_PID=$STARTED_PID
wait_port "$BACKEND_PORT" 10 "$BACKEND_PID" || exit 1

echo "== 2. memory per live service ($SERVICES static services, health interval 5s)"
gw=$TMP/gateway
mkdir -p "$gw/services" "$gw/data"
free_port && ADMIN_PORT=$FREE_PORT
TOKEN=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
for i in $(seq 0 $((SERVICES - 1))); do
  cat >"$gw/services/s$i.yaml" <<EOF
routes:
  hosts: ["s$i.bench"]
driver:
  type: static
health:
  path: /
  interval: 5s
deploy:
  strategy: immediate
EOF
done
started=$SECONDS
CUTOVER_JAVA_OPTS="${CUTOVER_JAVA_OPTS:-} -Dcutover.proxy.max-connections=$((IDLE + 1000))" \
  CUTOVER_PROXY_PORT=${PORT[gateway]} QUARKUS_HTTP_PORT=$ADMIN_PORT CUTOVER_ADMIN_TOKEN=$TOKEN \
  CUTOVER_SERVICES_DIR=$gw/services CUTOVER_DATA_DIR=$gw/data \
  "$REPO/bin/cutover" gateway >"$TMP/gateway.log" 2>&1 &
PID[gateway]=$!
PIDS+=("${PID[gateway]}")
ADMIN=http://127.0.0.1:$ADMIN_PORT
until curl -fs "$ADMIN/q/health/ready" >/dev/null 2>&1; do
  kill -0 "${PID[gateway]}" 2>/dev/null && ((SECONDS - started < 300)) \
    || { tail -n 40 "$TMP/gateway.log" >&2; exit 1; }
  sleep 0.2
done
echo "ready in $((SECONDS - started))s with $SERVICES services; $(head -n 1 "$TMP/gateway.log")"
warm() { wrk -t1 -c10 -d2s -H "Host: s0.bench" "http://127.0.0.1:${PORT[gateway]}/" >/dev/null 2>&1 || true; }
JCMD="$(dirname "$(readlink -f "/proc/${PID[gateway]}/exe")")/jcmd"
# A class histogram collects first, so it counts live objects only: what a service keeps.
"$JCMD" "${PID[gateway]}" GC.class_histogram >"$TMP/histo-before.txt"
rss_before=$(rss_kb "${PID[gateway]}" gateway)
for i in $(seq 0 $((SERVICES - 1))); do
  curl -fsS -o /dev/null -X POST "$ADMIN/api/v1/services/s$i/deploys" \
    -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -d "{\"version\":\"b1\",\"targets\":[\"127.0.0.1:$BACKEND_PORT\"]}"
done
deadline=$((SECONDS + 300))
for i in 0 $((SERVICES / 2)) $((SERVICES - 1)); do
  until [[ $(curl -s -H "Host: s$i.bench" "http://127.0.0.1:${PORT[gateway]}/" || true) == hello ]]; do
    ((SECONDS < deadline)) || { echo "service s$i never served" >&2; exit 1; }
    sleep 0.2
  done
done
live=0
until ((live == SERVICES)); do
  live=$(curl -fs -H "Authorization: Bearer $TOKEN" "$ADMIN/api/v1/services" | grep -o '"liveVersion":"b1"' | wc -l || true)
  ((SECONDS < deadline)) || { echo "only $live of $SERVICES live" >&2; exit 1; }
  ((live == SERVICES)) || sleep 1
done
warm
rss_after=$(rss_kb "${PID[gateway]}" gateway)
printf 'RSS %d MB before, %d MB with %d live services: %d KB per live service\n' \
  $((rss_before / 1024)) $((rss_after / 1024)) "$SERVICES" $(((rss_after - rss_before) / SERVICES))
"$JCMD" "${PID[gateway]}" GC.class_histogram >"$TMP/histo-after.txt"
python3 "$BENCH_DIR/histo_diff.py" "$TMP/histo-before.txt" "$TMP/histo-after.txt" "$SERVICES"

echo "== 3. throughput through $SERVICES services vs one"
cat >"$TMP/spread.lua" <<EOF
local n = $SERVICES
local i = 0
request = function()
  i = (i + 1) % n
  return wrk.format("GET", "/", { ["Host"] = "s" .. i .. ".bench" })
end
EOF
RESULTS=$TMP/costs.tsv
: >"$RESULTS"
for round in $(seq "$ROUNDS"); do
  for kind in one spread; do
    args=(-H "Host: s0.bench")
    [[ $kind == spread ]] && args=(-s "$TMP/spread.lua")
    out=$TMP/wrk-$kind-$round.txt
    wrk -t1 -c50 -d"${DURATION}s" --latency "${args[@]}" "http://127.0.0.1:${PORT[gateway]}/" >"$out" 2>&1
    rps=$(awk '/^Requests\/sec:/ {print $2}' "$out")
    errs=$(awk '/Socket errors/ {gsub(",", ""); s += $4 + $6 + $8 + $10} /Non-2xx/ {s += $NF} END {print s + 0}' "$out")
    printf '%s\t%s\t%s\t%s\n' "$round" "$kind" "$rps" "$errs" >>"$RESULTS"
    log "round $round $kind: $rps req/s, errors $errs"
    ((errs == 0)) || record_error "$kind round $round had errors ($out)"
  done
done
ratio=$(awk -F'\t' '$2 == "one" {o[$1] = $3} $2 == "spread" {s[$1] = $3} END {for (r in s) print s[r] / o[r]}' "$RESULTS" | median)
printf 'through %d services: %.2fx one service'"'"'s req/s (median of %d per-round ratios)\n' "$SERVICES" "$ratio" "$ROUNDS"

echo "== 4. idle keep-alive connections ($IDLE)"
warm
rss_idle_before=$(rss_kb "${PID[gateway]}" gateway)
python3 - "${PORT[gateway]}" "$IDLE" "$TMP/idle.ready" <<'PY' &
import socket, sys, time, os
port, n, ready = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
held = []
for i in range(n):
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(b"GET / HTTP/1.1\r\nHost: s%d.bench\r\n\r\n" % (i % 1000))
    data = b""
    while b"hello" not in data:
        chunk = s.recv(4096)
        if not chunk:
            sys.exit("connection %d closed early" % i)
        data += chunk
    held.append(s)
open(ready, "w").write(str(len(held)))
time.sleep(120)  # held until the script measures and ends this process
PY
HOLDER=$!
PIDS+=("$HOLDER")
deadline=$((SECONDS + 180))
until [[ -s $TMP/idle.ready ]]; do
  kill -0 "$HOLDER" 2>/dev/null && ((SECONDS < deadline)) || { record_error "the idle connections were not all opened"; exit 1; }
  sleep 0.5
done
rss_idle_after=$(rss_kb "${PID[gateway]}" gateway)
printf 'RSS %d MB idle, %d MB with %d idle keep-alive connections: %d bytes per connection\n' \
  $((rss_idle_before / 1024)) $((rss_idle_after / 1024)) "$IDLE" \
  $(((rss_idle_after - rss_idle_before) * 1024 / IDLE))
kill "$HOLDER" 2>/dev/null || true

((ERRORS == 0)) || { loud "$ERRORS error(s): ${ERROR_ROUNDS[*]}"; exit 1; }
