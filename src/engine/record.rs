//! How far one file got on the server, as the engine records it and a reload resumes it:
//! pending, open (a multipart upload with its acknowledged parts), or done.
//!
//! The record is only ever changed by [`FileRecord::apply`], with a [`FileChange`]: every
//! write is in this one function, so the record is always exactly as far as the server
//! got, whatever stops the upload, and every change is a checkpoint for the saver.

use crate::core::json::{object, tagged, unknown_variant, variant, Fields, FromJson, Json, JsonError, ToJson};
use std::collections::BTreeMap;

/// What is known once a file is uploaded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UploadedFile {
    pub name: String,
    pub size: u64,
    /// For the manifest's `Checksum` (combined from the parts' CRCs).
    pub crc32: u32,
    pub etag: String,
}

/// A part the server acknowledged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AckedPart {
    /// `None` when CORS hid the header; recovered with ListParts before completing.
    pub etag: Option<String>,
    pub crc32: u32,
    pub size: u64,
    /// MD5 of the bytes sent, kept only when the ETag was hidden: S3's part ETag is the
    /// MD5 of the part, so the ETag ListParts returns later can be checked against it.
    /// Written only when there is one.
    pub md5: Option<String>,
}

/// An open multipart upload: everything needed to continue it after a failure, a pause or
/// (persisted) a reload, without re-sending an acknowledged part.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MultipartState {
    /// The object's name in the upload target (what a cancel must abort).
    pub file_name: String,
    pub upload_id: String,
    pub part_size: u64,
    /// In JSON an object keyed by the part numbers as text (see [`parts_to_json`]).
    pub parts: BTreeMap<u32, AckedPart>,
}

// The record as JSON, field for field as serde derived it before (records saved by earlier
// versions load): structs as objects with the fields' names, `FileRecord` as serde writes an
// enum (`"Pending"`, `{"Open": …}`, `{"Done": …}`).

impl FromJson for UploadedFile {
    fn from_json(v: &Json) -> Result<Self, JsonError> {
        let f = Fields::of(v, "UploadedFile")?;
        Ok(UploadedFile { name: f.get("name")?, size: f.get("size")?, crc32: f.get("crc32")?, etag: f.get("etag")? })
    }
}

impl ToJson for UploadedFile {
    fn to_json(&self) -> Json {
        Json::Object(object([
            ("name", self.name.to_json()),
            ("size", self.size.to_json()),
            ("crc32", self.crc32.to_json()),
            ("etag", self.etag.to_json()),
        ]))
    }
}

impl FromJson for AckedPart {
    fn from_json(v: &Json) -> Result<Self, JsonError> {
        let f = Fields::of(v, "AckedPart")?;
        Ok(AckedPart { etag: f.get("etag")?, crc32: f.get("crc32")?, size: f.get("size")?, md5: f.get("md5")? })
    }
}

impl ToJson for AckedPart {
    fn to_json(&self) -> Json {
        let mut members =
            object([("etag", self.etag.to_json()), ("crc32", self.crc32.to_json()), ("size", self.size.to_json())]);
        if let Some(md5) = &self.md5 {
            members.push(("md5".into(), md5.to_json()));
        }
        Json::Object(members)
    }
}

/// The parts by number, with the numbers as JSON object keys (text), in number order, as
/// serde_json wrote a map with integer keys.
fn parts_to_json(parts: &BTreeMap<u32, AckedPart>) -> Json {
    Json::Object(parts.iter().map(|(n, p)| (n.to_string(), p.to_json())).collect())
}

fn parts_from_json(v: &Json) -> Result<BTreeMap<u32, AckedPart>, JsonError> {
    let Json::Object(members) = v else {
        return Err(crate::core::json::expected(v, "a map"));
    };
    members
        .iter()
        .map(|(n, p)| {
            let number = n.parse::<u32>().map_err(|_| JsonError::new(format!("part number “{n}”")))?;
            Ok((number, AckedPart::from_json(p).map_err(|e| JsonError::new(format!("{n}: {e}")))?))
        })
        .collect()
}

impl FromJson for MultipartState {
    fn from_json(v: &Json) -> Result<Self, JsonError> {
        let f = Fields::of(v, "MultipartState")?;
        let parts = f.value("parts")?;
        Ok(MultipartState {
            file_name: f.get("file_name")?,
            upload_id: f.get("upload_id")?,
            part_size: f.get("part_size")?,
            parts: parts_from_json(parts).map_err(|e| JsonError::new(format!("parts: {e}")))?,
        })
    }
}

impl ToJson for MultipartState {
    fn to_json(&self) -> Json {
        Json::Object(object([
            ("file_name", self.file_name.to_json()),
            ("upload_id", self.upload_id.to_json()),
            ("part_size", self.part_size.to_json()),
            ("parts", parts_to_json(&self.parts)),
        ]))
    }
}

