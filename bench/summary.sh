#!/usr/bin/env bash
# Cost of a syscall summary (issue 11): dd's own time untraced and under each summarizer, in one run,
# setups rotated in every round. A benchmark, not a test: run it by hand as root on an idle machine.
#
#   COUNT=500k [BASELINE=DIR] bench/summary.sh [ROUNDS] [SLOW_ROUNDS]
#
# BASELINE=DIR: another built checkout whose ./jtrace -s runs in the same rounds ("jtrace -s (baseline)").
#
# Setups: untraced; jtrace -s (summed in the kernel); jtrace -s --capture=perf (perf tracepoints,
# summed in user space); bpftrace counting both raw_syscalls tracepoints in the kernel (a count per
# syscall id, no times: the floor of in-kernel work); then SLOW_ROUNDS (default 1, 0 to skip) of
# perf trace -s and strace -c -f (each a wakeup or a ptrace stop per call: minutes at 500k).
# Prints a markdown table: median dd time (dd's own "copied, N s"), its ratio to untraced, and the
# read calls each tool counted (dd makes COUNT reads plus a few of its start-up).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh
rounds=${1:-5}
slow_rounds=${2:-1}
count=${COUNT:-500k}
work=$(mktemp -d /tmp/jtrace-summary.XXXXXX)
trap 'rm -rf "$work"' EXIT
dd_args="if=/dev/zero of=/dev/null bs=1 count=$count"
[ "$(id -u)" = 0 ] || { echo "bench/summary.sh: run as root" >&2; exit 2; }
[ -f tracer-core/target/jtrace.jar ] || { echo "bench/summary.sh: build first (./mvnw -B -DskipTests package)" >&2; exit 2; }

declare -A times reads
# each setup runs dd with $dd_args; it leaves dd's stderr in $work/dd and its summary in $work/out
run() {
  case "$1" in
    untraced) dd $dd_args 2>"$work/dd"; : >"$work/out" ;;
    "jtrace -s") ./jtrace -s -o "$work/out" -- dd $dd_args 2>"$work/dd" ;;
    "jtrace -s (baseline)") "$BASELINE/jtrace" -s -o "$work/out" -- dd $dd_args 2>"$work/dd" ;;
    "jtrace -s --capture=perf") ./jtrace -s --capture=perf -o "$work/out" -- dd $dd_args 2>"$work/dd" ;;
    "bpftrace count") bpftrace -q -e 'tracepoint:raw_syscalls:sys_enter /pid == cpid/ { @enter[args->id] = count(); } tracepoint:raw_syscalls:sys_exit /pid == cpid/ { @exit = count(); }' \
        -c "$(command -v dd) $dd_args" >"$work/out" 2>"$work/dd" ;;
    "perf trace -s") perf trace -s -o "$work/out" -- dd $dd_args 2>"$work/dd" ;;
    "strace -c -f") strace -c -f -o "$work/out" dd $dd_args 2>"$work/dd" ;;
  esac
}
# the read calls a setup counted (bpftrace: read is syscall 0 on x86_64)
counted() {
  case "$1" in
    untraced) echo "-" ;;
    "bpftrace count") grep -E '^@enter\[0\]:' "$work/out" | awk '{print $2}' ;;
    "strace -c -f") awk '$NF == "read" {print $4}' "$work/out" ;;
    *) awk '$1 == "read" {print $2}' "$work/out" | head -1 ;;
  esac
}
fast=(untraced "jtrace -s" "jtrace -s --capture=perf" "bpftrace count")
[ -z "${BASELINE:-}" ] || fast+=("jtrace -s (baseline)")
slow=("perf trace -s" "strace -c -f")
one() {
  sync; sleep 0.5
  run "$1"
  t=$(grep -o 'copied, [0-9.]* s' "$work/dd" | awk '{print $2}')
  times[$1]="${times[$1]:-} $t"
  reads[$1]=$(counted "$1")
}
for ((r = 0; r < rounds; r++)); do
  for ((i = 0; i < ${#fast[@]}; i++)); do one "${fast[(i + r) % ${#fast[@]}]}"; done
done
for ((r = 0; r < slow_rounds; r++)); do
  for s in "${slow[@]}"; do one "$s"; done
done
base=$(echo "${times[untraced]}" | median)
echo "dd $dd_args; $rounds rounds ($slow_rounds of the slow ones); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| setup | dd time (median s) | ratio | read calls counted |"
echo "|---|---|---|---|"
for s in "${fast[@]}" "${slow[@]}"; do
  [ -n "${times[$s]:-}" ] || continue
  m=$(echo "${times[$s]}" | median)
  printf '| %s | %s | %.2fx | %s |\n' "$s" "$m" "$(echo "$m / $base" | bc -l)" "${reads[$s]}"
done
echo
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
