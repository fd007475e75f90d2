//! Sound-only files by their first bytes: MP3 (an ID3 tag or a frame header), AAC in ADTS
//! frames, FLAC and Ogg. Which container only: a sound file's length is not read.

use super::read::bytes;
use super::report::Container;

/// The sound container `head` starts, or `None` when it starts none.
pub(super) fn audio(head: &[u8]) -> Option<Container> {
    // Tags go before any stream: FLAC and ADTS files carry ID3 too.
    let (b, tagged) = match id3_len(head) {
        Some(skip) => (head.get(skip..).unwrap_or(&[]), true),
        None => (head, false),
    };
    if b.starts_with(b"fLaC") {
        Some(Container::Flac)
    } else if b.starts_with(b"OggS") {
        Some(Container::Ogg)
    } else if adts(b) {
        Some(Container::Aac)
    } else if tagged || mpeg_audio(b) {
        // An ID3 tag with anything else after it (or past the head) is an MP3's.
        Some(Container::Mp3)
    } else {
        None
    }
}

/// The length of an ID3v2 tag: 10 bytes, a "syncsafe" size (7 bits a byte), and a footer
/// of 10 more when flagged.
fn id3_len(head: &[u8]) -> Option<usize> {
    let h = bytes::<10>(head, 0).filter(|h| h.starts_with(b"ID3"))?;
    let size = h[6..10].iter().fold(0usize, |v, b| v << 7 | usize::from(b & 0x7F));
    let footer = if h[5] & 0x10 != 0 { 10 } else { 0 };
    Some(10 + size + footer)
}

/// An ADTS frame header: 12 sync bits, then layer 00 (what sets it apart from MP3), and a
/// sampling frequency index that exists.
fn adts(b: &[u8]) -> bool {
    matches!(bytes::<3>(b, 0), Some([0xFF, b1, b2]) if b1 & 0xF6 == 0xF0 && (b2 >> 2) & 0x0F < 13)
}

/// An MPEG audio frame header: 11 sync bits, no reserved version or layer, a usable
/// bitrate and sample rate.
fn mpeg_audio(b: &[u8]) -> bool {
    matches!(bytes::<3>(b, 0), Some([0xFF, b1, b2])
        if b1 & 0xE0 == 0xE0 && (b1 >> 3) & 3 != 1 && (b1 >> 1) & 3 != 0 && b2 >> 4 != 0xF && (b2 >> 2) & 3 != 3)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn mp3_aac_and_what_is_neither() {
        assert_eq!(audio(b"ID3\x04\0\0\0\0\0\0rest"), Some(Container::Mp3));
        assert_eq!(audio(&[0xFF, 0xFB, 0x90, 0x64]), Some(Container::Mp3), "MPEG-1 layer III");
        assert_eq!(audio(&[0xFF, 0xF1, 0x50, 0x80]), Some(Container::Aac));
        assert_eq!(audio(&[0xFF, 0xF9, 0x50, 0x80]), Some(Container::Aac));
        assert_eq!(audio(&[0xFF, 0xF1, 0x3C, 0x80]), None, "frequency index 15");
        assert_eq!(audio(&[0xFF, 0xE9, 0x90, 0x64]), None, "reserved version");
        assert_eq!(audio(&[0xFF, 0xFB, 0xF0, 0x64]), None, "bad bitrate");
        assert_eq!(audio(&[0xFF, 0xD8, 0xFF, 0xE0]), None, "a JPEG");
        assert_eq!(audio(b"ID3"), None, "too short to be a tag");
    }

    #[test]
    fn a_tag_in_front_of_aac_or_flac() {
        let tag = |rest: &[u8]| [&b"ID3\x04\0\0\0\0\0\x02ab"[..], rest].concat();
        assert_eq!(audio(&tag(&[0xFF, 0xF1, 0x50, 0x80])), Some(Container::Aac));
        assert_eq!(audio(&tag(b"fLaC")), Some(Container::Flac));
        assert_eq!(audio(b"ID3\x04\0\x10\x7f\x7f\x7f\x7f"), Some(Container::Mp3), "a tag past the head");
    }

    #[test]
    fn flac_and_ogg_by_their_magic() {
        assert_eq!(audio(b"fLaC\0\0\0\x22"), Some(Container::Flac));
        assert_eq!(audio(b"OggS\0\x02"), Some(Container::Ogg));
        assert_eq!(audio(b"Ogg"), None);
    }
}
