//! A tiny async semaphore for the parts on the wire. Why: each part is read from the
//! file and checksummed before it is sent; holding one part more than the concurrency
//! lets that preparation overlap the transfers instead of sitting between them (at
//! concurrency 1 the read and CRC otherwise add a pause before every part).

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

#[derive(Default)]
struct Inner {
    in_use: usize,
    waiters: Vec<Waker>,
}

#[derive(Clone, Default)]
pub struct Slots(Rc<RefCell<Inner>>);

/// Frees its slot when dropped (sent, failed or abandoned alike).
pub struct Slot(Rc<RefCell<Inner>>);

impl Drop for Slot {
    fn drop(&mut self) {
        let waiters = {
            let mut i = self.0.borrow_mut();
            i.in_use -= 1;
            std::mem::take(&mut i.waiters)
        };
        waiters.into_iter().for_each(Waker::wake);
    }
}

impl Slots {
    /// Wait for a slot while fewer than `limit()` are in use; `limit` is asked again on
    /// every wake-up, so a lowered concurrency (503/429) takes effect at once.
    pub fn acquire<'a>(&'a self, limit: &'a dyn Fn() -> usize) -> impl Future<Output = Slot> + 'a {
        Acquire { slots: self, limit }
    }

    pub fn in_use(&self) -> usize {
        self.0.borrow().in_use
    }
}

struct Acquire<'a> {
    slots: &'a Slots,
    limit: &'a dyn Fn() -> usize,
}

impl Future for Acquire<'_> {
    type Output = Slot;
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Slot> {
        let limit = (self.limit)().max(1);
        let mut i = self.slots.0.borrow_mut();
        if i.in_use < limit {
            i.in_use += 1;
            Poll::Ready(Slot(self.slots.0.clone()))
        } else {
            i.waiters.push(cx.waker().clone());
            Poll::Pending
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_util::FutureExt;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn at_most_limit_then_freed_on_drop() {
        let slots = Slots::default();
        let two = || 2;
        let a = slots.acquire(&two).now_or_never().expect("free");
        let b = slots.acquire(&two).now_or_never().expect("free");
        assert!(slots.acquire(&two).now_or_never().is_none(), "limit reached");
        drop(a);
        let c = slots.acquire(&two).now_or_never().expect("freed by the drop");
        assert_eq!(slots.in_use(), 2);
        drop((b, c));
        assert_eq!(slots.in_use(), 0);
    }
}
