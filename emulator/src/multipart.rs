//! A small streaming `multipart/form-data` parser (RFC 7578 / RFC 2046 §5.1), shared by Panda's
//! form upload and API v1's caption upload: bytes go in as they arrive, each part's content comes
//! out to a sink with the part's name and file name; the preamble and epilogue are skipped. It
//! never holds more than one part's headers or a delimiter's length of content, so a multi-GiB
//! form streams to disk. [`collect`] reads a small form whole.

/// Part headers longer than this are not a browser's form.
const MAX_PART_HEADERS: usize = 16 * 1024;

#[derive(Debug, PartialEq)]
pub enum FormError {
    /// The body is not a well-formed form (the client's fault).
    Bad(String),
    /// The sink failed (the server's fault).
    Sink(String),
}

/// A part's Content-Disposition: its field name, and the file name if it carries a file.
#[derive(Debug, Clone, PartialEq)]
pub struct PartHead {
    /// Its place in the form, from 0.
    pub index: usize,
    pub name: String,
    pub filename: Option<String>,
}

/// A part read whole by [`collect`].
#[derive(Debug, PartialEq)]
pub struct Part {
    pub head: PartHead,
    pub content: Vec<u8>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum State {
    /// Before the first delimiter.
    Preamble,
    /// Right after a delimiter: `--` ends the form, CRLF starts a part.
    BoundaryLine,
    Headers,
    /// The content of the last part in `parts`.
    Body,
    /// After the closing delimiter: the epilogue is ignored.
    Done,
}

pub struct Parser {
    /// `CRLF--boundary`: what ends a part's content.
    delim: Vec<u8>,
    boundary: String,
    buf: Vec<u8>,
    state: State,
    /// Field names that may appear at most once (a second is refused at its headers, before
    /// any of its content reaches the sink).
    once: &'static [&'static str],
    /// Every part's head so far, in order.
    parts: Vec<PartHead>,
}

