#!/usr/bin/env bash
# Builds the component for the browser into www/pkg (git-ignored): the wasm, its JS glue,
# the entry point panopto-uploader.js and the TypeScript declarations. `--dev` skips
# optimisation for a faster build.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
profile=--release
[ "${1:-}" = "--dev" ] && profile=--dev
wasm-pack build --target web "$profile" --no-pack --out-dir www/pkg --out-name panopto-uploader-wasm
# The sign-in redirect page ships beside the entry point (the default `redirect-uri`), and so
# does the checksum worker (the entry point starts it from its own URL).
source "$ROOT/scripts/shipped.sh"
for f in "${BESIDE[@]}"; do
  cp "js/$f" www/pkg/
done
rm -f www/pkg/.gitignore
echo "built www/pkg: $(du -h www/pkg/panopto-uploader-wasm_bg.wasm | cut -f1) wasm"
