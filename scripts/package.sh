#!/usr/bin/env bash
# Packages <panopto-uploader> for npm: builds the release component (scripts/build.sh), stages
# the package in target/npm/panopto-uploader/ and packs it into
# target/npm/panopto-uploader-<version>.tgz. The tarball's path is the last line printed.
#   --reuse    stage the www/pkg already there when it is a release build of the current
#              sources, and build only otherwise (the tests' way: test.sh has just built
#              it, and a release build takes minutes)
#   --out DIR  stage and pack in DIR instead of target/npm
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"

reuse=0
out="$ROOT/target/npm"
while [ $# -gt 0 ]; do
  case "$1" in
    --reuse) reuse=1 ;;
    --out) out="$2"; shift ;;
    *) echo "usage: $0 [--reuse] [--out DIR]" >&2; exit 2 ;;
  esac
  shift
done
mkdir -p "$out"
out="$(cd "$out" && pwd)"
pkg="$ROOT/www/pkg"
wasm="$pkg/panopto-uploader-wasm_bg.wasm"
# What the package ships, named once (BUILT, BESIDE, SNIPPETS, FROM_REPOSITORY).
source "$ROOT/scripts/shipped.sh"

# A --dev build skips wasm-opt, which is what strips the wasm's `name` section (megabytes
# of function names): its presence tells a build that must not ship.
is_release() {
  node -e '
    const b = require("fs").readFileSync(process.argv[1]);
    let i = 8;
    const leb = () => { let r = 0, s = 0, x; do { x = b[i++]; r += (x & 127) * 2 ** s; s += 7; } while (x & 128); return r; };
    while (i < b.length) {
      const id = b[i++], size = leb(), end = i + size;
      if (id === 0) { const n = leb(); if (b.toString("latin1", i, i + n) === "name") process.exit(1); }
      i = end;
    }' "$1"
}

# www/pkg is current when cargo has nothing to rebuild since (it knows which sources the crate
# compiles: a file merely touched, or not yet part of the crate, does not count) and the JS
# files build.sh copies are the ones in js/.
fresh_release() {
  [ -f "$wasm" ] && is_release "$wasm" || return 1
  local f snippet
  # The build minifies what the page loads: compare with the sources minified the same way.
  local same tmp
  tmp=$(mktemp -d)
  same() {
    case "$2" in
      *.js) [ "$2" = "$pkg/oauth-callback.js" ] && cmp -s "$1" "$2" && return; minify "$1" "$tmp/min.js" && cmp -s "$tmp/min.js" "$2" ;;
      *) cmp -s "$1" "$2" ;;
    esac
  }
  for f in "${SNIPPETS[@]}"; do
    snippet=$(grep -o "snippets/[^'\"]*/js/${f//./\\.}" "$pkg/panopto-uploader-wasm.js" | head -1)
    [ -n "$snippet" ] && same "js/$f" "$pkg/$snippet" || { rm -rf "$tmp"; return 1; }
  done
  for f in "${BESIDE[@]}"; do
    same "js/$f" "$pkg/$f" || { rm -rf "$tmp"; return 1; }
  done
  build_langs "$tmp"
  diff -r "$tmp/lang" "$pkg/lang" >/dev/null || { rm -rf "$tmp"; return 1; }
  rm -rf "$tmp"
  RUSTUP_TOOLCHAIN=$RELEASE_TOOLCHAIN CARGO_TARGET_DIR=$RELEASE_TARGET_DIR RUSTFLAGS="${RUSTFLAGS:-} $RELEASE_RUSTFLAGS" \
    cargo build --lib --release --target wasm32-unknown-unknown --quiet ${RELEASE_CARGO_ARGS[@]+"${RELEASE_CARGO_ARGS[@]}"} || return 1
  [ ! "$RELEASE_TARGET_DIR/wasm32-unknown-unknown/release/panopto_uploader.wasm" -nt "$wasm" ]
}

if [ "$reuse" = 1 ] && fresh_release; then
  echo "[package] reusing www/pkg: a release build of the current sources"
else
  [ "$reuse" = 1 ] && echo "[package] www/pkg is missing, a --dev build, or older than the sources: building"
  "$ROOT/scripts/build.sh"
  is_release "$wasm" || { echo "[package] $wasm is not optimised" >&2; exit 1; }
fi

stage="$out/panopto-uploader"
rm -rf "$stage"
mkdir -p "$stage"
for f in "${BUILT[@]}" "${BESIDE[@]}"; do
  cp "$pkg/$f" "$stage/"
done
cp -r "$pkg/lang" "$stage/"
# Only the snippet directory the glue imports: www/pkg/snippets may hold older ones. The
# relative layout matters: element.js finds oauth-callback.html at ../../../ from itself.
snippets=$(grep -o "snippets/[^'\"]*\.js" "$pkg/panopto-uploader-wasm.js" | sort -u)
[ -n "$snippets" ] || { echo "[package] the glue imports no snippet: has wasm-bindgen changed its layout?" >&2; exit 1; }
for s in $snippets; do
  mkdir -p "$stage/$(dirname "$s")"
  cp "$pkg/$s" "$stage/$s"
done
cp "${FROM_REPOSITORY[@]}" "$stage/"

# The package README: how to take the files from npm, then the repository README's
# Embedding section as it is (one source for the element's documentation).
embedding=$(awk '/^## Embedding$/ { on = 1; print; next } on && /^## / { exit } on' README.md)
[ -n "$embedding" ] || { echo "[package] README.md has no '## Embedding' section" >&2; exit 1; }
cat > "$stage/README.md" <<'EOF'
# panopto-uploader

