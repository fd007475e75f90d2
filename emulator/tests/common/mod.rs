//! Test harness: starts the real emulator binary and talks raw HTTP/1.1 to it, so paths,
//! queries and headers go on the wire exactly as written (no client-side normalisation).
#![allow(dead_code)]

mod api;
mod oauth;
mod panda;
mod raw;
mod sigv4;
#[allow(unused_imports)]
pub use api::*;
#[allow(unused_imports)]
pub use oauth::*;
#[allow(unused_imports)]
pub use panda::*;
#[allow(unused_imports)]
pub use raw::*;
#[allow(unused_imports)]
pub use sigv4::*;

use serde_json::Value;
use sha2::{Digest, Sha256};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

pub const TOKEN: &str = "dev-token";
pub const FOLDER: &str = "3f8c2a71-9d4e-4b6a-8c15-7e2f0a9d4b31";
pub const MIB: usize = 1024 * 1024;

pub struct Emu {
    pub child: Child,
    pub addr: String,
    pub dir: PathBuf,
    pub args: Vec<String>,
    /// Everything the emulator printed after its first line.
    out: Arc<Mutex<String>>,
    _tmp: Option<tempfile::TempDir>,
}

impl Emu {
    pub fn start(extra: &[&str]) -> Emu {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("data");
        let mut e = Emu::start_in(&dir, extra);
        e._tmp = Some(tmp);
        e
    }

    pub fn start_in(dir: &Path, extra: &[&str]) -> Emu {
        let mut args: Vec<String> =
            vec!["--listen".into(), "127.0.0.1:0".into(), "--data-dir".into(), dir.display().to_string()];
        if !extra.contains(&"--processing-ms") {
            args.extend(["--processing-ms".to_string(), "200".to_string()]);
        }
        args.extend(extra.iter().map(|s| s.to_string()));
        let mut child = Command::new(env!("CARGO_BIN_EXE_panopto-emulator"))
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start emulator");
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        out.read_line(&mut line).unwrap();
        let addr = line
            .trim()
            .strip_prefix("panopto-emulator listening on http://")
            .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
            .to_string();
        // Keep draining stdout so the child never blocks on a full pipe; keep it for start_line.
        let printed = Arc::new(Mutex::new(String::new()));
        let sink = printed.clone();
        std::thread::spawn(move || {
            let mut line = String::new();
            while out.read_line(&mut line).is_ok_and(|n| n > 0) {
                sink.lock().unwrap().push_str(&line);
                line.clear();
            }
        });
        Emu { child, addr, dir: dir.to_path_buf(), args, out: printed, _tmp: None }
    }

    /// The start-up line that begins with `prefix` (after the indentation), waiting for it.
    pub fn start_line(&self, prefix: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let found = self
                .out
                .lock()
                .unwrap()
                .lines()
                .map(str::trim_start)
                .find(|l| l.starts_with(prefix))
                .map(str::to_string);
            if let Some(l) = found {
                return l;
            }
            assert!(Instant::now() < deadline, "no start-up line {prefix:?} in {}", self.out.lock().unwrap());
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    pub fn req(&self, method: &str, target: &str, headers: &[(&str, &str)], body: &[u8]) -> Resp {
        http(&self.addr, method, target, headers, body)
    }

    pub fn rest(&self, method: &str, path: &str, body: Option<&Value>) -> Resp {
        let b = body.map(|v| serde_json::to_vec(v).unwrap()).unwrap_or_default();
        let auth = format!("Bearer {TOKEN}");
        let mut h = vec![("Authorization", auth.as_str())];
        if body.is_some() {
            h.push(("Content-Type", "application/json"));
        }
        self.req(method, path, &h, &b)
    }

    /// POST sessionUpload; returns the created object.
    pub fn create_session(&self) -> Value {
        let r =
            self.rest("POST", "/Panopto/PublicAPI/REST/sessionUpload", Some(&serde_json::json!({"FolderId": FOLDER})));
        assert_eq!(r.status, 201, "{}", r.text());
        r.json()
    }

    /// Path of the upload target (`/Panopto/Upload/<ID>`), taken from UploadTarget.
    pub fn target_path(&self, obj: &Value) -> String {
        let t = obj["UploadTarget"].as_str().unwrap();
        let prefix = format!("http://{}", self.addr);
        assert!(t.starts_with(&prefix), "{t}");
        t[prefix.len()..].to_string()
    }

    pub fn sessions(&self) -> Value {
        let r = self.req("GET", "/_emulator/sessions", &[], b"");
        assert_eq!(r.status, 200);
        r.json()
    }

    pub fn inspect(&self, id: &str) -> Value {
        self.sessions()["uploads"]
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["ID"] == id)
            .cloned()
            .expect("upload in /_emulator/sessions")
    }

    pub fn get_upload(&self, id: &str) -> Value {
        let r = self.rest("GET", &format!("/Panopto/PublicAPI/REST/sessionUpload/{id}"), None);
        assert_eq!(r.status, 200, "{}", r.text());
        r.json()
    }

