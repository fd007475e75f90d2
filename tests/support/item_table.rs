//! Builders and printers for the state machine's table test: a state from its written
//! name (`paused(user,finishing) offline`), an input from its name, and effects and states
//! printed back in the table's words.

use panopto_uploader::core::panopto_rest::{SessionUpload, UploadStatus};
use panopto_uploader::engine::error::{ErrorCode, UploadError};
use panopto_uploader::engine::fingerprint::Fingerprint;
use panopto_uploader::engine::flow::{EngineEvent, FlowIdentity, Notice, Outcome, Phase, SessionOutcome};
use panopto_uploader::engine::progress::Progress;
use panopto_uploader::engine::record::{AckedPart, FileRecord, MultipartState};
use panopto_uploader::engine::saved_upload::SavedUpload;
use panopto_uploader::engine::session::record::SessionRecord;
use panopto_uploader::engine::upload_record::UploadRecord;
use panopto_uploader::item::*;
use panopto_uploader::ui::i18n::Announcement;
use std::collections::BTreeMap;

pub const SIZE: u64 = 100;

pub fn error(code: &str) -> UploadError {
    let code = match code {
        "network" => ErrorCode::Network,
        "file-read" => ErrorCode::FileRead,
        "invalid-file" => ErrorCode::InvalidFile,
        "processing-failed" => ErrorCode::ProcessingFailed,
        "cancelled" => ErrorCode::Cancelled,
        other => panic!("no test error {other}"),
    };
    UploadError::new(code, panopto_uploader::text::ErrorText::Network { detail: "it broke".into() })
}

pub fn outcome() -> Outcome {
    Outcome::Session(SessionOutcome { upload_id: "u".into(), session_id: "s".into(), viewer_url: "http://x/v".into() })
}

pub fn stage(name: &str) -> Stage {
    match name {
        "preparing" => Stage::Preparing,
        "uploading" => Stage::Uploading,
        "finishing" => Stage::Finishing,
        "processing" => Stage::Processing,
        other => panic!("no stage {other}"),
    }
}

pub fn item(description: &str) -> Item {
    let (name, online) = match description.strip_suffix(" offline") {
        Some(name) => (name, false),
        None => (description, true),
    };
    let state = match name {
        "ready" => ItemState::Ready { offer: SavedOffer::None },
        "ready(offer 40%)" => ItemState::Ready { offer: SavedOffer::Offered { percent: 40 } },
        "ready(declined)" => ItemState::Ready { offer: SavedOffer::Declined },
        "duplicate" => ItemState::Duplicate,
        "cancelling" => ItemState::Cancelling,
        "elsewhere" => ItemState::Elsewhere,
        "complete" => ItemState::Complete(outcome()),
        "cancelled" => ItemState::Cancelled,
        n if n.starts_with("failed(") => ItemState::Failed(error(&n[7..n.len() - 1])),
        n if n.starts_with("paused(") => {
            let (by, to) = n[7..n.len() - 1].split_once(',').unwrap();
            let by = if by == "user" { PausedBy::User } else { PausedBy::Network };
            ItemState::Paused { by, resume_to: stage(to) }
        }
        n => stage(n).state(),
    };
    Item::in_state(state, SIZE, online)
}

pub fn describe(item: &Item) -> String {
    let state = match item.state() {
        ItemState::Ready { offer: SavedOffer::None } => "ready".to_string(),
        ItemState::Ready { offer: SavedOffer::Offered { percent } } => format!("ready(offer {percent}%)"),
        ItemState::Ready { offer: SavedOffer::Declined } => "ready(declined)".into(),
        ItemState::Paused { by, resume_to } => {
            let by = if *by == PausedBy::User { "user" } else { "network" };
            format!("paused({by},{})", ItemState::name(&resume_to.state()))
        }
        ItemState::Failed(e) => format!("failed({})", e.code),
        other => other.name().to_string(),
    };
    if item.online() {
        state
    } else {
        format!("{state} offline")
    }
}

/// A saved upload 40 % done: one 100-byte file with 40 bytes acknowledged.
pub fn saved() -> SavedUpload {
    let upload = SessionUpload {
        id: "86cb20c2-a0a1-4c24-94c7-3a75532816df".into(),
        folder_id: "3f8c2a71-9d4e-4b6a-8c15-7e2f0a9d4b31".into(),
        session_id: None,
        upload_target: None,
        state: UploadStatus::Uploading,
        message_id: None,
        message: None,
        extra: Default::default(),
    };
    let part = AckedPart { etag: Some("\"e\"".into()), crc32: 0, size: 40, md5: None };
    let open = MultipartState {
        file_name: "a.mp4".into(),
        upload_id: "up1".into(),
        part_size: 40,
        parts: BTreeMap::from([(1, part)]),
    };
    let record = UploadRecord::Session(Box::new(SessionRecord::Uploading {
        upload,
        files: vec![FileRecord::Open(open)],
        manifest: FileRecord::Pending,
    }));
    let fingerprint =
        Fingerprint { name: "a.mp4".into(), size: SIZE, last_modified_ms: 0, edges_sha256: "0".repeat(64) };
    let identity = FlowIdentity {
        destination: "d".into(),
        title: "t".into(),
        description: None,
        files: vec![("a.mp4".into(), SIZE)],
    };
    SavedUpload::new(fingerprint, identity, record, 0.0)
}

