//! Pause, resume and cancel, shared between the UI (which sends commands) and the engine
//! (which obeys them at every request boundary and aborts requests in flight).
//!
//! Single-threaded by design: wasm has one thread, and host tests drive the engine with a
//! local executor. `Rc` + `RefCell` + wakers is all that is needed.

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

#[derive(Default)]
struct SignalInner {
    aborted: bool,
    wakers: Vec<Waker>,
    on_abort: Vec<Box<dyn FnOnce()>>,
}

/// Fires once; every clone sees it. The browser `Http` hooks an `AbortController` to it.
#[derive(Clone, Default)]
pub struct AbortSignal(Rc<RefCell<SignalInner>>);

impl AbortSignal {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn abort(&self) {
        let (wakers, callbacks) = {
            let mut s = self.0.borrow_mut();
            if s.aborted {
                return;
            }
            s.aborted = true;
            (std::mem::take(&mut s.wakers), std::mem::take(&mut s.on_abort))
        };
        // Run outside the borrow: a callback may look at this signal again.
        callbacks.into_iter().for_each(|f| f());
        wakers.into_iter().for_each(Waker::wake);
    }

    pub fn is_aborted(&self) -> bool {
        self.0.borrow().aborted
    }

    /// Call `f` when aborted (at once if already aborted).
    pub fn on_abort(&self, f: impl FnOnce() + 'static) {
        if self.is_aborted() {
            f();
        } else {
            self.0.borrow_mut().on_abort.push(Box::new(f));
        }
    }

    /// A signal that fires when this one does, and can also fire on its own (one
    /// attempt's stall timer must not abort the whole upload).
    pub fn child(&self) -> AbortSignal {
        let child = AbortSignal::new();
        let weak = std::rc::Rc::downgrade(&child.0);
        // Weak: a finished attempt's signal must not be kept alive by the parent.
        self.on_abort(move || {
            if let Some(inner) = weak.upgrade() {
                AbortSignal(inner).abort();
            }
        });
        child
    }

    /// Resolves when aborted.
    pub fn aborted(&self) -> Aborted {
        Aborted(self.clone())
    }
}

pub struct Aborted(AbortSignal);

impl Future for Aborted {
    type Output = ();
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let mut s = (self.0).0.borrow_mut();
        if s.aborted {
            Poll::Ready(())
        } else {
            s.wakers.push(cx.waker().clone());
            Poll::Pending
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RunState {
    Running,
    Paused,
    Cancelled,
}

struct ControlInner {
    state: RunState,
    /// Aborted on pause/cancel; replaced by a fresh one on resume.
    signal: AbortSignal,
    resume_wakers: Vec<Waker>,
}

/// The command channel for one upload.
#[derive(Clone)]
pub struct Control(Rc<RefCell<ControlInner>>);

impl Default for Control {
    fn default() -> Self {
        Control(Rc::new(RefCell::new(ControlInner {
            state: RunState::Running,
            signal: AbortSignal::new(),
            resume_wakers: Vec::new(),
        })))
    }
}

/// Returned by [`Control::running`] once the user has cancelled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cancelled;

impl Control {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn state(&self) -> RunState {
        self.0.borrow().state
    }

    /// The signal requests sent now must observe.
    pub fn signal(&self) -> AbortSignal {
        self.0.borrow().signal.clone()
    }

    pub fn pause(&self) {
        let signal = {
            let mut c = self.0.borrow_mut();
            if c.state != RunState::Running {
                return;
            }
            c.state = RunState::Paused;
            c.signal.clone()
        };
        signal.abort();
    }

    pub fn resume(&self) {
        let wakers = {
            let mut c = self.0.borrow_mut();
            if c.state != RunState::Paused {
                return;
            }
            c.state = RunState::Running;
            c.signal = AbortSignal::new();
            std::mem::take(&mut c.resume_wakers)
        };
        wakers.into_iter().for_each(Waker::wake);
    }

    pub fn cancel(&self) {
        let (signal, wakers) = {
            let mut c = self.0.borrow_mut();
            if c.state == RunState::Cancelled {
                return;
            }
            c.state = RunState::Cancelled;
            (c.signal.clone(), std::mem::take(&mut c.resume_wakers))
        };
        signal.abort();
        wakers.into_iter().for_each(Waker::wake);
    }

    /// Waits while paused; `Err(Cancelled)` once cancelled.
    pub fn running(&self) -> WaitRunning {
        WaitRunning(self.clone())
    }
}

pub struct WaitRunning(Control);

impl Future for WaitRunning {
    type Output = Result<(), Cancelled>;
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let mut c = (self.0).0.borrow_mut();
        match c.state {
            RunState::Running => Poll::Ready(Ok(())),
            RunState::Cancelled => Poll::Ready(Err(Cancelled)),
            RunState::Paused => {
                c.resume_wakers.push(cx.waker().clone());
                Poll::Pending
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_util::FutureExt;
    use std::cell::Cell;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn pause_aborts_the_current_signal_and_resume_gives_a_fresh_one() {
        let c = Control::new();
        let first = c.signal();
        let fired = Rc::new(Cell::new(false));
        let f = fired.clone();
        first.on_abort(move || f.set(true));
        assert_eq!(c.running().now_or_never(), Some(Ok(())));
        c.pause();
        assert!(first.is_aborted() && fired.get());
        assert_eq!(c.running().now_or_never(), None, "paused: waits");
        c.resume();
        assert!(!c.signal().is_aborted());
        assert_eq!(c.running().now_or_never(), Some(Ok(())));
        c.cancel();
        assert_eq!(c.running().now_or_never(), Some(Err(Cancelled)));
        c.resume();
        assert_eq!(c.state(), RunState::Cancelled, "cancel is final");
    }

    #[test]
    fn aborted_future_resolves() {
        let s = AbortSignal::new();
        let mut fut = s.aborted();
        assert!((&mut fut).now_or_never().is_none());
        s.abort();
        assert!(fut.now_or_never().is_some());
    }
}
