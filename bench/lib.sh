# Shared by the benchmark scripts (source it): the build they need and the header/footer every figure is printed with.
# A script prints its figures and, last, its ratio; `bench_header`/`bench_footer` add the date, JDK, CPUs and load
# average, so a figure copied into the README says when and how it was measured.

BENCH_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LOCAL_JAR="$BENCH_ROOT/local/target/housekeeping-local.jar"
BENCH_CLASSES="$BENCH_ROOT/bench/target/classes"
# The housekeeping-shaped benchmark workflow (definition, input, mocked task results, expected output) the engine
# benchmarks run.
BENCH_WORKFLOW="$BENCH_ROOT/local/src/test/resources/bench/housekeeping-workflow.json"
JAVA="${JAVA:-java}"

# Builds with the README's command when a jar or the harness classes are missing or older than a source file
# (BENCH_NO_BUILD=1: use what is there).
bench_build() {
  [[ "${BENCH_NO_BUILD:-0}" == 1 ]] && return 0
  local needed=("$LOCAL_JAR" "$BENCH_CLASSES/io/github/gamehousekeeping/bench/ColdStartHarness.class"
    "$BENCH_ROOT/functions/target/housekeeping-store.jar" "$BENCH_CLASSES/io/github/gamehousekeeping/bench/ReportScaling.class"
    "$BENCH_CLASSES/io/github/gamehousekeeping/bench/FullFlowThroughput.class")
  local f stale=""
  for f in "${needed[@]}"; do [[ -e "$f" ]] || stale="missing $f"; done
  if [[ -z "$stale" ]] && [[ -n "$(find "$BENCH_ROOT"/*/src "$BENCH_ROOT"/*/pom.xml "$BENCH_ROOT/pom.xml" -newer "$LOCAL_JAR" -type f -print -quit 2>/dev/null)" ]]; then
    stale="sources newer than the jar"
  fi
  if [[ -n "$stale" ]]; then
    echo "Building ($stale): mvn -q -B package -DskipTests" >&2
    (cd "$BENCH_ROOT" && mvn -q -B package -DskipTests) >&2
  fi
}

bench_header() {
  echo "== $1"
  echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'); JDK: $("$JAVA" -version 2>&1 | head -1); $(nproc) CPUs;" \
    "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
}

bench_footer() {
  echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
}

# median of numbers on stdin
bench_median() {
  sort -g | awk '{a[NR]=$1} END{ if (NR==0) print "nan"; else if (NR%2) printf "%.1f", a[(NR+1)/2]; else printf "%.1f", (a[NR/2]+a[NR/2+1])/2 }'
}
