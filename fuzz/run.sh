#!/bin/sh
# Run one fuzz target (or all of them, one after another) for a while.
#
#   fuzz/run.sh TARGET [SECONDS]      # TARGET: markdown, yaml, clock, load, or all
#
# The seed corpus is the repository's own incidents: data/ and tests/fixtures/ are read as
# extra corpus folders (never written); what the fuzzer learns goes to fuzz/corpus/TARGET/
# (not committed). fuzz/incident.dict gives it time, date, zone, heading and YAML shapes.
# Crashes and timeouts land in fuzz/artifacts/TARGET/; each one becomes a test in
# tests/hostile.rs (see docs/HARDENING.md).
#
# cargo-fuzz needs a nightly compiler (for -Zsanitizer). With rustup's nightly installed this
# uses it; with only a stable toolchain, RUSTC_BOOTSTRAP=1 unlocks the same flags on stable.
set -eu
cd "$(dirname "$0")/.."
target=${1:?usage: fuzz/run.sh markdown|yaml|clock|load|all [SECONDS]}
seconds=${2:-600}
if rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
    cargo="cargo +nightly"
else
    export RUSTC_BOOTSTRAP=1
    cargo="cargo"
fi
run() {
    mkdir -p "fuzz/corpus/$1"
    # -timeout: an input that takes over 10 s is a finding; -rss_limit_mb: so is 2 GB of memory.
    $cargo fuzz run --release "$1" "fuzz/corpus/$1" data tests/fixtures -- \
        -dict=fuzz/incident.dict -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -max_len=65536 -print_final_stats=1
}
if [ "$target" = all ]; then
    for t in markdown yaml clock load; do run "$t"; done
else
    run "$target"
fi
