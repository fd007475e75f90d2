//! A flow's handle on the [`UploadRecord`] it runs with: reads give the flow's own record
//! as it is, writes go through its one `apply` and are announced as checkpoints (the saver
//! writes them for a resume after reload).

use super::flow::EngineEvent;
use super::upload_record::{FlowRecord, UploadRecord};
use std::cell::RefCell;
use std::marker::PhantomData;

pub struct Journal<'a, R> {
    pub record: &'a RefCell<UploadRecord>,
    pub emit: &'a dyn Fn(EngineEvent),
    flow: PhantomData<R>,
}

impl<'a, R: FlowRecord> Journal<'a, R> {
    pub fn new(record: &'a RefCell<UploadRecord>, emit: &'a dyn Fn(EngineEvent)) -> Self {
        Journal { record, emit, flow: PhantomData }
    }

    /// The flow's record (`None` when nothing was created yet).
    pub fn read(&self) -> Option<R> {
        R::of(&self.record.borrow()).cloned()
    }

    /// Look at the record without copying it.
    pub fn with<T>(&self, f: impl FnOnce(Option<&R>) -> T) -> T {
        f(R::of(&self.record.borrow()))
    }

    pub fn write(&self, change: R::Change) {
        {
            let mut record = self.record.borrow_mut();
            let mut own = R::from_upload(std::mem::take(&mut *record));
            R::apply(&mut own, change);
            *record = R::into_upload(own);
        }
        (self.emit)(EngineEvent::Checkpoint);
    }
}
