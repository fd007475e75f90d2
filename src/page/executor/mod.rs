//! The executor: the page model (`model.rs`) carried out with any ports. Each input is
//! applied to the model; each effect becomes an engine call in the background (a run, a
//! listing, the sign-in) whose results come back as inputs; then the page is shown again.
//! Nothing here decides: what to do is the model's, how to do it the engine's. The
//! element runs it over the browser's ports; the host tests over fakes and virtual time.
//!
//! - `runs.rs`: a file's runs (start, steer, save, discard) and the lookup of a saved upload;
//! - `kept.rs`: the uploads left unfinished, and the file handles kept beside their records;
//! - `lookups.rs`: the pickers' listings, the trail of a searched folder, a session's name;
//! - `sign_in.rs`: the sign-in window, the redirect round trip, the account's timer.

mod files;
mod kept;
mod lookups;
mod runs;
mod sign_in;

use super::model::Page;
use super::ports::Ports;
use super::signals::{PageEffect, PageInput, TokenUpdate};
use super::views::PageView;
use crate::engine::auth::chain::TokenChain;
use crate::engine::auth::tokens::SignedIn;
use crate::engine::context::EngineContext;
use crate::engine::control::Control;
use crate::engine::ports::Http;
use crate::engine::relayed_http::RelayedHttp;
use crate::engine::retry::{BackoffConfig, SeededRandom};
use files::Runs;
use std::cell::RefCell;
use std::rc::{Rc, Weak};

pub struct Executor {
    page: RefCell<Page>,
    ports: Ports,
    tokens: Rc<TokenChain>,
    runs: Runs,
    /// The sign-in window being waited for (its Cancel).
    signing: RefCell<Option<Control>>,
}

impl Executor {
    pub fn new(ports: Ports, page: Page) -> Rc<Self> {
        let tokens = Rc::new(TokenChain::new(ports.host_tokens.clone(), ports.clock.clone()));
        let signing = RefCell::new(None);
        let me = Rc::new(Executor { page: RefCell::new(page), tokens, runs: Runs::default(), ports, signing });
        let weak: Weak<Executor> = Rc::downgrade(&me);
        me.tokens.on_sign_in_ended(move || {
            if let Some(me) = weak.upgrade() {
                me.input(PageInput::SignInEnded);
            }
        });
        me
    }

    /// Apply `input`, carry out its effects, and show the page. Re-entrant: an effect may
    /// feed inputs back at once (the model's borrow ends before any effect runs).
    // Never inlined: every background task ends in an input, and a copy of the whole page
    // model's transition in each of them weighed kilobytes of wasm apiece.
    #[inline(never)]
    pub fn input(self: &Rc<Self>, input: PageInput) {
        let now = self.ports.clock.now_ms();
        let effects = self.page.borrow_mut().apply(input, now);
        self.ports.shell.trace(&effects);
        for effect in effects {
            self.perform(effect);
        }
        self.ports.shell.render(self.view());
    }

    pub fn view(&self) -> PageView {
        self.page.borrow().view()
    }

    /// A context for engine calls: the ports, a command channel and the retry policy.
    fn context(&self, control: Control) -> EngineContext {
        let mut seed = [0u8; 8];
        self.ports.random.fill(&mut seed);
        let random = SeededRandom::new(u64::from_le_bytes(seed));
        let http: Rc<dyn Http> = match self.page.borrow().relay() {
            Some(relay) => Rc::new(RelayedHttp { inner: self.ports.http.clone(), relay }),
            None => self.ports.http.clone(),
        };
        EngineContext::new(http, self.ports.clock.clone(), control, BackoffConfig::default(), random)
    }

    /// Run `task` in the background with this executor.
    fn spawn<F>(self: &Rc<Self>, task: impl FnOnce(Rc<Self>) -> F)
    where
        F: std::future::Future<Output = ()> + 'static,
    {
        self.ports.shell.spawn(Box::pin(task(self.clone())));
    }

    fn perform(self: &Rc<Self>, effect: PageEffect) {
        match effect {
            PageEffect::Fire(event) => {
                let lang = self.page.borrow().config.lang;
                self.ports.shell.fire(&event, lang);
            }
            PageEffect::StartRun { file, plan, restore } => self.start_run(file, &plan, restore),
            PageEffect::Steer(file, steer) => self.runs.steer(file, steer),
            PageEffect::Checkpoint(file) => {
                self.runs.checkpoint(file);
                self.keep_handle(file);
            }
            PageEffect::Record(file, fate) => self.record(file, fate),
            PageEffect::Discard { file, plan, saved } => self.discard(file, &plan, saved),
            PageEffect::LookForSaved(file) => self.look_for_saved(file),
            PageEffect::ProgressTimer(file, ms) => self.spawn(move |me| async move {
                me.ports.clock.sleep(ms).await;
                me.input(PageInput::ProgressDue(file));
            }),
            PageEffect::Release(files) => {
                files.iter().for_each(|f| self.runs.forget(*f));
                self.ports.shell.release(&files);
            }
            PageEffect::LookForUnfinished => self.look_for_unfinished(),
            PageEffect::Reopen(key) => self.reopen(key),
            PageEffect::CheckMedia(file) => self.check(file, false),
            PageEffect::CheckCaption(file) => self.check(file, true),
            PageEffect::Preview(file) => self.spawn(move |me| async move {
                let thumb = me.ports.shell.preview(file).await;
                me.input(PageInput::Previewed(file, thumb));
            }),
            PageEffect::Tokens(update) => self.tokens(update),
            PageEffect::OpenSignIn => self.open_sign_in(),
            PageEffect::RedirectSignIn => self.redirect_sign_in(),
            PageEffect::CancelSignIn => self.cancel_sign_in(),
            PageEffect::AccountTimer(ms) => self.account_timer(ms),
            PageEffect::List { generation, query } => self.list(generation, query),
            PageEffect::FindTrail(folder) => self.find_trail(folder),
            PageEffect::CheckRights(folder) => self.check_rights(folder),
            PageEffect::NameSession(id) => self.name_session(id),
        }
    }

    fn tokens(self: &Rc<Self>, update: TokenUpdate) {
        match update {
            TokenUpdate::PageToken(token) => self.tokens.set_page_token(token),
            TokenUpdate::Provider(provider) => self.tokens.set_provider(provider),
            // Its own context: refreshes run whatever the uploads are doing.
            TokenUpdate::SignIn(config) => {
                let signed = config.map(|c| Rc::new(SignedIn::new(self.context(Control::new()), c)));
                self.tokens.set_sign_in(signed.clone());
                // The first sign-in offered completes a redirect sign-in the page came back from.
                if let Some(signed) = signed {
                    if let Some((pending, answer)) = self.ports.shell.returned_sign_in() {
                        self.complete_returned(signed, pending, answer);
                    }
                }
            }
            TokenUpdate::SignOut => {
                if let Some(signed) = self.tokens.sign_in() {
                    signed.sign_out();
                }
            }
        }
    }
}
