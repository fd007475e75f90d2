# Sourced by the other scripts: puts the project's tools first on PATH.
# wasm-opt must be npm's binaryen (Debian's binaryen 108 emits wasm Chrome cannot load),
# so .tools/node_modules/.bin comes before /usr/bin.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$ROOT/.tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
