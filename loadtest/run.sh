#!/usr/bin/env bash
# One load-test run: build, make the trace, measure the baselines, replay the scenario with
# Gatling, check the database, write the summary and refresh docs/performance.md.
#
#   loadtest/run.sh <login|enroll|heartbeat|mixed|smoke>
#
# Environment: BASE_URL (http://localhost:8080), DB_NAME (jijiao), SPEED (1),
# LOADTEST_PASSWORD, LOADTEST_ADMIN_ID, LOADTEST_ADMIN_PASSWORD, SERVER_PID (found from the
# port when the server is local), LOADTEST_OPTS (extra -Dkey=value for every tool, e.g.
# -Dwatch.steps=100,200). Exit status: 0 when the run was correct, 1 when the checker found
# a violation, 2 when the run itself could not be done.
#
# heartbeat and mixed end with the heartbeat ceiling phase, which needs wrk: it is installed
# with apt-get when missing (as root, like ./jijiao's other prerequisites). smoke runs that
# phase for a few seconds only when wrk is already there, and never installs anything.
set -euo pipefail

scenario="${1:-}"
case "$scenario" in
  login|enroll|heartbeat|mixed|smoke) ;;
  *) echo "usage: $0 <login|enroll|heartbeat|mixed|smoke>" >&2; exit 2 ;;
esac

here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
export BASE_URL="${BASE_URL:-http://localhost:8080}"
export DB_NAME="${DB_NAME:-jijiao}"
speed="${SPEED:-1}"
opts=(-Dmodel="$here/peak-model.properties" ${LOADTEST_OPTS:-})
report="$here/reports/$scenario-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$report/record"

say() { printf '\n== %s\n' "$*"; }
prop() { sed -n "s/^$1=//p" peak-model.properties | tail -1; }

ceiling=""
case "$scenario" in
  heartbeat|mixed) ceiling=full ;;
  smoke) ceiling=brief ;;
esac
if [[ "$ceiling" == full ]] && ! command -v wrk >/dev/null; then
  say "prerequisite: wrk (heartbeat ceiling phase)"
  # scripts/lib.sh in a subshell: its error trap and messages stay out of this script.
  (source "$here/../scripts/lib.sh" && ensure_wrk) \
    || echo "wrk could not be installed: the ceiling phase will be skipped" >&2
fi

say "build"
mvn -q -DskipTests package
classpath="$here/target/classes:$(cat target/runtime-classpath.txt)"
tool() { java -cp "$classpath" "${opts[@]}" "$@"; }

say "server at $BASE_URL"
if ! curl -fsS -m 5 "$BASE_URL/health/live" >/dev/null; then
  echo "no server answers $BASE_URL/health/live: start it first (./jijiao up)" >&2
  exit 2