pub fn input(name: &str) -> Input {
    let phase = |p| Input::Engine(EngineEvent::Phase(p));
    match name {
        "start" => Input::User(Command::Start),
        "pause" => Input::User(Command::Pause),
        "resume" => Input::User(Command::Resume),
        "cancel" => Input::User(Command::Cancel),
        "remove" => Input::User(Command::Remove),
        "start-over" => Input::User(Command::StartOver),
        "upload-again" => Input::User(Command::UploadAgain),
        "duplicate" => Input::Duplicate(true),
        "unique" => Input::Duplicate(false),
        "online" => Input::Network { online: true },
        "offline" => Input::Network { online: false },
        "saved-found" => Input::SavedFound(Box::new(saved())),
        "rejected" => Input::Rejected(error("invalid-file")),
        "phase(creating)" => phase(Phase::Creating),
        "phase(uploading)" => phase(Phase::Uploading),
        "phase(finishing)" => phase(Phase::Finishing),
        "phase(processing)" => phase(Phase::Processing),
        "phase(complete)" => phase(Phase::Complete { session_id: "s".into(), viewer_url: "http://x/v".into() }),
        "progress(55%)" => Input::Engine(EngineEvent::Progress(Progress {
            loaded: 55,
            total: SIZE,
            bytes_per_second: 10.0,
            eta_seconds: Some(4.5),
        })),
        "checkpoint" => Input::Engine(EngineEvent::Checkpoint),
        "notice" => Input::Engine(EngineEvent::Notice(Notice::WholeFileAtOnce)),
        "warning" => Input::Engine(EngineEvent::Warning(caption_warning())),
        "elsewhere" => Input::Engine(EngineEvent::Elsewhere(true)),
        "here" => Input::Engine(EngineEvent::Elsewhere(false)),
        "finished(ok)" => Input::Finished(Ok(outcome())),
        n if n.starts_with("finished(") => Input::Finished(Err(error(&n[9..n.len() - 1]))),
        other => panic!("no input {other}"),
    }
}

pub fn effect(e: &Effect) -> String {
    match e {
        Effect::StateChanged => "statechange".into(),
        Effect::UploadStarted => "uploadstart".into(),
        Effect::Progress(p) => format!("progress({})", p.percent()),
        Effect::Completed(o) => {
            assert_eq!(*o, outcome());
            "completed".into()
        }
        Effect::Error(e) => format!("error({})", e.code),
        Effect::Announce(a) => match a {
            Announcement::Started => "announce(started)".into(),
            Announcement::Milestone(p) => format!("announce(milestone {p})"),
            Announcement::Processing => "announce(processing)".into(),
            Announcement::Complete => "announce(complete)".into(),
            Announcement::Failed(m) => {
                let said = panopto_uploader::ui::i18n::english(m);
                assert_eq!(said, "network error: it broke", "the failure is announced with its message");
                "announce(failed)".into()
            }
            Announcement::Paused => "announce(paused)".into(),
            Announcement::Cancelled => "announce(cancelled)".into(),
            Announcement::Duplicate => "announce(duplicate)".into(),
            Announcement::Elsewhere => "announce(elsewhere)".into(),
        },
        Effect::StartRun(RunFrom::Saved) => "start-run(restore)".into(),
        Effect::StartRun(RunFrom::Fresh) => "start-run(fresh)".into(),
        Effect::StartRun(RunFrom::Copy) => "start-run(copy)".into(),
        Effect::PauseRun => "pause-run".into(),
        Effect::ResumeRun => "resume-run".into(),
        Effect::CancelRun => "cancel-run".into(),
        Effect::AdoptSaved(s) => {
            assert_eq!(**s, saved());
            "adopt-saved".into()
        }
        Effect::Save => "save".into(),
        Effect::Notice(n) => {
            assert_eq!(*n, Notice::WholeFileAtOnce);
            "notice".into()
        }
        Effect::Warning(e) => {
            assert_eq!(*e, caption_warning());
            "warning".into()
        }
        Effect::KeepRecord => "keep-record".into(),
        Effect::ForgetRecord => "forget-record".into(),
        Effect::DiscardRecord => "discard-record".into(),
        Effect::Remove => "remove".into(),
    }
}

/// A caption Panopto refused after the stream was added.
pub fn caption_warning() -> UploadError {
    use panopto_uploader::text::ErrorText;
    let error = Box::new(ErrorText::Network { detail: "x".into() });
    UploadError::new(ErrorCode::Caption, ErrorText::CaptionNotAdded { name: "a.vtt".into(), error })
}
