//! The Panda flow against a scripted Panda server: every kind of answer, Location moves,
//! failures of every sort (asking the server where it stands before sending more), resume
//! from a saved record, the form fallback where Range cannot be read, cancel, and chunk
//! sizes that grow with the link.
#![cfg(not(target_arch = "wasm32"))]

#[path = "support/engine_run.rs"]
mod engine_run;
#[path = "support/fake_clock.rs"]
mod fake_clock;
#[path = "support/fake_panda.rs"]
mod fake_panda;
#[path = "support/fake_panopto.rs"]
mod fake_panopto;

use engine_run::{data, Tokens};
use fake_panda::*;
use futures_executor::LocalPool;
use futures_util::task::LocalSpawnExt;
use panopto_uploader::core::part_plan::MIB;
use panopto_uploader::engine::context::EngineContext;
use panopto_uploader::engine::control::Control;
use panopto_uploader::engine::error::{ErrorCode, UploadError};
use panopto_uploader::engine::flow::{EngineEvent, Notice, Outcome, Phase, UploadFlow};
use panopto_uploader::engine::memory_file::MemoryFile;
use panopto_uploader::engine::panda::chunk_size::DEFAULT_MAX;
use panopto_uploader::engine::panda::record::PandaRecord;
use panopto_uploader::engine::panda::session::SessionSource;
use panopto_uploader::engine::panda::PandaFlow;
use panopto_uploader::engine::ports::HttpResponse;
use panopto_uploader::engine::retry::{BackoffConfig, SeededRandom};
use panopto_uploader::engine::upload_record::UploadRecord;
use panopto_uploader::ui::i18n::english;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

struct Run {
    fake: FakePanda,
    control: Control,
    pool: LocalPool,
    record: Rc<RefCell<UploadRecord>>,
    events: Rc<RefCell<Vec<EngineEvent>>>,
    result: Rc<RefCell<Option<Result<Outcome, UploadError>>>>,
}

fn start(fake: &FakePanda, bytes: Vec<u8>, record: UploadRecord) -> Run {
    let control = Control::new();
    let ctx = EngineContext::new(
        Rc::new(fake.clone()),
        Rc::new(fake.clock.clone()),
        control.clone(),
        BackoffConfig::default(),
        SeededRandom::new(3),
    );
    let flow = PandaFlow {
        source: SessionSource::Url(SESSION_URL.into()),
        tokens: Rc::new(Tokens { refreshed: Cell::new(0), first: "page-token" }),
        file: Rc::new(MemoryFile::new("lecture.mp4", "video/mp4", bytes)),
        first_chunk: 5 * MIB,
        max_chunk: DEFAULT_MAX,
    };
    let record = Rc::new(RefCell::new(record));
    let (events, result) = (Rc::new(RefCell::new(Vec::new())), Rc::new(RefCell::new(None)));
    let pool = LocalPool::new();
    let (rec, ev, res) = (record.clone(), events.clone(), result.clone());
    pool.spawner()
        .spawn_local(async move {
            let emit = |e: EngineEvent| ev.borrow_mut().push(e);
            *res.borrow_mut() = Some(flow.run(&ctx, &rec, &emit).await);
        })
        .unwrap();
    Run { fake: fake.clone(), control, pool, record, events, result }
}

impl Run {
    fn finish(mut self) -> (Result<Outcome, UploadError>, Run) {
        loop {
            self.pool.run_until_stalled();
            if self.result.borrow().is_some() || !self.fake.clock.fire_next() {
                break;
            }
        }
        let r = self.result.borrow_mut().take().expect("the upload ended");
        (r, self)
    }

    fn progress(&self) -> Vec<u64> {
        self.events
            .borrow()
            .iter()
            .filter_map(|e| if let EngineEvent::Progress(p) = e { Some(p.loaded) } else { None })
            .collect()
    }

    fn panda(&self) -> Option<PandaRecord> {
        match &*self.record.borrow() {
            UploadRecord::Panda(p) => Some(p.clone()),
            _ => None,
        }
    }
}

fn upload(fake: &FakePanda, bytes: &[u8]) -> (Result<Outcome, UploadError>, Run) {
    start(fake, bytes.to_vec(), UploadRecord::Fresh).finish()
}

fn chunk_ranges(fake: &FakePanda) -> Vec<String> {
    fake.seen().iter().filter(|s| s.body_len > 0 && s.method == "PUT").filter_map(|s| s.content_range.clone()).collect()
}

