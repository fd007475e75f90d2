//! Matroska and WebM (EBML): which of the two (the header's DocType), and from the
//! segment's first elements the length (`Info`) and the tracks (`Tracks`), when they come
//! before the first cluster in the bytes read. Browsers' MediaRecorder writes no length.

use super::read::{clip, index};
use super::report::{AudioTrack, Codec, Container, MediaReport, VideoTrack};

const EBML: u32 = 0x1A45_DFA3;
const DOC_TYPE: u32 = 0x4282;
const SEGMENT: u32 = 0x1853_8067;
const INFO: u32 = 0x1549_A966;
const TIMESTAMP_SCALE: u32 = 0x2A_D7B1;
const DURATION: u32 = 0x4489;
const TRACKS: u32 = 0x1654_AE6B;
const TRACK_ENTRY: u32 = 0xAE;
const TRACK_TYPE: u32 = 0x83;
const CODEC_ID: u32 = 0x86;
const VIDEO: u32 = 0xE0;
const PIXEL_WIDTH: u32 = 0xB0;
const PIXEL_HEIGHT: u32 = 0xBA;
const CLUSTER: u32 = 0x1F43_B675;

/// An element: its id, and its body `at..end` in the bytes (`end` may lie past them).
#[derive(Clone, Copy)]
struct Element {
    id: u32,
    at: usize,
    end: usize,
}

/// A variable-length size at `at`: (value, length); an all-ones value ("unknown size",
/// what live recorders write) is `None`.
fn size(b: &[u8], at: usize) -> Option<(Option<u64>, usize)> {
    let first = *b.get(at)?;
    let len = index(u64::from(first.leading_zeros())) + 1;
    if len > 8 {
        return None;
    }
    let mut v = u64::from(first) & (0xFF >> len);
    for i in 1..len {
        v = v << 8 | u64::from(*b.get(at.checked_add(i)?)?);
    }
    Some(((v != (1 << (7 * len)) - 1).then_some(v), len))
}

/// The elements of `b[from..to]`, while their headers are in `b`. An element of unknown
/// size runs to `to`.
fn elements(b: &[u8], from: usize, to: usize) -> impl Iterator<Item = Element> + '_ {
    let mut pos = from;
    std::iter::from_fn(move || {
        if pos >= to {
            return None;
        }
        let first = *b.get(pos)?;
        // IDs keep their length marker and are 1 to 4 bytes long.
        let id_len = index(u64::from(first.leading_zeros())) + 1;
        let id = b.get(pos..pos.checked_add(id_len).filter(|_| id_len <= 4)?)?;
        let id = id.iter().fold(0u32, |v, byte| v << 8 | u32::from(*byte));
        let (len, len_len) = size(b, pos + id_len)?;
        let at = pos + id_len + len_len;
        let end = len.map_or(to, |len| at.saturating_add(index(len)));
        pos = end;
        Some(Element { id, at, end })
    })
}

fn body(b: &[u8], e: Element) -> &[u8] {
    clip(b, e.at, e.end)
}

fn uint(b: &[u8]) -> Option<u64> {
    (!b.is_empty() && b.len() <= 8).then(|| b.iter().fold(0u64, |v, byte| v << 8 | u64::from(*byte)))
}

fn float(b: &[u8]) -> Option<f64> {
    match b.len() {
        4 => Some(f64::from(f32::from_bits(u32::try_from(uint(b)?).ok()?))),
        8 => Some(f64::from_bits(uint(b)?)),
        _ => None,
    }
}

/// The report of a file starting with the EBML magic.
pub(super) fn matroska(head: &[u8]) -> MediaReport {
    let mut top = elements(head, 0, head.len());
    let Some(header) = top.next().filter(|e| e.id == EBML) else { return MediaReport::unknown() };
    let doc_type = elements(head, header.at, header.end).find(|e| e.id == DOC_TYPE);
    // DocType defaults to "matroska" when absent.
    let doc_type = doc_type.map_or(&b"matroska"[..], |e| body(head, e));
    let mut r = MediaReport::of(match doc_type.split(|c| *c == 0).next() {
        Some(b"webm") => Container::WebM,
        Some(b"matroska") => Container::Matroska,
        _ => return MediaReport::unknown(),
    });
    let Some(segment) = top.find(|e| e.id == SEGMENT) else { return r };
    for e in elements(head, segment.at, segment.end.min(head.len())) {
        match e.id {
            INFO => r.duration_ms = info(head, e),
            TRACKS => elements(head, e.at, e.end).filter(|t| t.id == TRACK_ENTRY).for_each(|t| track(&mut r, head, t)),
            CLUSTER => break,
            _ => {}
        }
    }
    r
}

/// The length: Duration is a float in TimestampScale units (nanoseconds each, 1 ms by
/// default).
fn info(b: &[u8], e: Element) -> Option<u64> {
    let mut scale = 1_000_000u64;
    let mut ticks = None;
    for child in elements(b, e.at, e.end) {
        match child.id {
            TIMESTAMP_SCALE => scale = uint(body(b, child)).unwrap_or(scale),
            DURATION => ticks = float(body(b, child)),
            _ => {}
        }
    }
    // Float arithmetic is fine here: `as` saturates, and NaN or negatives are refused first.
    let ms = ticks? * scale as f64 / 1e6;
    (ms.is_finite() && ms >= 0.5).then(|| ms.round() as u64)
}

