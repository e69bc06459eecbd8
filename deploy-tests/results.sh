#!/usr/bin/env bash
# Regenerates deploy-tests/RESULTS.md: the zero-downtime ITs' scenario lines and the
# nginx-vs-Cutover benchmark table, with the machine they ran on (issue 6, "Report").
#
#   bash deploy-tests/results.sh
#
# Takes about 7-9 minutes on 2 cores (build ~1 min, ITs ~2 min, bench ~4 min). Exits non-zero
# when the ITs or the bench fail; RESULTS.md is still written with what was measured, marked
# FAILED, so a failed run is never mistaken for a good one.
set -uo pipefail # no -e: a failing step must still leave a RESULTS.md behind

REPO=$(cd "$(dirname "$0")/.." && pwd)
cd "$REPO"
OUT=deploy-tests/RESULTS.md
LOGDIR=$(mktemp -d /tmp/cutover-results.XXXXXX) # full logs kept for whoever has to dig in

# The ITs read the database from QUARKUS_DATASOURCE_*; without them they would all be reported
# skipped, which is no result. So, like .ci/run, start the local PostgreSQL cluster and make
# sure the `cutover` role and database exist, then point Quarkus at it.
if [[ -z ${QUARKUS_DATASOURCE_JDBC_URL:-} ]]; then
  PG_VERSION=$(ls /etc/postgresql | sort -n | tail -1)
  pg_ctlcluster "$PG_VERSION" main start 2>/dev/null || true
  for _ in $(seq 1 60); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 0.5; done
  pg_isready -h 127.0.0.1 -p 5432 || { echo "PostgreSQL did not start" >&2; exit 1; }
  runuser -u postgres -- psql -q -v ON_ERROR_STOP=1 <<'SQL'
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'cutover') THEN
    CREATE ROLE cutover LOGIN PASSWORD 'cutover';
  END IF;
END $$;
SQL
  runuser -u postgres -- psql -tAc "SELECT 1 FROM pg_database WHERE datname = 'cutover'" | grep -q 1 \
    || runuser -u postgres -- createdb -O cutover cutover
  # An explicit URL makes Quarkus skip Dev Services (no Docker engine here).
  export QUARKUS_DATASOURCE_REACTIVE_URL=postgresql://127.0.0.1:5432/cutover
  export QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://127.0.0.1:5432/cutover
  export QUARKUS_DATASOURCE_USERNAME=cutover
  export QUARKUS_DATASOURCE_PASSWORD=cutover
fi

# Machine facts at start: figures only mean something next to the hardware and the load.
STARTED=$(date -u '+%Y-%m-%d %H:%M UTC')
COMMIT=$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . ":!$OUT" || echo ' (with uncommitted changes)')
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)

# (1) The ITs, alone (surefire's unit tests skipped): their scenario lines go to maven's stdout.
echo "[results] ITs: ./mvnw -B verify (log: $LOGDIR/its.log)"
./mvnw -B verify -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false >"$LOGDIR/its.log" 2>&1
ITS_RC=$?
grep -o 'scenario=.*' "$LOGDIR/its.log" >"$LOGDIR/scenarios.txt"
SKIPPED=$(grep -E 'Tests run:.*Skipped: [1-9]' "$LOGDIR/its.log" | tail -n 1)
echo "[results] ITs exit status $ITS_RC, $(wc -l <"$LOGDIR/scenarios.txt") scenario line(s)"

