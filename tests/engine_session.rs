//! The upload engine against a scripted fake Panopto: the whole flow, and each failure
//! class (retryable S3 errors, expired token, hidden ETag, fatal S3 error, clock skew,
//! processing error, pause/resume, cancel, bad files).
#![cfg(not(target_arch = "wasm32"))]

#[path = "support/engine_run.rs"]
mod engine_run;
#[path = "support/fake_clock.rs"]
mod fake_clock;
#[path = "support/fake_panopto.rs"]
mod fake_panopto;

use engine_run::*;
use fake_panopto::*;
use panopto_uploader::core::checksum::{crc32, crc32_hex};
use panopto_uploader::core::part_plan::MIB;
use panopto_uploader::engine::error::ErrorCode;
use panopto_uploader::engine::flow::{EngineEvent, Phase};
use panopto_uploader::engine::memory_file::MemoryFile;
use panopto_uploader::engine::ports::*;
use panopto_uploader::engine::upload_record::UploadRecord;
use panopto_uploader::ui::i18n::english;
use std::cell::Cell;
use std::rc::Rc;

#[test]
fn uploads_media_captions_and_manifest_then_completes() {
    let media = data(23 * MIB as usize, 1);
    let caption = b"WEBVTT\n\n00:00.000 --> 00:01.000\nHello\n".to_vec();
    let (result, run) = start(FakePanopto::new(), spec(media.clone(), Some(caption.clone())), "good-token").finish();
    let outcome = result.unwrap();
    let outcome = outcome.session().unwrap();
    assert_eq!(outcome.session_id, SESSION_ID);
    assert_eq!(outcome.viewer_url, format!("http://fake/Panopto/Pages/Viewer.aspx?id={SESSION_ID}"));
    let s = run.fake.state.borrow();
    assert_eq!(s.objects["lecture_1.mp4"], media, "byte-identical");
    assert_eq!(s.objects["lecture_1.en.vtt"], caption);
    let manifest = String::from_utf8(s.objects["session-manifest.xml"].clone()).unwrap();
    assert!(
        manifest.contains(&format!("<File Checksum=\"{}\">lecture_1.mp4</File>", crc32_hex(crc32(&media)))),
        "{manifest}"
    );
    assert!(manifest.contains(&format!("<File Checksum=\"{}\">lecture_1.en.vtt</File>", crc32_hex(crc32(&caption)))));
    assert!(manifest.contains("<Title>Week 1 &lt;intro&gt; &amp; &quot;more&quot; 🎓</Title>"));
    assert!(manifest.contains("<LCID>en-US</LCID>"));
    drop(s);
    assert_eq!(run.count("PUT", "partNumber="), 5 + 1 + 1, "5 media parts, 1 caption part, 1 manifest part");
    let media_parts: Vec<usize> = run
        .fake
        .seen()
        .iter()
        .filter(|s| s.url.contains("uploadId=up1") && s.method == "PUT")
        .map(|s| s.body_len)
        .collect();
    assert_eq!(media_parts.iter().filter(|l| **l == 5 * MIB as usize).count(), 4, "5 MiB parts");
    assert_eq!(media_parts.iter().sum::<usize>(), 23 * MIB as usize);
    for seen in run.fake.seen() {
        let auth = seen.headers.iter().find(|(n, _)| n == "authorization").map(|(_, v)| v.as_str()).unwrap_or("");
        if seen.url.contains("/Panopto/Upload/") {
            assert!(auth.starts_with("AWS4-HMAC-SHA256 "), "S3 requests are signed: {}", seen.url);
        } else {
            assert!(auth.starts_with("Bearer "), "REST requests carry the token");
        }
    }
    let p = run.progress();
    assert!(p.windows(2).all(|w| w[0] <= w[1]), "monotonic: {p:?}");
    assert_eq!(*p.last().unwrap(), 23 * MIB + caption.len() as u64);
    let phases: Vec<_> = run
        .events
        .borrow()
        .iter()
        .filter_map(|e| if let EngineEvent::Phase(p) = e { Some(p.clone()) } else { None })
        .collect();
    assert!(matches!(phases.last(), Some(Phase::Complete { .. })));
    assert_eq!(phases.len(), 5, "{phases:?}");
}

