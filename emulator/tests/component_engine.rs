//! The component's own protocol core and upload engine against the real emulator: every
//! request our signer produces must pass the emulator's independent SigV4 check, the
//! manifest we generate must pass its UCS validation, and the session must reach Complete.

mod common;
#[path = "common/engine.rs"]
mod engine;

use common::*;
use engine::{DevToken, RawHttp, SystemClock};
use futures_executor::block_on;
use panopto_uploader::core::object_name::object_name;
use panopto_uploader::core::panopto_rest::PanoptoServer;
use panopto_uploader::core::s3::S3Auth;
use panopto_uploader::engine::context::EngineContext;
use panopto_uploader::engine::control::Control;
use panopto_uploader::engine::error::{ErrorCode, UploadError};
use panopto_uploader::engine::flow::{SessionOutcome, UploadFlow};
use panopto_uploader::engine::memory_file::MemoryFile;
use panopto_uploader::engine::ports::*;
use panopto_uploader::engine::retry::{BackoffConfig, SeededRandom};
use panopto_uploader::engine::session::spec::{Caption, SessionSpec, UploadOptions};
use panopto_uploader::engine::session::SessionFlow;
use panopto_uploader::engine::upload_record::UploadRecord;
use panopto_uploader::ui::i18n::english;
use std::rc::Rc;

fn run(emu: &Emu, spec: SessionSpec, auth: Option<S3Auth>) -> Result<SessionOutcome, UploadError> {
    let ctx = EngineContext::new(
        Rc::new(RawHttp { addr: emu.addr.clone() }),
        Rc::new(SystemClock),
        Control::new(),
        BackoffConfig::default(),
        SeededRandom::new(1),
    );
    let server = PanoptoServer::new(&format!("http://{}", emu.addr)).unwrap();
    let options = UploadOptions { s3_auth: auth, first_poll_ms: 100, max_poll_ms: 200, ..Default::default() };
    let flow = SessionFlow { server, tokens: Rc::new(DevToken), spec, options };
    let record = std::cell::RefCell::new(UploadRecord::Fresh);
    block_on(flow.run(&ctx, &record, &|_| {})).map(|o| o.session().cloned().expect("a session"))
}

fn file(name: &str, ty: &str, bytes: Vec<u8>) -> Rc<dyn FileSource> {
    Rc::new(MemoryFile::new(name, ty, bytes))
}

