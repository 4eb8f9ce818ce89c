#!/usr/bin/env bash
# The published binaries work: ./build-release.sh for linux-x64, then the self-contained tracker and two peers
# (no dotnet involved in running them) do a login, a publish and a verified get.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

case $(uname -m) in
  x86_64) rid=linux-x64 ;;
  aarch64) rid=linux-arm64 ;;
  *) echo "skipped: no release binaries for $(uname -m)"; exit 77 ;;
esac

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

./build-release.sh --rid "$rid" --out "$work/dist" > "$work/build.log" 2>&1 || { cat "$work/build.log" >&2; exit 1; }
bin="$work/dist/$rid"
mkdir -p "$work/alice" "$work/bob"
printf 'alice falcon*solo\nbob wise@!man\n' > "$work/credentials.txt"
head -c $((3 * 1024 * 1024)) /dev/urandom > "$work/alice/data.bin"

(cd "$work" && exec env -u DOTNET_ROOT "$bin/fileshare-tracker" 0 --credentials credentials.txt --data tracker-data) > "$work/tracker.log" 2>&1 &
pids+=($!)
port=""
for _ in $(seq 1 200); do
  port=$(sed -n '/^FileShare tracker listening on /{s/^.*:\([0-9]*\) (UDP).*/\1/p;q;}' "$work/tracker.log")
  [ -n "$port" ] && break
  kill -0 "${pids[0]}" 2>/dev/null || break
  sleep 0.1
done
[ -n "$port" ] || { echo "the published tracker did not start:" >&2; cat "$work/tracker.log" >&2; exit 1; }

# alice stays online (her commands come from a FIFO held open) while bob downloads from her.
mkfifo "$work/alice.in"
exec 7<>"$work/alice.in"
env -u DOTNET_ROOT "$bin/fileshare-peer" 127.0.0.1 "$port" --dir "$work/alice" --plain < "$work/alice.in" > "$work/alice.out" 2> "$work/alice.err" &
pids+=($!)
printf 'auth alice falcon*solo\npub data.bin\n' >&7
for _ in $(seq 1 300); do
  grep -q "File published successfully" "$work/alice.out" 2>/dev/null && break
  sleep 0.1
done
grep -q "File published successfully" "$work/alice.out" || { echo "alice could not publish:" >&2; cat "$work/alice.out" "$work/alice.err" >&2; exit 1; }

printf 'auth bob wise@!man\nget data.bin\nxit\n' | timeout 60 env -u DOTNET_ROOT "$bin/fileshare-peer" 127.0.0.1 "$port" --dir "$work/bob" --plain > "$work/bob.out" 2> "$work/bob.err"
if ! grep -qx "data.bin downloaded successfully" "$work/bob.out" || ! cmp -s "$work/alice/data.bin" "$work/bob/data.bin"; then
  echo "the published peer could not download:" >&2
  cat "$work/bob.out" "$work/bob.err" >&2
  exit 1
fi
printf 'xit\n' >&7
echo "published binaries ($rid, $(du -h "$bin/fileshare-tracker" | cut -f1) + $(du -h "$bin/fileshare-peer" | cut -f1)): login, publish and a verified get all work"
