//! StreamUpload against the scripted fake: one file becomes a stream of an existing session
//! (POST upload, S3 multipart with no manifest, PUT State 1, poll), resumes from its record
//! after a failure, and a cancel aborts the multipart upload and DELETEs the upload.
#![cfg(not(target_arch = "wasm32"))]

#[path = "support/engine_run.rs"]
mod engine_run;
#[path = "support/fake_clock.rs"]
mod fake_clock;
#[path = "support/fake_panopto.rs"]
mod fake_panopto;

use engine_run::*;
use fake_panopto::*;
use panopto_uploader::core::panopto_rest::{PanoptoServer, StreamType};
use panopto_uploader::core::part_plan::MIB;
use panopto_uploader::engine::error::ErrorCode;
use panopto_uploader::engine::flow::{EngineEvent, Phase, UploadFlow};
use panopto_uploader::engine::memory_file::MemoryFile;
use panopto_uploader::engine::ports::{HttpError, HttpResponse};
use panopto_uploader::engine::record::FileRecord;
use panopto_uploader::engine::session::spec::UploadOptions;
use panopto_uploader::engine::stream::record::StreamRecord;
use panopto_uploader::engine::stream::StreamFlow;
use panopto_uploader::engine::upload_record::UploadRecord;
use std::cell::RefCell;
use std::rc::Rc;

fn stream_flow(media: Vec<u8>, session_id: &str) -> impl FnOnce(Rc<Tokens>) -> Box<dyn UploadFlow> {
    let session_id = session_id.to_string();
    move |tokens| {
        Box::new(StreamFlow {
            server: PanoptoServer::new("http://fake").unwrap(),
            tokens,
            session_id,
            stream_type: StreamType::SecondaryVideo,
            file: Rc::new(MemoryFile::new("screen.mp4", "video/mp4", media)),
            options: UploadOptions::default(),
        })
    }
}

fn fresh() -> Rc<RefCell<UploadRecord>> {
    Rc::new(RefCell::new(UploadRecord::Fresh))
}

