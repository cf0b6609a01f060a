# Timing what a tmux pane shows, for benches/first_frame.sh and benches/large.sh (sourced).
# Needs T (the tmux command with its own socket, e.g. "tmux -L NAME") and PANE (the session).
now() { date +%s.%N; }
# Seconds since $1 (a `now`).
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }'; }
pane() { $T capture-pane -p -t "$PANE" 2>/dev/null || true; }
# Wait (up to 600 s) until the pane matches the regular expression $1; prints the seconds since $2.
wait_for() {
  local deadline=$(( $(date +%s) + 600 ))
  while ! pane | grep -Eq "$1"; do
    if [ "$(date +%s)" -ge "$deadline" ]; then echo "timeout"; return; fi
    sleep 0.01
  done
  since "$2"
}
