//! S3 multipart upload, as Panopto's upload endpoint speaks it: request builders that
//! produce fully signed [`S3Request`]s, and parsers for the XML that comes back.
//!
//! One file per S3 operation. Builders take the time as a value and never do I/O: the
//! browser shell sends what they return, and calls them again (re-signing) for a retry.

pub mod abort_multipart_upload;
pub mod complete_multipart_upload;
pub mod create_multipart_upload;
pub mod error;
pub mod head_object;
pub mod list_parts;
pub mod parts_collector;
pub mod request;
pub mod upload_part;
pub mod xml;

pub use error::{S3Code, S3Error, S3Oddity};
pub use parts_collector::{CompletedPart, PartsCollector, PartsError};
pub use request::{S3Auth, S3Body, S3Object, S3Request};
