//! Requests that may not get an answer: what a client sees when the server injects a fault
//! (a dropped connection, a stall), plus small helpers for the fault tests.

use super::{parse_response, xml_text, Emu, Resp};
use serde_json::Value;
use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::time::Duration;

#[derive(Debug)]
pub enum Outcome {
    /// A complete HTTP response.
    Answered(Resp),
    /// The connection ended without a single response byte: a network error to any client.
    Closed(String),
    /// Nothing arrived within the client's timeout (the client then closes the connection).
    TimedOut,
}

impl Outcome {
    pub fn resp(self) -> Resp {
        match self {
            Outcome::Answered(r) => r,
            other => panic!("expected an HTTP response, got {other:?}"),
        }
    }
}

/// One request on a fresh connection, giving up after `timeout` without a response.
pub fn try_http(addr: &str, method: &str, target: &str, body: &[u8], timeout: Duration) -> Outcome {
    try_http_with(addr, method, target, &[], body, timeout)
}

/// [`try_http`] with extra request headers.
pub fn try_http_with(
    addr: &str,
    method: &str,
    target: &str,
    headers: &[(&str, &str)],
    body: &[u8],
    timeout: Duration,
) -> Outcome {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(timeout)).unwrap();
    let extra: String = headers.iter().map(|(n, v)| format!("{n}: {v}\r\n")).collect();
    let head = format!(
        "{method} {target} HTTP/1.1\r\nHost: {addr}\r\n{extra}Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    s.write_all(head.as_bytes()).unwrap();
    let _ = s.write_all(body);
    let mut raw = Vec::new();
    match s.read_to_end(&mut raw) {
        Ok(_) if raw.is_empty() => Outcome::Closed("EOF before any response byte".into()),
        Ok(_) => Outcome::Answered(parse_response(&raw)),
        Err(e) if raw.is_empty() && matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
            Outcome::TimedOut
        }
        Err(e) if raw.is_empty() => Outcome::Closed(e.to_string()),
        Err(e) => panic!("connection failed mid-response after {} bytes: {e}", raw.len()),
    }
}

impl Emu {
    /// Session + multipart upload of `key`: (upload ID, target path, multipart UploadId).
    pub fn session_with_mpu(&self, key: &str) -> (String, String, String) {
        let obj = self.create_session();
        let t = self.target_path(&obj);
        let uid = self.create_mpu(&t, key);
        (obj["ID"].as_str().unwrap().to_string(), t, uid)
    }

    /// Part numbers and ETags ListParts reports.
    pub fn list_parts(&self, target: &str, key: &str, uid: &str) -> Vec<(u32, String)> {
        let r = self.req("GET", &format!("{target}/{key}?uploadId={uid}"), &[], b"");
        assert_eq!(r.status, 200, "{}", r.text());
        r.text()
            .split("<Part>")
            .skip(1)
            .map(|p| (xml_text(p, "PartNumber").unwrap().parse().unwrap(), xml_text(p, "ETag").unwrap()))
            .collect()
    }

    pub fn stats(&self) -> Value {
        let r = self.req("GET", "/_emulator/stats", &[], b"");
        assert_eq!(r.status, 200, "{}", r.text());
        r.json()
    }

    /// The `S3` object of one upload in /_emulator/sessions.
    pub fn s3_counters(&self, id: &str) -> Value {
        self.inspect(id)["S3"].clone()
    }
}
