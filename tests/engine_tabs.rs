//! The same file in two tabs of one site: one upload, one writer of its saved record. Each
//! tab is its own executor (closing the tab drops it, and everything it held), sharing the
//! server, the store (IndexedDB is per origin) and the locks (Web Locks are too).
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
use futures_util::task::LocalSpawnExt;
use panopto_uploader::core::part_plan::MIB;
use panopto_uploader::engine::control::Control;
use panopto_uploader::engine::error::UploadError;
use panopto_uploader::engine::fingerprint::fingerprint;
use panopto_uploader::engine::flow::{EngineEvent, Outcome, UploadFlow};
use panopto_uploader::engine::memory_file::MemoryFile;
use panopto_uploader::engine::ports::SavedUploads;
use panopto_uploader::engine::runner::{self, Restore, Run};
use panopto_uploader::engine::saved_upload::{self, SavedUpload};
use panopto_uploader::engine::saver::Saver;
use panopto_uploader::engine::tab_lock::{self, done_key, lock_name, DONE_TTL_MS};
use panopto_uploader::engine::upload_record::UploadRecord;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

const NAME: &str = "lecture 1.mp4";

/// One tab running one file, as the element does: the runner, then the item's decision on
/// the record (keep it after a failure a retry resumes, otherwise delete it).
struct Tab {
    pool: LocalPool,
    control: Control,
    events: Rc<RefCell<Vec<EngineEvent>>>,
    result: Rc<RefCell<Option<Result<Outcome, UploadError>>>>,
}

fn open_tab(fake: &FakePanopto, media: &[u8], store: Rc<MapStore>, locks: FakeLocks, restore: Restore) -> Tab {
    let control = Control::new();
    let events = Rc::new(RefCell::new(Vec::new()));
    let result = Rc::new(RefCell::new(None));
    let pool = LocalPool::new();
    let (fake, media, c, e, r) = (fake.clone(), media.to_vec(), control.clone(), events.clone(), result.clone());
    pool.spawner()
        .spawn_local(async move {
            let ctx = context(&fake, c);
            let tokens = Rc::new(Tokens { refreshed: Cell::new(0), first: "good-token" });
            let flow = flow(spec(media.clone(), None), tokens);
            let saver = Saver::new(store.clone(), Rc::new(fake.clock.clone()));
            let file = MemoryFile::new(NAME, "video/mp4", media);
            let job = Run {
                ctx: &ctx,
                flow: &flow,
                record: Rc::new(RefCell::new(UploadRecord::Fresh)),
                saver: &saver,
                store: store.as_ref(),
                locks: &locks,
                file: &file,
                fingerprint: None,
                restore,
            };
            let emit = |ev: EngineEvent| {
                if ev == EngineEvent::Checkpoint {
                    saver.checkpoint();
                }
                e.borrow_mut().push(ev);
            };
            let out = runner::run(job, &emit).await;
            match &out {
                Err(err) if err.retryable() => saver.keep().await,
                _ => saver.forget().await,
            }
            *r.borrow_mut() = Some(out);
        })
        .unwrap();
    Tab { pool, control, events, result }
}

impl Tab {
    fn step(&mut self) {
        self.pool.run_until_stalled();
    }

    /// Run to the end, letting virtual time pass (other tabs' timers included).
    fn finish(&mut self, fake: &FakePanopto) -> Result<Outcome, UploadError> {
        loop {
            self.pool.run_until_stalled();
            if self.result.borrow().is_some() || !fake.clock.fire_next() {
                break;
            }
        }
        self.result.borrow_mut().take().expect("the run ended")
    }

    fn elsewhere(&self) -> Vec<bool> {
        self.events
            .borrow()
            .iter()
            .filter_map(|e| if let EngineEvent::Elsewhere(w) = e { Some(*w) } else { None })
            .collect()
    }
}

