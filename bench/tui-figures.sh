#!/usr/bin/env bash
# Figures of the peer's terminal UI in a tmux pane (docs/PERFORMANCE.md, "Terminal UI"):
#   first frame  ms from starting the process until its first screen shows (median of 5, polled every 10 ms)
#   idle CPU     % of one core over 20 s at 80x24, logged out (no tracker traffic), after 10 s to settle; RSS then
#   load CPU     % of one core over 20 s at 160x48 with 8 endless downloads moving 50 times a second each
#                (bench/FileShare.TuiLoad: the real UI over a synthetic peer), after 10 s to settle; RSS then
# Usage: bench/tui-figures.sh LABEL PEER_DLL LOAD_DLL
# Both DLLs are run with `dotnet`; the script needs tmux. It prints one line per figure.
set -uo pipefail
label=$1 peer=$2 load=$3
T="tmux -L tuifig-$$"
work=$(mktemp -d "${TMPDIR:-/tmp}/tui-figures.XXXXXX")
trap '$T kill-server 2>/dev/null; rm -rf "$work"' EXIT

ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }
rss_mib() { awk '/VmRSS/{printf "%.0f", $2/1024}' "/proc/$1/status"; }
hz=$(getconf CLK_TCK)

# start NAME W H COMMAND: runs COMMAND in a new session; its PID lands in $work/NAME.pid
start() {
  local name=$1 w=$2 h=$3; shift 3
  $T -f /dev/null new-session -d -s "$name" -x "$w" -y "$h" \
    "sh -c 'echo \$\$ > $work/$name.pid; exec $*'; sleep 60"
}
pid_of() { for _ in $(seq 3000); do [ -s "$work/$1.pid" ] && break; sleep 0.01; done; cat "$work/$1.pid"; }
# wait_for NAME TEXT: polls the pane every 10 ms until TEXT shows; gives up after 30 s
wait_for() {
  local deadline=$(( $(date +%s) + 30 ))
  until $T capture-pane -p -t "$1" 2>/dev/null | grep -q -- "$2"; do
    [ "$(date +%s)" -lt "$deadline" ] || { echo "timed out waiting for '$2' in $1" >&2; exit 1; }
    sleep 0.01
  done
}
stop() { kill -TERM "$1" 2>/dev/null; for _ in $(seq 50); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done; $T kill-session -t "$2" 2>/dev/null; }

# cpu_over NAME PID SECONDS: % of one core the process used over SECONDS
cpu_over() {
  local c0 c1; c0=$(ticks "$2"); sleep "$3"; c1=$(ticks "$2")
  awk -v a="$c0" -v b="$c1" -v s="$3" -v hz="$hz" 'BEGIN{printf "%.1f", (b-a)/hz/s*100}'
}

mkdir -p "$work/share"
frames=()
for i in 1 2 3 4 5; do
  t0=$(date +%s%N)
  start "ff$i" 80 24 dotnet "$peer" 127.0.0.1 9 --dir "$work/share"
  wait_for "ff$i" "not logged in"
  t1=$(date +%s%N)
  frames+=($(( (t1 - t0) / 1000000 )))
  stop "$(pid_of "ff$i")" "ff$i"
done
median=$(printf '%s\n' "${frames[@]}" | sort -n | sed -n 3p)
echo "$label first frame: ${median} ms (runs: ${frames[*]})"

start idle 80 24 dotnet "$peer" 127.0.0.1 9 --dir "$work/share"
pid=$(pid_of idle); wait_for idle "not logged in"; sleep 10
cpu=$(cpu_over idle "$pid" 20)
echo "$label idle 80x24: cpu ${cpu}% of one core, rss $(rss_mib "$pid") MiB"
stop "$pid" idle

start load 160 48 dotnet "$load" 8 50
pid=$(pid_of load); wait_for load "load-8.bin"; sleep 10
cpu=$(cpu_over load "$pid" 20)
echo "$label 8 transfers x 50 updates/s, 160x48: cpu ${cpu}% of one core, rss $(rss_mib "$pid") MiB"
stop "$pid" load
