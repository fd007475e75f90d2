//! The IndexedDB side of resume-after-reload, in headless Chromium: what the element
//! saves survives a fresh store object (as after a reload), can be listed, expires and is
//! deleted.
#![cfg(target_arch = "wasm32")]

use panopto_uploader::browser::idb_store::IdbSavedUploads;
use panopto_uploader::engine::fingerprint::fingerprint;
use panopto_uploader::engine::memory_file::MemoryFile;
use panopto_uploader::engine::saved_upload::*;
use panopto_uploader::engine::session::{SessionRecord, SessionSpec};
use std::rc::Rc;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn saved_uploads_round_trip_through_indexeddb_and_expire() {
    let bytes: Vec<u8> = (0..3_000_000u32).map(|i| (i % 253) as u8).collect();
    let file = Rc::new(MemoryFile::new("week 4.mp4", "video/mp4", bytes));
    let fp = fingerprint(file.as_ref()).await.unwrap();
    let spec = SessionSpec {
        folder_id: "3f8c2a71-9d4e-4b6a-8c15-7e2f0a9d4b31".into(),
        title: "Week 4".into(),
        description: None,
        primary: file,
        secondary: None,
        captions: vec![],
    };
    let saved = SavedUpload::new(fp.clone(), "http://127.0.0.1:1", &spec, SessionRecord::default(), 1_000.0);
    let store = IdbSavedUploads::default();
    save(&store, &saved).await;
    // A new store object opens the database again, as the page does after a reload.
    let again = IdbSavedUploads::default();
    assert!(again.keys().await.contains(&fp.key()));
    assert_eq!(find(&again, &fp, 2_000.0).await, Some(saved.clone()));
    assert_eq!(purge_expired(&again, 2_000.0).await, 0);
    assert_eq!(purge_expired(&again, 1_000.0 + EXPIRY_MS + 1.0).await, 1);
    assert_eq!(find(&again, &fp, 2_000.0).await, None);
    assert!(!again.keys().await.contains(&fp.key()));
}
