//! The two caption formats `POST /api/v1/sessions/{id}/captions` takes ("Upload a caption file
//! (in SRT or VTT format)", Panopto's OpenAPI description, operation
//! Sessions_UploadCaptionsToSession), checked strictly enough that a malformed file is refused
//! with the line that is wrong, as a 400 — never stored as if it were captions.
//!
//! - SRT: cues separated by blank lines, each a cue number, `HH:MM:SS,mmm --> HH:MM:SS,mmm`, and
//!   at least one line of text.
//! - WebVTT (W3C WebVTT §4): a `WEBVTT` first line (alone or followed by a space or tab), header
//!   lines, then blocks: NOTE, STYLE and REGION blocks, or cues (an optional identifier, a timing
//!   line `[HH:]MM:SS.mmm --> [HH:]MM:SS.mmm [settings]`, the payload).

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Srt,
    Vtt,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Srt => "SRT",
            Format::Vtt => "VTT",
        }
    }
}

/// The file's format, from its name's extension, else from its first line; then checked.
/// The error names the line (from 1) and what is wrong with it.
pub fn check(file_name: &str, bytes: &[u8]) -> Result<Format, String> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let line = 1 + bytes[..e.valid_up_to()].iter().filter(|b| **b == b'\n').count();
        format!("line {line}: the caption file is not UTF-8 text")
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<&str> = text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l)).collect();
    let ext = file_name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    let format = match ext.as_str() {
        "vtt" => Format::Vtt,
        "srt" => Format::Srt,
        _ if lines[0].starts_with("WEBVTT") => Format::Vtt,
        _ => Format::Srt,
    };
    match format {
        Format::Srt => srt(&lines),
        Format::Vtt => vtt(&lines),
    }?;
    Ok(format)
}

/// Blocks of non-blank lines: (the first line's number from 1, the lines).
fn blocks<'a>(lines: &[&'a str], from: usize) -> Vec<(usize, Vec<&'a str>)> {
    let mut out: Vec<(usize, Vec<&str>)> = Vec::new();
    let mut open = false;
    for (i, l) in lines.iter().enumerate().skip(from) {
        if l.trim().is_empty() {
            open = false;
        } else if open {
            if let Some(b) = out.last_mut() {
                b.1.push(l);
            }
        } else {
            out.push((i + 1, vec![l]));
            open = true;
        }
    }
    out
}

fn srt(lines: &[&str]) -> Result<(), String> {
    let cues = blocks(lines, 0);
    if cues.is_empty() {
        return Err("line 1: the SRT file has no cues".into());
    }
    for (n, cue) in cues {
        if cue[0].trim().parse::<u32>().is_err() {
            return Err(format!("line {n}: an SRT cue must start with its number, got '{}'", cue[0].trim()));
        }
        let Some(timing) = cue.get(1) else {
            return Err(format!("line {}: the cue has no 'HH:MM:SS,mmm --> HH:MM:SS,mmm' line", n + 1));
        };
        timing_line(timing, ',', true).map_err(|e| format!("line {}: {e}", n + 1))?;
        if cue.len() < 3 {
            return Err(format!("line {}: the cue has no text", n + 2));
        }
    }
    Ok(())
}

fn vtt(lines: &[&str]) -> Result<(), String> {
    let first = lines[0];
    let rest = first.strip_prefix("WEBVTT");
    if !rest.is_some_and(|r| r.is_empty() || r.starts_with([' ', '\t'])) {
        return Err("line 1: a WebVTT file must start with 'WEBVTT'".into());
    }
    // The header runs to the first blank line.
    let body_from = lines.iter().position(|l| l.trim().is_empty()).unwrap_or(lines.len());
    for (n, block) in blocks(lines, body_from) {
        let head = block[0];
        if ["NOTE", "STYLE", "REGION"].iter().any(|k| head == *k || head.starts_with(&format!("{k} "))) {
            continue;
        }
        // An optional identifier, which cannot contain "-->".
        let (timing, at) = if head.contains("-->") { (head, n) } else { (*block.get(1).unwrap_or(&""), n + 1) };
        if timing.is_empty() {
            return Err(format!("line {at}: the cue has no '[HH:]MM:SS.mmm --> [HH:]MM:SS.mmm' line"));
        }
        timing_line(timing, '.', false).map_err(|e| format!("line {at}: {e}"))?;
    }
    Ok(())
}