#[test]
fn retryable_s3_errors_back_off_and_succeed_without_progress_going_back() {
    let fake = FakePanopto::new();
    let failures = Rc::new(Cell::new(0));
    let f = failures.clone();
    fake.fault(move |_, req| {
        if req.url.contains("partNumber=2") && f.get() < 3 {
            f.set(f.get() + 1);
            return Some(match f.get() {
                1 => Ok(slow_down()),
                2 => Err(HttpError::Network("connection reset".into())),
                _ => Ok(HttpResponse {
                    status: 500,
                    headers: vec![],
                    body: "<Error><Code>InternalError</Code></Error>".into(),
                }),
            });
        }
        None
    });
    let media = data(12 * MIB as usize, 2);
    let (result, run) = start(fake, spec(media.clone(), None), "good-token").finish();
    result.unwrap();
    assert_eq!(run.count("PUT", "partNumber=2&"), 4);
    assert_eq!(run.fake.state.borrow().objects["lecture_1.mp4"], media);
    // The three failures each backed off (jittered, at most 250/500/1000 ms) before the
    // polls that follow the upload.
    let slept = run.fake.clock.slept.borrow().clone();
    assert!(slept.len() >= 4 && slept[..3].iter().all(|ms| *ms <= 1000), "{slept:?}");
    let p = run.progress();
    assert!(p.windows(2).all(|w| w[0] <= w[1]));
}

#[test]
fn expired_token_is_refreshed_once() {
    let (result, run) = start(FakePanopto::new(), spec(data(1000, 3), None), "stale-token").finish();
    result.unwrap();
    assert_eq!(run.tokens.refreshed.get(), 1);
    let bearer_on_s3 = run
        .fake
        .seen()
        .iter()
        .any(|s| s.url.contains("/Panopto/Upload/") && s.headers.iter().any(|(_, v)| v.contains("token")));
    assert!(!bearer_on_s3, "the bearer token never reaches S3");
}

#[test]
fn a_token_that_stays_refused_fails_clearly() {
    // A source that renews at once (a provider): 401 and 403 are each tried once more with
    // a fresh token; then 401 is `unauthorized`, 403 `forbidden` (a permission).
    for (status, code) in [(401, ErrorCode::Unauthorized), (403, ErrorCode::Forbidden)] {
        let fake = FakePanopto::new();
        fake.fault(move |_, req| {
            req.url.contains("sessionUpload").then(|| Ok(HttpResponse { status, headers: vec![], body: "{}".into() }))
        });
        let (result, run) = start(fake, spec(data(10, 3), None), "good-token").finish();
        let e = result.unwrap_err();
        assert_eq!(e.code, code);
        assert_eq!(run.tokens.refreshed.get(), 1);
        assert_eq!(run.fake.seen().len(), 2);
    }
}

#[test]
fn hidden_etags_are_recovered_with_list_parts() {
    let fake = FakePanopto::new();
    fake.state.borrow_mut().hide_etag = true;
    let media = data(11 * MIB as usize, 4);
    let (result, run) = start(fake, spec(media.clone(), None), "good-token").finish();
    result.unwrap();
    assert!(run.count("GET", "uploadId=") >= 1);
    assert_eq!(run.fake.state.borrow().objects["lecture_1.mp4"], media);
}

#[test]
fn fatal_s3_error_fails_the_file_and_aborts_the_multipart_upload() {
    let fake = FakePanopto::new();
    fake.fault(|_, req| req.url.contains("partNumber=1&").then(|| Ok(HttpResponse { status: 400, headers: vec![], body: "<Error><Code>InvalidArgument</Code><Message>Part number must be an integer between 1 and 10000, inclusive</Message></Error>".into() })));
    let (result, run) = start(fake, spec(data(6 * MIB as usize, 5), None), "good-token").finish();
    let e = result.unwrap_err();
    assert_eq!((e.code.to_string(), e.retryable()), ("s3-InvalidArgument".to_string(), false));
    assert!(english(&e.message).contains("UploadPart failed: S3 InvalidArgument (400)"), "{}", english(&e.message));
    assert!(run.fake.state.borrow().aborted_uploads.is_empty(), "an error keeps the multipart upload for a retry");
    assert!(open_upload(&run.record.borrow(), 0).is_some());
}

