#!/usr/bin/env bash
# The scripted multi-peer demo is a suite of its own: it exits 0 only if every download verified.
set -euo pipefail
cd "$(dirname "$0")/.."
./run-demo.sh --headless
