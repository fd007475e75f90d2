//! Each file of a session sees its own slot of the session record as a [`FileLog`], so
//! the multipart upload writes straight into the record (no copy to keep in step).

use super::record::{SessionChange, SessionRecord, Slot};
use crate::engine::journal::Journal;
use crate::engine::record::{FileChange, FileLog, FileRecord};

/// One file's slot of the session record.
pub struct SlotLog<'a> {
    pub journal: &'a Journal<'a, SessionRecord>,
    pub slot: Slot,
}

impl FileLog for SlotLog<'_> {
    fn read(&self) -> FileRecord {
        self.journal.with(|s| s.map(|s| s.file(self.slot)).unwrap_or_default())
    }

    fn write(&self, change: FileChange) {
        self.journal.write(SessionChange::File(self.slot, change));
    }
}
