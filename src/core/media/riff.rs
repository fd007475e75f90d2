//! RIFF files: AVI (size, codecs and length from its header list), WAV (codec and length
//! from `fmt ` and `data`) and WebP (a photo). Everything needed is in the first bytes.

use super::read::{bytes, clip, index, le16, le32, millis};
use super::report::{AudioTrack, Codec, Container, ImageKind, MediaReport, VideoTrack};

/// A chunk: its id, declared size, and body (from offset `at` of the bytes given) as far
/// as those bytes go.
struct Chunk<'a> {
    id: [u8; 4],
    size: u32,
    at: usize,
    body: &'a [u8],
}

/// The chunks of `b` from offset `from` on, while their headers are in `b`.
fn chunks(b: &[u8], from: usize) -> impl Iterator<Item = Chunk<'_>> {
    let mut next = Some(from);
    std::iter::from_fn(move || {
        let at = next?;
        let (id, size) = (bytes::<4>(b, at)?, le32(b, at.checked_add(4)?)?);
        let body_at = at.checked_add(8)?;
        let end = body_at.saturating_add(index(u64::from(size)));
        // Chunks are padded to an even length.
        next = end.checked_add(end & 1);
        Some(Chunk { id, size, at: body_at, body: clip(b, body_at, end) })
    })
}

/// The first `LIST` of type `kind` among `b`'s chunks: its contents after the type.
fn list<'a>(b: &'a [u8], kind: &[u8; 4]) -> Option<&'a [u8]> {
    chunks(b, 0).find(|c| &c.id == b"LIST" && c.body.starts_with(kind)).map(|c| clip(c.body, 4, c.body.len()))
}

/// The report of a file starting `RIFF` (or `RF64`, WAV's 64-bit form).
pub(super) fn riff(head: &[u8], size: u64) -> MediaReport {
    match bytes::<4>(head, 8).as_ref() {
        Some(b"AVI ") => avi(clip(head, 12, head.len())),
        Some(b"WAVE") => wav(head, size),
        Some(b"WEBP") => MediaReport::of(Container::Image(ImageKind::WebP)),
        _ => MediaReport::of(Container::Unknown),
    }
}

fn avi(b: &[u8]) -> MediaReport {
    let mut r = MediaReport::of(Container::Avi);
    let Some(hdrl) = list(b, b"hdrl") else { return r };
    let avih = chunks(hdrl, 0).find(|c| &c.id == b"avih").map(|c| c.body).unwrap_or(&[]);
    let pixels = |at| le32(avih, at).filter(|v| *v != 0);
    // An AVI over 1 GB (OpenDML) counts only its first part's frames in `avih`; `dmlh`
    // counts them all.
    let all_frames = list(hdrl, b"odml").and_then(|odml| chunks(odml, 0).find(|c| &c.id == b"dmlh"));
    let frames = all_frames.and_then(|c| le32(c.body, 0)).or(le32(avih, 16));
    if let (Some(per_frame), Some(frames)) = (le32(avih, 0), frames) {
        // Microseconds per frame × frames, in milliseconds.
        r.duration_ms = millis(u64::from(per_frame) * u64::from(frames), 1_000_000).filter(|ms| *ms != 0);
    }
    for strl in chunks(hdrl, 0).filter(|c| &c.id == b"LIST" && c.body.starts_with(b"strl")) {
        let streams = clip(strl.body, 4, strl.body.len());
        let strh = chunks(streams, 0).find(|c| &c.id == b"strh").map(|c| c.body).unwrap_or(&[]);
        let strf = chunks(streams, 0).find(|c| &c.id == b"strf").map(|c| c.body).unwrap_or(&[]);
        match bytes::<4>(strh, 0).as_ref() {
            Some(b"vids") if r.video.is_none() => {
                // BITMAPINFOHEADER's compression is what decoders go by; the header's
                // handler is often a player's name.
                let code = bytes::<4>(strf, 16).or(bytes::<4>(strh, 4)).unwrap_or([0; 4]);
                r.video = Some(VideoTrack { codec: avi_codec(code), width: pixels(32), height: pixels(36) });
            }
            Some(b"auds") if r.audio.is_none() => {
                r.audio = Some(AudioTrack { codec: le16(strf, 0).map_or(Codec::Other(*b"    "), wave_codec) });
            }
            _ => {}
        }
    }
    r
}

/// The codec of an AVI video FourCC (in any case: files differ).
fn avi_codec(code: [u8; 4]) -> Codec {
    match &code.map(|c| c.to_ascii_uppercase()) {
        b"H264" | b"X264" | b"AVC1" | b"DAVC" => Codec::H264,
        b"HEVC" | b"H265" | b"HVC1" | b"X265" => Codec::Hevc,
        b"XVID" | b"DIVX" | b"DX50" | b"FMP4" | b"MP4V" | b"M4S2" | b"MP4S" => Codec::Mpeg4Visual,
        b"VP80" => Codec::Vp8,
        b"VP90" => Codec::Vp9,
        b"AV01" => Codec::Av1,
        b"APCN" | b"APCH" | b"APCS" | b"APCO" | b"AP4H" => Codec::ProRes,
        _ => Codec::other(code),
    }
}

