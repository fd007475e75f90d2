//! The browser side of the engine's ports: fetch, `File` slices, timers, the host page's
//! token, and DOM events. Everything that touches `web-sys` for the engine lives here.

pub mod auth_window;
pub mod bench;
pub mod blob_file;
pub mod checksum_worker;
pub mod clock;
pub mod create_upload;
pub mod events;
pub mod fetch_http;
pub mod idb_store;
pub mod kept_files;
pub mod preview;
pub mod sign_in_trip;
pub mod tokens;
pub mod transport;
pub mod web_crypto;
pub mod web_locks;
pub mod xhr_http;