impl FromJson for FileRecord {
    fn from_json(v: &Json) -> Result<Self, JsonError> {
        match variant(v, "FileRecord")? {
            ("Pending", None) => Ok(FileRecord::Pending),
            ("Open", Some(state)) => MultipartState::from_json(state).map(FileRecord::Open),
            ("Done", Some(file)) => UploadedFile::from_json(file).map(FileRecord::Done),
            (name, _) => Err(unknown_variant(name, "FileRecord")),
        }
    }
}

impl ToJson for FileRecord {
    fn to_json(&self) -> Json {
        match self {
            FileRecord::Pending => Json::String("Pending".into()),
            FileRecord::Open(state) => tagged("Open", state.to_json()),
            FileRecord::Done(file) => tagged("Done", file.to_json()),
        }
    }
}

impl MultipartState {
    pub fn bytes_acked(&self) -> u64 {
        self.parts.values().map(|p| p.size).sum()
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum FileRecord {
    /// Nothing of this file is on the server.
    #[default]
    Pending,
    Open(MultipartState),
    Done(UploadedFile),
}

/// One change to a file's record, as it happens on the server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileChange {
    /// CreateMultipartUpload answered.
    Opened(MultipartState),
    /// UploadPart was acknowledged.
    PartAcked(u32, AckedPart),
    /// ListParts settled which parts the server holds (on resume): these, and no others.
    PartsAgreed(BTreeMap<u32, AckedPart>),
    /// The server no longer knows the multipart upload (or it was made for other parts):
    /// start this file again.
    Restarted,
    /// CompleteMultipartUpload answered: the object exists.
    Done(UploadedFile),
}

impl FileRecord {
    /// The one place a file's record changes. A change that does not fit the record (a part
    /// acknowledged for a file that is not open) is ignored: it cannot happen in a run,
    /// and a record must never be made up from it.
    pub fn apply(&mut self, change: FileChange) {
        match (&mut *self, change) {
            (_, FileChange::Opened(state)) => *self = FileRecord::Open(state),
            (FileRecord::Open(state), FileChange::PartAcked(number, part)) => {
                state.parts.insert(number, part);
            }
            (FileRecord::Open(state), FileChange::PartsAgreed(parts)) => state.parts = parts,
            (_, FileChange::Restarted) => *self = FileRecord::Pending,
            (_, FileChange::Done(file)) => *self = FileRecord::Done(file),
            (FileRecord::Pending | FileRecord::Done(_), FileChange::PartAcked(..) | FileChange::PartsAgreed(_)) => {}
        }
    }

    /// Bytes the server already holds.
    pub fn bytes_done(&self) -> u64 {
        match self {
            FileRecord::Pending => 0,
            FileRecord::Open(state) => state.bytes_acked(),
            FileRecord::Done(file) => file.size,
        }
    }
}

/// Where one file's record lives while it uploads: reads give the record as it is, writes
/// go through [`FileRecord::apply`] and are checkpoints. The flow that owns the whole record
/// (a session of several files, a single stream) implements it.
pub trait FileLog {
    fn read(&self) -> FileRecord;
    fn write(&self, change: FileChange);
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn part(size: u64) -> AckedPart {
        AckedPart { etag: Some("\"e\"".into()), crc32: 1, size, md5: None }
    }

    #[test]
    fn a_file_goes_pending_open_done_and_counts_its_bytes() {
        let mut r = FileRecord::default();
        r.apply(FileChange::PartAcked(1, part(5)));
        assert_eq!(r, FileRecord::Pending, "no part without an open upload");
        let state =
            MultipartState { file_name: "a.mp4".into(), upload_id: "u".into(), part_size: 5, parts: BTreeMap::new() };
        r.apply(FileChange::Opened(state));
        r.apply(FileChange::PartAcked(1, part(5)));
        r.apply(FileChange::PartAcked(2, part(3)));
        assert_eq!(r.bytes_done(), 8);
        r.apply(FileChange::PartsAgreed(BTreeMap::from([(2, part(3))])));
        assert_eq!(r.bytes_done(), 3, "only what the server listed");
        r.apply(FileChange::Restarted);
        assert_eq!(r, FileRecord::Pending);
        let done = UploadedFile { name: "a.mp4".into(), size: 8, crc32: 7, etag: "\"x-2\"".into() };
        r.apply(FileChange::Done(done));
        assert_eq!(r.bytes_done(), 8);
        let json = crate::core::json::to_string(&r).unwrap();
        assert_eq!(crate::core::json::from_str::<FileRecord>(&json).unwrap(), r);
    }
}
