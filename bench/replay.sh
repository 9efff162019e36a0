#!/usr/bin/env bash
# Replay of a perf.data recording of about a million syscalls: jtrace -i against perf trace -i (and
# jtrace script against perf script), the same file, interleaved runs, wall time including start-up.
# A benchmark, not a test: run it by hand (as root) on an otherwise idle machine.
#
#   bench/replay.sh [RUNS]
#
# BASELINE=DIR (optional): another built checkout whose ./jtrace runs the same jtrace commands, interleaved,
# as rows marked "(baseline)".
#
# Prints a markdown table: median wall seconds, the ratio jtrace/perf, peak RSS, and output line counts.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
count=${COUNT:-500k}
work=$(mktemp -d /tmp/jtrace-replay.XXXXXX)
trap 'rm -rf "$work"' EXIT
[ "$(id -u)" = 0 ] || { echo "bench/replay.sh: run as root (perf record on tracepoints)" >&2; exit 2; }
[ -x ./jtrace ] && [ -f tracer-core/target/jtrace.jar ] || { echo "bench/replay.sh: build first (scripts/setup)" >&2; exit 2; }
command -v perf >/dev/null || { echo "bench/replay.sh: needs perf (apt-get install linux-perf)" >&2; exit 2; }

data="$work/dd.data"
perf record -q -o "$data" -e raw_syscalls:sys_enter,raw_syscalls:sys_exit -- \
  dd if=/dev/zero of=/dev/null bs=1 "count=$count" 2>/dev/null
samples=$(perf report -i "$data" --stats 2>/dev/null | awk '/SAMPLE events:/{print $3; exit}')
lost=$(perf report -i "$data" --stats 2>/dev/null | awk '/LOST events:/{print $3; exit}')
echo "recording: $(stat -c %s "$data") bytes, ${samples:-?} samples, ${lost:-0} LOST records" >&2

declare -A cmd times rss lines
order=("perf trace -i" "jtrace -i" "perf trace -i -s" "jtrace -i -s" "perf script" "jtrace script")
cmd["perf trace -i"]="perf trace -i $data -o $work/out"
cmd["jtrace -i"]="./jtrace -i $data -o $work/out"
cmd["perf trace -i -s"]="perf trace -i $data -s -o $work/out"
cmd["jtrace -i -s"]="./jtrace -i $data -s -o $work/out"
cmd["perf script"]="perf script -i $data"
cmd["jtrace script"]="./jtrace script -i $data"
if [ -n "${BASELINE:-}" ]; then
  [ -x "$BASELINE/jtrace" ] || { echo "bench/replay.sh: BASELINE=$BASELINE has no ./jtrace" >&2; exit 2; }
  with_baseline=()
  for name in "${order[@]}"; do
    with_baseline+=("$name")
    case "$name" in jtrace*) cmd["$name (baseline)"]="${cmd[$name]/.\/jtrace/$BASELINE/jtrace}"; with_baseline+=("$name (baseline)") ;; esac
  done
  order=("${with_baseline[@]}")
fi

. bench/common.sh

for r in $(seq 1 "$runs"); do
  for name in "${order[@]}"; do
    rm -f "$work/out"
    # shellcheck disable=SC2086
    /usr/bin/time -f "%e %M" -o "$work/time" ${cmd[$name]} > "$work/stdout" 2>/dev/null || true
    read -r t m < "$work/time"
    times[$name]+="$t "
    rss[$name]=$((m / 1024))
    if [ -s "$work/out" ]; then lines[$name]=$(wc -l < "$work/out"); else lines[$name]=$(wc -l < "$work/stdout"); fi
  done
  echo "round $r done" >&2
done

echo
echo "file: $(stat -c %s "$data") bytes, ${samples:-?} samples; $(nproc) CPUs; kernel $(uname -r); $runs runs each"
echo
echo "| command | wall (median s) | jtrace / perf | peak RSS (MiB) | output lines |"
echo "|---|---:|---:|---:|---:|"
prev=""
for name in "${order[@]}"; do
  m=$(echo "${times[$name]}" | median)
  ratio=""
  case "$name" in jtrace*) ratio=$(awk -v a="$m" -v b="$prev" 'BEGIN{printf "%.2f", a/b}') ;; *) prev=$m ;; esac
  echo "| \`$name\` | $m | $ratio | ${rss[$name]} | ${lines[$name]} |"
done
