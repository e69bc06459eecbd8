#!/usr/bin/env bash
# Throughput/latency benchmark: Cutover's data plane against an nginx reverse proxy, both in
# front of the same nginx backend, measured with wrk in interleaved rounds on loopback only.
#
#   deploy-tests/bench/run.sh            full run (3 rounds x 8 s, -c50 and -c200, unpinned+pinned)
#   deploy-tests/bench/run.sh --quick    smoke test (1 round x 4 s, short warm-up)
#
# Environment overrides: ROUNDS, DURATION (s per wrk round), WARMUP (s), CONNS ("50 200"),
# MODES ("unpinned pinned"), EVENT_LOOPS (passed to BenchProxyMain --event-loops),
# JAVA_OPTS (extra JVM flags, e.g. a JFR recording), EXTRA_CLASSPATH (prepended to Cutover's
# classpath, e.g. netty-transport-native-epoll to try the native transport), KEEP=1 (keep the
# temp dir), MAX_SECONDS (abort if the rounds would run past this; default 540).
#
# Why it is built this way (see shared STACK.md, "What moved a Vert.x proxy's throughput"):
# - full JIT (no -XX:TieredStopAtLevel) and ParallelGC with a fixed 256 MB heap;
# - nginx is the yardstick: 2 workers, upstream keepalive, HTTP/1.1 to the upstream;
# - rounds alternate nginx/cutover so drift on this shared 2-core machine hits both alike, and
#   medians are reported; pinned runs (wrk on CPU 0, proxies and backend on CPU 1) are steadier.
set -euo pipefail

QUICK=0
for arg in "$@"; do
  case "$arg" in
    --quick) QUICK=1 ;;
    -h | --help) awk 'NR > 1 && /^# Why/ {exit} NR > 1 {print}' "$0"; exit 0 ;;
    *) echo "unknown argument: $arg" >&2; exit 2 ;;
  esac
done
if [[ $QUICK == 1 ]]; then
  ROUNDS=${ROUNDS:-1}
  DURATION=${DURATION:-4}
  WARMUP=${WARMUP:-5}
else
  ROUNDS=${ROUNDS:-3}
  DURATION=${DURATION:-8}
  WARMUP=${WARMUP:-15}
fi
CONNS=${CONNS:-"50 200"}
MODES=${MODES:-"unpinned pinned"}
MAX_SECONDS=${MAX_SECONDS:-540}
JAVA_OPTS=${JAVA_OPTS:-}
EXTRA_CLASSPATH=${EXTRA_CLASSPATH:-}
EVENT_LOOPS=${EVENT_LOOPS:-}

REPO=$(cd "$(dirname "$0")/../.." && pwd)
START=$SECONDS

log() { echo "[bench $(date +%H:%M:%S)] $*"; }
loud() {
  echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!" >&2
  echo "!!! $*" >&2
  echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!" >&2
}

