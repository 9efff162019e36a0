#!/usr/bin/env bash
# A tracer's own time around a command that does nothing: wall seconds of `TRACER -e CALL -- true`
# (start-up, attach, the workload, stop, exit), per capture of jtrace's, beside perf trace and strace, in
# one run, setups rotated in every round. What a user waits for on every short command they trace.
# A benchmark, not a test: run it by hand, as root, on an idle machine.
#
#   [CALL=read] [BASELINE=DIR] bench/lifetime.sh [ROUNDS]
#
# BASELINE=DIR: another built checkout whose ./jtrace runs the same setups in the same rounds.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh
rounds=${1:-5}
call=${CALL:-read}
[ "$(id -u)" = 0 ] || { echo "bench/lifetime.sh: run as root" >&2; exit 2; }
[ -f tracer-core/target/jtrace.jar ] || { echo "bench/lifetime.sh: build first (./mvnw -B -DskipTests package)" >&2; exit 2; }

setups=("jtrace -e $call" "jtrace -e $call --capture=bpf-tp" "jtrace -e $call --capture=bpf"
  "jtrace -e $call --capture=perf" "perf trace -e $call" "strace -e trace=$call")
[ -z "${BASELINE:-}" ] || setups+=("baseline: jtrace -e $call" "baseline: jtrace -e $call --capture=bpf-tp")
run() {
  case "$1" in
    "baseline: "*) $BASELINE/${1#baseline: } -o /dev/null -- true ;;
    jtrace*) ./$1 -o /dev/null -- true ;;
    perf*) $1 -o /dev/null -- true ;;
    strace*) $1 -o /dev/null true ;;
  esac
}
declare -A times
for ((r = 0; r < rounds; r++)); do
  for s in "${setups[@]}"; do
    start=$(date +%s.%N)
    run "$s" >/dev/null 2>&1 || echo "bench/lifetime.sh: $s failed" >&2
    end=$(date +%s.%N)
    times[$s]="${times[$s]:-} $(echo "$end - $start" | bc)"
  done
done
echo "TRACER -e $call -- true, $rounds rounds; load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| setup | wall time (median s) |"
echo "|---|---|"
for s in "${setups[@]}"; do
  printf '| %s | %.3f |\n' "$s" "$(echo "${times[$s]}" | median)"
done
