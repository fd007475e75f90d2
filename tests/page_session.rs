//! A whole teacher session through the page model and its executor, on the host with a fake
//! tenant and virtual time: sign in, choose a folder in the picker, add three files (one of
//! them twice), edit titles, add a caption and a second video, start, pause one, cancel one,
//! one fails and is retried after the token expired, then the page is reloaded and the
//! paused one continues from its saved record. Each step asserts what the page did (its
//! effects and DOM events) and what it shows (its views).
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
use fake_tenant::{Tenant, CS, CS101};
use page_harness::Tab;
use panopto_uploader::core::panopto_rest::v1::FolderRef;
use panopto_uploader::core::part_plan::MIB;
use panopto_uploader::engine::ports::HttpResponse;
use panopto_uploader::item::{Command, ItemState, SavedOffer};
use panopto_uploader::page::account::AccountView;
use panopto_uploader::page::details::Edit;
use panopto_uploader::page::place::{Load, PlaceCommand};
use panopto_uploader::page::plan::Target;
use panopto_uploader::page::signals::*;
use panopto_uploader::text::Announcement;
use std::rc::Rc;

fn named(id: &str, name: &str) -> FolderRef {
    FolderRef { id: id.into(), name: name.into() }
}

fn attributes(tab: &mut Tab) {
    tab.attributes(&[
        ("server", fake_tenant::ORIGIN),
        ("client-id", "lms-page"),
        ("oauth-flow", "code"),
        ("concurrency", "1"),
    ]);
}

/// Sign in with the popup; the folder picker opens by itself, and CS101 is chosen in it.
fn sign_in_and_choose_cs101(tab: &mut Tab) {
    assert_eq!(
        tab.view().account,
        AccountView::SignedOut { error: None, files_first: false },
        "the sign-in is offered"
    );
    let fx = tab.input(PageInput::Place(PlaceCommand::SignIn));
    assert_eq!(fx, [PageEffect::OpenSignIn]);
    tab.until("signed in", |t| t.view().account == AccountView::SignedIn { ending: false });
    assert_eq!(tab.view().said, Some(Said::SignedIn));
    let picker = tab.view().picker.expect("nothing says where uploads go: the picker opens");
    // On the folders the teacher may create sessions in, each with where it is.
    let cs101 =
        panopto_uploader::page::place::Entry { item: named(CS101, "CS101"), detail: Some("Computer Science".into()) };
    assert_eq!(picker.load, Load::Ready { entries: vec![cs101], truncated: false });
    // The whole tree, for the teacher who knows where to go.
    tab.input(PageInput::Place(PlaceCommand::BrowseAllFolders));
    tab.until("the top level listed", |t| t.view().picker.is_some_and(|p| matches!(p.load, Load::Ready { .. })));
    let top = tab.view().picker.unwrap().load;
    assert_eq!(top, Load::Ready { entries: vec![entry(CS, "Computer Science")], truncated: false });
    let fx = tab.input(PageInput::Place(PlaceCommand::OpenFolder(named(CS, "Computer Science"))));
    assert!(matches!(&fx[..], [PageEffect::List { query: ListingQuery::Folders(Some(f)), .. }] if f == CS), "{fx:?}");
    tab.until("CS101 listed", |t| t.view().picker.is_some_and(|p| matches!(p.load, Load::Ready { .. })));
    let fx = tab.input(PageInput::Place(PlaceCommand::ChooseFolder(named(CS101, "CS101"))));
    assert_eq!(fx, [PageEffect::CheckRights(named(CS101, "CS101"))], "chosen from the tree: its rights are checked");
    assert!(!tab.view().place.folder_denied, "CS101 is in the creator list");
    let view = tab.view();
    assert_eq!((view.place.folder_id(), view.picker), (Some(CS101), None));
    assert_eq!(view.said, Some(Said::UploadTo("CS101".into())));
}

fn entry(id: &str, name: &str) -> panopto_uploader::page::place::Entry {
    panopto_uploader::page::place::Entry { item: named(id, name), detail: None }
}

fn access_denied(method: &str, url: &str) -> Option<HttpResponse> {
    (method == "PUT" && url.contains("/lecture-a.mp4?partNumber=")).then(|| HttpResponse {
        status: 403,
        headers: vec![],
        body: "<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>".into(),
    })
}

