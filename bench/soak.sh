#!/usr/bin/env bash
# Soak: jtrace -a under a steady system-wide load, in each live mode, for MINUTES each. A benchmark,
# not a test: run it by hand (as root) on an otherwise idle machine.
#
#   bench/soak.sh MINUTES [MODE...]      MODE: text, summary, json (default: all three)
#
# BASELINE=DIR (optional): another built checkout whose ./jtrace runs each mode too, right after this
# one's, under the same load, as rows marked "(baseline)".
#
# The load (stress-ng, one worker of each): --fork (short-lived processes: fork, exit, pid reuse),
# --open (open/close of many fds), --pipe (read/write bursts through a pipe), --dentry (creat/unlink,
# stat of missing names: path strings), --get (the get*() calls: cheap syscalls as fast as a CPU makes them), --exec (fork+exec: new comms).
# Together they make far more syscalls than jtrace can print on 2 CPUs, so the printer lags and what
# jtrace does then (bounded memory, the kernel's loss counted and reported) is what is measured.
#
# Per mode one row: events printed (text: lines; json: objects; summary: the total calls), lost (the
# LOST report), the jtrace process's max RSS (VmHWM from /proc/PID/status, sampled every 0.1 s until it
# exits: the last sample), and the time from SIGINT to its exit (wall, measured by the script).
set -euo pipefail
cd "$(dirname "$0")/.."
minutes=${1:?usage: bench/soak.sh MINUTES [text|summary|json ...]}
shift
modes=("$@")
[ ${#modes[@]} -gt 0 ] || modes=(text summary json)
[ "$(id -u)" = 0 ] || { echo "bench/soak.sh: run as root (perf_event_open on tracepoints)" >&2; exit 2; }
[ -x ./jtrace ] && [ -f tracer-core/target/jtrace.jar ] || { echo "bench/soak.sh: build first (mvn -B -DskipTests package)" >&2; exit 2; }
command -v stress-ng >/dev/null || { echo "bench/soak.sh: stress-ng missing (scripts/setup installs it)" >&2; exit 2; }
seconds=$(awk -v m="$minutes" 'BEGIN{printf "%d", m * 60}')
work=$(mktemp -d /tmp/jtrace-soak.XXXXXX)
stress_pid=
cleanup() {
  [ -n "$stress_pid" ] && kill -TERM "$stress_pid" 2>/dev/null && wait "$stress_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
stress=(stress-ng --fork 1 --open 1 --pipe 1 --dentry 1 --get 1 --exec 1 --temp-path "$work" --quiet)

declare -A args
args[text]="-a -o $work/out"
args[summary]="-a -s -o $work/out"
args[json]="-a --json -o $work/out"

# VmHWM of pid in kB, or empty once it is gone.
hwm() { awk '/^VmHWM:/{print $2}' "/proc/$1/status" 2>/dev/null || true; }

launchers=(./jtrace)
if [ -n "${BASELINE:-}" ]; then
  [ -x "$BASELINE/jtrace" ] || { echo "bench/soak.sh: BASELINE=$BASELINE has no ./jtrace" >&2; exit 2; }
  launchers+=("$BASELINE/jtrace")
fi
for mode in "${modes[@]}"; do
  [ -n "${args[$mode]:-}" ] || { echo "bench/soak.sh: unknown mode $mode (text, summary, json)" >&2; exit 2; }
done

declare -A events lost rss stop
rows=()
for mode in "${modes[@]}"; do
  for launcher in "${launchers[@]}"; do
    row=$mode
    [ "$launcher" = ./jtrace ] || row="$mode (baseline)"
    rows+=("$row")
    rm -f "$work/out" "$work/err"
    # in $work: --open leaves its files in the current directory
    (cd "$work" && exec "${stress[@]}") &
    stress_pid=$!
    sleep 2 # the workers are running
    # shellcheck disable=SC2086
    $launcher ${args[$mode]} 2>"$work/err" &
    pid=$!
    peak=0
    end=$((SECONDS + seconds))
    while [ $SECONDS -lt $end ] && kill -0 "$pid" 2>/dev/null; do
      h=$(hwm "$pid"); [ -n "$h" ] && peak=$h
      sleep 0.1
    done
    t0=$(date +%s.%N)
    kill -INT "$pid"
    while kill -0 "$pid" 2>/dev/null; do
      h=$(hwm "$pid"); [ -n "$h" ] && [ "$h" -gt "$peak" ] && peak=$h
      sleep 0.01
    done
    wait "$pid" || true
    t1=$(date +%s.%N)
    kill -TERM "$stress_pid" 2>/dev/null || true
    wait "$stress_pid" 2>/dev/null || true
    stress_pid=
    stop[$row]=$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.2f", b - a}')
    rss[$row]=$((peak / 1024))
    case "$mode" in
      summary)
        events[$row]=$(awk '/ events, /{gsub(",","",$3); s+=$3} END{print s+0}' "$work/out")
        lost[$row]=$(awk '/LOST/{for (i = 1; i < NF; i++) if ($i == "LOST") {s += $(i+1)}} END{print s+0}' "$work/out") ;;
      text)
        events[$row]=$(grep -vc '^LOST' "$work/out" || true)
        lost[$row]=$(sed -n 's/^jtrace: LOST \([0-9]*\) \(events\|calls\).*/\1/p' "$work/err" | tail -1) ;;
      json)
        events[$row]=$(grep -vc '^{"lost"' "$work/out" || true)
        lost[$row]=$(sed -n 's/^jtrace: LOST \([0-9]*\) \(events\|calls\).*/\1/p' "$work/err" | tail -1) ;;
    esac
    lost[$row]=${lost[$row]:-0}
    if grep -v '^jtrace: LOST' "$work/err" | grep -q .; then
      echo "bench/soak.sh: $row: jtrace said:" >&2
      grep -v '^jtrace: LOST' "$work/err" | head -5 >&2
    fi
    echo "$row done" >&2
  done
done

echo
echo "load: ${stress[*]% --temp-path*}; $minutes min per mode; $(nproc) CPUs; kernel $(uname -r)"
echo
echo "| mode | events printed | lost | lost % | max RSS (MiB) | SIGINT to exit (s) |"
echo "|---|---:|---:|---:|---:|---:|"
for row in "${rows[@]}"; do
  mode=${row% (baseline)}
  pct=$(awk -v e="${events[$row]}" -v l="${lost[$row]}" -v m="$mode" \
    'BEGIN{t = (m == "summary" ? e : e * 2) + l; printf "%.1f", (t > 0 ? 100 * l / t : 0)}')
  suffix=""
  [ "$row" = "$mode" ] || suffix=" (baseline)"
  echo "| jtrace ${args[$mode]//$work\/out/FILE}$suffix | ${events[$row]} | ${lost[$row]} | $pct | ${rss[$row]} | ${stop[$row]} |"
done
