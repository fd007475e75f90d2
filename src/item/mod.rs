//! One queued file's lifecycle: the state machine the element drives and the UI reads.
//! Plain Rust, tested on the host; the element carries out its effects in the browser.

pub mod derive;
pub mod duplicate;
pub mod signals;
pub mod state;

pub use derive::Controls;
pub use duplicate::{duplicates, SameFile};
pub use state::{Command, Effect, Input, Item, ItemState, PausedBy, RunFrom, SavedOffer, Stage};
