//! Where uploads go: a folder (new sessions) or a session (one more stream of it), fixed by
//! the page's attributes or chosen by the teacher in the picker, which browses Panopto's
//! REST API v1. Each listing is read by the shell ([`Lookup::List`]); one that answers
//! after the teacher moved on is dropped (a generation count), so a slow folder never
//! overwrites the one shown.
//!
//! ```text
//!   closed ── browse folders / sessions ──▶ open (Loading) ── listed ──▶ open (Ready | Failed)
//!     ▲                                        │  browse all, open folder, crumb, search,
//!     │                                        │  clear search: Loading again, one
//!     │                                        │  generation later
//!     └─────── choose a folder or a session, close, sign out ──────┘
//! ```
//!
//! The folder picker opens on the folders the teacher may create sessions in (API v1's
//! `folders/creator`, searched the same way): a folder without that right would fail only
//! when the upload starts. "Browse all folders" walks the whole tree for the teacher who
//! knows where to go; a folder chosen there is checked ([`Lookup::CheckRights`]) and, if
//! it takes no new sessions, the place says so and nothing starts.

use super::common::{ListingQuery, Said};
use crate::core::panopto_rest::v1::FolderRef;
use crate::engine::error::UploadError;
use crate::engine::panopto_catalog::Listing;
use crate::text::ErrorText;

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
    /// The folder was found to take no new sessions from this teacher.
    pub folder_denied: bool,
}

impl Place {
    pub fn folder_id(&self) -> Option<&str> {
        self.folder.as_ref().map(|f| f.id.as_str())
    }

    pub fn session_id(&self) -> Option<&str> {
        self.session.as_ref().map(|s| s.id.as_str())
    }

