//! One queued file's lifecycle, as the teacher and the host page see it: one state, one
//! pure [`Item::apply`] from (state, input) to (next state, effects).
//!
//! ```text
//!            start                 Phase::Uploading      Phase::Finishing     Phase::Processing
//!  Ready ─────────────▶ Preparing ─────────────▶ Uploading ─────────────▶ Finishing ─────────────▶ Processing
//!   │  ▲ start over        │  pause / offline        │                        │                      │
//!   │  └─ (offer)          ▼                         ▼                        ▼                      │ offline
//!   │                   Paused { by: user | network, resume_to: the stage it left } ◀────────────────┘
//!   │                      │ resume (online) / online (when paused by the network): back to resume_to
//!   │ cancel               │ cancel (from any running or paused state)
//!   ▼                      ▼
//! Cancelled ◀────────── Cancelling ── run ends ──▶ Cancelled (or Complete, if it finished first)
//!
//!  run ends Ok ─▶ Complete          run ends Err ─▶ Failed ── start (if a retry helps) ─▶ Preparing
//!
//!  Ready ── duplicate ──▶ Duplicate ── upload again ──▶ Preparing (a copy)  (cancel, remove: as Ready)
//!        ◀── unique ─────
//!
//!  Preparing (or Paused at it) ── elsewhere ──▶ Elsewhere ── here ──▶ Preparing (Paused if offline)
//!                                                 │ cancel: Cancelling; remove: the run is cancelled and the card goes
//!                                                 │ run ends: as any run (Complete with the other tab's outcome)
//! ```
//!
//! `Elsewhere`: another tab or window of the site is uploading this file (`engine/tab_lock.rs`);
//! the run waits for it to finish or close, then continues from what it saved (or ends
//! Complete with what it uploaded). Nothing runs here meanwhile, so there is nothing to
//! pause: entering it resumes the run's control (a pause asked while preparing ends there).
//!
//! A file is a `Duplicate` when the same file (name, size and date: `duplicate.rs`) is
//! already ahead of it in the queue, queued, uploading or uploaded: starting it (the Upload
//! button, `start()`, `auto-start`) does nothing until the teacher answers the card's
//! question: "Upload again" (a fresh upload, never one saved for the file: that would be the
//! other copy's) or Remove. It is `unique`, plain `Ready`, again once that copy goes away.
//!
//! Inputs are the user's commands, the network going on or off line, a saved upload found
//! for the file, a file refused when added, the same file found ahead of it in the queue
//! (or no longer), the engine's events and the run's result.
//! Effects are what the shell (the custom element) must do: dispatch an event, announce,
//! start or steer the run, save or discard the record, remove the card. Everything the UI
//! derives from the state (controls, status line) is in `derive.rs`.

pub use super::signals::{Command, Effect, Input, RunFrom};
use crate::engine::error::UploadError;
use crate::engine::flow::{EngineEvent, Outcome, Phase};
use crate::engine::progress::Progress;
use crate::text::Announcement;

/// Where a running upload is (what a pause returns to).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stage {
    Preparing,
    Uploading,
    Finishing,
    Processing,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PausedBy {
    User,
    /// The browser went offline; the upload continues by itself once it is back.
    Network,
}

/// An earlier upload of this file, saved before a reload.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SavedOffer {
    /// None found (yet): starting looks once more.
    None,
    /// Starting continues it: it had reached `percent`.
    Offered { percent: u32 },
    /// The teacher chose to start over: never continue one.
    Declined,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ItemState {
    Ready {
        offer: SavedOffer,
    },
    /// The same file is ahead of this one in the queue: waiting for the teacher to choose
    /// between uploading it again and removing it.
    Duplicate,
    Preparing,
    Uploading,
    Finishing,
    Processing,
    Paused {
        by: PausedBy,
        resume_to: Stage,
    },
    /// Another tab is uploading the file; the run waits for it.
    Elsewhere,
    /// Cancel was asked; the run is cleaning up on the server.
    Cancelling,
    Complete(Outcome),
    Failed(UploadError),
    Cancelled,
}

/// The machine: the state, and what the effects need to know of the past.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    state: ItemState,
    progress: Progress,
    online: bool,
    /// The last 10 % step announced (each is said once, so a screen reader is not flooded).
    announced: u32,
}

impl Stage {
    /// The stage an engine phase moves `self` to, if it is ahead (phases only go forward).
    fn after(self, phase: &Phase) -> Option<Stage> {
        let next = match phase {
            Phase::Uploading => Stage::Uploading,
            Phase::Finishing => Stage::Finishing,
            Phase::Processing => Stage::Processing,
            Phase::Creating | Phase::Complete { .. } => return None,
        };
        (next > self).then_some(next)
    }
}

impl Item {
    pub fn new(size: u64, online: bool) -> Self {
        Item {
            state: ItemState::Ready { offer: SavedOffer::None },
            progress: Progress { loaded: 0, total: size, bytes_per_second: 0.0, eta_seconds: None },
            online,
            announced: 0,
        }
    }

