//! The page model: everything the element knows above one file, and the one transition
//! function [`Page::apply`] from (state, input) to effects. Each concern keeps its own
//! state and rules (`queue.rs`, `account.rs`, `place.rs`); this file routes each input to
//! them and holds what joins them: the configuration (every concern reads it), the start
//! checks (a file needs a usable configuration and a place), and what follows a sign-in.

use super::account::Account;
use super::config::{Config, Protocol};
use super::details::Edit;
use super::media::{Checked, Checks};
use super::place::{Lookup, PlaceCommand, Places};
use super::plan::Planning;
use super::queue::{Ctx, Out, Queue};
use super::signals::{Attributes, FileId, Given, HostEvent, NewFile, PageEffect, PageInput, Said};
use super::unfinished::Unfinished;
use crate::core::relay::Relay;
use crate::core::url_policy::origin_of;
use crate::engine::auth::sign_in::SignInConfig;
use crate::engine::error::{ErrorCode, UploadError};
use crate::item::{Command, Input};
use crate::text::{ErrorText, HostFunction, Problem};

#[derive(Clone, Debug, PartialEq)]
pub struct Page {
    attributes: Attributes,
    create_upload: Given,
    pub config: Config,
    pub account: Account,
    pub places: Places,
    pub queue: Queue,
    /// What the media check found, and what the teacher decided.
    pub checks: Checks,
    /// Uploads left unfinished before the page loaded (`None` until looked for).
    pub unfinished: Option<Unfinished>,
    /// What the polite live region says.
    pub said: Option<Said>,
    online: bool,
    /// The configuration's problems last reported (each set once, as `uploaderror`).
    reported: Vec<Problem>,
}

impl Page {
    /// `default_redirect_uri`: the sign-in callback page shipped beside the element.
    pub fn new(online: bool, default_redirect_uri: String) -> Self {
        let attributes = Attributes { default_redirect_uri, ..Attributes::default() };
        Page {
            config: Config::from_attributes(|n| attributes.get(n), false),
            attributes,
            create_upload: Given::Nothing,
            account: Account::default(),
            places: Places::default(),
            queue: Queue::default(),
            checks: Checks::default(),
            unfinished: None,
            said: None,
            online,
            reported: Vec::new(),
        }
    }

