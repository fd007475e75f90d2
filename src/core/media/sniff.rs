//! Every file that is not ISO BMFF, told from its first bytes: the other video and sound
//! containers (which one only: their lengths come from the browser's preview, where it
//! decodes them), and the wrong files teachers pick (a PDF of the slides, the Word handout,
//! a photo, a text file) so the page can say what the file is rather than just "no".

use super::audio;
use super::read::{bytes, clip, le16, le32};
use super::report::{Container, ImageKind};

/// The ASF header object's GUID (WMV, WMA).
const ASF: [u8; 16] = [0x30, 0x26, 0xB2, 0x75, 0x8E, 0x66, 0xCF, 0x11, 0xA6, 0xD9, 0x00, 0xAA, 0x00, 0x62, 0xCE, 0x6C];

/// The container of the file whose first bytes are `head`.
pub(super) fn sniff(head: &[u8]) -> Container {
    let starts = |magic: &[u8]| head.starts_with(magic);
    if starts(b"RIFF") || starts(b"RF64") {
        riff(head)
    } else if starts(&ASF) {
        Container::Asf
    } else if starts(&[0x1A, 0x45, 0xDF, 0xA3]) {
        Container::Matroska
    } else if starts(&[0, 0, 1, 0xBA]) {
        Container::MpegPs
    } else if transport_stream(head) {
        Container::MpegTs
    } else if let Some(sound) = audio::audio(head) {
        sound
    } else if starts(b"%PDF-") {
        Container::Pdf
    } else if starts(b"PK\x03\x04") || starts(b"PK\x05\x06") {
        zip(head)
    } else if let Some(image) = image(head) {
        Container::Image(image)
    } else if text(head) {
        Container::Text
    } else {
        Container::Unknown
    }
}

/// RIFF (or RF64, WAV's 64-bit form): what it holds is the form type after the size.
fn riff(head: &[u8]) -> Container {
    match bytes::<4>(head, 8).as_ref() {
        Some(b"AVI ") => Container::Avi,
        Some(b"WAVE") => Container::Wav,
        Some(b"WEBP") => Container::Image(ImageKind::WebP),
        _ => Container::Unknown,
    }
}

/// MPEG-TS: a 0x47 sync byte every 188 bytes; M2TS (Blu-ray, AVCHD cameras) puts a 4-byte
/// timestamp before each packet, so every 192 from 4.
fn transport_stream(head: &[u8]) -> bool {
    let synced = |first: usize, step: usize| (0..3).all(|i| head.get(first + i * step) == Some(&0x47));
    synced(0, 188) || synced(4, 192)
}

/// A ZIP: Office and OpenDocument files are ZIPs, known by their entries' names. Walks the
/// local headers in the head while their sizes say where the next one is.
fn zip(head: &[u8]) -> Container {
    let mut at = 0usize;
    for n in 0..64 {
        if !clip(head, at, head.len()).starts_with(b"PK\x03\x04") {
            break;
        }
        let field = |offset: usize| at.checked_add(offset);
        let (Some(flags), Some(packed), Some(name_len), Some(extra_len)) = (
            field(6).and_then(|i| le16(head, i)),
            field(18).and_then(|i| le32(head, i)),
            field(26).and_then(|i| le16(head, i)),
            field(28).and_then(|i| le16(head, i)),
        ) else {
            break;
        };
        let name_at = at.saturating_add(30);
        let data_at = name_at.saturating_add(usize::from(name_len)).saturating_add(usize::from(extra_len));
        let name = clip(head, name_at, name_at.saturating_add(usize::from(name_len)));
        // ODF requires `mimetype`, stored, as the very first entry.
        if n == 0 && name == b"mimetype" && clip(head, data_at, head.len()).starts_with(b"application/vnd.oasis") {
            return Container::OpenDocument;
        }
        let office = [&b"word/"[..], b"ppt/", b"xl/"].iter().any(|dir| name.starts_with(dir));
        if office || name == b"[Content_Types].xml" {
            return Container::Office;
        }
        // Bit 3: the sizes come after the data, so the next header cannot be found.
        if flags & 8 != 0 {
            break;
        }
        at = data_at.saturating_add(usize::try_from(packed).unwrap_or(usize::MAX));
    }
    Container::Zip
}

fn image(head: &[u8]) -> Option<ImageKind> {
    let starts = |magic: &[u8]| head.starts_with(magic);
    if starts(&[0xFF, 0xD8, 0xFF]) {
        Some(ImageKind::Jpeg)
    } else if starts(&[0x89, b'P', b'N', b'G']) {
        Some(ImageKind::Png)
    } else if starts(b"GIF8") {
        Some(ImageKind::Gif)
    } else if starts(b"II*\0") || starts(b"MM\0*") {
        Some(ImageKind::Tiff)
    } else if bmp(head) {
        Some(ImageKind::Bmp)
    } else {
        None
    }
}

/// `BM` alone starts plenty of text; a BMP also has zeros where its reserved fields are and
/// one of the DIB header sizes that exist.
fn bmp(head: &[u8]) -> bool {
    head.starts_with(b"BM")
        && bytes::<4>(head, 6) == Some([0; 4])
        && matches!(le32(head, 14), Some(12 | 40 | 52 | 56 | 64 | 108 | 124))
}

