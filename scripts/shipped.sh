# Sourced by build.sh and package.sh: the files the element is made of, named once, and how
# the shipped build is made.

# `erase_components`: Leptos erases each component's view type (`AnyView`), so tachys'
# rendering is not compiled once per nested view type: 8.3 KiB gzip less. Only the shipped
# build; `wasm-pack test` builds the typed views (both are tested).
RELEASE_RUSTFLAGS="--cfg erase_components"
RELEASE_TOOLCHAIN=stable
RELEASE_CARGO_ARGS=()
RELEASE_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
# Where nightly can be had (scripts/setup.sh adds its rust-src and wasm32 target), the shipped
# build is made with a std built for it: panics abort at once, with no message formatting
# (`-Cpanic=immediate-abort`: a panic was already an abort in wasm32, now without the
# formatting code it kept), no caller locations, and std's size-optimised paths. 34.0 KiB
# gzip less at 396e731 (bench/results/weight-levers.md). Elsewhere stable builds the same
# code, heavier. Its own target dir, so the two toolchains do not rebuild each other's.
NIGHTLY_TOOLCHAIN=nightly
nightly_ready() {
  rustup run "$NIGHTLY_TOOLCHAIN" rustc --version >/dev/null 2>&1 \
    && rustup component list --toolchain "$NIGHTLY_TOOLCHAIN" --installed 2>/dev/null | grep -q '^rust-src' \
    && rustup target list --toolchain "$NIGHTLY_TOOLCHAIN" --installed 2>/dev/null | grep -qx wasm32-unknown-unknown
}
if [ "${PANOPTO_STABLE_BUILD:-}" != 1 ] && nightly_ready; then
  RELEASE_TOOLCHAIN=$NIGHTLY_TOOLCHAIN
  RELEASE_RUSTFLAGS="$RELEASE_RUSTFLAGS -Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none"
  RELEASE_CARGO_ARGS=(-Zbuild-std=std,panic_abort -Zbuild-std-features=optimize_for_size)
  RELEASE_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}/nightly"
fi
# BUILT: what wasm-pack writes to www/pkg (the glue and the wasm).
BUILT=(panopto-uploader-wasm.js panopto-uploader-wasm_bg.wasm)
# BESIDE: files of js/ that build.sh copies beside them (the entry point, its types, the
# sign-in callback page and the checksum worker).
BESIDE=(panopto-uploader.js panopto-uploader.d.ts oauth-callback.html oauth-callback.js checksum-worker.js)
# SNIPPETS: files of js/ the glue imports, which wasm-bindgen copies under snippets/.
SNIPPETS=(element.js checksums.js kept-files.js)
# lang/: each language but English (which is compiled in), fetched only by a page in it.
# build_langs builds each one's words (src/ui/i18n/lang/<code>.txt) into $1/lang/<code>.txt:
# a template a line, the comments, blank lines and each line's `Key => ` dropped (the tests
# make the same of them with src/ui/i18n/bundled.rs `built`).
build_langs() {
  rm -rf "$1/lang"
  mkdir -p "$1/lang"
  local f
  for f in "$ROOT"/src/ui/i18n/lang/*.txt; do
    sed -e '/^#/d' -e '/^$/d' -e 's/^[A-Za-z0-9]* => //' "$f" > "$1/lang/$(basename "$f")"
  done
}
# FROM_REPOSITORY: what the npm package adds from the repository.
FROM_REPOSITORY=(js/custom-elements.json LICENSE-MIT LICENSE-APACHE)

# The JS files of a build in $1 that the page loads: the glue, the entry point, the checksum
# worker and the snippets (not the sign-in callback, which only the popup loads).
shipped_js() {
  printf '%s\n' "$1/panopto-uploader-wasm.js" "$1/panopto-uploader.js" "$1/checksum-worker.js"
  find "$1/snippets" -name '*.js' | sort
}

# Minify the JS file $1 into $2 (the same file is fine).
minify() {
  esbuild "$1" --minify --log-level=error --allow-overwrite --outfile="$2"
}