/// The codec of a WAVE format tag (`WAVEFORMATEX.wFormatTag`).
fn wave_codec(tag: u16) -> Codec {
    match tag {
        // Integer, float, and "extensible" (which in practice holds PCM).
        0x0001 | 0x0003 | 0xFFFE => Codec::Pcm,
        0x0055 => Codec::Mp3,
        0x00FF | 0x1610 => Codec::Aac,
        0x2000 => Codec::Ac3,
        // In hex digits: printable, like every other code, since the UI may show it.
        _ => {
            let digit = |shift: u16| char::from_digit(u32::from(tag >> shift & 0xF), 16).map_or(b'?', |c| c as u8);
            Codec::Other([digit(12), digit(8), digit(4), digit(0)])
        }
    }
}

fn wav(head: &[u8], size: u64) -> MediaReport {
    let mut r = MediaReport::of(Container::Wav);
    let mut byte_rate = None;
    for c in chunks(head, 12) {
        match &c.id {
            b"fmt " => {
                r.audio = le16(c.body, 0).map(|tag| AudioTrack { codec: wave_codec(tag) });
                byte_rate = le32(c.body, 8);
            }
            b"data" => {
                let left = size.saturating_sub(c.at as u64);
                // Recorders still writing (or RF64 files) leave 0 or all ones here.
                let len = match u64::from(c.size) {
                    0 | 0xFFFF_FFFF => left,
                    n => n.min(left),
                };
                r.duration_ms = byte_rate.and_then(|rate| millis(len, u64::from(rate)));
                break;
            }
            _ => {}
        }
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn chunk(id: &[u8; 4], body: &[u8]) -> Vec<u8> {
        let pad: &[u8] = if body.len() % 2 == 1 { &[0] } else { &[] };
        [id, &(body.len() as u32).to_le_bytes()[..], body, pad].concat()
    }

    fn list(kind: &[u8; 4], parts: &[Vec<u8>]) -> Vec<u8> {
        chunk(b"LIST", &[&kind[..], &parts.concat()].concat())
    }

    fn avih(per_frame: u32, frames: u32, w: u32, h: u32) -> Vec<u8> {
        let mut b = vec![0u8; 56];
        b[0..4].copy_from_slice(&per_frame.to_le_bytes());
        b[16..20].copy_from_slice(&frames.to_le_bytes());
        b[32..36].copy_from_slice(&w.to_le_bytes());
        b[36..40].copy_from_slice(&h.to_le_bytes());
        chunk(b"avih", &b)
    }

    fn strl(kind: &[u8; 4], strf: &[u8]) -> Vec<u8> {
        list(b"strl", &[chunk(b"strh", &[&kind[..], b"xxxx", &[0; 48]].concat()), chunk(b"strf", strf)])
    }

    #[test]
    fn an_opendml_avi_counts_all_its_frames() {
        let bih = [&[0u8; 16][..], b"XVID", &[0; 20]].concat();
        let odml = list(b"odml", &[chunk(b"dmlh", &90_000u32.to_le_bytes())]);
        let hdrl =
            list(b"hdrl", &[avih(40_000, 1_000, 720, 576), strl(b"vids", &bih), strl(b"auds", &[0x55, 0]), odml]);
        let file = [&b"RIFF\0\0\0\0AVI "[..], &hdrl, &chunk(b"JUNK", &[0; 5])].concat();
        let r = riff(&file, 1 << 31);
        assert_eq!(r.container, Container::Avi);
        assert_eq!(r.duration_ms, Some(3_600_000), "90,000 frames of 40 ms, not 1,000");
        assert_eq!(r.video, Some(VideoTrack { codec: Codec::Mpeg4Visual, width: Some(720), height: Some(576) }));
        assert_eq!(r.audio, Some(AudioTrack { codec: Codec::Mp3 }));
    }

    #[test]
    fn wav_length_from_the_byte_rate_even_while_still_recording() {
        let fmt = [&1u16.to_le_bytes()[..], &2u16.to_le_bytes(), &48_000u32.to_le_bytes(), &192_000u32.to_le_bytes()]
            .concat();
        let file = |data_size: u32| {
            [&b"RIFF\0\0\0\0WAVE"[..], &chunk(b"fmt ", &fmt), b"data", &data_size.to_le_bytes()].concat()
        };
        let r = riff(&file(1_920_000), 1_000_000_000);
        assert_eq!((r.container, r.duration_ms), (Container::Wav, Some(10_000)));
        assert_eq!(r.audio, Some(AudioTrack { codec: Codec::Pcm }));
        let open = riff(&file(0xFFFF_FFFF), 44 + 384_000);
        assert_eq!(open.duration_ms, Some(2_000), "the rest of the file");
        assert_eq!(wave_codec(0x0161), Codec::Other(*b"0161"));
    }

    #[test]
    fn webp_other_forms_and_cut_headers() {
        assert_eq!(riff(b"RIFF\0\0\0\0WEBPVP8 ", 100).container, Container::Image(ImageKind::WebP));
        assert_eq!(riff(b"RIFF\0\0\0\0CDXA", 100).container, Container::Unknown);
        let cut = riff(b"RIFF\0\0\0\0AVI LIST\xff\xff\xff\xffhdrlavih", 1 << 40);
        assert_eq!((cut.container, cut.duration_ms, cut.video), (Container::Avi, None, None));
        assert_eq!(riff(b"RIFF\0\0\0\0WAVEfmt \x10\0", 100).duration_ms, None);
    }
}
