//! Where uploads go and who uploads them, as the view shows it: the teacher's sign-in, the
//! chosen folder (or session, for streams) and the picker that browses Panopto for them.
//! Plain data: the element keeps it in signals and changes it; the view reads it and sends
//! [`PlaceCommand`]s.

use crate::core::panopto_rest::v1::FolderRef;
use crate::text::ErrorText;

/// The teacher's own sign-in (offered with `client-id` when the page gives no token).
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Account {
    /// No sign-in here: the page gives tokens, or there is no `client-id`.
    #[default]
    Hidden,
    /// `error`: why the last attempt failed.
    SignedOut {
        error: Option<ErrorText>,
    },
    SigningIn,
    SignedIn,
}

/// A folder or a session, by ID and name.
pub type Named = FolderRef;

/// Where the next uploads go.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Place {
    /// New sessions go here: the `folder-id` attribute's, or the one chosen.
    pub folder: Option<Named>,
    /// Set: files become streams of this session (StreamUpload).
    pub session: Option<Named>,
    /// Fixed by the page's attributes: the teacher cannot change them.
    pub folder_fixed: bool,
    pub session_fixed: bool,
}

impl Place {
    pub fn folder_id(&self) -> Option<&str> {
        self.folder.as_ref().map(|f| f.id.as_str())
    }

    pub fn session_id(&self) -> Option<&str> {
        self.session.as_ref().map(|s| s.id.as_str())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PickerMode {
    Folders,
    /// The sessions of the folder at the end of the trail.
    Sessions,
}

/// What a listing shows.
#[derive(Clone, Debug, PartialEq)]
pub enum Load {
    Loading,
    Ready {
        entries: Vec<Entry>,
        /// More than the picker reads: search to narrow it down.
        truncated: bool,
    },
    Failed(ErrorText),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub item: Named,
    /// A session's date, or where a search found a folder.
    pub detail: Option<String>,
}

/// The open picker.
#[derive(Clone, Debug, PartialEq)]
pub struct Picker {
    pub mode: PickerMode,
    /// From the top level down to the folder shown (empty: the top level).
    pub trail: Vec<Named>,
    /// Showing the results of this search rather than a folder's content.
    pub search: Option<String>,
    pub load: Load,
}

impl Picker {
    pub fn at(mode: PickerMode, trail: Vec<Named>) -> Self {
        Picker { mode, trail, search: None, load: Load::Loading }
    }

    /// The folder whose content is shown (`None`: the top level).
    pub fn folder(&self) -> Option<&Named> {
        self.trail.last()
    }
}

/// What the teacher asks of the sign-in and the pickers.
#[derive(Clone, Debug, PartialEq)]
pub enum PlaceCommand {
    SignIn,
    SignOut,
    /// Open the folder picker where the chosen folder is (or at the top level).
    BrowseFolders,
    /// Show this folder's subfolders.
    OpenFolder(Named),
    /// Back up the breadcrumb to this many folders (0: the top level).
    Crumb(usize),
    Search(String),
    /// Leave a search for the folder it started from.
    ClearSearch,
    ChooseFolder(Named),
    /// "Add to an existing session": the chosen folder's sessions.
    BrowseSessions,
    ChooseSession(Named),
    /// Back to new sessions (forget the chosen session).
    NewSessions,
    ClosePicker,
}
