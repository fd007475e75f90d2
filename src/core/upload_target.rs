//! The UploadTarget rule: where a file's bytes go.
//!
//! Panopto answers `POST sessionUpload` with an `UploadTarget` such as
//! `https://host/Panopto/Upload/{guid}`. Its official samples split that into
//! endpoint `https://host/Panopto`, bucket `Upload`, key `{guid}/{file}` — which is simply
//! the path-style URL `UploadTarget + "/" + file`. Virtual-host style would turn "Upload"
//! into a host label, so it is never used. The canonical URI is exactly that path.

use super::sigv4::canonical_uri;
use super::uri_encode::percent_decode;
use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UploadTargetError {
    NotHttp(String),
    MissingHost(String),
    Unsupported(String, &'static str),
    NoBucketAndPrefix(String),
    BadFileName(String, &'static str),
    /// The name's UTF-8 bytes, over what S3's 1,024-byte key leaves beside the upload ID.
    NameTooLong(String, usize),
}

/// S3 keys are at most 1,024 bytes of UTF-8 (`KeyTooLongError`), and Panopto's key is
/// `{upload ID}/{file name}`: a GUID and a slash, 37 bytes, leave 987 for the name.
pub const MAX_KEY_BYTES: usize = 1024;
pub const MAX_FILE_NAME_BYTES: usize = MAX_KEY_BYTES - 37;

impl fmt::Display for UploadTargetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotHttp(t) => write!(f, "UploadTarget `{t}` is not an http:// or https:// URL"),
            Self::MissingHost(t) => write!(f, "UploadTarget `{t}` has no host"),
            Self::Unsupported(t, why) => write!(f, "UploadTarget `{t}` is not usable: {why}"),
            Self::NoBucketAndPrefix(t) => write!(
                f,
                "UploadTarget `{t}` does not end in /{{bucket}}/{{prefix}} (expected …/Panopto/Upload/{{id}})"
            ),
            Self::BadFileName(n, why) => write!(f, "file name `{n}` cannot be uploaded: {why}"),
            Self::NameTooLong(n, bytes) => write!(
                f,
                "file name `{n}` is too long to upload: {bytes} bytes of UTF-8, and Panopto's storage takes at most {MAX_FILE_NAME_BYTES}; rename the file"
            ),
        }
    }
}

impl std::error::Error for UploadTargetError {}

/// One object inside an upload target.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ObjectLocation {
    scheme: String,
    /// `host[:port]` exactly as a browser sends the `Host` header.
    host: String,
    /// Decoded target path without a trailing `/` (`/Panopto/Upload/{guid}`).
    target_path: String,
    file_name: String,
}

impl ObjectLocation {
    pub fn new(upload_target: &str, file_name: &str) -> Result<Self, UploadTargetError> {
        let t = upload_target.trim();
        let (scheme, rest) = t
            .split_once("://")
            .map(|(s, r)| (s.to_ascii_lowercase(), r))
            .filter(|(s, _)| s == "http" || s == "https")
            .ok_or_else(|| UploadTargetError::NotHttp(t.into()))?;
        if rest.contains(['?', '#']) {
            return Err(UploadTargetError::Unsupported(t.into(), "it has a query or fragment"));
        }
        let (authority, path) = rest.find('/').map_or((rest, ""), |i| rest.split_at(i));
        if authority.contains('@') {
            return Err(UploadTargetError::Unsupported(t.into(), "credentials in the URL"));
        }
        let host = browser_host(&scheme, authority).map_err(|why| match why {
            "" => UploadTargetError::MissingHost(t.into()),
            why => UploadTargetError::Unsupported(t.into(), why),
        })?;
        // The target is a URL (wire form); keep it decoded here and encode once on output.
        let target_path = percent_decode(path.trim_end_matches('/'));
        let segments = target_path.split('/').filter(|s| !s.is_empty()).count();
        if segments < 2 {
            return Err(UploadTargetError::NoBucketAndPrefix(t.into()));
        }
        Ok(ObjectLocation { scheme, host, target_path, file_name: base_name(file_name)? })
    }

