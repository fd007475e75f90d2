#!/usr/bin/env bash
# The benchmark command (README, "Benchmarks"): builds what it needs (release component and
# emulator, the peers bundled with esbuild), then runs bench/run.mjs, which writes
# bench/results/latest.md and bench/results/throughput.svg. BENCH_QUICK=1 uses small files.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
./scripts/setup.sh
./scripts/build.sh
cargo build --release -p panopto-emulator
(cd bench && { [ -d node_modules/@aws-sdk/lib-storage ] || npm ci --no-audit --no-fund; } && node build.mjs)
node bench/run.mjs

# The part transport (XHR against fetch) in all three engines: bench/results/transport.md.
node bench/transport.mjs
