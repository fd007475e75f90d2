//! The keys of the card, the drop zone, the live region and the pickers: every string the
//! element shows or announces there, without its words.

/// The drop zone, the file card, its status line and the live region.
#[derive(Clone, Debug, PartialEq)]
pub enum Msg<'a> {
    DropPrompt,
    DropHint,
    DropHintPanda,
    /// The file goes as one request: it cannot resume.
    WholeFileNotice,
    Title,
    Description,
    Secondary,
    Captions,
    CaptionLanguage,
    AddCaption,
    Remove(&'a str),
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
    /// Panda stored the video with this id.
    StoredVideo(&'a str),
    /// percent, loaded, total, bytes per second, eta seconds
    ProgressLine(u32, u64, u64, f64, Option<f64>),
    LeaveWarning,
    ProgressLabel(&'a str),
    NotConfigured(&'a str),
    /// An earlier upload of the same file stopped at this percentage.
    ResumeOffer(u32),
    StartOver,
    /// An upload left unfinished, whose file the browser can read again: (name, percent).
    ContinueUpload(&'a str, u32),
    /// One whose file must be chosen again: (name, percent).
    PickAgain(&'a str, u32),
    /// Reading the kept file again was not allowed.
    ReopenDenied(&'a str),
    /// The kept file is no longer where it was.
    ReopenMoved(&'a str),
    /// The kept file is not the one being uploaded any more.
    ReopenChanged(&'a str),
    WaitingForNetwork,
    /// The status line of a file that is already in the list.
    Duplicate,
    /// What the card of such a file asks.
    DuplicateNotice,
    /// The teacher's answer: upload it a second time.
    UploadAgain,
    /// The status line of a file another tab or window is uploading.
    Elsewhere,
    /// What the card of such a file says.
    ElsewhereNotice,
    /// The teacher's answer to a concern of the media check.
    UploadAnyway,
    /// The browser cannot decode the video (not an error).
    NoPreview,
    /// (file name, what it is: one of the `Kind…` messages in words)
    NotMedia(&'a str, &'a str),
    KindPdf,
    KindZip,
    KindOffice,
    KindOpenDocument,
    KindImage,
    KindText,
    /// A recording without its index (the `moov` box): the recorder died.
    NoIndex(&'a str),
    /// A file that ends inside one of its boxes.
    Truncated(&'a str),
    /// A file whose structure cannot be read.
    Malformed(&'a str),
    /// Not a format the check knows.
    Unrecognised(&'a str),
    /// A caption file that is not SRT, VTT or DFXP.
    NotCaptions(&'a str),
}

/// What the polite live region says about a file (the name is added when it is said).
#[derive(Clone, Debug, PartialEq)]
pub enum Announcement {
    Started,
    /// Every 10 %.
    Milestone(u32),
    Processing,
    Complete,
    Failed(super::error::ErrorText),
    Paused,
    Cancelled,
    /// The same file is already in the list: the card asks what to do.
    Duplicate,
    /// Another tab or window is uploading the file: this one waits for it.
    Elsewhere,
}

/// The sign-in, where uploads go, and the folder and session pickers.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum PlaceMsg<'a> {
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
    Results(&'a str),
    Loading,
    NoFolders,
    NoSessions,
    Truncated,
    Open(&'a str),
    Choose(&'a str),
    ChooseThisFolder,
    Close,
    StreamType,
    PrimaryVideo,
    SecondaryVideo,
    Presentation,
    ChooseFolderFirst,
    /// The chosen folder takes no new sessions from this teacher (its name).
    CannotCreateIn(&'a str),
    /// The folder picker's way from the creator list to the whole tree.
    BrowseAllFolders,
    FinishInWindow,
    SignInAgainToFinish,
    SignInEndsSoon,
    FilesFirst,
    CancelSignIn,
}