/// First index of `needle` (non-empty) in `hay`.
fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let last_start = hay.len().checked_sub(needle.len())?;
    let mut i = 0;
    while i <= last_start {
        i += hay[i..=last_start].iter().position(|b| *b == needle[0])?;
        if &hay[i..i + needle.len()] == needle {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// The `name` and `filename` of a part, from its Content-Disposition header.
fn part_head(head: &str) -> Result<PartHead, String> {
    let cd = head
        .split("\r\n")
        .filter_map(|l| l.split_once(':'))
        .find(|(n, _)| n.trim().eq_ignore_ascii_case("content-disposition"))
        .map(|(_, v)| v)
        .ok_or("a form part has no Content-Disposition header")?;
    let (mut name, mut filename) = (None, None);
    for p in params(cd).into_iter().skip(1) {
        if let Some((k, v)) = p.split_once('=') {
            match k.trim().to_ascii_lowercase().as_str() {
                "name" => name = Some(unquote(v.trim())),
                "filename" => filename = Some(unquote(v.trim())),
                _ => {}
            }
        }
    }
    let name = name.ok_or_else(|| format!("a form part's Content-Disposition has no name: '{}'", cd.trim()))?;
    Ok(PartHead { index: 0, name, filename })
}

/// `;`-separated pieces of a header value, not splitting inside quotes.
fn params(v: &str) -> Vec<&str> {
    let (mut out, mut start, mut quoted, mut escaped) = (Vec::new(), 0, false, false);
    for (i, c) in v.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            ';' if !quoted => {
                out.push(&v[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&v[start..]);
    out
}

fn unquote(v: &str) -> String {
    match v.strip_prefix('"').and_then(|x| x.strip_suffix('"')) {
        Some(inner) => inner.replace("\\\"", "\"").replace("\\\\", "\\"),
        None => v.to_string(),
    }
}

impl Parser {
    /// `once`: the field names that may appear at most once.
    pub fn new(boundary: &str, once: &'static [&'static str]) -> Parser {
        let mut delim = b"\r\n--".to_vec();
        delim.extend_from_slice(boundary.as_bytes());
        // A CRLF in front lets the first delimiter, which may open the body, match like the rest.
        Parser {
            delim,
            boundary: boundary.to_string(),
            buf: b"\r\n".to_vec(),
            state: State::Preamble,
            once,
            parts: Vec::new(),
        }
    }

    /// Takes the next bytes of the body; each part's content goes to `sink` with its head
    /// (in pieces, as it arrives).
    pub fn feed(
        &mut self,
        data: &[u8],
        sink: &mut impl FnMut(&PartHead, &[u8]) -> Result<(), String>,
    ) -> Result<(), FormError> {
        if self.state == State::Done {
            return Ok(());
        }
        self.buf.extend_from_slice(data);
        loop {
            match self.state {
                State::Preamble | State::Body => {
                    let part = self.parts.last().filter(|_| self.state == State::Body);
                    let Some(i) = find(&self.buf, &self.delim) else {
                        // Keep what could be the start of a delimiter.
                        let n = self.buf.len().saturating_sub(self.delim.len() - 1);
                        if let Some(head) = part {
                            sink(head, &self.buf[..n]).map_err(FormError::Sink)?;
                        }
                        self.buf.drain(..n);
                        return Ok(());
                    };
                    if let Some(head) = part {
                        sink(head, &self.buf[..i]).map_err(FormError::Sink)?;
                    }
                    self.buf.drain(..i + self.delim.len());
                    self.state = State::BoundaryLine;
                }
                State::BoundaryLine => {
                    if self.buf.len() < 2 {
                        return Ok(());
                    }
                    if self.buf.starts_with(b"--") {
                        self.state = State::Done;
                        self.buf.clear();
                        return Ok(());
                    }
                    // RFC 2046 allows white space between the boundary and its CRLF.
                    let ws = self.buf.iter().take_while(|b| **b == b' ' || **b == b'\t').count();
                    if self.buf.len() < ws + 2 {
                        if ws > 1024 {
                            return Err(FormError::Bad("a boundary line is not ended by CRLF".into()));
                        }
                        return Ok(());
                    }
                    if &self.buf[ws..ws + 2] != b"\r\n" {
                        return Err(FormError::Bad(format!(
                            "the boundary '--{}' is followed by neither CRLF nor '--'",
                            self.boundary
                        )));
                    }
                    self.buf.drain(..ws + 2);
                    self.state = State::Headers;
                }
                State::Headers => {
                    let end = if self.buf.starts_with(b"\r\n") {
                        Some((0, 2))
                    } else {
                        find(&self.buf, b"\r\n\r\n").map(|i| (i, i + 4))
                    };
                    let Some((i, skip)) = end else {
                        if self.buf.len() > MAX_PART_HEADERS {
                            return Err(FormError::Bad(format!(
                                "a form part's headers exceed {MAX_PART_HEADERS} bytes"
                            )));
                        }
                        return Ok(());
                    };
                    let mut head = part_head(&String::from_utf8_lossy(&self.buf[..i])).map_err(FormError::Bad)?;
                    head.index = self.parts.len();
                    if self.once.contains(&head.name.as_str()) && self.has(&head.name) {
                        return Err(FormError::Bad(format!("the form has more than one field named '{}'", head.name)));
                    }
                    self.parts.push(head);
                    self.buf.drain(..skip);
                    self.state = State::Body;
                }
                State::Done => return Ok(()),
            }
        }
    }

    /// Whether a part named `name` has begun.
    pub fn has(&self, name: &str) -> bool {
        self.parts.iter().any(|p| p.name == name)
    }

    /// The body has ended: was the form complete, with a field named each of `required`?
    pub fn finish(&self, required: &[&str]) -> Result<(), String> {
        if self.state != State::Done {
            return Err(format!("the form body ended before its closing boundary '--{}--'", self.boundary));
        }
        match required.iter().find(|r| !self.has(r)) {
            Some(r) => Err(format!("the form has no field named '{r}'")),
            None => Ok(()),
        }
    }
}

/// A whole (small) form, part by part; `once` as for [`Parser::new`].
pub fn collect(boundary: &str, body: &[u8], once: &'static [&'static str]) -> Result<Vec<Part>, String> {
    let mut parser = Parser::new(boundary, once);
    let mut parts: Vec<Part> = Vec::new();
    let mut sink = |head: &PartHead, b: &[u8]| {
        // Each part's pieces come in order; a new index starts a new part.
        match parts.last_mut() {
            Some(p) if p.head.index == head.index => p.content.extend_from_slice(b),
            _ => parts.push(Part { head: head.clone(), content: b.to_vec() }),
        }
        Ok(())
    };
    parser.feed(body, &mut sink).map_err(|e| match e {
        FormError::Bad(m) | FormError::Sink(m) => m,
    })?;
    parser.finish(&[])?;
    Ok(parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The `file` field's content, as Panda's form reads it.
    fn parse(body: &[u8], piece: usize) -> Result<Vec<u8>, String> {
        let mut p = Parser::new("XyZ", &["file"]);
        let mut out = Vec::new();
        for c in body.chunks(piece) {
            p.feed(c, &mut |h: &PartHead, b: &[u8]| {
                if h.name == "file" {
                    out.extend_from_slice(b);
                }
                Ok(())
            })
            .map_err(|e| format!("{e:?}"))?;
        }
        p.finish(&["file"])?;
        Ok(out)
    }

    #[test]
    fn collect_reads_every_part_with_its_file_name() {
        let body = b"--XyZ\r\nContent-Disposition: form-data; name=\"language\"\r\n\r\nFrench\r\n--XyZ\r\n\
Content-Disposition: form-data; name=\"file\"; filename=\"a.vtt\"\r\n\r\nWEBVTT\r\n\r\n--XyZ\r\n\
Content-Disposition: form-data; name=\"x\"\r\n\r\n\r\n--XyZ\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n2\r\n--XyZ--";
        let parts = collect("XyZ", body, &["language"]).unwrap();
        let got: Vec<(&str, Option<&str>, &[u8])> =
            parts.iter().map(|p| (p.head.name.as_str(), p.head.filename.as_deref(), p.content.as_slice())).collect();
        assert_eq!(
            got,
            [
                ("language", None, &b"French"[..]),
                ("file", Some("a.vtt"), b"WEBVTT\r\n"),
                ("x", None, b""),
                ("x", None, b"2")
            ]
        );
        let twice = b"--XyZ\r\nContent-Disposition: form-data; name=language\r\n\r\na\r\n--XyZ\r\n\
Content-Disposition: form-data; name=language\r\n\r\nb\r\n--XyZ--";
        assert!(collect("XyZ", twice, &["language"]).unwrap_err().contains("more than one field named 'language'"));
    }

    #[test]
    fn file_field_streams_out_in_any_piece_size() {
        let body = b"preamble\r\n--XyZ\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nhi\r\n--XyZ  \r\n\
Content-Disposition: form-data; name=\"file\"; filename=\"a;b.txt\"\r\nContent-Type: text/plain\r\n\r\n\
ab\r\n--Xy\r\ncd\r\n--XyZ--\r\nepilogue";
        for piece in [1, 2, 3, 7, 64, body.len()] {
            assert_eq!(parse(body, piece).unwrap(), b"ab\r\n--Xy\r\ncd", "piece {piece}");
        }
        // The first delimiter may open the body; the file may be empty.
        let body = b"--XyZ\r\nContent-Disposition: form-data; name=file\r\n\r\n\r\n--XyZ--";
        assert_eq!(parse(body, 5).unwrap(), b"");
    }

    #[test]
    fn malformed_forms_are_refused() {
        let part = |name: &str| format!("--XyZ\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\nx\r\n");
        let no_end = part("file");
        assert!(parse(no_end.as_bytes(), 4).unwrap_err().contains("closing boundary"));
        let no_file = format!("{}--XyZ--", part("other"));
        assert!(parse(no_file.as_bytes(), 4).unwrap_err().contains("no field named 'file'"));
        let two = format!("{}{}--XyZ--", part("file"), part("file"));
        assert!(parse(two.as_bytes(), 4).unwrap_err().contains("more than one"));
        let no_cd = b"--XyZ\r\nContent-Type: text/plain\r\n\r\nx\r\n--XyZ--";
        assert!(parse(no_cd, 4).unwrap_err().contains("no Content-Disposition"));
        assert!(parse(b"--XyZjunk\r\n", 4).unwrap_err().contains("neither CRLF"));
    }
}
