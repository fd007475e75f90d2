# Sourced by build.sh and package.sh: the files the element is made of, named once.
# BUILT: what wasm-pack writes to www/pkg (the glue and the wasm).
BUILT=(panopto-uploader-wasm.js panopto-uploader-wasm_bg.wasm)
# BESIDE: files of js/ that build.sh copies beside them (the entry point, its types, the
# sign-in callback page and the checksum worker).
BESIDE=(panopto-uploader.js panopto-uploader.d.ts oauth-callback.html oauth-callback.js checksum-worker.js)
# SNIPPETS: files of js/ the glue imports, which wasm-bindgen copies under snippets/.
SNIPPETS=(element.js checksums.js)
# FROM_REPOSITORY: what the npm package adds from the repository.
FROM_REPOSITORY=(js/custom-elements.json LICENSE-MIT LICENSE-APACHE)
