//! How far a sessionUpload got: uploading (the sessionUpload with its UploadTarget, and a
//! [`FileRecord`] per file and for the manifest) or finished (State 1 accepted: only
//! polling is left). Before the sessionUpload exists there is no session record at all
//! (`UploadRecord::Fresh`).
//!
//! Written only by [`SessionChange::apply`].

use crate::core::json::{object, tagged, unknown_variant, variant, Fields, FromJson, Json, JsonError, ToJson};
use crate::core::panopto_rest::SessionUpload;
use crate::engine::record::{FileChange, FileRecord};

#[derive(Clone, Debug, PartialEq)]
pub enum SessionRecord {
    Uploading {
        upload: SessionUpload,
        /// One per file of the spec, in its order (primary, secondary, captions).
        files: Vec<FileRecord>,
        manifest: FileRecord,
    },
    /// PUT State 1 was accepted.
    Finished { upload: SessionUpload },
}

/// Which file of the session.
/// As serde wrote the enum: `{"Uploading": {"upload", "files", "manifest"}}` or
/// `{"Finished": {"upload"}}`.
impl FromJson for SessionRecord {
    fn from_json(v: &Json) -> Result<Self, JsonError> {
        let (name, fields) = variant(v, "SessionRecord")?;
        match (name, fields) {
            ("Uploading", Some(fields)) => {
                let f = Fields::of(fields, "variant SessionRecord::Uploading")?;
                Ok(SessionRecord::Uploading {
                    upload: f.get("upload")?,
                    files: f.get("files")?,
                    manifest: f.get("manifest")?,
                })
            }
            ("Finished", Some(fields)) => Ok(SessionRecord::Finished {
                upload: Fields::of(fields, "variant SessionRecord::Finished")?.get("upload")?,
            }),
            (name, _) => Err(unknown_variant(name, "SessionRecord")),
        }
    }
}

impl ToJson for SessionRecord {
    fn to_json(&self) -> Json {
        match self {
            SessionRecord::Uploading { upload, files, manifest } => tagged(
                "Uploading",
                Json::Object(object([
                    ("upload", upload.to_json()),
                    ("files", files.to_json()),
                    ("manifest", manifest.to_json()),
                ])),
            ),
            SessionRecord::Finished { upload } => {
                tagged("Finished", Json::Object(object([("upload", upload.to_json())])))
            }
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Slot {
    File(usize),
    Manifest,
}

#[derive(Clone, Debug, PartialEq)]
pub enum SessionChange {
    /// The sessionUpload was created for a spec of `files` files.
    Created {
        upload: SessionUpload,
        files: usize,
    },
    File(Slot, FileChange),
    /// Panopto accepted State 1 (or, checked on resume, is already past it).
    Finished,
    /// Panopto no longer has the sessionUpload (cancelled, deleted, timed out): forget it.
    Gone,
}

impl SessionChange {
    /// The one place a session's record changes (`None`: nothing created yet).
    pub fn apply(self, record: &mut Option<SessionRecord>) {
        match (record.as_mut(), self) {
            (_, SessionChange::Created { upload, files }) => {
                *record = Some(SessionRecord::Uploading {
                    upload,
                    files: vec![FileRecord::Pending; files],
                    manifest: FileRecord::Pending,
                })
            }
            (Some(SessionRecord::Uploading { files, manifest, .. }), SessionChange::File(slot, change)) => {
                let file = match slot {
                    Slot::File(i) => files.get_mut(i),
                    Slot::Manifest => Some(manifest),
                };
                if let Some(file) = file {
                    file.apply(change);
                }
            }
            (Some(SessionRecord::Uploading { upload, .. }), SessionChange::Finished) => {
                *record = Some(SessionRecord::Finished { upload: upload.clone() })
            }
            (_, SessionChange::Gone) => *record = None,
            // A file change after the finish, or any change before the creation: not
            // something a run does; never make a record up from it.
            (None | Some(SessionRecord::Finished { .. }), SessionChange::File(..) | SessionChange::Finished) => {}
        }
    }
}

impl SessionRecord {
    pub fn upload(&self) -> &SessionUpload {
        match self {
            SessionRecord::Uploading { upload, .. } | SessionRecord::Finished { upload } => upload,
        }
    }

    /// The record of one file (`Pending` when there is none, as after the finish).
    pub fn file(&self, slot: Slot) -> FileRecord {
        match (self, slot) {
            (SessionRecord::Uploading { files, .. }, Slot::File(i)) => files.get(i).cloned().unwrap_or_default(),
            (SessionRecord::Uploading { manifest, .. }, Slot::Manifest) => manifest.clone(),
            (SessionRecord::Finished { .. }, _) => FileRecord::Pending,
        }
    }

    /// Bytes of the teacher's files the server holds, of `total` (the manifest is ours).
    pub fn bytes_done(&self, total: u64) -> u64 {
        match self {
            SessionRecord::Uploading { files, .. } => files.iter().map(FileRecord::bytes_done).sum(),
            SessionRecord::Finished { .. } => total,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::panopto_rest::UploadStatus;
    use crate::engine::record::UploadedFile;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn upload() -> SessionUpload {
        SessionUpload {
            id: "86cb20c2-a0a1-4c24-94c7-3a75532816df".into(),
            folder_id: "3f8c2a71-9d4e-4b6a-8c15-7e2f0a9d4b31".into(),
            session_id: None,
            upload_target: Some("http://x/Panopto/Upload/86cb20c2-a0a1-4c24-94c7-3a75532816df".into()),
            state: UploadStatus::Uploading,
            message_id: None,
            message: None,
            extra: Default::default(),
        }
    }

    #[test]
    fn created_files_done_finished_gone() {
        let mut r = None;
        SessionChange::File(Slot::File(0), FileChange::Restarted).apply(&mut r);
        assert_eq!(r, None, "nothing before the creation");
        SessionChange::Created { upload: upload(), files: 2 }.apply(&mut r);
        let done = UploadedFile { name: "a.mp4".into(), size: 10, crc32: 0, etag: "e".into() };
        SessionChange::File(Slot::File(1), FileChange::Done(done.clone())).apply(&mut r);
        SessionChange::File(Slot::File(7), FileChange::Done(done.clone())).apply(&mut r);
        let s = r.clone().unwrap();
        assert_eq!(s.file(Slot::File(1)), FileRecord::Done(done));
        assert_eq!(s.file(Slot::File(0)), FileRecord::Pending);
        assert_eq!(s.bytes_done(30), 10);
        SessionChange::Finished.apply(&mut r);
        assert_eq!(r, Some(SessionRecord::Finished { upload: upload() }));
        assert_eq!(r.as_ref().unwrap().bytes_done(30), 30);
        SessionChange::Gone.apply(&mut r);
        assert_eq!(r, None);
    }
}
