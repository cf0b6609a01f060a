#!/usr/bin/env bash
# Opening ONE very large incident (issue 10: "opening one 1,000,000-event incident: < 1 s"),
# end to end with the release binary, side by side with `cat` of the same file:
#   benches/large.sh [EVENTS] [OUT]          (default 1000000 events, OUT /tmp/retrace-large)
#   RETRACE_BIN=/path/retrace benches/large.sh 200000
#   BEFORE=/path/old-retrace WARM=1 RUNS=3 benches/large.sh   (side by side, warm rows only)
# Writes one incident of EVENTS events in YAML and in Markdown with the reference generator
# (`cargo run --release --example corpus -- OUT --incidents 1 --events EVENTS`), then for each:
#   cat           `cat FILE > /dev/null` (the file in the page cache: the floor)
#   stats cold    `retrace --no-cache stats FILE` (read + parse + analysis)
#   stats fill    `retrace stats FILE` with an empty cache (parse, then the cache written)
#   stats warm    the same again (the incident decoded from the cache)
#   TUI cold/warm `retrace FILE` in a detached tmux pane (its own socket), 120x40: seconds until
#                 the incident's timeline shows (a `T+` offset on screen), then `G` (the last
#                 event) and PageUp, each timed until the screen changes; peak RSS of the TUI.
# Wall and CPU (user + system) seconds and peak RSS from /usr/bin/time; ratios against cat's
# wall time. The cache lives in a folder of its own under OUT (removed at the end); the
# figures include the wait for a core on a shared machine: the load average is printed.
# With BEFORE set, every row is run for that binary too (labelled `before`, the other `after`),
# the two alternating, each with a cache of its own; WARM=1 leaves out the cold rows (the
# cache is filled by one `stats` first); RUNS repeats the warm rows (default 1).
set -euo pipefail
cd "$(dirname "$0")/.."
EVENTS=${1:-1000000}
OUT=${2:-/tmp/retrace-large}
BIN=${RETRACE_BIN:-target/release/retrace}
BEFORE=${BEFORE:-}
WARM=${WARM:-}
RUNS=${RUNS:-1}
CORPUS=$OUT/$EVENTS
SOCK=retrace-large-$$
T="tmux -L $SOCK"
CACHES=$OUT/cache-$$
trap '$T kill-server 2>/dev/null || true; rm -rf "$CACHES"' EXIT

if [ ! -d "$CORPUS" ]; then
  cargo run --quiet --release --example corpus -- "$CORPUS" --incidents 1 --events "$EVENTS" >/dev/null
  # The cache takes a file only once it has not changed for two seconds.
  sleep 3
fi

PANE=large
# now, since, pane, wait_for
. benches/support/tmux_wait.sh
# Send key $1 and wait until the pane differs from what it showed; prints the seconds.
key_time() {
  local before start deadline
  before=$(pane)
  start=$(now)
  $T send-keys -t large "$1"
  deadline=$(( $(date +%s) + 60 ))
  while [ "$(pane)" = "$before" ] && [ "$(date +%s)" -lt "$deadline" ]; do sleep 0.01; done
  since "$start"
}
# `label wall cpu peak_kb` of one run of the command after the label.
timed() {
  local label=$1 tf
  shift
  tf=$(mktemp)
  /usr/bin/time -f '%e %U %S %M' -o "$tf" "$@" >/dev/null 2>&1 || true
  read -r wall user sys peak <"$tf"
  rm -f "$tf"
  awk -v l="$label" -v w="$wall" -v u="$user" -v s="$sys" -v p="$peak" -v c="$CAT" \
    'BEGIN { printf "%-18s %7.2f s wall %7.2f s CPU %7.0f MB peak %8.0f× cat\n", l, w, u + s, p / 1024, w / c }'
}
tui() {
  local label=$1 file=$2 start shown end pgup tf peak
  tf=$(mktemp)
  start=$(now)
  $T new-session -d -s large -x 120 -y 40 "RETRACE_CACHE_DIR='$RETRACE_CACHE_DIR' /usr/bin/time -f '%U %S %M' -o '$tf' '$BIN' '$file'"
  shown=$(wait_for 'T\+' "$start")
  end=$(key_time G)
  pgup=$(key_time PPage)
  $T send-keys -t large q
  while $T has-session -t large 2>/dev/null; do sleep 0.05; done
  read -r user sys peak < <(tail -n 1 "$tf")
  rm -f "$tf"
  awk -v l="$label" -v a="$shown" -v e="$end" -v p="$pgup" -v u="$user" -v s="$sys" -v m="$peak" -v c="$CAT" \
    'BEGIN { printf "%-18s %7.2f s to the timeline (%.0f× cat), G %.2f s, PageUp %.2f s; session %.2f s CPU, %.0f MB peak\n", l, a, a / c, e, p, u + s, m / 1024 }'
}

echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GB", $2 / 1e6 }' /proc/meminfo); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for f in "$CORPUS"/yaml/*/*.yaml "$CORPUS"/md/*/*.md; do
  size=$(stat -c %s "$f")
  echo
  echo "$(basename "$(dirname "$(dirname "$f")")"): $EVENTS events, $(awk -v s="$size" 'BEGIN { printf "%.1f MB", s / 1e6 }')"
  cat "$f" >/dev/null
  tf=$(mktemp)
  /usr/bin/time -f '%e' -o "$tf" cat "$f" >/dev/null
  CAT=$(awk '{ print ($1 > 0.01 ? $1 : 0.01) }' "$tf")
  rm -f "$tf"
  echo "cat            $CAT s wall (at least 0.01: the clock's step)"
  # `use NAME`: the binary NAME (after: RETRACE_BIN, before: BEFORE) and its cache.
  use() {
    if [ "$1" = before ]; then BIN=$BEFORE; else BIN=${RETRACE_BIN:-target/release/retrace}; fi
    export RETRACE_CACHE_DIR=$CACHES/$1
    tag=${BEFORE:+ $1}
  }
  sides="after"
  [ -n "$BEFORE" ] && sides="before after"
  for side in $sides; do
    use "$side"
    rm -rf "$RETRACE_CACHE_DIR"
    if [ -z "$WARM" ]; then
      timed "stats cold$tag" "$BIN" --no-cache stats "$f"
    fi
    timed "stats fill$tag" "$BIN" stats "$f"
  done
  for _ in $(seq "$RUNS"); do
    for side in $sides; do
      use "$side"
      timed "stats warm$tag" "$BIN" stats "$f"
    done
  done
  if [ -z "$WARM" ]; then
    for side in $sides; do
      use "$side"
      rm -rf "$RETRACE_CACHE_DIR"
      tui "TUI cold$tag" "$f"
    done
  fi
  for _ in $(seq "$RUNS"); do
    for side in $sides; do
      use "$side"
      tui "TUI warm$tag" "$f"
    done
  done
done
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
