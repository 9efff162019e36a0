#!/usr/bin/env bash
# What a --filter costs for the calls it drops: dd's own time (its "copied, X s" line) untraced, under
# `jtrace -e read` (every read printed), under `jtrace -e read --filter 'fd == 99'` (every read dropped
# in the kernel at sys_enter), and under perf's own in-kernel filter on the read tracepoints
# (`perf record -e syscalls:sys_enter_read --filter 'fd == 99'`), the baseline. Setups alternate in
# every round so machine noise spreads evenly. A benchmark, not a test: run it by hand, as root, on an
# idle machine (it prints the load average next to the table).
#
#   bench/filter.sh [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh
rounds=${1:-5}
count=${COUNT:-500k}
work=$(mktemp -d /tmp/jtrace-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
[ "$(id -u)" = 0 ] || { echo "bench/filter.sh: run as root" >&2; exit 2; }
[ -f tracer-core/target/jtrace.jar ] || { echo "bench/filter.sh: build first (./mvnw -B -DskipTests package)" >&2; exit 2; }
dd_cmd=(dd if=/dev/zero of=/dev/null bs=1 "count=$count")
order=(untraced "jtrace -e read" "jtrace -e read --filter 'fd == 99'" "perf record -e read --filter 'fd == 99'")
declare -A times
run() {
  case "$1" in
    untraced) "${dd_cmd[@]}" 2>"$work/dd" ;;
    "jtrace -e read") ./jtrace -o "$work/out" -e read -- "${dd_cmd[@]}" 2>"$work/dd" ;;
    "jtrace -e read --filter 'fd == 99'")
      ./jtrace -o "$work/out" -e read --filter 'fd == 99' -- "${dd_cmd[@]}" 2>"$work/dd" ;;
    "perf record -e read --filter 'fd == 99'")
      perf record -q -o "$work/perf.data" -e syscalls:sys_enter_read --filter 'fd == 99' \
        -e syscalls:sys_exit_read -- "${dd_cmd[@]}" 2>"$work/dd" ;;
  esac
  grep -o 'copied, [0-9.]* s' "$work/dd" | awk '{print $2}'
}
for ((r = 0; r < rounds; r++)); do
  for ((i = 0; i < ${#order[@]}; i++)); do
    s=${order[$(((i + r) % ${#order[@]}))]}
    sync; sleep 0.2
    times[$s]="${times[$s]:-} $(run "$s")"
  done
done
base=$(echo "${times[untraced]}" | median)
echo "load average before/after: $(cut -d' ' -f1-3 /proc/loadavg); $rounds rounds, dd count=$count"
echo
echo "| setup | dd time (median) | ratio to untraced |"
echo "|---|---|---|"
for s in "${order[@]}"; do
  m=$(echo "${times[$s]}" | median)
  printf '| `%s` | %s s | %.2fx |\n' "$s" "$m" "$(echo "$m / $base" | bc -l)"
done