    /// Polls GET until the state is terminal (or `want`), returning every state seen in order.
    pub fn poll(&self, path: &str, want: u64) -> (Value, Vec<(u64, Value)>) {
        let deadline = Instant::now() + Duration::from_secs(20);
        let mut seen = vec![];
        loop {
            let r = self.rest("GET", path, None);
            assert_eq!(r.status, 200, "{}", r.text());
            let v = r.json();
            let s = v["State"].as_u64().unwrap();
            if seen.last().map(|(x, _)| *x) != Some(s) {
                seen.push((s, v["SessionId"].clone()));
            }
            if s == want || [4u64, 5, 7, 8].contains(&s) {
                return (v, seen);
            }
            assert!(Instant::now() < deadline, "timed out waiting for state {want}; seen {seen:?}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Unsigned PutObject.
    pub fn put_object(&self, target: &str, key: &str, data: &[u8]) -> Resp {
        self.req("PUT", &format!("{target}/{key}"), &[], data)
    }

    /// Unsigned multipart upload of `data` split into parts of `part` bytes.
    pub fn multipart(&self, target: &str, key: &str, data: &[u8], part: usize) -> Resp {
        let uid = self.create_mpu(target, key);
        let mut xml = String::from("<CompleteMultipartUpload>");
        for (i, chunk) in data.chunks(part).enumerate() {
            let n = i + 1;
            let r = self.req("PUT", &format!("{target}/{key}?partNumber={n}&uploadId={uid}"), &[], chunk);
            assert_eq!(r.status, 200, "{}", r.text());
            xml.push_str(&format!(
                "<Part><PartNumber>{n}</PartNumber><ETag>{}</ETag></Part>",
                r.header("etag").unwrap()
            ));
        }
        xml.push_str("</CompleteMultipartUpload>");
        self.req("POST", &format!("{target}/{key}?uploadId={uid}"), &[], xml.as_bytes())
    }

    pub fn create_mpu(&self, target: &str, key: &str) -> String {
        let r = self.req("POST", &format!("{target}/{key}?uploads"), &[], b"");
        assert_eq!(r.status, 200, "{}", r.text());
        xml_text(&r.text(), "UploadId").unwrap()
    }
}

impl Drop for Emu {
    fn drop(&mut self) {
        self.kill();
    }
}

#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }
    /// The `<Code>` of an S3 error body.
    pub fn code(&self) -> String {
        xml_text(&self.text(), "Code").unwrap_or_default()
    }
}

pub fn xml_text(xml: &str, tag: &str) -> Option<String> {
    let open = format!("<{tag}>");
    let start = xml.find(&open)? + open.len();
    let end = xml[start..].find(&format!("</{tag}>"))? + start;
    Some(xml[start..end].replace("&quot;", "\"").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">"))
}

/// One HTTP/1.1 request on a fresh connection. `Host` is added unless given.
pub fn http(addr: &str, method: &str, target: &str, headers: &[(&str, &str)], body: &[u8]) -> Resp {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let mut head = format!("{method} {target} HTTP/1.1\r\n");
    if !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("host")) {
        head.push_str(&format!("Host: {addr}\r\n"));
    }
    for (n, v) in headers {
        head.push_str(&format!("{n}: {v}\r\n"));
    }
    if !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        && (!body.is_empty() || matches!(method, "PUT" | "POST"))
    {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    head.push_str("Connection: close\r\n\r\n");
    s.write_all(head.as_bytes()).unwrap();
    // The server may answer (and close) before reading a large body it rejects.
    let _ = s.write_all(body);
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    parse_response(&raw)
}

pub fn parse_response(raw: &[u8]) -> Resp {
    let end = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("response head");
    let head = String::from_utf8_lossy(&raw[..end]).into_owned();
    let mut lines = head.split("\r\n");
    let status: u16 = lines.next().unwrap().split(' ').nth(1).unwrap().parse().unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let mut body = raw[end + 4..].to_vec();
    if headers.iter().any(|(n, v)| n == "transfer-encoding" && v.contains("chunked")) {
        let mut out = Vec::new();
        let mut rest = &body[..];
        loop {
            let nl = rest.windows(2).position(|w| w == b"\r\n").unwrap();
            let size =
                usize::from_str_radix(String::from_utf8_lossy(&rest[..nl]).split(';').next().unwrap().trim(), 16)
                    .unwrap();
            rest = &rest[nl + 2..];
            if size == 0 {
                break;
            }
            out.extend_from_slice(&rest[..size]);
            rest = &rest[size + 2..];
        }
        body = out;
    }
    Resp { status, headers, body }
}

pub fn sha256_hex(b: &[u8]) -> String {
    hex::encode(Sha256::digest(b))
}

pub fn amz_date(t: SystemTime) -> String {
    chrono::DateTime::<chrono::Utc>::from(t).format("%Y%m%dT%H%M%SZ").to_string()
}

pub fn crc32_hex(b: &[u8]) -> String {
    format!("{:08x}", crc32fast::hash(b))
}

pub fn manifest(video: &str, checksum: Option<&str>) -> String {
    let ck = checksum.map(|c| format!(" Checksum=\"{c}\"")).unwrap_or_default();
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<Session xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns="http://tempuri.org/UniversalCaptureSpecification/v1">
  <Title>Lecture &amp; test</Title>
  <Date>2025-01-15T10:00:00Z</Date>
  <ThumbnailTime>PT5S</ThumbnailTime>
  <Videos>
    <Video>
      <Start>PT0S</Start>
      <File{ck}>{video}</File>
      <Type>Primary</Type>
    </Video>
  </Videos>
</Session>"#
    )
}

/// Deterministic pseudo-random bytes.
pub fn data(len: usize, seed: u32) -> Vec<u8> {
    let mut x = seed.wrapping_mul(2654435761).wrapping_add(1);
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            x as u8
        })
        .collect()
}

/// PUT State=1 echoing the whole object, as the official samples do.
pub fn finish(emu: &Emu, obj: &Value, resource: &str) -> Resp {
    let mut o = obj.clone();
    o["State"] = serde_json::json!(1);
    emu.rest("PUT", &format!("/Panopto/PublicAPI/REST/{resource}/{}", obj["ID"].as_str().unwrap()), Some(&o))
}
