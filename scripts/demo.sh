#!/usr/bin/env bash
# The demo: builds the component into www/pkg, starts panopto-emulator serving www/ and
# the Panopto API on one origin, and prints the URL. Ctrl-C stops it.
# PORT (default 8080) and DATA_DIR (default target/demo-data) can be set.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
"$ROOT/scripts/setup.sh"
"$ROOT/scripts/build.sh"
cargo build --release -p panopto-emulator
port="${PORT:-8080}"
echo
echo "Demo: open http://127.0.0.1:$port/ (token dev-token, folder 3f8c2a71-9d4e-4b6a-8c15-7e2f0a9d4b31)"
echo "      or http://127.0.0.1:$port/?client-id=demo-page to sign in as a teacher and choose the folder"
echo "      (demo-pkce with &oauth-flow=code; &sign-in=redirect to sign in without a popup)"
echo
# demo-page: a JavaScript Web Application client (Panopto's browser type: the implicit flow);
# demo-pkce: a client that takes codes with PKCE. Both come back to the callback in www/pkg.
callback="http://127.0.0.1:$port/pkg/oauth-callback.html"
exec ./target/release/panopto-emulator --listen "127.0.0.1:$port" --www www --data-dir "${DATA_DIR:-target/demo-data}" \
  --oauth-implicit-client "demo-page=$callback" --oauth-client "demo-pkce=$callback"
