//! Everything the view and the host page see, derived from the page model in one place (as
//! `item/derive.rs` does for one file): each card, the account, the place and the picker,
//! the live region, and the element's own attributes for host CSS.

use super::account::AccountView;
use super::config::Config;
use super::details::Details;
use super::media::{Concern, MediaLine, Preview};
use super::model::Page;
use super::place::{Picker, Place};
use super::signals::{FileId, Said};
use super::unfinished::UnfinishedView;
use crate::engine::error::UploadError;
use crate::engine::flow::Notice;
use crate::engine::progress::Progress;
use crate::item::ItemState;

/// One queued file, as its card shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct CardView {
    pub id: FileId,
    pub name: String,
    pub size: u64,
    pub state: ItemState,
    pub progress: Progress,
    pub details: Details,
    pub notice: Option<Notice>,
    /// What did not come with the upload (a caption Panopto refused), said on the card.
    pub warnings: Vec<UploadError>,
    /// The file still needs Panopto, and the teacher's sign-in has ended (or ends within a
    /// minute): the card offers a new one.
    pub sign_in_again: bool,
    /// The media check's line (`None` while checking, or for a file that is not media).
    pub media: Option<MediaLine>,
    pub preview: Preview,
    /// What is wrong with the file or its attachments, by file name.
    pub concerns: Vec<(String, Concern)>,
    /// It waits for "Upload anyway".
    pub held: bool,
    /// The second video's line.
    pub secondary_media: Option<MediaLine>,
}

/// The `uploading`, `paused`, `complete` and `error` attributes on the element (for host
/// CSS), and whether leaving the page would interrupt bytes in flight.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct HostFlags {
    pub uploading: bool,
    pub paused: bool,
    pub complete: bool,
    pub error: bool,
    pub transferring: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PageView {
    pub config: Config,
    pub cards: Vec<CardView>,
    pub account: AccountView,
    pub place: Place,
    pub picker: Option<Picker>,
    /// Uploads left unfinished before the page loaded, to where this page uploads.
    pub unfinished: Vec<UnfinishedView>,
    /// What the polite live region says.
    pub said: Option<Said>,
    pub host: HostFlags,
}

impl Page {
    pub fn view(&self) -> PageView {
        PageView {
            config: self.config.clone(),
            cards: self.cards(),
            account: self.account.view(!self.queue.entries.is_empty()),
            place: self.places.place.clone(),
            picker: self.places.picker.clone(),
            unfinished: self.unfinished_lines(),
            said: self.said.clone(),
            host: self.host_flags(),
        }
    }

    pub fn cards(&self) -> Vec<CardView> {
        let renewal = self.account.renewal_needed();
        self.queue
            .entries
            .iter()
            .map(|e| CardView {
                id: e.id,
                name: e.file.name.clone(),
                size: e.file.size,
                state: e.item.state().clone(),
                progress: e.shown.clone(),
                details: e.details.clone(),
                notice: e.notice,
                warnings: e.warnings.clone(),
                sign_in_again: renewal && e.item.state().is_running(),
                media: self.checks.line(e.id),
                preview: self.checks.preview(e.id),
                concerns: self.concerns(e),
                held: self.checks.holds(e.id, &e.files()),
                secondary_media: e.details.secondary.as_ref().and_then(|s| self.checks.line(s.file)),
            })
            .collect()
    }

    fn unfinished_lines(&self) -> Vec<UnfinishedView> {
        let Some(unfinished) = &self.unfinished else { return Vec::new() };
        // Where a recording added now would go (the file and its details do not change it).
        let destination = self.planning().plan(0, &Details::new("")).map(|p| p.destination());
        unfinished.view(destination.as_deref())
    }

    fn concerns(&self, e: &super::queue::Entry) -> Vec<(String, Concern)> {
        let files = e.files();
        let name = |f: FileId| {
            let attached = e.details.secondary.iter().chain(e.details.captions.iter().map(|c| &c.file));
            attached.filter(|a| a.file == f).map(|a| a.name.clone()).next().unwrap_or_else(|| e.file.name.clone())
        };
        self.checks.concerns(&files).into_iter().map(|(f, c)| (name(f), c)).collect()
    }

    pub fn host_flags(&self) -> HostFlags {
        let states: Vec<&ItemState> = self.queue.entries.iter().map(|e| e.item.state()).collect();
        HostFlags {
            uploading: states.iter().any(|s| s.is_uploading()),
            paused: states.iter().any(|s| s.is_paused()),
            complete: !states.is_empty() && states.iter().all(|s| matches!(s, ItemState::Complete(_))),
            error: states.iter().any(|s| matches!(s, ItemState::Failed(_))),
            transferring: states.iter().any(|s| s.is_transferring()),
        }
    }
}
