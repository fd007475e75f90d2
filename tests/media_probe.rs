//! The media probe over files built here: MP4s laid out as recorders and editors write them
//! (index first, index last behind a huge `mdat`, 64-bit sizes, fragments), damaged ones,
//! the other containers and the wrong files teachers pick. Big files are sparse: only the
//! boxes are stored, zeros elsewhere, and every read the probe asks for is recorded.
#![cfg(not(target_arch = "wasm32"))]

use panopto_uploader::core::media::{
    caption_format, probe_bytes, AudioTrack, CaptionFormat, Codec, Container, Damage, ImageKind, MediaReport, Probe,
    VideoTrack, BUDGET,
};

const MIB: u64 = 1024 * 1024;

fn bx(kind: &[u8; 4], body: &[u8]) -> Vec<u8> {
    [&(8 + body.len() as u32).to_be_bytes()[..], kind, body].concat()
}

/// A full box: version and flags, then the body.
fn full(kind: &[u8; 4], version: u8, body: &[u8]) -> Vec<u8> {
    bx(kind, &[&[version, 0, 0, 0][..], body].concat())
}

fn ftyp(major: &[u8; 4], compatible: &[&[u8; 4]]) -> Vec<u8> {
    bx(b"ftyp", &[&major[..], &[0, 0, 2, 0], &compatible.iter().flat_map(|b| b.to_vec()).collect::<Vec<u8>>()].concat())
}

fn mvhd(version: u8, timescale: u32, duration: u64) -> Vec<u8> {
    let times = match version {
        0 => [&[0; 8][..], &timescale.to_be_bytes(), &(duration as u32).to_be_bytes()].concat(),
        _ => [&[0; 16][..], &timescale.to_be_bytes(), &duration.to_be_bytes()].concat(),
    };
    full(b"mvhd", version, &[times, vec![0; 80]].concat())
}

fn avc1(width: u16, height: u16) -> Vec<u8> {
    let avcc = bx(b"avcC", &[1, 0x64, 0, 0x28, 0xFF, 0xE1, 0, 4, 0x67, 0x64, 0, 0x28, 1, 0, 4, 0x68, 0xEE, 0x3C, 0x80]);
    let fields = [&[0u8; 6][..], &[0, 1], &[0; 16], &width.to_be_bytes(), &height.to_be_bytes()].concat();
    let rest = [&[0, 0x48, 0, 0, 0, 0x48, 0, 0, 0, 0, 0, 0, 0, 1][..], &[0; 32], &[0, 0x18, 0xFF, 0xFF]].concat();
    bx(b"avc1", &[fields, rest, avcc].concat())
}

fn mp4a() -> Vec<u8> {
    let fields =
        [&[0u8; 6][..], &[0, 1], &[0; 8], &[0, 2, 0, 16, 0, 0, 0, 0], &(44_100u32 << 16).to_be_bytes()].concat();
    bx(b"mp4a", &[fields, full(b"esds", 0, &[3, 25, 0, 1, 0, 4, 17, 0x40, 0x15, 0, 0, 0])].concat())
}

/// A track: `samples` makes its sample tables (`stts`, `stsz`, `stco`) about 8 bytes a sample.
fn trak(handler: &[u8; 4], entry: Vec<u8>, size: (u32, u32), samples: u32) -> Vec<u8> {
    let tkhd =
        full(b"tkhd", 0, &[&[0u8; 72][..], &(size.0 << 16).to_be_bytes(), &(size.1 << 16).to_be_bytes()].concat());
    let hdlr = full(b"hdlr", 0, &[&[0u8; 4][..], handler, &[0; 12], b"Handler\0"].concat());
    let count = samples.to_be_bytes();
    let stsd = full(b"stsd", 0, &[&1u32.to_be_bytes()[..], &entry].concat());
    let stts = full(b"stts", 0, &[&1u32.to_be_bytes()[..], &count, &1001u32.to_be_bytes()].concat());
    let stsz = full(b"stsz", 0, &[&[0u8; 4][..], &count, &vec![0x11; 4 * samples as usize]].concat());
    let stco = full(b"stco", 0, &[&count[..], &vec![0x22; 4 * samples as usize]].concat());
    let stbl = bx(b"stbl", &[stsd, stts, stsz, stco].concat());
    let minf = bx(b"minf", &[full(b"vmhd", 0, &[0; 8]), bx(b"dinf", &full(b"dref", 0, &[0; 4])), stbl].concat());
    bx(b"trak", &[tkhd, bx(b"mdia", &[full(b"mdhd", 0, &[0; 20]), hdlr, minf].concat())].concat())
}

