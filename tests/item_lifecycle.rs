//! Whole lifecycles of one queued file through its state machine, as the element drives
//! it, and what the UI derives from each state (controls, status line, host flags).
#![cfg(not(target_arch = "wasm32"))]

use panopto_uploader::engine::error::{ErrorCode, UploadError};
use panopto_uploader::engine::flow::{EngineEvent, Outcome, Phase, SessionOutcome};
use panopto_uploader::engine::progress::Progress;
use panopto_uploader::item::*;
use panopto_uploader::text::ErrorText;
use panopto_uploader::ui::i18n::{t, Announcement, Lang};

fn phase(p: Phase) -> Input {
    Input::Engine(EngineEvent::Phase(p))
}

fn progress(loaded: u64) -> Input {
    Input::Engine(EngineEvent::Progress(Progress { loaded, total: 1000, bytes_per_second: 1.0, eta_seconds: None }))
}

fn user(c: Command) -> Input {
    Input::User(c)
}

fn run_to(item: &mut Item, stage: Phase) {
    item.apply(user(Command::Start));
    item.apply(phase(Phase::Creating));
    item.apply(phase(Phase::Uploading));
    if stage != Phase::Uploading {
        item.apply(phase(Phase::Finishing));
    }
    if stage == Phase::Processing {
        item.apply(phase(Phase::Processing));
    }
}

#[test]
fn pause_during_finishing_resumes_finishing_not_uploading() {
    // The bug this machine replaced: resume() set "uploading" even when the pause had
    // happened while the manifest was going up.
    let mut item = Item::new(1000, true);
    run_to(&mut item, Phase::Finishing);
    assert_eq!(*item.state(), ItemState::Finishing);
    item.apply(user(Command::Pause));
    assert_eq!(*item.state(), ItemState::Paused { by: PausedBy::User, resume_to: Stage::Finishing });
    let fx = item.apply(user(Command::Resume));
    assert_eq!(*item.state(), ItemState::Finishing);
    assert_eq!(fx, vec![Effect::StateChanged, Effect::ResumeRun]);
    assert_eq!(item.state().name(), "finishing");
}

#[test]
fn pause_during_processing_is_not_offered_and_ignored() {
    let mut item = Item::new(1000, true);
    run_to(&mut item, Phase::Processing);
    assert!(!item.state().controls().pause);
    assert!(item.apply(user(Command::Pause)).is_empty());
    assert_eq!(*item.state(), ItemState::Processing);
}

#[test]
fn offline_while_paused_by_the_user_stays_paused_when_the_network_returns() {
    let mut item = Item::new(1000, true);
    run_to(&mut item, Phase::Uploading);
    item.apply(user(Command::Pause));
    assert!(item.apply(Input::Network { online: false }).is_empty());
    assert_eq!(t(Lang::En, item.state().status_line()), "Paused");
    assert!(item.apply(Input::Network { online: true }).is_empty(), "the user's pause is left alone");
    assert_eq!(*item.state(), ItemState::Paused { by: PausedBy::User, resume_to: Stage::Uploading });
    // Whereas a pause by the network lifts itself.
    item.apply(user(Command::Resume));
    item.apply(Input::Network { online: false });
    assert_eq!(t(Lang::En, item.state().status_line()), "Waiting for the network…");
    assert_eq!(item.apply(Input::Network { online: true }), vec![Effect::StateChanged, Effect::ResumeRun]);
    assert_eq!(*item.state(), ItemState::Uploading);
}

#[test]
fn resume_while_offline_waits_for_the_network() {
    let mut item = Item::new(1000, true);
    run_to(&mut item, Phase::Uploading);
    item.apply(user(Command::Pause));
    item.apply(Input::Network { online: false });
    assert!(item.apply(user(Command::Resume)).is_empty(), "no request would get through");
    assert_eq!(t(Lang::En, item.state().status_line()), "Waiting for the network…");
    assert_eq!(item.apply(Input::Network { online: true }), vec![Effect::StateChanged, Effect::ResumeRun]);
}

#[test]
fn a_retry_after_a_failure_resumes_the_same_record() {
    let mut item = Item::new(1000, true);
    run_to(&mut item, Phase::Uploading);
    item.apply(progress(400));
    let e = UploadError::new(ErrorCode::Network, ErrorText::Network { detail: "Wi-Fi dropped".into() });
    let fx = item.apply(Input::Finished(Err(e.clone())));
    assert!(fx.contains(&Effect::KeepRecord), "kept for the retry and for a reload: {fx:?}");
    assert!(!fx.contains(&Effect::ForgetRecord) && !fx.contains(&Effect::DiscardRecord));
    assert!(item.state().controls().retry);
    let fx = item.apply(user(Command::Start));
    assert_eq!(
        fx,
        vec![Effect::StateChanged, Effect::Announce(Announcement::Started), Effect::StartRun(RunFrom::Saved)]
    );
    assert_eq!(item.progress().loaded, 400, "the bar stays where the server is");
    // A failure no retry can fix offers none.
    let mut item = Item::new(1000, true);
    run_to(&mut item, Phase::Processing);
    item.apply(Input::Finished(Err(UploadError::new(
        ErrorCode::ProcessingFailed,
        ErrorText::ProcessingFailed { message: Some("bad file".into()) },
    ))));
    assert!(!item.state().controls().retry);
    assert!(item.apply(user(Command::Start)).is_empty());
}