#[test]
fn the_seeds_nine_bytes_go_in_one_chunk_and_the_answer_is_the_video() {
    let fake = FakePanda::new();
    let (result, run) = upload(&fake, b"abcdefghi");
    let outcome = result.unwrap();
    let video = outcome.video().unwrap();
    assert_eq!((video.upload_id.as_str(), video.video.get("id").and_then(|v| v.as_str())), ("1", Some("12345")));
    assert_eq!(chunk_ranges(&fake), ["bytes 0-8/9"]);
    assert_eq!(fake.state.borrow().held, b"abcdefghi");
    assert_eq!(run.progress(), [9]);
    let phases: Vec<_> = run
        .events
        .borrow()
        .iter()
        .filter_map(|e| if let EngineEvent::Phase(p) = e { Some(p.clone()) } else { None })
        .collect();
    assert_eq!(phases, [Phase::Creating, Phase::Uploading]);
}

#[test]
fn a_big_file_goes_in_growing_chunks_with_the_token_only_on_the_create_call() {
    let fake = FakePanda::new();
    {
        // 200 Mbit/s, 50 ms a round trip.
        let mut s = fake.state.borrow_mut();
        s.ms_per_byte = 1.0 / 25_000.0;
        s.latency_ms = 50;
    }
    let bytes = data(300 * MIB as usize, 1);
    let (result, run) = upload(&fake, &bytes);
    result.unwrap();
    assert!(fake.state.borrow().held == bytes, "byte-identical");
    let sizes = fake.chunk_sizes();
    assert_eq!(sizes[0], 5 * MIB as usize);
    assert!(sizes.windows(2).take(3).all(|w| w[1] > w[0]), "grows while chunks are quick: {sizes:?}");
    assert!(sizes.iter().all(|s| *s <= DEFAULT_MAX as usize));
    for s in fake.seen() {
        let expect_token = s.url == SESSION_URL;
        assert_eq!(s.authorization.as_deref() == Some("Bearer page-token"), expect_token, "{} {}", s.method, s.url);
        assert!(expect_token || s.authorization.is_none(), "no token to the upload location");
    }
    let p = run.progress();
    assert!(p.windows(2).all(|w| w[0] < w[1]) && *p.last().unwrap() == bytes.len() as u64, "{p:?}");
}

#[test]
fn the_servers_range_is_trusted_not_our_own_count() {
    let fake = FakePanda::new();
    fake.state.borrow_mut().keep_at_most = Some(3 * MIB as usize); // it keeps less than it is sent
    let bytes = data(12 * MIB as usize, 2);
    let (result, _) = upload(&fake, &bytes);
    result.unwrap();
    assert_eq!(fake.state.borrow().held, bytes);
    let starts: Vec<String> = chunk_ranges(&fake).iter().map(|r| r.split('-').next().unwrap().to_string()).collect();
    assert_eq!(starts[1], format!("bytes {}", 3 * MIB), "continued where the server said");
}

#[test]
fn a_location_move_is_followed_and_saved() {
    let fake = FakePanda::new();
    fake.state.borrow_mut().move_after = Some(2);
    let bytes = data(40 * MIB as usize, 3);
    let (result, run) = upload(&fake, &bytes);
    result.unwrap();
    let s = fake.state.borrow();
    assert_eq!((s.held == bytes, s.stale_requests), (true, 0), "never went back to an old location");
    assert!(s.key >= 2, "moved at least once");
    assert_eq!(run.panda().unwrap().location, location(s.key), "the record holds where the upload is now");
}

#[test]
fn failures_ask_where_the_server_stands_and_resend_only_what_it_lacks() {
    let fake = FakePanda::new();
    let n = Rc::new(Cell::new(0));
    let c = n.clone();
    fake.fault(move |_, req| {
        let chunk = req.method == "PUT" && req.body_len() > 0;
        if !chunk {
            return None;
        }
        c.set(c.get() + 1);
        match c.get() {
            2 => Some(Break::Answer(HttpResponse { status: 503, headers: vec![], body: "busy".into() })),
            4 => Some(Break::Drop { keep: MIB as usize }),
            6 => Some(Break::Hang),
            _ => None,
        }
    });
    let bytes = data(120 * MIB as usize, 4);
    let (result, run) = upload(&fake, &bytes);
    result.unwrap();
    let s = fake.state.borrow();
    assert_eq!(s.held, bytes, "byte-identical");
    assert_eq!(s.redundant, 0, "no byte the server held was sent again");
    let seen = fake.seen();
    let statuses = seen.iter().filter(|x| x.content_range.as_deref().is_some_and(|r| r.contains('*'))).count();
    assert_eq!(statuses, 3, "one status query after each of the three failures");
    assert!(run.progress().windows(2).all(|w| w[0] <= w[1]));
}

