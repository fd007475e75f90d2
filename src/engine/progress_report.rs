//! Progress as a flow reports it while bytes go out: every [`Transfer`] becomes an
//! [`EngineEvent::Progress`], and the speed's clock restarts after each resume, so paused
//! time does not drag the speed and the time left down. Shared by every flow.

use super::context::EngineContext;
use super::flow::EngineEvent;
use super::progress::{ProgressTracker, Transfer};
use futures_util::future::{select, Either};
use std::cell::RefCell;
use std::future::Future;

pub struct ProgressReport<'a> {
    ctx: &'a EngineContext,
    emit: &'a dyn Fn(EngineEvent),
    tracker: RefCell<ProgressTracker>,
}

impl<'a> ProgressReport<'a> {
    /// Start counting `total` bytes now.
    pub fn start(ctx: &'a EngineContext, total: u64, emit: &'a dyn Fn(EngineEvent)) -> Self {
        let mut tracker = ProgressTracker::new(total);
        tracker.start(ctx.now_ms());
        ProgressReport { ctx, emit, tracker: RefCell::new(tracker) }
    }

    /// Bytes on the wire, acknowledged, or held from an earlier run.
    pub fn update(&self, transfer: Transfer) {
        self.tracker.borrow_mut().update(transfer, self.ctx.now_ms());
        (self.emit)(EngineEvent::Progress(self.tracker.borrow().snapshot()));
    }

    /// Run `work` (which reports through [`Self::update`]), restarting the speed's clock
    /// whenever the run resumes from a pause.
    pub async fn around<T>(&self, work: impl Future<Output = T>) -> T {
        let restart = || self.tracker.borrow_mut().restart_timing(self.ctx.now_ms());
        match select(Box::pin(work), Box::pin(self.ctx.on_every_resume(restart))).await {
            Either::Left((done, _)) => done,
            Either::Right((never, _)) => match never {},
        }
    }
}