    pub fn host(&self) -> &str {
        &self.host
    }

    pub fn file_name(&self) -> &str {
        &self.file_name
    }

    /// The decoded object path: what the signer's canonical URI is computed from.
    pub fn path(&self) -> String {
        format!("{}/{}", self.target_path, self.file_name)
    }

    /// The S3 key in Panopto's split: `{prefix}/{file}` under bucket `Upload`.
    pub fn key(&self) -> String {
        let prefix = self.target_path.rsplit('/').next().unwrap_or_default();
        format!("{prefix}/{}", self.file_name)
    }

    /// The URL to send, built from the UriEncoded path so the browser sends it unchanged
    /// and the wire path equals the signed canonical URI byte for byte.
    pub fn url(&self) -> String {
        format!("{}://{}{}", self.scheme, self.host, canonical_uri(&self.path()))
    }

    /// The same upload target with another file in it (the manifest, a caption file).
    pub fn sibling(&self, file_name: &str) -> Result<Self, UploadTargetError> {
        Ok(ObjectLocation { file_name: base_name(file_name)?, ..self.clone() })
    }
}

/// Lower-case host, default port dropped, as the `Host` header a browser sends.
fn browser_host(scheme: &str, authority: &str) -> Result<String, &'static str> {
    let authority = authority.to_ascii_lowercase();
    let (host, port) = if let Some(rest) = authority.strip_prefix('[') {
        let (h, after) = rest.split_once(']').ok_or("unterminated IPv6 address")?;
        (format!("[{h}]"), after.strip_prefix(':'))
    } else {
        match authority.rsplit_once(':') {
            Some((h, p)) => (h.to_string(), Some(p)),
            None => (authority.clone(), None),
        }
    };
    if host.is_empty() || host == "[]" {
        return Err("");
    }
    if !host.is_ascii() {
        return Err("non-ASCII host names must be given in punycode");
    }
    let default = if scheme == "https" { "443" } else { "80" };
    match port {
        None | Some("") => Ok(host),
        Some(p) if !p.bytes().all(|b| b.is_ascii_digit()) || p.parse::<u32>().map_or(true, |n| n > 65_535) => {
            Err("the port is not a number from 0 to 65535")
        }
        Some(p) if p.trim_start_matches('0') == default => Ok(host),
        Some(p) => Ok(format!("{host}:{}", p.trim_start_matches('0'))),
    }
}

