//! The catalogue's index of templates: one [`Label`] per word or sentence of the card, the
//! pickers and the live region, one [`Key`] per sentence or phrase an error is made of. Each
//! language file gives every one its template ([`templates!`]), whose `{0}`, `{1}`… are
//! filled with the message's arguments (`labels.rs`, `errors.rs`), in the order its comment
//! gives. Templates rather than a `match` of `format!`s per language: as those, six
//! languages times two hundred and fifty texts shipped as many formatting routines and
//! string tables; as templates they are data, two texts per language, and one routine fills
//! them.

/// A language's templates, written beside their keys for whoever translates them, and kept
/// as one text (`$text`), a template a line in key order: tables of string pointers weighed
/// more than the words' own compression saved. A test checks the order (`$order`) and that
/// no template holds a line break.
macro_rules! templates {
    ($text:ident, $order:ident, $keys:ident { $($key:ident => $words:literal,)* }) => {
        pub const $text: &str = concat!($($words, "\n",)*);
        #[cfg(test)]
        pub const $order: &[super::keys::$keys] = &[$(super::keys::$keys::$key,)*];
    };
}

/// The template at `index` (a key's `as usize`) in `templates` (a language's text of them).
pub fn template(templates: &'static str, index: usize) -> &'static str {
    templates.split('\n').nth(index).unwrap_or_default()
}

/// An enum of keys, and its `ALL` listing its variants (so a test can check every template
/// of every language, and a new key cannot be left out of that check).
macro_rules! keys {
    ($(#[$doc:meta])* $name:ident, $($(#[$meta:meta])* $key:ident,)*) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum $name {
            $($(#[$meta])* $key,)*
        }

        impl $name {
            pub const ALL: &[$name] = &[$($name::$key,)*];
        }
    };
}

keys! {
    /// The words of the card, the drop zone, the live region and the pickers.
    Label,
    DropPrompt,
    DropHint,
    DropHintPanda,
    WholeFileNotice,
    Title,
    Description,
    Secondary,
    Captions,
    CaptionLanguage,
    AddCaption,
    /// the name
    Remove,
    RemoveButton,
    Upload,
    Pause,
    Resume,
    Cancel,
    Retry,
    Ready,
    Preparing,
    Uploading,
    Paused,
    Finishing,
    Processing,
    Complete,
    Failed,
    Cancelling,
    Cancelled,
    OpenInPanopto,
    /// the video's id
    StoredVideo,
    /// (between the sizes: `5 MiB of 23 MiB`)
    ProgressOf,
    /// seconds
    LeftSeconds,
    /// minutes, seconds (two digits)
    LeftMinutes,
    LeaveWarning,
    /// the name
    ProgressLabel,
    /// what is wrong
    NotConfigured,
    /// the percentage
    ResumeOffer,
    StartOver,
    /// the file name, the percentage
    ContinueUpload,
    /// the file name, the percentage
    PickAgainNotice,
    /// the file name
    ReopenDeniedNotice,
    /// the file name
    ReopenMovedNotice,
    /// the file name
    ReopenChangedNotice,
    WaitingForNetwork,
    Duplicate,
    DuplicateNotice,
    UploadAgain,
    Elsewhere,
    ElsewhereNotice,
    UploadAnyway,
    NoPreview,
    /// the file name, what it is (a `Kind…`)
    NotMediaNotice,
    KindPdf,
    KindZip,
    KindOffice,
    KindOpenDocument,
    KindImage,
    KindText,
    /// the file name
    NoIndexNotice,
    /// the file name
    TruncatedNotice,
    /// the file name
    MalformedNotice,
    /// the file name
    UnrecognisedNotice,
    /// the file name
    NotCaptionsNotice,
    /// the file name
    AnnounceStarted,
    /// the file name, the percentage
    AnnounceMilestone,
    /// the file name
    AnnounceProcessing,
    /// the file name
    AnnounceComplete,
    /// the file name, the error
    AnnounceFailed,
    /// the file name
    AnnouncePaused,
    /// the file name
    AnnounceCancelled,
    /// the file name
    AnnounceDuplicate,
    /// the file name
    AnnounceElsewhere,
    SignIn,
    SignOut,
    SigningIn,
    SignedIn,
    UploadTo,
    AddingTo,
    NoFolder,
    ChooseFolder,
    Change,
    AddToSession,
    NewSessionsInstead,
    FolderPicker,
    SessionPicker,
    TopLevel,
    Path,
    Search,
    SearchFolders,
    SearchSessions,
    ClearSearch,
    /// the search
    Results,
    Loading,
    NoFolders,
    NoSessions,
    Truncated,
    /// the name
    Open,
    /// the name (empty: the button beside it)
    Choose,
    ChooseThisFolder,
    Close,
    StreamType,
    PrimaryVideo,
    SecondaryVideo,
    Presentation,
    ChooseFolderFirst,
    /// the folder's name
    CannotCreateIn,
    BrowseAllFolders,
    FinishInWindow,
    SignInAgainToFinish,
    SignInEndsSoon,
    FilesFirst,
}

pub use super::error_keys::Key;
