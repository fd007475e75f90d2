//! What every flow gets around it: the runner (recognise the file, continue a saved upload
//! that fits, never one the teacher declined), the saver (throttled checkpoints on virtual
//! time, nothing written after the record is forgotten), and a speed measured without the
//! time spent paused.
#![cfg(not(target_arch = "wasm32"))]

#[path = "support/engine_run.rs"]
mod engine_run;
#[path = "support/fake_clock.rs"]
mod fake_clock;
#[path = "support/fake_locks.rs"]
mod fake_locks;
#[path = "support/fake_panopto.rs"]
mod fake_panopto;

use engine_run::*;
use fake_locks::FakeLocks;
use fake_panopto::*;
use futures_executor::{block_on, LocalPool};
use futures_util::future::LocalBoxFuture;
use futures_util::task::LocalSpawnExt;
use panopto_uploader::core::part_plan::MIB;
use panopto_uploader::engine::control::Control;
use panopto_uploader::engine::error::UploadError;
use panopto_uploader::engine::fingerprint::{fingerprint, Fingerprint};
use panopto_uploader::engine::flow::{EngineEvent, FlowIdentity, Outcome, UploadFlow};
use panopto_uploader::engine::memory_file::MemoryFile;
use panopto_uploader::engine::ports::SavedUploads;
use panopto_uploader::engine::runner::{self, Restore, Run};
use panopto_uploader::engine::saved_upload::SavedUpload;
use panopto_uploader::engine::saver::{Saver, INTERVAL_MS};
use panopto_uploader::engine::upload_record::UploadRecord;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// A store that counts its writes.
#[derive(Default)]
struct CountingStore {
    map: MapStore,
    puts: Cell<usize>,
}

impl SavedUploads for CountingStore {
    fn get(&self, key: &str) -> LocalBoxFuture<'_, Option<String>> {
        self.map.get(key)
    }
    fn put(&self, key: &str, json: String) -> LocalBoxFuture<'_, ()> {
        self.puts.set(self.puts.get() + 1);
        self.map.put(key, json)
    }
    fn delete(&self, key: &str) -> LocalBoxFuture<'_, ()> {
        self.map.delete(key)
    }
    fn keys(&self) -> LocalBoxFuture<'_, Vec<String>> {
        self.map.keys()
    }
}

fn fp_of(media: &[u8]) -> Fingerprint {
    block_on(fingerprint(&MemoryFile::new("lecture 1.mp4", "video/mp4", media.to_vec()))).unwrap()
}

fn tokens() -> Rc<Tokens> {
    Rc::new(Tokens { refreshed: Cell::new(0), first: "good-token" })
}

/// The runner over a fresh record, as the element starts a run.
fn run_item(
    fake: &FakePanopto,
    media: &[u8],
    store: Rc<CountingStore>,
    restore: Restore,
) -> Result<Outcome, UploadError> {
    let ctx = context(fake, Control::new());
    let flow = flow(spec(media.to_vec(), None), tokens());
    let saver = Saver::new(store.clone(), Rc::new(fake.clock.clone()));
    let file = MemoryFile::new("lecture 1.mp4", "video/mp4", media.to_vec());
    let record = Rc::new(RefCell::new(UploadRecord::Fresh));
    let result = Rc::new(RefCell::new(None));
    let mut pool = LocalPool::new();
    let r = result.clone();
    pool.spawner()
        .spawn_local(async move {
            let job = Run {
                ctx: &ctx,
                flow: &flow,
                record,
                saver: &saver,
                store: store.as_ref(),
                locks: &FakeLocks::default(),
                file: &file,
                fingerprint: None,
                restore,
            };
            let emit = |e: EngineEvent| {
                if e == EngineEvent::Checkpoint {
                    saver.checkpoint();
                }
            };
            *r.borrow_mut() = Some(runner::run(job, &emit).await);
        })
        .unwrap();
    loop {
        pool.run_until_stalled();
        if result.borrow().is_some() || !fake.clock.fire_next() {
            break;
        }
    }
    let out = result.borrow_mut().take().expect("the run ended");
    out
}

fn saved_for(media: &[u8], record: UploadRecord, identity: FlowIdentity) -> SavedUpload {
    SavedUpload::new(fp_of(media), identity, record, 1_795_379_400_000.0)
}

#[test]
fn a_saved_upload_that_fits_is_found_and_continued() {
    let fake = FakePanopto::new();
    let media = data(32 * MIB as usize, 31);
    let record = interrupted_after(&fake, &media, 3);
    let identity = flow(spec(media.clone(), None), tokens()).identity();
    let saved = saved_for(&media, record, identity);
    let store = Rc::new(CountingStore::default());
    block_on(store.put(&saved.fingerprint.key(), saved.to_json()));
    run_item(&fake, &media, store.clone(), Restore::Lookup).unwrap();
    assert_eq!(fake.seen().iter().filter(|s| s.method == "POST" && s.url.ends_with("sessionUpload")).count(), 1);
    for n in 1..=7 {
        let sends = fake.seen().iter().filter(|s| s.url.contains(&format!("partNumber={n}&uploadId=up1"))).count();
        assert_eq!(sends, 1, "part {n} sent once, across the reload");
    }
    assert_eq!(fake.state.borrow().objects["lecture_1.mp4"], media);
    assert!(store.puts.get() >= 2, "saved again at checkpoints while it ran");
}