#[test]
fn a_file_becomes_a_stream_of_the_session() {
    let media = data(12 * MIB as usize, 3);
    let (result, run) =
        start_flow(FakePanopto::new(), stream_flow(media.clone(), SESSION_ID), "good-token", fresh()).finish();
    let outcome = result.unwrap();
    let outcome = outcome.session().unwrap();
    assert_eq!(outcome.session_id, SESSION_ID);
    assert_eq!(outcome.upload_id, UPLOAD_ID);
    let s = run.fake.state.borrow();
    assert_eq!(s.objects.len(), 1, "the one media file, no manifest: {:?}", s.objects.keys());
    assert_eq!(s.objects["screen.mp4"], media, "byte-identical");
    let created: serde_json::Value = serde_json::from_str(&s.rest_bodies[0]).unwrap();
    assert_eq!(created, serde_json::json!({"SessionID": SESSION_ID, "StreamType": 1}));
    let finished: serde_json::Value = serde_json::from_str(&s.rest_bodies[1]).unwrap();
    assert_eq!(finished["State"], 1);
    assert_eq!(finished["ID"], UPLOAD_ID, "the whole object is echoed");
    assert_eq!(finished["UploadTarget"], format!("http://fake/Panopto/Upload/{UPLOAD_ID}"));
    drop(s);
    assert_eq!(run.count("POST", "REST/upload"), 1);
    assert_eq!(run.count("PUT", "REST/upload/"), 1);
    assert!(run.count("GET", "REST/upload/") >= 2, "polled to a terminal state");
    assert_eq!(run.count("PUT", "partNumber="), 3, "5 + 5 + 2 MiB");
    let phases: Vec<Phase> = run
        .events
        .borrow()
        .iter()
        .filter_map(|e| match e {
            EngineEvent::Phase(p) => Some(p.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(&phases[..4], &[Phase::Creating, Phase::Uploading, Phase::Finishing, Phase::Processing]);
    assert!(matches!(phases.last(), Some(Phase::Complete { .. })));
    assert_eq!(run.progress().last(), Some(&(12 * MIB)));
}

#[test]
fn a_failure_or_a_reload_resumes_from_the_record_without_resending_acknowledged_parts() {
    let media = data(12 * MIB as usize, 4);
    let fake = FakePanopto::new();
    // The third part fails for good (403 AccessDenied is not retried): the run stops there.
    fake.fault(|_, req| {
        (req.url.contains("partNumber=3")).then(|| {
            Ok(HttpResponse {
                status: 403,
                headers: vec![],
                body: "<Error><Code>AccessDenied</Code><Message>no</Message></Error>".into(),
            })
        })
    });
    let record = fresh();
    let (result, run) = start_flow(fake, stream_flow(media.clone(), SESSION_ID), "good-token", record.clone()).finish();
    assert!(result.is_err());
    let held = match &*record.borrow() {
        UploadRecord::Stream(s) => match s.as_ref() {
            StreamRecord::Uploading { file: FileRecord::Open(m), .. } => m.parts.len(),
            other => panic!("an open stream upload is recorded: {other:?}"),
        },
        other => panic!("an open stream upload is recorded: {other:?}"),
    };
    assert_eq!(held, 2);
    run.fake.faults.borrow_mut().clear();
    // As a reload finds it: the record went through JSON (IndexedDB) and back.
    let saved = serde_json::to_string(&*record.borrow()).unwrap();
    let record = Rc::new(RefCell::new(serde_json::from_str::<UploadRecord>(&saved).unwrap()));
    assert!(!saved.contains("good-token"), "no token in the saved record");
    let fake = run.fake.clone();
    let before = fake.seen().len();
    let (result, run) = start_flow(fake, stream_flow(media.clone(), SESSION_ID), "good-token", record).finish();
    result.unwrap();
    let again: Vec<_> = run.fake.seen()[before..].iter().filter(|s| s.url.contains("partNumber=")).cloned().collect();
    assert!(again.iter().all(|s| s.url.contains("partNumber=3")), "only the missing part: {again:?}");
    assert_eq!(run.count("POST", "REST/upload"), 1, "the same upload, not a second one");
    assert_eq!(run.fake.state.borrow().objects["screen.mp4"], media);
}

#[test]
fn cancel_aborts_the_multipart_upload_and_deletes_the_upload() {
    let fake = FakePanopto::new();
    fake.hold_after_parts(1);
    let mut run = start_flow(fake, stream_flow(data(12 * MIB as usize, 5), SESSION_ID), "good-token", fresh());
    run.pool.run_until_stalled();
    run.control.cancel();
    let (result, run) = run.finish();
    assert_eq!(result.unwrap_err().code, ErrorCode::Cancelled);
    let s = run.fake.state.borrow();
    assert_eq!(s.aborted_uploads, vec!["up1".to_string()]);
    assert!(s.deleted, "DELETE upload/{{ID}}");
    assert!(run
        .fake
        .seen()
        .iter()
        .any(|x| x.method == "DELETE" && x.url.ends_with(&format!("REST/upload/{UPLOAD_ID}"))));
    assert_eq!(*run.record.borrow(), UploadRecord::Fresh);
}

#[test]
fn a_bad_session_id_or_empty_file_creates_nothing() {
    for (media, session, code) in
        [(data(10, 1), "not-a-guid", ErrorCode::InvalidConfig), (Vec::new(), SESSION_ID, ErrorCode::InvalidFile)]
    {
        let (result, run) = start_flow(FakePanopto::new(), stream_flow(media, session), "good-token", fresh()).finish();
        let e = result.unwrap_err();
        assert_eq!(e.code, code, "{e:?}");
        assert!(run.fake.seen().is_empty(), "nothing sent");
    }
}

#[test]
fn a_network_failure_on_creation_is_retried() {
    let fake = FakePanopto::new();
    fake.fault(|n, _| (n == 0).then(|| Err(HttpError::Network("reset".into()))));
    let (result, run) =
        start_flow(fake, stream_flow(data(MIB as usize, 6), SESSION_ID), "good-token", fresh()).finish();
    result.unwrap();
    assert_eq!(run.count("POST", "REST/upload"), 2);
}
