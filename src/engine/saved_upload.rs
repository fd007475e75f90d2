//! Uploads saved in the browser (IndexedDB) so that a reload, a crash or a closed laptop
//! does not lose a multi-GB upload: the flow's [`UploadRecord`] (for a session: the
//! sessionUpload, its UploadTarget, each open multipart upload with its acknowledged parts
//! and ETags), keyed by the file's [`Fingerprint`]. Never a token: tokens are short-lived
//! secrets of the host page.
//!
//! The storage itself is the [`SavedUploads`] port: IndexedDB in the browser, a map in tests.

use super::fingerprint::Fingerprint;
use super::flow::FlowIdentity;
use super::ports::SavedUploads;
use super::upload_record::UploadRecord;
use crate::core::json::{object, Fields, FromJson, Json, JsonError, ToJson};

/// Records older than this are deleted: Panopto times out abandoned sessionUploads long
/// before, and a week-old half upload is not what the teacher means to continue.
pub const EXPIRY_MS: f64 = 7.0 * 24.0 * 3600.0 * 1000.0;
/// Records of another version are dropped (2: the record became enums, one per flow).
const VERSION: u32 = 2;

#[derive(Clone, Debug, PartialEq)]
pub struct SavedUpload {
    pub version: u32,
    pub fingerprint: Fingerprint,
    /// Where it was going and with which files: a record is only offered back to an
    /// upload of the same files to the same place.
    pub identity: FlowIdentity,
    pub record: UploadRecord,
    /// Written as whole ms (`Date.now()` is), so no float formatting ships.
    pub saved_ms: f64,
}

impl FromJson for SavedUpload {
    fn from_json(v: &Json) -> Result<Self, JsonError> {
        let f = Fields::of(v, "SavedUpload")?;
        let saved = f.value("saved_ms")?;
        Ok(SavedUpload {
            version: f.get("version")?,
            fingerprint: f.get("fingerprint")?,
            identity: f.get("identity")?,
            record: f.get("record")?,
            saved_ms: saved.as_whole_ms().ok_or_else(|| JsonError::new("saved_ms: not a time in ms"))?,
        })
    }
}

impl ToJson for SavedUpload {
    fn to_json(&self) -> Json {
        Json::Object(object([
            ("version", self.version.to_json()),
            ("fingerprint", self.fingerprint.to_json()),
            ("identity", self.identity.to_json()),
            ("record", self.record.to_json()),
            ("saved_ms", Json::whole_ms(self.saved_ms)),
        ]))
    }
}

impl SavedUpload {
    pub fn new(fingerprint: Fingerprint, identity: FlowIdentity, record: UploadRecord, now_ms: f64) -> Self {
        SavedUpload { version: VERSION, fingerprint, identity, record, saved_ms: now_ms }
    }

    pub fn is_expired(&self, now_ms: f64) -> bool {
        now_ms - self.saved_ms > EXPIRY_MS
    }

    /// Whether this record can continue an upload that has `identity`.
    pub fn fits(&self, identity: &FlowIdentity) -> bool {
        self.identity.destination == identity.destination && self.identity.files == identity.files
    }

    /// How much of the files the server already has, in whole percent.
    pub fn percent_done(&self) -> u32 {
        let total = self.identity.total_bytes();
        (self.record.bytes_done(total).min(total) * 100).checked_div(total).unwrap_or(100) as u32
    }

    pub fn to_json(&self) -> String {
        crate::core::json::to_string(self).unwrap_or_default()
    }

    /// `None` for anything unreadable or from another version: a broken record is
    /// dropped, never a reason to fail an upload.
    pub fn from_json(json: &str) -> Option<Self> {
        crate::core::json::from_str::<SavedUpload>(json).ok().filter(|s| s.version == VERSION)
    }
}

/// The saved upload for `fingerprint`, if it is readable, not expired and the same file.
pub async fn find(store: &dyn SavedUploads, fingerprint: &Fingerprint, now_ms: f64) -> Option<SavedUpload> {
    let key = fingerprint.key();
    let json = store.get(&key).await?;
    match SavedUpload::from_json(&json) {
        Some(s) if !s.is_expired(now_ms) && s.fingerprint == *fingerprint => Some(s),
        _ => {
            store.delete(&key).await;
            None
        }
    }
}

/// Delete every expired or unreadable record (and expired completion markers, which
/// `tab_lock.rs` leaves beside them). Returns how many were deleted.
pub async fn purge_expired(store: &dyn SavedUploads, now_ms: f64) -> usize {
    sweep(store, now_ms, |_, _| {}).await
}

