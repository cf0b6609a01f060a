#!/usr/bin/env bash
# Memory of a loaded corpus and the CPU of a warm load, two builds side by side (issue 10):
#   BEFORE_BIN=/tmp/retrace-old AFTER_BIN=target/release/retrace benches/memory.sh [INCIDENTS] [WARM_INCIDENTS]
# Builds the reference corpus (examples/corpus.rs) in $SCALE_DIR (default /tmp/retrace-scale)
# unless it is there, then for each format and each build, alternating the builds run by run:
#   - peak RSS of `retrace lint DIR` with every file parsed (--no-cache), with an empty cache
#     (cold) and from the cache (warm). Until session 8 lint kept every incident in memory, as
#     the TUI does; it now keeps each file's findings only. The TUI, which keeps every incident,
#     is measured by benches/tui_memory.sh;
#   - CPU (user + sys) of `retrace stats --json` from a warm cache over WARM_INCIDENTS
#     incidents of Markdown, RUNS times each (default 5).
# Each build has a cache folder of its own. Prints the ratios after/before and the load
# average: wall time on a shared machine includes the wait for a core, so CPU is the figure.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-5000}
W=${2:-10000}
RUNS=${RUNS:-5}
ROOT=${SCALE_DIR:-/tmp/retrace-scale}
NICE="nice -n 10"
: "${BEFORE_BIN:?set BEFORE_BIN to the build to compare against}"
AFTER_BIN=${AFTER_BIN:-target/release/retrace}
CORPUS_BIN=${CORPUS_BIN:-target/release/examples/corpus}
[ -x "$CORPUS_BIN" ] || nice -n 10 cargo build --release --quiet --example corpus

corpus() {
  local dir="$ROOT/$1-100"
  [ -d "$dir/md" ] || $NICE "$CORPUS_BIN" "$dir" --incidents "$1" >/dev/null
  echo "$dir"
}

# "peak-RSS-KB cpu-seconds" of a command; its output discarded.
measure() {
  /usr/bin/time -f "%M %U %S" -o "$ROOT/time.$$" "$@" >/dev/null 2>"$ROOT/err.$$" || true
  tail -n 1 "$ROOT/time.$$" | awk '{ printf "%s %.2f\n", $1, $2 + $3 }'
}

echo "machine: $(nproc) cores; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "before: $BEFORE_BIN; after: $AFTER_BIN"
DIR=$(corpus "$N")
for fmt in yaml md; do
  mb=$(du -sb "$DIR/$fmt" | awk '{ print $1 / 1000000 }')
  printf '\n== retrace lint, %s incidents of %s (%.1f MB): peak RSS ==\n' "$N" "$fmt" "$mb"
  for b in before after; do rm -rf "$ROOT/cache-$b"; done
  for mode in "no cache|--no-cache" "cold|" "warm|" "warm|"; do
    line="$(printf '%-9s' "${mode%%|*}")"
    for b in before after; do
      bin=$BEFORE_BIN
      [ "$b" = after ] && bin=$AFTER_BIN
      r=$(RETRACE_CACHE_DIR="$ROOT/cache-$b" measure $NICE "$bin" ${mode#*|} lint "$DIR/$fmt")
      kb=${r%% *}
      eval "kb_$b=$kb"
      line="$line $(awk -v k="$kb" -v m="$mb" -v b="$b" 'BEGIN { printf "%s %4d MB (%.2f×)", b, k / 1000, k / 1000 / m }')"
    done
    echo "$line  after/before $(awk -v a="$kb_after" -v b="$kb_before" 'BEGIN { printf "%.2f", a / b }')"
  done
done

WDIR=$(corpus "$W")
printf '\n== retrace stats --json from a warm cache, %s incidents of md: CPU (user + sys) ==\n' "$W"
for b in before after; do
  bin=$BEFORE_BIN
  [ "$b" = after ] && bin=$AFTER_BIN
  RETRACE_CACHE_DIR="$ROOT/cache-warm-$b" $NICE "$bin" stats --json "$WDIR/md" >/dev/null
done
sum_before=0
sum_after=0
for i in $(seq "$RUNS"); do
  for b in before after; do
    bin=$BEFORE_BIN
    [ "$b" = after ] && bin=$AFTER_BIN
    r=$(RETRACE_CACHE_DIR="$ROOT/cache-warm-$b" measure $NICE "$bin" stats --json "$WDIR/md")
    cpu=${r#* }
    echo "run $i $b: ${cpu} s CPU, peak $(( ${r%% *} / 1000 )) MB"
    if [ "$b" = before ]; then sum_before=$(awk -v s="$sum_before" -v c="$cpu" 'BEGIN { print s + c }'); else sum_after=$(awk -v s="$sum_after" -v c="$cpu" 'BEGIN { print s + c }'); fi
  done
done
awk -v b="$sum_before" -v a="$sum_after" -v n="$RUNS" 'BEGIN { printf "mean: before %.3f s, after %.3f s CPU; after/before %.2f\n", b / n, a / n, a / b }'
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
rm -f "$ROOT/time.$$" "$ROOT/err.$$"
