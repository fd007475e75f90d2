//! What the media check found of each file (`engine/media_check.rs`), and what the teacher
//! decided: the card's short line ("1 h 12 min · 1920×1080 · H.264"), its preview, and a
//! notice for a file that is not media, is damaged, or is not a caption file — with "Upload
//! anyway": the teacher decides. A file with such a concern does not start until they do;
//! one already started (auto-start, or a click faster than the check) is paused until then.
//! A format the check does not recognise is only said.
//! Checked: the queued file, its second video and its captions, each as it is added.

use super::common::FileId;
use crate::core::media::{CaptionFormat, Codec, Container, Damage, MediaReport};

/// A file's check.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Checked {
    /// A recording's (or a second video's): the report, and the bytes read for it.
    Media(MediaReport, u64),
    /// A caption file's format, if it is one.
    Caption(Option<CaptionFormat>),
}

/// What the browser could show of a video.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Preview {
    #[default]
    Waiting,
    /// A small frame about a tenth in, as a `data:` URL.
    Image(String),
    /// The browser cannot decode it (HEVC in Firefox, WMV anywhere): not an error.
    Unavailable,
}

/// What the browser found: a frame, and the duration where the container gave none.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Thumb {
    pub image: String,
    pub duration_ms: Option<u64>,
}

/// What is wrong with a file, for the card's notice.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Concern {
    /// It is not a recording: a PDF, an archive, an image…
    NotMedia(Container),
    Damaged(Damage),
    /// Not a format this page knows: Panopto may not take it either.
    Unrecognised,
    /// A caption file that is not SRT, VTT or DFXP.
    NotCaptions,
}

/// The card's short line.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MediaLine {
    pub duration_ms: Option<u64>,
    pub size: Option<(u32, u32)>,
    pub codec: Option<Codec>,
    pub bytes_read: u64,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Checks {
    /// One entry a file the page knows anything of: one `Vec` of one type, not three.
    entries: Vec<Entry>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Entry {
    file: FileId,
    checked: Option<Checked>,
    preview: Preview,
    /// The browser's duration, where it gave one.
    duration_ms: Option<u64>,
    /// The teacher said "Upload anyway".
    accepted: bool,
}

/// The concern a check raises, if any.
pub fn concern(checked: &Checked) -> Option<Concern> {
    match checked {
        Checked::Caption(Some(_)) => None,
        Checked::Caption(None) => Some(Concern::NotCaptions),
        Checked::Media(r, _) => match (&r.damage, &r.container) {
            (Some(d), _) => Some(Concern::Damaged(*d)),
            (None, Container::Unknown) => Some(Concern::Unrecognised),
            (None, c) if !c.is_media() => Some(Concern::NotMedia(*c)),
            (None, _) => None,
        },
    }
}

impl Checks {
    fn find(&self, file: FileId) -> Option<&Entry> {
        self.entries.iter().find(|e| e.file == file)
    }

    fn entry(&mut self, file: FileId) -> &mut Entry {
        let at = match self.entries.iter().position(|e| e.file == file) {
            Some(at) => at,
            None => {
                self.entries.push(Entry { file, ..Entry::default() });
                self.entries.len() - 1
            }
        };
        &mut self.entries[at]
    }

    pub fn found(&mut self, file: FileId, checked: Checked) {
        self.entry(file).checked = Some(checked);
    }

    pub fn get(&self, file: FileId) -> Option<&Checked> {
        self.find(file)?.checked.as_ref()
    }

    pub fn previewed(&mut self, file: FileId, thumb: Option<Thumb>) {
        let e = self.entry(file);
        (e.preview, e.duration_ms) = match thumb {
            Some(t) => (Preview::Image(t.image), t.duration_ms),
            None => (Preview::Unavailable, None),
        };
    }

    pub fn preview(&self, file: FileId) -> Preview {
        self.find(file).map(|e| e.preview.clone()).unwrap_or_default()
    }

    pub fn accept(&mut self, file: FileId) {
        self.entry(file).accepted = true;
    }

    pub fn accepted(&self, file: FileId) -> bool {
        self.find(file).is_some_and(|e| e.accepted)
    }

    /// The concerns of `files` (a card's file and its attachments), by file.
    pub fn concerns(&self, files: &[FileId]) -> Vec<(FileId, Concern)> {
        files.iter().filter_map(|f| Some((*f, concern(self.get(*f)?)?))).collect()
    }

    /// The card's file waits for the teacher: a concern, and no "Upload anyway" yet. A format
    /// the check does not know is said, but holds nothing: it may well be media Panopto takes
    /// (the sniffer knows the usual containers, not every one); a file known to be something
    /// else, damaged, or not captions does hold.
    pub fn holds(&self, card: FileId, files: &[FileId]) -> bool {
        !self.accepted(card) && self.concerns(files).iter().any(|(_, c)| *c != Concern::Unrecognised)
    }

    /// The short line of a checked recording (`None` while checking, or for no media).
    pub fn line(&self, file: FileId) -> Option<MediaLine> {
        let Some(Checked::Media(r, read)) = self.get(file) else { return None };
        if !r.container.is_media() {
            return None;
        }
        let browser = self.find(file).and_then(|e| e.duration_ms);
        let video = r.video.as_ref();
        let line = MediaLine {
            duration_ms: r.duration_ms.or(browser),
            size: video.and_then(|v| Some((v.width?, v.height?))),
            // Four spaces: the track's sample description was not read.
            codec: video.map(|v| v.codec).or(r.audio.as_ref().map(|a| a.codec)).filter(|c| c.0 != *b"    "),
            bytes_read: *read,
        };
        // Nothing known (a recording without its index): no line, the notice says why.
        (line.duration_ms.is_some() || line.size.is_some() || line.codec.is_some()).then_some(line)
    }

    /// The page let go of these files.
    pub fn forget(&mut self, files: &[FileId]) {
        self.entries.retain(|e| !files.contains(&e.file));
    }
}
