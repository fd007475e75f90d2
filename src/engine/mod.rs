//! The upload engine: pure Rust, driven through the ports in [`ports`]. The browser shell
//! supplies fetch, file slices, timers, tokens and storage; host tests supply a scripted
//! fake and a virtual clock.
//!
//! A run: [`runner`] (fingerprint, restore, save) around a [`flow::UploadFlow`] —
//! [`session`] for Panopto's sessionUpload — which talks to Panopto through
//! [`panopto_client`] and to S3 through [`s3_client`] and [`multipart`]; every request goes
//! out through [`context`] (retries, pause, stalls, throttling).

pub mod auth;
pub mod context;
pub mod control;
pub mod error;
pub mod fingerprint;
pub mod flow;
mod flow_json;
pub mod journal;
pub mod media_check;
pub mod memory_file;
pub mod multipart;
pub mod panda;
pub mod panopto_captions;
pub mod panopto_catalog;
pub mod panopto_client;
pub mod panopto_poll;
pub mod part_sums;
pub mod ports;
pub mod progress;
pub mod progress_pace;
pub mod progress_report;
pub mod reconcile;
pub mod record;
pub mod relayed_http;
pub mod retry;
pub mod runner;
pub mod s3_client;
pub mod saved_upload;
pub mod saver;
pub mod session;
pub mod slots;
pub mod stall;
pub mod stream;
pub mod tab_lock;
pub mod throttle;
pub mod upload_record;