    /// The one transition function (`now_ms`: the clock, for the pace of progress).
    pub fn apply(&mut self, input: PageInput, now_ms: f64) -> Vec<PageEffect> {
        let mut out = Out::default();
        match input {
            PageInput::Attributes(attributes) => {
                let default_redirect_uri = self.attributes.default_redirect_uri.clone();
                self.attributes = Attributes { default_redirect_uri, ..attributes };
                self.reconfigure(&mut out);
                // Once, as the page starts (the attributes come right after construction).
                if self.unfinished.is_none() {
                    self.unfinished = Some(Unfinished::default());
                    out.fx.push(PageEffect::LookForUnfinished);
                }
            }
            PageInput::AccessToken(token) => {
                self.account.page_token(token, &mut out.fx);
                self.look_up_fixed_place(&mut out);
            }
            PageInput::TokenProvider(given) => {
                self.account.provider(given, &mut out.fx);
                self.look_up_fixed_place(&mut out);
            }
            PageInput::CreateUpload(given) => {
                if given == Given::NotAFunction {
                    let text = ErrorText::NotAFunction(HostFunction::CreateUpload);
                    report(&mut out, None, UploadError::new(ErrorCode::InvalidConfig, text));
                }
                self.create_upload = given;
                self.reconfigure(&mut out);
            }
            PageInput::AddFiles { files, refused } => {
                if refused > 0 {
                    report(&mut out, None, UploadError::new(ErrorCode::InvalidFile, ErrorText::NotFiles));
                }
                self.add_files(files, now_ms, &mut out);
            }
            PageInput::Command(id, command) => self.command(id, command, now_ms, &mut out),
            PageInput::All(command) => {
                let ids: Vec<FileId> = self.queue.entries.iter().map(|e| e.id).collect();
                ids.into_iter().for_each(|id| self.command(id, command, now_ms, &mut out));
            }
            PageInput::Edit(id, edit) => {
                match &edit {
                    Edit::Secondary(Some(f)) => out.fx.push(PageEffect::CheckMedia(f.id)),
                    Edit::AddCaption(f) => out.fx.push(PageEffect::CheckCaption(f.id)),
                    _ => {}
                }
                self.queue.edit(id, edit, self.config.lang, &mut out)
            }
            PageInput::Checked(file, checked) => self.checked(file, checked, now_ms, &mut out),
            PageInput::Previewed(file, thumb) => self.checks.previewed(file, thumb),
            PageInput::UploadAnyway(id) => {
                self.checks.accept(id);
                let command = if self.queue.get(id).is_some_and(|e| e.item.state().is_paused()) {
                    Command::Resume
                } else {
                    Command::Start
                };
                self.command(id, command, now_ms, &mut out);
            }
            PageInput::Place(PlaceCommand::SignIn) => self.account.start(!self.queue.entries.is_empty(), &mut out.fx),
            PageInput::Place(PlaceCommand::CancelSignIn) => self.account.cancel(&mut out.fx),
            PageInput::Place(PlaceCommand::SignOut) => {
                self.account.sign_out(&mut out.fx);
                self.places.forget_choices();
            }
            PageInput::Place(command) => {
                let can_list = self.config.server.is_some();
                let mut lookups = Vec::new();
                if let Some(said) = self.places.command(command, can_list, &mut lookups) {
                    out.said = Some(said);
                }
                out.fx.extend(lookups.into_iter().map(lookup));
            }
            PageInput::Network { online } => {
                self.online = online;
                self.for_each_file(Input::Network { online }, now_ms, &mut out);
            }
            PageInput::SavedFound(id, saved) => {
                if let Some(u) = &mut self.unfinished {
                    u.taken(&saved.fingerprint.key());
                }
                let (queue, ctx) = self.split(now_ms);
                queue.saved_found(id, saved, &ctx, &mut out);
                // Reopened from its kept handle: the teacher's one click said continue.
                let offered = self.queue.get(id).is_some_and(|e| e.saved.is_some());
                if self.unfinished.as_mut().is_some_and(|u| u.take_continuing(id)) && offered {
                    self.command(id, Command::Start, now_ms, &mut out);
                }
            }
            PageInput::UnfinishedFound(leftovers) => self.unfinished.get_or_insert_default().found(leftovers),
            PageInput::Continue(key) => {
                if self.unfinished.as_mut().is_some_and(|u| u.continue_upload(&key)) {
                    out.fx.push(PageEffect::Reopen(key));
                }
            }
            PageInput::Reopened(key, result) => {
                let file = self.unfinished.as_mut().and_then(|u| u.reopened(&key, result));
                if let Some(file) = file {
                    self.add_files(vec![file], now_ms, &mut out);
                }
            }
            PageInput::Engine(id, event) => self.file_input(id, Input::Engine(event), now_ms, &mut out),
            PageInput::Finished(id, result) => self.file_input(id, Input::Finished(result), now_ms, &mut out),
            PageInput::ProgressDue(id) => self.queue.progress_due(id, now_ms, &mut out),
            PageInput::SignedIn(result) => {
                if self.account.finished(result, now_ms, &mut out.fx) {
                    out.said = Some(Said::SignedIn);
                    self.after_sign_in(&mut out);
                }
            }
            PageInput::SignInDetached => self.account.detached(),
            PageInput::SignInReturned => self.account.returned(),
            PageInput::AccountDue => self.account.due(now_ms, &mut out.fx),
            PageInput::SignInEnded => self.account.ended(),
            PageInput::Listed { generation, result } => self.places.listed(generation, result),
            PageInput::TrailFound { folder_id, trail } => self.places.trail_found(&folder_id, trail),
            PageInput::RightsFound { folder_id, may_create, name } => {
                self.places.rights_found(&folder_id, may_create, name)
            }
            PageInput::SessionNamed(named) => self.places.session_named(named),
        }
        if out.said.is_some() {
            self.said = out.said;
        }
        for fx in &out.fx {
            if let PageEffect::Release(files) = fx {
                self.checks.forget(files);
            }
        }
        out.fx
    }