    /// An item already in `state` (with nothing announced yet): for tests, which check
    /// every transition from every state.
    pub fn in_state(state: ItemState, size: u64, online: bool) -> Self {
        Item { state, ..Item::new(size, online) }
    }

    pub fn state(&self) -> &ItemState {
        &self.state
    }

    pub fn progress(&self) -> &Progress {
        &self.progress
    }

    pub fn online(&self) -> bool {
        self.online
    }

    /// The one transition function. Pairs not listed leave the state as it is, with no
    /// effect (a pause while processing, a second cancel, an event from a run already
    /// over…).
    pub fn apply(&mut self, input: Input) -> Vec<Effect> {
        use Command as C;
        use Effect as E;
        use ItemState as S;
        let before = self.state.name();
        let mut fx = Vec::new();
        if let Input::Network { online } = input {
            self.online = online;
        }
        let next = match (&self.state, input) {
            (S::Ready { offer }, Input::User(C::Start)) => {
                let from = if *offer == SavedOffer::Declined { RunFrom::Fresh } else { RunFrom::Saved };
                Some(self.start(from, &mut fx))
            }
            // Never continue an upload saved for this file: it would be the other copy's.
            (S::Duplicate, Input::User(C::UploadAgain)) => Some(self.start(RunFrom::Copy, &mut fx)),
            (S::Failed(e), Input::User(C::Start)) if e.code.retry_helps() => Some(self.start(RunFrom::Saved, &mut fx)),
            (S::Preparing | S::Uploading | S::Finishing, Input::User(C::Pause)) => {
                fx.extend([E::PauseRun, E::Announce(Announcement::Paused)]);
                self.stage().map(|resume_to| S::Paused { by: PausedBy::User, resume_to })
            }
            (S::Paused { by: PausedBy::Network, resume_to }, Input::User(C::Pause)) => {
                fx.push(E::Announce(Announcement::Paused));
                Some(S::Paused { by: PausedBy::User, resume_to: *resume_to })
            }
            (S::Paused { resume_to, .. }, Input::User(C::Resume)) if self.online => {
                fx.push(E::ResumeRun);
                Some(resume_to.state())
            }
            // Offline: it will continue once the network is back.
            (S::Paused { by: PausedBy::User, resume_to }, Input::User(C::Resume)) => {
                Some(S::Paused { by: PausedBy::Network, resume_to: *resume_to })
            }
            (S::Ready { .. } | S::Duplicate, Input::User(C::Cancel)) => {
                fx.push(E::Announce(Announcement::Cancelled));
                Some(S::Cancelled)
            }
            (
                S::Preparing | S::Uploading | S::Finishing | S::Processing | S::Paused { .. } | S::Elsewhere,
                Input::User(C::Cancel),
            ) => {
                fx.push(E::CancelRun);
                Some(S::Cancelling)
            }
            // The waiting run ends with its card (it has created nothing).
            (S::Elsewhere, Input::User(C::Remove)) => {
                fx.extend([E::CancelRun, E::Remove]);
                None
            }
            (
                S::Preparing | S::Paused { resume_to: Stage::Preparing, .. },
                Input::Engine(EngineEvent::Elsewhere(true)),
            ) => {
                if self.state.is_paused() {
                    fx.push(E::ResumeRun);
                }
                fx.push(E::Announce(Announcement::Elsewhere));
                Some(S::Elsewhere)
            }
            (S::Elsewhere, Input::Engine(EngineEvent::Elsewhere(false))) => {
                fx.push(E::Announce(Announcement::Started));
                if self.online {
                    Some(S::Preparing)
                } else {
                    fx.push(E::PauseRun);
                    Some(S::Paused { by: PausedBy::Network, resume_to: Stage::Preparing })
                }
            }
            (S::Ready { .. } | S::Duplicate | S::Complete(_) | S::Failed(_) | S::Cancelled, Input::User(C::Remove)) => {
                fx.push(E::Remove);
                None
            }
            (S::Ready { offer: SavedOffer::Offered { .. } }, Input::User(C::StartOver)) => {
                fx.push(E::DiscardRecord);
                Some(S::Ready { offer: SavedOffer::Declined })
            }
            (S::Ready { offer: SavedOffer::None }, Input::User(C::StartOver)) => {
                Some(S::Ready { offer: SavedOffer::Declined })
            }
            (S::Preparing | S::Uploading | S::Finishing | S::Processing, Input::Network { online: false }) => {
                fx.push(E::PauseRun);
                self.stage().map(|resume_to| S::Paused { by: PausedBy::Network, resume_to })
            }
            (S::Paused { by: PausedBy::Network, resume_to }, Input::Network { online: true }) => {
                fx.push(E::ResumeRun);
                Some(resume_to.state())
            }
            (S::Ready { offer: SavedOffer::None }, Input::SavedFound(saved)) => {
                let percent = saved.percent_done();
                fx.push(E::AdoptSaved(saved));
                Some(S::Ready { offer: SavedOffer::Offered { percent } })
            }
            // Only a file with nothing to continue: an offer to continue is this file's own
            // earlier upload, which the teacher has seen (and Upload continues it).
            (S::Ready { offer: SavedOffer::None }, Input::Duplicate(true)) => {
                fx.push(E::Announce(Announcement::Duplicate));
                Some(S::Duplicate)
            }
            (S::Duplicate, Input::Duplicate(false)) => Some(S::Ready { offer: SavedOffer::None }),
            (S::Ready { .. } | S::Duplicate, Input::Rejected(e)) => {
                fx.push(E::Error(e.clone()));
                Some(S::Failed(e))
            }
            (
                S::Preparing | S::Paused { resume_to: Stage::Preparing, .. },
                Input::Engine(EngineEvent::Phase(Phase::Creating)),
            ) => {
                fx.push(E::UploadStarted);
                None
            }
            (
                S::Preparing | S::Uploading | S::Finishing | S::Paused { .. },
                Input::Engine(EngineEvent::Phase(phase)),
            ) => self.advance(&phase, &mut fx),
            (state, Input::Engine(EngineEvent::Progress(p))) if state.is_running() => {
                self.progressed(p, &mut fx);
                None
            }
            (state, Input::Engine(EngineEvent::Checkpoint)) if state.is_running() => {
                fx.push(E::Save);
                None
            }
            (state, Input::Engine(EngineEvent::Notice(notice))) if state.is_running() => {
                fx.push(E::Notice(notice));
                None
            }
            (state, Input::Engine(EngineEvent::Warning(e))) if state.is_running() => {
                fx.push(E::Warning(e));
                None
            }
            (state, Input::Finished(result)) if state.is_running() || matches!(state, S::Cancelling | S::Elsewhere) => {
                Some(self.finished(result, &mut fx))
            }
            _ => None,
        };
        if let Some(next) = next {
            self.state = next;
        }
        if self.state.name() != before {
            fx.insert(0, E::StateChanged);
        }
        fx
    }

