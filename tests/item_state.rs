//! The per-file state machine, every (state, input) pair: `TRANSITIONS` lists each pair
//! that does something, with the next state and the effects in order; every other pair
//! must leave the item exactly as it was, with no effect. Written as the specification,
//! then checked against `Item::apply`.
//!
//! States are written `name`, `paused(by,stage)`, `ready(offer 40%)`, `failed(code)`,
//! with ` offline` when the browser is offline. In the next-state column `=` means
//! "unchanged" and `= offline` / `= online` the same state with the network flag changed.
#![cfg(not(target_arch = "wasm32"))]

use panopto_uploader::core::panopto_rest::{SessionUpload, UploadStatus};
use panopto_uploader::engine::error::{ErrorCode, UploadError};
use panopto_uploader::engine::fingerprint::Fingerprint;
use panopto_uploader::engine::flow::{EngineEvent, FlowIdentity, Outcome, Phase, UploadRecord};
use panopto_uploader::engine::progress::Progress;
use panopto_uploader::engine::record::{AckedPart, FileRecord, MultipartState};
use panopto_uploader::engine::saved_upload::SavedUpload;
use panopto_uploader::engine::session::record::SessionRecord;
use panopto_uploader::item::*;
use panopto_uploader::ui::i18n::Announcement;
use std::collections::{BTreeMap, BTreeSet};

const SIZE: u64 = 100;

const STATES: &[&str] = &[
    "ready",
    "ready(offer 40%)",
    "ready(declined)",
    "ready offline",
    "preparing",
    "uploading",
    "finishing",
    "processing",
    "paused(user,preparing)",
    "paused(user,uploading)",
    "paused(user,finishing)",
    "paused(user,processing)",
    "paused(user,uploading) offline",
    "paused(network,preparing) offline",
    "paused(network,uploading) offline",
    "paused(network,finishing) offline",
    "paused(network,processing) offline",
    "cancelling",
    "complete",
    "failed(network)",
    "failed(network) offline",
    "failed(file-read)",
    "failed(invalid-file)",
    "cancelled",
];

const INPUTS: &[&str] = &[
    "start",
    "pause",
    "resume",
    "cancel",
    "remove",
    "start-over",
    "online",
    "offline",
    "saved-found",
    "rejected",
    "phase(creating)",
    "phase(uploading)",
    "phase(finishing)",
    "phase(processing)",
    "phase(complete)",
    "progress(55%)",
    "checkpoint",
    "finished(ok)",
    "finished(cancelled)",
    "finished(network)",
    "finished(processing-failed)",
];

/// Running states: a run is under way, possibly paused.
const RUNNING: &str = "preparing, uploading, finishing, processing, paused(user,preparing), paused(user,uploading), \
    paused(user,finishing), paused(user,processing), paused(user,uploading) offline, paused(network,preparing) offline, \
    paused(network,uploading) offline, paused(network,finishing) offline, paused(network,processing) offline";

/// input | from (comma-separated, or $RUNNING) | next | effects
const TRANSITIONS: &str = "
start | ready, ready(offer 40%) | preparing | statechange announce(started) start-run(restore)
start | ready(declined) | preparing | statechange announce(started) start-run(fresh)
start | ready offline | paused(network,preparing) offline | statechange announce(started) start-run(restore) pause-run
start | failed(network), failed(file-read) | preparing | statechange announce(started) start-run(restore)
start | failed(network) offline | paused(network,preparing) offline | statechange announce(started) start-run(restore) pause-run

pause | preparing | paused(user,preparing) | statechange pause-run announce(paused)
pause | uploading | paused(user,uploading) | statechange pause-run announce(paused)
pause | finishing | paused(user,finishing) | statechange pause-run announce(paused)
pause | paused(network,preparing) offline | paused(user,preparing) offline | announce(paused)
pause | paused(network,uploading) offline | paused(user,uploading) offline | announce(paused)
pause | paused(network,finishing) offline | paused(user,finishing) offline | announce(paused)
pause | paused(network,processing) offline | paused(user,processing) offline | announce(paused)

