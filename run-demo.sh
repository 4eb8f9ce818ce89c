#!/usr/bin/env bash
# FileShare demo: a tracker, two scripted peers and you.
#   ./run-demo.sh             interactive: you are carol, in the terminal UI
#   ./run-demo.sh --headless  fully scripted, checks every download, exit 0 only if all held (CI runs this)
#   ./run-demo.sh --tmux      tracker log and three interactive peers in four tmux panes
#   --keep                    keep the demo workspace afterwards
set -euo pipefail

mode=interactive
keep=0
for arg in "$@"; do
  case "$arg" in
    --headless) mode=headless ;;
    --tmux) mode=tmux ;;
    --keep) keep=1 ;;
    -h|--help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "Unknown option: $arg (try --help)" >&2; exit 2 ;;
  esac
done

root=$(cd "$(dirname "$0")" && pwd)
if ! command -v dotnet >/dev/null 2>&1; then
  echo "The .NET 10 SDK is required (dotnet not found on PATH): https://dot.net" >&2
  exit 1
fi
if [ "$mode" = tmux ] && ! command -v tmux >/dev/null 2>&1; then
  echo "--tmux needs tmux (apt-get install tmux)" >&2
  exit 1
fi

say() { printf '\033[1m== %s\033[0m\n' "$*"; }

say "Building FileShare (Release)"
dotnet build "$root/FileShare.sln" -c Release -nologo -clp:ErrorsOnly -v:q >/dev/null
tracker_dll="$root/src/FileShare.Tracker/bin/Release/net10.0/fileshare-tracker.dll"
peer_dll="$root/src/FileShare.Peer/bin/Release/net10.0/fileshare-peer.dll"