    /// Where uploads would go and how.
    pub(super) fn planning(&self) -> Planning<'_> {
        planning(&self.config, &self.places, self.create_upload, &self.attributes)
    }

    /// Where requests to Panopto go instead (the `relay` attribute), resolved against the
    /// document's URL.
    pub fn relay(&self) -> Option<Relay> {
        let server = self.config.server.as_ref()?;
        Relay::new(server.origin(), self.config.relay.as_deref()?, &self.attributes.base_url)
    }

    /// The queue, and what it reads of the rest: where uploads would go and how.
    fn split(&mut self, now_ms: f64) -> (&mut Queue, Ctx<'_>) {
        let planning = planning(&self.config, &self.places, self.create_upload, &self.attributes);
        (&mut self.queue, Ctx { planning, now_ms })
    }

    /// Queue files, check them, and start them if the page says so.
    fn add_files(&mut self, files: Vec<NewFile>, now_ms: f64, out: &mut Out) {
        let online = self.online;
        let (queue, ctx) = self.split(now_ms);
        let added = queue.add(files, online, &ctx, out);
        out.fx.extend(added.iter().map(|id| PageEffect::CheckMedia(*id)));
        if self.config.auto_start {
            added.into_iter().for_each(|id| self.command(id, Command::Start, now_ms, out));
        }
    }

    fn file_input(&mut self, id: FileId, input: Input, now_ms: f64, out: &mut Out) {
        let (queue, ctx) = self.split(now_ms);
        queue.input(id, input, &ctx, out);
    }

    fn for_each_file(&mut self, input: Input, now_ms: f64, out: &mut Out) {
        let ids: Vec<FileId> = self.queue.entries.iter().map(|e| e.id).collect();
        ids.into_iter().for_each(|id| self.file_input(id, input.clone(), now_ms, out));
    }

    /// A teacher's command for one file. Starting needs a usable configuration and, for
    /// Panopto, a place to upload to.
    fn command(&mut self, id: FileId, command: Command, now_ms: f64, out: &mut Out) {
        if command == Command::Start && self.held(id) {
            // The card says what is wrong, and offers "Upload anyway".
            return;
        }
        if command == Command::Start {
            if !self.config.problems.is_empty() {
                let text = ErrorText::NotConfigured(self.config.problems.clone());
                return report(out, None, UploadError::new(ErrorCode::InvalidConfig, text));
            }
            if self.config.protocol == Protocol::Panopto && self.places.place.is_unset() {
                report(out, None, UploadError::new(ErrorCode::InvalidConfig, ErrorText::ChooseFolderFirst));
                out.said = Some(Said::ChooseFolderFirst);
                return;
            }
            let place = &self.places.place;
            if let (Protocol::Panopto, Some(folder), None, true) =
                (self.config.protocol, &place.folder, &place.session, place.folder_denied)
            {
                // Said now, not by Panopto once the upload has started.
                let text = ErrorText::CannotCreateIn(folder.name.clone());
                return report(out, None, UploadError::new(ErrorCode::InvalidConfig, text));
            }
        }
        self.file_input(id, Input::User(command), now_ms, out);
    }

    /// The attributes (or `createUpload`) changed: read them again. Problems are reported
    /// once, when they change.
    fn reconfigure(&mut self, out: &mut Out) {
        let attributes = &self.attributes;
        self.config = Config::from_attributes(|n| attributes.get(n), self.create_upload == Given::Function);
        let config = &self.config;
        let offered = match (&config.server, &config.client_id, config.protocol) {
            (Some(server), Some(client_id), Protocol::Panopto) => Some(SignInConfig {
                origin: server.origin().to_string(),
                client_id: client_id.clone(),
                redirect_uri: config.redirect_uri.clone().unwrap_or_else(|| attributes.default_redirect_uri.clone()),
                flow: config.oauth_flow,
            }),
            _ => None,
        };
        // The callback page hands its answer to its own origin only (postMessage with its
        // origin, a BroadcastChannel, sessionStorage): on another, the teacher would allow
        // access and the page would never hear of it.
        let page_origin = &attributes.page_origin;
        let offered = match offered {
            Some(c) if !page_origin.is_empty() && origin_of(&c.redirect_uri).as_ref() != Some(page_origin) => {
                let problem = Problem::RedirectOtherOrigin { value: c.redirect_uri, page_origin: page_origin.clone() };
                self.config.problems.push(problem);
                None
            }
            offered => offered,
        };
        self.account.offer(offered, self.config.sign_in_redirect, &mut out.fx);
        self.places.sync(self.config.folder_id.as_ref(), self.config.session_id.as_ref());
        self.look_up_fixed_place(out);
        if self.config.problems != self.reported {
            self.reported = self.config.problems.clone();
            if !self.reported.is_empty() {
                let text = ErrorText::Problems(self.reported.clone());
                report(out, None, UploadError::new(ErrorCode::InvalidConfig, text));
            }
        }
    }

    /// The card waits for the teacher's "Upload anyway".
    fn held(&self, card: FileId) -> bool {
        self.queue.get(card).is_some_and(|e| self.checks.holds(card, &e.files()))
    }

    /// A check came back: a video gets its preview; a card with a concern that is already
    /// running (auto-start, a quick click) is paused until the teacher decides.
    fn checked(&mut self, file: FileId, checked: Checked, now_ms: f64, out: &mut Out) {
        if let Checked::Media(report, _) = &checked {
            if report.is_video() {
                out.fx.push(PageEffect::Preview(file));
            }
        }
        self.checks.found(file, checked);
        let card = self.queue.entries.iter().find(|e| e.files().contains(&file)).map(|e| e.id);
        if let Some(card) = card {
            let running = self.queue.get(card).is_some_and(|e| e.item.state().is_uploading());
            if running && self.held(card) {
                self.command(card, Command::Pause, now_ms, out);
            }
        }
    }

    /// Signed in: if nothing says where uploads go, the teacher chooses at once.
    fn after_sign_in(&mut self, out: &mut Out) {
        if self.places.place.is_unset() {
            let can_list = self.config.server.is_some();
            let mut lookups = Vec::new();
            self.places.command(PlaceCommand::BrowseFolders, can_list, &mut lookups);
            out.fx.extend(lookups.into_iter().map(lookup));
        }
        self.look_up_fixed_place(out);
    }

    /// Show the `session-id` session by name, and ask whether the `folder-id` folder takes
    /// the teacher's sessions, when a token is at hand (never asking the page or the
    /// teacher for one just for this).
    fn look_up_fixed_place(&mut self, out: &mut Out) {
        if self.config.server.is_none() || !self.account.token_at_hand() || self.config.protocol != Protocol::Panopto {
            return;
        }
        if let Some(id) = self.places.unnamed_session() {
            out.fx.push(PageEffect::NameSession(id));
        }
        if self.places.place.session.is_none() {
            out.fx.extend(self.places.ask_fixed_rights().map(lookup));
        }
    }
}

/// Where uploads would go and how, from the page's parts (the queue's steps borrow the
/// queue beside them).
fn planning<'a>(
    config: &'a Config,
    places: &'a Places,
    create_upload: Given,
    attributes: &'a Attributes,
) -> Planning<'a> {
    Planning {
        config,
        place: &places.place,
        create_upload: create_upload == Given::Function,
        base_url: &attributes.base_url,
    }
}

/// What the place needs read, as the page's effect.
fn lookup(l: Lookup) -> PageEffect {
    match l {
        Lookup::List { generation, query } => PageEffect::List { generation, query },
        Lookup::FindTrail(folder) => PageEffect::FindTrail(folder),
        Lookup::CheckRights(folder) => PageEffect::CheckRights(folder),
    }
}

/// `uploaderror` (`file`: `None` for a problem of the configuration or of a call).
fn report(out: &mut Out, file: Option<FileId>, error: UploadError) {
    out.fx.push(PageEffect::Fire(HostEvent::UploadError { file, error }));
}
