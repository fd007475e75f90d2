//! StreamUpload against the scripted fake: one file becomes a stream of an existing session
//! (POST upload, S3 multipart with no manifest, PUT State 1, poll), resumes from its record
//! after a failure, and a cancel aborts the multipart upload and DELETEs the upload. Its
//! captions go to the session through API v1 once the stream is Complete; one refused is a
//! warning, and the upload still completes.
#![cfg(not(target_arch = "wasm32"))]

#[path = "support/engine_run.rs"]
mod engine_run;
#[path = "support/fake_clock.rs"]
mod fake_clock;
#[path = "support/fake_panopto.rs"]
mod fake_panopto;

use engine_run::*;
use fake_panopto::*;
use panopto_uploader::core::panopto_rest::captions::MAX_CAPTION_BYTES;
use panopto_uploader::core::panopto_rest::{PanoptoServer, StreamType};
use panopto_uploader::core::part_plan::MIB;
use panopto_uploader::engine::error::ErrorCode;
use panopto_uploader::engine::flow::{EngineEvent, Phase, UploadFlow};
use panopto_uploader::engine::memory_file::MemoryFile;
use panopto_uploader::engine::ports::{HttpError, HttpResponse};
use panopto_uploader::engine::record::FileRecord;
use panopto_uploader::engine::session::spec::{Caption, UploadOptions};
use panopto_uploader::engine::stream::record::StreamRecord;
use panopto_uploader::engine::stream::StreamFlow;
use panopto_uploader::engine::upload_record::UploadRecord;
use panopto_uploader::ui::i18n::english;
use std::cell::RefCell;
use std::rc::Rc;

fn stream_flow(media: Vec<u8>, session_id: &str) -> impl FnOnce(Rc<Tokens>) -> Box<dyn UploadFlow> {
    with_captions(media, session_id, Vec::new())
}

/// A stream with caption files: (name, language tag, bytes).
fn with_captions(
    media: Vec<u8>,
    session_id: &str,
    captions: Vec<(&str, &str, Vec<u8>)>,
) -> impl FnOnce(Rc<Tokens>) -> Box<dyn UploadFlow> {
    let session_id = session_id.to_string();
    let captions: Vec<Caption> = captions
        .into_iter()
        .map(|(name, lang, bytes)| Caption {
            file: Rc::new(MemoryFile::new(name, "text/vtt", bytes)),
            language: Some(lang.to_string()),
        })
        .collect();
    move |tokens| {
        Box::new(StreamFlow {
            server: PanoptoServer::new("http://fake").unwrap(),
            tokens,
            session_id,
            stream_type: StreamType::SecondaryVideo,
            file: Rc::new(MemoryFile::new("screen.mp4", "video/mp4", media)),
            captions,
            options: UploadOptions::default(),
        })
    }
}

fn warnings(run: &Run) -> Vec<String> {
    run.events
        .borrow()
        .iter()
        .filter_map(|e| match e {
            EngineEvent::Warning(w) => Some(format!("{}: {}", w.code, english(&w.message))),
            _ => None,
        })
        .collect()
}

const VTT: &[u8] = b"WEBVTT\n\n00:01.000 --> 00:02.000\nBonjour\n";

#[test]
fn captions_go_to_the_session_once_the_stream_is_complete() {
    let captions = vec![("week1.fr.vtt", "fr-FR", VTT.to_vec()), ("week1.srt", "en-US", b"1\n".to_vec())];
    let flow = with_captions(data(MIB as usize, 7), SESSION_ID, captions);
    let (result, run) = start_flow(FakePanopto::new(), flow, "good-token", fresh()).finish();
    assert_eq!(result.unwrap().session().unwrap().session_id, SESSION_ID);
    assert!(warnings(&run).is_empty());
    let seen = run.fake.seen();
    let last_poll = seen.iter().rposition(|s| s.method == "GET" && s.url.contains("REST/upload/")).unwrap();
    let first_caption = seen.iter().position(|s| s.url.ends_with("/captions")).unwrap();
    assert!(first_caption > last_poll, "after the stream is Complete");
    let s = run.fake.state.borrow();
    assert_eq!(s.captions.len(), 2);
    assert_eq!(s.captions[0].0, format!("http://fake/Panopto/api/v1/sessions/{SESSION_ID}/captions"));
    let body = String::from_utf8(s.captions[0].1.clone()).unwrap();
    assert!(body.contains("name=\"language\"\r\n\r\nFrench\r\n"), "{body}");
    assert!(body.contains("filename=\"week1.fr.vtt\"") && body.contains("Bonjour"), "{body}");
    let header = &seen[first_caption].headers;
    assert!(header.iter().any(|(n, v)| n == "content-type" && v.starts_with("multipart/form-data; boundary=")));
    assert!(String::from_utf8_lossy(&s.captions[1].1).contains("English_USA"));
}

