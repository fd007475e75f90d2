//! Which caption format a file is, from its first bytes: the ones Panopto takes beside a
//! recording (SubRip, WebVTT, DFXP/TTML). Judged by content, since names lie.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CaptionFormat {
    Srt,
    Vtt,
    Dfxp,
}

/// The caption format `head` (the file's first bytes) starts, or `None`.
pub fn caption_format(head: &[u8]) -> Option<CaptionFormat> {
    let b = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    if vtt(b) {
        Some(CaptionFormat::Vtt)
    } else if srt(b) {
        Some(CaptionFormat::Srt)
    } else if dfxp(b) {
        Some(CaptionFormat::Dfxp)
    } else {
        None
    }
}

/// `WEBVTT`, alone on its line or followed by a space or tab and a header comment.
fn vtt(b: &[u8]) -> bool {
    b.strip_prefix(b"WEBVTT").is_some_and(|rest| matches!(rest.first(), None | Some(b' ' | b'\t' | b'\n' | b'\r')))
}

/// After any blank lines: a cue number, then `hh:mm:ss,mmm --> hh:mm:ss,mmm` (maybe with
/// position coordinates after it).
fn srt(b: &[u8]) -> bool {
    let mut lines = b.split(|c| *c == b'\n').map(<[u8]>::trim_ascii);
    let (Some(number), Some(timing)) = (lines.find(|l| !l.is_empty()), lines.next()) else { return false };
    if number.is_empty() || !number.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let Some(arrow) = find(timing, b"-->") else { return false };
    let from = timing.get(..arrow).unwrap_or_default().trim_ascii();
    let to = timing.get(arrow + 3..).unwrap_or_default().trim_ascii();
    let to = to.split(u8::is_ascii_whitespace).next().unwrap_or_default();
    timestamp(from) && timestamp(to)
}

/// `h:mm:ss,mmm` with one or more hour digits (a `.` for the comma is a common slip that
/// players accept).
fn timestamp(t: &[u8]) -> bool {
    let mut parts = t.split(|c| *c == b':');
    let (Some(h), Some(m), Some(s), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    let digits = |p: &[u8]| p.iter().all(u8::is_ascii_digit);
    !h.is_empty()
        && digits(h)
        && m.len() == 2
        && digits(m)
        && matches!(s, [a, b, b',' | b'.', c, d, e] if digits(&[*a, *b, *c, *d, *e]))
}

/// XML whose root element is TTML's `tt` (with or without a prefix), in TTML's namespace
/// or that of DFXP's drafts (`…/2006/…/ttaf1`, still common in caption tools' output).
fn dfxp(b: &[u8]) -> bool {
    let mut rest = b;
    // Skip the XML declaration, comments, processing instructions and a DOCTYPE.
    loop {
        rest = rest.trim_ascii_start();
        let end: &[u8] = if rest.starts_with(b"<?") {
            b"?>"
        } else if rest.starts_with(b"<!--") {
            b"-->"
        } else if rest.starts_with(b"<!") {
            b">"
        } else {
            break;
        };
        let Some(at) = find(rest.get(2..).unwrap_or_default(), end) else { return false };
        rest = rest.get(2 + at + end.len()..).unwrap_or_default();
    }
    let Some(tag) = rest.strip_prefix(b"<") else { return false };
    let tag = tag.split(|c| *c == b'>').next().unwrap_or_default();
    let name = tag.split(|c| c.is_ascii_whitespace() || *c == b'/').next().unwrap_or_default();
    let local = name.rsplit(|c| *c == b':').next().unwrap_or_default();
    let namespace =
        [&b"http://www.w3.org/ns/ttml"[..], b"http://www.w3.org/2006/10/ttaf1", b"http://www.w3.org/2006/04/ttaf1"];
    local == b"tt" && namespace.iter().any(|ns| find(tag, ns).is_some())
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len().max(1)).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn webvtt_with_and_without_a_bom_or_a_header() {
        assert_eq!(caption_format(b"WEBVTT\n\n00:01.000 --> 00:02.000\nHi"), Some(CaptionFormat::Vtt));
        assert_eq!(caption_format(b"\xEF\xBB\xBFWEBVTT - Lecture 3\r\n"), Some(CaptionFormat::Vtt));
        assert_eq!(caption_format(b"WEBVTT"), Some(CaptionFormat::Vtt));
        assert_eq!(caption_format(b"WEBVTTX\n"), None);
        assert_eq!(caption_format(b" WEBVTT\n"), None);
    }

    #[test]
    fn subrip_needs_a_number_then_a_timing_line() {
        let srt = b"\r\n1\r\n00:00:01,000 --> 00:00:04,500\r\nWelcome\r\n";
        assert_eq!(caption_format(srt), Some(CaptionFormat::Srt));
        assert_eq!(caption_format(b"7\n100:00:01.000-->100:00:02.000 X1:10 X2:20\n"), Some(CaptionFormat::Srt));
        assert_eq!(caption_format(b"1\n00:00:01 --> 00:00:04\n"), None, "no milliseconds");
        assert_eq!(caption_format(b"1\n\n00:00:01,000 --> 00:00:04,000\n"), None);
        assert_eq!(caption_format(b"one\n00:00:01,000 --> 00:00:04,000\n"), None);
        assert_eq!(caption_format(b"1\n00:0:01,000 --> 00:00:04,000\n"), None);
        assert_eq!(caption_format(b"1\n"), None);
    }

    #[test]
    fn dfxp_is_a_tt_root_in_ttml_namespace() {
        let ttml = br#"<?xml version="1.0" encoding="utf-8"?>
<!-- exported -->
<tt xmlns="http://www.w3.org/ns/ttml" xml:lang="en"><body/></tt>"#;
        assert_eq!(caption_format(ttml), Some(CaptionFormat::Dfxp));
        let draft = br#"<tt:tt xmlns:tt="http://www.w3.org/2006/10/ttaf1">"#;
        assert_eq!(caption_format(draft), Some(CaptionFormat::Dfxp));
        assert_eq!(caption_format(b"<tt>no namespace</tt>"), None);
        assert_eq!(caption_format(br#"<ttx xmlns="http://www.w3.org/ns/ttml">"#), None);
        assert_eq!(caption_format(br#"<html xmlns="http://www.w3.org/ns/ttml">"#), None);
        assert_eq!(caption_format(b"<?xml never closed"), None);
        assert_eq!(caption_format(b"<!--"), None);
        assert_eq!(caption_format(b""), None);
    }
}
