//! What the executor keeps of each file between its runs: the current run's command channel
//! and saver, the record a retry continues, and the fingerprint read when it was added.

use crate::engine::control::Control;
use crate::engine::fingerprint::Fingerprint;
use crate::engine::saver::Saver;
use crate::engine::upload_record::UploadRecord;
use crate::page::signals::{FileId, Steer};
use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// What the executor keeps of a file between its runs.
#[derive(Default)]
pub struct FileRuns {
    /// The current run's command channel.
    pub control: Control,
    /// How far the upload got; a retry continues it.
    pub record: Rc<RefCell<UploadRecord>>,
    /// The current run's saver.
    pub saver: Option<Rc<Saver>>,
    /// Read when the file was added, for the runs.
    pub fingerprint: Option<Fingerprint>,
    /// Its handle (if it came with one) is kept beside its saved record.
    pub handle_kept: bool,
}

#[derive(Default)]
pub struct Runs {
    /// A few dozen files at most: a list, not a map.
    files: RefCell<Vec<(FileId, FileRuns)>>,
    /// Expired saved uploads were deleted (once per page).
    pub purged: Cell<bool>,
}

impl Runs {
    pub fn with<T>(&self, file: FileId, f: impl FnOnce(&mut FileRuns) -> T) -> T {
        let mut files = self.files.borrow_mut();
        let at = match files.iter().position(|(id, _)| *id == file) {
            Some(at) => at,
            None => {
                files.push((file, FileRuns::default()));
                files.len() - 1
            }
        };
        f(&mut files[at].1)
    }

    pub fn steer(&self, file: FileId, steer: Steer) {
        self.with(file, |r| match steer {
            Steer::Pause => r.control.pause(),
            Steer::Resume => r.control.resume(),
            Steer::Cancel => r.control.cancel(),
        })
    }

    pub fn checkpoint(&self, file: FileId) {
        if let Some(saver) = self.with(file, |r| r.saver.clone()) {
            saver.checkpoint();
        }
    }

    pub fn forget(&self, file: FileId) {
        self.files.borrow_mut().retain(|(id, _)| *id != file);
    }
}