/// [`purge_expired`], handing each record that stays to `each` (its key and the record):
/// the page's list of unfinished uploads reads every record once, not a second time after
/// the purge (a record of a long upload is hundreds of KB of JSON).
pub async fn sweep(store: &dyn SavedUploads, now_ms: f64, mut each: impl FnMut(&str, &SavedUpload)) -> usize {
    let mut deleted = 0;
    for key in store.keys().await {
        let json = store.get(&key).await;
        let keep = match super::tab_lock::is_live_marker(&key, json.as_deref(), now_ms) {
            Some(live) => live,
            None => match json.and_then(|j| SavedUpload::from_json(&j)).filter(|s| !s.is_expired(now_ms)) {
                Some(saved) => {
                    each(&key, &saved);
                    true
                }
                None => false,
            },
        };
        if !keep {
            store.delete(&key).await;
            deleted += 1;
        }
    }
    deleted
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::record::FileRecord;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    /// A record as serde wrote it (on the host `saved_ms` was `….0`; in the browser
    /// `JSON.stringify` left the `.0` out): unknown sessionUpload fields, parts by number
    /// with and without `md5`, every kind of file.
    const SERDE_ERA: &str = concat!(
        r#"{"version":2,"fingerprint":{"name":"a \"b\".mp4","size":30,"last_modified_ms":-5,"edges_sha256":"ab"},"#,
        r#""identity":{"destination":"folder:f","title":"T","description":null,"files":[["a.mp4",20],["b.mp4",10]]},"#,
        r#""record":{"Session":{"Uploading":{"upload":{"ID":"i","FolderId":"f","SessionId":null,"UploadTarget":"http://u","#,
        r#""State":0,"MessageID":null,"Message":null,"Priority":2,"Zeta":{"a":[1,true]}},"#,
        r#""files":[{"Open":{"file_name":"a.mp4","upload_id":"up","part_size":5,"parts":{"1":{"etag":"\"e1\"","crc32":7,"size":5},"#,
        r#""10":{"etag":null,"crc32":8,"size":5,"md5":"m"}}}},{"Done":{"name":"b.mp4","size":10,"crc32":9,"etag":"e"}}],"#,
        r#""manifest":"Pending"}}},"saved_ms":1733580000000.0}"#
    );

    #[test]
    fn records_written_by_serde_load_and_are_written_the_same() {
        let saved = SavedUpload::from_json(SERDE_ERA).expect("a serde-era record loads");
        assert_eq!(saved.saved_ms, 1_733_580_000_000.0);
        assert_eq!(saved.fingerprint.last_modified_ms, -5);
        let UploadRecord::Session(session) = &saved.record else { panic!("{:?}", saved.record) };
        let crate::engine::session::record::SessionRecord::Uploading { upload, files, manifest } = &**session else {
            panic!("{session:?}")
        };
        assert_eq!(upload.extra.keys().collect::<Vec<_>>(), ["Priority", "Zeta"]);
        let FileRecord::Open(open) = &files[0] else { panic!("{files:?}") };
        assert_eq!(open.parts.keys().copied().collect::<Vec<_>>(), [1, 10]);
        assert_eq!(open.parts[&10].md5.as_deref(), Some("m"));
        assert_eq!(*manifest, FileRecord::Pending);
        assert_eq!(saved.percent_done(), 66);
        // Written as serde wrote it, the time as the browser wrote it (whole ms).
        assert_eq!(saved.to_json(), SERDE_ERA.replace("1733580000000.0", "1733580000000"));
        assert_eq!(SavedUpload::from_json(&saved.to_json()), Some(saved));
    }

    #[test]
    fn unreadable_or_other_version_records_are_none() {
        assert_eq!(SavedUpload::from_json("{"), None);
        assert_eq!(SavedUpload::from_json(&SERDE_ERA.replace(r#""version":2"#, r#""version":1"#)), None);
        assert_eq!(
            SavedUpload::from_json(&SERDE_ERA.replace(r#""1":{"#, r#""one":{"#)),
            None,
            "a part number that is no number"
        );
        assert_eq!(SavedUpload::from_json(&SERDE_ERA.replace("\"Pending\"", "\"Waiting\"")), None);
    }

    // Saved records are read back from storage another version (or a broken disk) may have
    // written: any cut or insertion loads or is dropped, never a panic.
    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #[test]
        fn any_cut_or_insertion_loads_or_is_none(
            at in 0..SERDE_ERA.len(),
            cut in 0..=SERDE_ERA.len(),
            insert in proptest::sample::select(vec!["", "\"", "{", "}", "[", "]", ",", ":", "null", "1e400", "-1", "\\u00", "\\ud800"]),
        ) {
            let mut text = SERDE_ERA.to_string();
            text.insert_str(at, insert);
            text.truncate(cut.max(at));
            let _ = SavedUpload::from_json(&text);
        }
    }
}