#[test]
fn client_errors_fail_clearly_and_conflicting_bytes_mean_the_file_changed() {
    let fake = FakePanda::new();
    fake.fault(|_, req| {
        (req.method == "PUT" && req.body_len() > 0).then(|| {
            Break::Answer(HttpResponse {
                status: 400,
                headers: vec![],
                body: r#"{"error":"bad Content-Range"}"#.into(),
            })
        })
    });
    let e = upload(&fake, &data(MIB as usize, 5)).0.unwrap_err();
    assert_eq!(e.code, ErrorCode::Rejected);
    assert!(english(&e.message).contains("bad Content-Range (HTTP 400)"), "{}", english(&e.message));

    let fake = FakePanda::new();
    fake.fault(|_, req| {
        (req.method == "PUT" && req.body_len() > 0)
            .then(|| Break::Answer(HttpResponse { status: 409, headers: vec![], body: "{}".into() }))
    });
    assert_eq!(upload(&fake, &data(MIB as usize, 6)).0.unwrap_err().code, ErrorCode::FileChanged);
}

#[test]
fn a_saved_record_resumes_with_a_status_query_and_a_gone_one_starts_afresh() {
    let fake = FakePanda::new();
    let bytes = data(30 * MIB as usize, 7);
    // The first run stops (the tab closes) during the second chunk.
    let hold = Rc::new(Cell::new(true));
    let (h, chunks) = (hold.clone(), Rc::new(Cell::new(0)));
    fake.fault(move |_, req| {
        if req.body_len() > 0 && req.method == "PUT" {
            chunks.set(chunks.get() + 1);
        }
        (h.get() && chunks.get() >= 2).then_some(Break::Hang)
    });
    let mut run = start(&fake, bytes.clone(), UploadRecord::Fresh);
    run.pool.run_until_stalled();
    let saved = run.record.borrow().clone();
    drop(run);
    hold.set(false);
    let UploadRecord::Panda(p) = &saved else { panic!("{saved:?}") };
    assert_eq!(p.held, 5 * MIB);
    let before = fake.seen().len();
    let (result, _) = start(&fake, bytes.clone(), saved.clone()).finish();
    result.unwrap();
    let again = &fake.seen()[before..];
    assert_eq!(again[0].content_range.as_deref(), Some(&*format!("bytes */{}", bytes.len())), "asks first");
    assert!(!again.iter().any(|s| s.url == SESSION_URL), "the same session");
    assert_eq!(fake.state.borrow().redundant, 0);
    assert_eq!(fake.state.borrow().held, bytes);

    // Deleted on the server meanwhile: a new session.
    fake.state.borrow_mut().deleted = true;
    let (result, _) = start(&fake, bytes.clone(), saved).finish();
    result.unwrap();
    assert_eq!(fake.seen().iter().filter(|s| s.url == SESSION_URL).count(), 2);
}

#[test]
fn where_range_cannot_be_read_the_file_goes_whole_as_a_form_and_the_teacher_is_told() {
    let fake = FakePanda::new();
    fake.state.borrow_mut().hide_range = true;
    let bytes = data(12 * MIB as usize, 8);
    let (result, run) = upload(&fake, &bytes);
    result.unwrap();
    assert_eq!((fake.state.borrow().form_uploads, fake.state.borrow().held == bytes), (1, true));
    assert!(run.events.borrow().contains(&EngineEvent::Notice(Notice::WholeFileAtOnce)));
    assert_eq!(run.progress().last().copied(), Some(bytes.len() as u64));
}

#[test]
fn cancel_deletes_the_upload_location() {
    let fake = FakePanda::new();
    let chunks = Rc::new(Cell::new(0));
    fake.fault(move |_, req| {
        if req.body_len() > 0 && req.method == "PUT" {
            chunks.set(chunks.get() + 1);
        }
        (chunks.get() >= 2 && req.body_len() > 0).then_some(Break::Hang)
    });
    let mut run = start(&fake, data(20 * MIB as usize, 9), UploadRecord::Fresh);
    run.pool.run_until_stalled();
    run.control.cancel();
    let (result, run) = run.finish();
    assert!(result.unwrap_err().is_cancelled());
    assert!(fake.state.borrow().deleted);
    assert_eq!(fake.seen().last().unwrap().method, "DELETE");
    assert_eq!(*run.record.borrow(), UploadRecord::Fresh);
}

