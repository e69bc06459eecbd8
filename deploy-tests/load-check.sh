#!/usr/bin/env bash
# load-check.sh SERVICE VERSION STRATEGY
#
# Checks a deploy under load against an already running Cutover gateway: it starts HTTP load on the
# traffic port, triggers `POST /api/v1/services/SERVICE/deploys {"version":VERSION,
# "strategy":STRATEGY}` a few seconds in, follows the release until it ends, waits for the load to
# end, and prints the release's status and reason and the status distribution the clients saw.
# PASS (exit 0) only if the release went live, it ended while the load was still running, and wrk
# saw zero non-2xx responses and zero socket errors (connect, read, write, timeout); else FAIL
# (exit 1) with the reason. Exit 2: the check could not run (bad arguments, gateway unreachable,
# tools missing, service not answering 2xx before the deploy).
#
# Why wrk is the judge and hey only a comparison: wrk never retries; every socket error and every
# non-2xx response is counted. hey is built on Go's net/http client, which silently retries a
# request whose keep-alive connection was closed by the server before the response started (an
# idempotent request on a reused connection). So hey can report zero errors where a browser, curl or
# any non-Go client saw failures. Measured by the team: an nginx reload under load gave 0 errors in
# hey and 247 read errors in wrk. hey runs beside wrk because users reach for it; its figures are
# printed for comparison only and never decide the verdict.
#
# Environment (all optional):
#   CUTOVER_ADMIN_TOKEN   admin token; default: the file ${CUTOVER_DATA_DIR:-~/.cutover}/token
#   CUTOVER_ADMIN_URL     admin API, default http://127.0.0.1:8090
#   CUTOVER_TRAFFIC_URL   traffic port, default http://127.0.0.1:8080 (loopback hosts only); a path
#                         in it is the path requested, default /
#   CUTOVER_HOST          Host header; default the service's first route host ("*": localhost)
#   DURATION              seconds of load, default 30
#   CONNECTIONS           concurrent connections, for wrk and for hey each, default 16
#   DEPLOY_AFTER          seconds of load before the deploy is triggered, default 5
#   WRK_TIMEOUT           a response slower than this counts as a wrk timeout error, default 5s
#   RELEASE_TIMEOUT       seconds to follow the release at most, default 120
#
# Only the processes this script starts (wrk, hey) are stopped on exit, by their PIDs.
set -euo pipefail

