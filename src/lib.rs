//! `<panopto-uploader>`: upload lecture recordings to Panopto straight from the browser.
//!
//! The crate is split the way the design asks for: [`core`] is the functional core (SigV4,
//! S3 multipart request building and XML parsing, the UploadTarget rule, part planning, the
//! UCS manifest and the Panopto REST types). It has no `web-sys`, runs under plain
//! `cargo test` on the host and is compiled unchanged to wasm. The browser shell (fetch,
//! File slices, the Leptos UI and the custom element) lives outside it and only adapts.

// S3Error carries the server's whole answer (code, message, request id, server time); errors are
// the cold path, so boxing them would only add noise.
#![allow(clippy::result_large_err)]

pub mod core;
pub mod engine;
pub mod ui;

#[cfg(target_arch = "wasm32")]
pub mod browser;
#[cfg(target_arch = "wasm32")]
pub mod element;

/// Defines `<panopto-uploader>` as soon as the module is initialised.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen(start)]
pub fn start() {
    element::register();
}

#[cfg(all(test, target_arch = "wasm32"))]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
