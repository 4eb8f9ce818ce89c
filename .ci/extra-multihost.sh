#!/usr/bin/env bash
# FileShare across real hosts: tests/multihost/run.sh builds network namespaces (one tracker host, three peer
# hosts on a bridge), runs discovery, login, search, transfers and a link cut across them, plus the 60 s lossy
# heartbeat soak. Exit 0 passed, 77 skipped (no permission for `ip netns add`), anything else failed.
set -uo pipefail
cd "$(dirname "$0")/.."
exec bash tests/multihost/run.sh