/// `start --> end` (VTT: then settings), end not before start.
fn timing_line(line: &str, sep: char, hours_required: bool) -> Result<(), String> {
    let want = if hours_required { "HH:MM:SS,mmm --> HH:MM:SS,mmm" } else { "[HH:]MM:SS.mmm --> [HH:]MM:SS.mmm" };
    let bad = || format!("'{}' is not a cue timing '{want}'", line.trim());
    let (start, rest) = line.split_once("-->").ok_or_else(bad)?;
    let end = rest.split_whitespace().next().ok_or_else(bad)?;
    if hours_required && rest.split_whitespace().count() > 1 {
        return Err(bad());
    }
    let start = timestamp(start.trim(), sep, hours_required).ok_or_else(bad)?;
    let end = timestamp(end, sep, hours_required).ok_or_else(bad)?;
    if end < start {
        return Err(format!("the cue ends ({}) before it starts", rest.trim()));
    }
    Ok(())
}

/// Milliseconds of `HH:MM:SS<sep>mmm` (`MM:SS<sep>mmm` too unless hours are required).
fn timestamp(t: &str, sep: char, hours_required: bool) -> Option<u64> {
    let (clock, ms) = t.split_once(sep)?;
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(ms, 3) {
        return None;
    }
    let f: Vec<&str> = clock.split(':').collect();
    let (h, m, s) = match f.as_slice() {
        [h, m, s] if h.len() >= 2 && h.bytes().all(|b| b.is_ascii_digit()) => (h.parse::<u64>().ok()?, *m, *s),
        [m, s] if !hours_required => (0, *m, *s),
        _ => return None,
    };
    if !digits(m, 2) || !digits(s, 2) {
        return None;
    }
    let (m, s): (u64, u64) = (m.parse().ok()?, s.parse().ok()?);
    if m > 59 || s > 59 {
        return None;
    }
    Some(((h * 60 + m) * 60 + s) * 1000 + ms.parse::<u64>().ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn well_formed_files_pass() {
        let srt =
            "1\r\n00:00:01,000 --> 00:00:02,500\r\nHello\r\n\r\n2\r\n00:00:03,000 --> 00:00:04,000\r\nTwo\r\nlines\r\n";
        assert_eq!(check("a.srt", srt.as_bytes()), Ok(Format::Srt));
        let vtt = "\u{feff}WEBVTT - lecture\nKind: captions\n\nNOTE a comment\n\nintro\n00:01.000 --> 00:02.000 align:start\nHi\n\n01:00:03.000 --> 01:00:04.000\n<v Ann>Bye\n";
        assert_eq!(check("a.vtt", vtt.as_bytes()), Ok(Format::Vtt));
        assert_eq!(check("captions", b"WEBVTT\n"), Ok(Format::Vtt), "sniffed, no cues");
    }

    #[test]
    fn malformed_files_name_the_line() {
        let e = |name: &str, text: &str| check(name, text.as_bytes()).unwrap_err();
        assert!(e("a.srt", "").contains("line 1: the SRT file has no cues"));
        assert!(e("a.srt", "one\n00:00:01,000 --> 00:00:02,000\nx\n").starts_with("line 1: an SRT cue must start"));
        assert!(e("a.srt", "1\n00:00:01.000 --> 00:00:02,000\nx\n").starts_with("line 2: '00:00:01.000"));
        assert!(e("a.srt", "1\n00:00:01,000 --> 00:00:02,000\nx\n\n2\n00:00:03,000 --> 00:00:04,000\n")
            .starts_with("line 7: the cue has no text"));
        assert!(e("a.srt", "1\n00:00:05,000 --> 00:00:02,000\nx\n").contains("ends (00:00:02,000) before it starts"));
        assert!(e("a.vtt", "1\n00:00:01,000 --> 00:00:02,000\nx\n").starts_with("line 1: a WebVTT file must start"));
        assert!(e("a.vtt", "WEBVTTX\n").starts_with("line 1:"));
        assert!(e("a.vtt", "WEBVTT\n\n00:01.000 -> 00:02.000\nx\n").starts_with("line 4: 'x' is not a cue timing"));
        assert!(e("a.vtt", "WEBVTT\n\nonly an id\n").starts_with("line 4: the cue has no"));
        assert!(e("a.vtt", "WEBVTT\n\nid\n00:61.000 --> 00:62.000\nx\n").starts_with("line 4: '00:61.000"));
        assert!(e("a.vtt", "WEBVTT\n\n1:00.000 --> 1:02.000\n").starts_with("line 3:"));
        assert!(check("a.srt", b"1\n\xff").unwrap_err().starts_with("line 2: the caption file is not UTF-8"));
    }
}
