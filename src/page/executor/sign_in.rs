//! The teacher's sign-in, carried out: the popup (opened in the click's turn, waited for,
//! cancellable), the redirect round trip (leave, and complete the answer the page came back
//! with), and the account's timer (a token that ends without renewal is offered a new
//! sign-in a minute before).

use super::Executor;
use crate::core::oauth::token::Tokens;
use crate::engine::auth::sign_in::{finish, request, sign_in, Pending};
use crate::engine::auth::tokens::SignedIn;
use crate::engine::control::Control;
use crate::engine::error::UploadError;
use crate::page::signals::PageInput;
use std::rc::Rc;

/// What the page model hears of a sign-in: when its token ends with no way to renew it.
fn kept(signed: &SignedIn, result: Result<Tokens, UploadError>) -> Result<Option<f64>, UploadError> {
    result.map(|tokens| {
        signed.set(tokens);
        signed.ends_at()
    })
}

impl Executor {
    /// The sign-in window opens now, in the click's turn (a popup blocker lets only those
    /// through): the task's first step, which the browser runs before the click's turn ends.
    pub(super) fn open_sign_in(self: &Rc<Self>) {
        let Some(signed) = self.tokens.sign_in() else { return };
        let control = Control::new();
        *self.signing.borrow_mut() = Some(control.clone());
        self.spawn(move |me| async move {
            let config = signed.config().clone();
            let window = me.ports.shell.auth_window(&config.redirect_uri);
            let ctx = me.context(control);
            let told = me.clone();
            let detached = move || told.input(PageInput::SignInDetached);
            let result = sign_in(&ctx, &config, window.as_ref(), me.ports.random.as_ref(), &detached).await;
            me.signing.borrow_mut().take();
            me.input(PageInput::SignedIn(kept(&signed, result)));
        });
    }

    /// "Cancel" while the window's answer is awaited.
    pub(super) fn cancel_sign_in(&self) {
        if let Some(control) = self.signing.borrow().as_ref() {
            control.cancel();
        }
    }

    /// `sign-in="redirect"`: leave for Panopto. Only a failure comes back as an input; the
    /// page is gone otherwise.
    pub(super) fn redirect_sign_in(self: &Rc<Self>) {
        let Some(signed) = self.tokens.sign_in() else { return };
        let config = signed.config();
        let left = request(config, self.ports.random.as_ref()).and_then(|(pending, url)| {
            match self.ports.shell.redirect_to_sign_in(&url, &pending) {
                true => Ok(()),
                false => Err(crate::engine::auth::sign_in::no_round_trip()),
            }
        });
        if let Err(e) = left {
            self.input(PageInput::SignedIn(Err(e)));
        }
    }

    /// The page came back from a redirect sign-in: complete it with the sign-in the
    /// attributes offer (the answer is checked against the request kept for the trip).
    pub(super) fn complete_returned(self: &Rc<Self>, signed: Rc<SignedIn>, pending: Pending, answer: String) {
        self.spawn(move |me| async move {
            me.input(PageInput::SignInReturned);
            let ctx = me.context(Control::new());
            let result = finish(&ctx, signed.config(), &pending, &answer).await;
            me.input(PageInput::SignedIn(kept(&signed, result)));
        });
    }

    pub(super) fn account_timer(self: &Rc<Self>, ms: u32) {
        self.spawn(move |me| async move {
            me.ports.clock.sleep(ms).await;
            me.input(PageInput::AccountDue);
        });
    }
}