usage() {
  echo "usage: $0 SERVICE VERSION STRATEGY   (e.g. $0 demo v2 bluegreen)" >&2
  exit 2
}
die() { # cannot run the check at all
  echo "load-check: $*" >&2
  exit 2
}
[ $# -eq 3 ] || usage
service=$1
version=$2
strategy=$3
[[ $service =~ ^[a-z0-9][a-z0-9-]{0,62}$ ]] || die "not a service name: '$service'"
[ -n "$version" ] || usage
[ -n "$strategy" ] || usage

admin_url=${CUTOVER_ADMIN_URL:-http://127.0.0.1:8090}
admin_url=${admin_url%/}
traffic_url=${CUTOVER_TRAFFIC_URL:-http://127.0.0.1:8080}
duration=${DURATION:-30}
duration=${duration%s}
connections=${CONNECTIONS:-16}
deploy_after=${DEPLOY_AFTER:-5}
deploy_after=${deploy_after%s}
wrk_timeout=${WRK_TIMEOUT:-5s}
release_timeout=${RELEASE_TIMEOUT:-120}
release_timeout=${release_timeout%s}
for n in duration connections deploy_after release_timeout; do
  [[ ${!n} =~ ^[0-9]+$ ]] || die "$n must be a whole number (seconds or a count), got '${!n}'"
done
[ "$connections" -ge 1 ] || die "CONNECTIONS must be at least 1"
[ "$deploy_after" -lt "$duration" ] ||
  die "DEPLOY_AFTER ($deploy_after s) must be shorter than DURATION ($duration s)"

# Loopback only: this script generates load as fast as it can.
if [[ $traffic_url =~ ^https?://(\[[^]]+\]|[^/:?#]+)(:[0-9]+)?([/?].*)?$ ]]; then
  traffic_host=${BASH_REMATCH[1]}
  traffic_path=${BASH_REMATCH[3]:-}
else
  die "CUTOVER_TRAFFIC_URL is not an http(s) URL: '$traffic_url'"
fi
case "$traffic_host" in
  localhost | 127.* | "[::1]") ;;
  *) die "refusing to load '$traffic_host': only 127.0.0.1, localhost or [::1] targets are allowed" ;;
esac
[[ $traffic_host != 127.* || $traffic_host =~ ^127\.[0-9]+\.[0-9]+\.[0-9]+$ ]] ||
  die "refusing to load '$traffic_host': not a loopback address"
[ -n "$traffic_path" ] || traffic_url="$traffic_url/"

if [ -n "${CUTOVER_ADMIN_TOKEN:-}" ]; then
  token=$CUTOVER_ADMIN_TOKEN
else
  token_file=${CUTOVER_DATA_DIR:-$HOME/.cutover}/token
  [ -r "$token_file" ] || die "no admin token: set CUTOVER_ADMIN_TOKEN or CUTOVER_DATA_DIR (no $token_file)"
  token=$(<"$token_file")
fi

# json_get EXPR: reads JSON on stdin, prints the value at EXPR (jq syntax restricted to .a.b[0]),
# empty for null or missing.
json_get() {
  if command -v jq >/dev/null 2>&1; then
    jq -r "$1 // empty"
  elif command -v python3 >/dev/null 2>&1; then
    python3 -c '
import json, re, sys
v = json.load(sys.stdin)
for key, index in re.findall(r"\.([A-Za-z0-9_-]+)|\[(\d+)\]", sys.argv[1]):
    try:
        v = v[int(index)] if index else v[key]
    except (KeyError, IndexError, TypeError):
        v = None
    if v is None:
        break
print("" if v is None else v)' "$1"
  else
    die "needs jq or python3 to read the admin API's JSON"
  fi
}

# Tools: wrk judges, hey compares. Install them if missing and we may.
missing=()
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
command -v hey >/dev/null 2>&1 || missing+=(hey)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing ${missing[*]} with apt-get"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null ||
      die "apt-get could not install ${missing[*]}"
  else
    die "needs ${missing[*]}: install with 'sudo apt-get install ${missing[*]}' (hey also: 'go install github.com/rakyll/hey@latest')"
  fi
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/load-check.XXXXXX")
pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    fi
  done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# admin METHOD PATH [BODY]: body to $work/body, prints the HTTP status ("000": no answer).
admin() {
  local args=(-sS -o "$work/body" -w '%{http_code}' -X "$1" -H "Authorization: Bearer $token"
    --max-time 10)
  [ $# -lt 3 ] || args+=(-H 'Content-Type: application/json' --data-binary "$3")
  curl "${args[@]}" "$admin_url$2" 2>"$work/curl.err" || echo -n ""
}
problem() { # the detail of a problem+json answer, else the body
  local detail
  detail=$(json_get .detail <"$work/body" 2>/dev/null || true)
  [ -n "$detail" ] && echo "$detail" || head -c 500 "$work/body"
}

code=$(admin GET "/api/v1/services/$service")
case "$code" in
  200) ;;
  000 | "") die "admin API $admin_url does not answer: $(cat "$work/curl.err")" ;;
  401) die "admin API refused the token (401): check CUTOVER_ADMIN_TOKEN / CUTOVER_DATA_DIR" ;;
  404) die "no service '$service' on the gateway (404): $(problem)" ;;
  *) die "GET /api/v1/services/$service answered $code: $(problem)" ;;