/// Mostly printable UTF-8: at most one control character in a hundred (tabs and line
/// ends aside). A character cut at the end of the head is fine.
fn text(head: &[u8]) -> bool {
    let b = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let text = match std::str::from_utf8(b) {
        Ok(text) => text,
        Err(e) if e.error_len().is_none() => std::str::from_utf8(clip(b, 0, e.valid_up_to())).unwrap_or_default(),
        Err(_) => return false,
    };
    let odd = text.chars().filter(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0C')).count();
    !text.is_empty() && odd.saturating_mul(100) <= text.chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn container(head: &[u8]) -> Container {
        sniff(head)
    }

    fn entry(name: &[u8], data: &[u8], flags: u16) -> Vec<u8> {
        let mut h = vec![0u8; 30];
        h[..4].copy_from_slice(b"PK\x03\x04");
        h[6..8].copy_from_slice(&flags.to_le_bytes());
        h[18..22].copy_from_slice(&(data.len() as u32).to_le_bytes());
        h[26..28].copy_from_slice(&(name.len() as u16).to_le_bytes());
        [h, name.to_vec(), data.to_vec()].concat()
    }

    #[test]
    fn transport_streams_with_and_without_timestamps() {
        let mut ts = vec![0u8; 600];
        (0..3).for_each(|i| ts[i * 188] = 0x47);
        assert_eq!(container(&ts), Container::MpegTs);
        let mut m2ts = vec![0u8; 600];
        (0..3).for_each(|i| m2ts[4 + i * 192] = 0x47);
        assert_eq!(container(&m2ts), Container::MpegTs);
        assert_eq!(container(&ts[..300]), Container::Unknown, "two packets are not enough");
    }

    #[test]
    fn zips_office_and_opendocument() {
        let docx = [entry(b"[Content_Types].xml", b"<Types/>", 0), entry(b"word/document.xml", b"", 0)].concat();
        assert_eq!(container(&docx), Container::Office);
        let later = [entry(b"_rels/.rels", b"<x/>", 0), entry(b"ppt/slides/slide1.xml", b"", 0)].concat();
        assert_eq!(container(&later), Container::Office, "found past the first entry");
        let streamed = [entry(b"_rels/.rels", b"<x/>", 8), entry(b"xl/workbook.xml", b"", 0)].concat();
        assert_eq!(container(&streamed), Container::Zip, "sizes after the data: not followed");
        let odt = entry(b"mimetype", b"application/vnd.oasis.opendocument.text", 0);
        assert_eq!(container(&odt), Container::OpenDocument);
        assert_eq!(container(&entry(b"photos/a.jpg", b"\xFF\xD8", 0)), Container::Zip);
        assert_eq!(container(b"PK\x03\x04\x14\0"), Container::Zip);
    }

    #[test]
    fn images_and_documents() {
        assert_eq!(container(b"%PDF-1.7\n"), Container::Pdf);
        assert_eq!(container(&[0xFF, 0xD8, 0xFF, 0xE1]), Container::Image(ImageKind::Jpeg));
        assert_eq!(container(b"\x89PNG\r\n\x1a\n"), Container::Image(ImageKind::Png));
        assert_eq!(container(b"GIF89a"), Container::Image(ImageKind::Gif));
        assert_eq!(container(b"MM\0*\0\0\0\x08"), Container::Image(ImageKind::Tiff));
        let bmp = [&b"BM\x36\0\0\0\0\0\0\0\x36\0\0\0"[..], &40u32.to_le_bytes()].concat();
        assert_eq!(container(&bmp), Container::Image(ImageKind::Bmp));
        assert_eq!(container(b"BMW service notes\n"), Container::Text);
    }

    #[test]
    fn text_is_mostly_printable_utf8() {
        assert_eq!(container("\u{feff}Lecture notes: café ✓\r\n\tnext line".as_bytes()), Container::Text);
        let cut = "ééé".as_bytes();
        assert_eq!(container(&cut[..5]), Container::Text, "a character cut at the end of the head");
        assert_eq!(container(b"abc\0def"), Container::Unknown);
        assert_eq!(container(&[0xC3, 0x28, b'a']), Container::Unknown);
        assert_eq!(container(b""), Container::Unknown);
        assert_eq!(container(&ASF), Container::Asf);
        assert_eq!(container(&[0, 0, 1, 0xBA, 0x44]), Container::MpegPs);
    }

    #[test]
    fn riff_by_its_form_type() {
        assert_eq!(container(b"RIFF\0\0\0\0AVI LIST"), Container::Avi);
        assert_eq!(container(b"RF64\xff\xff\xff\xffWAVEds64"), Container::Wav);
        assert_eq!(container(b"RIFF\0\0\0\0WEBPVP8 "), Container::Image(ImageKind::WebP));
        assert_eq!(container(b"RIFF\0\0\0\0CDXA"), Container::Unknown);
        assert_eq!(container(b"RIFF\0\0"), Container::Unknown);
    }
}
