//! The media check in words on a card: the short line ("1 h 12 min · 1920×1080 · H.264",
//! unit symbols and codec names being the same in every language the element speaks) and
//! each concern as a notice in the element's language.

use super::i18n::{t, Msg};
use crate::core::media::{Codec, Container, Damage};
use crate::page::media::{Concern, MediaLine};
use crate::text::Lang;

/// "1 h 12 min", "4 min 05 s", "12 s".
pub fn duration(ms: u64) -> String {
    let s = ms / 1000;
    match (s / 3600, s / 60 % 60, s % 60) {
        (0, 0, s) => format!("{s} s"),
        (0, m, s) => format!("{m} min {s:02} s"),
        (h, m, _) => format!("{h} h {m:02} min"),
    }
}

pub fn codec(c: &Codec) -> String {
    let name = match c {
        Codec::H264 => "H.264",
        Codec::Hevc => "HEVC",
        Codec::Av1 => "AV1",
        Codec::Vp8 => "VP8",
        Codec::Vp9 => "VP9",
        Codec::Mpeg4Visual => "MPEG-4",
        Codec::ProRes => "ProRes",
        Codec::Aac => "AAC",
        Codec::Mp3 => "MP3",
        Codec::Opus => "Opus",
        Codec::Ac3 => "AC-3",
        Codec::Eac3 => "E-AC-3",
        Codec::Pcm => "PCM",
        // A four-character code as it is, trimmed of padding.
        Codec::Other(fourcc) => return String::from_utf8_lossy(fourcc).trim().to_string(),
    };
    name.to_string()
}

/// The card's line: what is known, joined with " · ".
pub fn line(l: &MediaLine) -> String {
    let parts = [l.duration_ms.map(duration), l.size.map(|(w, h)| format!("{w}×{h}")), l.codec.as_ref().map(codec)];
    parts.into_iter().flatten().collect::<Vec<_>>().join(" · ")
}

/// A concern about `name`, as the card says it.
pub fn concern(lang: Lang, name: &str, c: &Concern) -> String {
    match c {
        Concern::NotMedia(container) => {
            let what = match container {
                Container::Pdf => Msg::KindPdf,
                Container::Zip => Msg::KindZip,
                Container::Office => Msg::KindOffice,
                Container::OpenDocument => Msg::KindOpenDocument,
                Container::Image(_) => Msg::KindImage,
                Container::Text => Msg::KindText,
                _ => return t(lang, Msg::Unrecognised(name)),
            };
            t(lang, Msg::NotMedia(name, &t(lang, what)))
        }
        Concern::Damaged(Damage::NoIndex) => t(lang, Msg::NoIndex(name)),
        Concern::Damaged(Damage::Truncated { .. }) => t(lang, Msg::Truncated(name)),
        Concern::Damaged(Damage::Malformed { .. }) => t(lang, Msg::Malformed(name)),
        Concern::Unrecognised => t(lang, Msg::Unrecognised(name)),
        Concern::NotCaptions => t(lang, Msg::NotCaptions(name)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn lines_as_the_card_shows_them() {
        assert_eq!(duration(4_320_000), "1 h 12 min");
        assert_eq!(duration(245_400), "4 min 05 s");
        assert_eq!(duration(12_900), "12 s");
        let l = MediaLine {
            duration_ms: Some(4_320_000),
            size: Some((1920, 1080)),
            codec: Some(Codec::H264),
            bytes_read: 0,
        };
        assert_eq!(line(&l), "1 h 12 min · 1920×1080 · H.264");
        assert_eq!(line(&MediaLine { codec: Some(Codec::Other(*b"apcn")), ..MediaLine::default() }), "apcn");
        let said = concern(Lang::En, "slides.mp4", &Concern::NotMedia(Container::Pdf));
        assert_eq!(said, "slides.mp4 is a PDF document, not a recording: Panopto cannot process it.");
    }
}
