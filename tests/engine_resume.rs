//! Resume after a reload: a session saved at a checkpoint (as the element saves it to
//! IndexedDB) continues in a fresh engine without sending an acknowledged part again;
//! the saved state is reconciled with ListParts; a dead session starts over; saved
//! records expire.
#![cfg(not(target_arch = "wasm32"))]

#[path = "support/engine_run.rs"]
mod engine_run;
#[path = "support/fake_clock.rs"]
mod fake_clock;
#[path = "support/fake_panopto.rs"]
mod fake_panopto;

use engine_run::*;
use fake_panopto::*;
use futures_executor::block_on;
use panopto_uploader::core::part_plan::MIB;
use panopto_uploader::engine::error::{ErrorCode, UploadError};
use panopto_uploader::engine::fingerprint::fingerprint;
use panopto_uploader::engine::flow::{Outcome, UploadFlow};
use panopto_uploader::engine::memory_file::MemoryFile;
use panopto_uploader::engine::ports::SavedUploads;
use panopto_uploader::engine::saved_upload::*;
use panopto_uploader::engine::session::record::SessionRecord;
use panopto_uploader::engine::upload_record::UploadRecord;
use panopto_uploader::ui::i18n::english;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

const MEDIA: usize = 32 * MIB as usize; // 7 parts of 5 MiB

fn resume(fake: &FakePanopto, media: &[u8], record: UploadRecord) -> (Result<Outcome, UploadError>, Run) {
    start_with(fake.clone(), spec(media.to_vec(), None), "good-token", Rc::new(RefCell::new(record))).finish()
}

fn sends_of(fake: &FakePanopto, n: u32) -> usize {
    fake.seen().iter().filter(|s| s.method == "PUT" && s.url.contains(&format!("partNumber={n}&uploadId=up1"))).count()
}

#[test]
fn a_saved_record_resumes_after_reload_without_resending_acknowledged_parts() {
    let fake = FakePanopto::new();
    let media = data(MEDIA, 21);
    let record = interrupted_after(&fake, &media, 3);
    let acked = open_upload(&record, 0).unwrap().parts.len();
    assert_eq!(acked, 3, "three parts acknowledged before the reload");
    let (result, run) = resume(&fake, &media, record);
    result.unwrap();
    assert_eq!(run.fake.state.borrow().objects["lecture_1.mp4"], media);
    for n in 1..=7 {
        assert_eq!(sends_of(&fake, n), 1, "part {n} reached the server exactly once");
    }
    assert_eq!(run.count("POST", "sessionUpload"), 1, "the same sessionUpload, not a second one");
    assert_eq!(run.count("GET", "uploadId=up1"), 1, "one ListParts to reconcile");
    // The manifest's CRC-32 covers the whole file, including the parts of the first run.
    let manifest =
        String::from_utf8(run.fake.state.borrow().objects.iter().find(|(k, _)| k.ends_with(".xml")).unwrap().1.clone())
            .unwrap();
    let crc = panopto_uploader::core::checksum::crc32_hex(panopto_uploader::core::checksum::crc32(&media));
    assert!(manifest.contains(&crc), "{manifest}");
    // Progress starts from the bytes already there and never goes back.
    let p = run.progress();
    assert_eq!(p[0], 3 * 5 * MIB);
    let first = run.events.borrow().iter().find_map(|e| match e {
        panopto_uploader::engine::flow::EngineEvent::Progress(p) => Some(p.clone()),
        _ => None,
    });
    assert_eq!(
        first.unwrap().eta_seconds,
        None,
        "no speed (and no time left) made up from parts sent before the reload"
    );
    assert!(p.windows(2).all(|w| w[0] <= w[1]));
}

#[test]
fn a_part_acknowledged_after_the_last_save_is_adopted_not_resent() {
    let fake = FakePanopto::new();
    let media = data(MEDIA, 22);
    let mut record = interrupted_after(&fake, &media, 4);
    // The page closed between the fourth acknowledgement and its save.
    edit_open_upload(&mut record, 0, |m| {
        m.parts.remove(&4);
    });
    let (result, run) = resume(&fake, &media, record);
    result.unwrap();
    assert_eq!(run.fake.state.borrow().objects["lecture_1.mp4"], media);
    assert_eq!(sends_of(&fake, 4), 1, "part 4 adopted from ListParts, not sent again");
    let manifest =
        String::from_utf8(run.fake.state.borrow().objects.iter().find(|(k, _)| k.ends_with(".xml")).unwrap().1.clone())
            .unwrap();
    let crc = panopto_uploader::core::checksum::crc32_hex(panopto_uploader::core::checksum::crc32(&media));
    assert!(manifest.contains(&crc), "CRC of the adopted part computed from the local file");
}

#[test]
fn a_part_the_server_lost_is_sent_again() {
    let fake = FakePanopto::new();
    let media = data(MEDIA, 23);
    let record = interrupted_after(&fake, &media, 3);
    fake.state.borrow_mut().parts.remove(&("up1".to_string(), 2));
    let (result, run) = resume(&fake, &media, record);
    result.unwrap();
    assert_eq!(run.fake.state.borrow().objects["lecture_1.mp4"], media);
    assert_eq!(sends_of(&fake, 2), 2, "re-sent because ListParts no longer lists it");
    assert_eq!(sends_of(&fake, 1), 1);
}