#[test]
fn retry_after_a_failure_resumes_instead_of_restarting() {
    let fake = FakePanopto::new();
    let broken = Rc::new(Cell::new(true));
    let b = broken.clone();
    fake.fault(move |_, req| {
        (b.get() && req.url.contains("partNumber=3&")).then(|| Err(HttpError::Network("Wi-Fi dropped".into())))
    });
    let media = data(27 * MIB as usize, 10);
    let (first, run) = start(fake.clone(), spec(media.clone(), None), "good-token").finish();
    let e = first.unwrap_err();
    assert_eq!((e.code.clone(), e.retryable()), (ErrorCode::Network, true));
    assert!(english(&e.message).contains("gave up after"), "{}", english(&e.message));
    let acked: Vec<u32> = open_upload(&run.record.borrow(), 0).unwrap().parts.keys().copied().collect();
    // Part 3 failed for good while the others went on; everything acknowledged is kept.
    assert!(!acked.contains(&3) && acked.contains(&1) && acked.contains(&2) && acked.contains(&4), "{acked:?}");
    let missing: Vec<String> = (1..=6).filter(|n| !acked.contains(n)).map(|n| n.to_string()).collect();

    broken.set(false);
    let before = fake.seen().len();
    let (second, run) = start_with(fake.clone(), spec(media.clone(), None), "good-token", run.record.clone()).finish();
    second.unwrap();
    let again: Vec<String> = fake.seen()[before..].iter().map(|s| format!("{} {}", s.method, s.url)).collect();
    assert!(
        !again.iter().any(|r| r.contains("REST/sessionUpload") && r.starts_with("POST")),
        "same sessionUpload: {again:#?}"
    );
    let media_parts: Vec<&String> =
        again.iter().filter(|r| r.contains("uploadId=up1") && r.starts_with("PUT")).collect();
    let numbers: Vec<&str> =
        media_parts.iter().map(|r| r.split("partNumber=").nth(1).unwrap().split('&').next().unwrap()).collect();
    let mut numbers: Vec<String> = numbers.into_iter().map(String::from).collect();
    numbers.sort();
    assert_eq!(numbers, missing, "only the missing parts are sent again");
    assert_eq!(run.fake.state.borrow().objects["lecture_1.mp4"], media);
    let progress = run.progress();
    assert_eq!(progress.last().copied(), Some(27 * MIB));
}

#[test]
fn clock_skew_is_learnt_from_the_server_and_the_request_re_signed() {
    let fake = FakePanopto::new();
    fake.state.borrow_mut().server_skew_ms = 40.0 * 60_000.0; // the laptop is 40 minutes slow
    let (result, run) = start(fake, spec(data(1000, 6), None), "good-token").finish();
    result.unwrap();
    // The first CreateMultipartUpload is refused as skewed; the engine learns the server's
    // time from ServerTime, re-signs, and every later request is accepted first time.
    let creates = run.fake.seen().into_iter().filter(|s| s.url.ends_with("?uploads=")).count();
    assert_eq!(creates, 3, "media (refused, then accepted) and manifest");
    assert_eq!(run.count("PUT", "partNumber="), 2);
}

#[test]
fn processing_error_reports_panoptos_message() {
    let fake = FakePanopto::new();
    fake.state.borrow_mut().processing_message =
        Some("File 'x.mp4' referenced by the manifest was not uploaded".into());
    let (result, _) = start(fake, spec(data(100, 7), None), "good-token").finish();
    let e = result.unwrap_err();
    assert_eq!(e.code, ErrorCode::ProcessingFailed);
    assert_eq!(english(&e.message), "File 'x.mp4' referenced by the manifest was not uploaded");
}

