//! Everything shown about a file that follows from its state, in one place: the public
//! state name, the status line, which controls the card offers, and the host-page flags.
//! The UI and the element read these; they never look at the state's variants themselves.

use super::state::{ItemState, PausedBy, SavedOffer, Stage};
use crate::text::Msg;

/// What the card offers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Controls {
    /// Title, description, second video and captions can be edited.
    pub edit: bool,
    /// The Upload button (labelled Resume when it continues a saved upload).
    pub upload: bool,
    /// "Start over instead" beside the offer to continue a saved upload.
    pub start_over: bool,
    pub pause: bool,
    pub resume: bool,
    pub cancel: bool,
    /// "Upload again", the answer to a duplicate (in place of Upload).
    pub upload_again: bool,
    /// Retry, which resumes the upload where it failed.
    pub retry: bool,
    pub remove: bool,
    /// The progress bar and line.
    pub progress: bool,
}

impl ItemState {
    /// The name in `statechange` events and the card's `data-state`.
    pub fn name(&self) -> &'static str {
        match self {
            ItemState::Ready { .. } => "ready",
            ItemState::Duplicate => "duplicate",
            ItemState::Preparing => "preparing",
            ItemState::Uploading => "uploading",
            ItemState::Finishing => "finishing",
            ItemState::Processing => "processing",
            ItemState::Paused { .. } => "paused",
            ItemState::Elsewhere => "elsewhere",
            ItemState::Cancelling => "cancelling",
            ItemState::Complete(_) => "complete",
            ItemState::Failed(_) => "error",
            ItemState::Cancelled => "cancelled",
        }
    }

    pub fn status_line(&self) -> Msg<'static> {
        match self {
            ItemState::Ready { .. } => Msg::Ready,
            ItemState::Duplicate => Msg::Duplicate,
            ItemState::Preparing => Msg::Preparing,
            ItemState::Uploading => Msg::Uploading,
            ItemState::Finishing => Msg::Finishing,
            ItemState::Processing => Msg::Processing,
            ItemState::Paused { by: PausedBy::Network, .. } => Msg::WaitingForNetwork,
            ItemState::Paused { by: PausedBy::User, .. } => Msg::Paused,
            ItemState::Elsewhere => Msg::Elsewhere,
            ItemState::Cancelling => Msg::Cancelling,
            ItemState::Complete(_) => Msg::Complete,
            ItemState::Failed(_) => Msg::Failed,
            ItemState::Cancelled => Msg::Cancelled,
        }
    }

    /// The Upload button's label.
    pub fn upload_label(&self) -> Msg<'static> {
        match self {
            ItemState::Ready { offer: SavedOffer::Offered { .. } } => Msg::Resume,
            _ => Msg::Upload,
        }
    }

    pub fn controls(&self) -> Controls {
        let none = Controls::default();
        match self {
            ItemState::Ready { offer } => Controls {
                edit: true,
                upload: true,
                start_over: matches!(offer, SavedOffer::Offered { .. }),
                remove: true,
                ..none
            },
            // The details stay editable while the teacher decides.
            ItemState::Duplicate => Controls { edit: true, upload_again: true, remove: true, ..none },
            ItemState::Preparing | ItemState::Uploading | ItemState::Finishing => {
                Controls { pause: true, cancel: true, progress: true, ..none }
            }
            ItemState::Paused { .. } => Controls { resume: true, cancel: true, progress: true, ..none },
            // Nothing runs here to pause; the card can be let go.
            ItemState::Elsewhere => Controls { cancel: true, remove: true, ..none },
            // Panopto is at work, and the clean-up after a cancel cannot be stopped.
            ItemState::Processing | ItemState::Cancelling => none,
            ItemState::Failed(e) => Controls { retry: e.code.retry_helps(), remove: true, ..none },
            ItemState::Complete(_) | ItemState::Cancelled => Controls { remove: true, ..none },
        }
    }

    /// The stage of a running upload (not paused): the inverse of [`Stage::state`].
    pub fn stage(&self) -> Option<Stage> {
        match self {
            ItemState::Preparing => Some(Stage::Preparing),
            ItemState::Uploading => Some(Stage::Uploading),
            ItemState::Finishing => Some(Stage::Finishing),
            ItemState::Processing => Some(Stage::Processing),
            _ => None,
        }
    }

    /// A run is under way (possibly paused) and not being cancelled.
    pub fn is_running(&self) -> bool {
        self.stage().is_some() || matches!(self, ItemState::Paused { .. })
    }

    /// The host's `uploading` attribute: work is going on (not paused).
    pub fn is_uploading(&self) -> bool {
        self.stage().is_some()
    }

    pub fn is_paused(&self) -> bool {
        matches!(self, ItemState::Paused { .. })
    }

    /// Bytes are (or are about to be) on the wire: leaving the page would interrupt them.
    pub fn is_transferring(&self) -> bool {
        matches!(self, ItemState::Preparing | ItemState::Uploading | ItemState::Finishing | ItemState::Paused { .. })
    }
}

impl Stage {
    /// The state of an upload running at this stage.
    pub fn state(self) -> ItemState {
        match self {
            Stage::Preparing => ItemState::Preparing,
            Stage::Uploading => ItemState::Uploading,
            Stage::Finishing => ItemState::Finishing,
            Stage::Processing => ItemState::Processing,
        }
    }
}
