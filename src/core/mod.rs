//! The pure-Rust protocol core. Nothing in here touches the browser: every function takes
//! its inputs (bytes, times, strings) as values, so the whole upload protocol is testable
//! on the host in milliseconds and behaves identically once compiled to wasm.

pub mod amz_date;
pub mod checksum;
pub mod json;
pub mod media;
pub mod oauth;
pub mod object_name;
pub mod panda;
pub mod panopto_rest;
pub mod part_plan;
pub mod redact;
pub mod relay;
pub mod s3;
pub mod sigv4;
pub mod ucs_manifest;
pub mod upload_target;
pub mod uri_encode;
pub mod url_policy;