# (2) The bench after the ITs, so it measures the classes the ITs just built and never shares
# the 2 cores with them. Its final table starts at the "Gateway vs nginx and HAProxy" heading.
echo "[results] bench: deploy-tests/bench/run.sh (log: $LOGDIR/bench.log)"
bash deploy-tests/bench/run.sh >"$LOGDIR/bench.log" 2>&1
BENCH_RC=$?
sed -n '/^Gateway vs nginx and HAProxy/,/^(errors: /p' "$LOGDIR/bench.log" >"$LOGDIR/bench-table.txt"
echo "[results] bench exit status $BENCH_RC"
echo "[results] costs: deploy-tests/bench/costs.sh (log: $LOGDIR/costs.log)"
bash deploy-tests/bench/costs.sh >"$LOGDIR/costs.log" 2>&1
COSTS_RC=$?
grep -E '^(== |routing cost|pick |swap |ready in|RSS |through )' "$LOGDIR/costs.log" >"$LOGDIR/costs-table.txt" || true
echo "[results] costs exit status $COSTS_RC"

LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)
# The bench runs the gateway through bin/cutover, which takes JAVA_HOME's java, else PATH's.
BENCH_JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java

# One markdown row per scenario line. The fixed fields get their own columns; whatever else a
# scenario prints (ratio, failed, outOfRoutingMs, statuses, ...) goes to "extra". A token without
# '=' continues the previous value (Java's Map.toString puts ", " between entries).
scenario_table() {
  echo "| scenario | requests | non2xx | connErrors | p99Steady | p99Deploy | extra |"
  echo "|---|---:|---:|---:|---:|---:|---|"
  awk '{
    delete f; extra = ""; last = ""
    for (i = 1; i <= NF; i++) {
      if (index($i, "=") && $i !~ /^[0-9]/) {
        k = substr($i, 1, index($i, "=") - 1); v = substr($i, index($i, "=") + 1)
        if (k ~ /^(scenario|requests|non2xx|connErrors|p99Steady|p99Deploy)$/) { f[k] = v; last = "" }
        else { extra = extra (extra == "" ? "" : " ") k "=" v; last = k }
      } else if (last != "") extra = extra " " $i
      else f[k] = f[k] " " $i
    }
    printf "| %s | %s | %s | %s | %s | %s | %s |\n", f["scenario"], f["requests"], f["non2xx"],
      f["connErrors"], f["p99Steady"], f["p99Deploy"], extra
  }' "$1"
}

status() { (($1 == 0)) && echo "passed" || echo "**FAILED** (exit status $1)"; }