fi
server_pid="${SERVER_PID:-}"
port="$(sed -E 's#^[a-z]+://[^:/]+:?([0-9]*).*#\1#' <<<"$BASE_URL")"
if [[ -z "$server_pid" && "$BASE_URL" =~ ://(localhost|127\.0\.0\.1) ]]; then
  server_pid="$(ss -ltnpH "sport = :${port:-80}" 2>/dev/null | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2 || true)"
fi
echo "server pid: ${server_pid:-unknown (memory and server CPU not sampled)}"

say "trace"
tool org.jijiao.loadtest.trace.TraceGenerator "$scenario" "$report/trace.csv"

# Smoke runs in CI: its probes are kept short.
baseline_seconds="$(prop baseline.seconds)"
hash_opts=()
if [[ "$scenario" == smoke ]]; then
  baseline_seconds=3
  hash_opts=(-Dhash.probeSeconds=2)
fi

baseline() {
  local out="$report/baseline-$1.properties"
  if command -v wrk >/dev/null; then
    local conns get post
    conns="$(prop baseline.connections)"
    get="$(wrk -t1 -c"$conns" -d"${baseline_seconds}s" --latency "$BASE_URL/bench/bare")"
    post="$(wrk -t1 -c"$conns" -d"${baseline_seconds}s" --latency -s baseline/post.lua "$BASE_URL/bench/bare")"
    {
      echo "tool=wrk -t1 -c$conns -d${baseline_seconds}s"
      echo "get.rps=$(awk '/Requests\/sec/ {printf "%.0f", $2}' <<<"$get")"
      echo "post.rps=$(awk '/Requests\/sec/ {printf "%.0f", $2}' <<<"$post")"
      echo "get.p99=$(awk '$1 == "99%" {print $2}' <<<"$get")"
      echo "post.p99=$(awk '$1 == "99%" {print $2}' <<<"$post")"
    } >"$out"
    cat "$out"
  else
    tool org.jijiao.loadtest.probe.BareProbe "$BASE_URL" "$baseline_seconds" 32 "$out"
  fi
  if grep -q '^post.rps=0*$' "$out"; then
    echo "warning: the bare route answered nothing; ratios will read n/a" >&2
  fi
}

say "baseline before (bare route, closed loop)"
baseline before
say "raw password-hash rate"
tool "${hash_opts[@]}" org.jijiao.loadtest.probe.HashRateProbe "$report/hash-rate.properties"

say "replay $scenario at ${speed}x (Gatling, open model)"
gatling_status=0
mvn -q gatling:test "${opts[@]}" \
  -Dscenario="$scenario" -Dtrace="$report/trace.csv" -Dspeed="$speed" \
  -DrecordDir="$report/record" -DbaseUrl="$BASE_URL" -DserverPid="$server_pid" \
  || gatling_status=$?
latest="$(ls -td target/gatling/*/ 2>/dev/null | head -1)"
if [[ -n "$latest" ]]; then
  mv "$latest" "$report/gatling"
fi

# The heartbeat ceiling: after the replay, so Gatling and wrk never share the machine.
ceiling_status=0
if [[ -n "$ceiling" ]]; then
  say "heartbeat ceiling (wrk: bare POST and heartbeats in alternate rounds)"
  ceiling_opts=()
  if [[ "$ceiling" == brief ]]; then
    # CI's smoke: a few sessions and 2 s rounds, enough to prove the phase and its check.
    ceiling_opts=(-Dceiling.sessions=32 -Dceiling.connections=8 -Dceiling.rounds=1
      -Dceiling.seconds=2 -Dceiling.warmupSeconds=0)
  fi
  if ! command -v wrk >/dev/null; then
    echo "wrk is not installed: ceiling phase skipped"
    printf 'skipped=wrk is not installed (apt-get install -y wrk)\n' >"$report/ceiling.properties"
  else
    tool "${ceiling_opts[@]}" org.jijiao.loadtest.ceiling.CeilingPhase "$report" "$server_pid" \
      || ceiling_status=$?
  fi
fi

say "baseline after"
baseline after

say "correctness"
checker_status=0
tool org.jijiao.loadtest.check.CorrectnessChecker "$report/record" "$report/checker.md" \
  || checker_status=$?
echo "$checker_status" >"$report/checker.exit"

say "summary"
tool org.jijiao.loadtest.report.SummaryWriter "$scenario" "$report" \
  "${PERFORMANCE_DOC:-$here/../docs/performance.md}"
echo "report: $report/summary.md and $report/gatling/index.html"

if [[ "$checker_status" -ne 0 ]]; then
  echo "CORRECTNESS FAILED: see $report/checker.md" >&2
  exit 1
fi
if [[ "$gatling_status" -ne 0 ]]; then
  echo "Gatling did not finish cleanly (status $gatling_status)" >&2
  exit 2
fi
if [[ "$ceiling_status" -ne 0 ]]; then
  echo "the heartbeat ceiling phase failed (status $ceiling_status):" \
    "see $report/ceiling.properties" >&2
  exit 2
fi