resume | paused(user,preparing) | preparing | statechange resume-run
resume | paused(user,uploading) | uploading | statechange resume-run
resume | paused(user,finishing) | finishing | statechange resume-run
resume | paused(user,processing) | processing | statechange resume-run
resume | paused(user,uploading) offline | paused(network,uploading) offline |

cancel | ready, ready(offer 40%), ready(declined) | cancelled | statechange announce(cancelled)
cancel | ready offline | cancelled offline | statechange announce(cancelled)
cancel | preparing, uploading, finishing, processing, paused(user,preparing), paused(user,uploading), paused(user,finishing), paused(user,processing) | cancelling | statechange cancel-run
cancel | paused(user,uploading) offline, paused(network,preparing) offline, paused(network,uploading) offline, paused(network,finishing) offline, paused(network,processing) offline | cancelling offline | statechange cancel-run

remove | ready, ready(offer 40%), ready(declined), ready offline, complete, failed(network), failed(network) offline, failed(file-read), failed(invalid-file), cancelled | = | remove

start-over | ready(offer 40%) | ready(declined) | discard-record
start-over | ready | ready(declined) |
start-over | ready offline | ready(declined) offline |

online | paused(network,preparing) offline | preparing | statechange resume-run
online | paused(network,uploading) offline | uploading | statechange resume-run
online | paused(network,finishing) offline | finishing | statechange resume-run
online | paused(network,processing) offline | processing | statechange resume-run
online | ready offline, paused(user,uploading) offline, failed(network) offline | = online |

offline | preparing | paused(network,preparing) offline | statechange pause-run
offline | uploading | paused(network,uploading) offline | statechange pause-run
offline | finishing | paused(network,finishing) offline | statechange pause-run
offline | processing | paused(network,processing) offline | statechange pause-run
offline | ready, ready(offer 40%), ready(declined), paused(user,preparing), paused(user,uploading), paused(user,finishing), paused(user,processing), cancelling, complete, failed(network), failed(file-read), failed(invalid-file), cancelled | = offline |

saved-found | ready | ready(offer 40%) | adopt-saved
saved-found | ready offline | ready(offer 40%) offline | adopt-saved

rejected | ready, ready(offer 40%), ready(declined) | failed(invalid-file) | statechange error(invalid-file)
rejected | ready offline | failed(invalid-file) offline | statechange error(invalid-file)

phase(creating) | preparing, paused(user,preparing), paused(network,preparing) offline | = | uploadstart

phase(uploading) | preparing | uploading | statechange
phase(uploading) | paused(user,preparing) | paused(user,uploading) |
phase(uploading) | paused(network,preparing) offline | paused(network,uploading) offline |

phase(finishing) | preparing, uploading | finishing | statechange
phase(finishing) | paused(user,preparing), paused(user,uploading) | paused(user,finishing) |
phase(finishing) | paused(user,uploading) offline | paused(user,finishing) offline |
phase(finishing) | paused(network,preparing) offline, paused(network,uploading) offline | paused(network,finishing) offline |

phase(processing) | preparing, uploading, finishing | processing | statechange announce(processing)
phase(processing) | paused(user,preparing), paused(user,uploading), paused(user,finishing) | paused(user,processing) | announce(processing)
phase(processing) | paused(user,uploading) offline | paused(user,processing) offline | announce(processing)
phase(processing) | paused(network,preparing) offline, paused(network,uploading) offline, paused(network,finishing) offline | paused(network,processing) offline | announce(processing)

progress(55%) | $RUNNING | = | progress(55) announce(milestone 50)
checkpoint | $RUNNING | = | save

