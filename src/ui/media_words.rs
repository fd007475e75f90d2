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

/// The names of the codecs recordings are made with, by sample entry code (a table, not a
/// match: the same in less code). Any other code is shown as it is.
const CODECS: [(&[u8; 4], &str); 31] = [
    (b"avc1", "H.264"),
    (b"avc2", "H.264"),
    (b"avc3", "H.264"),
    (b"avc4", "H.264"),
    (b"hvc1", "HEVC"),
    (b"hev1", "HEVC"),
    (b"av01", "AV1"),
    (b"vp08", "VP8"),
    (b"vp09", "VP9"),
    (b"mp4v", "MPEG-4"),
    (b"apcn", "ProRes"),
    (b"apch", "ProRes"),
    (b"apcs", "ProRes"),
    (b"apco", "ProRes"),
    (b"ap4h", "ProRes"),
    (b"ap4x", "ProRes"),
    (b"mp4a", "AAC"),
    (b".mp3", "MP3"),
    (b"Opus", "Opus"),
    (b"ac-3", "AC-3"),
    (b"ec-3", "E-AC-3"),
    (b"lpcm", "PCM"),
    (b"sowt", "PCM"),
    (b"twos", "PCM"),
    (b"in24", "PCM"),
    (b"in32", "PCM"),
    (b"fl32", "PCM"),
    (b"fl64", "PCM"),
    (b"raw ", "PCM"),
    (b"ipcm", "PCM"),
    (b"fpcm", "PCM"),
];

pub fn codec(c: Codec) -> String {
    if let Some((_, name)) = CODECS.iter().find(|(code, _)| **code == c.0) {
        return (*name).to_string();
    }
    // The code comes from an unknown file: printable, without its padding.
    let printable = |b: u8| if b.is_ascii_graphic() { char::from(b) } else { '?' };
    c.0.iter().filter(|b| **b != b' ').map(|b| printable(*b)).collect()
}

/// The card's line: what is known, joined with " · ".
pub fn line(l: &MediaLine) -> String {
    let mut out = String::new();
    let mut part = |s: &str| {
        if !out.is_empty() {
            out.push_str(" · ");
        }
        out.push_str(s);
    };
    if let Some(ms) = l.duration_ms {
        part(&duration(ms));
    }
    if let Some((w, h)) = l.size {
        part(&format!("{w}×{h}"));
    }
    if let Some(c) = l.codec {
        part(&codec(c));
    }
    out
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
            codec: Some(Codec(*b"avc1")),
            bytes_read: 0,
        };
        assert_eq!(line(&l), "1 h 12 min · 1920×1080 · H.264");
        assert_eq!(line(&MediaLine { codec: Some(Codec(*b"apcn")), ..MediaLine::default() }), "ProRes");
        assert_eq!(line(&MediaLine { codec: Some(Codec(*b"Xvid")), ..MediaLine::default() }), "Xvid");
        assert_eq!(line(&MediaLine { codec: Some(Codec([0, b'a', 0xC3, b' '])), ..MediaLine::default() }), "?a?");
        let said = concern(Lang::En, "slides.mp4", &Concern::NotMedia(Container::Pdf));
        assert_eq!(said, "slides.mp4 is a PDF document, not a recording: Panopto cannot process it.");
    }
}
