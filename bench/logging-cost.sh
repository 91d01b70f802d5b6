#!/usr/bin/env bash
# What the functions' JSON logging costs a cold start, A/B in one run: per store function, fresh JVMs alternately on
# (A) the store jar as built and (B) the same jar with SLF4J told to use its no-operation provider
# (-Dslf4j.provider=org.slf4j.helpers.NOP_FallbackServiceProvider: no provider init, no line rendered or written). Each JVM builds the handler with its no-arg
# constructor and handles one event against DynamoDB Local (the cold-start harness). Prints median wall and CPU
# (user+sys) per variant and the CPU ratio A/B last.
#
#   bench/logging-cost.sh [rounds (7)]   (env: JAVA, JVM_FLAGS as cold-start.sh)
set -euo pipefail
source "$(dirname "$0")/lib.sh"

ROUNDS="${1:-7}"
BUILD="$(mktemp -d)"
JVM_FLAGS="${JVM_FLAGS:--XX:+TieredCompilation -XX:TieredStopAtLevel=1}"
STORE_JAR="$BENCH_ROOT/functions/target/housekeeping-store.jar"
HARNESS=io.github.gamehousekeeping.bench.ColdStartHarness
cd "$BENCH_ROOT"
bench_build

NOLOG_FLAG=-Dslf4j.provider=org.slf4j.helpers.NOP_FallbackServiceProvider

FIFO="$BUILD/ddb.stdin"
mkfifo "$FIFO"
"$JAVA" -cp "$LOCAL_JAR" io.github.gamehousekeeping.localdb.LocalDynamoDb <"$FIFO" >"$BUILD/ddb.out" 2>"$BUILD/ddb.err" &
DDB_PID=$!
exec 3>"$FIFO"
cleanup() { exec 3>&-; kill "$DDB_PID" 2>/dev/null || true; wait "$DDB_PID" 2>/dev/null || true; rm -rf "$BUILD"; }
trap cleanup EXIT
for _ in $(seq 1 300); do
  grep -q '^PLAYER_PROGRESS_TABLE=' "$BUILD/ddb.out" 2>/dev/null && break
  kill -0 "$DDB_PID" 2>/dev/null || { cat "$BUILD/ddb.err" >&2; exit 1; }
  sleep 0.1
done
export AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local
export AWS_ENDPOINT_URL_DYNAMODB="$(sed -n 's/^endpoint=//p' "$BUILD/ddb.out")"
while IFS='=' read -r var table; do export "$var=$table"; done < <(grep -E '^[A-Z_]+_TABLE=' "$BUILD/ddb.out")
unset JAVA_TOOL_OPTIONS

PKG=io.github.gamehousekeeping.functions
CASES=("GenerateReport|$PKG.GenerateReportHandler|events/level-completed.json"
  "RecordLevelCompletion|$PKG.RecordLevelCompletionHandler|events/level-completed.json"
  "RecordGameCompletion|$PKG.RecordGameCompletionHandler|events/game-completed.json")

bench_header "logging-cost: $ROUNDS rounds; per round and function one fresh JVM on each jar, order alternating"
RESULTS="$BUILD/results.txt"
TIMEFORMAT="%U %S"
for round in $(seq 1 "$ROUNDS"); do
  for case in "${CASES[@]}"; do
    IFS='|' read -r name handler event <<<"$case"
    variants=(A B); (( round % 2 == 0 )) && variants=(B A)
    for v in "${variants[@]}"; do
      nolog=""; [[ "$v" == B ]] && nolog="$NOLOG_FLAG"
      t0=$(date +%s%N)
      # shellcheck disable=SC2086
      { time "$JAVA" $JVM_FLAGS $nolog -cp "$STORE_JAR:$BENCH_CLASSES" $HARNESS "$handler" "$event" "log-$name-$round-$v-$$" \
          >"$BUILD/last.out" 2>"$BUILD/last.err"; } 2>"$BUILD/last.time" \
        || { cat "$BUILD/last.err" "$BUILD/last.out" >&2; exit 1; }
      t1=$(date +%s%N)
      echo "$name $v $(( (t1 - t0) / 1000000 )) $(awk '{printf "%d", ($1 + $2) * 1000}' "$BUILD/last.time")" >>"$RESULTS"
    done
  done
done

printf '\n%-24s %10s %10s %10s %10s %9s\n' function "A wall ms" "B wall ms" "A cpu ms" "B cpu ms" "cpu A/B"
all_a=0; all_b=0
for case in "${CASES[@]}"; do
  name="${case%%|*}"
  m() { awk -v n="$name" -v v="$1" -v c="$2" '$1==n && $2==v {print $c}' "$RESULTS" | bench_median; }
  wa="$(m A 3)"; wb="$(m B 3)"; ca="$(m A 4)"; cb="$(m B 4)"
  printf '%-24s %10s %10s %10s %10s %9s\n' "$name" "$wa" "$wb" "$ca" "$cb" "$(awk -v a="$ca" -v b="$cb" 'BEGIN{printf "%.3f", a/b}')"
  all_a="$(awk -v s="$all_a" -v x="$ca" 'BEGIN{print s+x}')"; all_b="$(awk -v s="$all_b" -v x="$cb" 'BEGIN{print s+x}')"
done
echo
echo "A: housekeeping-store.jar as built (JSON logging); B: the same jar with $NOLOG_FLAG"
echo "(SLF4J's no-operation logger). Medians of $ROUNDS fresh JVMs per cell; JVM flags: $JVM_FLAGS."
bench_footer
echo "ratio cpu A/B (sum of the three medians): $(awk -v a="$all_a" -v b="$all_b" 'BEGIN{printf "%.3f", a/b}')"
