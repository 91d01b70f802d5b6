#!/usr/bin/env bash
# Cold-start benchmark of the Lambda functions: for each function, N fresh JVMs (default 5), each constructing the
# handler with its no-arg constructor (as the Lambda Java runtime does) and handling one event against DynamoDB Local.
# Compares with a trivial hello-world RequestHandler in the same harness. Then, per function in one JVM, what a player
# meets after a SnapStart restore: the first invoke after the priming ran vs a warm invoke (ratio printed last).
#
#   bench/cold-start.sh [runs]   (env: JAVA=java, JVM_FLAGS="-XX:+TieredCompilation -XX:TieredStopAtLevel=1", WARM_INVOKES=20, PAUSE_MS=100,
#                                 PRIMED_ONLY=1: only the after-priming table)
#
# JVM flags: the Lambda Java 17+ runtimes stop tiered compilation at level 1 (C1) by default
# (https://docs.aws.amazon.com/lambda/latest/dg/java-customization.html), so every JVM here, hello-world included,
# runs with -XX:TieredStopAtLevel=1.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

RUNS="${1:-5}"
WARM_INVOKES="${WARM_INVOKES:-20}"
PAUSE_MS="${PAUSE_MS:-100}"
ROOT="$BENCH_ROOT"
BUILD="$(mktemp -d)"
JVM_FLAGS="${JVM_FLAGS:--XX:+TieredCompilation -XX:TieredStopAtLevel=1}"
TARGET="$ROOT/functions/target"
VALIDATE_JAR="$TARGET/housekeeping-validate.jar"
STORE_JAR="$TARGET/housekeeping-store.jar"
METRICS_JAR="$TARGET/housekeeping-metrics.jar"
HARNESS=io.github.gamehousekeeping.bench.ColdStartHarness

cd "$ROOT"
# 1. The README's build, when something is missing: the function jars, housekeeping-local.jar (DynamoDB Local), the
#    harness classes (bench module). Nothing is read from the local Maven repository.
bench_build

# 2. DynamoDB Local, once, with the tables (it stops when its stdin closes).
FIFO="$BUILD/ddb.stdin"
rm -f "$FIFO"; mkfifo "$FIFO"
"$JAVA" -cp "$LOCAL_JAR" io.github.gamehousekeeping.localdb.LocalDynamoDb \
  <"$FIFO" >"$BUILD/ddb.out" 2>"$BUILD/ddb.err" &
DDB_PID=$!
exec 3>"$FIFO"
cleanup() { exec 3>&-; kill "$DDB_PID" 2>/dev/null || true; wait "$DDB_PID" 2>/dev/null || true; rm -rf "$BUILD"; }
trap cleanup EXIT
for _ in $(seq 1 300); do
  grep -q '^PLAYER_PROGRESS_TABLE=' "$BUILD/ddb.out" 2>/dev/null && break # printed after the endpoint and the other tables
  kill -0 "$DDB_PID" 2>/dev/null || { cat "$BUILD/ddb.err" >&2; echo "DynamoDB Local did not start" >&2; exit 1; }
  sleep 0.1
done
ENDPOINT="$(sed -n 's/^endpoint=//p' "$BUILD/ddb.out")"
[[ -n "$ENDPOINT" ]] || { echo "DynamoDB Local did not print its endpoint" >&2; exit 1; }
echo "DynamoDB Local at $ENDPOINT" >&2

# 3. The functions' environment, as the stack sets it (plus the SDK's own endpoint variable for DynamoDB Local).
export AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local
export AWS_ENDPOINT_URL_DYNAMODB="$ENDPOINT" AWS_ENDPOINT_URL_CLOUDWATCH="http://127.0.0.1:9"
# the table names as DynamoDB Local created them (one NAME_TABLE=name line per table of contract Tables)
while IFS='=' read -r var table; do export "$var=$table"; done < <(grep -E '^[A-Z_]+_TABLE=' "$BUILD/ddb.out")
[[ -n "${PLAYER_PROGRESS_TABLE:-}" ]] || { echo "DynamoDB Local did not print the table names" >&2; exit 1; }
export METRICS_NAMESPACE=GameHousekeepingBench METRICS_MODE=emf
unset JAVA_TOOL_OPTIONS

