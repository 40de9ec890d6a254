#!/usr/bin/env bash
# ./jijiao test: prerequisites, then every test suite. Fails on the first failing suite.
#   1. server tests     JUnit 5 against real PostgreSQL and Redis (own database per class)
#   2. web unit tests   vitest
#   3. browser e2e      headless Chromium (playwright-core) against a freshly started server
#   4. load smoke       a ~30 s Gatling run against the same server, then the correctness check
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

started=$(date +%s)
step "checking prerequisites"
ensure_tools
ensure_postgres
ensure_redis
ensure_media

step "1/4 server tests (mvn test; output per class in target/surefire-reports)"
if ! mvn -B test -Dstyle.color=never > target-test.log 2>&1; then
  grep -E "Tests run:|FAIL|ERROR" target-test.log | tail -60
  die "server tests failed (full log: target-test.log)"
fi
grep -E "^\[INFO\] Tests run:|Tests run: .*Fail" target-test.log | tail -40
rm -f target-test.log

if [ -f web/package.json ]; then
  step "2/4 web unit tests (vitest)"
  ensure_node
  if [ ! -d web/node_modules ] || [ web/package-lock.json -nt web/node_modules/.package-lock.json ]; then
    say "installing web packages (npm ci)"
    (cd web && npm ci --no-audit --no-fund --loglevel=error)
  fi
  (cd web && npm test --silent)
else
  step "2/4 web unit tests: no web/ front-end yet, skipped"
fi

step "3/4 browser end-to-end tests"
ensure_chromium
ensure_web_build
build_server
run_id=$(date +%s)$$
export PG_DATABASE="jijiao_e2e_$run_id" REDIS_KEY_PREFIX="jje2e:$run_id:" HTTP_PORT=18080
export SEED_TEACHERS=3000 SEED_SCHOOLS=120 SEED_FORCE_PASSWORD_CHANGE=false
export FILES_DIR="target/e2e-files" JIJIAO_LOG_LEVEL=WARN LEARNING_HEARTBEAT_SECONDS=5
# WeChat callback and simulator on their own ports, so a running ./jijiao up never clashes.
export WECHAT_PORT=18081 WECHAT_SIMULATOR_PORT=18090 WECHAT_API_BASE=http://127.0.0.1:18090
export WECHAT_PUBLIC_BASE_URL="http://localhost:$HTTP_PORT"
java -Xmx1g -jar target/jijiao.jar > target/e2e-server.log 2>&1 &
server_pid=$!
cleanup() {
  kill -TERM "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  psql -h 127.0.0.1 -U postgres -qc "drop database if exists $PG_DATABASE with (force)" \
    postgres >/dev/null 2>&1 || true
}
trap cleanup EXIT
wait_ready "http://localhost:$HTTP_PORT" "$server_pid" 300
say "server for e2e ready on :$HTTP_PORT (database $PG_DATABASE)"
if [ -f web/e2e/run.mjs ]; then
  (cd web && BASE_URL="http://localhost:$HTTP_PORT" node e2e/run.mjs)
else
  say "no e2e suite yet"
fi

step "4/4 load-test smoke (~30 s) and correctness check"
if [ -x loadtest/run.sh ]; then
  BASE_URL="http://localhost:$HTTP_PORT" DB_NAME="$PG_DATABASE" LOADTEST_PASSWORD=Teacher@2026 \
    loadtest/run.sh smoke
else
  say "no load test yet"
fi

step "all tests passed in $(( $(date +%s) - started )) s"
