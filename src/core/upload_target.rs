//! The UploadTarget rule: where a file's bytes go.
//!
//! Panopto answers `POST sessionUpload` with an `UploadTarget` such as
//! `https://host/Panopto/Upload/{guid}`. Its official samples split that into
//! endpoint `https://host/Panopto`, bucket `Upload`, key `{guid}/{file}` — which is simply
//! the path-style URL `UploadTarget + "/" + file`. Virtual-host style would turn "Upload"
//! into a host label, so it is never used. The canonical URI is exactly that path.

use super::sigv4::canonical_uri;
use super::uri_encode::percent_decode;

/// Why an UploadTarget or a file name cannot be used (the words are the catalogue's, in
/// `ui/i18n`: this says which case it is).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UploadTargetError {
    NotHttp(String),
    MissingHost(String),
    Unsupported(String, TargetFlaw),
    NoBucketAndPrefix(String),
    BadFileName(String, NameFlaw),
    /// The name's UTF-8 bytes, over what S3's 1,024-byte key leaves beside the upload ID.
    NameTooLong(String, usize),
}

/// What makes an UploadTarget unusable.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TargetFlaw {
    QueryOrFragment,
    Credentials,
    UnterminatedIpv6,
    /// Non-ASCII host names must be given in punycode.
    NonAsciiHost,
    /// The port is not a number from 0 to 65535.
    BadPort,
}

/// What makes a file name unusable as an object key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameFlaw {
    Empty,
    /// `.` and `..` cannot be addressed from a browser.
    DotSegment,
    /// Control characters, which the XML manifest cannot hold.
    ControlCharacters,
}

/// S3 keys are at most 1,024 bytes of UTF-8 (`KeyTooLongError`), and Panopto's key is
/// `{upload ID}/{file name}`: a GUID and a slash, 37 bytes, leave 987 for the name.
pub const MAX_KEY_BYTES: usize = 1024;
pub const MAX_FILE_NAME_BYTES: usize = MAX_KEY_BYTES - 37;

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
            return Err(UploadTargetError::Unsupported(t.into(), TargetFlaw::QueryOrFragment));
        }
        let (authority, path) = rest.find('/').map_or((rest, ""), |i| rest.split_at(i));
        if authority.contains('@') {
            return Err(UploadTargetError::Unsupported(t.into(), TargetFlaw::Credentials));
        }
        let host = browser_host(&scheme, authority).map_err(|flaw| match flaw {
            None => UploadTargetError::MissingHost(t.into()),
            Some(flaw) => UploadTargetError::Unsupported(t.into(), flaw),
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

/// Lower-case host, default port dropped, as the `Host` header a browser sends (`Err(None)`:
/// there is no host).
fn browser_host(scheme: &str, authority: &str) -> Result<String, Option<TargetFlaw>> {
    let authority = authority.to_ascii_lowercase();
    let (host, port) = if let Some(rest) = authority.strip_prefix('[') {
        let (h, after) = rest.split_once(']').ok_or(Some(TargetFlaw::UnterminatedIpv6))?;
        (format!("[{h}]"), after.strip_prefix(':'))
    } else {
        match authority.rsplit_once(':') {
            Some((h, p)) => (h.to_string(), Some(p)),
            None => (authority.clone(), None),
        }
    };
    if host.is_empty() || host == "[]" {
        return Err(None);
    }
    if !host.is_ascii() {
        return Err(Some(TargetFlaw::NonAsciiHost));
    }
    let default = if scheme == "https" { "443" } else { "80" };
    match port {
        None | Some("") => Ok(host),
        Some(p) if !p.bytes().all(|b| b.is_ascii_digit()) || p.parse::<u32>().map_or(true, |n| n > 65_535) => {
            Err(Some(TargetFlaw::BadPort))
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
        return err(NameFlaw::Empty);
    }
    if base == "." || base == ".." {
        // A browser's URL parser removes dot segments, so such a key cannot be addressed.
        return err(NameFlaw::DotSegment);
    }
    if base.chars().any(|c| c.is_control()) {
        return err(NameFlaw::ControlCharacters);
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
        // (Their words, in every language, are tested with the catalogue: ui/i18n/tests.rs.)
        use TargetFlaw as F;
        use UploadTargetError as E;
        let bad = |t: &str| ObjectLocation::new(t, "a.mp4").unwrap_err();
        assert_eq!(bad("ftp://h/Panopto/Upload/x"), E::NotHttp("ftp://h/Panopto/Upload/x".into()));
        assert_eq!(bad("https:///Panopto/Upload/x"), E::MissingHost("https:///Panopto/Upload/x".into()));
        assert_eq!(bad("https://h/Upload"), E::NoBucketAndPrefix("https://h/Upload".into()));
        assert!(matches!(bad("https://h/Panopto/Upload/x?a=1"), E::Unsupported(_, F::QueryOrFragment)));
        assert!(matches!(bad("https://h:99999/Panopto/Upload/x"), E::Unsupported(_, F::BadPort)));
        assert!(matches!(bad("https://u:p@h/Panopto/Upload/x"), E::Unsupported(_, F::Credentials)));
        assert!(matches!(bad("https://[::1/Panopto/Upload/x"), E::Unsupported(_, F::UnterminatedIpv6)));
        assert!(matches!(bad("https://hé/Panopto/Upload/x"), E::Unsupported(_, F::NonAsciiHost)));
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
    }
}