PKG=io.github.gamehousekeeping.functions
# name | jar | handler class | event file | extra harness args
CASES=(
  "HelloWorld|$VALIDATE_JAR|io.github.gamehousekeeping.bench.HelloHandler|events/level-completed.json|"
  "ValidateEvent|$VALIDATE_JAR|$PKG.ValidateEventHandler|events/level-completed.json|"
  "GenerateReport|$STORE_JAR|$PKG.GenerateReportHandler|events/level-completed.json|"
  "RecordLevelCompletion|$STORE_JAR|$PKG.RecordLevelCompletionHandler|events/level-completed.json|"
  "RecordGameCompletion|$STORE_JAR|$PKG.RecordGameCompletionHandler|events/game-completed.json|"
  "PublishMetrics(emf)|$METRICS_JAR|$PKG.PublishMetricsHandler|events/level-completed.json|--wrap"
)

median() { sort -n | awk '{a[NR]=$1} END{ if (NR%2) printf "%.1f", a[(NR+1)/2]; else printf "%.1f", (a[NR/2]+a[NR/2+1])/2 }'; }

bench_header "cold-start: $RUNS fresh JVMs per function; then one JVM per function: priming, first invoke, $WARM_INVOKES warm invokes"
if [[ "${PRIMED_ONLY:-0}" != 1 ]]; then
RESULTS="$BUILD/results.txt"
TIMEFORMAT="%U %S"
: >"$RESULTS"
for case in "${CASES[@]}"; do
  IFS='|' read -r name jar handler event extra <<<"$case"
  for run in $(seq 1 "$RUNS"); do
    eventId="bench-$name-$run-$$"
    eventId="${eventId//[^A-Za-z0-9_-]/-}"
    args=("$handler" "$event" "$eventId")
    [[ -n "$extra" ]] && args+=("$extra")
    t0=$(date +%s%N)
    # shellcheck disable=SC2086
    if ! { time "$JAVA" $JVM_FLAGS -cp "$jar:$BENCH_CLASSES" $HARNESS "${args[@]}" \
             >"$BUILD/last.out" 2>"$BUILD/last.err"; } 2>"$BUILD/last.time"; then
      echo "$name run $run failed:" >&2; cat "$BUILD/last.err" "$BUILD/last.out" >&2; exit 1
    fi
    t1=$(date +%s%N)
    line="$(grep '^HARNESS ' "$BUILD/last.out" | tail -1)"
    init="$(sed -n 's/.*init_ms=\([0-9.]*\).*/\1/p' <<<"$line")"
    invoke="$(sed -n 's/.*invoke_ms=\([0-9.]*\).*/\1/p' <<<"$line")"
    cpu="$(awk '{printf "%d", ($1 + $2) * 1000}' "$BUILD/last.time")"
    echo "$name $(( (t1 - t0) / 1000000 )) $init $invoke $(stat -c %s "$jar") $cpu" >>"$RESULTS"
  done
done

hello_wall="$(awk '$1=="HelloWorld"{print $2}' "$RESULTS" | median)"
hello_cpu="$(awk '$1=="HelloWorld"{print $6}' "$RESULTS" | median)"
printf '\n%-24s %8s %8s %8s %8s %8s %10s %7s\n' "function" "wall ms" "x hello" "cpu ms" "x hello" "init ms" "invoke ms" "jar MB"
for case in "${CASES[@]}"; do
  name="${case%%|*}"
  wall="$(awk -v n="$name" '$1==n{print $2}' "$RESULTS" | median)"
  init="$(awk -v n="$name" '$1==n{print $3}' "$RESULTS" | median)"
  invoke="$(awk -v n="$name" '$1==n{print $4}' "$RESULTS" | median)"
  size="$(awk -v n="$name" '$1==n{print $5; exit}' "$RESULTS")"
  cpu="$(awk -v n="$name" '$1==n{print $6}' "$RESULTS" | median)"
  printf '%-24s %8s %8s %8s %8s %8s %10s %7s\n' "$name" "$wall" "$(awk -v a="$wall" -v b="$hello_wall" 'BEGIN{printf "%.2f", a/b}')" \
    "$cpu" "$(awk -v a="$cpu" -v b="$hello_cpu" 'BEGIN{printf "%.2f", a/b}')" \
    "$init" "$invoke" "$(awk -v s="$size" 'BEGIN{printf "%.2f", s/1048576}')"
