//! Sound-only files by their first bytes: MP3 (an ID3 tag or a frame header), AAC in ADTS
//! frames, FLAC (with its length from STREAMINFO) and Ogg (its first packet names the
//! codec).

use super::read::{be64, bytes, millis};
use super::report::{AudioTrack, Codec, Container, MediaReport, VideoTrack};

/// The report of a sound file `head` starts, or `None` when it starts none.
pub(super) fn audio(head: &[u8]) -> Option<MediaReport> {
    if let Some(skip) = id3_len(head) {
        // Tags go before any stream: FLAC and ADTS files carry ID3 too.
        let rest = head.get(skip..).unwrap_or(&[]);
        return Some(if rest.starts_with(b"fLaC") {
            flac(rest)
        } else if adts(rest) {
            sound(Container::Aac, Codec::Aac)
        } else {
            sound(Container::Mp3, Codec::Mp3)
        });
    }
    if head.starts_with(b"fLaC") {
        Some(flac(head))
    } else if head.starts_with(b"OggS") {
        Some(ogg(head))
    } else if adts(head) {
        Some(sound(Container::Aac, Codec::Aac))
    } else if mpeg_audio(head) {
        Some(sound(Container::Mp3, Codec::Mp3))
    } else {
        None
    }
}

fn sound(container: Container, codec: Codec) -> MediaReport {
    MediaReport { audio: Some(AudioTrack { codec }), ..MediaReport::of(container) }
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

/// FLAC: STREAMINFO is always the first metadata block; its sample rate (20 bits) and
/// total samples (36 bits) give the length.
fn flac(b: &[u8]) -> MediaReport {
    let mut r = sound(Container::Flac, Codec::Other(*b"fLaC"));
    if b.get(4).map(|t| t & 0x7F) == Some(0) {
        if let Some(v) = be64(b, 18) {
            r.duration_ms = millis(v & ((1 << 36) - 1), v >> 44).filter(|ms| *ms != 0);
        }
    }
    r
}

/// Ogg: the first page's first packet says what the stream holds.
fn ogg(b: &[u8]) -> MediaReport {
    let mut r = MediaReport::of(Container::Ogg);
    let segments = b.get(26).map_or(0, |n| usize::from(*n));
    let packet = b.get(27 + segments..).unwrap_or(&[]);
    let audio = |codec| Some(AudioTrack { codec });
    if packet.starts_with(b"OpusHead") {
        r.audio = audio(Codec::Opus);
    } else if packet.starts_with(b"\x01vorbis") {
        r.audio = audio(Codec::Other(*b"vorb"));
    } else if packet.starts_with(b"\x7FFLAC") {
        r.audio = audio(Codec::Other(*b"fLaC"));
    } else if packet.starts_with(b"\x80theora") {
        r.video = Some(VideoTrack { codec: Codec::Other(*b"theo"), width: None, height: None });
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn container(b: &[u8]) -> Option<Container> {
        audio(b).map(|r| r.container)
    }

    #[test]
    fn mp3_aac_and_what_is_neither() {
        assert_eq!(container(b"ID3\x04\0\0\0\0\0\0rest"), Some(Container::Mp3));
        assert_eq!(container(&[0xFF, 0xFB, 0x90, 0x64]), Some(Container::Mp3), "MPEG-1 layer III");
        assert_eq!(container(&[0xFF, 0xF1, 0x50, 0x80]), Some(Container::Aac));
        assert_eq!(container(&[0xFF, 0xF9, 0x50, 0x80]), Some(Container::Aac));
        assert_eq!(container(&[0xFF, 0xF1, 0x3C, 0x80]), None, "frequency index 15");
        assert_eq!(container(&[0xFF, 0xE9, 0x90, 0x64]), None, "reserved version");
        assert_eq!(container(&[0xFF, 0xFB, 0xF0, 0x64]), None, "bad bitrate");
        assert_eq!(container(&[0xFF, 0xD8, 0xFF, 0xE0]), None, "a JPEG");
        assert_eq!(container(b"ID3"), None, "too short to be a tag");
    }

    #[test]
    fn a_tag_in_front_of_aac_or_flac() {
        let tag = |rest: &[u8]| [&b"ID3\x04\0\0\0\0\0\x02ab"[..], rest].concat();
        assert_eq!(container(&tag(&[0xFF, 0xF1, 0x50, 0x80])), Some(Container::Aac));
        assert_eq!(container(&tag(b"fLaC")), Some(Container::Flac));
        assert_eq!(container(b"ID3\x04\0\x10\x7f\x7f\x7f\x7f"), Some(Container::Mp3), "a tag past the head");
    }

    #[test]
    fn flac_length_from_streaminfo() {
        // 44.1 kHz, 2 channels, 16 bits, 441,000 samples: 10 s.
        let v: u64 = 44_100 << 44 | 1 << 41 | 15 << 36 | 441_000;
        let file = [&b"fLaC\0\0\0\x22"[..], &[0; 10], &v.to_be_bytes(), &[0; 16]].concat();
        let r = audio(&file).unwrap();
        assert_eq!((r.container, r.duration_ms), (Container::Flac, Some(10_000)));
        assert_eq!(audio(&file[..20]).unwrap().duration_ms, None);
        let zero_rate = [&b"fLaC\0\0\0\x22"[..], &[0; 10], &441_000u64.to_be_bytes()].concat();
        assert_eq!(audio(&zero_rate).unwrap().duration_ms, None);
    }

    #[test]
    fn ogg_names_its_codec_in_the_first_packet() {
        let page = |packet: &[u8]| [&b"OggS\0\x02"[..], &[0; 20], &[1, packet.len() as u8], packet].concat();
        assert_eq!(audio(&page(b"OpusHead\x01\x02")).unwrap().audio, Some(AudioTrack { codec: Codec::Opus }));
        assert_eq!(audio(&page(b"\x01vorbis\0")).unwrap().audio, Some(AudioTrack { codec: Codec::Other(*b"vorb") }));
        assert!(audio(&page(b"\x80theora")).unwrap().video.is_some());
        let cut = audio(b"OggS\0\x02").unwrap();
        assert_eq!((cut.container, cut.audio), (Container::Ogg, None));
    }
}
