//! What one file's state machine (`state.rs`) hears and says: the inputs (the teacher's
//! commands, the network, what was found for the file, the engine's events, the run's end)
//! and the effects the element carries out.

use crate::engine::error::UploadError;
use crate::engine::flow::{EngineEvent, Notice, Outcome};
use crate::engine::progress::Progress;
use crate::engine::saved_upload::SavedUpload;
use crate::text::Announcement;

/// What a run starts from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RunFrom {
    /// An upload of the file saved earlier, if one fits.
    Saved,
    /// Nothing: the teacher chose to start over.
    Fresh,
    /// Nothing, as a second upload of a file on purpose ("Upload again"): it neither
    /// continues, saves nor waits for the file's record, which is the other copy's.
    Copy,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Command {
    Start,
    Pause,
    Resume,
    Cancel,
    Remove,
    StartOver,
    /// The teacher's answer to a duplicate: upload it a second time anyway.
    UploadAgain,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Input {
    User(Command),
    Network {
        online: bool,
    },
    /// A saved upload of this file was found (for the same place and files).
    SavedFound(Box<SavedUpload>),
    /// The file was refused when added (empty, not a file).
    Rejected(UploadError),
    /// Whether the same file is ahead of this one in the queue, holding its place (queued,
    /// uploading or uploaded): told when it is added, and again whenever that changes.
    Duplicate(bool),
    Engine(EngineEvent),
    /// The run ended.
    Finished(Result<Outcome, UploadError>),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    /// The state's public name changed: `statechange`, the host's attributes.
    StateChanged,
    /// `uploadstart`: a new upload is being created on the server.
    UploadStarted,
    /// The bar, and `progress`.
    Progress(Progress),
    /// `uploadcomplete`.
    Completed(Outcome),
    /// `uploaderror`.
    Error(UploadError),
    /// The polite live region.
    Announce(Announcement),
    /// Tell the teacher, on the card, how the upload goes.
    Notice(Notice),
    /// Something that came with the upload did not make it (a caption): on the card, and
    /// `uploadwarning`; the upload goes on.
    Warning(UploadError),
    /// Start a run (with a fresh command channel).
    StartRun(RunFrom),
    PauseRun,
    ResumeRun,
    CancelRun,
    /// Bring back the saved upload's title and description, and continue its record.
    AdoptSaved(Box<SavedUpload>),
    /// The record changed: save it (throttled).
    Save,
    /// The run failed in a way a retry or a reload can resume: save the record now.
    KeepRecord,
    /// The upload is over: delete its saved record.
    ForgetRecord,
    /// Delete the saved record and undo, best effort, what it left on the server.
    DiscardRecord,
    /// Take the file off the queue.
    Remove,
}
