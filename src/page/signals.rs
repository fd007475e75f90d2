//! What the page model (`model.rs`) hears and says: the inputs (the host page's attributes
//! and properties, the teacher's commands, the browser, and what the effects found) and the
//! effects the shell carries out (runs, records, listings, the sign-in, DOM events).

pub use super::common::*;
use super::details::Edit;
use super::media::{Checked, Thumb};
use super::place::{Entry, Named, PlaceCommand};
use super::plan::RunPlan;
use super::unfinished::{Leftover, Reopen};
use crate::engine::auth::sign_in::SignInConfig;
use crate::engine::error::UploadError;
use crate::engine::flow::{EngineEvent, Outcome};
use crate::engine::panopto_catalog::Listing;
use crate::engine::progress::Progress;
use crate::engine::runner::Restore;
use crate::engine::saved_upload::SavedUpload;
use crate::item::Command;

/// What the host page gave for a property that takes a function.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Given {
    #[default]
    Nothing,
    Function,
    /// Something that is not a function: reported, and taken as nothing.
    NotAFunction,
}

/// The element's observed attributes, as the page wrote them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Attributes {
    pub values: Vec<(String, String)>,
    /// The document's base URL, for a path given as `upload-session-url`.
    pub base_url: String,
    /// The sign-in callback page shipped beside the element (the default `redirect-uri`).
    pub default_redirect_uri: String,
    /// The page's origin (`location.origin`): the sign-in's answer must come back to it.
    pub page_origin: String,
}

