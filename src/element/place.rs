//! Where uploads go: the fixed folder or session from the attributes, or the teacher's
//! choice in the picker, which browses Panopto's REST API v1 with the element's token.
//! Each listing runs in the background; an answer that arrives after the teacher moved on
//! is dropped (a generation count), so a slow folder never overwrites the one shown.

use super::run::engine_context;
use super::uploader::Uploader;
use crate::core::panopto_rest::v1::{Folder, FolderRef, TOP};
use crate::engine::control::Control;
use crate::engine::error::UploadError;
use crate::engine::panopto_catalog::{breadcrumb, Listing};
use crate::engine::panopto_client::PanoptoClient;
use crate::ui::i18n::{tp, PlaceMsg};
use crate::ui::place::{Entry, Load, Named, Picker, PickerMode, PlaceCommand};
use leptos::prelude::*;
use std::rc::Rc;

impl Uploader {
    pub fn place_command(self: &Rc<Self>, command: PlaceCommand) {
        match command {
            PlaceCommand::SignIn => self.sign_in(),
            PlaceCommand::SignOut => self.sign_out(),
            PlaceCommand::BrowseFolders => self.browse(Picker::at(PickerMode::Folders, self.trail.borrow().clone())),
            PlaceCommand::OpenFolder(f) => self.change_picker(|p| {
                p.mode = PickerMode::Folders;
                p.search = None;
                p.trail.push(f);
            }),
            PlaceCommand::Crumb(n) => self.change_picker(|p| {
                p.mode = PickerMode::Folders;
                p.search = None;
                p.trail.truncate(n);
            }),
            PlaceCommand::Search(q) => {
                let q = q.trim().to_string();
                self.change_picker(|p| p.search = Some(q).filter(|q| !q.is_empty()));
            }
            PlaceCommand::ClearSearch => self.change_picker(|p| p.search = None),
            PlaceCommand::ChooseFolder(f) => self.choose_folder(f),
            PlaceCommand::BrowseSessions => {
                let Some(folder) = self.place.get_untracked().folder else { return };
                let mut trail = self.trail.borrow().clone();
                if trail.last().is_none_or(|t| !t.id.eq_ignore_ascii_case(&folder.id)) {
                    trail = vec![folder];
                }
                self.browse(Picker::at(PickerMode::Sessions, trail));
            }
            PlaceCommand::ChooseSession(s) => {
                self.announcement.set(format!("{}: {}", tp(self.lang(), PlaceMsg::AddingTo), s.name));
                self.place.update(|p| p.session = Some(s));
                self.picker.set(None);
            }
            PlaceCommand::NewSessions => self.place.update(|p| p.session = None),
            PlaceCommand::ClosePicker => self.picker.set(None),
        }
    }

    /// Signed in: if nothing says where uploads go, let the teacher choose at once.
    pub fn after_sign_in(self: &Rc<Self>) {
        let place = self.place.get_untracked();
        if place.folder.is_none() && place.session.is_none() {
            self.place_command(PlaceCommand::BrowseFolders);
        }
        self.name_fixed_session();
    }

    /// The attributes' folder and session (fixed: the teacher cannot change them).
    pub fn sync_place(self: &Rc<Self>) {
        let config = self.config.get_untracked();
        let named = |id: &Option<String>| id.as_ref().map(|id| Named { id: id.clone(), name: id.clone() });
        self.place.update(|p| {
            let same = |a: &Option<Named>, b: &Option<String>| a.as_ref().map(|x| &x.id) == b.as_ref();
            if p.folder_fixed || config.folder_id.is_some() {
                if !same(&p.folder, &config.folder_id) {
                    p.folder = named(&config.folder_id);
                }
                p.folder_fixed = config.folder_id.is_some();
            }
            if p.session_fixed || config.session_id.is_some() {
                if !same(&p.session, &config.session_id) {
                    p.session = named(&config.session_id);
                }
                p.session_fixed = config.session_id.is_some();
            }
        });
        self.name_fixed_session();
    }

