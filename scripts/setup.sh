#!/usr/bin/env bash
# Installs everything the build and tests need, idempotently: only what is missing or at
# the wrong version. A fresh machine has the Rust toolchain, Python, Node/npm and apt.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

# 1. The wasm target.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# 1b. rustfmt and clippy: the test command checks formatting and lints first.
for component in rustfmt clippy; do
  if ! rustup component list --installed | grep -q "^$component"; then
    say "adding rust component $component"
    rustup component add "$component"
  fi
done

# 1c. Nightly's std sources and wasm32 target, where a nightly toolchain is installed: the
#     shipped build then builds std for itself, leaner (scripts/shipped.sh). No nightly: the
#     release build is made with stable instead (heavier, the same behaviour).
if rustup run nightly rustc --version >/dev/null 2>&1; then
  if ! rustup component list --toolchain nightly --installed | grep -q '^rust-src'; then
    say "adding rust-src to $(rustup run nightly rustc --version)"
    rustup component add rust-src --toolchain nightly || say "no rust-src for nightly: release builds use stable"
  fi
  if ! rustup target list --toolchain nightly --installed | grep -qx wasm32-unknown-unknown; then
    say "adding wasm32-unknown-unknown to nightly"
    rustup target add wasm32-unknown-unknown --toolchain nightly || say "no wasm32 for nightly: release builds use stable"
  fi
else
  say "no nightly toolchain: release builds use stable (heavier, the same behaviour)"
fi

# 2. wasm-bindgen-cli at exactly the version Cargo.lock pins (wasm-pack refuses a mismatch
#    and would otherwise try to download a prebuilt one, which fails here).
want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$want" != "$have" ]; then
  say "installing wasm-bindgen-cli $want (have: ${have:-none}); this builds from source, a few minutes"
  # --locked can fail when a dependency in the published lock file has been yanked since.
  cargo install wasm-bindgen-cli --version "$want" --locked --force \
    || cargo install wasm-bindgen-cli --version "$want" --force
fi

# 3. wasm-pack.
if ! command -v wasm-pack >/dev/null; then
  say "installing wasm-pack from crates.io (a few minutes)"
  cargo install wasm-pack --locked || cargo install wasm-pack
fi

# 4. A current wasm-opt from npm's binaryen, and esbuild (the release build minifies the
#    shipped JS with it), local to the project.
if ! [ -x .tools/node_modules/.bin/wasm-opt ] || ! [ -x .tools/node_modules/.bin/esbuild ]; then
  say "installing wasm-opt (npm binaryen) and esbuild into .tools/"
  mkdir -p .tools
  npm install --prefix .tools --no-audit --no-fund --silent binaryen@132 esbuild@0.28.2 >/dev/null
fi

# 5. The end-to-end tests' npm packages (playwright-core drives Debian's Chromium; it never
#    downloads a browser), from the committed lock file. Firefox and WebKitGTK are driven over
#    plain W3C WebDriver (e2e/webdriver.mjs: fetch, no package).
if ! [ -d e2e/node_modules/playwright-core ] || ! [ -d e2e/node_modules/axe-core ]; then
  say "installing e2e packages (npm ci)"
  npm ci --prefix e2e --no-audit --no-fund --silent >/dev/null
fi

# 5b. geckodriver, pinned: `wasm-pack test --firefox` and the Firefox end-to-end runs use it.
#     Built from crates.io (a prebuilt download cannot be fetched here), about 4 minutes.
gecko=0.37.1
if [ "$(geckodriver --version 2>/dev/null | awk 'NR==1 {print $2}')" != "$gecko" ]; then
  say "installing geckodriver $gecko from crates.io (builds from source, a few minutes)"
  cargo install geckodriver --version "$gecko" --locked --force \
    || cargo install geckodriver --version "$gecko" --force
fi

# 6. Debian packages: Chromium and its driver for browser tests, xmllint for XSD checks; the
#    other two engines, without their recommends (fonts, GStreamer plugins, a desktop): Firefox
#    ESR, WebKitGTK's WebDriver (it brings WebKitGTK and its MiniBrowser), and Xvfb with xauth
#    as the display WebKitGTK needs (it has no headless mode); iproute2 for the live-progress
#    test's home link (e2e/home_link.sh: a network namespace with an uplink's kernel buffers).
#    nginx: the LMS-side relay to Panopto (relay/nginx.conf), run by e2e/nginx.mjs as our own
#    process with its own config in a temp dir; the package's service (apt may start it on
#    port 80 where there is no systemd) is never used or relied on.
missing=(); lean=()
for pkg in chromium chromium-driver libxml2-utils nginx; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
for pkg in firefox-esr webkit2gtk-driver xvfb xauth iproute2; do
  dpkg -s "$pkg" >/dev/null 2>&1 || lean+=("$pkg")
done
if [ $((${#missing[@]} + ${#lean[@]})) -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  if [ ${#missing[@]} -gt 0 ]; then
    say "apt-get install ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  if [ ${#lean[@]} -gt 0 ]; then
    say "apt-get install --no-install-recommends ${lean[*]}"
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${lean[@]}" >/dev/null
  fi
fi

say "ready: $(wasm-bindgen --version), $(wasm-pack --version), wasm-opt $(wasm-opt --version | awk '{print $3}'), $(geckodriver --version 2>/dev/null | sed -n 1p)"
say "browsers: $(chromium --version 2>/dev/null | head -1); $(firefox-esr --version 2>/dev/null | head -1); WebKitGTK $(dpkg-query -W -f '${Version}' libwebkit2gtk-4.1-0 2>/dev/null)"
