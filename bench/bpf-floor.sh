#!/usr/bin/env bash
# The floor under `jtrace -s` (issue 11's "at most 2x"): dd's own time untraced, under programs on
# both raw syscall tracepoints that do a growing prefix of a summary's per-call work (bench/bpf_floor.c:
# nothing, the clock, whose call, one hash lookup), and under `jtrace -s`, in one run, setups rotated
# in every round. A benchmark, not a test: run it by hand, as root, on an idle machine.
#
#   [COUNT=500k] bench/bpf-floor.sh [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh
rounds=${1:-5}
count=${COUNT:-500k}
[ "$(id -u)" = 0 ] || { echo "bench/bpf-floor.sh: run as root" >&2; exit 2; }
[ -f tracer-core/target/jtrace.jar ] || { echo "bench/bpf-floor.sh: build first (./mvnw -B -DskipTests package)" >&2; exit 2; }
work=$(mktemp -d /tmp/jtrace-floor.XXXXXX)
trap 'rm -rf "$work"' EXIT
gcc -O2 -o "$work/bpf_floor" bench/bpf_floor.c
dd_cmd=(dd if=/dev/zero of=/dev/null bs=1 "count=$count")
setups=(untraced empty ktime task lookup "jtrace -s")
declare -A times
for ((r = 0; r < rounds; r++)); do
  for s in "${setups[@]}"; do
    case "$s" in
      untraced) "${dd_cmd[@]}" 2>"$work/dd" ;;
      "jtrace -s") ./jtrace -s -o /dev/null -- "${dd_cmd[@]}" 2>"$work/dd" ;;
      *) "$work/bpf_floor" "$s" "${dd_cmd[@]}" 2>"$work/dd" ;;
    esac
    times[$s]="${times[$s]:-} $(grep -o 'copied, [0-9.]* s' "$work/dd" | awk '{print $2}')"
  done
done
base=$(echo "${times[untraced]}" | median)
echo "${dd_cmd[*]}; $rounds rounds; load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| programs on sys_enter and sys_exit | dd time (median s) | ratio |"
echo "|---|---|---|"
for s in "${setups[@]}"; do
  t=$(echo "${times[$s]}" | median)
  printf '| %s | %.3f | %.2fx |\n' "$s" "$t" "$(echo "$t / $base" | bc -l)"
done
if [ "$(cat /proc/sys/kernel/bpf_stats_enabled)" = 1 ]; then
  echo
  for s in empty ktime task lookup; do "$work/bpf_floor" "$s" "${dd_cmd[@]}" 2>&1 >/dev/null | grep 'ns per'; done
fi
