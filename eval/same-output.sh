#!/usr/bin/env bash
# Do two retrace binaries import the same files identically?  eval/same-output.sh BIN_A BIN_B DIR...
# Compares `export -f json --no-cache` (and the exit status) for every regular file under each DIR;
# prints the files whose output differs and a count ("0 outputs differ" for a behaviour-neutral change);
# exits 1 when any differs.
set -u
a=$1; b=$2; shift 2
n=0; diff=0
while IFS= read -r -d '' f; do
  n=$((n + 1))
  oa=$("$a" export -f json --no-cache "$f" 2>&1; echo "exit $?")
  ob=$("$b" export -f json --no-cache "$f" 2>&1; echo "exit $?")
  if [ "$oa" != "$ob" ]; then diff=$((diff + 1)); echo "differs: $f"; fi
done < <(find "$@" -type f \( -name '*.md' -o -name '*.txt' -o -name '*.markdown' -o -name '*.qmd' -o -name '*.mdx' -o -name '*.html' -o -name '*.yaml' -o -name '*.yml' -o -name '*.rst' \) -print0)
echo "$n files, $diff outputs differ"
[ "$diff" -eq 0 ]