fn track(r: &mut MediaReport, b: &[u8], entry: Element) {
    let (mut kind, mut codec_id, mut width, mut height) = (None, &b""[..], None, None);
    for child in elements(b, entry.at, entry.end) {
        match child.id {
            TRACK_TYPE => kind = uint(body(b, child)),
            CODEC_ID => codec_id = body(b, child),
            VIDEO => {
                for v in elements(b, child.at, child.end) {
                    let pixels = uint(body(b, v)).and_then(|n| u32::try_from(n).ok()).filter(|n| *n != 0);
                    match v.id {
                        PIXEL_WIDTH => width = pixels,
                        PIXEL_HEIGHT => height = pixels,
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    match kind {
        Some(1) if r.video.is_none() => r.video = Some(VideoTrack { codec: codec(codec_id), width, height }),
        Some(2) if r.audio.is_none() => r.audio = Some(AudioTrack { codec: codec(codec_id) }),
        _ => {}
    }
}

/// The codec a Matroska codec ID names; any other is kept as its first four letters after
/// the `V_`/`A_` prefix (`A_VORBIS` → `VORB`).
fn codec(id: &[u8]) -> Codec {
    match id {
        b"V_MPEG4/ISO/AVC" => Codec::H264,
        b"V_MPEGH/ISO/HEVC" => Codec::Hevc,
        b"V_AV1" => Codec::Av1,
        b"V_VP8" => Codec::Vp8,
        b"V_VP9" => Codec::Vp9,
        b"V_PRORES" => Codec::ProRes,
        b"A_MPEG/L3" => Codec::Mp3,
        b"A_OPUS" => Codec::Opus,
        b"A_AC3" => Codec::Ac3,
        b"A_EAC3" => Codec::Eac3,
        _ if id.starts_with(b"V_MPEG4/ISO/") => Codec::Mpeg4Visual,
        _ if id.starts_with(b"A_AAC") => Codec::Aac,
        _ if id.starts_with(b"A_PCM/") => Codec::Pcm,
        _ => {
            let mut code = [b' '; 4];
            code.iter_mut().zip(clip(id, 2, 6)).for_each(|(c, b)| *c = *b);
            Codec::other(code)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    /// An element with a one-byte size (bodies under 127 bytes) or, for `None`, unknown size.
    fn el(id: &[u8], body: &[u8], known: bool) -> Vec<u8> {
        let size = if known { 0x80 | body.len() as u8 } else { 0xFF };
        [id, &[size], body].concat()
    }

    fn header(doc_type: &[u8]) -> Vec<u8> {
        el(
            &[0x1A, 0x45, 0xDF, 0xA3],
            &[el(&[0x42, 0x86], &[1], true), el(&[0x42, 0x82], doc_type, true)].concat(),
            true,
        )
    }

    #[test]
    fn webm_from_a_browser_recording_has_tracks_but_no_length() {
        let video = el(&[0xE0], &[el(&[0xB0], &[0x05, 0x00], true), el(&[0xBA], &[0x02, 0xD0], true)].concat(), true);
        let v = el(&[0xAE], &[el(&[0x83], &[1], true), el(&[0x86], b"V_VP9", true), video].concat(), true);
        let a = el(&[0xAE], &[el(&[0x83], &[2], true), el(&[0x86], b"A_OPUS", true)].concat(), true);
        let tracks = el(&[0x16, 0x54, 0xAE, 0x6B], &[v, a].concat(), true);
        let cluster = el(&[0x1F, 0x43, 0xB6, 0x75], &[0xE7, 0x81, 0], false);
        let file = [header(b"webm"), el(&[0x18, 0x53, 0x80, 0x67], &[tracks, cluster].concat(), false)].concat();
        let r = matroska(&file);
        assert_eq!((r.container, r.duration_ms), (Container::WebM, None));
        assert_eq!(r.video, Some(VideoTrack { codec: Codec::Vp9, width: Some(1280), height: Some(720) }));
        assert_eq!(r.audio, Some(AudioTrack { codec: Codec::Opus }));
    }

    #[test]
    fn matroska_length_in_its_own_timestamp_scale() {
        let info = el(
            &[0x15, 0x49, 0xA9, 0x66],
            &[
                el(&[0x2A, 0xD7, 0xB1], &[0x0F, 0x42, 0x40], true),
                el(&[0x44, 0x89], &5_400_000f64.to_bits().to_be_bytes(), true),
            ]
            .concat(),
            true,
        );
        let file = [header(b"matroska\0"), el(&[0x18, 0x53, 0x80, 0x67], &info, true)].concat();
        assert_eq!(matroska(&file).duration_ms, Some(5_400_000));
        assert_eq!(matroska(&header(b"matroska")).container, Container::Matroska);
        assert_eq!(matroska(&header(b"other")).container, Container::Unknown);
        assert_eq!(matroska(&[0x1A, 0x45, 0xDF, 0xA3, 0x01]).container, Container::Unknown);
        assert_eq!(codec(b"A_VORBIS"), Codec::Other(*b"VORB"));
        assert_eq!(codec(b"X"), Codec::Other(*b"    "));
        assert_eq!(float(&f32::NAN.to_bits().to_be_bytes()).map(f64::is_nan), Some(true));
    }
}
