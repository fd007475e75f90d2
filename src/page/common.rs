//! What the page's concerns share: the files it names, what the live region says, and what a
//! picker listing reads. A leaf: every other file of the page may use it.

use crate::text::Announcement;

/// A file the shell holds for the page (a `File` in the browser, bytes in tests): the queued
/// recording, a second video, a caption. The shell names it when it hands it over; the page
/// says when it needs it no more (`PageEffect::Release`).
pub type FileId = u32;

/// A file handed to the page.
#[derive(Clone, Debug, PartialEq)]
pub struct NewFile {
    pub id: FileId,
    pub name: String,
    pub size: u64,
    /// `File.lastModified`.
    pub last_modified_ms: f64,
}

/// What a picker listing reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ListingQuery {
    /// The folders the teacher may create sessions in, narrowed by a search unless blank.
    Creatable(String),
    /// A folder's subfolders (`None`: the top level).
    Folders(Option<String>),
    SearchFolders(String),
    /// A folder's sessions (`None`: the top level).
    Sessions(Option<String>),
    SearchSessions(String),
}

/// What the polite live region says.
#[derive(Clone, Debug, PartialEq)]
pub enum Said {
    /// About a queued file.
    File {
        name: String,
        what: Announcement,
    },
    /// Uploads go to this folder now.
    UploadTo(String),
    /// Files are added to this session now.
    AddingTo(String),
    SignedIn,
    ChooseFolderFirst,
}
