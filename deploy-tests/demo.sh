#!/usr/bin/env bash
# Runs the gateway with the demo service (services/demo.yaml), deploys demo v1 through the admin
# API, and keeps the gateway in the foreground until Ctrl-C. Traffic: :8080, admin API: :8090.
# With no datasource URL set, the gateway starts an embedded PostgreSQL under ~/.cutover/postgres.
set -euo pipefail
cd "$(dirname "$0")/.."

version=${1:-v1}
./mvnw -B -q package -DskipTests
# A demo ends with everything it started: its instances stop with the gateway (in production they
# outlive it and the next gateway adopts them; README, "Restarting and upgrading the gateway").
CUTOVER_PROCESS_OUTLIVE_GATEWAY=${CUTOVER_PROCESS_OUTLIVE_GATEWAY:-false} bin/cutover gateway &
gateway=$!
trap 'kill "$gateway" 2>/dev/null; wait "$gateway" 2>/dev/null' EXIT INT TERM

admin=http://127.0.0.1:${QUARKUS_HTTP_PORT:-8090}
for _ in $(seq 1 120); do
  curl -fs "$admin/q/health/ready" >/dev/null 2>&1 && break
  kill -0 "$gateway" 2>/dev/null || { echo "the gateway exited; see its log above" >&2; exit 1; }
  sleep 0.5
done
token=${CUTOVER_ADMIN_TOKEN:-$(cat "${CUTOVER_DATA_DIR:-$HOME/.cutover}/token")}
echo "deploying demo $version"
curl -fsS -X POST "$admin/api/v1/services/demo/deploys" \
  -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
  -d "{\"version\":\"$version\"}"
echo
cat <<MSG

The demo service deploys now (its instances compile at start: give it a few seconds). Then:
  curl -H 'Host: demo.localhost' http://127.0.0.1:${CUTOVER_PROXY_PORT:-8080}/
  bin/cutover deploy demo --version v2 --strategy canary --wait --gateway $admin
  bin/cutover status --gateway $admin
  bin/cutover releases demo --gateway $admin
Ctrl-C stops the gateway and the instances it started.
MSG
wait "$gateway"
