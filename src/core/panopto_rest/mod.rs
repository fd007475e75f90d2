//! Panopto's public REST API as the uploader speaks it: the `sessionUpload` and `upload`
//! (StreamUpload) objects, the requests that create, finish, poll and cancel them, and the
//! classification of Panopto's answers.
//!
//! Quirks worth knowing (from Panopto's SessionUploadExample `README.md` and `REST/*.cs`,
//! and upload-python-sample `simplest/panopto_uploader.py`):
//! - Paths live under `/Panopto/PublicAPI/REST/` (not `/Services/…`, not `PublicAPISSL`).
//! - Field names are PascalCase, with the odd `ID`, `MessageID`, `SessionID` spellings.
//! - Enums travel as integers. Finishing an upload is a PUT of the **whole object as
//!   received**, with `State: 1`; unknown fields are kept so that they are echoed back.
//! - Terminal states are {2, 4, 5, 7, 8}; polling only for 4 (as the Python sample
//!   does) loops forever on a failed upload.

pub mod captions;
pub mod error;
pub mod request;
pub mod server;
pub mod types;
pub mod v1;

pub use error::{parse_response, IdKind, Invalid, RestError, RestErrorKind, RestSaid};
pub use request::RestRequest;
pub use server::PanoptoServer;
pub use types::{is_guid, SessionUpload, StreamType, StreamUpload, UploadStatus};
