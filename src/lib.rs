//! `<panopto-uploader>`: upload lecture recordings to Panopto straight from the browser.
//!
//! The crate is split the way the design asks for, each layer using only those before it:
//! - [`core`]: the functional core (SigV4, S3 operations as build + parse, the UploadTarget
//!   rule, part planning, the UCS manifest, the Panopto REST types);
//! - [`engine`]: the upload logic behind ports (retries, pause, resume, the protocol flows);
//! - [`item`]: one queued file's state machine (what the teacher and the page see);
//! - `browser`: the ports in the browser (fetch, `File` slices, timers, IndexedDB);
//! - [`ui`]: the message catalogue and configuration, and the Leptos view that reads state
//!   and sends commands;
//! - `element`: the custom element, which carries out the state machine's effects.
//!
//! Everything up to `item` (and `ui`'s catalogue and configuration) has no `web-sys`, runs
//! under plain `cargo test` on the host and is compiled unchanged to wasm.

// S3Error carries the server's whole answer (code, message, request id, server time); errors are
// the cold path, so boxing them would only add noise.
#![allow(clippy::result_large_err)]

pub mod core;
pub mod engine;
pub mod item;
pub mod page;
pub mod text;
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