# ---------------------------------------------------------------------------------------------
# Tools: nginx, wrk and curl from Debian's packages when missing.
missing=()
command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]] || missing+=(nginx)
command -v wrk >/dev/null || missing+=(wrk)
command -v curl >/dev/null || missing+=(curl)
if ((${#missing[@]})); then
  log "installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

JAVA=java
[[ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]] && JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java

# ---------------------------------------------------------------------------------------------
# Build. Spotless is skipped: its apply step would rewrite src/main while others edit it, and
# formatting does not change the bytecode.
cd "$REPO"
BENCH_CLASS=target/test-classes/io/cutover/bench/BenchProxyMain.class
BENCH_SRC=src/test/java/io/cutover/bench/BenchProxyMain.java
if [[ ! -d target/classes || ! -f $BENCH_CLASS || $BENCH_SRC -nt $BENCH_CLASS ]]; then
  log "building (mvn test-compile)"
  mvn -B -q test-compile -Dspotless.apply.skip=true
fi
# Only a missing build is built here; a stale one is measured as it is, but said so.
newest() { find "$1" -name "$2" -printf '%T@\n' 2>/dev/null | sort -n | tail -n 1 | cut -d. -f1; }
SRC_TIME=$(newest src/main/java '*.java')
CLASS_TIME=$(newest target/classes '*.class')
if ((${SRC_TIME:-0} > ${CLASS_TIME:-0})); then
  log "WARNING: src/main changed after the last compile; 'mvn -B -q test-compile' measures it"
fi
if [[ ! -s target/bench-classpath.txt || pom.xml -nt target/bench-classpath.txt ]]; then
  log "writing runtime classpath"
  mvn -B -q dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt
fi
CLASSPATH_ALL="${EXTRA_CLASSPATH:+$EXTRA_CLASSPATH:}$REPO/target/test-classes:$REPO/target/classes:$(cat target/bench-classpath.txt)"

# ---------------------------------------------------------------------------------------------
# Processes we start, and only those, are stopped on exit.
TMP=$(mktemp -d /tmp/cutover-bench.XXXXXX)
chmod 755 "$TMP" # nginx workers run as nobody
PIDS=()
ERRORS=0
cleanup() {
  local rc=$?
  for pid in "${PIDS[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  if [[ ${KEEP:-0} == 1 || $ERRORS -gt 0 || $rc -ne 0 ]]; then
    echo "logs and wrk outputs kept in $TMP"
  else
    rm -rf "$TMP"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Free loopback ports from a high range below the kernel's ephemeral range (a port that an
# outgoing connection holds, even in TIME-WAIT, can make nginx's bind fail), checked against
# every socket that uses it now, listening or not.
EPHEMERAL_LOW=$(cut -f1 /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)
PORT_LOW=20000
PORT_HIGH=$((EPHEMERAL_LOW > PORT_LOW + 1000 ? EPHEMERAL_LOW - 1 : 60999))
USED_PORTS=" "
free_port() { # sets FREE_PORT
  local p
  for _ in $(seq 200); do
    p=$((PORT_LOW + (RANDOM * 32768 + RANDOM) % (PORT_HIGH - PORT_LOW + 1)))
    [[ $USED_PORTS == *" $p "* ]] && continue
    if [[ -z $(ss -tanH "sport = :$p") ]]; then
      USED_PORTS+="$p "
      FREE_PORT=$p
      return 0
    fi
  done
  echo "no free port found" >&2
  return 1
}
free_port && BACKEND_PORT=$FREE_PORT
free_port && NGINX_PORT=$FREE_PORT
free_port && CUTOVER_PORT=$FREE_PORT

wait_port() { # port seconds pid
  local deadline=$((SECONDS + $2))
  while ((SECONDS < deadline)); do
    [[ -n $(ss -ltnH "sport = :$1") ]] && return 0
    kill -0 "$3" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}

nginx_common() { # name
  cat <<EOF
pid $TMP/$1.pid;
error_log $TMP/$1-error.log warn;
worker_rlimit_nofile 16384;
events { worker_connections 4096; }
EOF
}
nginx_http_common() { # name
  cat <<EOF
  access_log off;
  client_body_temp_path $TMP/$1-body;
  proxy_temp_path $TMP/$1-proxy;
  fastcgi_temp_path $TMP/$1-fastcgi;
  uwsgi_temp_path $TMP/$1-uwsgi;
  scgi_temp_path $TMP/$1-scgi;
  # nginx's default closes a client connection every 1000 requests; the backend would then
  # recycle both proxies' pooled connections. A steady state is what we compare.
  keepalive_requests 100000;
EOF
}

{
  nginx_common backend
  echo "worker_processes 1;"
  echo "http {"
  nginx_http_common backend
  cat <<EOF
  server {
    listen 127.0.0.1:$BACKEND_PORT;
    default_type text/plain;
    location / { return 200 "hello\n"; }
  }
}
EOF
} >"$TMP/backend.conf"

{
  nginx_common proxy
  echo "worker_processes 2;"
  echo "http {"
  nginx_http_common proxy
  cat <<EOF
  upstream backend {
    server 127.0.0.1:$BACKEND_PORT;
    keepalive 64;
    keepalive_requests 100000;
  }
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location / {
      proxy_pass http://backend;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
}
EOF
} >"$TMP/proxy.conf"

start_nginx() { # name; sets STARTED_PID (not echoed: PIDS must be appended in this shell)
  "$NGINX" -p "$TMP" -c "$TMP/$1.conf" -g 'daemon off;' >"$TMP/$1-stdout.log" 2>&1 &
  STARTED_PID=$!
  PIDS+=("$STARTED_PID")
}

log "backend nginx on 127.0.0.1:$BACKEND_PORT"
start_nginx backend
BACKEND_PID=$STARTED_PID
wait_port "$BACKEND_PORT" 10 "$BACKEND_PID" || { cat "$TMP"/backend-*.log >&2; exit 1; }

log "nginx proxy on 127.0.0.1:$NGINX_PORT"
start_nginx proxy
NGINX_PID=$STARTED_PID
wait_port "$NGINX_PORT" 10 "$NGINX_PID" || { cat "$TMP"/proxy-*.log >&2; exit 1; }

log "cutover proxy on 127.0.0.1:$CUTOVER_PORT ($JAVA)"
EXTRA_ARGS=()
[[ -n $EVENT_LOOPS ]] && EXTRA_ARGS+=(--event-loops "$EVENT_LOOPS")
# shellcheck disable=SC2086 # JAVA_OPTS is a list of flags
"$JAVA" -XX:+UseParallelGC -Xms256m -Xmx256m $JAVA_OPTS \
  -Dvertx.cacheDirBase="$TMP/vertx-cache" \
  -cp "$CLASSPATH_ALL" io.cutover.bench.BenchProxyMain \
  --port "$CUTOVER_PORT" --backend-port "$BACKEND_PORT" "${EXTRA_ARGS[@]}" \
  >"$TMP/cutover.log" 2>&1 &
CUTOVER_PID=$!
PIDS+=("$CUTOVER_PID")
for _ in $(seq 300); do
  grep -q "bench proxy listening port=" "$TMP/cutover.log" && break
  kill -0 "$CUTOVER_PID" 2>/dev/null || break
  sleep 0.1
done
if ! grep -q "bench proxy listening port=" "$TMP/cutover.log"; then
  loud "cutover proxy did not start"
  cat "$TMP/cutover.log" >&2
  exit 1
fi
sed 's/^/  cutover: /' "$TMP/cutover.log"

# Both proxies must answer the backend's body before anything is measured.
for port in "$NGINX_PORT" "$CUTOVER_PORT"; do
  body=$(curl -sS --max-time 5 "http://127.0.0.1:$port/" || true)
  if [[ $body != "hello" ]]; then
    loud "proxy on port $port answered '$body' instead of 'hello'"
    exit 1
  fi
done

# ---------------------------------------------------------------------------------------------
# Measurement helpers.
to_ms() { # wrk duration like 512.00us, 1.20ms, 2.01s, 1.00m
  awk -v v="$1" 'BEGIN {
    n = v + 0
    if (v ~ /us$/) n /= 1000
    else if (v ~ /ms$/) n = n
    else if (v ~ /m$/) n *= 60000
    else if (v ~ /s$/) n *= 1000
    printf "%.3f", n
  }'
}

rss_kb() { # pid [with children]
  local total=0 kb pid
  for pid in "$1" $( [[ ${2:-} == children ]] && pgrep -P "$1" ); do
    kb=$(ps -o rss= -p "$pid" 2>/dev/null | tr -d ' ')
    total=$((total + ${kb:-0}))
  done
  echo "$total"
}

# Pins (or unpins) every thread of the servers we started; the JVM keeps its JIT warmth and its
# event-loop count, so the only thing that changes between modes is where the CPUs are.
set_affinity() { # cpu-list
  local pid
  for pid in "$BACKEND_PID" $(pgrep -P "$BACKEND_PID") "$NGINX_PID" $(pgrep -P "$NGINX_PID") \
    "$CUTOVER_PID"; do
    taskset -a -p -c "$1" "$pid" >/dev/null
  done
}

check_alive() {
  local name pid
  for name in backend:$BACKEND_PID nginx:$NGINX_PID cutover:$CUTOVER_PID; do
    pid=${name#*:}
    if ! kill -0 "$pid" 2>/dev/null; then
      ERRORS=$((ERRORS + 1))
      loud "${name%%:*} process $pid died"
      [[ ${name%%:*} == cutover ]] && tail -n 100 "$TMP/cutover.log" >&2
      exit 1
    fi
  done
}

RESULTS=$TMP/results.tsv
: >"$RESULTS"
ERROR_ROUNDS=()
WRK_PREFIX=()

run_wrk() { # mode conns proxy round
  local mode=$1 conns=$2 proxy=$3 round=$4 port out
  port=$NGINX_PORT
  [[ $proxy == cutover ]] && port=$CUTOVER_PORT
  out=$TMP/wrk-$mode-c$conns-$proxy-r$round.txt
  timeout $((DURATION + 30)) "${WRK_PREFIX[@]}" wrk -t2 -c"$conns" -d"${DURATION}s" --latency \
    "http://127.0.0.1:$port/" >"$out" 2>&1 || echo "wrk exit status $?" >>"$out"

  local rss rps p50 p99 sock non2xx reqs
  if [[ $proxy == cutover ]]; then rss=$(rss_kb "$CUTOVER_PID"); else rss=$(rss_kb "$NGINX_PID" children); fi
  rps=$(awk '/^Requests\/sec:/ {print $2}' "$out")
  p50=$(to_ms "$(awk '$1 == "50%" {print $2}' "$out")")
  p99=$(to_ms "$(awk '$1 == "99%" {print $2}' "$out")")
  reqs=$(awk '/requests in/ {print $1}' "$out")
  sock=$(grep -c "Socket errors" "$out" || true)
  non2xx=$(grep -c "Non-2xx" "$out" || true)
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$mode" "$conns" "$proxy" "$round" \
    "${rps:-0}" "$p50" "$p99" "$rss" "$sock" "$non2xx" >>"$RESULTS"
  log "$(printf '%-8s c%-3s %-7s round %s: %10s req/s  p50 %7s ms  p99 %7s ms  rss %4d MB%s' \
    "$mode" "$conns" "$proxy" "$round" "${rps:-?}" "$p50" "$p99" $((rss / 1024)) \
    "$( ((sock + non2xx)) && echo "  ERRORS" )")"
  if ((sock + non2xx)) || [[ -z $rps || -z $reqs || ${reqs:-0} == 0 ]] || grep -q "wrk exit" "$out"; then
    ERRORS=$((ERRORS + 1))
    ERROR_ROUNDS+=("$mode c$conns $proxy round $round ($out)")
    loud "$proxy errored in $mode c$conns round $round: wrk output follows"
    cat "$out" >&2
    if [[ $proxy == cutover ]]; then
      echo "--- last lines of the cutover log ($TMP/cutover.log):" >&2
      tail -n 40 "$TMP/cutover.log" >&2
    fi
  fi
  check_alive
}

# ---------------------------------------------------------------------------------------------
n_conns=$(wc -w <<<"$CONNS")
n_modes=$(wc -w <<<"$MODES")
ESTIMATE=$((WARMUP + n_modes * n_conns * ROUNDS * 2 * (DURATION + 1)))
log "plan: warm-up ${WARMUP}s, modes [$MODES], connections [$CONNS], $ROUNDS round(s) x ${DURATION}s each; about ${ESTIMATE}s"
if ((ESTIMATE > MAX_SECONDS)); then
  echo "that is over MAX_SECONDS=$MAX_SECONDS; lower ROUNDS/DURATION or raise MAX_SECONDS" >&2
  exit 2
fi

# The JIT needs traffic before Cutover's numbers mean anything; nginx gets a short touch too so
# both have their upstream keep-alive connections open.
log "warming cutover for ${WARMUP}s"
wrk -t2 -c50 -d"${WARMUP}s" "http://127.0.0.1:$CUTOVER_PORT/" >"$TMP/warmup-cutover.txt" 2>&1
wrk -t2 -c50 -d2s "http://127.0.0.1:$NGINX_PORT/" >"$TMP/warmup-nginx.txt" 2>&1
if grep -qE "Socket errors|Non-2xx" "$TMP/warmup-cutover.txt"; then
  loud "cutover had errors during warm-up"
  cat "$TMP/warmup-cutover.txt" >&2
  ERRORS=$((ERRORS + 1))
  ERROR_ROUNDS+=("warm-up ($TMP/warmup-cutover.txt)")
fi
check_alive

for mode in $MODES; do
  case "$mode" in
    unpinned) set_affinity 0-$(($(nproc --all) - 1)); WRK_PREFIX=() ;;
    pinned) set_affinity 1; WRK_PREFIX=(taskset -c 0) ;;
    *) echo "unknown mode $mode" >&2; exit 2 ;;
  esac
  for conns in $CONNS; do
    for round in $(seq "$ROUNDS"); do
      for proxy in nginx cutover; do
        run_wrk "$mode" "$conns" "$proxy" "$round"
      done
    done
  done
