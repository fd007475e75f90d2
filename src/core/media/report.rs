//! What the probe learnt about a file, as values only: the UI words them in the teacher's
//! language, so nothing here is text for people.

/// An image format: what a teacher picked by mistake instead of a recording.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImageKind {
    Jpeg,
    Png,
    Gif,
    /// HEIC/HEIF (phones' photos): an ISO BMFF file, but a still image.
    Heif,
    Avif,
    WebP,
    Tiff,
    Bmp,
}

/// The file's format, from its first bytes (and, for MP4, its box structure).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Container {
    /// ISO BMFF with an `ftyp` box: MP4, M4V, M4A, 3GP; `brand` is the major brand.
    Mp4 {
        brand: [u8; 4],
    },
    /// QuickTime: an `ftyp` of brand `qt  `, or the old layout with no `ftyp` at all.
    QuickTime,
    Avi,
    Asf,
    MpegPs,
    MpegTs,
    /// Matroska or WebM (WebM is Matroska with fewer codecs): both are EBML.
    Matroska,
    Mp3,
    Flac,
    Ogg,
    Aac,
    Wav,
    Pdf,
    Zip,
    Office,
    OpenDocument,
    Image(ImageKind),
    Text,
    Unknown,
}

impl Container {
    /// A container of video or audio (whether Panopto takes this one is the caller's rule).
    pub fn is_media(&self) -> bool {
        matches!(
            self,
            Container::Mp4 { .. }
                | Container::QuickTime
                | Container::Avi
                | Container::Asf
                | Container::MpegPs
                | Container::MpegTs
                | Container::Matroska
                | Container::Mp3
                | Container::Flac
                | Container::Ogg
                | Container::Aac
                | Container::Wav
        )
    }

    /// Whether this container usually holds only sound, when its tracks are not known.
    fn audio_only(&self) -> bool {
        match self {
            Container::Mp3 | Container::Flac | Container::Ogg | Container::Aac | Container::Wav => true,
            // iTunes' audio brands (M4A, M4B audiobooks, M4P protected).
            Container::Mp4 { brand } => matches!(brand, b"M4A " | b"M4B " | b"M4P "),
            _ => false,
        }
    }
}

/// A codec: the four-character code of an MP4 track's first sample entry (`avc1`, `hvc1`,
/// `mp4a`…), as found: it comes from an unknown file, so the UI makes it printable. Four
/// spaces: a track whose sample description was not read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Codec(pub [u8; 4]);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VideoTrack {
    pub codec: Codec,
    /// Display size in pixels, when the file says.
    pub width: Option<u32>,
    pub height: Option<u32>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AudioTrack {
    pub codec: Codec,
}

/// Why a file will not play as it is, found without reading it whole.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Damage {
    /// Media data but no index (`moov`): the recorder stopped before writing it.
    NoIndex,
    /// A box runs past the end of the file: the file was cut off at or after `at`.
    Truncated { at: u64 },
    /// A structure at `at` cannot be what it claims (a size smaller than its header, or
    /// children that do not fit their parent).
    Malformed { at: u64 },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MediaReport {
    pub container: Container,
    pub duration_ms: Option<u64>,
    /// The first video track.
    pub video: Option<VideoTrack>,
    /// The first audio track.
    pub audio: Option<AudioTrack>,
    pub damage: Option<Damage>,
}

impl MediaReport {
    /// Nothing known yet: what a probe reports before its first read.
    pub fn unknown() -> MediaReport {
        MediaReport::of(Container::Unknown)
    }

    pub fn of(container: Container) -> MediaReport {
        MediaReport { container, duration_ms: None, video: None, audio: None, damage: None }
    }

    pub fn is_media(&self) -> bool {
        self.container.is_media()
    }

    /// A recording with pictures: a video track was found, or (when the tracks could not be
    /// read) the container is one that normally carries video.
    pub fn is_video(&self) -> bool {
        if !self.is_media() {
            return false;
        }
        if self.video.is_some() {
            return true;
        }
        self.audio.is_none() && !self.container.audio_only()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn media_containers_and_wrong_files() {
        assert!(Container::Mp4 { brand: *b"isom" }.is_media());
        assert!(Container::Wav.is_media() && Container::Asf.is_media());
        for wrong in [Container::Pdf, Container::Office, Container::Image(ImageKind::Heif), Container::Text] {
            assert!(!wrong.is_media(), "{wrong:?}");
            assert!(!MediaReport::of(wrong).is_video());
        }
    }

    #[test]
    fn video_when_a_video_track_was_found_or_the_container_usually_has_one() {
        let mut r = MediaReport::of(Container::Mp4 { brand: *b"isom" });
        assert!(r.is_video(), "tracks unknown: an MP4 is taken for a video");
        r.audio = Some(AudioTrack { codec: Codec(*b"mp4a") });
        assert!(!r.is_video(), "only sound was found");
        r.video = Some(VideoTrack { codec: Codec(*b"avc1"), width: Some(1920), height: Some(1080) });
        assert!(r.is_video());
        assert!(!MediaReport::of(Container::Mp4 { brand: *b"M4A " }).is_video());
        assert!(!MediaReport::of(Container::Mp3).is_video());
        assert!(MediaReport::of(Container::Mp3).is_media());
        assert!(MediaReport::of(Container::Matroska).is_video());
    }
}
