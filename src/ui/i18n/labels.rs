//! The card's, the pickers' and the live region's messages in words: each [`Msg`],
//! [`PlaceMsg`] and [`Announcement`] is a template of the language (`keys.rs`: [`Label`])
//! filled with its arguments; the progress line is put together from three of them.

use super::catalogue::Words;
use super::format::{fill, progress_line};
use super::keys::Label as L;
use crate::text::{Announcement, Msg, PlaceMsg};

impl Words {
    fn say(&self, label: L, args: &[&str]) -> String {
        fill(self.label(label), args)
    }

    pub fn card(&self, msg: Msg) -> String {
        use Msg::*;
        let fixed = match msg {
            Remove(name) => return self.say(L::Remove, &[name]),
            StoredVideo(id) => return self.say(L::StoredVideo, &[id]),
            ProgressLabel(name) => return self.say(L::ProgressLabel, &[name]),
            NotConfigured(why) => return self.say(L::NotConfigured, &[why]),
            ResumeOffer(percent) => return self.say(L::ResumeOffer, &[&percent.to_string()]),
            ContinueUpload(name, percent) => return self.say(L::ContinueUpload, &[name, &percent.to_string()]),
            PickAgain(name, percent) => return self.say(L::PickAgainNotice, &[name, &percent.to_string()]),
            ReopenDenied(name) => return self.say(L::ReopenDeniedNotice, &[name]),
            ReopenMoved(name) => return self.say(L::ReopenMovedNotice, &[name]),
            ReopenChanged(name) => return self.say(L::ReopenChangedNotice, &[name]),
            NotMedia(name, what) => return self.say(L::NotMediaNotice, &[name, what]),
            NoIndex(name) => return self.say(L::NoIndexNotice, &[name]),
            Truncated(name) => return self.say(L::TruncatedNotice, &[name]),
            Malformed(name) => return self.say(L::MalformedNotice, &[name]),
            Unrecognised(name) => return self.say(L::UnrecognisedNotice, &[name]),
            NotCaptions(name) => return self.say(L::NotCaptionsNotice, &[name]),
            ProgressLine(p, loaded, total, rate, eta) => {
                let left = |m: u64, s: u64| match m {
                    0 => self.say(L::LeftSeconds, &[&s.to_string()]),
                    _ => self.say(L::LeftMinutes, &[&m.to_string(), &format!("{s:02}")]),
                };
                return progress_line((p, loaded, total, rate, eta), self.label(L::ProgressOf), left);
            }
            DropPrompt => L::DropPrompt,
            DropHint => L::DropHint,
            DropHintPanda => L::DropHintPanda,
            WholeFileNotice => L::WholeFileNotice,
            Title => L::Title,
            Description => L::Description,
            Secondary => L::Secondary,
            Captions => L::Captions,
            CaptionLanguage => L::CaptionLanguage,
            AddCaption => L::AddCaption,
            RemoveButton => L::RemoveButton,
            Upload => L::Upload,
            Pause => L::Pause,
            Resume => L::Resume,
            Cancel => L::Cancel,
            Retry => L::Retry,
            Ready => L::Ready,
            Preparing => L::Preparing,
            Uploading => L::Uploading,
            Paused => L::Paused,
            Finishing => L::Finishing,
            Processing => L::Processing,
            Complete => L::Complete,
            Failed => L::Failed,
            Cancelling => L::Cancelling,
            Cancelled => L::Cancelled,
            OpenInPanopto => L::OpenInPanopto,
            LeaveWarning => L::LeaveWarning,
            StartOver => L::StartOver,
            WaitingForNetwork => L::WaitingForNetwork,
            Duplicate => L::Duplicate,
            DuplicateNotice => L::DuplicateNotice,
            UploadAgain => L::UploadAgain,
            Elsewhere => L::Elsewhere,
            ElsewhereNotice => L::ElsewhereNotice,
            UploadAnyway => L::UploadAnyway,
            NoPreview => L::NoPreview,
            KindPdf => L::KindPdf,
            KindZip => L::KindZip,
            KindOffice => L::KindOffice,
            KindOpenDocument => L::KindOpenDocument,
            KindImage => L::KindImage,
            KindText => L::KindText,
        };
        self.label(fixed).to_string()
    }

    pub fn place(&self, msg: PlaceMsg) -> String {
        use PlaceMsg::*;
        let fixed = match msg {
            Results(query) => return self.say(L::Results, &[query]),
            Open(name) => return self.say(L::Open, &[name]),
            Choose(name) => return self.say(L::Choose, &[name]),
            CannotCreateIn(name) => return self.say(L::CannotCreateIn, &[name]),
            SignIn => L::SignIn,
            SignOut => L::SignOut,
            SigningIn => L::SigningIn,
            SignedIn => L::SignedIn,
            UploadTo => L::UploadTo,
            AddingTo => L::AddingTo,
            NoFolder => L::NoFolder,
            ChooseFolder => L::ChooseFolder,
            Change => L::Change,
            AddToSession => L::AddToSession,
            NewSessionsInstead => L::NewSessionsInstead,
            FolderPicker => L::FolderPicker,
            SessionPicker => L::SessionPicker,
            TopLevel => L::TopLevel,
            Path => L::Path,
            Search => L::Search,
            SearchFolders => L::SearchFolders,
            SearchSessions => L::SearchSessions,
            ClearSearch => L::ClearSearch,
            Loading => L::Loading,
            NoFolders => L::NoFolders,
            NoSessions => L::NoSessions,
            Truncated => L::Truncated,
            ChooseThisFolder => L::ChooseThisFolder,
            Close => L::Close,
            StreamType => L::StreamType,
            PrimaryVideo => L::PrimaryVideo,
            SecondaryVideo => L::SecondaryVideo,
            Presentation => L::Presentation,
            ChooseFolderFirst => L::ChooseFolderFirst,
            BrowseAllFolders => L::BrowseAllFolders,
            FinishInWindow => L::FinishInWindow,
            SignInAgainToFinish => L::SignInAgainToFinish,
            SignInEndsSoon => L::SignInEndsSoon,
            FilesFirst => L::FilesFirst,
            CancelSignIn => L::Cancel,
        };
        self.label(fixed).to_string()
    }

    /// What the live region says of the file `name` (`detail`: the percentage, or the
    /// error in words).
    pub fn announce(&self, name: &str, a: &Announcement, detail: &str) -> String {
        let label = match a {
            Announcement::Started => L::AnnounceStarted,
            Announcement::Milestone(_) => L::AnnounceMilestone,
            Announcement::Processing => L::AnnounceProcessing,
            Announcement::Complete => L::AnnounceComplete,
            Announcement::Failed(_) => L::AnnounceFailed,
            Announcement::Paused => L::AnnouncePaused,
            Announcement::Cancelled => L::AnnounceCancelled,
            Announcement::Duplicate => L::AnnounceDuplicate,
            Announcement::Elsewhere => L::AnnounceElsewhere,
        };
        self.say(label, &[name, detail])
    }
}
