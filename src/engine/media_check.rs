//! The media check of a file as it is added: the probe (`core/media`) says which byte ranges
//! it needs — the head, then wherever the boxes are (a `moov` behind a 4 GiB `mdat` is one
//! small read at the end) — and this reads them, a few MiB at most, never the whole file. A
//! caption file is checked by its first lines.

use super::ports::FileSource;
use crate::core::media::{caption_format, CaptionFormat, MediaReport, Probe};

/// What a caption check reads: its first lines are enough.
const CAPTION_HEAD: u64 = 4096;

/// The probe's report and how many bytes it read. A read that fails ends the check with
/// what was found (the upload will say what is wrong with reading the file).
pub async fn check_media(file: &dyn FileSource) -> (MediaReport, u64) {
    let mut probe = Probe::new(file.size());
    while let Some((start, len)) = probe.want() {
        match file.read(start, start.saturating_add(u64::from(len))).await {
            Ok(bytes) => probe.feed(start, &bytes),
            Err(_) => break,
        }
    }
    (probe.report(), probe.bytes_read())
}

/// SRT, VTT or DFXP, by the first lines; `None` when it is none of them (or unreadable).
pub async fn check_caption(file: &dyn FileSource) -> Option<CaptionFormat> {
    let head = file.read(0, CAPTION_HEAD.min(file.size())).await.ok()?;
    caption_format(&head)
}
