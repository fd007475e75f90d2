//! How far a StreamUpload got: uploading (the `upload` object with its UploadTarget, and
//! the one file's multipart record) or finished (State 1 accepted: only polling is left).
//! Before the upload exists there is no stream record (`UploadRecord::Fresh`).
//!
//! Written only by [`StreamChange::apply`].

use crate::core::json::{object, tagged, unknown_variant, variant, Fields, FromJson, Json, JsonError, ToJson};
use crate::core::panopto_rest::StreamUpload;
use crate::engine::record::{FileChange, FileRecord};

#[derive(Clone, Debug, PartialEq)]
pub enum StreamRecord {
    Uploading {
        upload: StreamUpload,
        file: FileRecord,
    },
    /// PUT State 1 was accepted.
    Finished {
        upload: StreamUpload,
    },
}

/// As serde wrote the enum: `{"Uploading": {"upload", "file"}}` or `{"Finished": {"upload"}}`.
impl FromJson for StreamRecord {
    fn from_json(v: &Json) -> Result<Self, JsonError> {
        match variant(v, "StreamRecord")? {
            ("Uploading", Some(fields)) => {
                let f = Fields::of(fields, "variant StreamRecord::Uploading")?;
                Ok(StreamRecord::Uploading { upload: f.get("upload")?, file: f.get("file")? })
            }
            ("Finished", Some(fields)) => Ok(StreamRecord::Finished {
                upload: Fields::of(fields, "variant StreamRecord::Finished")?.get("upload")?,
            }),
            (name, _) => Err(unknown_variant(name, "StreamRecord")),
        }
    }
}

impl ToJson for StreamRecord {
    fn to_json(&self) -> Json {
        match self {
            StreamRecord::Uploading { upload, file } => {
                tagged("Uploading", Json::Object(object([("upload", upload.to_json()), ("file", file.to_json())])))
            }
            StreamRecord::Finished { upload } => {
                tagged("Finished", Json::Object(object([("upload", upload.to_json())])))
            }
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum StreamChange {
    Created(StreamUpload),
    File(FileChange),
    /// Panopto accepted State 1 (or, checked on resume, is already past it).
    Finished,
    /// Panopto no longer has the upload (cancelled, deleted, timed out): forget it.
    Gone,
}

impl StreamChange {
    /// The one place a stream's record changes (`None`: nothing created yet).
    pub fn apply(self, record: &mut Option<StreamRecord>) {
        match (record.as_mut(), self) {
            (_, StreamChange::Created(upload)) => {
                *record = Some(StreamRecord::Uploading { upload, file: FileRecord::Pending })
            }
            (Some(StreamRecord::Uploading { file, .. }), StreamChange::File(change)) => file.apply(change),
            (Some(StreamRecord::Uploading { upload, .. }), StreamChange::Finished) => {
                *record = Some(StreamRecord::Finished { upload: upload.clone() })
            }
            (_, StreamChange::Gone) => *record = None,
            // Not something a run does; never make a record up from it.
            (None | Some(StreamRecord::Finished { .. }), StreamChange::File(_) | StreamChange::Finished) => {}
        }
    }
}

impl StreamRecord {
    pub fn upload(&self) -> &StreamUpload {
        match self {
            StreamRecord::Uploading { upload, .. } | StreamRecord::Finished { upload } => upload,
        }
    }

    /// The upload's ID (Panopto always gives one; an empty one is refused at creation).
    pub fn id(&self) -> &str {
        self.upload().id.as_deref().unwrap_or_default()
    }

    pub fn file(&self) -> FileRecord {
        match self {
            StreamRecord::Uploading { file, .. } => file.clone(),
            StreamRecord::Finished { .. } => FileRecord::Pending,
        }
    }

    pub fn bytes_done(&self, total: u64) -> u64 {
        match self {
            StreamRecord::Uploading { file, .. } => file.bytes_done(),
            StreamRecord::Finished { .. } => total,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::panopto_rest::StreamType;
    use crate::engine::record::UploadedFile;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn created_file_finished_gone() {
        let upload = StreamUpload {
            id: Some("86cb20c2-a0a1-4c24-94c7-3a75532816df".into()),
            session_id: "0e0e0e0e-1111-4222-8333-444455556666".into(),
            stream_type: Some(StreamType::SecondaryVideo),
            stream_start_time: None,
            import_job_id: None,
            upload_target: Some("http://x/Panopto/Upload/86cb20c2-a0a1-4c24-94c7-3a75532816df".into()),
            state: None,
            message_id: None,
            message: None,
            extra: Default::default(),
        };
        let done = UploadedFile { name: "a.mp4".into(), size: 10, crc32: 0, etag: "e".into() };
        let mut r = None;
        StreamChange::File(FileChange::Done(done.clone())).apply(&mut r);
        assert_eq!(r, None, "nothing before the creation");
        StreamChange::Created(upload.clone()).apply(&mut r);
        StreamChange::File(FileChange::Done(done.clone())).apply(&mut r);
        assert_eq!(r.as_ref().unwrap().file(), FileRecord::Done(done));
        assert_eq!(r.as_ref().unwrap().bytes_done(10), 10);
        assert_eq!(r.as_ref().unwrap().id(), "86cb20c2-a0a1-4c24-94c7-3a75532816df");
        StreamChange::Finished.apply(&mut r);
        assert_eq!(r, Some(StreamRecord::Finished { upload }));
        let json = crate::core::json::to_string(&r).unwrap();
        assert_eq!(crate::core::json::from_str::<Option<StreamRecord>>(&json).unwrap(), r);
        StreamChange::Gone.apply(&mut r);
        assert_eq!(r, None);
    }
}