done
echo
echo "Fresh JVMs (table above): median of $RUNS fresh JVMs each (wall: process start to exit; cpu: user+sys of the JVM;"
echo "init: no-arg constructor incl. class loading; invoke: first handleRequest); JVM flags: $JVM_FLAGS."
fi

# 4. SnapStart as a player meets it: in one JVM per function, the handler constructed, its priming run through the CRaC
#    hooks (what happens before the snapshot), then the first invoke timed against the median of warm invokes.
PRIMED="$BUILD/primed.txt"
: >"$PRIMED"
for case in "${CASES[@]}"; do
  IFS='|' read -r name jar handler event extra <<<"$case"
  [[ "$name" == HelloWorld ]] && continue
  for run in $(seq 1 "$RUNS"); do
    eventId="primed-$name-$run-$$"
    eventId="${eventId//[^A-Za-z0-9_-]/-}"
    args=("$handler" "$event" "$eventId" --primed "$WARM_INVOKES" --pause-ms "$PAUSE_MS")
    [[ -n "$extra" ]] && args+=("$extra")
    # shellcheck disable=SC2086
    if ! "$JAVA" $JVM_FLAGS -cp "$jar:$BENCH_CLASSES" $HARNESS "${args[@]}" >"$BUILD/last.out" 2>"$BUILD/last.err"; then
      echo "$name primed run $run failed:" >&2; cat "$BUILD/last.err" "$BUILD/last.out" >&2; exit 1
    fi
    line="$(grep '^HARNESS ' "$BUILD/last.out" | tail -1)"
    field() { sed -n "s/.* $1=\([0-9.]*\).*/\1/p" <<<"$line"; }
    echo "$name $(field priming_ms) $(field first_ms) $(field warm_ms) $(field first_classes) $(field warm_b2b_ms)" >>"$PRIMED"
  done
done
# medians with 3 decimals (warm invokes of the small functions take well under a millisecond)
median3() { sort -g | awk '{a[NR]=$1} END{ if (NR==0) print "nan"; else if (NR%2) printf "%.3f", a[(NR+1)/2]; else printf "%.3f", (a[NR/2]+a[NR/2+1])/2 }'; }
printf '\n%-24s %11s %15s %13s %14s %14s %16s\n' "function" "priming ms" "first invoke ms" "warm invoke ms" "first / warm" \
  "first classes" "back-to-back ms"
worst=0
for case in "${CASES[@]}"; do
  name="${case%%|*}"
  [[ "$name" == HelloWorld ]] && continue
  col() { awk -v n="$name" -v c="$1" '$1==n{print $c}' "$PRIMED" | median3; }
  priming="$(col 2)"; first="$(col 3)"; warm="$(col 4)"; classes="$(col 5)"; b2b="$(col 6)"
  ratio="$(awk -v a="$first" -v b="$warm" 'BEGIN{printf "%.2f", a/b}')"
  worst="$(awk -v a="$ratio" -v b="$worst" 'BEGIN{print (a>b)?a:b}')"
  printf '%-24s %11.1f %15s %13s %14s %14.0f %16s\n' "$name" "$priming" "$first" "$warm" "$ratio" "$classes" "$b2b"
done
echo
echo "After priming (table above): one JVM per function, $RUNS runs, medians; the first invoke after the CRaC hooks ran"
echo "the priming vs the median of $WARM_INVOKES warm invokes that follow (the same JVM, DynamoDB Local on loopback), each"
echo "invoke, the first included, after an idle pause of $PAUSE_MS ms (PAUSE_MS; a restored environment's first request"
echo "comes after idle time, and after idle time an invoke takes longer whether primed or not). \"back-to-back\": the"
echo "median of $WARM_INVOKES more warm invokes without a pause (hot caches), for comparison."
echo "JVM flags: $JVM_FLAGS."
bench_footer
echo "ratio first invoke after priming / warm invoke, worst function: $worst (target <= 1.5)"
