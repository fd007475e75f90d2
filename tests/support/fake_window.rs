//! The sign-in window and the redirect round trip, scripted for the page-level tests: how
//! the window behaves (answers its opener, is cut off by an identity provider's COOP and
//! answers on the channel only, shows Panopto's error page, is blocked), on the tenant's
//! virtual clock. The answer is what the request asked for: a code (the tenant's
//! `good-code`) or an implicit token the tenant issued.
#![allow(dead_code)] // each test file uses part of the harness

use super::fake_tenant::Tenant;
use panopto_uploader::core::uri_encode::parse_query;
use panopto_uploader::engine::ports::AuthWindow;
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;

pub const REDIRECT: &str = "https://lms.example/oauth-callback.html";

#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub enum Script {
    /// Comes back to its opener at once.
    #[default]
    Opener,
    /// Reads closed at once (COOP cut it off); the answer comes on the channel `after_ms`
    /// later.
    ChannelOnly { after_ms: f64 },
    /// Shows Panopto's error page: never an answer. `closed_after_ms`: the teacher closes it.
    ErrorPage { closed_after_ms: Option<f64> },
    /// The popup blocker refuses it.
    Blocked,
}

/// The answer to the authorization request `url`, as the callback page would get it.
pub fn answer_for(tenant: &Tenant, url: &str) -> String {
    let params: BTreeMap<String, String> = parse_query(url.split_once('?').unwrap().1).into_iter().collect();
    let state = &params["state"];
    match params["response_type"].as_str() {
        "code" => format!("{REDIRECT}?code=good-code&state={state}"),
        "token" => {
            assert_eq!(params["scope"], "api", "an implicit request asks for resource scopes only");
            let (token, lifetime_s) = tenant.issue_implicit();
            format!("{REDIRECT}#access_token={token}&token_type=Bearer&expires_in={lifetime_s}&state={state}")
        }
        other => panic!("response_type {other}"),
    }
}

pub struct FakeWindow {
    pub tenant: Tenant,
    pub script: Cell<Script>,
    /// When the current request was opened (virtual ms), and its URL.
    opened: RefCell<Option<(f64, String)>>,
    pub urls: RefCell<Vec<String>>,
    pub closes: Cell<u32>,
}

impl FakeWindow {
    pub fn new(tenant: &Tenant) -> Self {
        FakeWindow {
            tenant: tenant.clone(),
            script: Cell::default(),
            opened: RefCell::default(),
            urls: RefCell::default(),
            closes: Cell::new(0),
        }
    }

    fn since_open(&self) -> Option<f64> {
        self.opened.borrow().as_ref().map(|(at, _)| self.tenant.clock.now.get() - at)
    }
}

impl AuthWindow for FakeWindow {
    fn open(&self, url: &str, state: &str) -> bool {
        assert!(url.contains(&format!("state={state}")), "listens for its own request's answer");
        if self.script.get() == Script::Blocked {
            return false;
        }
        self.urls.borrow_mut().push(url.to_string());
        *self.opened.borrow_mut() = Some((self.tenant.clock.now.get(), url.to_string()));
        true
    }

    fn answer(&self) -> Option<String> {
        let since = self.since_open()?;
        let due = match self.script.get() {
            Script::Opener => true,
            Script::ChannelOnly { after_ms } => since >= after_ms,
            Script::ErrorPage { .. } | Script::Blocked => false,
        };
        if !due {
            return None;
        }
        let (_, url) = self.opened.borrow_mut().take()?;
        Some(answer_for(&self.tenant, &url))
    }

    fn closed(&self) -> bool {
        let Some(since) = self.since_open() else { return true };
        match self.script.get() {
            Script::Opener | Script::Blocked => false,
            Script::ChannelOnly { .. } => true,
            Script::ErrorPage { closed_after_ms } => closed_after_ms.is_some_and(|ms| since >= ms),
        }
    }

    fn close(&self) {
        self.opened.borrow_mut().take();
        self.closes.set(self.closes.get() + 1);
    }
}
