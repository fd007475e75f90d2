#!/usr/bin/env bash
# The benchmark command (README, "Benchmarks"): builds what it needs (release component and
# emulator, the peers bundled with esbuild), then runs bench/run.mjs, which writes
# bench/results/latest.md and bench/results/throughput.svg (Chromium: every contender on four
# profiles, memory, CPU, weight, how soon the element is interactive; Firefox and WebKit: ours
# and the limit) and the README's summary. BENCH_QUICK=1 uses small files (nothing in README).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
./scripts/setup.sh
./scripts/build.sh
cargo build --release -p panopto-emulator
# npm ci when node_modules is missing or older than the lock (a new contender, e.g. Uppy 5).
(cd bench && { [ node_modules/.package-lock.json -nt package-lock.json ] || npm ci --no-audit --no-fund; } && node build.mjs)
node bench/run.mjs

# The part transport (XHR against fetch) in all three engines: bench/results/transport.md.
node bench/transport.mjs

# The media check's cost (bytes read, time to the card's line, long tasks) for 1 and 4 GiB
# files: bench/results/media_check.md.
node bench/media_check.mjs
