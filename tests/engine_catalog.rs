//! The folder and session pickers' calls (REST API v1): every page until an empty
//! `Results`, a cap on endless listings, 429 waited out, a refused token refreshed once,
//! the breadcrumb from `ParentFolder`, and the server's message for a refusal.
#![cfg(not(target_arch = "wasm32"))]

#[path = "support/fake_clock.rs"]
mod fake_clock;

use fake_clock::FakeClock;
use futures_util::future::LocalBoxFuture;
use panopto_uploader::core::panopto_rest::v1::TOP;
use panopto_uploader::core::panopto_rest::PanoptoServer;
use panopto_uploader::engine::context::EngineContext;
use panopto_uploader::engine::control::{AbortSignal, Control};
use panopto_uploader::engine::error::{ErrorCode, UploadError};
use panopto_uploader::engine::panopto_catalog::{breadcrumb, MAX_PAGES};
use panopto_uploader::engine::panopto_client::PanoptoClient;
use panopto_uploader::engine::ports::*;
use panopto_uploader::engine::retry::{BackoffConfig, SeededRandom};
use panopto_uploader::ui::i18n::english;
use serde_json::json;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

const A: &str = "aaaaaaaa-0000-4000-8000-000000000001";
const B: &str = "bbbbbbbb-0000-4000-8000-000000000002";
const C: &str = "cccccccc-0000-4000-8000-000000000003";

type Answer = Box<dyn Fn(&str, &str) -> Option<(u16, String)>>;

/// A v1 server: `answer(path_and_query, bearer)`; every request is logged.
#[derive(Clone)]
struct Api {
    answer: Rc<Answer>,
    seen: Rc<RefCell<Vec<String>>>,
}

impl Http for Api {
    fn send<'a>(&'a self, req: HttpRequest, _: &'a AbortSignal) -> LocalBoxFuture<'a, Result<HttpResponse, HttpError>> {
        let path = req.url.strip_prefix("https://p/Panopto/api/v1/").expect("a v1 call").to_string();
        let auth = req.headers.iter().find(|(n, _)| n == "authorization").unwrap().1.clone();
        self.seen.borrow_mut().push(path.clone());
        let (status, body) = (self.answer)(&path, &auth).unwrap_or((404, r#"{"Message":"no such thing"}"#.into()));
        Box::pin(async move { Ok(HttpResponse { status, headers: vec![], body }) })
    }
}

struct Tokens(Cell<u32>);
impl TokenSource for Tokens {
    fn token(&self, refresh: bool) -> LocalBoxFuture<'_, Result<String, UploadError>> {
        if refresh {
            self.0.set(self.0.get() + 1);
        }
        let t = if self.0.get() > 0 { "fresh" } else { "stale" };
        Box::pin(async move { Ok(t.to_string()) })
    }
    fn optional(&self) -> LocalBoxFuture<'_, Result<Option<String>, UploadError>> {
        Box::pin(async move { self.token(false).await.map(Some) })
    }
}

fn folders(names: &[(&str, &str)]) -> String {
    json!({"Results": names.iter().map(|(id, n)| json!({"Id": id, "Name": n})).collect::<Vec<_>>()}).to_string()
}

/// Run `f` against `answer`; returns its result and the requests made.
fn with_api<T: 'static>(
    answer: impl Fn(&str, &str) -> Option<(u16, String)> + 'static,
    f: impl for<'a> FnOnce(&'a PanoptoClient<'a>) -> LocalBoxFuture<'a, T> + 'static,
) -> (T, Vec<String>, Vec<u32>) {
    let api = Api { answer: Rc::new(Box::new(answer)), seen: Rc::default() };
    let clock = FakeClock::default();
    let ctx = EngineContext::new(
        Rc::new(api.clone()),
        Rc::new(clock.clone()),
        Control::new(),
        BackoffConfig::default(),
        SeededRandom::new(3),
    );
    let r = clock.block_on(async move {
        let server = PanoptoServer::new("https://p").unwrap();
        let tokens = Tokens(Cell::new(0));
        let client = PanoptoClient { ctx: &ctx, server: &server, tokens: &tokens };
        f(&client).await
    });
    let seen = api.seen.borrow().clone();
    let slept = clock.slept.borrow().clone();
    (r, seen, slept)
}

