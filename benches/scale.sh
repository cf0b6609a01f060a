#!/usr/bin/env bash
# The scale comparison of issue 10, in one go, with ratios side by side:
#   benches/scale.sh [INCIDENTS] [EVENTS_PER_INCIDENT]      (default 10000 100: 1,000,000 events)
#   RETRACE_BIN=/path/retrace CORPUS_BIN=/path/corpus benches/scale.sh 1000   (no build)
# Builds the reference corpus (examples/corpus.rs) in $SCALE_DIR (default /tmp/retrace-scale),
# then times: reading the files (cat) vs `retrace stats --json` and `retrace search` (load),
# each parsing every file (--no-cache), with an empty cache (cold) and from the cache (warm);
# `retrace search` vs `fzf --filter` on the same events for five queries; peak memory vs the
# corpus size. Runs under `nice -n 10`; prints the machine's load average beside the figures,
# since on a shared machine wall time includes the wait for a core.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-10000}
E=${2:-100}
DIR=${SCALE_DIR:-/tmp/retrace-scale}/$N-$E
NICE="nice -n 10"

# RETRACE_BIN and CORPUS_BIN: binaries already built elsewhere (skips the build).
if [ -z "${RETRACE_BIN:-}" ]; then
  nice -n 10 cargo build --release --quiet --example corpus --bin retrace
fi
BIN=${RETRACE_BIN:-target/release/retrace}
if [ ! -d "$DIR/yaml" ]; then
  $NICE "${CORPUS_BIN:-target/release/examples/corpus}" "$DIR" --incidents "$N" --events "$E"
fi

# The cache of parsed incidents (src/ingest/cache/) in a folder of its own, emptied per format.
export RETRACE_CACHE_DIR=${SCALE_DIR:-/tmp/retrace-scale}/cache

# "wall-seconds peak-RSS-KB cpu-seconds" of a command; its output discarded. (time(1) puts
# "Command exited with non-zero status" first when the status is not 0: the last line counts.)
measure() {
  /usr/bin/time -f "%e %M %U %S" -o /tmp/retrace-scale-time.$$ "$@" >/dev/null 2>/tmp/retrace-scale-err.$$ || true
  tail -n 1 /tmp/retrace-scale-time.$$ | awk '{ printf "%s %s %.2f\n", $1, $2, $3 + $4 }'
}
secs() { echo "$1" | cut -d' ' -f1; }
kb() { echo "$1" | cut -d' ' -f2; }
cpu() { echo "$1" | cut -d' ' -f3; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f×", a / b; else print "-" }'; }

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GB", $2/1048576}' /proc/meminfo); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for fmt in yaml md; do
  bytes=$(du -sb "$DIR/$fmt" | cut -f1)
  files=$(find "$DIR/$fmt" -type f | wc -l)
  echo
  echo "== $fmt: $files files, $((bytes / 1000000)) MB =="
  # Warm the page cache once, so every figure below is from memory.
  find "$DIR/$fmt" -type f -print0 | xargs -0 cat >/dev/null
  ct=$(measure $NICE sh -c "find '$DIR/$fmt' -type f -print0 | xargs -0 cat")
  printf "%-40s %8ss wall %7ss CPU\n" "cat (all files)" "$(secs "$ct")" "$(cpu "$ct")"
  # Each command parsing every file (--no-cache), then with an empty cache (cold: parses and
  # writes the cache), then read from it (warm).
  rm -rf "$RETRACE_CACHE_DIR"
  for run in "no cache|--no-cache stats --json" "cold|stats --json" "warm|stats --json" \
    "no cache|--no-cache search zqxjzqxj" "warm|search zqxjzqxj"; do
    cmd=${run#*|}
    r=$(measure $NICE $BIN $cmd "$DIR/$fmt")
    printf "%-40s %8ss wall %7ss CPU %8s cat (wall)  peak %5d MB = %s the corpus\n" \
      "retrace ${cmd#--no-cache } (${run%%|*})" \
      "$(secs "$r")" "$(cpu "$r")" "$(ratio "$(secs "$r")" "$(secs "$ct")")" "$(( $(kb "$r") / 1000 ))" \
      "$(ratio "$(kb "$r")000" "$bytes")"
  done
  echo "cache pack: $(du -sb "$RETRACE_CACHE_DIR" | awk '{printf "%d MB", $1 / 1000000}')"
done

# The same events for fzf: the lines retrace searches (text | kind | author), one per event.
LINES=$DIR/lines.txt
if [ ! -s "$LINES" ]; then
  $BIN search --json '' "$DIR/yaml" | python3 -c '
import json, sys
for row in sys.stdin:
    r = json.loads(row)
    print(r["line"])' >"$LINES"
fi
echo
echo "== search over $(wc -l <"$LINES") events (YAML corpus; retrace: the search stage of --timings; fzf: --filter on the same lines from a file) =="
if command -v fzf >/dev/null; then FZF=$(command -v fzf); echo "fzf: $($FZF --version)"; else FZF=; echo "fzf: not installed (apt-get install fzf); retrace only"; fi
printf "%-30s %10s %10s %10s %10s %8s\n" query retrace fzf ratio "end-to-end" "matches (retrace/fzf)"
for q in "stampede" "checkout" "rollback persisted" "netlat" "zqxj"; do
  # One run: the stages on standard error (--timings), the matches counted, the whole timed.
  /usr/bin/time -f "%e" -o /tmp/retrace-scale-time.$$ $NICE $BIN search --timings "$q" "$DIR/yaml" \
    2>/tmp/retrace-scale-err.$$ | wc -l >/tmp/retrace-scale-count.$$ || true
  t=$(sed -n 's/.*search \([0-9.]*\)s.*/\1/p' /tmp/retrace-scale-err.$$)
  e2e=$(tail -n 1 /tmp/retrace-scale-time.$$)
  m=$(cat /tmp/retrace-scale-count.$$)
  if [ -n "$FZF" ]; then
    f=$(secs "$(measure $NICE sh -c "'$FZF' --filter '$q' <'$LINES'")")
    fm=$("$FZF" --filter "$q" <"$LINES" | wc -l || true)
    printf "%-30s %9ss %9ss %10s %9ss %8s\n" "'$q'" "$t" "$f" "$(ratio "$t" "$f")" "$e2e" "$m/$fm"
  else
    printf "%-30s %9ss %10s %10s %9ss %8s\n" "'$q'" "$t" - - "$e2e" "$m"
  fi
done
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
rm -f /tmp/retrace-scale-time.$$ /tmp/retrace-scale-err.$$ /tmp/retrace-scale-count.$$
