# TLS rows of the bench (sourced by run.sh after lib.sh): one self-signed certificate made here with
# openssl, served by nginx, HAProxy and the gateway on a TLS port each, in front of the same backend.
#
# Rows: tlsN = wrk over HTTPS/1.1, N keep-alive connections; tlscloseN = wrk over HTTPS with
# `Connection: close`, so every request is a new connection and a full handshake (req/s = the
# handshake rate); h2-N = h2load, N connections of HTTP/2 by ALPN with 10 streams each (-m10). For
# h2load rows the p50 column holds its mean and the p99 column its max (it gives no percentiles).

is_tls_row() { [[ $1 == tls* || $1 == h2-* ]]; }
tls_capable() { [[ $1 == nginx || $1 == haproxy || $1 == gateway ]]; }
wants_tls() {
  local r
  for r in $ROWS; do is_tls_row "$r" && return 0; done
  return 1
}

declare -A TLS_PORT

# The certificate (bench.localhost and 127.0.0.1) and a TLS port for each proxy that serves TLS.
# ECDSA P-256 by default, what certbot and most ACME clients issue today (BENCH_KEY=rsa:2048 for
# RSA; the JDK signs RSA-2048 several times slower than OpenSSL, which the handshake row shows).
prepare_tls() {
  wants_tls || return 0
  need_tools h2load:nghttp2-client openssl:openssl
  local key=(-newkey ec -pkeyopt ec_paramgen_curve:prime256v1)
  [[ ${BENCH_KEY:-ec} == rsa* ]] && key=(-newkey "$BENCH_KEY")
  openssl req -x509 "${key[@]}" -nodes -days 2 -subj /CN=bench.localhost \
    -addext "subjectAltName=DNS:bench.localhost,IP:127.0.0.1" \
    -keyout "$TMP/bench.key" -out "$TMP/bench.crt" 2>"$TMP/openssl.log"
  log "TLS rows: one self-signed certificate ($(openssl x509 -in "$TMP/bench.crt" -noout -text | awk '/Public Key Algorithm/ {print $4}'), ${BENCH_KEY:-ec})"
  cat "$TMP/bench.crt" "$TMP/bench.key" >"$TMP/bench.pem" # HAProxy's form
  chmod 644 "$TMP/bench.key" "$TMP/bench.pem"
  local p
  for p in $PROXIES; do
    if tls_capable "$p"; then
      free_port && TLS_PORT[$p]=$FREE_PORT
    fi
  done
  return 0
}

nginx_tls_server() { # the nginx proxy's TLS server block, or nothing
  [[ -n ${TLS_PORT[nginx]:-} ]] || return 0
  printf '%s\n' \
    "  server {" \
    "    listen 127.0.0.1:${TLS_PORT[nginx]} ssl http2 backlog=4096;" \
    "    ssl_certificate $TMP/bench.crt;" \
    "    ssl_certificate_key $TMP/bench.key;" \
    "    location / {" \
    "      proxy_pass http://backend;" \
    "      proxy_http_version 1.1;" \
    "      proxy_set_header Connection \"\";" \
    "    }" \
    "  }"
}

haproxy_tls_frontend() {
  [[ -n ${TLS_PORT[haproxy]:-} ]] || return 0
  printf '%s\n' \
    "frontend fe_tls" \
    "  bind 127.0.0.1:${TLS_PORT[haproxy]} ssl crt $TMP/bench.pem alpn h2,http/1.1" \
    "  default_backend be"
}

gateway_tls_routes() { # more keys of the bench service's routes
  [[ -n ${TLS_PORT[gateway]:-} ]] || return 0
  printf '  tls: {cert: %s, key: %s}\n' "$TMP/bench.crt" "$TMP/bench.key"
}

# Every TLS port answers the backend's body over HTTPS/1.1 and HTTP/2, then gets its warm-up.
check_and_warm_tls() {
  local p body secs flag
  for p in "${!TLS_PORT[@]}"; do
    for flag in --http1.1 --http2; do
      body=$(curl -sS -k "$flag" --max-time 5 "https://127.0.0.1:${TLS_PORT[$p]}/" || true)
      [[ $body == hello ]] || { loud "$p over TLS ($flag) answered '$body' instead of 'hello'"; exit 1; }
    done
    secs=2
    [[ $p == gateway ]] && secs=$((WARMUP / 2 + 1))
    # Both paths the rows take: requests on open connections, and handshakes.
    wrk -t"$WRK_THREADS" -c50 -d"${secs}s" "https://127.0.0.1:${TLS_PORT[$p]}/" >"$TMP/warmup-tls-$p.txt" 2>&1
    wrk -t"$WRK_THREADS" -c50 -d"${secs}s" -H 'Connection: close' "https://127.0.0.1:${TLS_PORT[$p]}/" \
      >"$TMP/warmup-tlsclose-$p.txt" 2>&1
    if grep -qE "Socket errors|Non-2xx" "$TMP/warmup-tls-$p.txt" "$TMP/warmup-tlsclose-$p.txt"; then
      record_error "TLS warm-up of $p ($TMP/warmup-tls*-$p.txt)"
    fi
  done
  return 0
}

# One h2load round into out; prints "req/s mean_ms max_ms errors requests".
run_h2load() { # out conns port
  timeout $((DURATION + 30)) "${WRK_PREFIX[@]}" h2load -t1 -c"$2" -m10 -D"$DURATION" \
    "https://127.0.0.1:$3/" >"$1" 2>&1 || echo "h2load exit status $?" >>"$1"
  awk '
    function ms(v) { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n = n; else if (v ~ /s$/) n *= 1000; return n }
    /^finished in/ {gsub(",", ""); rps = $4}
    /^requests:/ {gsub(",", ""); done = $6; errs = $10 + $12 + $14}
    /^status codes:/ {gsub(",", ""); ok = $3}
    /^time for request:/ {max = $5; mean = $6}
    END {printf "%s %.3f %.3f %d %d\n", rps + 0, ms(mean), ms(max), errs + (done - ok), done + 0}' "$1"
}
