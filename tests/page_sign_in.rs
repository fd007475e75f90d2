//! The teacher's sign-in through the page model and its executor, on the host with a fake
//! tenant, a scripted sign-in window and virtual time: the answer by the opener, by the
//! channel only (the window cut off by an identity provider's COOP), none (the grace period
//! ends, or the teacher cancels, or the window stays on Panopto's error page), a blocked
//! popup; the redirect round trip; an implicit token that ends in the middle of an upload;
//! and 401 against 403 with each source of tokens.
#![cfg(not(target_arch = "wasm32"))]

#[path = "support/engine_run.rs"]
mod engine_run;
#[path = "support/fake_clock.rs"]
mod fake_clock;
#[path = "support/fake_locks.rs"]
mod fake_locks;
#[path = "support/fake_panopto.rs"]
mod fake_panopto;
#[path = "support/fake_tenant.rs"]
mod fake_tenant;
#[path = "support/fake_window.rs"]
mod fake_window;
#[path = "support/page_harness.rs"]
mod page_harness;

use engine_run::MapStore;
use fake_locks::FakeLocks;
use fake_tenant::{Tenant, CS101, ORIGIN};
use fake_window::{answer_for, Script};
use page_harness::Tab;
use panopto_uploader::core::part_plan::MIB;
use panopto_uploader::engine::auth::sign_in::{GRACE_MS, TIMEOUT_MS};
use panopto_uploader::engine::ports::HttpResponse;
use panopto_uploader::item::{Command, ItemState};
use panopto_uploader::page::account::AccountView;
use panopto_uploader::page::place::PlaceCommand;
use panopto_uploader::page::signals::*;
use panopto_uploader::text::ErrorText;
use panopto_uploader::ui::i18n::english;
use std::rc::Rc;

fn open(tenant: &Tenant, extra: &[(&str, &str)]) -> Tab {
    let mut tab = Tab::open(tenant, &Rc::new(MapStore::default()), &FakeLocks::default());
    let mut attributes = vec![("server", ORIGIN), ("client-id", "lms-page"), ("folder-id", CS101)];
    attributes.extend_from_slice(extra);
    tab.attributes(&attributes);
    assert!(tab.view().config.problems.is_empty(), "{:?}", tab.view().config.problems);
    tab
}

fn signed_out_with(tab: &Tab) -> String {
    match tab.view().account {
        AccountView::SignedOut { error: Some(e), .. } => english(&e),
        other => panic!("not signed out with an error: {other:?}"),
    }
}

fn waiting(tab: &Tab) -> Option<String> {
    match tab.view().account {
        AccountView::SigningIn { waiting } => waiting.map(|h| english(&h)),
        _ => None,
    }
}

#[test]
fn the_answer_comes_by_the_opener_with_an_implicit_token_of_the_api_scope_only() {
    let tenant = Tenant::new();
    let mut tab = open(&tenant, &[]);
    assert_eq!(tab.input(PageInput::Place(PlaceCommand::SignIn)), [PageEffect::OpenSignIn]);
    tab.until("signed in", |t| matches!(t.view().account, AccountView::SignedIn { .. }));
    let url = tab.shell.window.urls.borrow()[0].clone();
    assert!(url.contains("response_type=token&") && url.contains("&scope=api&"), "the default flow: {url}");
    assert_eq!(tab.view().account, AccountView::SignedIn { ending: false }, "an hour's token");
    assert_eq!(tab.shell.window.closes.get(), 1, "the window is closed");
    assert_eq!(tenant.count(&["/connect/token"]), 0, "nothing to exchange");
}

#[test]
fn a_window_cut_off_by_coop_is_waited_for_and_its_answer_comes_on_the_channel() {
    let tenant = Tenant::new();
    let mut tab = open(&tenant, &[]);
    tab.shell.window.script.set(Script::ChannelOnly { after_ms: 90_000.0 });
    tab.input(PageInput::Place(PlaceCommand::SignIn));
    tab.until("waiting for the window", |t| waiting(t).is_some());
    let hint = waiting(&tab).unwrap();
    assert!(
        hint.contains("`lms-page` is a JavaScript Web Application with the redirect URL `https://lms.example/oauth-callback.html`"),
        "the card says what to check, should the window show an error: {hint}"
    );
    tab.until("signed in through the channel", |t| matches!(t.view().account, AccountView::SignedIn { .. }));
    assert!(tab.events().iter().all(|e| !e.starts_with("uploaderror")), "no error on the way");
}