    /// Show the `session-id` session by name, when a token is at hand (never asking the
    /// page for one just for this).
    fn name_fixed_session(self: &Rc<Self>) {
        let Some(session) = self.place.get_untracked().session.filter(|s| s.name == s.id) else { return };
        let Some(server) = self.config.get_untracked().server else { return };
        let me = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            if !me.tokens.at_hand() {
                return;
            }
            let ctx = engine_context(Control::new());
            let client = PanoptoClient { ctx: &ctx, server: &server, tokens: &me.tokens };
            if let Ok(found) = client.get_session(&session.id).await {
                me.place.update(|p| {
                    if let Some(s) = p.session.as_mut().filter(|s| s.id.eq_ignore_ascii_case(&found.id)) {
                        s.name = found.name;
                    }
                });
            }
        });
    }

    fn choose_folder(self: &Rc<Self>, folder: Named) {
        let picker = self.picker.get_untracked();
        let from_browsing = picker.as_ref().is_some_and(|p| p.search.is_none());
        let trail = picker.map(|p| p.trail).unwrap_or_default();
        let at = trail.iter().position(|t| t.id.eq_ignore_ascii_case(&folder.id));
        *self.trail.borrow_mut() = match (from_browsing, at) {
            (true, Some(i)) => trail[..=i].to_vec(),
            (true, None) => [trail, vec![folder.clone()]].concat(),
            // Found by a search: where it sits is learnt from its parents.
            (false, _) => {
                self.find_trail(folder.clone());
                vec![folder.clone()]
            }
        };
        self.announcement.set(format!("{}: {}", tp(self.lang(), PlaceMsg::UploadTo), folder.name));
        self.place.update(|p| {
            p.folder = Some(folder);
            p.session = None;
        });
        self.picker.set(None);
    }

    fn find_trail(self: &Rc<Self>, folder: Named) {
        let Some(server) = self.config.get_untracked().server else { return };
        let me = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let ctx = engine_context(Control::new());
            let client = PanoptoClient { ctx: &ctx, server: &server, tokens: &me.tokens };
            let Ok(details) = client.get_folder(&folder.id).await else { return };
            let client = &client;
            if let Ok(trail) = breadcrumb(details, |id| async move { client.get_folder(&id).await }).await {
                let still = me.place.get_untracked().folder.is_some_and(|f| f.id == folder.id);
                if still {
                    *me.trail.borrow_mut() = trail;
                }
            }
        });
    }

    fn browse(self: &Rc<Self>, picker: Picker) {
        self.picker.set(Some(picker));
        self.load_listing();
    }

    fn change_picker(self: &Rc<Self>, change: impl FnOnce(&mut Picker)) {
        let Some(mut picker) = self.picker.get_untracked() else { return };
        change(&mut picker);
        self.browse(picker);
    }

    /// Read what the picker shows now, in the background.
    fn load_listing(self: &Rc<Self>) {
        let Some(picker) = self.picker.get_untracked() else { return };
        let generation = self.picker_generation.get() + 1;
        self.picker_generation.set(generation);
        self.picker.update(|p| {
            if let Some(p) = p {
                p.load = Load::Loading;
            }
        });
        let Some(server) = self.config.get_untracked().server else { return };
        let me = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let ctx = engine_context(Control::new());
            let client = PanoptoClient { ctx: &ctx, server: &server, tokens: &me.tokens };
            let load = match listing(&client, &picker).await {
                Ok(Listing { items, truncated }) => Load::Ready { entries: items, truncated },
                Err(e) => Load::Failed(*e.message),
            };
            if me.picker_generation.get() == generation {
                me.picker.update(|p| {
                    if let Some(p) = p {
                        p.load = load;
                    }
                });
            }
        });
    }
}

async fn listing(client: &PanoptoClient<'_>, picker: &Picker) -> Result<Listing<Entry>, UploadError> {
    let folder_id = picker.folder().map_or(TOP, |f| f.id.as_str());
    let date = |d: Option<String>| d.map(|d| d.chars().take(10).collect::<String>());
    Ok(match (picker.mode, picker.search.as_deref()) {
        (PickerMode::Folders, Some(q)) => folders(client.search_folders(q).await?, true),
        (PickerMode::Folders, None) => folders(client.list_child_folders(folder_id).await?, false),
        (PickerMode::Sessions, search) => {
            let found = match search {
                Some(q) => client.search_sessions(q).await?,
                None => client.list_folder_sessions(folder_id).await?,
            };
            let items = found
                .items
                .into_iter()
                .map(|s| {
                    let detail = match (search, s.folder) {
                        (Some(_), Some(f)) => Some(f.name),
                        _ => date(s.created),
                    };
                    Entry { item: FolderRef { id: s.id, name: s.name }, detail }
                })
                .collect();
            Listing { items, truncated: found.truncated }
        }
    })
}

/// Search results say where each folder is (its parent), as names repeat across courses.
fn folders(found: Listing<Folder>, with_parent: bool) -> Listing<Entry> {
    let items = found
        .items
        .into_iter()
        .map(|f| Entry {
            detail: f.parent.filter(|_| with_parent).map(|p| p.name),
            item: FolderRef { id: f.id, name: f.name },
        })
        .collect();
    Listing { items, truncated: found.truncated }
}
