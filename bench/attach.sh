#!/usr/bin/env bash
# What the attach point of `-e CALL` costs dd: dd's own time (its "copied, X s" line) untraced, under
# `jtrace -e CALL` with the capture auto picks (fentry/fexit on __x64_sys_CALL where the kernel allows it,
# else the paired programs on the syscall's own tracepoints), each capture forced (--capture=fentry,
# --capture=perf: perf's syscalls:sys_enter_CALL events, --capture=bpf-tp: the paired programs on
# syscalls:sys_enter_CALL/sys_exit_CALL, --capture=bpf: on raw_syscalls), beside `perf record` of the same
# two tracepoints (the floor), `perf trace -e CALL` and `strace -f --seccomp-bpf -e trace=CALL` (a seccomp
# filter on the traced task only), in one run.
#
# CALL=accept (the default): a call dd never makes. A syscall tracepoint sets TIF_SYSCALL_TRACEPOINT on
# every task: each of dd's calls then takes the slow syscall path even though no accept is ever made;
# fentry on one function does not. CALL=write: dd's every other call, printed with its buffer (the
# contents' cost on a narrow selection). Setups alternate in every round so machine noise spreads evenly.
# A benchmark, not a test: run it by hand, as root, on an idle machine (it prints the load average next to
# the table).
#
#   [CALL=write] bench/attach.sh [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh
rounds=${1:-5}
count=${COUNT:-500k}
call=${CALL:-accept}
work=$(mktemp -d /tmp/jtrace-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
[ "$(id -u)" = 0 ] || { echo "bench/attach.sh: run as root" >&2; exit 2; }
[ -f tracer-core/target/jtrace.jar ] || { echo "bench/attach.sh: build first (./mvnw -B -DskipTests package)" >&2; exit 2; }
dd_cmd=(dd if=/dev/zero of=/dev/null bs=1 "count=$count")
order=(untraced "perf record -e $call (floor)" "jtrace -e $call" "jtrace -e $call --capture=perf"
  "jtrace -e $call --capture=bpf-tp" "jtrace -e $call --capture=bpf")
# the forced fentry capture only where the kernel takes it (these VMs refuse fentry at load)
if ./jtrace --capture=fentry -e "$call" -o /dev/null -- true 2>"$work/fentry"; then
  order+=("jtrace -e $call --capture=fentry")
  fentry_note="fentry allowed"
else
  fentry_note="fentry refused: $(head -1 "$work/fentry")"
fi
command -v perf >/dev/null && order+=("perf trace -e $call")
command -v strace >/dev/null && order+=("strace -f --seccomp-bpf -e trace=$call")
chosen=$(./jtrace -v -e "$call" -o /dev/null -- true 2>&1 | grep -E "fentry capture \(|fentry capture:|paired capture on|paired BPF capture" | sed "s/^jtrace: //" | paste -sd";" || true)
declare -A times
run() {
  case "$1" in
    untraced) "${dd_cmd[@]}" 2>"$work/dd" ;;
    "perf record"*)
      perf record -q -o "$work/perf.data" -e "syscalls:sys_enter_$call,syscalls:sys_exit_$call" -- "${dd_cmd[@]}" 2>"$work/dd" ;;
    "perf trace"*) perf trace -o "$work/out" -e "$call" -- "${dd_cmd[@]}" 2>"$work/dd" ;;
    "jtrace "*)
      # shellcheck disable=SC2086
      ./jtrace -o "$work/out" ${1#jtrace } -- "${dd_cmd[@]}" 2>"$work/dd" ;;
    strace*) strace -f --seccomp-bpf -e "trace=$call" -o "$work/out" "${dd_cmd[@]}" 2>"$work/dd" ;;
  esac
  grep -o 'copied, [0-9.]* s' "$work/dd" | awk '{print $2}'
}
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for ((r = 0; r < rounds; r++)); do
  for ((i = 0; i < ${#order[@]}; i++)); do
    s=${order[$(((i + r) % ${#order[@]}))]}
    sync; sleep 0.2
    times[$s]="${times[$s]:-} $(run "$s")"
  done
done
base=$(echo "${times[untraced]}" | median)
echo "load average before: $load_before, after: $(cut -d' ' -f1-3 /proc/loadavg); $rounds rounds, dd count=$count; kernel $(uname -r)"
echo "$fentry_note; auto chose: ${chosen:-?}"
echo
echo "| setup | dd time (median) | ratio to untraced |"
echo "|---|---|---|"
for s in "${order[@]}"; do
  m=$(echo "${times[$s]}" | median)
  printf '| `%s` | %s s | %.2fx |\n' "$s" "$m" "$(echo "$m / $base" | bc -l)"
done
