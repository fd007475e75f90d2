//! Signing in (authorization code + PKCE, or the implicit flow, in a popup; no guessing from
//! errors) and the signed-in tokens' lifecycle (refresh before expiry and after a refusal,
//! one refresh at a time, sign-out; an implicit token that ends), against a scripted
//! authorization server and a virtual clock.
#![cfg(not(target_arch = "wasm32"))]

#[path = "support/fake_clock.rs"]
mod fake_clock;

use fake_clock::FakeClock;
use futures_util::future::LocalBoxFuture;
use panopto_uploader::core::oauth::authorize::Flow;
use panopto_uploader::core::oauth::pkce;
use panopto_uploader::core::oauth::token::Tokens;
use panopto_uploader::core::uri_encode::parse_query;
use panopto_uploader::engine::auth::sign_in::{sign_in, SignInConfig};
use panopto_uploader::engine::auth::tokens::SignedIn;
use panopto_uploader::engine::context::EngineContext;
use panopto_uploader::engine::control::{AbortSignal, Control};
use panopto_uploader::engine::error::{ErrorCode, UploadError};
use panopto_uploader::engine::ports::*;
use panopto_uploader::engine::retry::{BackoffConfig, SeededRandom};
use panopto_uploader::ui::i18n::english;
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::rc::Rc;

const ORIGIN: &str = "https://school.example";
const REDIRECT: &str = "https://lms.example/oauth-callback.html";

/// How the popup ends.
enum Ends {
    Blocked,
    /// The callback page hands back this URL.
    Back(String),
    /// It shows an error page and is closed: no answer, ever.
    Closed,
}

type Popup = Box<dyn Fn(&BTreeMap<String, String>) -> Ends>;

/// The authorization server: what the popup comes back with, and the token endpoint.
#[derive(Default)]
struct Server {
    /// How the popup ends, given the authorization URL's parameters.
    popup: RefCell<Option<Popup>>,
    opened: RefCell<Vec<String>>,
    closed: Cell<u32>,
    /// The token endpoint's requests (form bodies) and its scripted answers, in order.
    token_requests: RefCell<Vec<BTreeMap<String, String>>>,
    token_answers: RefCell<Vec<(u16, String)>>,
    /// The challenge the last code-flow authorization request carried.
    challenge: RefCell<Option<String>>,
    /// How the open window ends.
    ends: RefCell<Option<Ends>>,
}

#[derive(Clone, Default)]
struct Fake(Rc<Server>);

impl AuthWindow for Fake {
    fn open(&self, url: &str, _state: &str) -> bool {
        self.0.opened.borrow_mut().push(url.to_string());
        let params: BTreeMap<String, String> = parse_query(url.split_once('?').unwrap().1).into_iter().collect();
        *self.0.challenge.borrow_mut() = params.get("code_challenge").cloned();
        let ends = (self.0.popup.borrow().as_ref().expect("a popup script"))(&params);
        let blocked = matches!(ends, Ends::Blocked);
        *self.0.ends.borrow_mut() = Some(ends);
        !blocked
    }
    fn answer(&self) -> Option<String> {
        let mut ends = self.0.ends.borrow_mut();
        match ends.take() {
            Some(Ends::Back(url)) => Some(url),
            other => {
                *ends = other;
                None
            }
        }
    }
    fn closed(&self) -> bool {
        matches!(*self.0.ends.borrow(), Some(Ends::Closed))
    }
    fn close(&self) {
        self.0.closed.set(self.0.closed.get() + 1);
    }
}

impl Http for Fake {
    fn send<'a>(&'a self, req: HttpRequest, _: &'a AbortSignal) -> LocalBoxFuture<'a, Result<HttpResponse, HttpError>> {
        assert_eq!(req.url, format!("{ORIGIN}/Panopto/oauth2/connect/token"));
        let HttpBody::Bytes(body) = &req.body else { panic!("a form body") };
        let form: BTreeMap<String, String> = parse_query(std::str::from_utf8(body).unwrap()).into_iter().collect();
        assert!(!form.contains_key("client_secret"), "a page is a public client");
        self.0.token_requests.borrow_mut().push(form);
        let (status, body) = self.0.token_answers.borrow_mut().remove(0);
        Box::pin(async move { Ok(HttpResponse { status, headers: vec![], body }) })
    }
}

struct Bytes(u8);
impl SecureRandom for Bytes {
    fn fill(&self, buf: &mut [u8]) {
        buf.iter_mut().enumerate().for_each(|(i, b)| *b = self.0.wrapping_add(i as u8));
    }
}