#[test]
fn a_teacher_session_from_sign_in_to_a_reload() {
    let (tenant, store, locks) = (Tenant::new(), Rc::new(MapStore::default()), FakeLocks::default());
    let mut tab = Tab::open(&tenant, &store, &locks);
    attributes(&mut tab);
    assert!(tab.view().config.problems.is_empty());
    sign_in_and_choose_cs101(&mut tab);

    // Three files, the first one twice: the copy waits for the teacher.
    let a = tab.shell.file("lecture-a.mp4", 11 * MIB as usize, 1, 1_000.0);
    let b = tab.shell.file("lecture-b.mp4", 12 * MIB as usize, 2, 2_000.0);
    let c = tab.shell.file("lecture-c.mp4", 16 * MIB as usize, 3, 3_000.0);
    let a2 = tab.shell.file("lecture-a.mp4", 11 * MIB as usize, 1, 1_000.0);
    let (ida, idb, idc, ida2) = (a.id, b.id, c.id, a2.id);
    let fx = tab.input(PageInput::AddFiles { files: vec![a, b, c, a2], refused: 0 });
    let looked: Vec<&PageEffect> = fx.iter().filter(|e| matches!(e, PageEffect::LookForSaved(_))).collect();
    assert_eq!(looked.len(), 4, "each is looked up for an earlier upload: {fx:?}");
    assert_eq!(tab.events(), [format!("statechange {ida2} duplicate")]);
    assert_eq!([ida, idb, idc, ida2].map(|id| tab.state(id)), ["ready", "ready", "ready", "duplicate"]);
    assert!(tab.card(ida2).state.controls().upload_again);

    // The details: a title, a caption and a second video for the first; a title for the second.
    let caption = tab.shell.file("lecture-a.fr.vtt", 300, 9, 0.0);
    let screen = tab.shell.file("screen-a.mp4", 6 * MIB as usize, 8, 0.0);
    let (idcap, idscreen) = (caption.id, screen.id);
    tab.input(PageInput::Edit(ida, Edit::Title("Week 1: Fourier".into())));
    tab.input(PageInput::Edit(ida, Edit::AddCaption(caption)));
    tab.input(PageInput::Edit(ida, Edit::Secondary(Some(screen))));
    tab.input(PageInput::Edit(idb, Edit::Title("Week 2: sampling".into())));
    let details = tab.card(ida).details;
    assert_eq!((details.title.as_str(), details.captions[0].language.as_str()), ("Week 1: Fourier", "fr-FR"));
    assert_eq!(details.secondary.map(|s| s.name), Some("screen-a.mp4".into()));
    assert_eq!(tab.card(idc).details.title, "lecture-c", "the name without its extension");

    // Start everything: each run is planned from the card; the copy is not started.
    tenant.state.borrow_mut().part_ms = 1_000;
    tenant.refuse(access_denied);
    let fx = tab.input(PageInput::All(Command::Start));
    let plans: Vec<(FileId, Target)> = fx
        .iter()
        .filter_map(|e| match e {
            PageEffect::StartRun { file, plan, .. } => Some((*file, plan.target.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(plans.iter().map(|(f, _)| *f).collect::<Vec<_>>(), [ida, idb, idc]);
    let Target::Session { title, folder_id, secondary, captions, .. } = &plans[0].1 else { panic!("{plans:?}") };
    assert_eq!((title.as_str(), folder_id.as_str()), ("Week 1: Fourier", CS101));
    assert_eq!((*secondary, captions.clone()), (Some(idscreen), vec![(idcap, "fr-FR".to_string())]));

    // The first file's parts are refused: it fails, with S3's words and a retry.
    tab.until("a failed", |t| t.state(ida) == "error");
    let ItemState::Failed(e) = tab.card(ida).state else { unreachable!() };
    assert_eq!(e.code.to_string(), "s3-AccessDenied");
    assert!(tab.card(ida).state.controls().retry);
    let reported: Vec<String> = tab.events().into_iter().filter(|e| e.starts_with("uploaderror")).collect();
    assert!(
        reported[0].starts_with(&format!(
            "uploaderror {ida} s3-AccessDenied UploadPart failed: S3 AccessDenied (403): Access Denied"
        )),
        "{reported:?}"
    );
    assert!(tab.view().host.error, "the host's error attribute");
    assert_eq!(tab.state(ida2), "ready", "its original failed: the copy may go now");

    // Pause the second once a part of it is in; cancel the third.
    tab.until("b sent a part", |t| t.card(idb).progress.loaded > 0);
    let paused = PageEffect::Fire(HostEvent::StateChange { file: idb, state: "paused" });
    assert_eq!(tab.input(PageInput::Command(idb, Command::Pause)), [paused, PageEffect::Steer(idb, Steer::Pause)]);
    assert_eq!(tab.view().said, Some(Said::File { name: "lecture-b.mp4".into(), what: Announcement::Paused }));
    assert!(tab.view().host.paused && tab.view().host.transferring);
    tab.input(PageInput::Command(idc, Command::Cancel));
    tab.until("c cancelled", |t| t.state(idc) == "cancelled");
    assert!(tab.tenant.count(&["DELETE", "/Panopto/PublicAPI/REST/sessionUpload/"]) >= 1, "its session deleted");
    let b_parts = tab.tenant.count(&["PUT", "/lecture-b.mp4?partNumber="]);
    tab.settle();
    assert_eq!(tab.tenant.count(&["PUT", "/lecture-b.mp4?partNumber="]), b_parts, "nothing sent while paused");

    // An hour later the sign-in's token has expired: the retry renews it and continues the
    // same session.
    tenant.clock.now.set(tenant.clock.now.get() + 3_700_000.0);
    tenant.state.borrow_mut().refusals.clear();
    let renewals = tenant.count(&["POST", "/connect/token"]);
    tab.input(PageInput::Command(ida, Command::Start));
    tab.until("a complete", |t| t.state(ida) == "complete");
    assert!(tenant.count(&["POST", "/connect/token"]) > renewals, "the token was renewed");
    assert_eq!(tenant.count(&["POST", "/Panopto/PublicAPI/REST/sessionUpload"]), 3, "a, b, c: a retry made none");
    assert!(tab.events().iter().any(|e| e.starts_with(&format!("uploadcomplete {ida} 5e55"))));
    assert!(tenant.state.borrow().objects.keys().any(|k| k.ends_with("screen-a.mp4")), "the second video went too");
    assert_eq!(tab.state(ida2), "duplicate", "its original is back: the copy waits again");
    // The copy of the completed file is removed.
    let fx = tab.input(PageInput::Command(ida2, Command::Remove));
    assert_eq!(fx, [PageEffect::Release(vec![ida2])]);
    assert_eq!(tab.view().cards.len(), 3);

    // Reload with the second file paused: a new page, the same browser (store and locks).
    drop(tab);
    let mut tab = Tab::open(&tenant, &store, &locks);
    attributes(&mut tab);
    assert_eq!(
        tab.view().account,
        AccountView::SignedOut { error: None, files_first: false },
        "tokens live in memory only"
    );
    sign_in_and_choose_cs101(&mut tab);
    let b = tab.shell.file("lecture-b.mp4", 12 * MIB as usize, 2, 2_000.0);
    let idb = b.id;
    tab.input(PageInput::AddFiles { files: vec![b], refused: 0 });
    tab.until("the earlier upload found", |t| t.card(idb).state != ItemState::Ready { offer: SavedOffer::None });
    let ItemState::Ready { offer: SavedOffer::Offered { percent } } = tab.card(idb).state else { unreachable!() };
    assert!(percent > 0, "{percent}");
    assert_eq!(tab.card(idb).details.title, "Week 2: sampling", "its title comes back");
    let first_part = tab.tenant.count(&["PUT", "/lecture-b.mp4?partNumber=1&"]);
    tab.input(PageInput::Command(idb, Command::Start));
    tab.until("b complete", |t| t.state(idb) == "complete");
    assert_eq!(tenant.count(&["POST", "/Panopto/PublicAPI/REST/sessionUpload"]), 3, "the same session");
    assert_eq!(tab.tenant.count(&["PUT", "/lecture-b.mp4?partNumber=1&"]), first_part, "part 1 not sent again");
    assert!(tab.view().host.complete);
}

#[test]
fn a_folder_id_the_teacher_may_not_create_in_is_named_and_refused_once_signed_in() {
    let (tenant, store, locks) = (Tenant::new(), Rc::new(MapStore::default()), FakeLocks::default());
    let mut tab = Tab::open(&tenant, &store, &locks);
    tab.attributes(&[
        ("server", fake_tenant::ORIGIN),
        ("client-id", "lms-page"),
        ("oauth-flow", "code"),
        ("folder-id", CS),
    ]);
    assert!(!tab.view().place.folder_denied, "nothing known before a token is at hand");
    tab.input(PageInput::Place(PlaceCommand::SignIn));
    tab.until("signed in", |t| t.view().account == AccountView::SignedIn { ending: false });
    // The folder is read for its name, then looked for in the creator list (CS101 only).
    tab.until("the folder's rights found", |t| t.view().place.folder_denied);
    assert_eq!(tab.view().place.folder.unwrap().name, "Computer Science");
    assert_eq!(tab.view().picker, None, "a fixed folder: no picker");
    let file = tab.shell.file("lecture.mp4", 6 * MIB as usize, 4, 1_000.0);
    let id = file.id;
    tab.input(PageInput::AddFiles { files: vec![file], refused: 0 });
    let fx = tab.input(PageInput::Command(id, Command::Start));
    assert!(!fx.iter().any(|e| matches!(e, PageEffect::StartRun { .. })), "nothing starts: {fx:?}");
    assert!(tenant.state.borrow().uploads.is_empty(), "nothing created at Panopto");
    let seen = tenant.state.borrow().seen.clone();
    assert!(
        seen.iter().any(|s| s.contains(&format!("folders/{CS}"))) && seen.iter().any(|s| s.contains("folders/creator")),
        "{seen:?}"
    );
}
