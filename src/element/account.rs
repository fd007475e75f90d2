//! The teacher's own sign-in (with `client-id`, when the page gives no token): one
//! [`SignedIn`] per server and client ID, the popup sign-in, sign-out, and the
//! [`Account`] the view shows.

use super::run::engine_context;
use super::uploader::Uploader;
use crate::browser::auth_window::PopupAuthWindow;
use crate::browser::web_crypto::WebCrypto;
use crate::engine::auth::sign_in::{sign_in, SignInConfig};
use crate::engine::auth::tokens::SignedIn;
use crate::engine::control::Control;
use crate::ui::config::Protocol;
use crate::ui::i18n::{tp, PlaceMsg};
use crate::ui::place::Account;
use leptos::prelude::*;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/element.js")]
extern "C" {
    /// The callback page shipped beside the entry point.
    #[wasm_bindgen(js_name = defaultRedirectUri)]
    fn default_redirect_uri() -> String;
}

impl Uploader {
    /// The sign-in for the configured server and client ID (a new one, signed out, when
    /// either changed; none without a `client-id`).
    pub fn sync_sign_in(&self) {
        let config = self.config.get_untracked();
        let wanted = match (&config.server, &config.client_id, config.protocol) {
            (Some(server), Some(client_id), Protocol::Panopto) => Some(SignInConfig {
                origin: server.origin().to_string(),
                client_id: client_id.clone(),
                redirect_uri: config.redirect_uri.clone().unwrap_or_else(default_redirect_uri),
            }),
            _ => None,
        };
        let mut state = self.tokens.state.borrow_mut();
        if state.sign_in.as_ref().map(|s| s.config()) != wanted.as_ref() {
            state.sign_in = wanted.map(|c| Rc::new(SignedIn::new(engine_context(Control::new()), c)));
        }
        drop(state);
        self.show_account(None);
    }

    /// Work out what the view shows; `error` from a failed sign-in.
    pub fn show_account(&self, error: Option<crate::text::ErrorText>) {
        let shown = {
            let state = self.tokens.state.borrow();
            match &state.sign_in {
                _ if state.from_host() => Account::Hidden,
                None => Account::Hidden,
                Some(s) if s.is_signed_in() => Account::SignedIn,
                Some(_) => match (self.account.get_untracked(), error) {
                    (_, Some(error)) => Account::SignedOut { error: Some(error) },
                    (Account::SigningIn, None) => Account::SigningIn,
                    (Account::SignedOut { error }, None) => Account::SignedOut { error },
                    _ => Account::SignedOut { error: None },
                },
            }
        };
        if shown != self.account.get_untracked() {
            self.account.set(shown);
        }
    }

    /// "Sign in to Panopto": the popup opens in this click's turn (a popup blocker lets
    /// only those through).
    pub fn sign_in(self: &Rc<Self>) {
        let Some(signed) = self.tokens.state.borrow().sign_in.clone() else { return };
        if self.account.get_untracked() == Account::SigningIn {
            return;
        }
        self.account.set(Account::SigningIn);
        let me = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let config = signed.config().clone();
            let window = PopupAuthWindow::new(config.redirect_uri.clone());
            let ctx = engine_context(Control::new());
            match sign_in(&ctx, &config, &window, &WebCrypto).await {
                Ok(tokens) => {
                    signed.set(tokens);
                    me.account.set(Account::SignedIn);
                    me.announcement.set(tp(me.lang(), PlaceMsg::SignedIn));
                    me.after_sign_in();
                }
                Err(e) => {
                    me.account.set(Account::SignedOut { error: None });
                    me.show_account(Some((*e.message).clone()));
                    me.report_error(JsValue::NULL, &e);
                }
            }
        });
    }

    /// "Sign out": the tokens are forgotten (Panopto's session in the browser is not ours
    /// to end), and so are the choices made with them.
    pub fn sign_out(&self) {
        if let Some(s) = self.tokens.state.borrow().sign_in.clone() {
            s.sign_out();
        }
        self.picker.set(None);
        self.place.update(|p| {
            if !p.folder_fixed {
                p.folder = None;
            }
            if !p.session_fixed {
                p.session = None;
            }
        });
        self.account.set(Account::SignedOut { error: None });
    }
}