#[test]
fn no_answer_ends_in_what_to_check_after_the_grace_period_a_cancel_or_the_time_out() {
    // The window shows Panopto's error page (a flow the client does not allow) and the
    // teacher closes it: after the grace period, the card names what to change.
    let tenant = Tenant::new();
    let mut tab = open(&tenant, &[("oauth-flow", "code")]);
    tab.shell.window.script.set(Script::ErrorPage { closed_after_ms: Some(5_000.0) });
    tab.input(PageInput::Place(PlaceCommand::SignIn));
    let t0 = tenant.clock.now.get();
    tab.until("signed out", |t| matches!(t.view().account, AccountView::SignedOut { .. }));
    let waited = tenant.clock.now.get() - t0;
    assert!((GRACE_MS + 5_000.0..GRACE_MS + 6_000.0).contains(&waited), "{waited}");
    let said = signed_out_with(&tab);
    assert!(said.contains("`lms-page` takes authorization codes with PKCE and no secret"), "{said}");
    assert!(said.contains("create a JavaScript Web Application and set oauth-flow=\"implicit\""), "{said}");
    assert!(tab.events().iter().any(|e| e.starts_with("uploaderror 0 sign-in Panopto did not send")));

    // Cancel while waiting: at once.
    tab.input(PageInput::Place(PlaceCommand::SignIn));
    tab.until("waiting", |t| waiting(t).is_some());
    let fx = tab.input(PageInput::Place(PlaceCommand::CancelSignIn));
    assert_eq!(fx, [PageEffect::CancelSignIn]);
    tab.until("cancelled", |t| matches!(t.view().account, AccountView::SignedOut { .. }));
    assert!(tenant.clock.now.get() - t0 < GRACE_MS + 20_000.0, "cancelled at once");
    assert!(signed_out_with(&tab).contains("PKCE"));

    // The error page left open: the time-out ends the wait.
    tab.shell.window.script.set(Script::ErrorPage { closed_after_ms: None });
    tab.input(PageInput::Place(PlaceCommand::SignIn));
    let t1 = tenant.clock.now.get();
    tab.until("timed out", |t| matches!(t.view().account, AccountView::SignedOut { .. }));
    assert!(tenant.clock.now.get() - t1 >= TIMEOUT_MS);
    assert!(signed_out_with(&tab).contains("PKCE"));

    // A blocked popup says so.
    tab.shell.window.script.set(Script::Blocked);
    tab.input(PageInput::Place(PlaceCommand::SignIn));
    tab.until("blocked", |t| matches!(t.view().account, AccountView::SignedOut { .. }));
    assert!(signed_out_with(&tab).contains("blocked the sign-in window"));
    assert_eq!(tenant.count(&["sessionUpload"]), 0, "nothing created");
}

#[test]
fn the_redirect_sign_in_goes_and_comes_back_and_is_not_offered_over_queued_files() {
    let tenant = Tenant::new();
    let mut tab = open(&tenant, &[("sign-in", "redirect")]);
    let file = tab.shell.file("lecture.mp4", MIB as usize, 1, 1.0);
    let id = file.id;
    tab.input(PageInput::AddFiles { files: vec![file], refused: 0 });
    assert_eq!(tab.view().account, AccountView::SignedOut { error: None, files_first: true });
    assert_eq!(tab.input(PageInput::Place(PlaceCommand::SignIn)), [], "the files would be lost");
    tab.input(PageInput::Command(id, Command::Remove));
    assert_eq!(tab.input(PageInput::Place(PlaceCommand::SignIn)), [PageEffect::RedirectSignIn]);
    let (url, pending) = tab.shell.left.borrow_mut().take().expect("left for Panopto");
    assert!(
        url.contains("response_type=token") && pending.verifier.is_none(),
        "nothing but the state kept: {pending:?}"
    );

    // The page comes back with the answer: signed in, as soon as the sign-in is offered.
    let answer = answer_for(&tenant, &url);
    let mut back = Tab::open(&tenant, &Rc::new(MapStore::default()), &FakeLocks::default());
    *back.shell.returned.borrow_mut() = Some((pending.clone(), answer.clone()));
    back.attributes(&[("server", ORIGIN), ("client-id", "lms-page"), ("folder-id", CS101), ("sign-in", "redirect")]);
    back.until("signed in", |t| matches!(t.view().account, AccountView::SignedIn { .. }));

    // An answer to another request is refused.
    let mut other = Tab::open(&tenant, &Rc::new(MapStore::default()), &FakeLocks::default());
    let forged = panopto_uploader::engine::auth::sign_in::Pending { state: "not-ours".into(), verifier: None };
    *other.shell.returned.borrow_mut() = Some((forged, answer));
    other.attributes(&[("server", ORIGIN), ("client-id", "lms-page"), ("folder-id", CS101), ("sign-in", "redirect")]);
    other.until("refused", |t| matches!(t.view().account, AccountView::SignedOut { .. }));
    assert!(signed_out_with(&other).contains("state mismatch"));
}

