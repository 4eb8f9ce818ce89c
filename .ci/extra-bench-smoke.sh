#!/usr/bin/env bash
# Smoke of the benchmarks (bench/FileShare.Bench): every scenario at tiny sizes, so they keep working.
# No timing is asserted; a scenario fails only if it cannot complete (a download not verified, a login refused...).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -r /proc/self/stat ]; then
  echo "skipped: the benchmarks read /proc (Linux only)"
  exit 77
fi

bench() {
  echo "-- bench $*"
  # CI has just built everything; a developer run builds what is missing.
  timeout 300 dotnet run -c Release ${CI:+--no-build} --project bench/FileShare.Bench -- "$@"
}

bench transfer --size 4MiB --rounds 1 --small-files 20
bench tracker --sessions 200 --rate 500 --duration 2 --warmup 1 --files-per-user 5
bench tracker --index --sessions 200 --publications 20000 --rate 300 --duration 2 --warmup 1
bench transport --sessions 200 --rates 500 --duration 2
bench alloc --sessions 200 --publications 2000 --iterations 200