done
set_affinity 0-$(($(nproc --all) - 1))

# ---------------------------------------------------------------------------------------------
# Summary: medians per (mode, connections, proxy), then Cutover/nginx ratios.
median() { sort -g | awk '{v[NR] = $1} END {
  if (NR == 0) { print "nan"; exit }
  if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
col() { # mode conns proxy column
  awk -F'\t' -v m="$1" -v c="$2" -v p="$3" -v k="$4" '$1 == m && $2 == c && $3 == p {print $k}' \
    "$RESULTS" | median
}
sum_col() {
  awk -F'\t' -v m="$1" -v c="$2" -v p="$3" -v k="$4" '$1 == m && $2 == c && $3 == p {s += $k} END {print s + 0}' \
    "$RESULTS"
}

echo
echo "Cutover vs nginx reverse proxy: medians of $ROUNDS round(s) x ${DURATION}s, wrk -t2, loopback"
echo "commit: $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$REPO" diff --quiet HEAD -- src/main 2>/dev/null || echo ' (src/main has uncommitted changes)')"
echo "java: $("$JAVA" -version 2>&1 | head -n 1); $(grep 'bench proxy eventLoops' "$TMP/cutover.log")"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-9s %5s %-8s %12s %9s %9s %8s %7s %12s %10s\n' \
  mode conns proxy "req/s" "p50 ms" "p99 ms" "RSS MB" errors "req/s ratio" "p99 ratio"