#[test]
fn signed_session_with_awkward_names_completes_and_every_request_verifies() {
    let emu = Emu::start(&["--processing-ms", "200"]);
    let primary = data(12 * MIB + 3, 1);
    let screen = data(6 * MIB, 2);
    let caption = b"1\n00:00:00,000 --> 00:00:01,000\nBonjour \xc3\xa0 tous\n".to_vec();
    let spec = SessionSpec {
        folder_id: FOLDER.into(),
        title: "Cours 1 — <intro> & \"quotes\" 'x' ]]> 🎓 محاضرة".into(),
        description: Some("Line 1\nLine 2 & <b>".into()),
        primary: file("Lecture (1) + notes*'~ é.mp4", "video/mp4", primary.clone()),
        secondary: Some(file("screen capture.mp4", "video/mp4", screen.clone())),
        captions: vec![Caption {
            file: file("captions fr.srt", "application/x-subrip", caption.clone()),
            language: Some("fr-FR".into()),
        }],
    };
    let outcome = run(&emu, spec, Some(S3Auth::default())).expect("session completes");
    let info = emu.inspect(&outcome.upload_id);
    assert_eq!(info["StateName"], "Complete", "{info:#}");
    assert_eq!(info["SessionId"], outcome.session_id.as_str());
    let s3 = &info["S3"];
    assert_eq!(s3["Rejected"], 0, "{info:#}");
    assert_eq!(s3["Unsigned"], 0);
    // 4 files (media, screen, caption, manifest): 4 creates + 3+2+1+1 parts + 4 completes.
    assert_eq!(s3["Verified"], 15, "{s3}");
    assert_eq!(s3["PartsReceived"], 7, "no part sent twice");
    assert_eq!(info["TokenLeaks"].as_array().unwrap().len(), 0);
    let files = info["Files"].as_array().unwrap();
    // Stored under the element's safe names; the manifest refers to those.
    let sha = |name: &str| {
        let name = object_name(name);
        files.iter().find(|f| f["Name"] == name.as_str()).unwrap_or_else(|| panic!("{name} missing: {files:?}"))
            ["Sha256"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(object_name("Lecture (1) + notes*'~ é.mp4"), "Lecture_1_notes.mp4");
    assert_eq!(sha("Lecture (1) + notes*'~ é.mp4"), sha256_hex(&primary));
    assert_eq!(sha("screen capture.mp4"), sha256_hex(&screen));
    assert_eq!(sha("captions fr.srt"), sha256_hex(&caption));
}

#[test]
fn unsigned_mode_is_accepted_and_counted_as_unsigned() {
    let emu = Emu::start(&["--processing-ms", "100"]);
    let spec = SessionSpec {
        folder_id: FOLDER.into(),
        title: "Unsigned".into(),
        description: None,
        primary: file("a.mp4", "video/mp4", data(1000, 3)),
        secondary: None,
        captions: vec![],
    };
    let outcome = run(&emu, spec, None).unwrap();
    let info = emu.inspect(&outcome.upload_id);
    assert_eq!(info["S3"]["Verified"], 0);
    assert_eq!(info["S3"]["Unsigned"], 6, "2 files x (create + part + complete)");
}

#[test]
fn unknown_folder_fails_with_the_servers_message() {
    let emu = Emu::start(&[]);
    let spec = SessionSpec {
        folder_id: "00000000-0000-4000-8000-000000000000".into(),
        title: "t".into(),
        description: None,
        primary: file("a.mp4", "video/mp4", vec![1]),
        secondary: None,
        captions: vec![],
    };
    let e = run(&emu, spec, None).unwrap_err();
    assert_eq!(e.code, ErrorCode::NotFound);
    let message = english(&e.message);
    assert!(message.contains("00000000-0000-4000-8000-000000000000"), "{message}");
}

#[test]
fn a_laptop_clock_20_minutes_slow_is_corrected_from_the_server() {
    let emu = Emu::start(&["--processing-ms", "100", "--clock-skew-secs", "1200"]);
    let spec = SessionSpec {
        folder_id: FOLDER.into(),
        title: "Skewed".into(),
        description: None,
        primary: file("a.mp4", "video/mp4", data(6 * MIB, 4)),
        secondary: None,
        captions: vec![],
    };
    let outcome = run(&emu, spec, Some(S3Auth::default())).expect("completes despite the skew");
    let s3 = &emu.inspect(&outcome.upload_id)["S3"];
    // Only the very first S3 request is refused (RequestTimeTooSkewed); every later one is
    // signed with the corrected time.
    assert_eq!(s3["Rejected"], 1, "{s3}");
    assert_eq!(s3["Verified"], 4 + 3, "media: create + 2 parts + complete; manifest: create + part + complete");
}

/// Fidelity: the element and the emulator (S3) agree on every limit the element can meet.
/// Key: a name of the longest length the element allows makes a 1,024-byte key, which S3
/// takes; one byte more is refused by the element before any session, and by S3 too.
/// Parts: the element's largest file plans 10,000 parts of 25 MiB; S3 takes part number
/// 10,000 and a 25 MiB part, refuses 10,001; the element refuses a larger file.
#[test]
fn the_element_and_s3_agree_on_key_length_part_numbers_and_part_sizes() {
    use panopto_uploader::core::part_plan::{PartPlan, PartPlanError, MAX_FILE_SIZE, MAX_PARTS, MAX_PART_SIZE};
    use panopto_uploader::core::upload_target::{MAX_FILE_NAME_BYTES, MAX_KEY_BYTES};
    let emu = Emu::start(&["--processing-ms", "100"]);
    let spec = |name: &str| SessionSpec {
        folder_id: FOLDER.into(),
        title: "Limits".into(),
        description: None,
        primary: file(name, "video/mp4", data(1000, 5)),
        secondary: None,
        captions: vec![],
    };
    let longest = format!("{}.mp4", "é".repeat((MAX_FILE_NAME_BYTES - 4) / 2));
    let longest = format!("{}{}", "n".repeat(MAX_FILE_NAME_BYTES - longest.len()), longest);
    assert_eq!(longest.len(), MAX_FILE_NAME_BYTES);
    let outcome = run(&emu, spec(&longest), Some(S3Auth::default())).expect("the longest name uploads");
    assert_eq!(emu.get_upload(&outcome.upload_id)["State"], 4, "Complete");
    let before = emu.sessions()["uploads"].as_array().unwrap().len();
    let e = run(&emu, spec(&format!("n{longest}")), Some(S3Auth::default())).unwrap_err();
    let message = english(&e.message);
    assert_eq!(e.code, ErrorCode::InvalidFile, "{message}");
    assert!(message.contains("too long to upload"), "{message}");
    assert_eq!(emu.sessions()["uploads"].as_array().unwrap().len(), before, "no session made for it");
    let t = emu.target_path(&emu.create_session());
    let key_room = MAX_KEY_BYTES - t.rsplit('/').next().unwrap().len() - 1;
    assert_eq!(key_room, MAX_FILE_NAME_BYTES, "the element leaves exactly what S3 takes");
    assert_eq!(emu.put_object(&t, &"k".repeat(key_room + 1), b"x").code(), "KeyTooLongError");

    let plan = PartPlan::with_default_part_size(MAX_FILE_SIZE).unwrap();
    assert_eq!((plan.part_count() as u64, plan.part_size()), (MAX_PARTS, MAX_PART_SIZE));
    assert!(matches!(PartPlan::with_default_part_size(MAX_FILE_SIZE + 1), Err(PartPlanError::FileTooLarge(_))));
    let uid = emu.create_mpu(&t, "v.mp4");
    let put = |n: u64, body: &[u8]| emu.req("PUT", &format!("{t}/v.mp4?partNumber={n}&uploadId={uid}"), &[], body);
    assert_eq!(put(MAX_PARTS, b"last").status, 200, "part 10,000");
    assert_eq!(put(MAX_PARTS + 1, b"x").code(), "InvalidArgument", "part 10,001");
    assert_eq!(put(1, &data(MAX_PART_SIZE as usize, 6)).status, 200, "a 25 MiB part");
}