esac
if [ -n "${CUTOVER_HOST:-}" ]; then
  host=$CUTOVER_HOST
else
  host=$(json_get '.config.routes.hosts[0]' <"$work/body")
  [ -n "$host" ] || die "service '$service' has no route host; set CUTOVER_HOST"
  [ "$host" != "*" ] || host=localhost
fi

# The service must answer 2xx before the deploy, or the check would only measure that.
pre=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 -H "Host: $host" "$traffic_url" || true)
[[ $pre == 2* ]] || die "GET $traffic_url (Host: $host) answers '${pre:-no response}' before any deploy; \
the service needs a live release that answers 2xx first"

# The wrk script: counts responses per status code in each thread, sums them in done().
cat >"$work/count.lua" <<'LUA'
local threads = {}
function setup(thread)
  table.insert(threads, thread)
end
function init(args)
  statuses = {}
end
function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end
function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      total[status] = (total[status] or 0) + count
    end
  end
  local codes = {}
  for status in pairs(total) do table.insert(codes, status) end
  table.sort(codes)
  for _, status in ipairs(codes) do
    io.write(string.format("load-check-status %d %d\n", status, total[status]))
  end
  local e = summary.errors
  io.write(string.format("load-check-errors connect=%d read=%d write=%d timeout=%d requests=%d\n",
    e.connect, e.read, e.write, e.timeout, summary.requests))
end
LUA

threads=$((connections < 2 ? connections : 2))
echo "load-check: $service $version ($strategy) under load: ${duration}s, $connections connections" \
  "each for wrk and hey, $traffic_url Host: $host; deploy after ${deploy_after}s"
start=$(date +%s)
wrk -t "$threads" -c "$connections" -d "${duration}s" --timeout "$wrk_timeout" --latency \
  -H "Host: $host" -s "$work/count.lua" "$traffic_url" >"$work/wrk.out" 2>&1 &
wrk_pid=$!
pids+=("$wrk_pid")
hey -z "${duration}s" -c "$connections" -host "$host" "$traffic_url" >"$work/hey.out" 2>&1 &
hey_pid=$!
pids+=("$hey_pid")

sleep "$deploy_after"
body=$(printf '{"version":"%s","strategy":"%s"}' "$version" "$strategy")
code=$(admin POST "/api/v1/services/$service/deploys" "$body")
release_id=""
verdict_reasons=()
if [ "$code" = 202 ]; then
  release_id=$(json_get .id <"$work/body")
  echo "load-check: release $release_id started at +$(($(date +%s) - start))s"
else
  detail=$(problem)
  verdict_reasons+=("the deploy was refused: HTTP ${code:-no answer}: ${detail:-$(cat "$work/curl.err")}")
fi

status=""
reason=""
load_over_first=0
if [ -n "$release_id" ]; then
  deadline=$(($(date +%s) + release_timeout))
  while :; do
    code=$(admin GET "/api/v1/releases/$release_id")
    if [ "$code" = 200 ]; then
      status=$(json_get .status <"$work/body")
      case "$status" in
        pending | deploying | paused) ;;
        *) break ;;
      esac
    fi
    if [ "$(date +%s)" -ge "$deadline" ]; then
      verdict_reasons+=("release $release_id still '${status:-unknown}' after ${release_timeout}s (RELEASE_TIMEOUT)")
      break
    fi
    sleep 0.5
  done
  ended=$(($(date +%s) - start))
  cp "$work/body" "$work/release.json"
  reason=$(json_get .reason <"$work/release.json")
  served=$(json_get .requests <"$work/release.json")
  served_errors=$(json_get .errors <"$work/release.json")
  kill -0 "$wrk_pid" 2>/dev/null || load_over_first=1
fi