for mode in $MODES; do
  for conns in $CONNS; do
    n_rps=$(col "$mode" "$conns" nginx 5)
    n_p99=$(col "$mode" "$conns" nginx 7)
    for proxy in nginx cutover; do
      rps=$(col "$mode" "$conns" "$proxy" 5)
      p50=$(col "$mode" "$conns" "$proxy" 6)
      p99=$(col "$mode" "$conns" "$proxy" 7)
      rss=$(col "$mode" "$conns" "$proxy" 8)
      errs=$(($(sum_col "$mode" "$conns" "$proxy" 9) + $(sum_col "$mode" "$conns" "$proxy" 10)))
      if [[ $proxy == cutover ]]; then
        r_rps=$(awk -v a="$rps" -v b="$n_rps" 'BEGIN {printf (b > 0 ? "%.2fx" : "n/a"), a / (b > 0 ? b : 1)}')
        r_p99=$(awk -v a="$p99" -v b="$n_p99" 'BEGIN {printf (b > 0 ? "%.2fx" : "n/a"), a / (b > 0 ? b : 1)}')
      else
        r_rps="" r_p99=""
      fi
      printf '%-9s %5s %-8s %12.0f %9.3f %9.3f %8.1f %7s %12s %10s\n' \
        "$mode" "$conns" "$proxy" "$rps" "$p50" "$p99" "$(awk -v k="$rss" 'BEGIN {print k / 1024}')" \
        "$errs" "$r_rps" "$r_p99"
    done
  done
done
echo "(errors = wrk rounds with a 'Socket errors' or 'Non-2xx' line; RSS: nginx = master + workers, cutover = the java process)"

if ((ERRORS)); then
  echo
  loud "$ERRORS round(s) had errors:"
  printf '  %s\n' "${ERROR_ROUNDS[@]}" >&2
  exit 1
fi
log "done in $((SECONDS - START))s"
