//! The IndexedDB side of resume-after-reload, in headless Chromium: what the saver writes
//! survives a fresh store object (as after a reload), can be listed, expires and is
//! deleted.
#![cfg(target_arch = "wasm32")]

use panopto_uploader::browser::clock::BrowserClock;
use panopto_uploader::browser::idb_store::IdbSavedUploads;
use panopto_uploader::engine::fingerprint::fingerprint;
use panopto_uploader::engine::flow::FlowIdentity;
use panopto_uploader::engine::memory_file::MemoryFile;
use panopto_uploader::engine::ports::{Clock, SavedUploads};
use panopto_uploader::engine::saved_upload::*;
use panopto_uploader::engine::saver::Saver;
use panopto_uploader::engine::upload_record::UploadRecord;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn saved_uploads_round_trip_through_indexeddb_and_expire() {
    let bytes: Vec<u8> = (0..3_000_000u32).map(|i| (i % 253) as u8).collect();
    let file = MemoryFile::new("week 4.mp4", "video/mp4", bytes);
    let fp = fingerprint(&file).await.unwrap();
    let identity = FlowIdentity {
        destination: "sessionUpload http://127.0.0.1:1 folder 3f8c2a71-9d4e-4b6a-8c15-7e2f0a9d4b31".into(),
        title: "Week 4".into(),
        description: None,
        files: vec![("week 4.mp4".into(), 3_000_000)],
    };
    let store = Rc::new(IdbSavedUploads::default());
    let saver = Saver::new(store.clone(), Rc::new(BrowserClock));
    saver.open(fp.clone(), identity.clone(), Rc::new(RefCell::new(UploadRecord::Fresh)));
    saver.save_now().await;
    // A new store object opens the database again, as the page does after a reload.
    let again = IdbSavedUploads::default();
    assert!(again.keys().await.contains(&fp.key()));
    let now = BrowserClock.now_ms();
    let found = find(&again, &fp, now).await.expect("saved");
    assert_eq!((found.identity, found.record, found.fingerprint.clone()), (identity, UploadRecord::Fresh, fp.clone()));
    assert_eq!(purge_expired(&again, now).await, 0);
    assert_eq!(purge_expired(&again, now + EXPIRY_MS + 1.0).await, 1);
    assert_eq!(find(&again, &fp, now).await, None);
    assert!(!again.keys().await.contains(&fp.key()));
    // Forgetting deletes, and nothing is written after that.
    saver.save_now().await;
    assert!(again.keys().await.contains(&fp.key()));
    saver.forget().await;
    saver.save_now().await;
    assert!(!again.keys().await.contains(&fp.key()));
}