# Wait for the load to end by itself (bounded), then read what it saw.
limit=$((start + duration + 30))
while kill -0 "$wrk_pid" 2>/dev/null || kill -0 "$hey_pid" 2>/dev/null; do
  if [ "$(date +%s)" -ge "$limit" ]; then
    echo "load-check: the load did not end $((duration + 30))s after it started; stopping it" >&2
    kill "$wrk_pid" "$hey_pid" 2>/dev/null || true
  fi
  sleep 0.5
done
wrk_rc=0
wait "$wrk_pid" || wrk_rc=$?
wait "$hey_pid" || true

echo
echo "== release"
if [ -n "$release_id" ]; then
  echo "release $release_id: ${status:-unknown}${reason:+ ($reason)}, ended at +${ended}s of ${duration}s of load"
  echo "gateway's own count during the deploy: requests=${served:-?} errors=${served_errors:-?}"
else
  echo "no release"
fi

echo
echo "== wrk (the judge: no retries)"
non2xx=0
wrk_requests=0
wrk_statuses=$(awk '$1 == "load-check-status" { print $2, $3 }' "$work/wrk.out")
if [ -n "$wrk_statuses" ]; then
  while read -r st n; do
    printf '  [%s] %s responses\n' "$st" "$n"
    wrk_requests=$((wrk_requests + n))
    [[ $st == 2?? ]] || non2xx=$((non2xx + n))
  done <<<"$wrk_statuses"
fi
errors_line=$(grep '^load-check-errors ' "$work/wrk.out" || true)
socket_errors=0
if [ -n "$errors_line" ]; then
  for kv in ${errors_line#load-check-errors }; do
    case "$kv" in connect=* | read=* | write=* | timeout=*) socket_errors=$((socket_errors + ${kv#*=})) ;; esac
  done
  echo "  Socket errors: $(grep -o 'Socket errors:.*' "$work/wrk.out" || echo 'none')"
  grep -E '^ +(Latency|Req/Sec) |^ +99%|requests in ' "$work/wrk.out" | sed 's/^ */  /' || true
else
  verdict_reasons+=("wrk gave no result (exit $wrk_rc)")
  sed 's/^/  wrk: /' "$work/wrk.out"
fi
echo "  non-2xx: $non2xx, socket errors: $socket_errors"

echo
echo "== hey (comparison only: Go's client retries closed keep-alive connections)"
if grep -q 'Status code distribution:' "$work/hey.out"; then
  awk '/^Status code distribution:/ { on = 1; next } on && NF == 0 { exit } on' "$work/hey.out"
else
  echo "  no status code distribution (no response at all?)"
fi
if grep -q '^Error distribution:' "$work/hey.out"; then
  awk '/^Error distribution:/ { on = 1; print "  errors:"; next } on && NF == 0 { exit } on' "$work/hey.out" |
    cut -c1-200
else
  echo "  errors: none"
fi
grep -E '^ +(Total|Requests/sec):' "$work/hey.out" | sed 's/^ */  /' || true

if [ -n "$release_id" ]; then
  [ "$status" = live ] || verdict_reasons+=("the release ended '${status:-unknown}', not live${reason:+: $reason}")
  [ "$load_over_first" = 0 ] ||
    verdict_reasons+=("the load ended before the release did: raise DURATION so the load covers the whole deploy")
fi
[ "$non2xx" -eq 0 ] || verdict_reasons+=("wrk saw $non2xx non-2xx responses")
[ "$socket_errors" -eq 0 ] || verdict_reasons+=("wrk saw $socket_errors socket errors (${errors_line#load-check-errors })")
[ -z "$errors_line" ] || [ "$wrk_requests" -gt 0 ] || verdict_reasons+=("wrk got no response at all")

echo
if [ ${#verdict_reasons[@]} -eq 0 ]; then
  echo "PASS: release $release_id is live; wrk saw $wrk_requests responses, all 2xx, and no socket error"
  exit 0
fi
echo "FAIL: $(
  IFS=';'
  echo "${verdict_reasons[*]}" | sed 's/;/; /g'
)"
exit 1