work=$(mktemp -d "${TMPDIR:-/tmp}/fileshare-demo.XXXXXX")
pids=()
cleanup() {
  set +e
  for fd in 7 8; do eval "exec $fd>&-" 2>/dev/null; done
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
  sleep 0.5
  for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null; done
  wait 2>/dev/null
  if [ "$keep" = 1 ]; then echo "Workspace kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say "Workspace $work"
mkdir -p "$work/alice" "$work/bob" "$work/carol"
cat > "$work/credentials.txt" <<'CRED'
# Demo accounts only: never use these passwords for anything real.
alice falcon*solo
bob wise@!man
carol open-sesame
CRED
head -c $((50 * 1024 * 1024)) /dev/urandom > "$work/alice/movie.mkv"
cp "$work/alice/movie.mkv" "$work/bob/movie.mkv"
head -c $((3 * 1024 * 1024)) /dev/urandom > "$work/alice/song.mp3"
printf 'Meeting notes\n- ship the demo\n' > "$work/alice/notes.txt"
head -c $((2 * 1024 * 1024)) /dev/urandom > "$work/bob/photo.jpg"
head -c $((200 * 1024)) /dev/urandom > "$work/bob/report.pdf"

say "Starting the tracker"
# The demo tracker lets newcomers register (off by default on real trackers).
(cd "$work" && FILESHARE_Tracker__AllowRegistration=true exec dotnet "$tracker_dll" 0 --credentials credentials.txt --data tracker-data) > "$work/tracker.log" 2>&1 &
pids+=($!)
port=""
for _ in $(seq 1 100); do
  # sed quits at the first match itself: no pipe whose early exit pipefail would turn into a failure.
  port=$(sed -n '/^FileShare tracker listening on /{s/^.*:\([0-9]*\) (UDP).*/\1/p;q;}' "$work/tracker.log")
  [ -n "$port" ] && break
  if ! kill -0 "${pids[0]}" 2>/dev/null; then break; fi
  sleep 0.1
done
if [ -z "$port" ]; then
  echo "The tracker did not start:" >&2
  cat "$work/tracker.log" >&2
  exit 1
fi
echo "Tracker on UDP port $port"

# A scripted peer reads commands from a FIFO that this script keeps open.
start_peer() { # name fd
  local name=$1 fd=$2
  mkfifo "$work/$name.in"
  eval "exec $fd<>\"$work/$name.in\""
  dotnet "$peer_dll" 127.0.0.1 "$port" --dir "$work/$name" --plain < "$work/$name.in" > "$work/$name.out" 2> "$work/$name.err" &
  pids+=($!)
}
send() { # fd command
  printf '%s\n' "$2" >&"$1"
}
# Waits until FILE holds at least COUNT lines matching PATTERN.
wait_for() { # file pattern count
  for _ in $(seq 1 600); do
    [ "$(grep -c -- "$2" "$1" 2>/dev/null || true)" -ge "$3" ] && return 0
    sleep 0.1
  done
  echo "Timed out waiting for '$2' in $1:" >&2
  cat "$1" >&2
  return 1
}

start_peer alice 7
start_peer bob 8
send 7 "auth alice falcon*solo"
send 7 "pub movie.mkv"
send 7 "pub song.mp3"
send 7 "pub notes.txt"
send 8 "auth bob wise@!man"
send 8 "pub movie.mkv"
send 8 "pub photo.jpg"
send 8 "pub report.pdf"
wait_for "$work/alice.out" "File published successfully" 3
wait_for "$work/bob.out" "File published successfully" 3
echo "alice published movie.mkv, song.mp3, notes.txt; bob published movie.mkv, photo.jpg, report.pdf"

case "$mode" in
  interactive)
    say "You are carol. Log in with:  auth carol open-sesame   (help lists every command, xit leaves)"
    echo "Try: lap, sch ., get movie.mkv, pub, lpf. Files land in $work/carol"
    if [ -t 0 ]; then read -r -p "Press Enter to open the terminal UI... " _; fi
    dotnet "$peer_dll" 127.0.0.1 "$port" --dir "$work/carol" || true
    ;;
  tmux)
    # The scripted alice and bob leave first; their publications stay, and the panes log in as them.
    send 7 "xit"; send 8 "xit"
    wait_for "$work/alice.out" "Goodbye!" 1
    wait_for "$work/bob.out" "Goodbye!" 1
    session="fileshare-demo-$$"
    tmux new-session -d -s "$session" -x 220 -y 60 "tail -f '$work/tracker.log'"
    for who in alice bob carol; do
      tmux split-window -t "$session" "dotnet '$peer_dll' 127.0.0.1 $port --dir '$work/$who'; read -r -p 'peer exited, press Enter'"
    done
    tmux select-layout -t "$session" tiled
    echo "Passwords: alice falcon*solo, bob wise@!man, carol open-sesame"
    tmux attach -t "$session" || true
    tmux kill-session -t "$session" 2>/dev/null || true
    ;;
  headless)
    failures=0
    check() { # description, command...
      local what=$1; shift
      if "$@"; then echo "  ok   $what"; else echo "  FAIL $what"; failures=$((failures + 1)); fi
    }
    transcript() { # user, command lines file
      echo "--- $1"
      sed 's/^/  > /' "$2"
    }
    say "carol: failing login, then the real one, look around, and download"
    cat > "$work/carol.cmds" <<'CMDS'