fn key_of(media: &[u8]) -> (String, String, String) {
    let fp = block_on(fingerprint(&MemoryFile::new(NAME, "video/mp4", media.to_vec()))).unwrap();
    (fp.key(), done_key(&fp), lock_name(&fp))
}

fn session_posts(fake: &FakePanopto) -> usize {
    fake.seen().iter().filter(|s| s.method == "POST" && s.url.ends_with("sessionUpload")).count()
}

#[test]
fn the_second_tab_waits_then_takes_over_from_the_first_tabs_record_when_it_closes() {
    let fake = FakePanopto::new();
    let media = data(32 * MIB as usize, 41);
    let (store, locks) = (Rc::new(MapStore::default()), FakeLocks::default());
    let (key, done, lock) = key_of(&media);
    fake.hold_after_parts(3);
    let mut first = open_tab(&fake, &media, store.clone(), locks.clone(), Restore::Lookup);
    first.step();
    assert!(locks.is_held(&lock) && store.0.borrow().contains_key(&key), "the first tab uploads and saves");

    let mut second = open_tab(&fake, &media, store.clone(), locks.clone(), Restore::Lookup);
    let sent = fake.seen().len();
    second.step();
    assert_eq!(second.elsewhere(), [true], "the second tab says the file is uploading elsewhere");
    assert_eq!(fake.seen().len(), sent, "and sends nothing while it waits");
    assert!(second.result.borrow().is_none(), "it waits, however long");

    drop(first); // the first tab closes mid-upload: its lock goes with it
    fake.faults.borrow_mut().clear();
    fake.set_hold(false);
    let outcome = second.finish(&fake).expect("the second tab finishes the upload");
    assert_eq!(second.elsewhere(), [true, false]);
    assert_eq!(session_posts(&fake), 1, "one session: the second tab continued the first one's");
    for n in 1..=7 {
        let sends = fake.seen().iter().filter(|s| s.url.contains(&format!("partNumber={n}&uploadId=up1"))).count();
        assert_eq!(sends, 1, "part {n} sent once, across the two tabs");
    }
    assert_eq!(fake.state.borrow().objects["lecture_1.mp4"], media, "under its safe name");
    assert!(!store.0.borrow().contains_key(&key), "the record is deleted on completion");
    assert!(store.0.borrow().contains_key(&done), "and the outcome left for a tab still waiting");
    assert!(!locks.is_held(&lock), "released");
    assert!(outcome.session().is_some());
}

#[test]
fn a_tab_that_waited_for_a_completed_upload_ends_with_its_session_and_uploads_nothing() {
    let fake = FakePanopto::new();
    let media = data(12 * MIB as usize, 42);
    let (store, locks) = (Rc::new(MapStore::default()), FakeLocks::default());
    let mut first = open_tab(&fake, &media, store.clone(), locks.clone(), Restore::Lookup);
    first.step();
    let mut second = open_tab(&fake, &media, store.clone(), locks.clone(), Restore::Lookup);
    second.step();
    assert_eq!(second.elsewhere(), [true]);
    let done = first.finish(&fake).expect("the first tab completes");
    let sent = fake.seen().len();
    let taken_over = second.finish(&fake).expect("the second tab ends complete too");
    assert_eq!(taken_over, done, "with the first tab's session and viewer URL");
    assert_eq!(fake.seen().len(), sent, "without a single request");
    assert_eq!(session_posts(&fake), 1);
}

#[test]
fn cancelling_while_waiting_ends_at_once_and_leaves_the_other_tabs_record_alone() {
    let fake = FakePanopto::new();
    let media = data(32 * MIB as usize, 43);
    let (store, locks) = (Rc::new(MapStore::default()), FakeLocks::default());
    let (key, _, lock) = key_of(&media);
    fake.hold_after_parts(2);
    let mut first = open_tab(&fake, &media, store.clone(), locks.clone(), Restore::Lookup);
    first.step();
    let saved = store.0.borrow().get(&key).cloned().expect("the first tab's record");
    let mut second = open_tab(&fake, &media, store.clone(), locks.clone(), Restore::Lookup);
    second.step();
    second.control.cancel();
    let err = second.finish(&fake).unwrap_err();
    assert!(err.is_cancelled(), "{err:?}");
    assert_eq!(store.0.borrow().get(&key), Some(&saved), "the first tab's record is untouched");
    assert!(locks.is_held(&lock), "the first tab still holds the file");
    assert_eq!(session_posts(&fake), 1);
}