fn config() -> SignInConfig {
    SignInConfig {
        origin: ORIGIN.into(),
        client_id: "lms-page".into(),
        redirect_uri: REDIRECT.into(),
        flow: Flow::Code,
    }
}

fn context(fake: &Fake, clock: &FakeClock) -> EngineContext {
    let backoff = BackoffConfig::default();
    EngineContext::new(Rc::new(fake.clone()), Rc::new(clock.clone()), Control::new(), backoff, SeededRandom::new(1))
}

fn tokens(access: &str, refresh: Option<&str>, expires_in: u64) -> String {
    let mut v = serde_json::json!({"access_token": access, "token_type": "Bearer", "expires_in": expires_in});
    if let Some(r) = refresh {
        v["refresh_token"] = r.into();
    }
    v.to_string()
}

fn run_sign_in_with(fake: &Fake, config: SignInConfig) -> Result<Tokens, UploadError> {
    let clock = FakeClock::default();
    let ctx = context(fake, &clock);
    let f = fake.clone();
    clock.block_on(async move { sign_in(&ctx, &config, &f, &Bytes(9), &|| {}).await })
}

fn run_sign_in(fake: &Fake) -> Result<Tokens, UploadError> {
    run_sign_in_with(fake, config())
}

fn answer_code(params: &BTreeMap<String, String>) -> Ends {
    Ends::Back(format!("{REDIRECT}?code=the-code&state={}", params["state"]))
}

#[test]
fn code_flow_with_pkce_s256_and_the_state_checked() {
    let fake = Fake::default();
    *fake.0.popup.borrow_mut() = Some(Box::new(answer_code));
    fake.0.token_answers.borrow_mut().push((200, tokens("at-1", Some("rt-1"), 3600)));
    let t = run_sign_in(&fake).unwrap();
    assert_eq!((t.access_token.as_str(), t.refresh_token.as_deref(), t.expires_in), ("at-1", Some("rt-1"), Some(3600)));
    let url = fake.0.opened.borrow()[0].clone();
    assert!(
        url.starts_with(&format!("{ORIGIN}/Panopto/oauth2/connect/authorize?response_type=code&client_id=lms-page"))
    );
    assert!(url.contains("scope=openid%20api%20offline_access") && url.contains("code_challenge_method=S256"), "{url}");
    let form = fake.0.token_requests.borrow()[0].clone();
    assert_eq!(form["grant_type"], "authorization_code");
    assert_eq!(form["code"], "the-code");
    assert_eq!(form["redirect_uri"], REDIRECT);
    assert_eq!(form["client_id"], "lms-page");
    assert_eq!(
        pkce::challenge(&form["code_verifier"]),
        fake.0.challenge.borrow().clone().unwrap(),
        "the verifier answers the challenge"
    );
    assert_eq!(fake.0.closed.get(), 1, "the popup is closed");
}