/// The key is the file's base name only: Panopto matches `<File>` in the manifest against
/// it exactly (case included), and `\` from Windows paths must not become part of a key.
pub fn base_name(file_name: &str) -> Result<String, UploadTargetError> {
    let base = file_name.rsplit(['/', '\\']).next().unwrap_or_default();
    let err = |why| Err(UploadTargetError::BadFileName(file_name.to_string(), why));
    if base.is_empty() {
        return err("it is empty");
    }
    if base == "." || base == ".." {
        // A browser's URL parser removes dot segments, so such a key cannot be addressed.
        return err("`.` and `..` cannot be addressed from a browser");
    }
    if base.chars().any(|c| c.is_control()) {
        return err("it contains control characters, which the XML manifest cannot hold");
    }
    if base.len() > MAX_FILE_NAME_BYTES {
        return Err(UploadTargetError::NameTooLong(base.to_string(), base.len()));
    }
    Ok(base.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    // Run the same unit tests in the browser under `wasm-pack test`.
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn panopto_target_to_path_style_url() {
        let o = ObjectLocation::new(
            "https://deakin.au.panopto.com/Panopto/Upload/86cb20c2-a0a1-4c24-94c7-3a75532816df/",
            "lecture 1.mp4",
        )
        .unwrap();
        assert_eq!(o.host(), "deakin.au.panopto.com");
        assert_eq!(o.path(), "/Panopto/Upload/86cb20c2-a0a1-4c24-94c7-3a75532816df/lecture 1.mp4");
        assert_eq!(o.key(), "86cb20c2-a0a1-4c24-94c7-3a75532816df/lecture 1.mp4");
        assert_eq!(
            o.url(),
            "https://deakin.au.panopto.com/Panopto/Upload/86cb20c2-a0a1-4c24-94c7-3a75532816df/lecture%201.mp4"
        );
    }

    #[test]
    fn host_as_the_browser_sends_it() {
        let host = |t: &str| ObjectLocation::new(t, "a").unwrap().host().to_string();
        assert_eq!(host("http://LOCALHOST:8080/Panopto/Upload/x"), "localhost:8080");
        assert_eq!(host("http://h:80/Panopto/Upload/x"), "h");
        assert_eq!(host("https://h:443/Panopto/Upload/x"), "h");
        assert_eq!(host("https://h:80/Panopto/Upload/x"), "h:80");
        assert_eq!(host("http://[::1]:9000/Panopto/Upload/x"), "[::1]:9000");
    }

    #[test]
    fn awkward_file_names_are_encoded_once() {
        let o = ObjectLocation::new("http://127.0.0.1:8080/Panopto/Upload/id", "C:\\videos\\a+b (1)*'~ é.mp4").unwrap();
        assert_eq!(o.file_name(), "a+b (1)*'~ é.mp4");
        assert_eq!(o.url(), "http://127.0.0.1:8080/Panopto/Upload/id/a%2Bb%20%281%29%2A%27~%20%C3%A9.mp4");
        let s = o.sibling("manifest.xml").unwrap();
        assert_eq!(s.url(), "http://127.0.0.1:8080/Panopto/Upload/id/manifest.xml");
    }

    #[test]
    fn bad_targets_and_names_say_why() {
        let bad = |t: &str| ObjectLocation::new(t, "a.mp4").unwrap_err().to_string();
        assert!(bad("ftp://h/Panopto/Upload/x").contains("not an http"));
        assert!(bad("https:///Panopto/Upload/x").contains("has no host"));
        assert!(bad("https://h/Upload").contains("/{bucket}/{prefix}"));
        assert!(bad("https://h/Panopto/Upload/x?a=1").contains("query"));
        assert!(bad("https://h:99999/Panopto/Upload/x").contains("port"));
        assert!(bad("https://u:p@h/Panopto/Upload/x").contains("credentials"));
        for name in ["", "dir/", "..", "a\u{0}b"] {
            let e = ObjectLocation::new("https://h/P/U", name).unwrap_err();
            assert!(matches!(e, UploadTargetError::BadFileName(..)), "{name:?}");
        }
    }

    /// The element and the emulator agree on S3's key limit: a name of 987 bytes makes a
    /// 1,024-byte key under a GUID, one more byte is refused before any session is made.
    #[test]
    fn a_name_that_would_make_the_key_longer_than_s3_allows_is_refused() {
        let id = "86cb20c2-a0a1-4c24-94c7-3a75532816df";
        let target = format!("https://h/Panopto/Upload/{id}");
        let longest = format!("{}.mp4", "n".repeat(MAX_FILE_NAME_BYTES - 4));
        assert_eq!(ObjectLocation::new(&target, &longest).unwrap().key().len(), MAX_KEY_BYTES);
        // UTF-8 bytes count, not characters: "é" is two.
        let over = format!("é{}", &longest[1..]);
        let e = ObjectLocation::new(&target, &over).unwrap_err();
        assert_eq!(e, UploadTargetError::NameTooLong(over.clone(), MAX_FILE_NAME_BYTES + 1));
        assert!(e.to_string().contains("988 bytes") && e.to_string().contains("at most 987"), "{e}");
    }
}