finished(ok) | preparing, uploading, finishing, processing, paused(user,preparing), paused(user,uploading), paused(user,finishing), paused(user,processing), cancelling | complete | statechange completed announce(complete) forget-record
finished(ok) | paused(user,uploading) offline, paused(network,preparing) offline, paused(network,uploading) offline, paused(network,finishing) offline, paused(network,processing) offline | complete offline | statechange completed announce(complete) forget-record
finished(cancelled) | preparing, uploading, finishing, processing, paused(user,preparing), paused(user,uploading), paused(user,finishing), paused(user,processing), cancelling | cancelled | statechange announce(cancelled) forget-record
finished(cancelled) | paused(user,uploading) offline, paused(network,preparing) offline, paused(network,uploading) offline, paused(network,finishing) offline, paused(network,processing) offline | cancelled offline | statechange announce(cancelled) forget-record
finished(network) | preparing, uploading, finishing, processing, paused(user,preparing), paused(user,uploading), paused(user,finishing), paused(user,processing) | failed(network) | statechange error(network) announce(failed) keep-record
finished(network) | paused(user,uploading) offline, paused(network,preparing) offline, paused(network,uploading) offline, paused(network,finishing) offline, paused(network,processing) offline | failed(network) offline | statechange error(network) announce(failed) keep-record
finished(network) | cancelling | cancelled | statechange announce(cancelled) discard-record
finished(processing-failed) | preparing, uploading, finishing, processing, paused(user,preparing), paused(user,uploading), paused(user,finishing), paused(user,processing) | failed(processing-failed) | statechange error(processing-failed) announce(failed) forget-record
finished(processing-failed) | paused(user,uploading) offline, paused(network,preparing) offline, paused(network,uploading) offline, paused(network,finishing) offline, paused(network,processing) offline | failed(processing-failed) offline | statechange error(processing-failed) announce(failed) forget-record
finished(processing-failed) | cancelling | cancelled | statechange announce(cancelled) discard-record
";

fn error(code: &str) -> UploadError {
    let code = match code {
        "network" => ErrorCode::Network,
        "file-read" => ErrorCode::FileRead,
        "invalid-file" => ErrorCode::InvalidFile,
        "processing-failed" => ErrorCode::ProcessingFailed,
        "cancelled" => ErrorCode::Cancelled,
        other => panic!("no test error {other}"),
    };
    UploadError::new(code, "it broke")
}

fn outcome() -> Outcome {
    Outcome { upload_id: "u".into(), session_id: "s".into(), viewer_url: "http://x/v".into() }
}

fn stage(name: &str) -> Stage {
    match name {
        "preparing" => Stage::Preparing,
        "uploading" => Stage::Uploading,
        "finishing" => Stage::Finishing,
        "processing" => Stage::Processing,
        other => panic!("no stage {other}"),
    }
}