/// An hour-long index: H.264 1920×1080 then AAC, with sample tables of the sizes asked.
fn moov(mvhd: Vec<u8>, video_samples: u32, audio_samples: u32, more: &[u8]) -> Vec<u8> {
    let video = trak(b"vide", avc1(1920, 1080), (1920, 1080), video_samples);
    let audio = trak(b"soun", mp4a(), (0, 0), audio_samples);
    bx(b"moov", &[mvhd, video, audio, bx(b"udta", &[0; 40]), more.to_vec()].concat())
}

fn hour() -> Vec<u8> {
    mvhd(0, 1000, 3_600_000)
}

/// A file of `size` bytes holding `parts` (zeros elsewhere), and the reads made of it.
struct Sparse {
    size: u64,
    parts: Vec<(u64, Vec<u8>)>,
    end: u64,
    /// Where the `mdat`s' contents are: no read may touch them.
    media: Vec<(u64, u64)>,
}

impl Sparse {
    fn new() -> Sparse {
        Sparse { size: 0, parts: Vec::new(), end: 0, media: Vec::new() }
    }

    fn put(mut self, bytes: Vec<u8>) -> Sparse {
        self.end += bytes.len() as u64;
        self.parts.push((self.end - bytes.len() as u64, bytes));
        self.size = self.end;
        self
    }

    /// An `mdat` of `len` bytes in all (a 64-bit size past 4 GiB), holding nothing stored.
    fn mdat(self, len: u64) -> Sparse {
        let header = match u32::try_from(len) {
            Ok(len) => [&len.to_be_bytes()[..], b"mdat"].concat(),
            Err(_) => [&1u32.to_be_bytes()[..], b"mdat", &len.to_be_bytes()].concat(),
        };
        let at = self.end;
        let mut s = self.put(header);
        // Reading a box header takes 16 bytes (room for a 64-bit size): the contents start after.
        s.media.push((at + 16, at + len));
        s.end = at + len;
        s.size = s.end;
        s
    }

    fn read(&self, start: u64, len: u32) -> Vec<u8> {
        let end = (start + len as u64).min(self.size);
        let mut out = vec![0; (end - start) as usize];
        for (at, bytes) in &self.parts {
            let (from, to) = (start.max(*at), end.min(at + bytes.len() as u64));
            if from < to {
                out[(from - start) as usize..(to - start) as usize]
                    .copy_from_slice(&bytes[(from - at) as usize..(to - at) as usize]);
            }
        }
        out
    }

    /// Probes the file, checking every read: within the file, at most 1 MiB, never inside
    /// an `mdat` past the head, within the budget in all. Returns the report and the bytes read.
    fn probe(&self) -> (MediaReport, u64) {
        let mut p = Probe::new(self.size);
        while let Some((start, len)) = p.want() {
            assert!(len as u64 <= MIB && start + len as u64 <= self.size, "{start} + {len}");
            // The head (the first 64 KiB, whatever they hold) is the one read that may.
            for (from, to) in self.media.iter().filter(|_| start != 0) {
                assert!(start + len as u64 <= *from || start >= *to, "read {start}+{len} inside mdat {from}..{to}");
            }
            p.feed(start, &self.read(start, len));
        }
        assert!(p.bytes_read() <= BUDGET);
        (p.report(), p.bytes_read())
    }
}

fn hd_h264_aac(container: Container, duration_ms: u64) -> MediaReport {
    MediaReport {
        container,
        duration_ms: Some(duration_ms),
        video: Some(VideoTrack { codec: Codec(*b"avc1"), width: Some(1920), height: Some(1080) }),
        audio: Some(AudioTrack { codec: Codec(*b"mp4a") }),
        damage: None,
    }
}

fn isom() -> Vec<u8> {
    ftyp(b"isom", &[b"isom", b"iso2", b"avc1", b"mp41"])
}

#[test]
fn faststart_mp4_reads_the_index_and_no_sample_table_past_it() {
    // 300 KiB of sample tables: the index is bigger than its first read.
    let index = moov(hour(), 25_000, 12_000, &[]);
    assert!(index.len() > 256 * 1024);
    let file = Sparse::new().put(isom()).put(index.clone()).mdat(10 * MIB);
    let (report, read) = file.probe();
    assert_eq!(report, hd_h264_aac(Container::Mp4 { brand: *b"isom" }, 3_600_000));
    assert!(read < 64 * 1024 + 256 * 1024 + 16 * 1024 + 100, "{read}");
    println!("faststart MP4 ({} bytes): {read} bytes read", file.size);
    // The same file in memory, with its media.
    let whole = [isom(), index, bx(b"mdat", &[7; 5000])].concat();
    assert_eq!(probe_bytes(&whole), hd_h264_aac(Container::Mp4 { brand: *b"isom" }, 3_600_000));
}