#[test]
fn a_saved_upload_for_another_place_is_deleted_and_the_file_starts_afresh() {
    let fake = FakePanopto::new();
    let media = data(12 * MIB as usize, 32);
    let record = interrupted_after(&fake, &media, 1);
    let mut identity = flow(spec(media.clone(), None), tokens()).identity();
    identity.destination = "sessionUpload https://another.example folder x".into();
    let saved = saved_for(&media, record, identity);
    let store = Rc::new(CountingStore::default());
    block_on(store.put(&saved.fingerprint.key(), saved.to_json()));
    run_item(&fake, &media, store.clone(), Restore::From(Box::new(saved))).unwrap();
    assert_eq!(fake.seen().iter().filter(|s| s.method == "POST" && s.url.ends_with("sessionUpload")).count(), 2);
    let json = store.map.0.borrow().values().next().cloned().expect("the new upload's record");
    assert!(json.contains("127.0.0.1") || json.contains("http://fake"), "the new record replaced the old one");
}

#[test]
fn starting_over_never_continues_a_saved_upload() {
    let fake = FakePanopto::new();
    let media = data(12 * MIB as usize, 33);
    let record = interrupted_after(&fake, &media, 1);
    let identity = flow(spec(media.clone(), None), tokens()).identity();
    let saved = saved_for(&media, record, identity);
    let store = Rc::new(CountingStore::default());
    block_on(store.put(&saved.fingerprint.key(), saved.to_json()));
    run_item(&fake, &media, store, Restore::Never).unwrap();
    assert_eq!(fake.seen().iter().filter(|s| s.method == "POST" && s.url.ends_with("sessionUpload")).count(), 2);
    assert!(fake.seen().iter().any(|s| s.url.contains("uploadId=up2")), "a new multipart upload");
}

#[test]
fn checkpoints_are_saved_at_most_once_a_second_and_never_after_forget() {
    let clock = FakeClock::default();
    let store = Rc::new(CountingStore::default());
    let saver = Rc::new(Saver::new(store.clone(), Rc::new(clock.clone())));
    let media = data(1000, 34);
    let record = Rc::new(RefCell::new(UploadRecord::Fresh));
    let identity = flow(spec(media.clone(), None), tokens()).identity();
    saver.open(fp_of(&media), identity, record.clone());
    let mut pool = LocalPool::new();
    let s = saver.clone();
    pool.spawner().spawn_local(async move { match s.pump().await {} }).unwrap();
    pool.run_until_stalled();
    assert_eq!(store.puts.get(), 0, "nothing to save yet");
    saver.checkpoint();
    pool.run_until_stalled();
    assert_eq!(store.puts.get(), 1, "the first checkpoint is saved at once");
    for _ in 0..50 {
        saver.checkpoint();
        pool.run_until_stalled();
    }
    assert_eq!(store.puts.get(), 1, "then at most one a second");
    assert!(clock.fire_next());
    pool.run_until_stalled();
    assert_eq!(store.puts.get(), 2, "the last change is saved when the second is up");
    assert_eq!(clock.now.get(), INTERVAL_MS);
    assert!(!clock.fire_next(), "no timer while nothing changed");
    block_on(saver.forget());
    assert!(store.map.0.borrow().is_empty(), "forgotten");
    saver.checkpoint();
    block_on(saver.save_now());
    pool.run_until_stalled();
    assert!(store.map.0.borrow().is_empty(), "nothing written after the record was forgotten");
}

#[test]
fn the_speed_after_a_pause_is_measured_from_the_resume() {
    let fake = FakePanopto::new();
    fake.state.borrow_mut().part_latency_ms = 1_000; // four 5 MiB parts a second
    let media = data(60 * MIB as usize, 35);
    let mut run = start(fake.clone(), spec(media.clone(), None), "good-token");
    // Let the first round of parts through, then pause for ten minutes.
    run.pool.run_until_stalled();
    assert!(fake.clock.fire_next());
    run.pool.run_until_stalled();
    run.control.pause();
    run.pool.run_until_stalled();
    let before = run.events.borrow().len();
    fake.clock.now.set(fake.clock.now.get() + 600_000.0);
    run.control.resume();
    let (result, run) = run.finish();
    result.unwrap();
    let after: Vec<f64> = run.events.borrow()[before..]
        .iter()
        .filter_map(|e| if let EngineEvent::Progress(p) = e { Some(p.bytes_per_second) } else { None })
        .collect();
    let first = after.first().copied().expect("progress after the resume");
    // 20 MiB/s on the wire; counted over the ten idle minutes it would read ~9 KiB/s.
    assert!(first > 4.0 * MIB as f64, "{first} B/s right after the resume");
}
