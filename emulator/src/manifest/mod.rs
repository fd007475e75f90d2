//! Processing checks for a session upload, in Panopto's order: (a) exactly one manifest,
//! (b) schema-valid, (c) every referenced file uploaded, (d) every Checksum matches.

pub mod lexical;
pub mod schema;
pub mod summary;
pub mod validate;

use crate::objects::{self, ObjectMeta};
use std::path::Path;
use summary::Summary;

#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    pub message_id: i32,
    pub message: String,
}

/// MessageID values (non-zero) for ProcessingError; one per kind of problem.
pub mod msg {
    pub const NO_MANIFEST: i32 = 1001;
    pub const MULTIPLE_MANIFESTS: i32 = 1002;
    pub const INVALID_MANIFEST: i32 = 1003;
    pub const MISSING_FILE: i32 = 1004;
    pub const CHECKSUM_MISMATCH: i32 = 1005;
    pub const STREAM_NO_FILE: i32 = 1006;
    pub const STREAM_MULTIPLE_FILES: i32 = 1007;
    pub const INTERNAL: i32 = 1099;
}

fn fail(message_id: i32, message: String) -> Failure {
    Failure { message_id, message }
}

/// Manifests larger than this are not read (no real manifest comes close).
const MAX_MANIFEST: u64 = 16 * 1024 * 1024;

/// On success, what the session takes from its manifest.
pub fn check_session(dir: &Path, objs: &[ObjectMeta]) -> Result<Summary, Failure> {
    let mut manifests: Vec<(&ObjectMeta, String)> = Vec::new();
    let mut not_xml: Vec<String> = Vec::new();
    for o in objs.iter().filter(|o| o.key.to_ascii_lowercase().ends_with(".xml")) {
        if o.size > MAX_MANIFEST {
            continue;
        }
        let Ok(bytes) = std::fs::read(objects::data_path(dir, &o.key)) else { continue };
        let text = String::from_utf8_lossy(&bytes).into_owned();
        match validate::parse(&text) {
            Ok(doc) => {
                if matches!(validate::root_kind(&doc), validate::RootKind::Manifest) {
                    drop(doc);
                    manifests.push((o, text));
                }
            }
            Err(e) => not_xml.push(format!("{} is {e}", o.key)),
        }
    }
    let (m, text) = match manifests.len() {
        0 => {
            let mut s = "No session manifest (.xml) was uploaded".to_string();
            if !not_xml.is_empty() {
                s.push_str(&format!(" ({})", not_xml.join("; ")));
            }
            return Err(fail(msg::NO_MANIFEST, s));
        }
        1 => manifests.remove(0),
        _ => {
            let names: Vec<&str> = manifests.iter().map(|(o, _)| o.key.as_str()).collect();
            return Err(fail(
                msg::MULTIPLE_MANIFESTS,
                format!("More than one session manifest was uploaded: {} (exactly one is allowed)", names.join(", ")),
            ));
        }
    };
    let invalid = |e: String| fail(msg::INVALID_MANIFEST, format!("Manifest {} is invalid: {e}", m.key));
    let doc = validate::parse(&text).map_err(invalid)?;
    let v = validate::validate_doc(&doc).map_err(invalid)?;
    for r in &v.refs {
        let Some(obj) = objs.iter().find(|o| o.key == r.name) else {
            return Err(fail(
                msg::MISSING_FILE,
                format!("File '{}' referenced by the manifest ({}) was not uploaded", r.name, r.path),
            ));
        };
        if let Some(ck) = &r.checksum {
            // The UCS validator compares int(Checksum, 16) with zlib.crc32, i.e. case-insensitively.
            let want = u32::from_str_radix(ck, 16).unwrap_or(0);
            if want != obj.crc32 {
                return Err(fail(
                    msg::CHECKSUM_MISMATCH,
                    format!(
                        "Checksum mismatch for file '{}' ({}): the manifest says {}, but the uploaded file's CRC-32 is {:08x}",
                        r.name, r.path, ck, obj.crc32
                    ),
                ));
            }
        }
    }
    Ok(summary::of(&doc))
}

/// A stream upload carries exactly one media file and no manifest.
pub fn check_stream(objs: &[ObjectMeta]) -> Result<String, Failure> {
    match objs.len() {
        0 => Err(fail(msg::STREAM_NO_FILE, "No file was uploaded".into())),
        1 => Ok(objs[0].key.clone()),
        _ => {
            let names: Vec<&str> = objs.iter().map(|o| o.key.as_str()).collect();
            Err(fail(
                msg::STREAM_MULTIPLE_FILES,
                format!(
                    "A stream upload must contain exactly one file, but {} were uploaded: {}",
                    objs.len(),
                    names.join(", ")
                ),
            ))
        }
    }
}

#[cfg(test)]
mod tests;
