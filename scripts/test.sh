#!/usr/bin/env bash
# The whole test suite: set-up; formatting and lints (host and wasm32); host tests (core,
# engine, state machine, emulator integration); the crate compiled to wasm in headless
# Chromium; the demo page end to end. Exits non-zero on the first failing stage.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
"$ROOT/scripts/setup.sh"

mkdir -p target
start=$(date +%s)
echo "== habits: cargo fmt --check, cargo clippy -D warnings (host, and the component for wasm32)"
cargo fmt --all --check
cargo clippy --workspace --all-targets --quiet -- -D warnings
cargo clippy -p panopto-uploader --all-targets --target wasm32-unknown-unknown --quiet -- -D warnings

echo "== host tests: cargo test --workspace"
cargo test --workspace --quiet 2>&1 | tee target/host-tests.log

echo "== browser tests: wasm-pack test --headless --chrome (against a fresh emulator)"
# A wasm test has no environment: the emulator's address is baked in at compile time.
emu_dir=$(mktemp -d)
./target/debug/panopto-emulator --listen 127.0.0.1:0 --data-dir "$emu_dir/data" --cors-origin '*' --processing-ms 300 > "$emu_dir/log" 2>&1 &
emu_pid=$!
trap 'kill $emu_pid 2>/dev/null || true; rm -rf "$emu_dir"' EXIT
for _ in $(seq 100); do grep -q "listening on" "$emu_dir/log" 2>/dev/null && break; sleep 0.1; done
PANOPTO_EMULATOR_URL=$(sed -n 's/^panopto-emulator listening on //p' "$emu_dir/log")
[ -n "$PANOPTO_EMULATOR_URL" ] || { cat "$emu_dir/log"; echo "the emulator did not start"; exit 1; }
export PANOPTO_EMULATOR_URL
wasm-pack test --headless --chrome 2>&1 | tee target/wasm-tests.log
kill $emu_pid 2>/dev/null || true

echo "== end-to-end tests: the demo page in headless Chromium (release build)"
"$ROOT/scripts/build.sh"
EMULATOR_BIN="$ROOT/target/debug/panopto-emulator" node --test --test-concurrency=1 --test-reporter=tap e2e/ 2>&1 | tee target/e2e-tests.log

summary() { grep -E '^test result:' "$1" | awk '{p+=$4; f+=$6} END {print p+0, f+0}'; }
read -r hp hf < <(summary target/host-tests.log)
read -r wp wf < <(summary target/wasm-tests.log)
ep=$(sed -n 's/^# pass //p' target/e2e-tests.log); ef=$(sed -n 's/^# fail //p' target/e2e-tests.log)
echo "== done in $(( $(date +%s) - start ))s: host $hp passed, browser $wp passed, end-to-end ${ep:-0} passed"
echo "total: $((hp + wp + ${ep:-0})) passed, $((hf + wf + ${ef:-0})) failed"