#[test]
fn a_session_deleted_meanwhile_starts_over_cleanly() {
    let fake = FakePanopto::new();
    let media = data(MEDIA, 24);
    let record = interrupted_after(&fake, &media, 2);
    fake.state.borrow_mut().deleted = true; // Panopto timed it out
    let (result, run) = resume(&fake, &media, record);
    // The fake has one sessionUpload; after the delete a fresh one is created.
    result.unwrap();
    assert_eq!(run.count("POST", "sessionUpload"), 2, "a new session instead of failing on a dead one");
    assert_eq!(run.fake.state.borrow().objects["lecture_1.mp4"], media);
    assert!(run.count("PUT", "uploadId=up2") >= 7, "every part sent to the new multipart upload");
}

#[test]
fn a_finished_session_is_only_polled() {
    let fake = FakePanopto::new();
    let media = data(6 * MIB as usize, 25);
    let (result, run) = start(fake.clone(), spec(media.clone(), None), "good-token").finish();
    result.unwrap();
    // The save before the page closed still said "not finished": every file done, State 1
    // not yet recorded.
    let record = run
        .checkpoints
        .borrow()
        .iter()
        .rev()
        .find(|r| matches!(session_of(r), Some(SessionRecord::Uploading { .. })))
        .cloned()
        .unwrap();
    let before = fake.seen().len();
    let (result, _) = resume(&fake, &media, record);
    result.unwrap();
    let after: Vec<_> = fake.seen()[before..].iter().map(|s| s.method.clone()).collect();
    assert!(after.iter().all(|m| m == "GET"), "only status reads, no upload: {after:?}");
}

#[test]
fn saved_uploads_are_found_by_fingerprint_fit_their_spec_expire_and_hold_no_token() {
    let store = MapStore::default();
    let media = data(3 * MIB as usize, 26);
    let file = MemoryFile::new("lecture 1.mp4", "video/mp4", media.clone());
    let fp = block_on(fingerprint(&file)).unwrap();
    let tokens = || Rc::new(Tokens { refreshed: Cell::new(0), first: "good-token" });
    let identity = flow(spec(media.clone(), None), tokens()).identity();
    let fake = FakePanopto::new();
    let (_, run) = start(fake, spec(media.clone(), None), "good-token").finish();
    let record = run.checkpoints.borrow()[2].clone();
    let saved = SavedUpload::new(fp.clone(), identity.clone(), record, 1_000.0);
    let put = |s: &SavedUpload| block_on(store.put(&s.fingerprint.key(), s.to_json()));
    put(&saved);
    let json = store.0.borrow().values().next().unwrap().clone();
    assert!(!json.contains("good-token") && !json.contains("fresh-token"), "no token in storage");
    let found = block_on(find(&store, &fp, 2_000.0)).expect("found again");
    assert_eq!(found, saved);
    assert!(found.fits(&identity));
    let mut elsewhere = flow(spec(media.clone(), None), tokens());
    elsewhere.server = panopto_uploader::core::panopto_rest::PanoptoServer::new("http://other").unwrap();
    assert!(!found.fits(&elsewhere.identity()));
    assert!(!found.fits(&flow(spec(media.clone(), Some(vec![1, 2, 3])), tokens()).identity()), "a caption was added");
    // Another file with the same name and size is not this one.
    let mut other = media.clone();
    other[0] ^= 1;
    let other_fp = block_on(fingerprint(&MemoryFile::new("lecture 1.mp4", "video/mp4", other))).unwrap();
    assert!(block_on(find(&store, &other_fp, 2_000.0)).is_none());
    // A week later it is gone, and purging removes it and any unreadable record.
    store.0.borrow_mut().insert("junk".into(), "{not json".into());
    assert!(block_on(find(&store, &fp, 1_000.0 + EXPIRY_MS + 1.0)).is_none());
    put(&saved);
    assert_eq!(block_on(purge_expired(&store, 1_000.0 + EXPIRY_MS + 1.0)), 2);
    assert!(store.0.borrow().is_empty());
}

#[test]
fn a_part_whose_bytes_changed_locally_is_not_adopted_but_sent_again() {
    let fake = FakePanopto::new();
    fake.state.borrow_mut().md5_etags = true;
    let media = data(MEDIA, 27);
    let mut record = interrupted_after(&fake, &media, 4);
    edit_open_upload(&mut record, 0, |m| {
        m.parts.remove(&4);
    });
    // The teacher re-exported the recording: same name and size, part 4 differs. (The
    // fingerprint's edges would usually catch this first; the ETag check is the backstop.)
    let mut edited = media.clone();
    edited[3 * 5 * MIB as usize + 100] ^= 0xff;
    let (result, run) = resume(&fake, &edited, record);
    result.unwrap();
    assert_eq!(run.fake.state.borrow().objects["lecture_1.mp4"], edited, "no splice of old and new bytes");
    assert_eq!(sends_of(&fake, 4), 2, "part 4 sent again with the new bytes");
}

#[test]
fn a_recovered_etag_that_does_not_match_what_was_sent_fails_clearly() {
    let fake = FakePanopto::new();
    {
        let mut s = fake.state.borrow_mut();
        s.md5_etags = true;
        s.hide_etag = true;
    }
    let f2 = fake.clone();
    // The server corrupts part 2 after acknowledging it.
    fake.fault(move |_, req| {
        if req.method == "GET" && req.url.contains("uploadId=") {
            if let Some(p) = f2.state.borrow_mut().parts.get_mut(&("up1".to_string(), 2)) {
                p[0] ^= 1;
            }
        }
        None
    });
    let (result, _) = start(fake, spec(data(12 * MIB as usize, 28), None), "good-token").finish();
    let e = result.unwrap_err();
    assert_eq!(e.code, ErrorCode::EtagMismatch);
    assert!(english(&e.message).contains("part 2"), "{}", english(&e.message));
}
