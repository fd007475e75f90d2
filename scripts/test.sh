#!/usr/bin/env bash
# The whole test suite: set-up, host tests (core, emulator integration), then the core
# compiled to wasm in headless Chromium. Exits non-zero on the first failing stage.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
"$ROOT/scripts/setup.sh"

mkdir -p target
start=$(date +%s)
echo "== host tests: cargo test --workspace"
cargo test --workspace --quiet 2>&1 | tee target/host-tests.log

echo "== browser tests: wasm-pack test --headless --chrome"
wasm-pack test --headless --chrome 2>&1 | tee target/wasm-tests.log

summary() { grep -E '^test result:' "$1" | awk '{p+=$4; f+=$6} END {print p+0, f+0}'; }
read -r hp hf < <(summary target/host-tests.log)
read -r wp wf < <(summary target/wasm-tests.log)
echo "== done in $(( $(date +%s) - start ))s: host $hp passed, browser $wp passed"
echo "total: $((hp + wp)) passed, $((hf + wf)) failed"
