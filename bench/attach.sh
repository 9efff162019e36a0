#!/usr/bin/env bash
# What the attach point of `-e accept` costs a process that never calls accept: dd's own time (its
# "copied, X s" line) untraced, under `jtrace -e accept` with the capture auto picks (fentry/fexit on
# __x64_sys_accept where the kernel allows it, else the syscall tracepoints), each capture forced
# (--capture=fentry, --capture=perf: syscalls:sys_enter_accept, --capture=bpf-tp: the paired programs
# on syscalls:sys_enter_accept/sys_exit_accept, --capture=bpf: on raw_syscalls), and under
# `strace -f --seccomp-bpf -e trace=accept` (a seccomp filter on the traced task only), in one run.
# A syscall tracepoint sets TIF_SYSCALL_TRACEPOINT on every task: each of dd's calls then takes the
# slow syscall path even though no accept is ever made; fentry on one function does not. Setups
# alternate in every round so machine noise spreads evenly. A benchmark, not a test: run it by hand,
# as root, on an idle machine (it prints the load average next to the table).
#
#   bench/attach.sh [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh
rounds=${1:-5}
count=${COUNT:-500k}
work=$(mktemp -d /tmp/jtrace-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
[ "$(id -u)" = 0 ] || { echo "bench/attach.sh: run as root" >&2; exit 2; }
[ -f tracer-core/target/jtrace.jar ] || { echo "bench/attach.sh: build first (./mvnw -B -DskipTests package)" >&2; exit 2; }
dd_cmd=(dd if=/dev/zero of=/dev/null bs=1 "count=$count")
order=(untraced "jtrace -e accept" "jtrace -e accept --capture=perf" "jtrace -e accept --capture=bpf-tp"
  "jtrace -e accept --capture=bpf")
# the forced fentry capture only where the kernel takes it (these VMs refuse fentry at load)
if ./jtrace --capture=fentry -e accept -o /dev/null -- true 2>"$work/fentry"; then
  order+=("jtrace -e accept --capture=fentry")
  fentry_note="fentry allowed"
else
  fentry_note="fentry refused: $(head -1 "$work/fentry")"
fi
command -v strace >/dev/null && order+=("strace -f --seccomp-bpf -e trace=accept")
chosen=$(./jtrace -v -e accept -o /dev/null -- true 2>&1 | grep -E "fentry capture \(|fentry capture:|paired capture on|sys_enter_accept|paired BPF capture" | sed "s/^jtrace: //" | paste -sd";" || true)
declare -A times
run() {
  case "$1" in
    untraced) "${dd_cmd[@]}" 2>"$work/dd" ;;
    "jtrace -e accept"*)
      # shellcheck disable=SC2086
      ./jtrace -o "$work/out" ${1#jtrace } -- "${dd_cmd[@]}" 2>"$work/dd" ;;
    strace*) strace -f --seccomp-bpf -e trace=accept -o "$work/out" "${dd_cmd[@]}" 2>"$work/dd" ;;
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
