//! A small streaming `multipart/form-data` parser (RFC 7578 / RFC 2046 §5.1): bytes go in as they
//! arrive, the content of the field named `file` comes out to a sink, everything else (other
//! fields, preamble, epilogue) is skipped. It never holds more than one part's headers or a
//! delimiter's length of file bytes, so a multi-GiB form streams to disk.

/// Part headers longer than this are not a browser's form.
const MAX_PART_HEADERS: usize = 16 * 1024;

#[derive(Debug, PartialEq)]
pub enum FormError {
    /// The body is not a well-formed form with one `file` field (the client's fault).
    Bad(String),
    /// The sink failed (the server's fault).
    Sink(String),
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum State {
    /// Before the first delimiter.
    Preamble,
    /// Right after a delimiter: `--` ends the form, CRLF starts a part.
    BoundaryLine,
    Headers,
    Body {
        file: bool,
    },
    /// After the closing delimiter: the epilogue is ignored.
    Done,
}

pub struct Parser {
    /// `CRLF--boundary`: what ends a part's content.
    delim: Vec<u8>,
    boundary: String,
    buf: Vec<u8>,
    state: State,
    file_seen: bool,
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

/// The `name` of a part, from its Content-Disposition header.
fn field_name(head: &str) -> Result<String, String> {
    let cd = head
        .split("\r\n")
        .filter_map(|l| l.split_once(':'))
        .find(|(n, _)| n.trim().eq_ignore_ascii_case("content-disposition"))
        .map(|(_, v)| v)
        .ok_or("a form part has no Content-Disposition header")?;
    for p in params(cd).into_iter().skip(1) {
        if let Some((k, v)) = p.split_once('=') {
            if k.trim().eq_ignore_ascii_case("name") {
                return Ok(unquote(v.trim()));
            }
        }
    }
    Err(format!("a form part's Content-Disposition has no name: '{}'", cd.trim()))
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
    pub fn new(boundary: &str) -> Parser {
        let mut delim = b"\r\n--".to_vec();
        delim.extend_from_slice(boundary.as_bytes());
        // A CRLF in front lets the first delimiter, which may open the body, match like the rest.
        Parser {
            delim,
            boundary: boundary.to_string(),
            buf: b"\r\n".to_vec(),
            state: State::Preamble,
            file_seen: false,
        }
    }

    /// Takes the next bytes of the body; the `file` field's content goes to `sink`.
    pub fn feed(&mut self, data: &[u8], sink: &mut impl FnMut(&[u8]) -> Result<(), String>) -> Result<(), FormError> {
        if self.state == State::Done {
            return Ok(());
        }
        self.buf.extend_from_slice(data);
        loop {
            match self.state {
                State::Preamble | State::Body { .. } => {
                    let file = self.state == State::Body { file: true };
                    let Some(i) = find(&self.buf, &self.delim) else {
                        // Keep what could be the start of a delimiter.
                        let n = self.buf.len().saturating_sub(self.delim.len() - 1);
                        if file {
                            sink(&self.buf[..n]).map_err(FormError::Sink)?;
                        }
                        self.buf.drain(..n);
                        return Ok(());
                    };
                    if file {
                        sink(&self.buf[..i]).map_err(FormError::Sink)?;
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
                    let name = field_name(&String::from_utf8_lossy(&self.buf[..i])).map_err(FormError::Bad)?;
                    let file = name == "file";
                    if file && self.file_seen {
                        return Err(FormError::Bad("the form has more than one field named 'file'".into()));
                    }
                    self.file_seen |= file;
                    self.buf.drain(..skip);
                    self.state = State::Body { file };
                }
                State::Done => return Ok(()),
            }
        }
    }

    /// The body has ended: was it a complete form with a `file` field?
    pub fn finish(&self) -> Result<(), String> {
        if self.state != State::Done {
            return Err(format!("the form body ended before its closing boundary '--{}--'", self.boundary));
        }
        if !self.file_seen {
            return Err("the form has no field named 'file'".into());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(body: &[u8], piece: usize) -> Result<Vec<u8>, String> {
        let mut p = Parser::new("XyZ");
        let mut out = Vec::new();
        for c in body.chunks(piece) {
            p.feed(c, &mut |b: &[u8]| {
                out.extend_from_slice(b);
                Ok(())
            })
            .map_err(|e| format!("{e:?}"))?;
        }
        p.finish()?;
        Ok(out)
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
