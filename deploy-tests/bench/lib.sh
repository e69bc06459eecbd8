# Helpers of deploy-tests/bench/run.sh: the processes it starts (and only those, stopped on exit),
# one wrk round, and the summary. Sourced; expects REPO, BENCH_DIR, TMP, PORT, PID, PROXIES.

PIDS=()
declare -A ADMIN_PORT TOKEN # per gateway, for SCRAPE_B
ERRORS=0
ERROR_ROUNDS=()
WRK_PREFIX=()

log() { echo "[bench $(date +%H:%M:%S)] $*"; }
loud() {
  echo "!!! $*" >&2
}
record_error() {
  ERRORS=$((ERRORS + 1))
  ERROR_ROUNDS+=("$1")
  loud "$1"
}

need_tools() { # command:package ...
  local missing=() pair
  for pair in "$@"; do
    command -v "${pair%%:*}" >/dev/null || [[ -x /usr/sbin/${pair%%:*} ]] || missing+=("${pair#*:}")
  done
  if ((${#missing[@]})); then
    log "installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  NGINX=$(command -v nginx || echo /usr/sbin/nginx)
  HAPROXY=$(command -v haproxy || echo /usr/sbin/haproxy)
}

# The packaged gateway is built when missing or older than the sources; spotless is skipped, as
# formatting does not change the bytecode and apply would rewrite files others edit.
build_gateway() {
  local jar=target/quarkus-app/quarkus-run.jar newest
  newest=$(find src/main strategies pom.xml -newer "$jar" -type f 2>/dev/null | head -n 1 || true)
  if [[ ! -f $jar || -n $newest ]]; then
    log "building the packaged gateway (./mvnw package)"
    ./mvnw -B -q package -DskipTests -Dspotless.check.skip=true -Dspotless.apply.skip=true
  fi
}

build_harness() {
  if [[ ! -f target/test-classes/io/cutover/bench/BenchProxyMain.class ]]; then
    log "building the harness (./mvnw test-compile)"
    ./mvnw -B -q test-compile -Dspotless.check.skip=true -Dspotless.apply.skip=true
  fi
  if [[ ! -s target/bench-classpath.txt || pom.xml -nt target/bench-classpath.txt ]]; then
    ./mvnw -B -q dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt
  fi
}

cleanup() {
  local rc=$? pid
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  if [[ ${KEEP:-0} == 1 || $ERRORS -gt 0 || $rc -ne 0 ]]; then
    echo "logs and wrk outputs kept in $TMP"
  else
    rm -rf "$TMP"
  fi
}

# Free loopback ports from a range below the kernel's ephemeral one (a port an outgoing
# connection holds, even in TIME-WAIT, can make a bind fail), checked against every socket.
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

wait_port() { # port seconds pid
  local deadline=$((SECONDS + $2))
  while ((SECONDS < deadline)); do
    [[ -n $(ss -ltnH "sport = :$1") ]] && return 0
    kill -0 "$3" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}

nginx_conf() { # name workers; the http block's body on stdin
  cat <<EOF
pid $TMP/$1.pid;
error_log $TMP/$1-error.log warn;
worker_processes $2;
worker_rlimit_nofile 16384;
events { worker_connections 8192; }
http {
  access_log off;
  client_body_temp_path $TMP/$1-body;
  proxy_temp_path $TMP/$1-proxy;
  fastcgi_temp_path $TMP/$1-fastcgi;
  uwsgi_temp_path $TMP/$1-uwsgi;
  scgi_temp_path $TMP/$1-scgi;
  # nginx's default closes a client connection every 1000 requests; the backend would then
  # recycle every proxy's pooled connections. A steady state is what we compare.
  keepalive_requests 100000;
$(cat)
}
EOF
}

write_backend_conf() {
  nginx_conf backend 1 <<EOF
  server {
    listen 127.0.0.1:$BACKEND_PORT backlog=4096;
    default_type text/plain;
    location / { return 200 "hello\n"; }
  }
EOF
}

start_nginx_named() { # name; sets STARTED_PID
  "$NGINX" -p "$TMP" -c "$TMP/$1.conf" -g 'daemon off;' >"$TMP/$1-stdout.log" 2>&1 &
  STARTED_PID=$!
  PIDS+=("$STARTED_PID")
}
start_nginx() { # name (backend) | none (the nginx proxy)
  if [[ ${1:-} == backend ]]; then
    start_nginx_named backend
    return
  fi
  nginx_conf nginx 2 >"$TMP/nginx.conf" <<EOF
  upstream backend {
    server 127.0.0.1:$BACKEND_PORT;
    keepalive 64;
    keepalive_requests 100000;
  }
  server {
    listen 127.0.0.1:${PORT[nginx]} backlog=4096;
    location / {
      proxy_pass http://backend;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
$(nginx_tls_server)
EOF
  start_nginx_named nginx
  wait_port "${PORT[nginx]}" 10 "$STARTED_PID" || { cat "$TMP"/nginx-*.log >&2; exit 1; }
}

start_haproxy() {
  cat >"$TMP/haproxy.cfg" <<EOF
global
  nbthread 2
  maxconn 8000
defaults
  mode http
  timeout connect 5s
  timeout client 60s
  timeout server 60s
  option http-keep-alive
  http-reuse always
frontend fe
  bind 127.0.0.1:${PORT[haproxy]}
  default_backend be
backend be
  server s1 127.0.0.1:$BACKEND_PORT
$(haproxy_tls_frontend)
EOF
  "$HAPROXY" -db -f "$TMP/haproxy.cfg" >"$TMP/haproxy.log" 2>&1 &
  STARTED_PID=$!
  PIDS+=("$STARTED_PID")
  wait_port "${PORT[haproxy]}" 10 "$STARTED_PID" || { cat "$TMP/haproxy.log" >&2; exit 1; }
}

# The gateway as the README starts it: bin/cutover gateway, one static service in front of the
# backend, its release deployed through the admin API.
# gateway_b is a second gateway in the same run, for an A/B of two builds or two flag sets:
# CUTOVER_APP_B (default: the same build) started with CUTOVER_JAVA_OPTS_B (default: none).
start_gateway_b() {
  CUTOVER_APP=${CUTOVER_APP_B:-${CUTOVER_APP:-}} CUTOVER_JAVA_OPTS=${CUTOVER_JAVA_OPTS_B:-} \
    start_gateway gateway_b
}

start_gateway() { # [name: gateway]
  local name=${1:-gateway}
  local gw=$TMP/$name admin_port token
  mkdir -p "$gw/services" "$gw/data"
  free_port && admin_port=$FREE_PORT
  token=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
  cat >"$gw/services/bench.yaml" <<EOF
routes:
  hosts: ["*"]
  path-prefix: /
$(gateway_tls_routes)
driver:
  type: static
health:
  path: /
  interval: 5s
deploy:
  strategy: immediate
EOF
  CUTOVER_PROXY_TLS_PORT=${TLS_PORT[$name]:--1} \
    CUTOVER_PROXY_PORT=${PORT[$name]} QUARKUS_HTTP_PORT=$admin_port CUTOVER_ADMIN_TOKEN=$token \
    CUTOVER_SERVICES_DIR=$gw/services CUTOVER_DATA_DIR=$gw/data \
    "$REPO/bin/cutover" gateway >"$TMP/$name.log" 2>&1 &
  STARTED_PID=$!
  PIDS+=("$STARTED_PID")
  ADMIN_PORT[$name]=$admin_port
  TOKEN[$name]=$token
  local admin=http://127.0.0.1:$admin_port deadline=$((SECONDS + 120))
  until curl -fs "$admin/q/health/ready" >/dev/null 2>&1; do
    kill -0 "$STARTED_PID" 2>/dev/null && ((SECONDS < deadline)) \
      || { loud "$name did not get ready"; tail -n 60 "$TMP/$name.log" >&2; exit 1; }
    sleep 0.2
  done
  head -n 1 "$TMP/$name.log" | sed 's/^/  /'
  curl -fsS -X POST "$admin/api/v1/services/bench/deploys" -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/json' \
    -d "{\"version\":\"b1\",\"targets\":[\"127.0.0.1:$BACKEND_PORT\"]}" >"$TMP/$name-deploy.json"
  until [[ $(curl -s --max-time 2 "http://127.0.0.1:${PORT[$name]}/" || true) == hello ]]; do
    ((SECONDS < deadline)) || { loud "the bench release never served"; tail -n 60 "$TMP/$name.log" >&2; exit 1; }
    sleep 0.2
  done
}

start_harness() {
  local java=java
  [[ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]] && java=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
  "$java" -XX:+UseParallelGC -Xms256m -Xmx256m -Dvertx.cacheDirBase="$TMP/vertx-cache" \
    -cp "$REPO/target/test-classes:$REPO/target/classes:$(cat "$REPO/target/bench-classpath.txt")" \
    io.cutover.bench.BenchProxyMain --port "${PORT[harness]}" --backend-port "$BACKEND_PORT" \
    >"$TMP/harness.log" 2>&1 &
  STARTED_PID=$!
  PIDS+=("$STARTED_PID")
  wait_port "${PORT[harness]}" 60 "$STARTED_PID" || { cat "$TMP/harness.log" >&2; exit 1; }
}

# The nginx backend, then each of PROXIES in front of it; sets BACKEND_PID and PID[proxy].
start_backend_and_proxies() {
  local p
  log "backend nginx on 127.0.0.1:$BACKEND_PORT"
  write_backend_conf >"$TMP/backend.conf"
  start_nginx backend && BACKEND_PID=$STARTED_PID
  wait_port "$BACKEND_PORT" 10 "$BACKEND_PID" || { cat "$TMP"/backend-*.log >&2; exit 1; }
  for p in $PROXIES; do
    log "$p on 127.0.0.1:${PORT[$p]}"
    "start_$p"
    PID[$p]=$STARTED_PID
  done
}

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

rss_kb() { # pid: the process and its children (nginx workers; the gateway's embedded PostgreSQL not)
  local total=0 kb pid
  for pid in "$1" $([[ $2 == nginx ]] && pgrep -P "$1"); do
    kb=$(ps -o rss= -p "$pid" 2>/dev/null | tr -d ' ')
    total=$((total + ${kb:-0}))
  done
  echo "$total"
}

# Pins (or unpins) every thread of the servers started; the JVMs keep their JIT warmth, so only
# where the CPUs are changes between modes.
set_mode() { # unpinned | pinned
  local cpus pid p
  case "$1" in
    unpinned) cpus=0-$(($(nproc --all) - 1)); WRK_PREFIX=() ;;
    pinned) cpus=1; WRK_PREFIX=(taskset -c 0) ;;
    *) echo "unknown mode $1" >&2; exit 2 ;;
  esac
  for pid in "$BACKEND_PID" $(pgrep -P "$BACKEND_PID"); do taskset -a -p -c "$cpus" "$pid" >/dev/null; done
  for p in $PROXIES; do
    for pid in "${PID[$p]}" $(pgrep -P "${PID[$p]}"); do taskset -a -p -c "$cpus" "$pid" >/dev/null 2>&1 || true; done
  done
}

check_alive() {
  local p
  kill -0 "$BACKEND_PID" 2>/dev/null || { record_error "the backend died"; exit 1; }
  for p in $PROXIES; do
    if ! kill -0 "${PID[$p]}" 2>/dev/null; then
      record_error "$p (pid ${PID[$p]}) died"
      tail -n 60 "$TMP/$p.log" >&2 2>/dev/null || true
      exit 1
    fi
  done
}

# SCRAPE_B=1: a Prometheus-like scraper on gateway_b's /q/metrics once a second, only while
# gateway_b's own rounds run, so gateway (never scraped) vs gateway_b is the scrape's cost.
start_scraper() { # name; sets SCRAPER_PID
  local name=$1
  (
    while :; do
      curl -s -o /dev/null -w '%{http_code}\n' --max-time 2 \
        -H "Authorization: Bearer ${TOKEN[$name]}" "http://127.0.0.1:${ADMIN_PORT[$name]}/q/metrics" \
        >>"$TMP/scrapes-$name.txt" || echo "curl-failed" >>"$TMP/scrapes-$name.txt"
      sleep 1
    done
  ) &
  SCRAPER_PID=$!
  PIDS+=("$SCRAPER_PID")
}

stop_scraper() {
  kill "$SCRAPER_PID" 2>/dev/null || true
  wait "$SCRAPER_PID" 2>/dev/null || true
}

# The scraped gateway must answer SPEC's series, and every scrape of the run must have been a 200.
check_scrapes() { # name
  local name=$1 file=$TMP/scrapes-$1.txt total ok
  total=$(wc -l <"$file" 2>/dev/null || echo 0)
  ok=$(grep -c '^200$' "$file" 2>/dev/null || true)
  log "$name scraped $total time(s), ${ok:-0} answered 200"
  ((total > 0 && ok == total)) || record_error "scrapes of $name failed ($file)"
}

run_wrk() { # mode row proxy round
  local mode=$1 row=$2 p=$3 round=$4 out conns headers=() url
  [[ $row =~ ([0-9]+)$ ]] && conns=${BASH_REMATCH[1]}
  [[ $row == close* || $row == tlsclose* ]] && headers=(-H 'Connection: close')
  url=http://127.0.0.1:${PORT[$p]}/
  if is_tls_row "$row"; then
    [[ -n ${TLS_PORT[$p]:-} ]] || return 0 # this proxy serves no TLS here
    url=https://127.0.0.1:${TLS_PORT[$p]}/
  fi
  out=$TMP/wrk-$mode-$row-$p-r$round.txt
  local scraped=0
  [[ ${SCRAPE_B:-0} == 1 && $p == gateway_b ]] && scraped=1 && start_scraper gateway_b
  local rss rps p50 p99 errs reqs
  if [[ $row == h2-* ]]; then
    read -r rps p50 p99 errs reqs <<<"$(run_h2load "$out" "$conns" "${TLS_PORT[$p]}")"
  else
    timeout $((DURATION + 30)) "${WRK_PREFIX[@]}" wrk -t"$WRK_THREADS" -c"$conns" -d"${DURATION}s" \
      --latency "${headers[@]}" "$url" >"$out" 2>&1 || echo "wrk exit status $?" >>"$out"
    rps=$(awk '/^Requests\/sec:/ {print $2}' "$out")
    p50=$(to_ms "$(awk '$1 == "50%" {print $2}' "$out")")
    p99=$(to_ms "$(awk '$1 == "99%" {print $2}' "$out")")
    reqs=$(awk '/requests in/ {print $1}' "$out")
    errs=$(awk '/Socket errors/ {gsub(",", ""); s += $4 + $6 + $8 + $10} /Non-2xx/ {s += $NF} END {print s + 0}' "$out")
  fi
  ((scraped)) && stop_scraper
  rss=$(rss_kb "${PID[$p]}" "$p")
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$mode" "$row" "$p" "$round" "${rps:-0}" "$p50" "$p99" \
    "$rss" "$errs" >>"$RESULTS"
  log "$(printf '%-8s %-8s %-7s round %s: %10s req/s  p50 %7s ms  p99 %8s ms  rss %4d MB  errors %s' \
    "$mode" "$row" "$p" "$round" "${rps:-?}" "$p50" "$p99" $((rss / 1024)) "$errs")"
  if ((errs)) || [[ -z $rps || ${reqs:-0} == 0 ]] || grep -qE "(wrk|h2load) exit" "$out"; then
    record_error "$p errored in $mode $row round $round ($out)"
    cat "$out" >&2
  fi
  check_alive
}

median() { sort -g | awk '{v[NR] = $1} END {
  if (NR == 0) { print "nan"; exit }
  if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
col() { # mode row proxy column
  awk -F'\t' -v m="$1" -v r="$2" -v p="$3" -v k="$4" '$1 == m && $2 == r && $3 == p {print $k}' "$RESULTS" | median
}
# Median over rounds of (proxy's figure / nginx's figure in the same round).
# Median over rounds of (proxy's figure / base's figure in the same round).
ratio_to() { # mode row proxy base column
  awk -F'\t' -v m="$1" -v r="$2" -v p="$3" -v b="$4" -v k="$5" '
    $1 == m && $2 == r && $3 == b {n[$4] = $k}
    $1 == m && $2 == r && $3 == p {x[$4] = $k}
    END {for (i in x) if (n[i] > 0) print x[i] / n[i]}' "$RESULTS" | median
}
ratio() { # mode row proxy column
  awk -F'\t' -v m="$1" -v r="$2" -v p="$3" -v k="$4" '
    $1 == m && $2 == r && $3 == "nginx" {n[$4] = $k}
    $1 == m && $2 == r && $3 == p {x[$4] = $k}
    END {for (i in x) if (n[i] > 0) print x[i] / n[i]}' "$RESULTS" | median
}

print_summary() {
  local mode row p
  echo
  echo "Gateway vs nginx and HAProxy: medians of $ROUNDS round(s) x ${DURATION}s, wrk -t$WRK_THREADS, loopback; ratios = median of per-round ratios to nginx"
  echo "commit: $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$REPO" diff --quiet HEAD -- src/main 2>/dev/null || echo ' (src/main has uncommitted changes)')"
  for p in gateway gateway_b; do [[ -f $TMP/$p.log ]] && echo "$p: $(head -n 1 "$TMP/$p.log")"; done
  echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
  printf '%-9s %-8s %-10s %10s %8s %9s %7s %7s %9s %9s\n' \
    mode row proxy "req/s" "p50 ms" "p99 ms" "RSS MB" errors "req/s x" "p99 x"
  for mode in $MODES; do
    for row in $ROWS; do
      for p in $PROXIES; do
        is_tls_row "$row" && [[ -z ${TLS_PORT[$p]:-} ]] && continue
        printf '%-9s %-8s %-10s %10.0f %8.3f %9.3f %7.1f %7s %9s %9s\n' "$mode" "$row" "$p" \
          "$(col "$mode" "$row" "$p" 5)" "$(col "$mode" "$row" "$p" 6)" "$(col "$mode" "$row" "$p" 7)" \
          "$(awk -v k="$(col "$mode" "$row" "$p" 8)" 'BEGIN {print k / 1024}')" \
          "$(awk -F'\t' -v m="$mode" -v r="$row" -v p="$p" '$1 == m && $2 == r && $3 == p {s += $9} END {print s + 0}' "$RESULTS")" \
          "$([[ $p == nginx ]] || printf '%.2fx' "$(ratio "$mode" "$row" "$p" 5)")" \
          "$([[ $p == nginx ]] || printf '%.2fx' "$(ratio "$mode" "$row" "$p" 7)")"
      done
    done
  done
  if [[ " $PROXIES " == *" gateway "* && " $PROXIES " == *" gateway_b "* ]]; then
    echo "gateway_b vs gateway$([[ ${SCRAPE_B:-0} == 1 ]] && echo ' (gateway_b scraped once a second)'): median of per-round ratios"
    for mode in $MODES; do
      for row in $ROWS; do
        printf '%-9s %-8s req/s %.3fx  p99 %.3fx\n' "$mode" "$row" \
          "$(ratio_to "$mode" "$row" gateway_b gateway 5)" "$(ratio_to "$mode" "$row" gateway_b gateway 7)"
      done
    done
  fi
  wants_tls && echo "(tlsN: HTTPS/1.1 keep-alive; tlscloseN: a new TLS connection per request, req/s = handshakes/s; h2-N: h2load -cN -m10 over ALPN h2, its p50 column is the mean and p99 the max)"
  echo "(errors: wrk socket errors + non-2xx over all rounds; RSS at the end of each round, median: nginx = master + workers, gateway = its JVM, not its embedded PostgreSQL)"
}
