#!/usr/bin/env bash
# Publishes fileshare-tracker and fileshare-peer as self-contained single-file executables: no .NET needed where
# they run. Usage: ./build-release.sh [--rid RID]... [--out DIR]
#   default RIDs: linux-x64 linux-arm64; default DIR: dist  (binaries land in DIR/RID/)
set -euo pipefail
cd "$(dirname "$0")"

rids=()
out=dist
while [ $# -gt 0 ]; do
  case $1 in
    --rid) rids+=("$2"); shift 2 ;;
    --out) out=$2; shift 2 ;;
    -h|--help) sed -n '2,4p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done
[ ${#rids[@]} -eq 0 ] && rids=(linux-x64 linux-arm64)

if ! command -v dotnet >/dev/null 2>&1; then
  echo "The .NET 10 SDK is required to build the binaries (dotnet not found on PATH): https://dot.net" >&2
  exit 1
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
for rid in "${rids[@]}"; do
  for project in FileShare.Tracker FileShare.Peer; do
    echo "== $project for $rid"
    # Single file, runtime included, symbols kept apart; compression keeps each binary near 35 MB instead of 75.
    dotnet publish "src/$project" -c Release -r "$rid" --self-contained \
      -p:PublishSingleFile=true -p:EnableCompressionInSingleFile=true -p:DebugType=embedded \
      -p:GenerateDocumentationFile=false -o "$out/$rid" -nologo -clp:ErrorsOnly
  done
  ls -l "$out/$rid/fileshare-tracker" "$out/$rid/fileshare-peer"
done
echo "Binaries in $out/<rid>/: put them on your PATH, e.g. sudo install -m 755 $out/${rids[0]}/fileshare-* /usr/local/bin/"