{
  echo "# Zero-downtime suite and benchmark results"
  echo
  echo "Regenerated by \`bash deploy-tests/results.sh\` (do not edit by hand)."
  echo
  echo "- date: $STARTED"
  echo "- commit: $COMMIT"
  echo "- machine: $(nproc) CPUs, $(free -h | awk '/^Mem:/ {print $2}') memory, kernel $(uname -r)"
  echo "- JDK for the build and the ITs: $(java -version 2>&1 | head -n 1)"
  echo "- JDK for the bench's gateway (bin/cutover gateway): $("$BENCH_JAVA" -version 2>&1 | head -n 1)"
  echo "- load average (1/5/15 min): $LOAD_START at start, $LOAD_END at end"
  echo "- ITs: $(status "$ITS_RC"); bench: $(status "$BENCH_RC")"
  if ((ITS_RC || BENCH_RC)); then
    echo
    echo "**This run FAILED: the figures below are what was measured before the failure.**"
  fi
  echo
  echo "## Zero-downtime suite (packaged gateway, \`mvn -B verify\`)"
  echo
  if [[ -s $LOGDIR/scenarios.txt ]]; then
    scenario_table "$LOGDIR/scenarios.txt"
  else
    echo "No scenario line was printed (ITs failed before any scenario ran, or were skipped)."
  fi
  [[ -n $SKIPPED ]] && { echo; echo "Skipped ITs reported: \`${SKIPPED#*] }\`"; }
  echo
  echo "## Benchmark (\`deploy-tests/bench/run.sh\`, full run)"
  echo
  if [[ -s $LOGDIR/bench-table.txt ]]; then
    echo '```'
    cat "$LOGDIR/bench-table.txt"
    echo '```'
  else
    echo "The bench printed no table."
  fi
  echo
  echo "## Cost as the work grows (\`deploy-tests/bench/costs.sh\`)"
  echo
  if [[ -s $LOGDIR/costs-table.txt ]]; then
    echo '```'
    cat "$LOGDIR/costs-table.txt"
    echo '```'
  else
    echo "costs.sh printed no figures."
  fi
  cat <<'EOF'

## How to read them

Suite: each row is one IT's scenario line. `requests` are all requests 16 never-retrying
clients sent (keep-alive and new-connection mixed); `non2xx` and `connErrors` must be 0, except
in `canary-errors`, where the canary itself answers 500s: there `failed` must stay within
`bound` (the errors the analysis counted when it decided, plus one request in flight per
client) and `failedAfterDecision` must be 0. `decisionMs` is how long the gateway took to decide
against a bad version (never-healthy: start to failed; crash-in-bake: first crash to traffic
back on the old version; canary-errors: canary's first traffic to the failed analysis).
`p99Steady` is the p99 latency before the deploys, `p99Deploy` the p99 inside the deploy window;
the check is p99Deploy within 2x p99Steady *or* under a 250 ms floor, because on 2 cores a
steady p99 of a few ms doubles from scheduling noise alone. `ratio` = p99Deploy / p99Steady.
Restart and SIGKILL scenarios have no deploy window (`n/a`): read `p99AfterRestart`,
`firstOkAfterReadyMs`, `failed` and `outOfRoutingMs` instead. `long-requests-websockets`: 5 s
requests and WebSockets open on the old version at a switch; `wsCutAfterSwitchMinMs` must not be
below `drainTimeoutMs`. `database-outage`: PostgreSQL stopped for `outageMs` under traffic;
deploys answered 503, and `recoveredMs` after it came back a deploy was accepted again.
`gateway-handoff` (single-gateway restart): a new gateway started beside the running one under
load (SO_REUSEPORT), then the old one SIGTERMed; `handoffMs` from the new one's launch to the old
one's exit; the process instances are adopted (same pids). `gateway-sigterm`: a 4 s request in
flight at SIGTERM answered 200 while the port refused new connections `refusedAfterMs` after the
signal. Cluster rows, two gateways on one database: `cluster-routes`, blue-green deploys through
the first member while the load goes to the second (`switchGapMs`: when the second first served
each version, minus when the first did; `notifyToSwapP99Ms`: publish to swap on the second);
`cluster-haproxy`, both members behind HAProxy (round robin, no retries) under wrk during a
canary and a blue-green deploy through one member (wrk's own count, its socket errors as
`connErrors`); `cluster-takeover`, the member running a paused canary SIGKILLed, `takenOverMs`
until the other ended it `rolled_back`, load on the survivor throughout;
`cluster-rolling-upgrade`, both members behind HAProxy replaced one after the other the way the
README upgrades a gateway, then a deploy through an upgraded member, load through HAProxy
throughout (`upgradeMs`: first new launch to second old exit).
`bad-input-storm`: 1,000 malformed inputs (admin bodies, service files, raw requests on both
ports); `fiveXx`, `hung` and `violations` must be 0 (the 200s are reloads that listed the bad
file as refused; `noAnswer` are admin-port connections Vert.x cuts on a broken chunked body).

Bench: the packaged gateway started by `bin/cutover gateway` (one static service), nginx and
HAProxy in front of one nginx backend; every figure is the median of the rounds (rounds
interleaved so drift hits all). The ratios are the median of per-round ratios to nginx: req/s
above 1.00x means faster than nginx, p99 above 1.00x means a slower tail. `closeN` rows open a new
connection per request. Pinned rows (wrk on CPU 0, proxies and
backend on CPU 1) are steadier than unpinned ones; all traffic is loopback.
EOF
} >"$OUT"

echo "[results] wrote $OUT (logs in $LOGDIR)"
((ITS_RC)) && exit "$ITS_RC"
exit "$BENCH_RC"
