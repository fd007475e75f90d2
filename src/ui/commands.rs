//! What the view reads and what it may ask for, leptos-use style: a `Copy` bundle of
//! read-only signals ([`UiState`]) and a bundle of commands ([`Commands`]). The view never
//! sees the element's controller; the element builds both and carries the commands out.

use super::config::Config;
use super::model::ItemView;
use super::place::{Account, Picker, Place, PlaceCommand};
use crate::item::Command;
use leptos::prelude::*;
use std::rc::Rc;

/// Something the teacher did in the view.
pub enum UiCommand {
    AddFiles(Vec<web_sys::File>),
    /// Start, pause, resume, cancel, remove or "start over" one file.
    Item(u32, Command),
    SetSecondary(u32, Option<web_sys::File>),
    AddCaption(u32, web_sys::File),
    RemoveCaption {
        item: u32,
        caption: u32,
    },
    /// Sign-in and where uploads go.
    Place(PlaceCommand),
}

#[derive(Clone, Copy)]
pub struct UiState {
    pub config: ReadSignal<Config>,
    pub items: ReadSignal<Vec<ItemView>>,
    /// The polite live region's text.
    pub announcement: ReadSignal<String>,
    pub account: ReadSignal<Account>,
    pub place: ReadSignal<Place>,
    /// The folder or session picker, when open.
    pub picker: ReadSignal<Option<Picker>>,
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

    pub fn item(&self, id: u32, command: Command) {
        self.send(UiCommand::Item(id, command));
    }
}