    /// Start (or retry): a run from the preparing stage, paused at once when offline.
    fn start(&mut self, from: RunFrom, fx: &mut Vec<Effect>) -> ItemState {
        fx.extend([Effect::Announce(Announcement::Started), Effect::StartRun(from)]);
        if self.online {
            ItemState::Preparing
        } else {
            fx.push(Effect::PauseRun);
            ItemState::Paused { by: PausedBy::Network, resume_to: Stage::Preparing }
        }
    }

    /// An engine phase: move the stage (or, while paused, the stage a resume returns to)
    /// forward.
    fn advance(&self, phase: &Phase, fx: &mut Vec<Effect>) -> Option<ItemState> {
        let (stage, paused_by) = match &self.state {
            ItemState::Paused { by, resume_to } => (*resume_to, Some(*by)),
            other => (other.stage()?, None),
        };
        let next = stage.after(phase)?;
        if next == Stage::Processing {
            fx.push(Effect::Announce(Announcement::Processing));
        }
        Some(match paused_by {
            Some(by) => ItemState::Paused { by, resume_to: next },
            None => next.state(),
        })
    }

    fn progressed(&mut self, p: Progress, fx: &mut Vec<Effect>) {
        let step = p.percent() / 10 * 10;
        self.progress = p.clone();
        fx.push(Effect::Progress(p));
        if step > self.announced && step < 100 {
            self.announced = step;
            fx.push(Effect::Announce(Announcement::Milestone(step)));
        }
    }

    fn finished(&mut self, result: Result<Outcome, UploadError>, fx: &mut Vec<Effect>) -> ItemState {
        let cancelling = self.state == ItemState::Cancelling;
        match result {
            Ok(outcome) => {
                fx.extend([
                    Effect::Completed(outcome.clone()),
                    Effect::Announce(Announcement::Complete),
                    Effect::ForgetRecord,
                ]);
                ItemState::Complete(outcome)
            }
            Err(e) if e.is_cancelled() || cancelling => {
                // A run that ended otherwise while cancelling did not clean up: do it here.
                let record = if e.is_cancelled() { Effect::ForgetRecord } else { Effect::DiscardRecord };
                fx.extend([Effect::Announce(Announcement::Cancelled), record]);
                ItemState::Cancelled
            }
            Err(e) => {
                let record = if e.retryable() { Effect::KeepRecord } else { Effect::ForgetRecord };
                fx.extend([
                    Effect::Error(e.clone()),
                    Effect::Announce(Announcement::Failed((*e.message).clone())),
                    record,
                ]);
                ItemState::Failed(e)
            }
        }
    }

    fn stage(&self) -> Option<Stage> {
        self.state.stage()
    }
}