#[test]
fn the_upload_session_endpoint_refreshes_a_refused_token_once_and_reports_what_is_wrong() {
    let fake = FakePanda::new();
    let refused = Rc::new(Cell::new(0));
    let r = refused.clone();
    fake.fault(move |_, req| {
        (req.url == SESSION_URL && r.get() == 0).then(|| {
            r.set(1);
            Break::Answer(HttpResponse { status: 401, headers: vec![], body: r#"{"error":"expired"}"#.into() })
        })
    });
    upload(&fake, b"x").0.unwrap();
    let auth: Vec<_> = fake.seen().iter().filter(|s| s.url == SESSION_URL).map(|s| s.authorization.clone()).collect();
    assert_eq!(auth, [Some("Bearer page-token".to_string()), Some("Bearer fresh-token".to_string())]);

    for (status, body, code) in [
        (400, r#"{"error":"file_size must be a positive integer"}"#, ErrorCode::Rejected),
        (404, "not here", ErrorCode::NotFound),
        (201, r#"{"id": 1}"#, ErrorCode::BadResponse),
        (201, r#"{"id": 1, "location": "ftp://x/y"}"#, ErrorCode::BadResponse),
    ] {
        let fake = FakePanda::new();
        fake.fault(move |_, req| {
            (req.url == SESSION_URL).then(|| Break::Answer(HttpResponse { status, headers: vec![], body: body.into() }))
        });
        let e = upload(&fake, b"x").0.unwrap_err();
        assert_eq!(e.code, code, "{status} {body}: {}", english(&e.message));
    }
}

#[test]
fn a_server_that_lost_acknowledged_bytes_is_asked_and_followed_once_and_a_contradiction_is_final() {
    let fake = FakePanda::new();
    let chunks = Rc::new(Cell::new(0));
    let (c, f) = (chunks.clone(), fake.clone());
    fake.fault(move |_, req| {
        if req.method == "PUT" && req.body_len() > 0 {
            c.set(c.get() + 1);
            if c.get() == 3 {
                // The server lost all but the first MiB it had acknowledged.
                f.state.borrow_mut().held.truncate(MIB as usize);
            }
        }
        None
    });
    let bytes = data(40 * MIB as usize, 10);
    let (result, _) = upload(&fake, &bytes);
    result.unwrap();
    assert_eq!(fake.state.borrow().held, bytes, "re-sent from where the server said, byte-identical");
    let starts: Vec<String> = chunk_ranges(&fake).iter().map(|r| r.split('-').next().unwrap().to_string()).collect();
    assert!(starts.contains(&format!("bytes {}", MIB)), "continued from the server's 1 MiB: {starts:?}");

    let fake = FakePanda::new();
    fake.fault(|_, req| {
        (req.method == "PUT" && req.body_len() > 0).then(|| {
            Break::Answer(HttpResponse {
                status: 416,
                headers: vec![("range".into(), "0-9".into())],
                body: "{}".into(),
            })
        })
    });
    let e = upload(&fake, &data(3 * MIB as usize, 11)).0.unwrap_err();
    assert_eq!(e.code, ErrorCode::BadResponse, "{}", english(&e.message));
    assert!(english(&e.message).contains("past what it holds"), "{}", english(&e.message));
}

#[test]
fn a_resumed_upload_shows_what_the_server_held_without_a_made_up_speed() {
    let fake = FakePanda::new();
    fake.state.borrow_mut().ms_per_byte = 1.0 / 10_000.0; // 10 MB/s
    let bytes = data(20 * MIB as usize, 12);
    let chunks = Rc::new(Cell::new(0));
    let c = chunks.clone();
    fake.fault(move |_, req| {
        if req.body_len() > 0 && req.method == "PUT" {
            c.set(c.get() + 1);
        }
        (c.get() == 2 && req.body_len() > 0).then_some(Break::Hang)
    });
    let mut run = start(&fake, bytes.clone(), UploadRecord::Fresh);
    run.pool.run_until_stalled();
    assert!(fake.clock.fire_next());
    run.pool.run_until_stalled();
    let saved = run.record.borrow().clone();
    drop(run);
    let (result, run) = start(&fake, bytes, saved).finish();
    result.unwrap();
    let first = run
        .events
        .borrow()
        .iter()
        .find_map(|e| if let EngineEvent::Progress(p) = e { Some(p.clone()) } else { None })
        .unwrap();
    assert_eq!(first.loaded, 5 * MIB, "the bar starts where the server was");
    assert_eq!((first.bytes_per_second, first.eta_seconds), (0.0, None), "no speed from bytes sent before");
}
