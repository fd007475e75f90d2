#!/usr/bin/env bash
# Builds the component for the browser into www/pkg (git-ignored): the wasm, its JS glue,
# the entry point panopto-uploader.js and the TypeScript declarations. `--dev` skips
# optimisation for a faster build.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
source "$ROOT/scripts/shipped.sh"
if [ "${1:-}" = "--dev" ]; then
  wasm-pack build --target web --dev --no-pack --out-dir www/pkg --out-name panopto-uploader-wasm
else
  echo "release build with Rust $RELEASE_TOOLCHAIN ($(rustup run "$RELEASE_TOOLCHAIN" rustc --version))"
  RUSTUP_TOOLCHAIN=$RELEASE_TOOLCHAIN CARGO_TARGET_DIR=$RELEASE_TARGET_DIR RUSTFLAGS="${RUSTFLAGS:-} $RELEASE_RUSTFLAGS" \
    wasm-pack build --target web --release --no-pack --out-dir www/pkg --out-name panopto-uploader-wasm \
    . ${RELEASE_CARGO_ARGS[@]+-- "${RELEASE_CARGO_ARGS[@]}"}
fi
profile=--release
[ "${1:-}" = "--dev" ] && profile=--dev
# The sign-in redirect page ships beside the entry point (the default `redirect-uri`), and so
# does the checksum worker (the entry point starts it from its own URL).
for f in "${BESIDE[@]}"; do
  cp "js/$f" www/pkg/
done
build_langs www/pkg
# The JS the page loads, minified (7.3 KiB gzip less; names of exports and the files'
# relative URLs are kept). scripts/package.sh compares against the same minification.
if [ "$profile" = --release ]; then
  for f in $(shipped_js www/pkg); do
    minify "$f" "$f"
  done
fi
rm -f www/pkg/.gitignore
echo "built www/pkg: $(du -h www/pkg/panopto-uploader-wasm_bg.wasm | cut -f1) wasm"
