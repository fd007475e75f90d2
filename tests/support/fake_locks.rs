//! The lock port as the browser's Web Locks behave across tabs: one holder per name, the
//! others wait; a holder's lock is released when its guard drops (a run ending, or its tab
//! closing, which drops everything the tab held).
#![allow(dead_code)] // each test file uses part of the harness

use futures_util::future::LocalBoxFuture;
use panopto_uploader::engine::ports::{HeldLock, UploadLocks};
use std::cell::RefCell;
use std::collections::BTreeSet;
use std::rc::Rc;
use std::task::{Poll, Waker};

#[derive(Clone, Default)]
pub struct FakeLocks(Rc<RefCell<Inner>>);

#[derive(Default)]
struct Inner {
    held: BTreeSet<String>,
    waiting: Vec<Waker>,
    /// How many times a lock was asked for and someone else had it.
    pub refused: usize,
}

struct Guard {
    locks: FakeLocks,
    name: String,
}

impl Drop for Guard {
    fn drop(&mut self) {
        let waiting = {
            let mut inner = self.locks.0.borrow_mut();
            inner.held.remove(&self.name);
            std::mem::take(&mut inner.waiting)
        };
        waiting.into_iter().for_each(Waker::wake);
    }
}

impl FakeLocks {
    pub fn is_held(&self, name: &str) -> bool {
        self.0.borrow().held.contains(name)
    }

    pub fn refused(&self) -> usize {
        self.0.borrow().refused
    }

    fn take(&self, name: &str) -> Option<HeldLock> {
        let mut inner = self.0.borrow_mut();
        if !inner.held.insert(name.to_string()) {
            inner.refused += 1;
            return None;
        }
        Some(HeldLock::new(Guard { locks: self.clone(), name: name.to_string() }))
    }
}

impl UploadLocks for FakeLocks {
    fn try_hold(&self, name: &str) -> LocalBoxFuture<'_, Option<HeldLock>> {
        let held = self.take(name);
        Box::pin(async move { held })
    }

    fn busy(&self) -> LocalBoxFuture<'_, Vec<String>> {
        let names = self.0.borrow().held.iter().cloned().collect();
        Box::pin(async move { names })
    }

    fn hold(&self, name: &str) -> LocalBoxFuture<'_, HeldLock> {
        let name = name.to_string();
        Box::pin(std::future::poll_fn(move |cx| match self.take(&name) {
            Some(held) => Poll::Ready(held),
            None => {
                self.0.borrow_mut().waiting.push(cx.waker().clone());
                Poll::Pending
            }
        }))
    }
}
