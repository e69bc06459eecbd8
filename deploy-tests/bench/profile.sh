#!/usr/bin/env bash
# Where the packaged gateway's time and allocations go under load, beside the data-plane harness:
# JFR (settings=profile) on `bin/cutover gateway` with a static service and on BenchProxyMain, each
# recorded during one wrk run in front of the same nginx backend, then printed as JFR views
# (hot methods, allocation by class and by site, GC pauses, thread CPU load).
#
#   deploy-tests/bench/profile.sh            c50, 20 s per proxy
#
# Environment: ROW (c50 | c200 | close50), DURATION (s), WARMUP (s), PROXIES ("gateway harness"),
# CUTOVER_JAVA_OPTS, KEEP=1 (keep the temp dir with the .jfr files), TOP (rows per view; 20).
# The JFR views need a JDK 21+ `jfr` (JDK 17's has no `view`); the Temurin 25 one is used if
# present. A recording costs a few percent of throughput: compare the two proxies with each other,
# not with run.sh's figures.
set -euo pipefail

ROW=${ROW:-c50} DURATION=${DURATION:-20} WARMUP=${WARMUP:-20} TOP=${TOP:-20}
PROXIES=${PROXIES:-"gateway harness"}
WRK_THREADS=1

REPO=$(cd "$(dirname "$0")/../.." && pwd)
BENCH_DIR=$REPO/deploy-tests/bench
# shellcheck source=deploy-tests/bench/lib.sh
source "$BENCH_DIR/lib.sh"
need_tools nginx:nginx wrk:wrk curl:curl
cd "$REPO"
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
[[ -z ${CUTOVER_APP:-} ]] && build_gateway
[[ " $PROXIES " == *" harness "* ]] && build_harness

JFR_TOOL=
for candidate in /usr/lib/jvm/temurin-25-jdk-amd64/bin/jfr "${JAVA_HOME:-/nonexistent}/bin/jfr" "$(command -v jfr || true)"; do
  [[ -x $candidate ]] && "$candidate" help view >/dev/null 2>&1 && { JFR_TOOL=$candidate; break; }
done
[[ -n $JFR_TOOL ]] || { echo "no jfr with 'view' (JDK 21+) found: install one or set JAVA_HOME" >&2; exit 2; }

TMP=$(mktemp -d /tmp/cutover-profile.XXXXXX)
chmod 755 "$TMP"
KEEP=${KEEP:-0}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port && BACKEND_PORT=$FREE_PORT
declare -A PORT PID
for p in $PROXIES; do free_port && PORT[$p]=$FREE_PORT; done
start_backend_and_proxies

headers=()
[[ $ROW == close* ]] && headers=(-H 'Connection: close')
conns=${ROW//[!0-9]/}
jcmd_of() { # pid: the jcmd of the JDK that runs it (attach wants the same version)
  echo "$(dirname "$(readlink -f "/proc/$1/exe")")/jcmd"
}

for p in $PROXIES; do
  log "$p: warm-up ${WARMUP}s"
  wrk -t1 -c"$conns" -d"${WARMUP}s" "${headers[@]}" "http://127.0.0.1:${PORT[$p]}/" >"$TMP/warmup-$p.txt" 2>&1
  jfr=$TMP/$p.jfr
  "$(jcmd_of "${PID[$p]}")" "${PID[$p]}" JFR.start name=profile settings=profile filename="$jfr" >/dev/null
  wrk -t1 -c"$conns" -d"${DURATION}s" --latency "${headers[@]}" "http://127.0.0.1:${PORT[$p]}/" >"$TMP/wrk-$p.txt" 2>&1
  "$(jcmd_of "${PID[$p]}")" "${PID[$p]}" JFR.stop name=profile >/dev/null
  log "$p: $(awk '/^Requests\/sec:/ {print $2 " req/s"}' "$TMP/wrk-$p.txt"), $(awk '$1 == "99%" {print "p99 " $2}' "$TMP/wrk-$p.txt"), rss $(($(rss_kb "${PID[$p]}" "$p") / 1024)) MB"
done

for p in $PROXIES; do
  for view in hot-methods allocation-by-class allocation-by-site gc-pauses thread-cpu-load; do
    echo
    echo "=== $p $ROW: $view"
    # head may close the pipe early; a view with no events is not an error either.
    "$JFR_TOOL" view --width 160 "$view" "$TMP/$p.jfr" | head -n $((TOP + 6)) || true
  done
done
if [[ $KEEP == 1 ]]; then echo "recordings in $TMP"; fi