#[test]
fn cancel_while_uploading_cleans_up_before_saying_cancelled() {
    let mut item = Item::new(1000, true);
    run_to(&mut item, Phase::Uploading);
    assert_eq!(item.apply(user(Command::Cancel)), vec![Effect::StateChanged, Effect::CancelRun]);
    assert_eq!(item.state().name(), "cancelling");
    assert_eq!(item.state().controls(), Controls::default(), "nothing to press while it cleans up");
    assert!(item.apply(user(Command::Pause)).is_empty());
    assert!(item.apply(user(Command::Cancel)).is_empty(), "once");
    assert!(item.apply(progress(500)).is_empty(), "no progress after a cancel");
    let fx = item.apply(Input::Finished(Err(UploadError::cancelled())));
    assert_eq!(item.state().name(), "cancelled");
    assert_eq!(fx, vec![Effect::StateChanged, Effect::Announce(Announcement::Cancelled), Effect::ForgetRecord]);
}

#[test]
fn milestones_are_announced_once_each() {
    let mut item = Item::new(1000, true);
    run_to(&mut item, Phase::Uploading);
    let said: Vec<u32> = [50, 99, 120, 150, 400, 405, 990, 1000]
        .into_iter()
        .flat_map(|l| item.apply(progress(l)))
        .filter_map(|e| match e {
            Effect::Announce(Announcement::Milestone(p)) => Some(p),
            _ => None,
        })
        .collect();
    assert_eq!(said, [10, 40, 90], "10 % steps, once each, and never 100 % (completion says that)");
}

#[test]
fn a_found_upload_is_offered_then_declined_or_continued() {
    let mut item = Item::new(1000, true);
    assert_eq!(item.state().upload_label(), panopto_uploader::ui::i18n::Msg::Upload);
    item.apply(user(Command::StartOver));
    assert_eq!(*item.state(), ItemState::Ready { offer: SavedOffer::Declined });
    assert_eq!(item.apply(user(Command::Start))[2], Effect::StartRun(RunFrom::Fresh), "never continue it");
}

#[test]
fn controls_status_and_flags_follow_the_state() {
    let rows: [(ItemState, &str, &str); 10] = [
        (
            ItemState::Ready { offer: SavedOffer::Offered { percent: 30 } },
            "edit upload start-over remove",
            "Ready to upload",
        ),
        (ItemState::Preparing, "pause cancel progress", "Preparing…"),
        (ItemState::Uploading, "pause cancel progress", "Uploading"),
        (ItemState::Finishing, "pause cancel progress", "Finishing…"),
        (ItemState::Processing, "", "Processing in Panopto…"),
        (
            ItemState::Paused { by: PausedBy::Network, resume_to: Stage::Uploading },
            "resume cancel progress",
            "Waiting for the network…",
        ),
        (ItemState::Cancelling, "", "Cancelling…"),
        (
            ItemState::Complete(Outcome::Session(SessionOutcome {
                upload_id: "u".into(),
                session_id: "s".into(),
                viewer_url: "v".into(),
            })),
            "remove",
            "Ready in Panopto",
        ),
        (
            ItemState::Failed(UploadError::new(ErrorCode::Stalled, ErrorText::NoAnswer { secs: 1 })),
            "retry remove",
            "Upload failed",
        ),
        (ItemState::Cancelled, "remove", "Cancelled"),
    ];
    for (state, controls, status) in rows {
        let c = state.controls();
        let on: Vec<&str> = [
            ("edit", c.edit),
            ("upload", c.upload),
            ("start-over", c.start_over),
            ("pause", c.pause),
            ("resume", c.resume),
            ("cancel", c.cancel),
            ("retry", c.retry),
            ("remove", c.remove),
            ("progress", c.progress),
        ]
        .into_iter()
        .filter_map(|(n, v)| v.then_some(n))
        .collect();
        assert_eq!(on.join(" "), controls, "{state:?}");
        assert_eq!(t(Lang::En, state.status_line()), status, "{state:?}");
    }
    let paused = ItemState::Paused { by: PausedBy::User, resume_to: Stage::Finishing };
    assert!(paused.is_paused() && paused.is_transferring() && !paused.is_uploading());
    assert!(ItemState::Processing.is_uploading() && !ItemState::Processing.is_transferring());
    assert!(!ItemState::Cancelling.is_uploading());
    assert_eq!(
        ItemState::Ready { offer: SavedOffer::Offered { percent: 1 } }.upload_label(),
        panopto_uploader::ui::i18n::Msg::Resume
    );
}