#[test]
fn an_implicit_token_that_ends_mid_upload_loses_nothing() {
    let tenant = Tenant::new();
    tenant.state.borrow_mut().implicit_lifetime_s = Some(60);
    tenant.state.borrow_mut().part_ms = 10_000;
    let mut tab = open(&tenant, &[("concurrency", "1")]);
    tab.input(PageInput::Place(PlaceCommand::SignIn));
    tab.until("signed in", |t| matches!(t.view().account, AccountView::SignedIn { .. }));
    assert_eq!(tab.view().account, AccountView::SignedIn { ending: true }, "a minute's token: offered at once");
    let file = tab.shell.file("lecture.mp4", 40 * MIB as usize, 4, 1.0);
    let id = file.id;
    tab.input(PageInput::AddFiles { files: vec![file], refused: 0 });
    tab.input(PageInput::Command(id, Command::Start));
    assert!(tab.card(id).sign_in_again, "the card offers it too");

    // Parts go on after the token has ended; the finish waits for the teacher.
    tab.until("the token ended", |t| matches!(t.view().account, AccountView::SignedOut { .. }));
    assert!(english(&ErrorText::SignInEnded).contains("sign in again"));
    assert_eq!(signed_out_with(&tab), english(&ErrorText::SignInEnded));
    tab.until("all parts sent", |t| t.card(id).progress.loaded == 40 * MIB);
    tab.settle_for(120_000.0);
    assert!(tab.card(id).sign_in_again && tab.card(id).state == ItemState::Finishing, "{:?}", tab.card(id).state);
    assert_eq!(tenant.count(&["PUT", "/Panopto/PublicAPI/REST/sessionUpload/"]), 0, "the finish waits");

    tab.input(PageInput::Place(PlaceCommand::SignIn));
    tab.until("complete", |t| t.state(id) == "complete");
    assert_eq!(tenant.count(&["POST", "/Panopto/PublicAPI/REST/sessionUpload"]), 1, "one session");
    for n in 1..=8 {
        assert_eq!(tenant.count(&["PUT", &format!("/lecture.mp4?partNumber={n}&")]), 1, "part {n} sent once");
    }
    assert!(!tab.card(id).sign_in_again);
}

fn forbidden(method: &str, url: &str) -> Option<HttpResponse> {
    (method == "POST" && url.ends_with("/sessionUpload")).then(|| HttpResponse {
        status: 403,
        headers: vec![],
        body: r#"{"Message":"You do not have permission to create sessions in the folder 'CS101'."}"#.into(),
    })
}

#[test]
fn a_403_is_forbidden_at_once_unless_a_fresh_token_can_be_had_at_once() {
    for source in ["page token", "provider", "sign-in"] {
        let tenant = Tenant::new();
        let mut tab = open(&tenant, &[]);
        let (token, _) = tenant.issue_implicit();
        match source {
            "page token" => drop(tab.input(PageInput::AccessToken(Some(token)))),
            "provider" => {
                *tab.host.token.borrow_mut() = Some(token);
                tab.input(PageInput::TokenProvider(Given::Function));
            }
            _ => {
                tab.input(PageInput::Place(PlaceCommand::SignIn));
                tab.until("signed in", |t| matches!(t.view().account, AccountView::SignedIn { .. }));
            }
        }
        tenant.refuse(forbidden);
        let file = tab.shell.file("lecture.mp4", MIB as usize, 1, 1.0);
        let id = file.id;
        tab.input(PageInput::AddFiles { files: vec![file], refused: 0 });
        let t0 = tenant.clock.now.get();
        tab.input(PageInput::Command(id, Command::Start));
        tab.until("failed", |t| t.state(id) == "error");
        let ItemState::Failed(e) = tab.card(id).state else { unreachable!() };
        assert_eq!(e.code.to_string(), "forbidden", "{source}");
        assert!(english(&e.message).contains("permission to create sessions in the folder 'CS101'"), "{source}");
        assert!(tenant.clock.now.get() - t0 < 5_000.0, "{source}: at once, not after a wait for a token");
        let tries = tenant.count(&["POST", "/Panopto/PublicAPI/REST/sessionUpload"]);
        let (asked, called) = (tab.host.asked.get(), tab.host.called.get());
        match source {
            "provider" => assert_eq!((tries, called), (2, 2), "a fresh token from the provider, once"),
            _ => assert_eq!((tries, asked), (1, 0), "{source}: no tokenneeded, no second try"),
        }
        if source == "sign-in" {
            assert_eq!(tab.view().account, AccountView::SignedIn { ending: false }, "still signed in");
        }
    }
}

#[test]
fn a_401_gets_a_fresh_token_once_then_is_unauthorized() {
    let tenant = Tenant::new();
    let mut tab = open(&tenant, &[]);
    let (token, _) = tenant.issue_implicit();
    *tab.host.token.borrow_mut() = Some(token);
    tab.input(PageInput::TokenProvider(Given::Function));
    tenant.refuse(|method, url| {
        (method == "POST" && url.ends_with("/sessionUpload")).then(|| HttpResponse {
            status: 401,
            headers: vec![],
            body: r#"{"Message":"Authorization has been denied for this request."}"#.into(),
        })
    });
    let file = tab.shell.file("lecture.mp4", MIB as usize, 1, 1.0);
    let id = file.id;
    tab.input(PageInput::AddFiles { files: vec![file], refused: 0 });
    tab.input(PageInput::Command(id, Command::Start));
    tab.until("failed", |t| t.state(id) == "error");
    let ItemState::Failed(e) = tab.card(id).state else { unreachable!() };
    assert_eq!((e.code.to_string().as_str(), tab.host.called.get()), ("unauthorized", 2));
}
