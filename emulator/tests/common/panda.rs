//! Helpers for the Panda upload API tests: create an upload, send chunks and status queries,
//! read the inspection API, and send raw requests the ordinary helper cannot (chunked bodies,
//! bodies cut off mid-way).

use super::{parse_response, Emu, Resp};
use serde_json::{json, Value};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

pub const CREATE: &str = "/videos/upload.json";

impl Emu {
    /// POST /videos/upload.json with a JSON body; returns (id, path of the location).
    pub fn panda_create(&self, size: u64, name: &str) -> (u64, String) {
        let body = serde_json::to_vec(&json!({"file_size": size, "file_name": name})).unwrap();
        let r = self.req("POST", CREATE, &[("Content-Type", "application/json")], &body);
        assert_eq!(r.status, 201, "{}", r.text());
        let v = r.json();
        (v["id"].as_u64().expect("integer id"), self.panda_path(v["location"].as_str().unwrap()))
    }

    /// The path of an absolute location on this emulator.
    pub fn panda_path(&self, location: &str) -> String {
        let prefix = format!("http://{}", self.addr);
        assert!(location.starts_with(&prefix), "{location} is not on {prefix}");
        location[prefix.len()..].to_string()
    }

    /// PUT with just Content-Range (None: none) and the body, as the seed's example does.
    pub fn panda_put(&self, path: &str, range: Option<&str>, body: &[u8]) -> Resp {
        let h: Vec<(&str, &str)> = range.map(|r| ("Content-Range", r)).into_iter().collect();
        self.req("PUT", path, &h, body)
    }

    /// The status query: empty PUT with `Content-Range: bytes */L`.
    pub fn panda_status(&self, path: &str, total: u64) -> Resp {
        self.panda_put(path, Some(&format!("bytes */{total}")), b"")
    }

    pub fn panda_uploads(&self) -> Vec<Value> {
        let r = self.req("GET", "/_emulator/panda", &[], b"");
        assert_eq!(r.status, 200, "{}", r.text());
        r.json()["uploads"].as_array().unwrap().clone()
    }

    pub fn panda_upload(&self, id: u64) -> Value {
        self.panda_uploads().into_iter().find(|u| u["id"] == id).expect("upload in /_emulator/panda")
    }

    /// Polls the status query until it reports a Range (the server may still be finishing the
    /// request a client just abandoned); returns that Range.
    pub fn panda_wait_range(&self, path: &str, total: u64) -> String {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let r = self.panda_status(path, total);
            assert!(r.status == 204 || r.status == 200, "{} {}", r.status, r.text());
            if let Some(range) = r.header("range") {
                return range.to_string();
            }
            assert!(Instant::now() < deadline, "no Range reported");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Sends `head` (the request line and headers, without the blank line; Host and
    /// Connection: close are added) and `body` as they are; returns the response.
    pub fn raw(&self, head: &str, body: &[u8]) -> Resp {
        let mut s = self.raw_open(head);
        s.write_all(body).unwrap();
        let mut out = Vec::new();
        let _ = s.read_to_end(&mut out);
        parse_response(&out)
    }

    /// Opens a connection and sends the head of a request; the caller writes (part of) a body.
    pub fn raw_open(&self, head: &str) -> TcpStream {
        let mut s = TcpStream::connect(&self.addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        let full = format!("{head}\r\nHost: {}\r\nConnection: close\r\n\r\n", self.addr);
        s.write_all(full.as_bytes()).unwrap();
        s
    }
}

/// A body in HTTP/1.1 chunked transfer coding, in pieces of `piece` bytes.
pub fn chunked(body: &[u8], piece: usize) -> Vec<u8> {
    let mut out = Vec::new();
    for c in body.chunks(piece) {
        out.extend_from_slice(format!("{:x}\r\n", c.len()).as_bytes());
        out.extend_from_slice(c);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"0\r\n\r\n");
    out
}

/// A multipart/form-data body with the boundary `B0undary`: a `title` field, then `file`.
pub fn form_body(file: &[u8]) -> Vec<u8> {
    let mut b = b"--B0undary\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nLecture 1\r\n".to_vec();
    b.extend_from_slice(b"--B0undary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"v.bin\"\r\n");
    b.extend_from_slice(b"Content-Type: application/octet-stream\r\n\r\n");
    b.extend_from_slice(file);
    b.extend_from_slice(b"\r\n--B0undary--\r\n");
    b
}

pub const FORM_TYPE: &str = "multipart/form-data; boundary=B0undary";
