//! Pause, resume and cancel, shared between the UI (which sends commands) and the engine
//! (which obeys them at every request boundary and aborts requests in flight).
//!
//! Single-threaded by design: wasm has one thread, and host tests drive the engine with a
//! local executor. `Rc` + `RefCell` + wakers is all that is needed.

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::{Rc, Weak};
use std::task::{Context, Poll, Waker};

#[derive(Default)]
struct SignalInner {
    aborted: bool,
    wakers: Vec<Waker>,
    on_abort: Vec<Box<dyn FnOnce()>>,
    /// The attempts' signals, weakly: a finished attempt's is gone.
    children: Vec<Weak<RefCell<SignalInner>>>,
}

/// Keeps `waker` to wake once, unless it is already kept. A future is polled again each time
/// its task wakes for anything else (the upload's progress report races this signal against
/// the whole upload): pushing a clone at every poll grew the list by one per wake-up, for as
/// long as the upload ran.
fn keep(wakers: &mut Vec<Waker>, waker: &Waker) {
    if !wakers.iter().any(|w| w.will_wake(waker)) {
        wakers.push(waker.clone());
    }
}

/// Fires once; every clone sees it. The browser `Http` hooks an `AbortController` to it.
#[derive(Clone, Default)]
pub struct AbortSignal(Rc<RefCell<SignalInner>>);

impl AbortSignal {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn abort(&self) {
        let (wakers, callbacks, children) = {
            let mut s = self.0.borrow_mut();
            if s.aborted {
                return;
            }
            s.aborted = true;
            (std::mem::take(&mut s.wakers), std::mem::take(&mut s.on_abort), std::mem::take(&mut s.children))
        };
        // Run outside the borrow: a callback may look at this signal again.
        callbacks.into_iter().for_each(|f| f());
        children.iter().filter_map(Weak::upgrade).for_each(|inner| AbortSignal(inner).abort());
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
        {
            let mut s = self.0.borrow_mut();
            if !s.aborted {
                // Weak: a finished attempt's signal must not be kept alive by the parent, and
                // its entry goes here (an upload's signal sees thousands of attempts).
                s.children.retain(|c| c.strong_count() > 0);
                s.children.push(Rc::downgrade(&child.0));
                return child;
            }
        }
        child.abort();
        child
    }

    /// How many wakers and attempts' signals this signal holds (tests: bounded, however
    /// often it is polled and however many attempts it saw).
    #[cfg(test)]
    fn held(&self) -> (usize, usize) {
        let s = self.0.borrow();
        (s.wakers.len(), s.children.len())
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
            keep(&mut s.wakers, cx.waker());
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
                keep(&mut c.resume_wakers, cx.waker());
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

    /// Wakes counted: a waker as a task's (the same one at every poll).
    struct Count(std::sync::atomic::AtomicUsize);
    impl std::task::Wake for Count {
        fn wake(self: std::sync::Arc<Self>) {
            self.0.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
    }

    fn counting() -> (std::sync::Arc<Count>, Waker) {
        let count = std::sync::Arc::new(Count(Default::default()));
        (count.clone(), Waker::from(count))
    }

    #[test]
    fn a_signal_polled_at_every_wake_keeps_one_waker_and_still_wakes_it() {
        let s = AbortSignal::new();
        let (count, waker) = counting();
        let mut cx = Context::from_waker(&waker);
        let mut fut = s.aborted();
        for _ in 0..10_000 {
            assert!(Pin::new(&mut fut).poll(&mut cx).is_pending());
        }
        assert_eq!(s.held().0, 1, "one waker, however often polled");
        let (_, other) = counting();
        assert!(Pin::new(&mut fut).poll(&mut Context::from_waker(&other)).is_pending());
        assert_eq!(s.held().0, 2, "another task's waker is kept too");
        s.abort();
        assert_eq!(count.0.load(std::sync::atomic::Ordering::Relaxed), 1, "woken once");
        assert!(Pin::new(&mut fut).poll(&mut cx).is_ready());
    }

    #[test]
    fn a_paused_run_keeps_one_waker_per_task() {
        let c = Control::new();
        c.pause();
        let (count, waker) = counting();
        let mut cx = Context::from_waker(&waker);
        let mut wait = c.running();
        for _ in 0..1_000 {
            assert!(Pin::new(&mut wait).poll(&mut cx).is_pending());
        }
        assert_eq!(c.0.borrow().resume_wakers.len(), 1);
        c.resume();
        assert_eq!(count.0.load(std::sync::atomic::Ordering::Relaxed), 1);
        assert_eq!(Pin::new(&mut wait).poll(&mut cx), Poll::Ready(Ok(())));
    }

    #[test]
    fn finished_attempts_leave_nothing_in_the_parent_and_live_ones_are_aborted() {
        let parent = AbortSignal::new();
        for _ in 0..10_000 {
            let attempt = parent.child();
            assert!(!attempt.is_aborted());
        }
        assert!(parent.held().1 <= 1, "ended attempts are forgotten: {:?}", parent.held());
        let live = parent.child();
        let grandchild = live.child();
        let fired = Rc::new(Cell::new(false));
        let f = fired.clone();
        live.on_abort(move || f.set(true));
        parent.abort();
        assert!(live.is_aborted() && fired.get() && grandchild.is_aborted());
        assert!(parent.child().is_aborted(), "a child of an aborted signal starts aborted");
    }
}