#[test]
fn pause_keeps_acknowledged_parts_and_resume_finishes() {
    let fake = FakePanopto::new();
    let media = data(30 * MIB as usize, 8);
    let mut run = start(fake.clone(), spec(media.clone(), None), "good-token");
    // Let the first parts through, then hold everything in flight.
    fake.hold_after_parts(2);
    run.pool.run_until_stalled();
    assert!(run.result.borrow().is_none(), "held mid-upload");
    run.control.pause();
    run.pool.run_until_stalled();
    let sent_before_resume = fake.state.borrow().parts.len();
    fake.set_hold(false);
    run.control.resume();
    let (result, run) = run.finish();
    result.unwrap();
    assert_eq!(run.fake.state.borrow().objects["lecture_1.mp4"], media);
    assert!((1..6).contains(&sent_before_resume), "paused mid-upload: {sent_before_resume} parts in");
    for n in 1..=6 {
        let sends = run.fake.seen().iter().filter(|s| s.url.contains(&format!("partNumber={n}&uploadId=up1"))).count();
        assert_eq!(sends, 1, "part {n} reached the server exactly once: acknowledged parts are never re-sent");
    }
}

#[test]
fn cancel_aborts_the_multipart_upload_and_deletes_the_session_upload() {
    let fake = FakePanopto::new();
    let f2 = fake.clone();
    fake.fault(move |_, req| {
        if req.url.contains("partNumber=") {
            f2.state.borrow_mut().hold = true;
        }
        None
    });
    let mut run = start(fake.clone(), spec(data(20 * MIB as usize, 9), None), "good-token");
    run.pool.run_until_stalled();
    run.control.cancel();
    let (result, run) = run.finish();
    assert!(result.unwrap_err().is_cancelled());
    let s = run.fake.state.borrow();
    assert!(s.deleted, "DELETE sessionUpload sent");
    assert_eq!(s.aborted_uploads, vec!["up1".to_string()], "AbortMultipartUpload sent");
    assert!(s.objects.is_empty());
    assert_eq!(*run.record.borrow(), UploadRecord::Fresh, "a cancelled upload cannot be resumed");
}

#[test]
fn bad_files_are_refused_before_anything_is_created() {
    let (result, run) = start(FakePanopto::new(), spec(Vec::new(), None), "good-token").finish();
    let e = result.unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidFile);
    assert!(english(&e.message).contains("the file is empty"), "{}", english(&e.message));
    assert!(run.fake.seen().is_empty());
    let mut s = spec(data(10, 1), Some(vec![1]));
    s.captions[0].file = Rc::new(MemoryFile::new("lecture 1.mp4", "", vec![1]));
    let (result, _) = start(FakePanopto::new(), s, "good-token").finish();
    assert!(english(&result.unwrap_err().message).contains("both named"));
}

#[test]
fn paused_before_the_first_request_sends_nothing_until_resumed() {
    let fake = FakePanopto::new();
    let media = data(7 * MIB as usize, 15);
    let mut run = start(fake.clone(), spec(media.clone(), None), "good-token");
    run.control.pause();
    run.pool.run_until_stalled();
    assert!(fake.seen().is_empty(), "nothing sent while paused: {:?}", fake.seen());
    run.control.resume();
    let (result, run) = run.finish();
    result.unwrap();
    assert_eq!(run.fake.state.borrow().objects["lecture_1.mp4"], media);
}

#[test]
fn cancel_while_paused_aborts_and_deletes() {
    let fake = FakePanopto::new();
    fake.hold_after_parts(2);
    let mut run = start(fake.clone(), spec(data(30 * MIB as usize, 16), None), "good-token");
    run.pool.run_until_stalled();
    run.control.pause();
    run.pool.run_until_stalled();
    run.control.cancel();
    let (result, run) = run.finish();
    assert!(result.unwrap_err().is_cancelled());
    let s = run.fake.state.borrow();
    assert!(s.deleted, "DELETE sessionUpload sent");
    assert_eq!(s.aborted_uploads, vec!["up1".to_string()]);
    assert!(s.objects.is_empty());
}

