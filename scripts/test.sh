#!/usr/bin/env bash
# The whole test suite: set-up; formatting and lints (host and wasm32); host tests (core,
# engine, state machine, emulator integration); the crate compiled to wasm in headless
# Chromium and headless Firefox; the demo page end to end (Chromium, and the scenarios that
# must hold in every engine also in Firefox ESR and WebKitGTK). Exits non-zero on the first
# failing stage.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
setup_start=$(date +%s)
"$ROOT/scripts/setup.sh"
echo "   (set-up: $(( $(date +%s) - setup_start ))s)"

mkdir -p target
start=$(date +%s)
# How long each stage took, for the CI budget (2 cores, 30 minutes with set-up).
stage_start=$start
stage() { echo "   ($1: $(( $(date +%s) - stage_start ))s)"; stage_start=$(date +%s); }
echo "== habits: cargo fmt --check, cargo clippy -D warnings (host, and the component for wasm32)"
cargo fmt --all --check
cargo clippy --workspace --all-targets --quiet -- -D warnings
cargo clippy -p panopto-uploader --all-targets --target wasm32-unknown-unknown --quiet -- -D warnings
stage "formatting and lints"

echo "== host tests: cargo test --workspace"
cargo test --workspace --quiet 2>&1 | tee target/host-tests.log
stage "host tests"

echo "== browser tests: wasm-pack test --headless --chrome, then --firefox (against one fresh emulator)"
# A wasm test has no environment: the emulator's address is baked in at compile time.
emu_dir=$(mktemp -d)
./target/debug/panopto-emulator --listen 127.0.0.1:0 --data-dir "$emu_dir/data" --cors-origin '*' --processing-ms 300 > "$emu_dir/log" 2>&1 &
emu_pid=$!
trap 'kill $emu_pid 2>/dev/null || true; rm -rf "$emu_dir"' EXIT
for _ in $(seq 100); do grep -q "listening on" "$emu_dir/log" 2>/dev/null && break; sleep 0.1; done
PANOPTO_EMULATOR_URL=$(sed -n 's/^panopto-emulator listening on //p' "$emu_dir/log")
[ -n "$PANOPTO_EMULATOR_URL" ] || { cat "$emu_dir/log"; echo "the emulator did not start"; exit 1; }
export PANOPTO_EMULATOR_URL
# The runner's own limit is 20 s; one test waits out the first-contact budget (15 s) of an
# unreachable server, to see the card say so in French.
export WASM_BINDGEN_TEST_TIMEOUT=120
wasm-pack test --headless --chrome 2>&1 | tee target/wasm-tests.log
stage "wasm tests in Chrome, build included"
# The same build (the emulator's address is the same), in Firefox ESR through geckodriver.
wasm-pack test --headless --firefox 2>&1 | tee target/wasm-firefox-tests.log
stage "wasm tests in Firefox"
kill $emu_pid 2>/dev/null || true

echo "== end-to-end tests: the demo page in headless Chromium, Firefox ESR and WebKitGTK (release build)"
"$ROOT/scripts/build.sh"
stage "release build"
# One file at a time: the uploads measure time and memory, and 2 cores are enough for one
# browser and its emulators. WebKitGTK's Xvfb is started (on a free display) and stopped by
# the tests themselves (e2e/engines.mjs).
EMULATOR_BIN="$ROOT/target/debug/panopto-emulator" node --test --test-concurrency=1 --test-reporter=tap e2e/ 2>&1 | tee target/e2e-tests.log
stage "end-to-end tests"

summary() { grep -E '^test result:' "$1" | awk '{p+=$4; f+=$6} END {print p+0, f+0}'; }
read -r hp hf < <(summary target/host-tests.log)
read -r wp wf < <(summary target/wasm-tests.log)
read -r fp ff < <(summary target/wasm-firefox-tests.log)
ep=$(sed -n 's/^# pass //p' target/e2e-tests.log); ef=$(sed -n 's/^# fail //p' target/e2e-tests.log)
# End-to-end tests per engine (the scenarios in every engine are named "[engine] …").
per_engine=$(for e in chromium firefox webkit; do
  printf '%s %s, ' "$e" "$(grep -cE "^ok [0-9]+ - \[$e\]" target/e2e-tests.log || true)"; done)
echo "== done in $(( $(date +%s) - start ))s: host $hp passed, browser $wp passed in Chrome and $fp in Firefox, end-to-end ${ep:-0} passed (of them in every engine: ${per_engine%, })"
echo "total: $((hp + wp + fp + ${ep:-0})) passed, $((hf + wf + ff + ${ef:-0})) failed"