#[test]
fn upload_again_is_a_second_session_that_neither_waits_nor_writes_the_record() {
    let fake = FakePanopto::new();
    let media = data(12 * MIB as usize, 44);
    let (store, locks) = (Rc::new(MapStore::default()), FakeLocks::default());
    let (key, done, _) = key_of(&media);
    fake.hold_after_parts(1);
    let mut first = open_tab(&fake, &media, store.clone(), locks.clone(), Restore::Lookup);
    first.step();
    // The first tab's teacher pauses it: it still holds the file and its record.
    first.control.pause();
    fake.faults.borrow_mut().clear();
    fake.set_hold(false);
    first.step();
    let saved = store.0.borrow().get(&key).cloned().expect("the first tab's record");
    let mut copy = open_tab(&fake, &media, store.clone(), locks.clone(), Restore::Copy);
    let outcome = copy.finish(&fake);
    assert!(copy.elsewhere().is_empty(), "it did not wait for the first tab");
    outcome.expect("the copy completes");
    assert_eq!(session_posts(&fake), 2, "a second session, on purpose");
    assert_eq!(store.0.borrow().get(&key), Some(&saved), "the first tab's record is untouched");
    assert!(!store.0.borrow().contains_key(&done), "and no outcome is left for it: it is not that upload");
}

#[test]
fn a_completion_marker_is_read_only_when_fresh_and_for_the_same_place_and_kept_by_the_purge() {
    let media = data(1000, 45);
    let store = MapStore::default();
    let file = MemoryFile::new(NAME, "video/mp4", media.clone());
    let fp = block_on(fingerprint(&file)).unwrap();
    let tokens = Rc::new(Tokens { refreshed: Cell::new(0), first: "good-token" });
    let identity = flow(spec(media, None), tokens).identity();
    let outcome = outcome_of();
    let now = 1_795_379_400_000.0;
    block_on(tab_lock::leave_done(&store, &fp, &identity, &outcome, now));
    assert_eq!(block_on(tab_lock::find_done(&store, &fp, &identity, now + 1000.0)), Some(outcome));
    let mut elsewhere = identity.clone();
    elsewhere.destination = "sessionUpload https://another.example folder x".into();
    assert_eq!(block_on(tab_lock::find_done(&store, &fp, &elsewhere, now)), None, "another place");
    assert_eq!(block_on(tab_lock::find_done(&store, &fp, &identity, now + DONE_TTL_MS + 1.0)), None, "stale");
    // A record saved beside it, and an unreadable one: the purge keeps what is live.
    let record = SavedUpload::new(fp.clone(), identity, UploadRecord::Fresh, now);
    block_on(store.put(&fp.key(), record.to_json()));
    block_on(store.put("junk", "{".into()));
    assert_eq!(block_on(saved_upload::purge_expired(&store, now + 1000.0)), 1);
    assert!(store.0.borrow().contains_key(&done_key(&fp)) && store.0.borrow().contains_key(&fp.key()));
    assert_eq!(block_on(saved_upload::purge_expired(&store, now + DONE_TTL_MS + 1.0)), 1, "the stale marker");
    assert!(!store.0.borrow().contains_key(&done_key(&fp)));
}

fn outcome_of() -> Outcome {
    Outcome::Session(panopto_uploader::engine::flow::SessionOutcome {
        upload_id: "u1".into(),
        session_id: "s1".into(),
        viewer_url: "http://fake/Panopto/Pages/Viewer.aspx?id=s1".into(),
    })
}