`<panopto-uploader>` is a web component (Rust compiled to WebAssembly, no framework, no
dependencies) that uploads lecture recordings from the browser straight to a Panopto folder:
S3 multipart upload, a UCS manifest and Panopto's `sessionUpload` REST API, driven with a token
the host page provides or the teacher's own Panopto sign-in. It also adds recordings to existing
sessions (StreamUpload) and speaks Panda's resumable upload protocol (`protocol="panda"`).

## Install and serve

```sh
npm install panopto-uploader
```

The package is a folder of static files whose URLs are all relative to each other. Serve
`node_modules/panopto-uploader/` as it is (copy it to your static files, or map a URL to it)
and load the entry point, which defines the element:

```html
<script type="module" src="/static/panopto-uploader/panopto-uploader.js"></script>
```

or with an import map, `import 'panopto-uploader'` from your own modules:

```html
<script type="importmap">
  { "imports": { "panopto-uploader": "/static/panopto-uploader/panopto-uploader.js" } }
</script>
```

- `panopto-uploader.js` fetches `panopto-uploader-wasm_bg.wasm` from beside itself: serve
  `.wasm` as `application/wasm`.
- `oauth-callback.html` and `oauth-callback.js` are the sign-in redirect page: the default
  `redirect-uri` is that page beside `panopto-uploader.js`, so it must be served from the same
  folder, on the embedding page's origin. Register its URL on your Panopto API client (a
  JavaScript Web Application, Panopto's client type for a page; `oauth-flow="code"` for a
  client that takes codes with PKCE).
- Bundlers: the default `redirect-uri` and the wasm's URL are computed from the modules' own
  URLs. Keep the package's files together (serve them as above, outside the bundle), or set
  `redirect-uri` to wherever you serve `oauth-callback.html`.
- TypeScript: the package's types (`panopto-uploader.d.ts`) put `'panopto-uploader'` in
  `HTMLElementTagNameMap`, so `document.querySelector('panopto-uploader')` is typed, with its
  event map; `import type { PanoptoUploaderElement } from 'panopto-uploader'` names the class
  (a type only: at run time it is `customElements.get('panopto-uploader')`).
- `checksum-worker.js` computes each part's CRC-32 off the page's main thread: serve it beside
  `panopto-uploader.js` (a CSP needs `worker-src` for it; without it the page computes the
  checksums itself).
- `lang/` holds the words of each language but English (which is in the wasm): a page whose
  element has `lang="fr"` fetches `lang/fr.txt` from beside `panopto-uploader.js` (5 KiB
  gzip) before showing the element. Serve the folder with the rest; without it the element
  speaks English (and the console says why).
- `custom-elements.json`: the Custom Elements Manifest (attributes, properties, methods,
  events, CSS parts and custom properties) for editors and documentation tools.

Licence: MIT OR Apache-2.0 (`LICENSE-MIT`, `LICENSE-APACHE`).

The rest of this README is the repository README's Embedding section: where it says
`scripts/build.sh` writes the files to serve into `www/pkg/`, those are this package's files.

EOF
printf '%s\n' "$embedding" >> "$stage/README.md"

# package.json: the version, description and repository are Cargo.toml's.
cargo_field() { awk -F'"' -v k="$1" '/^\[/ { p = ($0 == "[package]") } p && $0 ~ "^" k " *=" { print $2; exit }' Cargo.toml; }
# "files": what was staged above (npm adds package.json and README.md itself).
VERSION=$(cargo_field version) DESCRIPTION=$(cargo_field description) REPOSITORY=$(cargo_field repository) \
  node -e '
    const e = process.env;
    const pkg = {
      name: "panopto-uploader",
      version: e.VERSION,
      description: e.DESCRIPTION,
      license: "MIT OR Apache-2.0",
      repository: { type: "git", url: e.REPOSITORY },
      keywords: ["panopto", "upload", "web-component", "custom-element", "webassembly", "s3-multipart", "resumable-upload", "lms", "lecture-capture"],
      type: "module",
      main: "./panopto-uploader.js",
      types: "./panopto-uploader.d.ts",
      exports: {
        ".": { types: "./panopto-uploader.d.ts", default: "./panopto-uploader.js" },
        "./oauth-callback.html": "./oauth-callback.html",
        "./oauth-callback.js": "./oauth-callback.js",
        "./custom-elements.json": "./custom-elements.json",
        "./package.json": "./package.json",
      },
      customElements: "custom-elements.json",
      // Importing the entry defines <panopto-uploader>: a bundler must not drop it.
      sideEffects: ["./panopto-uploader.js"],
      files: require("fs").readdirSync(require("path").dirname(process.argv[1]))
        .filter((f) => f !== "README.md").map((f) => (f === "snippets" ? "snippets/" : f)).sort(),
    };
    require("fs").writeFileSync(process.argv[1], JSON.stringify(pkg, null, 2) + "\n");
  ' "$stage/package.json"

rm -f "$out"/panopto-uploader-*.tgz
(cd "$stage" && npm pack --json --pack-destination "$out" > "$out/pack.json")
node -e '
  const [p] = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  for (const f of p.files) console.log(`  ${String(f.size).padStart(8)}  ${f.path}`);
  console.log(`[package] ${p.filename}: ${p.files.length} files, ${(p.size / 1024).toFixed(0)} KiB packed, ${(p.unpackedSize / 1024).toFixed(0)} KiB unpacked`);
' "$out/pack.json"
echo "$out/$(node -p 'require(process.argv[1])[0].filename' "$out/pack.json")"
