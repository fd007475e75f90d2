//! What a file is, checked before it is uploaded, by reading small parts of it (at most
//! [`BUDGET`] bytes, whatever its size): its container and, for MP4 and QuickTime, its
//! length, first video and sound tracks, and whether it is cut off or lacks its index. A
//! teacher hears "this is a PDF" or "this recording was never finished" before waiting for
//! gigabytes to upload.
//!
//! [`Probe`] asks for byte ranges and takes them, so the browser reads `File` slices and
//! the tests read memory. [`caption_format`] tells caption files apart.

mod audio;
mod bmff;
pub mod caption;
mod moov;
pub mod probe;
mod read;
pub mod report;
mod sniff;

pub use caption::{caption_format, CaptionFormat};
pub use probe::{probe_bytes, Probe, BUDGET};
pub use report::{AudioTrack, Codec, Container, Damage, ImageKind, MediaReport, VideoTrack};