auth carol wrong-password
auth carol open-sesame
lap
lpf
sch .
sch mkv
get movie.mkv
get photo.jpg
get notes.txt
get no-such-file
get ../etc/passwd
CMDS
    # bob fetches alice's song while carol downloads: concurrent transfers from the same publisher.
    send 8 "get song.mp3"
    dotnet "$peer_dll" 127.0.0.1 "$port" --dir "$work/carol" --plain < "$work/carol.cmds" > "$work/carol.out" 2> "$work/carol.err"
    wait_for "$work/bob.out" "song.mp3 downloaded successfully" 1
    transcript "carol's commands" "$work/carol.cmds"
    echo "--- carol's output"; sed 's/^/  < /' "$work/carol.out"
    check "wrong password refused" grep -qx "Authentication failed. Please try again." "$work/carol.out"
    check "login welcomed" grep -qx "Welcome to FileShare!" "$work/carol.out"
    check "lap shows alice and bob" grep -qx "2 active peers:" "$work/carol.out"
    check "lpf of a new user is empty" grep -qx "No files published" "$work/carol.out"
    check "sch finds all five names" grep -qx "5 files found:" "$work/carol.out"
    check "sch mkv finds the movie" grep -qx "1 file found:" "$work/carol.out"
    check "get movie.mkv" grep -qx "movie.mkv downloaded successfully" "$work/carol.out"
    check "get photo.jpg" grep -qx "photo.jpg downloaded successfully" "$work/carol.out"
    check "get notes.txt" grep -qx "notes.txt downloaded successfully" "$work/carol.out"
    check "unknown file" grep -qx "File not found" "$work/carol.out"
    check "path traversal refused" grep -q "^Invalid file name" "$work/carol.out"
    check "bob got song.mp3 meanwhile" grep -qx "song.mp3 downloaded successfully" "$work/bob.out"

    say "alice withdraws notes.txt and leaves; then logs in again"
    send 7 "unp notes.txt"
    send 7 "unp notes.txt"
    send 7 "lpf"
    send 7 "xit"
    wait_for "$work/alice.out" "Goodbye!" 1
    printf 'auth alice falcon*solo\nlpf\nxit\n' > "$work/alice2.cmds"
    dotnet "$peer_dll" 127.0.0.1 "$port" --dir "$work/alice" --plain < "$work/alice2.cmds" > "$work/alice2.out" 2>> "$work/alice.err"
    echo "--- alice's output"; sed 's/^/  < /' "$work/alice.out"
    echo "--- alice, logged in again"; sed 's/^/  < /' "$work/alice2.out"
    check "first failing unp then clear refusal" grep -qx "File unpublication failed" "$work/alice.out"
    check "unp succeeded once" grep -qx "File unpublished successfully" "$work/alice.out"
    check "publications survived the logout" grep -qx "2 files published:" "$work/alice2.out"

    say "Verifying every downloaded file against its original"
    for pair in "alice/movie.mkv carol/movie.mkv" "bob/photo.jpg carol/photo.jpg" "alice/notes.txt carol/notes.txt" "alice/song.mp3 bob/song.mp3"; do
      set -- $pair
      a=$(sha256sum "$work/$1" | cut -d' ' -f1)
      b=$(sha256sum "$work/$2" 2>/dev/null | cut -d' ' -f1 || true)
      check "$2 matches $1 (sha256 ${a:0:16}...)" test "$a" = "$b"
    done
    check "nothing partial left under a final name" test ! -e "$work/carol/no-such-file"

    say "dave registers an account, then logs in with it"
    mkdir -p "$work/dave"
    printf 'reg dave first-day!\nsch photo\nget photo.jpg\nxit\n' > "$work/dave.cmds"
    dotnet "$peer_dll" 127.0.0.1 "$port" --dir "$work/dave" --plain < "$work/dave.cmds" > "$work/dave.out" 2> "$work/dave.err"
    echo "--- dave's output"; sed 's/^/  < /' "$work/dave.out"
    check "registration created the account" grep -qx "Account created" "$work/dave.out"
    check "the new account is stored hashed, never in plaintext" grep -q '^dave scram-sha-256\$' "$work/credentials.txt"
    check "dave downloaded photo.jpg from bob" grep -qx "photo.jpg downloaded successfully" "$work/dave.out"
    send 8 "xit"
    wait_for "$work/bob.out" "Goodbye!" 1
    if [ "$failures" -eq 0 ]; then say "Demo passed: every check held"; else say "Demo FAILED: $failures check(s)"; fi
    [ "$failures" -eq 0 ]
    ;;
esac