#[test]
fn each_failure_says_what_happened() {
    type Script = fn(&BTreeMap<String, String>) -> Ends;
    let cases: Vec<(Script, &str)> = vec![
        (|_| Ends::Blocked, "blocked the sign-in window"),
        (
            |_| Ends::Closed,
            "`lms-page` takes authorization codes with PKCE and no secret, with the redirect URL \
             `https://lms.example/oauth-callback.html` (this page asks as oauth-flow=\"code\")",
        ),
        (|p| Ends::Back(format!("{REDIRECT}?error=access_denied&state={}", p["state"])), "did not allow"),
        (
            |p| Ends::Back(format!("{REDIRECT}?error=unauthorized_client&state={}", p["state"])),
            "does not accept the client ID `lms-page`",
        ),
        (|_| Ends::Back(format!("{REDIRECT}?code=c&state=someone-elses")), "state mismatch"),
        (|_| Ends::Back(REDIRECT.to_string()), "without an answer"),
    ];
    for (popup, expected) in cases {
        let fake = Fake::default();
        *fake.0.popup.borrow_mut() = Some(Box::new(popup));
        let e = run_sign_in(&fake).unwrap_err();
        assert_eq!(e.code, ErrorCode::SignIn);
        assert!(english(&e.message).contains(expected), "{expected}: {}", english(&e.message));
        assert!(fake.0.token_requests.borrow().is_empty(), "no exchange after {expected}");
        let opened = !expected.contains("blocked");
        assert_eq!(fake.0.closed.get(), u32::from(opened), "the window is closed when it was opened");
    }
    // A failed exchange (the code expired, or was already used).
    let fake = Fake::default();
    *fake.0.popup.borrow_mut() = Some(Box::new(answer_code));
    let refusal = r#"{"error":"invalid_grant","error_description":"code expired"}"#;
    fake.0.token_answers.borrow_mut().push((400, refusal.into()));
    let e = run_sign_in(&fake).unwrap_err();
    assert_eq!(e.code, ErrorCode::SignIn);
    assert!(english(&e.message).contains("invalid_grant (code expired)"), "{}", english(&e.message));
    // A client that wants its secret (a Server-side Web Application): what to create instead.
    let fake = Fake::default();
    *fake.0.popup.borrow_mut() = Some(Box::new(answer_code));
    fake.0.token_answers.borrow_mut().push((401, r#"{"error":"invalid_client"}"#.into()));
    let e = english(&run_sign_in(&fake).unwrap_err().message);
    assert!(
        e.contains("`lms-page` (invalid_client): it wants a secret") && e.contains("oauth-flow=\"implicit\""),
        "{e}"
    );
}

#[test]
fn the_implicit_flow_asks_for_api_only_and_guesses_nothing_from_errors() {
    let fake = Fake::default();
    *fake.0.popup.borrow_mut() = Some(Box::new(|p| {
        Ends::Back(format!(
            "{REDIRECT}#access_token=implicit-at&token_type=Bearer&expires_in=3600&state={}",
            p["state"]
        ))
    }));
    let implicit = SignInConfig { flow: Flow::Implicit, ..config() };
    let t = run_sign_in_with(&fake, implicit.clone()).unwrap();
    assert_eq!((t.access_token.as_str(), t.refresh_token.as_deref(), t.expires_in), ("implicit-at", None, Some(3600)));
    let url = fake.0.opened.borrow()[0].clone();
    assert!(url.contains("response_type=token&") && url.contains("&scope=api&state="), "no openid: {url}");
    assert!(!url.contains("code_challenge"), "{url}");
    assert!(fake.0.token_requests.borrow().is_empty());

    // An error answer is said as it is: no second request in another flow.
    let fake = Fake::default();
    *fake.0.popup.borrow_mut() =
        Some(Box::new(|p| Ends::Back(format!("{REDIRECT}#error=unsupported_response_type&state={}", p["state"]))));
    let e = run_sign_in_with(&fake, implicit.clone()).unwrap_err();
    assert!(english(&e.message).contains("does not accept the client ID `lms-page`"), "{}", english(&e.message));
    assert_eq!(fake.0.opened.borrow().len(), 1, "one request, in the flow configured");

    // A code coming back to an implicit request was not asked for: nothing is exchanged.
    let fake = Fake::default();
    *fake.0.popup.borrow_mut() = Some(Box::new(answer_code));
    assert_eq!(run_sign_in_with(&fake, implicit.clone()).unwrap_err().code, ErrorCode::SignIn);
    assert!(fake.0.token_requests.borrow().is_empty());

    // No answer: what to check names the client type for the flow configured.
    let fake = Fake::default();
    *fake.0.popup.borrow_mut() = Some(Box::new(|_| Ends::Closed));
    let e = english(&run_sign_in_with(&fake, implicit).unwrap_err().message);
    assert!(e.contains("`lms-page` is a JavaScript Web Application with the redirect URL"), "{e}");
}

fn signed_in(fake: &Fake, clock: &FakeClock, first: &str, expires_in: u64) -> Rc<SignedIn> {
    let s = Rc::new(SignedIn::new(context(fake, clock), config()));
    s.set(panopto_uploader::core::json::from_str(&tokens(first, Some("rt-1"), expires_in)).unwrap());
    s
}

#[test]
fn tokens_refresh_before_expiry_and_after_a_refusal_once_at_a_time() {
    let fake = Fake::default();
    let clock = FakeClock::default();
    let s = signed_in(&fake, &clock, "at-1", 3600);
    let s2 = s.clone();
    assert_eq!(clock.block_on(async move { s2.token(false).await }).unwrap(), "at-1");
    assert!(fake.0.token_requests.borrow().is_empty(), "no refresh while the token lives");

    // 59.5 minutes later the token has less than a minute left: refreshed first.
    clock.now.set(3_570_000.0);
    fake.0.token_answers.borrow_mut().push((200, tokens("at-2", Some("rt-2"), 3600)));
    let s2 = s.clone();
    assert_eq!(clock.block_on(async move { s2.token(false).await }).unwrap(), "at-2");
    let form = fake.0.token_requests.borrow()[0].clone();
    assert_eq!((form["grant_type"].as_str(), form["refresh_token"].as_str()), ("refresh_token", "rt-1"));

    // A refusal (401) asks for a fresh one; two requests refused together share one
    // refresh (the refresh token rotates: a second use of rt-2 would fail).
    clock.now.set(clock.now.get() + 20_000.0);
    fake.0.token_answers.borrow_mut().push((200, tokens("at-3", Some("rt-3"), 3600)));
    let (a, b) = (s.clone(), s.clone());
    let both = clock.block_on(async move { futures_util::join!(a.token(true), b.token(true)) });
    assert_eq!((both.0.unwrap(), both.1.unwrap()), ("at-3".to_string(), "at-3".to_string()));
    assert_eq!(fake.0.token_requests.borrow().len(), 2, "one refresh for both");
    assert_eq!(fake.0.token_requests.borrow()[1]["refresh_token"], "rt-2", "the rotated refresh token");

    // A refused refresh token ends the sign-in, with a clear message.
    clock.now.set(clock.now.get() + 20_000.0);
    fake.0.token_answers.borrow_mut().push((400, r#"{"error":"invalid_grant"}"#.into()));
    let s2 = s.clone();
    let e = clock.block_on(async move { s2.token(true).await }).unwrap_err();
    assert_eq!(e.code, ErrorCode::Token);
    assert!(english(&e.message).contains("sign in again"), "{}", english(&e.message));
    assert!(!s.is_signed_in());
}

#[test]
fn a_transient_token_endpoint_failure_is_retried_and_sign_out_forgets() {
    let fake = Fake::default();
    let clock = FakeClock::default();
    let s = signed_in(&fake, &clock, "at-1", 30);
    fake.0.token_answers.borrow_mut().push((503, "busy".into()));
    fake.0.token_answers.borrow_mut().push((200, tokens("at-2", None, 3600)));
    let s2 = s.clone();
    assert_eq!(clock.block_on(async move { s2.token(false).await }).unwrap(), "at-2");
    assert_eq!(fake.0.token_requests.borrow().len(), 2);
    s.sign_out();
    assert!(!s.is_signed_in());
    let s2 = s.clone();
    assert_eq!(clock.block_on(async move { s2.optional().await }).unwrap(), None);
    let s2 = s.clone();
    assert_eq!(clock.block_on(async move { s2.token(false).await }).unwrap_err().code, ErrorCode::Token);
    assert!(!format!("{s:?}").contains("at-"), "Debug shows no token");
}

#[test]
fn an_implicit_token_is_used_to_its_last_seconds_then_the_sign_in_has_ended() {
    // The implicit flow gives no refresh token: not renewable (a 403 is not retried with
    // it), used until 5 s before it ends, then the sign-in has ended and requests wait.
    let fake = Fake::default();
    let clock = FakeClock::default();
    let s = Rc::new(SignedIn::new(context(&fake, &clock), config()));
    s.set(panopto_uploader::core::json::from_str(r#"{"access_token":"implicit","expires_in":60}"#).unwrap());
    assert!(!s.renewable() && !s.has_ended());
    let t0 = clock.now.get();
    assert_eq!(s.ends_at(), Some(1_795_379_400_000.0 + t0 + 60_000.0), "the fake clock's epoch, plus a minute");
    clock.now.set(t0 + 54_000.0);
    let s2 = s.clone();
    assert_eq!(clock.block_on(async move { s2.token(false).await }).unwrap(), "implicit", "a minute's token is usable");
    clock.now.set(t0 + 56_000.0);
    let s2 = s.clone();
    assert_eq!(clock.block_on(async move { s2.token(false).await }).unwrap_err().code, ErrorCode::Token, "ended");
    assert!(!s.is_signed_in() && s.has_ended(), "ended, not signed out: requests wait for a new sign-in");
    assert!(fake.0.token_requests.borrow().is_empty(), "nothing to refresh with");
    s.set(panopto_uploader::core::json::from_str(r#"{"access_token":"again","expires_in":60}"#).unwrap());
    assert!(!s.has_ended(), "signed in again");
}

#[test]
fn a_token_without_expiry_or_refresh_token_is_used_until_refused() {
    let fake = Fake::default();
    let clock = FakeClock::default();
    let s = Rc::new(SignedIn::new(context(&fake, &clock), config()));
    s.set(panopto_uploader::core::json::from_str(r#"{"access_token":"implicit"}"#).unwrap());
    clock.now.set(86_400_000.0);
    let s2 = s.clone();
    assert_eq!(clock.block_on(async move { s2.token(false).await }).unwrap(), "implicit");
    let s2 = s.clone();
    let e = clock.block_on(async move { s2.token(true).await }).unwrap_err();
    assert_eq!(e.code, ErrorCode::Token, "no refresh token: sign in again");
    assert!(!s.is_signed_in() && s.has_ended());
}