#[test]
fn index_at_the_end_behind_50_mib_of_media_is_found_by_hopping() {
    let file = Sparse::new().put(isom()).mdat(50 * MIB).put(moov(hour(), 25_000, 12_000, &[]));
    let (report, read) = file.probe();
    assert_eq!(report, hd_h264_aac(Container::Mp4 { brand: *b"isom" }, 3_600_000));
    assert!(read < 400 * 1024, "{read} bytes read: far under the 4 MiB budget");
}

#[test]
fn a_64_bit_mdat_of_4_gib_then_the_index() {
    let file = Sparse::new().put(ftyp(b"mp42", &[b"mp42", b"isom"])).mdat(4 * 1024 * MIB + 12_345);
    let file = file.put(moov(mvhd(1, 90_000, 90_000 * 5_400), 25_000, 12_000, &[]));
    assert!(file.size > u32::MAX as u64);
    let (report, read) = file.probe();
    assert_eq!(report, hd_h264_aac(Container::Mp4 { brand: *b"mp42" }, 5_400_000));
    println!("moov after a 4 GiB mdat ({} bytes): {read} bytes read", file.size);
}

#[test]
fn a_second_track_past_the_first_read_is_still_found_with_few_bytes() {
    // The video track alone is 800 KiB: the sound track starts far past the first 256 KiB.
    let file = Sparse::new().put(isom()).mdat(20 * MIB).put(moov(mvhd(1, 600, 600 * 90), 100_000, 2_000, &[]));
    let (report, read) = file.probe();
    assert_eq!(report, hd_h264_aac(Container::Mp4 { brand: *b"isom" }, 90_000));
    assert!(read < 64 * 1024 + 256 * 1024 + 2 * 16 * 1024 + 64, "{read}");
}

#[test]
fn media_without_an_index_is_a_recording_never_finished() {
    let (report, _) = Sparse::new().put(isom()).mdat(5 * MIB).probe();
    assert_eq!((&report.container, &report.damage), (&Container::Mp4 { brand: *b"isom" }, &Some(Damage::NoIndex)));
    assert!(report.is_media() && report.is_video());
    // Old QuickTime, no ftyp: `wide`, then an `mdat` whose size was never written, reserved
    // space after it.
    let qt = [bx(b"wide", &[]), [&0u32.to_be_bytes()[..], b"mdat"].concat(), vec![9; 3000]].concat();
    assert_eq!((probe_bytes(&qt).container, probe_bytes(&qt).damage), (Container::QuickTime, Some(Damage::NoIndex)));
    let reserved = [isom(), bx(b"mdat", &[1; 100]), vec![0; 5000]].concat();
    assert_eq!(probe_bytes(&reserved).damage, Some(Damage::NoIndex));
}

#[test]
fn a_box_past_the_end_of_the_file_is_a_cut_off_file() {
    let head = [isom(), moov(hour(), 100, 100, &[])].concat();
    let mut file = Sparse::new().put(head.clone()).mdat(10 * MIB);
    file.size -= 3 * MIB;
    let (report, _) = file.probe();
    assert_eq!(report.damage, Some(Damage::Truncated { at: head.len() as u64 }));
    assert_eq!(report.video.map(|v| v.codec), Some(Codec(*b"avc1")), "what is there is still read");
    // Cut inside the index: the tracks before the cut are still known.
    let whole = [isom(), moov(hour(), 30_000, 100, &[])].concat();
    let cut = probe_bytes(&whole[..200_000]);
    assert_eq!(cut.damage, Some(Damage::Truncated { at: isom().len() as u64 }));
    assert_eq!((cut.duration_ms, cut.video.is_some()), (Some(3_600_000), true));
}

#[test]
fn sizes_that_cannot_be_are_malformed() {
    let three = [isom(), 3u32.to_be_bytes().to_vec(), b"free".to_vec(), vec![0; 100]].concat();
    assert_eq!(probe_bytes(&three).damage, Some(Damage::Malformed { at: isom().len() as u64 }));
    let not_a_box = [isom(), 16u32.to_be_bytes().to_vec(), vec![0xC3; 12]].concat();
    assert_eq!(probe_bytes(&not_a_box).damage, Some(Damage::Malformed { at: isom().len() as u64 }));
    // Inside the index: a child smaller than its header.
    let inside = [isom(), bx(b"moov", &[hour(), 4u32.to_be_bytes().to_vec(), vec![0; 20]].concat())].concat();
    let at = isom().len() as u64 + 8 + hour().len() as u64;
    assert_eq!(probe_bytes(&inside).damage, Some(Damage::Malformed { at }));
    let broken_mvhd = [isom(), bx(b"moov", &full(b"mvhd", 0, &[0; 6]))].concat();
    assert!(matches!(probe_bytes(&broken_mvhd).damage, Some(Damage::Malformed { .. })));
}

