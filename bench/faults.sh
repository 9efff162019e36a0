#!/usr/bin/env bash
# Cost of tracing page faults (-F all) to the faulting program, side by side with perf trace -F all in
# the same rounds: the project's faults.c touches FILE fresh anonymous pages (a minor fault each) and
# reads FILE pages of a file dropped from the page cache without readahead (a major fault each), and
# times each part itself. A benchmark, not a test: run it by hand (as root) on an idle machine.
#
#   bench/faults.sh [ROUNDS]        (FILE=2000 pages by default: as many anonymous pages are touched)
#
# Prints a markdown table: per setup the median time of each part and its ratio to untraced.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-5}

file=${FILE:-2000}
work=$(mktemp -d /var/tmp/jtrace-faults.XXXXXX) # a disk, not a tmpfs: tmpfs pages are never read in
trap 'rm -rf "$work"' EXIT
[ "$(id -u)" = 0 ] || { echo "bench/faults.sh: run as root" >&2; exit 2; }
[ -x ./jtrace ] && [ -f tracer-core/target/jtrace.jar ] || { echo "bench/faults.sh: build first (mvn -B -DskipTests package)" >&2; exit 2; }
gcc -O1 -o "$work/faults" tracer-core/src/test/resources/dev/jtrace/tracer/session/faults.c
head -c $((file * 4096)) /dev/urandom > "$work/data"
sync

declare -A cmd
order=(untraced "perf trace -F all" "jtrace -F all" "perf trace -F all -s" "jtrace -F all -s")
cmd[untraced]=""
cmd["perf trace -F all"]="perf trace -F all --no-syscalls -o $work/out --"
cmd["jtrace -F all"]="./jtrace -F all --no-syscalls -o $work/out --"
cmd["perf trace -F all -s"]="perf trace -F all -s --no-syscalls -o $work/out --"
cmd["jtrace -F all -s"]="./jtrace -F all -s --no-syscalls -o $work/out --"
declare -A anon_t file_t
for ((r = 0; r < rounds; r++)); do
  for ((k = 0; k < ${#order[@]}; k++)); do
    name=${order[$(((k + r) % ${#order[@]}))]}
    sleep 0.5
    # shellcheck disable=SC2086
    line=$(${cmd[$name]} "$work/faults" "$work/data" "$file" 2>/dev/null | tail -1)
    a=$(awk '{print $2}' <<<"$line")
    f=$(awk '{print $5}' <<<"$line")
    anon_t[$name]+="$a "
    file_t[$name]+="$f "
  done
done
median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ua=$(echo "${anon_t[untraced]}" | median)
uf=$(echo "${file_t[untraced]}" | median)
echo "| setup | $file anon pages (ms) | ratio | $file file pages (ms) | ratio |"
echo "|---|---|---|---|---|"
for name in "${order[@]}"; do
  a=$(echo "${anon_t[$name]}" | median)
  f=$(echo "${file_t[$name]}" | median)
  awk -v n="$name" -v a="$a" -v f="$f" -v ua="$ua" -v uf="$uf" \
    'BEGIN {printf "| %s | %.2f | %.2fx | %.2f | %.2fx |\n", n, a/1e6, a/ua, f/1e6, f/uf}'
done
echo
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