impl Attributes {
    pub fn get(&self, name: &str) -> Option<String> {
        self.values.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone())
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum PageInput {
    // The host page.
    Attributes(Attributes),
    /// The `accessToken` property (`None`, or blank: no token).
    AccessToken(Option<String>),
    TokenProvider(Given),
    CreateUpload(Given),
    // The teacher, in the view or through the element's methods.
    /// Files picked or dropped (or given to `addFiles`), and how many values were not files.
    AddFiles {
        files: Vec<NewFile>,
        refused: usize,
    },
    Command(FileId, Command),
    /// The same command for every file (`start()`, `pause()`…).
    All(Command),
    Edit(FileId, Edit),
    Place(PlaceCommand),
    // The browser.
    Network {
        online: bool,
    },
    // What the effects found.
    /// An upload of the file saved before a reload (for any place: the page checks).
    SavedFound(FileId, Box<SavedUpload>),
    Engine(FileId, EngineEvent),
    Finished(FileId, Result<Outcome, UploadError>),
    /// The file's progress timer ([`PageEffect::ProgressTimer`]) is up.
    ProgressDue(FileId),
    /// What the media check found of a file (a queued one, a second video, a caption).
    Checked(FileId, Checked),
    /// What the browser could show of a video (`None`: it cannot decode it).
    Previewed(FileId, Option<Thumb>),
    /// "Upload anyway" on a card with a concern.
    UploadAnyway(FileId),
    /// The uploads left unfinished before this page loaded, as the store holds them.
    UnfinishedFound(Vec<Leftover>),
    /// "Continue uploading" on an unfinished upload (its record's key).
    Continue(String),
    /// The kept handle gave the same file back (held under a new id), or why not.
    Reopened(String, Result<NewFile, Reopen>),
    /// The sign-in came back (or failed); `Ok(ends_at)`: when the token ends with no way
    /// to renew it (the implicit flow's), in the clock's ms.
    SignedIn(Result<Option<f64>, UploadError>),
    /// The sign-in window reads as closed while its answer is still awaited (closed by the
    /// teacher, or cut off by an identity provider's COOP).
    SignInDetached,
    /// The page came back from a redirect sign-in with an answer, being completed.
    SignInReturned,
    /// The account's timer ([`PageEffect::AccountTimer`]) is up.
    AccountDue,
    /// The teacher's sign-in ended by itself (its refresh was refused).
    SignInEnded,
    Listed {
        generation: u32,
        result: Result<Listing<Entry>, UploadError>,
    },
    /// Whether the teacher may create sessions in a folder chosen from the whole tree, or
    /// the `folder-id` one.
    RightsFound {
        folder_id: String,
        may_create: bool,
        /// The folder's name, read for a folder known by its ID only (`folder-id`).
        name: Option<String>,
    },
    /// The way down to a folder found by a search.
    TrailFound {
        folder_id: String,
        trail: Vec<Named>,
    },
    /// The `session-id` session's name.
    SessionNamed(Named),
}

#[derive(Clone, Debug, PartialEq)]
pub enum PageEffect {
    Fire(HostEvent),
    /// Start a run of the file (with a fresh command channel and saver).
    StartRun {
        file: FileId,
        plan: RunPlan,
        restore: Restore,
    },
    Steer(FileId, Steer),
    /// The file's record changed: save it (throttled).
    Checkpoint(FileId),
    /// The run is over: keep its record for a retry or a reload, or delete it.
    Record(FileId, Fate),
    /// Delete the file's records (the current one, and `saved`) and undo, best effort,
    /// what they left on the server.
    Discard {
        file: FileId,
        plan: RunPlan,
        saved: Option<Box<SavedUpload>>,
    },
    /// Fingerprint the file and look for an upload of it saved before a reload.
    LookForSaved(FileId),
    /// Call [`PageInput::ProgressDue`] for the file in this many ms.
    ProgressTimer(FileId, u32),
    /// Check the file as a recording (a few MiB read at most).
    CheckMedia(FileId),
    /// Check the file as a caption file (its first lines).
    CheckCaption(FileId),
    /// A small frame of the video, where the browser can decode it.
    Preview(FileId),
    /// The page no longer needs these files.
    Release(Vec<FileId>),
    /// Find the uploads left unfinished (once, as the page starts).
    LookForUnfinished,
    /// Read the file kept under this key again, asking for permission (in this click's
    /// turn: the prompt needs the teacher's gesture).
    Reopen(String),
    /// Where tokens come from changed.
    Tokens(TokenUpdate),
    /// Open the sign-in window (in this click's turn: a popup blocker lets only those through).
    OpenSignIn,
    /// Go to Panopto to sign in, and come back (`sign-in="redirect"`).
    RedirectSignIn,
    /// Stop waiting for the sign-in window's answer.
    CancelSignIn,
    /// Call [`PageInput::AccountDue`] in this many ms.
    AccountTimer(u32),
    /// Read a listing for the picker.
    List {
        generation: u32,
        query: ListingQuery,
    },
    /// Find the way down to a folder found by a search.
    FindTrail(Named),
    /// Find whether the teacher may create sessions in this folder.
    CheckRights(Named),
    /// Read the name of the `session-id` session.
    NameSession(String),
}

/// A command for a run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Steer {
    Pause,
    Resume,
    Cancel,
}

/// What becomes of a run's saved record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fate {
    Keep,
    Forget,
}

/// A change of where tokens come from, for the token chain.
#[derive(Clone, Debug, PartialEq)]
pub enum TokenUpdate {
    PageToken(Option<String>),
    Provider(bool),
    /// The teacher's sign-in for this server and client (a new one, signed out), or none.
    SignIn(Option<SignInConfig>),
    SignOut,
}

/// A DOM event on the element (`file`: the queued file it is about).
#[derive(Clone, Debug, PartialEq)]
pub enum HostEvent {
    StateChange {
        file: FileId,
        state: &'static str,
    },
    UploadStart {
        file: FileId,
    },
    Progress {
        file: FileId,
        progress: Progress,
    },
    UploadComplete {
        file: FileId,
        outcome: Outcome,
    },
    /// Something that came with the file's upload did not make it (code `caption`); the
    /// upload itself goes on (its `uploadcomplete` follows).
    UploadWarning {
        file: FileId,
        error: UploadError,
    },
    /// `file` is `None` for a problem of the configuration or of a call.
    UploadError {
        file: Option<FileId>,
        error: UploadError,
    },
}