fn item(description: &str) -> Item {
    let (name, online) = match description.strip_suffix(" offline") {
        Some(name) => (name, false),
        None => (description, true),
    };
    let state = match name {
        "ready" => ItemState::Ready { offer: SavedOffer::None },
        "ready(offer 40%)" => ItemState::Ready { offer: SavedOffer::Offered { percent: 40 } },
        "ready(declined)" => ItemState::Ready { offer: SavedOffer::Declined },
        "cancelling" => ItemState::Cancelling,
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

fn describe(item: &Item) -> String {
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
fn saved() -> SavedUpload {
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

fn input(name: &str) -> Input {
    let phase = |p| Input::Engine(EngineEvent::Phase(p));
    match name {
        "start" => Input::User(Command::Start),
        "pause" => Input::User(Command::Pause),
        "resume" => Input::User(Command::Resume),
        "cancel" => Input::User(Command::Cancel),
        "remove" => Input::User(Command::Remove),
        "start-over" => Input::User(Command::StartOver),
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
        "finished(ok)" => Input::Finished(Ok(outcome())),
        n if n.starts_with("finished(") => Input::Finished(Err(error(&n[9..n.len() - 1]))),
        other => panic!("no input {other}"),
    }
}

fn effect(e: &Effect) -> String {
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
                assert_eq!(m, "it broke", "the failure is announced with its message");
                "announce(failed)".into()
            }
            Announcement::Paused => "announce(paused)".into(),
            Announcement::Cancelled => "announce(cancelled)".into(),
        },
        Effect::StartRun { restore: true } => "start-run(restore)".into(),
        Effect::StartRun { restore: false } => "start-run(fresh)".into(),
        Effect::PauseRun => "pause-run".into(),
        Effect::ResumeRun => "resume-run".into(),
        Effect::CancelRun => "cancel-run".into(),
        Effect::AdoptSaved(s) => {
            assert_eq!(**s, saved());
            "adopt-saved".into()
        }
        Effect::Save => "save".into(),
        Effect::KeepRecord => "keep-record".into(),
        Effect::ForgetRecord => "forget-record".into(),
        Effect::DiscardRecord => "discard-record".into(),
        Effect::Remove => "remove".into(),
    }
}

/// `a, paused(user,uploading), b` → the states (commas inside parentheses belong to them).
fn split_states(list: &str) -> Vec<&str> {
    let (mut out, mut depth, mut start) = (Vec::new(), 0, 0);
    for (i, c) in list.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                out.push(list[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(list[start..].trim());
    out
}

/// (state, input) → (next state, effects), from the table.
fn table() -> BTreeMap<(String, String), (String, String)> {
    let mut out = BTreeMap::new();
    for line in TRANSITIONS.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let cols: Vec<&str> = line.split('|').map(str::trim).collect();
        assert_eq!(cols.len(), 4, "{line}");
        let from = if cols[1] == "$RUNNING" { RUNNING } else { cols[1] };
        for state in split_states(from) {
            assert!(STATES.contains(&state), "unknown state `{state}` in: {line}");
            assert!(INPUTS.contains(&cols[0]), "unknown input `{}` in: {line}", cols[0]);
            let base = state.strip_suffix(" offline").unwrap_or(state);
            let next = match cols[2] {
                "=" => state.to_string(),
                "= offline" => format!("{base} offline"),
                "= online" => base.to_string(),
                explicit => explicit.to_string(),
            };
            let previous = out.insert((state.to_string(), cols[0].to_string()), (next, cols[3].to_string()));
            assert!(previous.is_none(), "({state}, {}) listed twice", cols[0]);
        }
    }
    out
}

#[test]
fn every_state_and_input_pair_does_what_the_table_says_and_nothing_else() {
    let table = table();
    let mut failures = Vec::new();
    let mut changed = 0;
    for state in STATES {
        for name in INPUTS {
            let mut it = item(state);
            assert_eq!(describe(&it), *state, "the test builds the state it names");
            let effects: Vec<String> = it.apply(input(name)).iter().map(effect).collect();
            let got = (describe(&it), effects.join(" "));
            let want = match table.get(&(state.to_string(), name.to_string())) {
                Some(w) => {
                    changed += 1;
                    w.clone()
                }
                None => (state.to_string(), String::new()),
            };
            if got != want {
                failures.push(format!("{state} + {name}: got `{} | {}`, want `{} | {}`", got.0, got.1, want.0, want.1));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} pairs differ:\n{}",
        failures.len(),
        STATES.len() * INPUTS.len(),
        failures.join("\n")
    );
    assert_eq!(changed, table.len(), "every listed pair was checked");
    assert_eq!(STATES.len() * INPUTS.len(), 504);
}

#[test]
fn the_table_covers_every_state_variant_and_every_input_variant() {
    // So that a new state or input cannot slip past the table unnoticed.
    let names: BTreeSet<&str> = STATES.iter().map(|s| item(s).state().name()).collect();
    let all = [
        "ready",
        "preparing",
        "uploading",
        "finishing",
        "processing",
        "paused",
        "cancelling",
        "complete",
        "error",
        "cancelled",
    ];
    assert_eq!(names, all.into_iter().collect());
    for n in INPUTS {
        input(n); // each builds
    }
}
