#!/usr/bin/env bash
# Checks ./costfleet demo end to end, as a newcomer would run it:
#   1. it ends with the chargeback summary, a passed reconciliation and the HTML report, in < 3 minutes;
#   2. a second run gives the same totals (the same chargeback.csv, byte for byte);
#   3. Ctrl-C (SIGINT to the demo's process group, as a terminal sends it) in the middle of a run, and
#      a plain `kill` (SIGTERM to the demo alone), leave no process behind.
# Usage: bin/demo-check.sh            (about 5 minutes; prints one line per check, exit 1 on a failure)
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
OUT="$ROOT/run/demo-check"
rm -rf "$OUT" && mkdir -p "$OUT"
LIMIT=180
failures=0

ok() { printf 'demo-check: ok    %s\n' "$*"; }
fail() { printf 'demo-check: FAIL  %s\n' "$*"; failures=$((failures + 1)); }

# Build first, so the timed runs measure the demo and not the first build.
./costfleet build -pl worker-aws,worker-gcp,worker-azure,dispatcher,demo -am >/dev/null 2>&1 \
  || { fail "build"; exit 1; }

run_demo() { # N: runs the demo, keeps its output and report; sets SECONDS_TAKEN and EXIT
  local n="$1" start
  start=$(date +%s)
  ./costfleet demo > "$OUT/run$n.out" 2>&1
  EXIT=$?
  SECONDS_TAKEN=$(( $(date +%s) - start ))
  cp run/demo/data/reports/*/chargeback.csv "$OUT/chargeback$n.csv" 2>/dev/null
  cp run/demo/logs/pids "$OUT/pids$n" 2>/dev/null
}

no_survivors() { # pids file: every process the demo started is gone
  local pidfile="$1" pid name left=""
  [ -s "$pidfile" ] || { echo "no pid file"; return 1; }
  while read -r pid name; do
    if kill -0 "$pid" 2>/dev/null && tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q "$ROOT"; then
      left="$left $name($pid)"
    fi
  done < "$pidfile"
  [ -z "$left" ] || { echo "still running:$left"; return 1; }
}

for n in 1 2; do
  run_demo "$n"
  if [ "$EXIT" -eq 0 ] && grep -q '^reconciliation: PASSED' "$OUT/run$n.out" && grep -q '^report: .*chargeback.html' "$OUT/run$n.out"; then
    ok "run $n: chargeback summary, reconciliation passed, report written ($SECONDS_TAKEN s, exit 0)"
  else
    fail "run $n: exit $EXIT, see $OUT/run$n.out"
  fi
  if [ "$SECONDS_TAKEN" -lt "$LIMIT" ]; then ok "run $n took $SECONDS_TAKEN s (< $LIMIT s)"; else fail "run $n took $SECONDS_TAKEN s (>= $LIMIT s)"; fi
  if msg=$(no_survivors "$OUT/pids$n"); then ok "run $n left no process behind"; else fail "run $n: $msg"; fi
done
if [ -s "$OUT/chargeback1.csv" ] && cmp -s "$OUT/chargeback1.csv" "$OUT/chargeback2.csv"; then
  ok "both runs wrote the same chargeback.csv ($(grep '^  total' "$OUT/run1.out" | tr -s ' '))"
else
  fail "the two runs' chargeback.csv differ (or are missing)"
fi
summary() { sed -n '/^chargeback /,/^reconciliation/p' "$1"; }
if [ -n "$(summary "$OUT/run1.out")" ] && diff <(summary "$OUT/run1.out") <(summary "$OUT/run2.out") >/dev/null; then
  ok "both runs printed the same summary"
else
  fail "the two runs printed different summaries"
fi

interrupt() { # SIGNAL TARGET(group|demo) NAME
  local sig="$1" target="$2" name="$3" pid i log
  log="$OUT/$name.out"
  # Job control on: the demo runs in a process group of its own and, unlike a background job of a
  # non-interactive shell, does not ignore SIGINT, just as in a terminal.
  set -m
  ./costfleet demo > "$log" 2>&1 &
  pid=$!
  set +m
  for ((i = 0; i < 240; i++)); do
    grep -q 'jobs enqueued' "$log" 2>/dev/null && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  sleep 3
  cp run/demo/logs/pids "$OUT/pids-$name" 2>/dev/null
  if [ "$target" = group ]; then kill -"$sig" -- "-$pid"; else kill -"$sig" "$pid"; fi
  for ((i = 0; i < 60; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  if kill -0 "$pid" 2>/dev/null; then
    fail "$name: the demo did not stop within 30 s of SIG$sig"; kill -KILL -- "-$pid" 2>/dev/null; return
  fi
  sleep 1
  if msg=$(no_survivors "$OUT/pids-$name"); then
    if grep -q '^done in' "$log"; then
      fail "$name: the demo finished instead of being interrupted (SIG$sig ignored?)"
    else
      ok "$name: SIG$sig to the $target mid-run stopped the demo and its $(wc -l < "$OUT/pids-$name") processes"
    fi
  else
    fail "$name: $msg"
  fi
}
interrupt INT group ctrl-c
interrupt TERM demo kill

[ "$failures" -eq 0 ] && { echo "demo-check: all checks passed"; exit 0; }
echo "demo-check: $failures check(s) failed (outputs in $OUT)"
exit 1
