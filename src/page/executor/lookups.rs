//! What the place and the account read from Panopto, carried out: a picker's listing
//! (REST API v1, with the page's token chain), the way down to a folder found by a search,
//! whether the teacher may create sessions in a folder, the name of the `session-id`
//! session; and the media check of a file as it is added.

use super::Executor;
use crate::core::panopto_rest::v1::{Folder, FolderRef};
use crate::core::panopto_rest::PanoptoServer;
use crate::engine::control::Control;
use crate::engine::error::UploadError;
use crate::engine::media_check::{check_caption, check_media};
use crate::engine::panopto_catalog::{breadcrumb, Listing};
use crate::engine::panopto_client::PanoptoClient;
use crate::page::media::Checked;
use crate::page::place::{Entry, Named};
use crate::page::signals::{FileId, ListingQuery, PageInput};
use std::rc::Rc;

impl Executor {
    /// The configured server (listings need one).
    fn server(&self) -> Option<PanoptoServer> {
        self.page.borrow().config.server.clone()
    }

    pub(super) fn list(self: &Rc<Self>, generation: u32, query: ListingQuery) {
        let Some(server) = self.server() else { return };
        self.spawn(move |me| async move {
            let ctx = me.context(Control::new());
            let client = PanoptoClient { ctx: &ctx, server: &server, tokens: me.tokens.as_ref() };
            let result = listing(&client, &query).await;
            me.input(PageInput::Listed { generation, result });
        });
    }

    pub(super) fn find_trail(self: &Rc<Self>, folder: Named) {
        let Some(server) = self.server() else { return };
        self.spawn(move |me| async move {
            let ctx = me.context(Control::new());
            let client = &PanoptoClient { ctx: &ctx, server: &server, tokens: me.tokens.as_ref() };
            let Ok(details) = client.get_folder(&folder.id).await else { return };
            if let Ok(trail) = breadcrumb(details, |id| async move { client.get_folder(&id).await }).await {
                me.input(PageInput::TrailFound { folder_id: folder.id, trail });
            }
        });
    }

    /// Whether `folder` is among those the teacher may create sessions in: the creator list
    /// searched by its name (folder names repeat: the ID decides). A folder known by its ID
    /// only (`folder-id`) is read first, for its name. Unknown (a call failed) counts as
    /// allowed: the upload itself will say, as it always could.
    pub(super) fn check_rights(self: &Rc<Self>, folder: Named) {
        let Some(server) = self.server() else { return };
        self.spawn(move |me| async move {
            let ctx = me.context(Control::new());
            let client = PanoptoClient { ctx: &ctx, server: &server, tokens: me.tokens.as_ref() };
            let name = match folder.name == folder.id {
                true => match client.get_folder(&folder.id).await {
                    Ok(details) => Some(details.name),
                    Err(_) => return,
                },
                false => None,
            };
            let Ok(found) = client.creator_folders(name.as_deref().unwrap_or(&folder.name)).await else { return };
            // A listing cut at its page limit may not show the folder: that says nothing.
            let listed = found.items.iter().any(|f| f.id.eq_ignore_ascii_case(&folder.id));
            if listed || !found.truncated {
                me.input(PageInput::RightsFound { folder_id: folder.id, may_create: listed, name });
            }
        });
    }

    pub(super) fn name_session(self: &Rc<Self>, id: String) {
        let Some(server) = self.server() else { return };
        self.spawn(move |me| async move {
            let ctx = me.context(Control::new());
            let client = PanoptoClient { ctx: &ctx, server: &server, tokens: me.tokens.as_ref() };
            if let Ok(found) = client.get_session(&id).await {
                me.input(PageInput::SessionNamed(FolderRef { id: found.id, name: found.name }));
            }
        });
    }

    /// Check a file as a recording (a few MiB read) or as captions (its first lines), in
    /// the background. One task for both: each spawned future is a state machine of its own
    /// in the wasm.
    pub(super) fn check(self: &Rc<Self>, file: FileId, captions: bool) {
        let Some(source) = self.ports.shell.file(file) else { return };
        self.spawn(move |me| async move {
            let checked = if captions {
                Checked::Caption(check_caption(source.as_ref()).await)
            } else {
                let (report, read) = check_media(source.as_ref()).await;
                Checked::Media(report, read)
            };
            me.input(PageInput::Checked(file, checked));
        });
    }
}

/// A picker's listing: folders with where a search found them (names repeat across
/// courses), sessions with their date (or folder, when searched).
async fn listing(client: &PanoptoClient<'_>, query: &ListingQuery) -> Result<Listing<Entry>, UploadError> {
    let top = crate::core::panopto_rest::v1::TOP;
    let date = |d: Option<String>| d.map(|d| d.chars().take(10).collect::<String>());
    let sessions = |found: Listing<crate::core::panopto_rest::v1::Session>, searched: bool| {
        let items = found
            .items
            .into_iter()
            .map(|s| {
                let detail = match (searched, s.folder) {
                    (true, Some(f)) => Some(f.name),
                    _ => date(s.created),
                };
                Entry { item: FolderRef { id: s.id, name: s.name }, detail }
            })
            .collect();
        Listing { items, truncated: found.truncated }
    };
    Ok(match query {
        ListingQuery::Creatable(q) => folders(client.creator_folders(q).await?, true),
        ListingQuery::SearchFolders(q) => folders(client.search_folders(q).await?, true),
        ListingQuery::Folders(id) => folders(client.list_child_folders(id.as_deref().unwrap_or(top)).await?, false),
        ListingQuery::SearchSessions(q) => sessions(client.search_sessions(q).await?, true),
        ListingQuery::Sessions(id) => sessions(client.list_folder_sessions(id.as_deref().unwrap_or(top)).await?, false),
    })
}

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