#[test]
fn a_refused_caption_is_a_warning_and_the_stream_is_still_done() {
    let fake = FakePanopto::new();
    fake.state.borrow_mut().caption_answer =
        Some((400, r#"{"Error":{"Success":false,"Message":"line 2: not a cue timing"}}"#.into()));
    let flow = with_captions(data(MIB as usize, 8), SESSION_ID, vec![("bad.srt", "en-US", b"1\nx\n".to_vec())]);
    let (result, run) = start_flow(fake, flow, "good-token", fresh()).finish();
    assert!(result.is_ok(), "the stream is in the session: {result:?}");
    assert_eq!(
        warnings(&run),
        ["caption: the captions bad.srt were not added: Adding the captions to the session: line 2: not a cue \
          timing (HTTP 400)"]
    );
    assert_eq!(run.fake.state.borrow().captions.len(), 1, "a 4xx is not retried");
}

#[test]
fn a_caption_is_retried_on_5xx_and_one_too_large_is_never_sent() {
    let fake = FakePanopto::new();
    let answered = Rc::new(std::cell::Cell::new(0));
    let count = answered.clone();
    fake.fault(move |_, req| {
        (req.url.ends_with("/captions") && count.replace(count.get() + 1) == 0)
            .then(|| Ok(HttpResponse { status: 503, headers: vec![], body: String::new() }))
    });
    let big = vec![b'x'; (MAX_CAPTION_BYTES + 1) as usize];
    let captions = vec![("big.vtt", "en-US", big), ("ok.vtt", "de-DE", VTT.to_vec())];
    let (result, run) =
        start_flow(fake, with_captions(data(MIB as usize, 9), SESSION_ID, captions), "good-token", fresh()).finish();
    result.unwrap();
    assert_eq!(answered.get(), 2, "503, then sent again");
    let s = run.fake.state.borrow();
    assert_eq!(s.captions.len(), 1);
    assert!(String::from_utf8_lossy(&s.captions[0].1).contains("German"));
    let w = warnings(&run);
    assert_eq!(w.len(), 1);
    assert!(w[0].starts_with("caption: the captions big.vtt were not added: big.vtt is 10"), "{w:?}");
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
    let saved = panopto_uploader::core::json::to_string(&*record.borrow()).unwrap();
    let record = Rc::new(RefCell::new(panopto_uploader::core::json::from_str::<UploadRecord>(&saved).unwrap()));
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

#[test]
fn a_cancel_while_captions_go_leaves_the_stream_done_and_deletes_nothing() {
    let fake = FakePanopto::new();
    // Panopto answers the captions 503 for a while: the cancel comes in the retry's wait.
    fake.fault(|_, req| {
        req.url.ends_with("/captions").then(|| Ok(HttpResponse { status: 503, headers: vec![], body: String::new() }))
    });
    let captions = vec![("a.vtt", "en-US", VTT.to_vec()), ("b.vtt", "fr-FR", VTT.to_vec())];
    let mut run = start_flow(fake, with_captions(data(MIB as usize, 10), SESSION_ID, captions), "good-token", fresh());
    while run.count("POST", "/captions") == 0 {
        run.pool.run_until_stalled();
        assert!(run.fake.clock.fire_next(), "the captions are reached");
    }
    run.control.cancel();
    let (result, run) = run.finish();
    assert!(result.is_ok(), "the stream is complete: {result:?}");
    assert!(!run.fake.seen().iter().any(|x| x.method == "DELETE"), "a finished StreamUpload is never deleted");
    let w = warnings(&run);
    assert_eq!(w.len(), 2, "each caption left is said: {w:?}");
    assert!(w[1].starts_with("caption: the captions b.vtt were not added"), "{w:?}");
}
