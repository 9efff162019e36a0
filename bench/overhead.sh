#!/usr/bin/env bash
# Overhead of tracing a syscall-heavy workload: dd's own time untraced and under each tracer, alternating
# setups in every round so machine noise spreads evenly. A benchmark, not a test: run it by hand (as root)
# on an otherwise idle machine; it takes several minutes (perf trace and strace full traces are slow).
#
#   bench/overhead.sh [ROUNDS] [SLOW_ROUNDS]
#
# BASELINE=DIR (optional): another built checkout (e.g. the code before a change) whose ./jtrace runs the
# same jtrace setups in the same rounds, as rows marked "(baseline)": before and after, side by side.
#
# ROUNDS (default 5) rounds of the fast setups, each round in a rotated order; SLOW_ROUNDS (default 1) of
# the slow ones (perf trace full and -s, strace without seccomp). Before each run: sync and a short pause.
# Prints a markdown table: median dd time, ratio to untraced, the events each tracer reported captured
# and lost, and the largest max RSS of its runs (GNU time's %M of the command: the tracer process, or dd
# untraced; its waited children count too, but dd is far smaller than any tracer; "?" without
# /usr/bin/time).
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-5}
slow_rounds=${2:-1}
count=${COUNT:-500k}
work=$(mktemp -d /tmp/jtrace-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
dd_cmd=(dd if=/dev/zero of=/dev/null bs=1 "count=$count")

[ "$(id -u)" = 0 ] || { echo "bench/overhead.sh: run as root (perf_event_open on tracepoints)" >&2; exit 2; }
[ -x ./jtrace ] && [ -f tracer-core/target/jtrace.jar ] || { echo "bench/overhead.sh: build first (mvn -B -DskipTests package)" >&2; exit 2; }
have() { command -v "$1" >/dev/null 2>&1; }

# setup name → command prefix (the dd command is appended); "events" and "lost" are read from $work/out.
declare -A cmd
order_fast=(untraced "perf record (floor)" "jtrace record" "jtrace record --no-contents" "jtrace full -o" "jtrace full -o --capture=perf" "jtrace --json -o" "perf record -e accept (floor)" "jtrace -e accept" "jtrace -s" "perf trace -e accept"
  "strace -e accept --seccomp-bpf")
order_slow=("perf trace full -o" "perf trace -s" "strace full -o" "strace -c")
cmd[untraced]=""
cmd["perf record (floor)"]="perf record -q -o $work/perf.data -e raw_syscalls:sys_enter,raw_syscalls:sys_exit --"
cmd["perf record -e accept (floor)"]="perf record -q -o $work/perf.data -e syscalls:sys_enter_accept,syscalls:sys_exit_accept --"
cmd["jtrace record"]="./jtrace record -o $work/perf.data --"
# the tracepoints and their strings only, as before contents were recorded
cmd["jtrace record --no-contents"]="./jtrace record --no-contents -o $work/perf.data --"
cmd["jtrace full -o"]="./jtrace -o $work/out --"
# the paired BPF capture is the default; the tracepoint capture it replaced, side by side
cmd["jtrace full -o --capture=perf"]="./jtrace --capture=perf -o $work/out --"
cmd["jtrace --json -o"]="./jtrace --json -o $work/out --"
cmd["jtrace -e accept"]="./jtrace -e accept -o $work/out --"
cmd["jtrace -s"]="./jtrace -s -o $work/out --"
cmd["perf trace full -o"]="perf trace -o $work/out --"
cmd["perf trace -e accept"]="perf trace -e accept -o $work/out --"
cmd["perf trace -s"]="perf trace -s -o $work/out --"
cmd["strace full -o"]="strace -f -o $work/out"
cmd["strace -c"]="strace -f -c -o $work/out"
cmd["strace -e accept --seccomp-bpf"]="strace -f --seccomp-bpf -e trace=accept -o $work/out"
if [ -n "${BASELINE:-}" ]; then
  [ -x "$BASELINE/jtrace" ] || { echo "bench/overhead.sh: BASELINE=$BASELINE has no ./jtrace" >&2; exit 2; }
  for name in "jtrace record" "jtrace full -o" "jtrace --json -o" "jtrace -e accept" "jtrace -s"; do
    cmd["$name (baseline)"]="${cmd[$name]/.\/jtrace/$BASELINE/jtrace}"
    order_fast+=("$name (baseline)")
  done
fi

declare -A times events lost rss
timer=()
[ -x /usr/bin/time ] && timer=(/usr/bin/time -f %M -o "$work/rss")
# Runs one setup once; appends dd's own time (seconds) and the events/lost the tracer reported.
run() {
  local name=$1 prefix=${cmd[$1]} t
  rm -f "$work/out" "$work/perf.data"
  # The previous setup's output still being written back, or its perf events still being released,
  # must not land on this one.
  sync
  sleep 0.3
  # shellcheck disable=SC2086
  t=$( { "${timer[@]}" $prefix "${dd_cmd[@]}" 2>&1 1>/dev/null; } | sed -n 's/.* copied, \([0-9.]*\) s.*/\1/p' | tail -1)
  times[$name]+="$t "
  if [ ${#timer[@]} -gt 0 ]; then
    local kb
    kb=$(tail -1 "$work/rss")
    [ -z "$kb" ] || [ "${rss[$name]:-0}" -ge "$kb" ] || rss[$name]=$kb
  fi
  local ev="" lo=""
  case "$name" in
    jtrace\ -s*)
      ev=$(awk '/ events, /{gsub(",","",$3); s+=$3} END{print s+0}' "$work/out")
      lo=$(awk '/LOST/{s+=$2} END{print s+0}' "$work/out") ;;
    jtrace\ --json*)
      # one object per syscall; {"lost":N,...} objects carry the count
      ev=$(grep -vc '^{"lost"' "$work/out" || true); ev=$((ev * 2))
      lo=$(sed -n 's/^{"lost":\([0-9]*\).*/\1/p' "$work/out" | awk '{s+=$1} END{print s+0}') ;;
    jtrace\ full*|jtrace\ -e*|perf\ trace\ full*|perf\ trace\ -e*)
      # one line per syscall (2 events); LOST lines carry the count
      ev=$(grep -vc '^LOST' "$work/out" || true); ev=$((ev * 2))
      lo=$(awk '/^LOST/{s+=$2} END{print s+0}' "$work/out") ;;
    perf\ trace\ -s)
      ev=$(awk '/ events, /{gsub(",","",$3); s+=$3} END{print s+0}' "$work/out"); lo="?" ;;
    perf\ record*|jtrace\ record*)
      ev=$(perf report -i "$work/perf.data" --stats 2>/dev/null | awk '/SAMPLE events:/{print $3; exit}')
      lo=$(perf report -i "$work/perf.data" --stats 2>/dev/null | awk '/LOST events:/{print $3; f=1; exit} END{if (!f) print 0}') ;;
    strace\ -c)
      ev=$(awk '$NF=="total"{print $4*2}' "$work/out"); lo=0 ;;
    strace*)
      ev=$(grep -c . "$work/out" || true); ev=$((ev * 2)); lo=0 ;;
  esac
  events[$name]=$ev
  lost[$name]=$lo
}