    /// Nothing says where uploads go yet.
    pub fn is_unset(&self) -> bool {
        self.folder.is_none() && self.session.is_none()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PickerMode {
    /// The folders the teacher may create sessions in, in one list with their parents.
    Creatable,
    /// The whole tree, folder by folder.
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

    /// What this picker lists.
    pub fn query(&self) -> ListingQuery {
        let folder = self.folder().map(|f| f.id.clone());
        match (self.mode, self.search.clone()) {
            (PickerMode::Creatable, q) => ListingQuery::Creatable(q.unwrap_or_default()),
            (PickerMode::Folders, Some(q)) => ListingQuery::SearchFolders(q),
            (PickerMode::Folders, None) => ListingQuery::Folders(folder),
            (PickerMode::Sessions, Some(q)) => ListingQuery::SearchSessions(q),
            (PickerMode::Sessions, None) => ListingQuery::Sessions(folder),
        }
    }
}

/// What the teacher asks of the sign-in and the pickers.
#[derive(Clone, Debug, PartialEq)]
pub enum PlaceCommand {
    SignIn,
    SignOut,
    /// Stop waiting for the sign-in window's answer.
    CancelSignIn,
    /// Open the folder picker on the folders the teacher may create sessions in.
    BrowseFolders,
    /// The whole tree, where the chosen folder is (or at the top level).
    BrowseAllFolders,
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

/// What the place needs read from Panopto (the page's executor reads it).
#[derive(Clone, Debug, PartialEq)]
pub enum Lookup {
    /// A listing for the picker, the `generation`-th asked for.
    List { generation: u32, query: ListingQuery },
    /// The way down to a folder found by a search.
    FindTrail(Named),
    /// Whether the teacher may create sessions in a folder chosen from the whole tree.
    CheckRights(Named),
}

/// The place, the picker, and what the picker remembers between openings.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Places {
    pub place: Place,
    pub picker: Option<Picker>,
    /// The way down to the chosen folder, where the picker opens next time.
    trail: Vec<Named>,
    /// Counts the picker's listings, so only the latest one's answer is shown.
    generation: u32,
    /// The `folder-id` folder's rights were asked about (once per folder).
    fixed_rights_asked: bool,
}

impl Places {
    /// A teacher's command (sign-in and sign-out are the account's). `can_list`: a
    /// server is configured to read listings from. Returns what the live region says.
    pub fn command(&mut self, command: PlaceCommand, can_list: bool, fx: &mut Vec<Lookup>) -> Option<Said> {
        match command {
            PlaceCommand::SignIn | PlaceCommand::SignOut | PlaceCommand::CancelSignIn => {}
            PlaceCommand::BrowseFolders => {
                self.browse(Picker::at(PickerMode::Creatable, self.trail.clone()), can_list, fx);
            }
            PlaceCommand::BrowseAllFolders => self.change_picker(can_list, fx, |p| {
                p.mode = PickerMode::Folders;
                p.search = None;
            }),
            PlaceCommand::OpenFolder(f) => self.change_picker(can_list, fx, |p| {
                p.mode = PickerMode::Folders;
                p.search = None;
                p.trail.push(f);
            }),
            PlaceCommand::Crumb(n) => self.change_picker(can_list, fx, |p| {
                p.mode = PickerMode::Folders;
                p.search = None;
                p.trail.truncate(n);
            }),
            PlaceCommand::Search(q) => {
                let q = q.trim().to_string();
                self.change_picker(can_list, fx, |p| p.search = Some(q).filter(|q| !q.is_empty()));
            }
            PlaceCommand::ClearSearch => self.change_picker(can_list, fx, |p| p.search = None),
            PlaceCommand::ChooseFolder(f) => return Some(self.choose_folder(f, fx)),
            PlaceCommand::BrowseSessions => {
                let folder = self.place.folder.clone()?;
                let mut trail = self.trail.clone();
                if trail.last().is_none_or(|t| !t.id.eq_ignore_ascii_case(&folder.id)) {
                    trail = vec![folder];
                }
                self.browse(Picker::at(PickerMode::Sessions, trail), can_list, fx);
            }
            PlaceCommand::ChooseSession(s) => {
                let said = Said::AddingTo(s.name.clone());
                self.place.session = Some(s);
                self.picker = None;
                return Some(said);
            }
            PlaceCommand::NewSessions => self.place.session = None,
            PlaceCommand::ClosePicker => self.picker = None,
        }
        None
    }

    /// The attributes' folder and session (fixed: the teacher cannot change them); a chosen
    /// one stays until an attribute names one.
    pub fn sync(&mut self, folder_id: Option<&String>, session_id: Option<&String>) {
        let named = |id: Option<&String>| id.map(|id| Named { id: id.clone(), name: id.clone() });
        let same = |a: &Option<Named>, b: Option<&String>| a.as_ref().map(|x| &x.id) == b;
        let p = &mut self.place;
        if p.folder_fixed || folder_id.is_some() {
            if !same(&p.folder, folder_id) {
                p.folder = named(folder_id);
                p.folder_denied = false;
                self.fixed_rights_asked = false;
            }
            p.folder_fixed = folder_id.is_some();
        }
        if p.session_fixed || session_id.is_some() {
            if !same(&p.session, session_id) {
                p.session = named(session_id);
            }
            p.session_fixed = session_id.is_some();
        }
    }

    /// A fixed session still shown by its ID (its name not read yet).
    pub fn unnamed_session(&self) -> Option<String> {
        self.place.session.as_ref().filter(|s| s.name == s.id).map(|s| s.id.clone())
    }

    /// Signed out: the choices made with the teacher's sign-in are forgotten.
    pub fn forget_choices(&mut self) {
        self.picker = None;
        if !self.place.folder_fixed {
            self.place.folder = None;
            self.place.folder_denied = false;
        }
        if !self.place.session_fixed {
            self.place.session = None;
        }
    }

    /// A listing's answer, shown if it is the latest one asked for.
    pub fn listed(&mut self, generation: u32, result: Result<Listing<Entry>, UploadError>) {
        if generation != self.generation {
            return;
        }
        if let Some(p) = self.picker.as_mut() {
            p.load = match result {
                Ok(Listing { items, truncated }) => Load::Ready { entries: items, truncated },
                Err(e) => Load::Failed(*e.message),
            };
        }
    }

    /// The `folder-id` folder, the first time its rights can be asked about (a token at
    /// hand): only the creator list says whether the teacher may create sessions there, and
    /// a page that fixes a folder should hear before an upload starts, not after.
    pub fn ask_fixed_rights(&mut self) -> Option<Lookup> {
        let folder = self.place.folder.as_ref().filter(|_| self.place.folder_fixed && !self.fixed_rights_asked)?;
        self.fixed_rights_asked = true;
        Some(Lookup::CheckRights(folder.clone()))
    }

    /// What the check of a folder's rights found, if it is still the chosen one (with its
    /// name, when it was known by its ID only).
    pub fn rights_found(&mut self, folder_id: &str, may_create: bool, name: Option<String>) {
        if let Some(folder) = self.place.folder.as_mut().filter(|f| f.id.eq_ignore_ascii_case(folder_id)) {
            if let Some(name) = name {
                folder.name = name;
            }
            self.place.folder_denied = !may_create;
        }
    }

    /// The way down to a folder found by a search, if it is still the chosen one.
    pub fn trail_found(&mut self, folder_id: &str, trail: Vec<Named>) {
        if self.place.folder.as_ref().is_some_and(|f| f.id == folder_id) {
            self.trail = trail;
        }
    }

    pub fn session_named(&mut self, found: Named) {
        if let Some(s) = self.place.session.as_mut().filter(|s| s.id.eq_ignore_ascii_case(&found.id)) {
            s.name = found.name;
        }
    }

    fn choose_folder(&mut self, folder: Named, fx: &mut Vec<Lookup>) -> Said {
        let picker = self.picker.take();
        let mode = picker.as_ref().map(|p| p.mode);
        let from_browsing = mode == Some(PickerMode::Folders) && picker.as_ref().is_some_and(|p| p.search.is_none());
        // Only the creator list says a folder takes new sessions.
        if mode != Some(PickerMode::Creatable) {
            fx.push(Lookup::CheckRights(folder.clone()));
        }
        let trail = picker.map(|p| p.trail).unwrap_or_default();
        let at = trail.iter().position(|t| t.id.eq_ignore_ascii_case(&folder.id));
        self.trail = match (from_browsing, at) {
            (true, Some(i)) => trail[..=i].to_vec(),
            (true, None) => [trail, vec![folder.clone()]].concat(),
            // Found by a search: where it sits is learnt from its parents.
            (false, _) => {
                fx.push(Lookup::FindTrail(folder.clone()));
                vec![folder.clone()]
            }
        };
        let said = Said::UploadTo(folder.name.clone());
        self.place.folder = Some(folder);
        self.place.session = None;
        self.place.folder_denied = false;
        said
    }

    fn browse(&mut self, picker: Picker, can_list: bool, fx: &mut Vec<Lookup>) {
        self.generation += 1;
        let query = picker.query();
        self.picker = Some(Picker { load: Load::Loading, ..picker });
        if can_list {
            fx.push(Lookup::List { generation: self.generation, query });
        }
    }

    fn change_picker(&mut self, can_list: bool, fx: &mut Vec<Lookup>, change: impl FnOnce(&mut Picker)) {
        let Some(mut picker) = self.picker.clone() else { return };
        change(&mut picker);
        self.browse(picker, can_list, fx);
    }
}
