#!/usr/bin/env bash
# Peak memory of the TUI holding a whole folder, in a real terminal (tmux), builds side by side:
#   benches/tui_memory.sh DIR BIN [BIN...]            (each BIN: a retrace release binary)
#   WRAP="heaptrack -o /tmp/ht" benches/tui_memory.sh DIR BIN   (the same run under a profiler)
#   PAUSE=3 benches/tui_memory.sh DIR BIN [BIN...]   (a person's pace: 3 s after the query's first
#                                                     letter, the worker's busiest moment)
# For each build, alternating REPEAT times (default 1): starts `BIN DIR` in a detached 120x40 tmux
# pane (its own socket), reads the process's VmHWM (peak RSS) once the loading line is gone
# (every file read), types `/rollback persisted`, reads VmHWM again once the results say "in all
# incidents", then quits. Each build keeps its cache in a folder of its own under $CACHE_ROOT
# (default /tmp/retrace-tui-memory), warmed by one `stats` first, so the figures are of a warm
# load as a person reopening a folder has. Prints MB and the ratio to the folder's size on disk,
# and the load average.
set -euo pipefail
DIR=${1:?usage: benches/tui_memory.sh DIR BIN [BIN...]}
shift
[ "$#" -ge 1 ] || { echo "usage: benches/tui_memory.sh DIR BIN [BIN...]" >&2; exit 2; }
REPEAT=${REPEAT:-1}
ROOT=${CACHE_ROOT:-/tmp/retrace-tui-memory}
WRAP=${WRAP:-}
PAUSE=${PAUSE:-0}
SOCK=retrace-tui-memory-$$
T="tmux -L $SOCK"
trap '$T kill-server 2>/dev/null || true' EXIT
mkdir -p "$ROOT"
mb=$(du -sb "$DIR" | awk '{ print $1 / 1000000 }')

pane() { $T capture-pane -p -t tm 2>/dev/null || true; }
# Wait (up to 900 s) until the pane matches the regular expression $1.
wait_for() {
  local deadline=$(( $(date +%s) + 900 ))
  while ! pane | grep -Eq "$1"; do
    if [ "$(date +%s)" -ge "$deadline" ]; then echo "timeout waiting for $1" >&2; return 1; fi
    sleep 0.1
  done
}
# The peak RSS in KB of the retrace process in the pane (the wrapper's child when WRAP is set).
hwm() {
  local pid
  pid=$($T display -p -t tm '#{pane_pid}')
  if [ -n "$WRAP" ]; then pid=$(pgrep -n -P "$pid" || echo "$pid"); fi
  awk '/VmHWM/ { print $2 }' "/proc/$pid/status"
}

echo "machine: $(nproc) cores; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "retrace $DIR at 120x40 ($mb MB on disk)"
n=0
for bin in "$@"; do
  n=$((n + 1))
  RETRACE_CACHE_DIR="$ROOT/cache-$n" nice -n 10 "$bin" stats --json "$DIR" >/dev/null
done
for r in $(seq "$REPEAT"); do
  n=0
  for bin in "$@"; do
    n=$((n + 1))
    $T new-session -d -s tm -x 120 -y 40 \
      "RETRACE_CACHE_DIR='$ROOT/cache-$n' exec $WRAP '$bin' '$DIR'"
    wait_for '[0-9]{4}-[0-9]{2}-[0-9]{2}'
    while pane | grep -q 'loading:'; do sleep 0.1; done
    sleep 1
    loaded=$(hwm)
    if [ "$PAUSE" != 0 ]; then
      # One letter matches most events: the search worker holds a hit for each.
      $T send-keys -t tm '/' 'r'
      sleep "$PAUSE"
      $T send-keys -t tm 'ollback persisted'
    else
      $T send-keys -t tm '/' 'rollback persisted'
    fi
    wait_for 'events match .* in all incidents'
    sleep 1
    searched=$(hwm)
    $T send-keys -t tm Escape Escape q
    while $T has-session -t tm 2>/dev/null; do sleep 0.2; done
    awk -v b="$bin" -v r="$r" -v l="$loaded" -v s="$searched" -v m="$mb" 'BEGIN {
      printf "run %s %s: loaded %d MB (%.2f×), after the search %d MB (%.2f×)\n",
        r, b, l / 1000, l / 1000 / m, s / 1000, s / 1000 / m }'
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
