#!/usr/bin/env bash
# What a person waits for when the TUI opens a large folder, measured in a real terminal (tmux):
#   benches/first_frame.sh DIR [WIDTHxHEIGHT]        (default 120x40)
#   RETRACE_BIN=/path/retrace benches/first_frame.sh /tmp/retrace-scale/10000-100/yaml
# Starts `retrace DIR` in a detached tmux pane (its own socket) and reads the pane every 10 ms:
#   first frame  the screen shows anything (the list's header and the loading line);
#   first rows   the list shows an incident (a row with a date);
#   loaded       the loading line is gone (every file read, the index in one arena).
# Then a second run types `/rollback persisted` as soon as the first rows show, and times the
# first results (searched over the files loaded so far) and the complete results over all
# incidents (the header says "in all incidents" once loading and the search are done).
# The figures include tmux's own delay (a few ms) and the poll interval (10 ms). Prints the
# machine's load average beside them: on a shared machine the wait for a core is in them.
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=${1:?usage: benches/first_frame.sh DIR [WIDTHxHEIGHT]}
SIZE=${2:-120x40}
W=${SIZE%x*}
H=${SIZE#*x}
BIN=${RETRACE_BIN:-target/release/retrace}
SOCK=retrace-first-frame-$$
T="tmux -L $SOCK"
trap '$T kill-server 2>/dev/null || true' EXIT

PANE=ff
# now, since, pane, wait_for
. benches/support/tmux_wait.sh

echo "machine: $(nproc) cores; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "retrace $DIR at ${W}x${H} ($(find "$DIR" -type f | wc -l) files, $(du -sh "$DIR" | cut -f1))"
# The files come from the page cache, as they would for a folder one works in.
find "$DIR" -type f -print0 | xargs -0 cat >/dev/null
start=$(now)
$T new-session -d -s ff -x "$W" -y "$H" "$BIN '$DIR'"
first=$(wait_for '[^[:space:]]' "$start")
rows=$(wait_for '[0-9]{4}-[0-9]{2}-[0-9]{2}' "$start")
progress=$(pane | grep -Eo 'loading: [0-9]+/[0-9]+ files read' | head -n 1 || true)
while pane | grep -q 'loading:'; do sleep 0.01; done
loaded=$(since "$start")
$T kill-session -t ff
echo "first frame     ${first} s"
echo "first rows      ${rows} s   (${progress:-the loading line was not seen})"
echo "fully loaded    ${loaded} s"

start=$(now)
$T new-session -d -s ff -x "$W" -y "$H" "$BIN '$DIR'"
wait_for '[0-9]{4}-[0-9]{2}-[0-9]{2}' "$start" >/dev/null
typed=$(now)
$T send-keys -t ff '/' 'rollback persisted'
some=$(wait_for 'events match' "$typed")
partial=$(pane | grep -Eo '[0-9]+ events match .*(so far|in all incidents)' | head -n 1 || true)
all=$(wait_for 'events match .* in all incidents' "$typed")
$T kill-session -t ff
echo "search typed while loading: first results ${some} s after the keys (${partial})"
echo "                            over all incidents ${all} s after the keys"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