#[test]
fn fragmented_mp4_has_its_index_first_and_is_whole() {
    let mvex = bx(b"mvex", &[full(b"mehd", 0, &1_800_000u32.to_be_bytes()), full(b"trex", 0, &[0; 20])].concat());
    let index = moov(mvhd(0, 1000, 0), 0, 0, &mvex);
    let mut file = [ftyp(b"iso5", &[b"iso5", b"iso6", b"mp41"]), index].concat();
    for n in 0u32..3 {
        file.extend(bx(b"moof", &[full(b"mfhd", 0, &n.to_be_bytes()), bx(b"traf", &[0; 64])].concat()));
        file.extend(bx(b"mdat", &[5; 2000]));
    }
    let report = probe_bytes(&file);
    assert_eq!(report, hd_h264_aac(Container::Mp4 { brand: *b"iso5" }, 1_800_000));
}

#[test]
fn heic_and_avif_are_photos_not_videos() {
    let heic = [ftyp(b"heic", &[b"mif1", b"heic"]), full(b"meta", 0, &[0; 100]), bx(b"mdat", &[1; 1000])].concat();
    let r = probe_bytes(&heic);
    assert_eq!((&r.container, &r.damage), (&Container::Image(ImageKind::Heif), &None));
    assert!(!r.is_media() && !r.is_video());
    let avif = [ftyp(b"avif", &[b"avif", b"mif1", b"miaf"]), bx(b"mdat", &[1; 10])].concat();
    assert_eq!(probe_bytes(&avif).container, Container::Image(ImageKind::Avif));
}

fn riff(form: &[u8; 4], chunks: &[u8]) -> Vec<u8> {
    [&b"RIFF"[..], &(4 + chunks.len() as u32).to_le_bytes(), form, chunks].concat()
}

fn chunk(id: &[u8; 4], body: &[u8]) -> Vec<u8> {
    [&id[..], &(body.len() as u32).to_le_bytes(), body].concat()
}

/// An AVI's or a WAV's header: which container only (their length is the browser's to find).
#[test]
fn avi_and_wav_are_named_not_parsed() {
    let strl = chunk(b"LIST", &[&b"strl"[..], &chunk(b"strh", &[&b"vidsH264"[..], &[0; 48]].concat())].concat());
    let avi = riff(b"AVI ", &[chunk(b"LIST", &[&b"hdrl"[..], &chunk(b"avih", &[0; 56]), &strl].concat())].concat());
    let r = probe_bytes(&[avi, vec![0; 1000]].concat());
    assert_eq!(r, MediaReport::of(Container::Avi));
    assert!(r.is_media() && r.is_video(), "an AVI is taken for a video: the browser may preview it");
    let wav = riff(b"WAVE", &[chunk(b"fmt ", &[1, 0, 1, 0]), chunk(b"data", &[0; 9_000])].concat());
    let r = probe_bytes(&wav);
    assert_eq!(r, MediaReport::of(Container::Wav));
    assert!(r.is_media() && !r.is_video());
}