. bench/common.sh

for r in $(seq 1 "$rounds"); do
  # Each round starts one setup later, so no setup always follows the same one.
  n=${#order_fast[@]}
  rotated=()
  for ((k = 0; k < n; k++)); do rotated+=("${order_fast[$(((k + r - 1) % n))]}"); done
  for name in "${rotated[@]}"; do
    case "$name" in perf*) have perf || continue ;; strace*) have strace || continue ;; esac
    run "$name"
  done
  if [ "$r" -le "$slow_rounds" ]; then
    for name in "${order_slow[@]}"; do
      case "$name" in perf*) have perf || continue ;; strace*) have strace || continue ;; esac
      run "$name"
    done
  fi
  echo "round $r done" >&2
done

base=$(echo "${times[untraced]}" | median)
echo
echo "workload: ${dd_cmd[*]}; $(nproc) CPUs; kernel $(uname -r); rounds: $rounds fast, $slow_rounds slow"
echo
echo "| setup | dd time (median s) | × untraced | runs | events captured | lost | max RSS (MiB) |"
echo "|---|---:|---:|---:|---:|---:|---:|"
for name in "${order_fast[@]}" "${order_slow[@]}"; do
  [ -n "${times[$name]:-}" ] || continue
  m=$(echo "${times[$name]}" | median)
  n=$(echo "${times[$name]}" | wc -w)
  ratio=$(awk -v a="$m" -v b="$base" 'BEGIN{printf "%.2f", a/b}')
  r="?"
  [ -n "${rss[$name]:-}" ] && r=$((rss[$name] / 1024))
  echo "| $name | $m | $ratio | $n | ${events[$name]:-} | ${lost[$name]:-} | $r |"
done

# Startup: wall time of tracing /bin/true, 10 runs (interleaved with the baseline's when there is one).
echo
declare -A st
launchers=(./jtrace)
[ -n "${BASELINE:-}" ] && launchers+=("$BASELINE/jtrace")
for i in $(seq 1 10); do
  for l in "${launchers[@]}"; do
    s=$(date +%s.%N); "$l" -o /dev/null -- true; e=$(date +%s.%N)
    st[$l]+="$(awk -v s="$s" -v e="$e" 'BEGIN{printf "%.3f", e-s}') "
  done
done
for l in "${launchers[@]}"; do
  echo "startup: $l -o /dev/null -- true: median $(echo "${st[$l]}" | median) s wall (runs: ${st[$l]})"
done