#[test]
fn children_are_read_page_after_page_until_an_empty_one() {
    let (listing, seen, _) = with_api(
        |path, _| {
            let page = path.split("pageNumber=").nth(1)?.split('&').next()?.to_string();
            Some(match page.as_str() {
                "0" => (200, folders(&[(A, "Biology"), (B, "Chemistry")])),
                "1" => (200, folders(&[(C, "Physics")])),
                _ => (200, folders(&[])),
            })
        },
        |c| Box::pin(c.list_child_folders(TOP)),
    );
    let listing = listing.unwrap();
    let names: Vec<&str> = listing.items.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["Biology", "Chemistry", "Physics"]);
    assert!(!listing.truncated);
    assert_eq!(seen.len(), 3);
    assert_eq!(seen[0], format!("folders/{TOP}/children?pageNumber=0&sortField=Name&sortOrder=Asc"));
}

#[test]
fn an_endless_listing_stops_at_the_cap() {
    let (listing, seen, _) = with_api(|_, _| Some((200, folders(&[(A, "Same")]))), |c| Box::pin(c.search_folders("x")));
    let listing = listing.unwrap();
    assert!(listing.truncated);
    assert_eq!(seen.len(), MAX_PAGES as usize);
}

#[test]
fn throttling_is_waited_out_and_a_refused_token_refreshed_once() {
    let calls = Rc::new(Cell::new(0));
    let c2 = calls.clone();
    let (listing, seen, slept) = with_api(
        move |path, auth| {
            c2.set(c2.get() + 1);
            if auth != "Bearer fresh" {
                return Some((401, r#"{"Message":"Authorization has been denied for this request."}"#.into()));
            }
            if c2.get() == 2 {
                return Some((429, r#"{"Message":"Too many requests"}"#.into()));
            }
            Some((200, if path.contains("pageNumber=0") { folders(&[(A, "Week 1")]) } else { folders(&[]) }))
        },
        |c| Box::pin(c.list_folder_sessions(A)),
    );
    assert_eq!(listing.unwrap().items.len(), 1);
    assert_eq!(seen.len(), 4, "401, refreshed 429, retried, last page: {seen:?}");
    assert!(!slept.is_empty(), "waited before retrying the 429");
}

#[test]
fn a_refusal_keeps_the_servers_message() {
    let (r, _, _) = with_api(
        |_, _| Some((403, r#"{"Message":"You do not have access to this folder."}"#.into())),
        |c| Box::pin(c.get_folder(A)),
    );
    let e = r.unwrap_err();
    assert_eq!(e.code, ErrorCode::Forbidden, "a 403 is a permission, not a token's age");
    assert!(english(&e.message).contains("You do not have access to this folder."), "{}", english(&e.message));
    let (r, seen, _) = with_api(|_, _| None, |c| Box::pin(c.get_folder("../etc")));
    assert_eq!(r.unwrap_err().code, ErrorCode::InvalidConfig);
    assert!(seen.is_empty(), "nothing sent for a bad ID");
}

#[test]
fn the_breadcrumb_walks_up_by_parent_folder() {
    let detail = |id: &str, name: &str, parent: Option<(&str, &str)>| {
        json!({"Id": id, "Name": name, "ParentFolder": parent.map(|(i, n)| json!({"Id": i, "Name": n}))}).to_string()
    };
    let (trail, seen, _) = with_api(
        move |path, _| {
            Some((
                200,
                match path {
                    p if p == format!("folders/{C}") => detail(C, "Week 3", Some((B, "EE2001"))),
                    p if p == format!("folders/{B}") => detail(B, "EE2001", Some((A, "Engineering"))),
                    p if p == format!("folders/{A}") => detail(A, "Engineering", None),
                    _ => return None,
                },
            ))
        },
        |c| {
            Box::pin(async move {
                let folder = c.get_folder(C).await?;
                breadcrumb(folder, |id| async move { c.get_folder(&id).await }).await
            })
        },
    );
    let names: Vec<String> = trail.unwrap().into_iter().map(|f| f.name).collect();
    assert_eq!(names, ["Engineering", "EE2001", "Week 3"]);
    assert_eq!(seen.len(), 3);
}
