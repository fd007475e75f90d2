//! Virtual time for the engine's tests: a sleep is a timer that fires only when the test
//! lets time pass, so backoffs and stall limits of minutes take no real time.
#![allow(dead_code)] // each test file uses part of the harness

use futures_util::future::LocalBoxFuture;
use panopto_uploader::engine::ports::Clock;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::task::Waker;

/// Virtual time: a sleep is a timer that fires only when the test advances the clock
/// (see [`FakeClock::fire_next`]), so a stall timer racing a request that answers at
/// once never fires, and one racing a held request fires when the test lets time pass.
#[derive(Clone, Default)]
pub struct FakeClock {
    pub now: Rc<Cell<f64>>,
    /// The durations of the sleeps that ran to the end, in firing order.
    pub slept: Rc<RefCell<Vec<u32>>>,
    timers: Rc<RefCell<Vec<Timer>>>,
    next_timer: Rc<Cell<u64>>,
}

struct Timer {
    id: u64,
    deadline: f64,
    ms: u32,
    fired: bool,
    waker: Option<Waker>,
}

impl FakeClock {
    /// Advance to the earliest pending timer and fire it. `false` when none is pending.
    pub fn fire_next(&self) -> bool {
        let mut timers = self.timers.borrow_mut();
        let Some(t) = timers.iter_mut().filter(|t| !t.fired).min_by(|a, b| a.deadline.total_cmp(&b.deadline)) else {
            return false;
        };
        t.fired = true;
        self.now.set(self.now.get().max(t.deadline));
        self.slept.borrow_mut().push(t.ms);
        if let Some(w) = t.waker.take() {
            w.wake();
        }
        true
    }

    /// Run `f` to its end on a local pool, letting virtual time pass (the next timer fires)
    /// whenever nothing else can move. Panics if `f` waits on something no timer brings.
    pub fn block_on<T: 'static>(&self, f: impl std::future::Future<Output = T> + 'static) -> T {
        use futures_util::task::LocalSpawnExt;
        let mut pool = futures_executor::LocalPool::new();
        let out = Rc::new(RefCell::new(None));
        let o = out.clone();
        pool.spawner().spawn_local(async move { *o.borrow_mut() = Some(f.await) }).unwrap();
        loop {
            pool.run_until_stalled();
            if out.borrow().is_some() || !self.fire_next() {
                break;
            }
        }
        out.take().expect("the future waits on something that no timer brings")
    }
}

struct Sleep {
    clock: FakeClock,
    id: u64,
}

impl std::future::Future for Sleep {
    type Output = ();
    fn poll(self: std::pin::Pin<&mut Self>, cx: &mut std::task::Context<'_>) -> std::task::Poll<()> {
        let mut timers = self.clock.timers.borrow_mut();
        match timers.iter_mut().find(|t| t.id == self.id) {
            Some(t) if t.fired => std::task::Poll::Ready(()),
            Some(t) => {
                t.waker = Some(cx.waker().clone());
                std::task::Poll::Pending
            }
            None => std::task::Poll::Ready(()),
        }
    }
}

impl Drop for Sleep {
    fn drop(&mut self) {
        self.clock.timers.borrow_mut().retain(|t| t.id != self.id);
    }
}

impl Clock for FakeClock {
    fn now_ms(&self) -> f64 {
        1_795_379_400_000.0 + self.now.get()
    }
    fn sleep(&self, ms: u32) -> LocalBoxFuture<'static, ()> {
        let id = self.next_timer.get();
        self.next_timer.set(id + 1);
        let deadline = self.now.get() + ms as f64;
        self.timers.borrow_mut().push(Timer { id, deadline, ms, fired: ms == 0, waker: None });
        if ms == 0 {
            self.slept.borrow_mut().push(0);
        }
        Box::pin(Sleep { clock: self.clone(), id })
    }
}
