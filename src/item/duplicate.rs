//! When a file added to the queue is one already there, so that adding it twice does not
//! quietly make a second session: the rule the element applies to its queue (it tells each
//! file's state machine with `Input::Duplicate`).

use super::state::ItemState;

/// What tells two added files apart: name, size and last modification.
#[derive(Clone, Debug, PartialEq)]
pub struct SameFile {
    pub name: String,
    pub size: u64,
    pub last_modified_ms: f64,
}

impl SameFile {
    /// The same name and size, modified within the same second. Not to the millisecond:
    /// WebKit rounds `lastModified` to whole seconds, so the same file can come with
    /// `…000` one time and its exact milliseconds another (a drop and a pick, say).
    pub fn is(&self, other: &SameFile) -> bool {
        self.name == other.name
            && self.size == other.size
            && (self.last_modified_ms - other.last_modified_ms).abs() < 1000.0
    }
}

impl ItemState {
    /// The file holds its place in the queue: queued (a duplicate itself included),
    /// uploading or uploaded. A later copy of it is a duplicate; a failed or cancelled one
    /// holds nothing (adding it again is how a teacher may try once more).
    pub fn holds_place(&self) -> bool {
        !matches!(self, ItemState::Failed(_) | ItemState::Cancelling | ItemState::Cancelled)
    }
}

/// For files in the order they were added, with whether each holds its place: whether
/// each is a duplicate (a copy of it ahead holds its place).
pub fn duplicates(files: &[(SameFile, bool)]) -> Vec<bool> {
    files
        .iter()
        .enumerate()
        .map(|(i, (file, _))| files[..i].iter().any(|(ahead, holds)| *holds && ahead.is(file)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn file(name: &str, size: u64, ms: f64) -> SameFile {
        SameFile { name: name.into(), size, last_modified_ms: ms }
    }

    #[test]
    fn the_same_file_is_the_same_name_size_and_second() {
        let a = file("week3.mp4", 100, 1_700_000_000_600.0);
        assert!(a.is(&file("week3.mp4", 100, 1_700_000_000_600.0)));
        assert!(a.is(&file("week3.mp4", 100, 1_700_000_001_000.0)), "WebKit's rounded second");
        assert!(a.is(&file("week3.mp4", 100, 1_700_000_000_000.0)), "or truncated");
        assert!(!a.is(&file("week3.mp4", 100, 1_700_000_002_000.0)), "edited since");
        assert!(!a.is(&file("week3.mp4", 101, 1_700_000_000_600.0)));
        assert!(!a.is(&file("Week3.mp4", 100, 1_700_000_000_600.0)));
    }

    #[test]
    fn a_file_is_a_duplicate_of_a_copy_ahead_that_holds_its_place() {
        let (a, b) = (file("a.mp4", 1, 0.0), file("b.mp4", 1, 0.0));
        let queue = [(a.clone(), true), (b.clone(), true), (a.clone(), true), (a.clone(), true)];
        assert_eq!(duplicates(&queue), [false, false, true, true]);
        // The first copy failed or was cancelled: the second is the one that counts now.
        let queue = [(a.clone(), false), (a.clone(), true), (a.clone(), true)];
        assert_eq!(duplicates(&queue), [false, false, true]);
        let queue = [(a.clone(), false), (a, false)];
        assert_eq!(duplicates(&queue), [false, false]);
    }

    #[test]
    fn queued_uploading_and_uploaded_files_hold_their_place() {
        use crate::engine::error::{ErrorCode, UploadError};
        use crate::engine::flow::{Outcome, SessionOutcome};
        use crate::item::{PausedBy, SavedOffer, Stage};
        let done = SessionOutcome { upload_id: "u".into(), session_id: "s".into(), viewer_url: "v".into() };
        let holding = [
            ItemState::Ready { offer: SavedOffer::None },
            ItemState::Duplicate,
            ItemState::Preparing,
            ItemState::Uploading,
            ItemState::Finishing,
            ItemState::Processing,
            ItemState::Paused { by: PausedBy::User, resume_to: Stage::Uploading },
            ItemState::Complete(Outcome::Session(done)),
        ];
        assert!(holding.iter().all(ItemState::holds_place));
        let failed = ItemState::Failed(UploadError::new(ErrorCode::Network, crate::text::ErrorText::Aborted));
        assert!([failed, ItemState::Cancelling, ItemState::Cancelled].iter().all(|s| !s.holds_place()));
    }
}