/// As in the browser: parts go out as file slices, and their checksums are taken from the
/// file a chunk at a time, never from a whole part held in memory.
#[test]
fn sliced_parts_are_checksummed_in_chunks_and_sent_as_slices() {
    let media = data(11 * MIB as usize, 6);
    let file = Rc::new(SlicedFile::new("lecture 1.mp4", media.clone()));
    let mut s = spec(vec![], None);
    s.primary = file.clone();
    let (result, run) = start(FakePanopto::new(), s, "good-token").finish();
    result.unwrap();
    let state = run.fake.state.borrow();
    assert_eq!(state.objects["lecture_1.mp4"], media, "the slices' bytes, in order");
    let manifest = String::from_utf8(state.objects["session-manifest.xml"].clone()).unwrap();
    assert!(
        manifest.contains(&format!("<File Checksum=\"{}\">lecture_1.mp4</File>", crc32_hex(crc32(&media)))),
        "{manifest}"
    );
    // Fingerprinting reads the edges whole; no part is read whole.
    assert!(file.whole_reads.get() <= 2, "{} whole reads", file.whole_reads.get());
    let per_part = |mib: usize| (mib * MIB as usize).div_ceil(65_521);
    assert_eq!(file.chunks_fed.get(), 2 * per_part(5) + per_part(1), "parts of 5, 5 and 1 MiB");
}

#[test]
fn hidden_etags_are_checked_against_md5s_taken_in_chunks() {
    let fake = FakePanopto::new();
    fake.state.borrow_mut().hide_etag = true;
    fake.state.borrow_mut().md5_etags = true; // as S3: ETags that can be checked
                                              // Eight parts: those read after the first answer showed the ETag hidden get an MD5.
    let media = data(40 * MIB as usize, 7);
    let file = Rc::new(SlicedFile::new("lecture 1.mp4", media.clone()));
    let mut s = spec(vec![], None);
    s.primary = file.clone();
    let (result, run) = start(fake, s, "good-token").finish();
    result.unwrap();
    assert!(run.count("GET", "uploadId=") >= 1, "ETags recovered with ListParts");
    assert_eq!(run.fake.state.borrow().objects["lecture_1.mp4"], media);
}

/// A cancel (or pause) while the sessionUpload is being created does not abort that
/// request: a real server creates it all the same, and an aborted request would leave it
/// behind with no ID to delete it by.
#[test]
fn cancel_while_the_session_is_being_created_deletes_the_session_it_created() {
    let fake = FakePanopto::new();
    {
        let mut s = fake.state.borrow_mut();
        s.hold_creates = true;
        s.hold = true;
    }
    let mut run = start(fake.clone(), spec(data(6 * MIB as usize, 17), None), "good-token");
    run.pool.run_until_stalled();
    assert!(fake.seen().is_empty(), "the creation is in flight");
    run.control.cancel();
    run.pool.run_until_stalled();
    fake.set_hold(false);
    let (result, run) = run.finish();
    assert!(result.unwrap_err().is_cancelled());
    let methods: Vec<String> = run.fake.seen().iter().map(|s| s.method.clone()).collect();
    assert_eq!(methods, ["POST", "DELETE"], "created, then deleted: nothing left behind");
    assert!(run.fake.state.borrow().deleted);

    let fake = FakePanopto::new();
    fake.state.borrow_mut().hold_creates = true;
    fake.state.borrow_mut().hold = true;
    let mut run = start(fake.clone(), spec(data(6 * MIB as usize, 18), None), "good-token");
    run.pool.run_until_stalled();
    run.control.pause();
    run.pool.run_until_stalled();
    fake.set_hold(false);
    run.pool.run_until_stalled();
    run.control.resume();
    let (result, run) = run.finish();
    result.unwrap();
    assert_eq!(run.count("POST", "REST/sessionUpload"), 1, "paused mid-creation: the same session continues");
}
