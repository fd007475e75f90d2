//! The upload engine: pure Rust, driven through the ports in [`ports`]. The browser shell
//! supplies fetch, file slices and timers; host tests supply a scripted fake.

pub mod context;
pub mod control;
pub mod error;
pub mod fingerprint;
pub mod list_parts;
pub mod memory_file;
pub mod multipart;
pub mod ports;
pub mod progress;
pub mod rest_call;
pub mod retry;
pub mod saved_upload;
pub mod session;
pub mod slots;
pub mod stall;
pub mod throttle;
