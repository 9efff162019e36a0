#!/usr/bin/env bash
# Cost of --call-graph dwarf: the stacks workload (test C program, -O0 without frame pointers, getppid
# through main → jt_outer → jt_middle → jt_leaf N times) untraced, under jtrace --call-graph dwarf and
# fp, and under perf trace --call-graph dwarf, alternating setups in each round; plus the talk's
# nanosleep example (sleep 0.1) once per tracer, for its stack. A benchmark, not a test: run it by hand
# (as root) on an idle machine.
#
#   bench/dwarf-stacks.sh [ROUNDS] [CALLS]
#
# Prints a markdown table: the workload's median own time (bash's `time` inside the traced command), the
# ratio to untraced, the stacks the tracer printed, and for jtrace its CPU (user+sys of the tracer process,
# GNU time) per stack printed. The load average is printed too: over 3, the numbers are not a measurement.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh
rounds=${1:-3}
calls=${2:-20000}
work=$(mktemp -d /tmp/jtrace-dwarf.XXXXXX)
trap 'rm -rf "$work"' EXIT
[ "$(id -u)" = 0 ] || { echo "bench/dwarf-stacks.sh: run as root" >&2; exit 2; }
[ -x ./jtrace ] && [ -f tracer-core/target/jtrace.jar ] || { echo "bench/dwarf-stacks.sh: build first (./mvnw -B -DskipTests package)" >&2; exit 2; }
gcc -g -O0 -fomit-frame-pointer -o "$work/stacks" tracer-core/src/test/c/stacks.c
inner=(bash -c "TIMEFORMAT=%R; { time $work/stacks calls $calls; } 2>>$work/own")

run() { # setup
  : >"$work/own"
  case $1 in
    untraced) "${inner[@]}" ;;
    jtrace-dwarf) /usr/bin/time -f "%U %S" -o "$work/cpu" ./jtrace -o "$work/out" -e getppid --call-graph dwarf -- "${inner[@]}" ;;
    jtrace-fp) /usr/bin/time -f "%U %S" -o "$work/cpu" ./jtrace -o "$work/out" -e getppid --call-graph fp -- "${inner[@]}" ;;
    perf-trace-dwarf) /usr/bin/time -f "%U %S" -o "$work/cpu" perf trace -o "$work/out" -e getppid --call-graph dwarf -- "${inner[@]}" ;;
  esac
  cat "$work/own"
}

setups=(untraced jtrace-dwarf jtrace-fp perf-trace-dwarf)
declare -A times stacks cpu
for ((r = 0; r < rounds; r++)); do
  for ((i = 0; i < ${#setups[@]}; i++)); do
    s=${setups[(i + r) % ${#setups[@]}]}
    sync; sleep 0.5
    t=$(run "$s" | tail -1)
    times[$s]="${times[$s]:-} $t"
    if [ "$s" != untraced ]; then
      n=$(grep -c 'jt_leaf' "$work/out" || true)
      stacks[$s]=$n
      c=$(awk '{print $1 + $2}' "$work/cpu")
      cpu[$s]="${cpu[$s]:-} $c"
    fi
  done
done
base=$(echo "${times[untraced]}" | median)
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); $calls calls, $rounds rounds"
echo
echo "| setup | workload time (median) | ratio to untraced | stacks printed | tracer CPU per stack |"
echo "|---|---|---|---|---|"
for s in "${setups[@]}"; do
  t=$(echo "${times[$s]}" | median)
  ratio=$(awk -v a="$t" -v b="$base" 'BEGIN{printf "%.2f", (b > 0 ? a / b : 0)}')
  if [ "$s" = untraced ]; then
    echo "| $s | ${t} s | 1.00 | - | - |"
  else
    c=$(echo "${cpu[$s]}" | median)
    per=$(awk -v c="$c" -v n="${stacks[$s]}" 'BEGIN{printf "%.1f µs", (n > 0 ? c * 1e6 / n : 0)}')
    echo "| $s | ${t} s | $ratio | ${stacks[$s]} | $per |"
  fi
done
echo
echo "The talk's example (sleep 0.1, nanosleep's stack):"
./jtrace -e nanosleep,clock_nanosleep --call-graph dwarf sleep 0.1 2>&1 | head -8
perf trace -e nanosleep,clock_nanosleep --call-graph dwarf sleep 0.1 2>&1 | head -8
