//! What the view reads and what it may ask for, leptos-use style: a `Copy` bundle of
//! read-only signals ([`UiState`]) holding the page model's derived views, and a bundle of
//! commands ([`Commands`]). The view never sees the page model; the element keeps the
//! signals in step with it and turns the commands into its inputs.

use crate::core::panopto_rest::StreamType;
use crate::item::Command;
use crate::page::account::AccountView;
use crate::page::config::Config;
use crate::page::place::{Picker, Place, PlaceCommand};
use crate::page::signals::{FileId, Said};
use crate::page::unfinished::UnfinishedView;
use crate::page::views::CardView;
use leptos::prelude::*;
use std::rc::Rc;

/// One queued file's card: its id (the list's key) and its view.
#[derive(Clone, Copy)]
pub struct Card {
    pub id: FileId,
    pub view: ReadSignal<CardView>,
}

/// Something the teacher did in the view.
pub enum UiCommand {
    /// Files chosen with the input.
    AddFiles(Vec<web_sys::File>),
    /// Files dropped (the element asks for their handles in the drop's own tick).
    Dropped(web_sys::DataTransfer),
    /// "Choose files": the element opens a picker (this input's where it has no other).
    Choose(web_sys::HtmlInputElement),
    /// "Continue uploading" an upload left unfinished (its record's key).
    Continue(String),
    /// Start, pause, resume, cancel, remove or "start over" one file.
    Item(FileId, Command),
    Edit(FileId, UiEdit),
    /// Sign-in and where uploads go.
    Place(PlaceCommand),
    /// "Upload anyway" on a card with a concern of the media check.
    UploadAnyway(FileId),
}

/// A change to a file's details, as the view makes it (with the browser's files).
pub enum UiEdit {
    Title(String),
    Description(String),
    Secondary(Option<web_sys::File>),
    AddCaption(web_sys::File),
    RemoveCaption(FileId),
    CaptionLanguage(FileId, String),
    StreamType(StreamType),
}

#[derive(Clone, Copy)]
pub struct UiState {
    pub config: ReadSignal<Config>,
    pub cards: ReadSignal<Vec<Card>>,
    /// What the polite live region says.
    pub said: ReadSignal<Option<Said>>,
    pub account: ReadSignal<AccountView>,
    pub place: ReadSignal<Place>,
    /// The folder or session picker, when open.
    pub picker: ReadSignal<Option<Picker>>,
    pub unfinished: ReadSignal<Vec<UnfinishedView>>,
}

/// The commands, shared with every view closure without requiring `Send`.
#[derive(Clone, Copy)]
pub struct Commands(StoredValue<Rc<dyn Fn(UiCommand)>, LocalStorage>);

impl Commands {
    pub fn new(send: impl Fn(UiCommand) + 'static) -> Self {
        Commands(StoredValue::new_local(Rc::new(send)))
    }

    pub fn send(&self, command: UiCommand) {
        // Taken out of the store first: the command may re-render views that read it.
        let send = self.0.get_value();
        send(command);
    }

    pub fn item(&self, id: FileId, command: Command) {
        self.send(UiCommand::Item(id, command));
    }

    pub fn edit(&self, id: FileId, edit: UiEdit) {
        self.send(UiCommand::Edit(id, edit));
    }
}