#[test]
fn each_container_by_its_magic() {
    let asf = [0x30, 0x26, 0xB2, 0x75, 0x8E, 0x66, 0xCF, 0x11, 0xA6, 0xD9, 0x00, 0xAA, 0x00, 0x62, 0xCE, 0x6C];
    let mut ts = vec![0u8; 1000];
    (0..5).for_each(|i| ts[i * 188] = 0x47);
    let mut m2ts = vec![0u8; 1000];
    (0..5).for_each(|i| m2ts[4 + i * 192] = 0x47);
    let ebml = |doc: &[u8]| {
        [&[0x1A, 0x45, 0xDF, 0xA3, 0x80 | (3 + doc.len() as u8), 0x42, 0x82][..], &[0x80 | doc.len() as u8], doc]
            .concat()
    };
    let cases: Vec<(Vec<u8>, Container)> = vec![
        ([&asf[..], &[0; 30]].concat(), Container::Asf),
        (vec![0, 0, 1, 0xBA, 0x44, 0, 4, 0, 4, 1], Container::MpegPs),
        (ts, Container::MpegTs),
        (m2ts, Container::MpegTs),
        (ebml(b"webm"), Container::Matroska),
        (ebml(b"matroska"), Container::Matroska),
        (b"ID3\x04\0\0\0\0\0\0\xFF\xFB\x90\x64".to_vec(), Container::Mp3),
        (vec![0xFF, 0xFB, 0x90, 0x64, 0, 0], Container::Mp3),
        (b"fLaC\0\0\0\x22".to_vec(), Container::Flac),
        (b"OggS\0\x02".to_vec(), Container::Ogg),
        (vec![0xFF, 0xF1, 0x50, 0x80, 0x2E, 0x7F], Container::Aac),
        (riff(b"WEBP", b"VP8 "), Container::Image(ImageKind::WebP)),
        (riff(b"CDXA", b""), Container::Unknown),
        (vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10], Container::Image(ImageKind::Jpeg)),
        (b"\x89PNG\r\n\x1a\n".to_vec(), Container::Image(ImageKind::Png)),
        (b"GIF89a".to_vec(), Container::Image(ImageKind::Gif)),
        (b"II*\0\x08\0\0\0".to_vec(), Container::Image(ImageKind::Tiff)),
        ([&b"BM\0\0\0\0\0\0\0\0\x36\0\0\0"[..], &40u32.to_le_bytes()].concat(), Container::Image(ImageKind::Bmp)),
        (b"Notes for lecture 4\n- bring slides\n".to_vec(), Container::Text),
        (vec![0x00, 0x01, 0x02, 0x03, 0xFE, 0xFF, 0x00, 0x00, 0x10], Container::Unknown),
        (Vec::new(), Container::Unknown),
    ];
    for (bytes, container) in cases {
        let r = probe_bytes(&bytes);
        assert_eq!(r.container, container, "{bytes:02x?}");
        assert_eq!(r.is_media(), container.is_media());
    }
}

#[test]
fn a_renamed_pdf_or_word_file_is_named_and_only_its_head_is_read() {
    let file = Sparse::new().put(b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n".to_vec()).mdat(900 * MIB);
    let (report, read) = file.probe();
    assert_eq!((&report.container, report.is_media()), (&Container::Pdf, false));
    assert_eq!(read, 64 * 1024);
    println!("non-MP4 ({} bytes): {read} bytes read", file.size);
    let mut entry = vec![0u8; 30];
    entry[..4].copy_from_slice(b"PK\x03\x04");
    entry[18..22].copy_from_slice(&8u32.to_le_bytes());
    entry[26..28].copy_from_slice(&19u16.to_le_bytes());
    let docx = [entry, b"[Content_Types].xml<Types/>".to_vec(), b"PK\x01\x02".to_vec()].concat();
    assert_eq!(probe_bytes(&docx).container, Container::Office);
}

#[test]
fn caption_formats_by_their_first_lines() {
    let srt = b"1\n00:00:00,500 --> 00:00:03,000\nGood morning.\n\n2\n00:00:03,100 --> 00:00:05,000\nToday\n";
    assert_eq!(caption_format(srt), Some(CaptionFormat::Srt));
    assert_eq!(
        caption_format(b"\xEF\xBB\xBFWEBVTT\n\n00:00.500 --> 00:03.000\nGood morning.\n"),
        Some(CaptionFormat::Vtt)
    );
    let dfxp = br#"<?xml version="1.0" encoding="UTF-8"?>
<tt xml:lang="en" xmlns="http://www.w3.org/ns/ttml" xmlns:tts="http://www.w3.org/ns/ttml#styling">
<body><div><p begin="00:00:00.500" end="00:00:03.000">Good morning.</p></div></body></tt>"#;
    assert_eq!(caption_format(dfxp), Some(CaptionFormat::Dfxp));
    assert_eq!(caption_format(b"Good morning.\nToday we talk about caching.\n"), None);
    assert_eq!(caption_format(&isom()), None);
}

#[test]
fn the_report_grows_read_by_read() {
    let file = Sparse::new().put(isom()).mdat(50 * MIB).put(moov(hour(), 100, 100, &[]));
    let mut p = Probe::new(file.size);
    assert_eq!(p.report(), MediaReport::unknown());
    assert_eq!(p.want(), Some((0, 64 * 1024)));
    p.feed(1, &[0; 10]);
    assert_eq!((p.bytes_read(), p.want()), (0, Some((0, 64 * 1024))), "a read from elsewhere is ignored");
    p.feed(0, &file.read(0, 64 * 1024));
    assert_eq!(p.report().container, Container::Mp4 { brand: *b"isom" });
    assert_eq!(p.want(), Some((isom().len() as u64 + 50 * MIB, 16)), "the next box, past the mdat");
    assert_eq!(p.report().damage, None, "no index yet is not no index");
}
