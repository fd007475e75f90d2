//! Small helpers to write S3's XML bodies and error documents.

use axum::body::Body;
use axum::http::{header, HeaderValue, Response, StatusCode};

pub const S3_NS: &str = "http://s3.amazonaws.com/doc/2006-03-01/";

pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&apos;"),
            // Control characters cannot appear in XML 1.0; S3 escapes them numerically.
            c if (c as u32) < 0x20 && c != '\n' && c != '\r' && c != '\t' => o.push_str(&format!("&#x{:X};", c as u32)),
            c => o.push(c),
        }
    }
    o
}

/// `<Name>value</Name>` with the value escaped.
pub fn el(name: &str, value: &str) -> String {
    format!("<{name}>{}</{name}>", esc(value))
}

/// An ETag as S3 writes it, in headers and XML bodies alike: the MD5 hex in double quotes.
pub fn quoted(md5_hex: &str) -> String {
    format!("\"{md5_hex}\"")
}

pub fn xml_response(status: StatusCode, body: String) -> Response<Body> {
    let mut r = Response::new(Body::from(format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{body}")));
    *r.status_mut() = status;
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/xml"));
    r
}

/// An S3 error: HTTP status, code, message and any extra elements real S3 adds for that code.
#[derive(Debug)]
pub struct S3Error {
    pub status: u16,
    pub code: &'static str,
    pub message: String,
    pub extra: Vec<(&'static str, String)>,
}

impl S3Error {
    pub fn new(status: u16, code: &'static str, message: impl Into<String>) -> Self {
        S3Error { status, code, message: message.into(), extra: vec![] }
    }
    pub fn with(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.extra.push((name, value.into()));
        self
    }
    pub fn no_such_upload(upload_id: &str) -> Self {
        S3Error::new(
            404,
            "NoSuchUpload",
            "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.",
        )
        .with("UploadId", upload_id)
    }
    pub fn internal(msg: impl std::fmt::Display) -> Self {
        S3Error::new(500, "InternalError", format!("We encountered an internal error. Please try again. ({msg})"))
    }

    pub fn to_response(&self, resource: &str, request_id: &str) -> Response<Body> {
        let mut b = String::from("<Error>");
        b.push_str(&el("Code", self.code));
        b.push_str(&el("Message", &self.message));
        for (n, v) in &self.extra {
            b.push_str(&el(n, v));
        }
        b.push_str(&el("Resource", resource));
        b.push_str(&el("RequestId", request_id));
        b.push_str(&el("HostId", "panopto-emulator"));
        b.push_str("</Error>");
        xml_response(StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR), b)
    }
}
