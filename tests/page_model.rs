//! The page model's rules, input by input (no executor, no time passing): the configuration
//! and its problems, the start checks, duplicates, the plans of runs, the sign-in's states,
//! the picker, an earlier upload offered back, and the pace of progress.
#![cfg(not(target_arch = "wasm32"))]

use panopto_uploader::core::oauth::authorize::Flow;
use panopto_uploader::core::panopto_rest::v1::FolderRef;
use panopto_uploader::engine::auth::sign_in::SignInConfig;
use panopto_uploader::engine::error::{ErrorCode, UploadError};
use panopto_uploader::engine::flow::EngineEvent;
use panopto_uploader::engine::progress::Progress;
use panopto_uploader::engine::runner::Restore;
use panopto_uploader::item::{Command, ItemState, SavedOffer};
use panopto_uploader::page::account::AccountView;
use panopto_uploader::page::model::Page;
use panopto_uploader::page::place::{Entry, Load, PlaceCommand};
use panopto_uploader::page::plan::Target;
use panopto_uploader::page::signals::*;
use panopto_uploader::text::{ErrorText, HostFunction};
use panopto_uploader::ui::i18n::english;

const FOLDER: &str = "3f8c2a71-9d4e-4b6a-8c15-7e2f0a9d4b31";
const SESSION: &str = "0e0e0e0e-1111-4222-8333-444455556666";
const REDIRECT: &str = "https://lms.example/pkg/oauth-callback.html";

fn page() -> Page {
    Page::new(true, REDIRECT.into())
}

fn attributes(pairs: &[(&str, &str)]) -> PageInput {
    let values = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    PageInput::Attributes(Attributes { values, base_url: "https://lms.example/course/7".into(), ..Default::default() })
}

fn file(id: FileId, name: &str, size: u64) -> NewFile {
    NewFile { id, name: name.into(), size, last_modified_ms: 1_700_000_000_000.0 }
}

/// The `uploaderror`s among `fx`, in English.
fn errors(fx: &[PageEffect]) -> Vec<String> {
    fx.iter()
        .filter_map(|e| match e {
            PageEffect::Fire(HostEvent::UploadError { error, .. }) => Some(english(&error.message)),
            _ => None,
        })
        .collect()
}

#[test]
fn problems_are_reported_once_and_starting_needs_a_configuration_and_a_place() {
    let mut p = page();
    let fx = p.apply(attributes(&[("concurrency", "99")]), 0.0);
    let reported = errors(&fx);
    assert!(reported.len() == 1 && reported[0].contains("server attribute is missing"), "{reported:?}");
    assert!(reported[0].contains("concurrency=\"99\""), "every problem, in one report");
    assert!(errors(&p.apply(attributes(&[("concurrency", "99")]), 0.0)).is_empty(), "the same problems: not again");
    p.apply(PageInput::AddFiles { files: vec![file(1, "a.mp4", 10)], refused: 0 }, 0.0);
    let refused = errors(&p.apply(PageInput::All(Command::Start), 0.0));
    assert!(refused[0].starts_with("The uploader is not configured: "), "{refused:?}");
    assert_eq!(p.queue.get(1).unwrap().item.state().name(), "ready");
    // Fixed: no folder yet, so starting says where to choose one.
    assert!(errors(&p.apply(attributes(&[("server", "https://p.example")]), 0.0)).is_empty());
    let fx = p.apply(PageInput::Command(1, Command::Start), 0.0);
    assert_eq!(errors(&fx), ["Choose where the recordings go first (a folder, or a session to add to)."]);
    assert_eq!(p.said, Some(Said::ChooseFolderFirst));
    // A folder-id is fixed: the teacher cannot change it, and starting goes ahead.
    p.apply(attributes(&[("server", "https://p.example"), ("folder-id", FOLDER)]), 0.0);
    assert!(p.view().place.folder_fixed);
    let fx = p.apply(PageInput::Command(1, Command::Start), 0.0);
    assert!(fx.iter().any(|e| matches!(e, PageEffect::StartRun { file: 1, .. })), "{fx:?}");
}

#[test]
fn properties_that_are_not_functions_are_reported_and_a_page_token_hides_the_sign_in() {
    let mut p = page();
    let fx = p.apply(attributes(&[("server", "https://p.example"), ("client-id", "lms")]), 0.0);
    let offered = SignInConfig {
        origin: "https://p.example".into(),
        client_id: "lms".into(),
        redirect_uri: REDIRECT.into(),
        flow: Flow::Implicit,
    };
    assert!(fx.contains(&PageEffect::Tokens(TokenUpdate::SignIn(Some(offered)))), "{fx:?}");
    assert_eq!(p.view().account, AccountView::SignedOut { error: None, files_first: false });
    let fx = p.apply(PageInput::TokenProvider(Given::NotAFunction), 0.0);
    let not = UploadError::new(ErrorCode::InvalidConfig, ErrorText::NotAFunction(HostFunction::TokenProvider));
    assert_eq!(fx[0], PageEffect::Fire(HostEvent::UploadError { file: None, error: not }));
    assert_eq!(
        p.view().account,
        AccountView::SignedOut { error: None, files_first: false },
        "not a function: no provider"
    );
    let fx = p.apply(PageInput::AccessToken(Some("t".into())), 0.0);
    assert_eq!(fx, [PageEffect::Tokens(TokenUpdate::PageToken(Some("t".into())))]);
    assert_eq!(p.view().account, AccountView::Hidden, "the page's token wins: no sign-in offered");
    p.apply(PageInput::AccessToken(Some("  ".into())), 0.0);
    assert_eq!(p.view().account, AccountView::SignedOut { error: None, files_first: false }, "a blank token is none");
    let fx = p.apply(PageInput::CreateUpload(Given::NotAFunction), 0.0);
    assert!(errors(&fx)[0].starts_with("createUpload must be a function"));
}

#[test]
fn a_copy_waits_until_its_original_goes_and_upload_again_is_a_copy_run() {
    let mut p = page();
    p.apply(attributes(&[("server", "https://p.example"), ("folder-id", FOLDER)]), 0.0);
    let files = vec![file(1, "a.mp4", 10), file(2, "a.mp4", 10), file(3, "b.mp4", 10)];
    p.apply(PageInput::AddFiles { files, refused: 0 }, 0.0);
    let states = |p: &Page| p.view().cards.iter().map(|c| c.state.name()).collect::<Vec<_>>();
    assert_eq!(states(&p), ["ready", "duplicate", "ready"]);
    let fx = p.apply(PageInput::Command(2, Command::UploadAgain), 0.0);
    assert!(fx.iter().any(|e| matches!(e, PageEffect::StartRun { file: 2, restore: Restore::Copy, .. })), "{fx:?}");
    // A copy whose original is removed is a plain file again.
    p.apply(PageInput::AddFiles { files: vec![file(4, "b.mp4", 10)], refused: 1 }, 0.0);
    assert_eq!(p.queue.get(4).unwrap().item.state().name(), "duplicate");
    let fx = p.apply(PageInput::Command(3, Command::Remove), 0.0);
    assert!(fx.contains(&PageEffect::Release(vec![3])));
    assert!(fx.contains(&PageEffect::Fire(HostEvent::StateChange { file: 4, state: "ready" })), "{fx:?}");
}

#[test]
fn a_run_is_planned_from_the_protocol_the_place_and_the_card() {
    let mut p = page();
    p.apply(attributes(&[("server", "https://p.example"), ("session-id", SESSION), ("part-size-mib", "8")]), 0.0);
    p.apply(PageInput::AddFiles { files: vec![file(1, "screen.mp4", 10)], refused: 0 }, 0.0);
    let fx = p.apply(PageInput::Command(1, Command::Start), 0.0);
    let Some(PageEffect::StartRun { plan, restore, .. }) = fx.iter().find(|e| matches!(e, PageEffect::StartRun { .. }))
    else {
        panic!("{fx:?}")
    };
    assert!(matches!(&plan.target, Target::Stream { session_id, .. } if session_id == SESSION), "{plan:?}");
    assert_eq!((plan.options.part_size, restore), (8 << 20, &Restore::Lookup));
    assert!(plan.destination().starts_with("StreamUpload https://p.example session"));
    // Panda: a path is made absolute against the page; the page's function wins over it.
    let mut p = page();
    p.apply(attributes(&[("protocol", "panda"), ("upload-session-url", "/videos/upload.json")]), 0.0);
    p.apply(PageInput::AddFiles { files: vec![file(1, "a.mp4", 10)], refused: 0 }, 0.0);
    let plan = |p: &mut Page| {
        let fx = p.apply(PageInput::Command(1, Command::Start), 0.0);
        fx.into_iter().find_map(|e| if let PageEffect::StartRun { plan, .. } = e { Some(plan) } else { None })
    };
    let started = plan(&mut p).expect("Panda needs no place");
    assert!(
        matches!(&started.target, Target::Panda { url: Some(u), .. } if u == "https://lms.example/videos/upload.json")
    );
    assert_eq!(started.destination(), "panda https://lms.example/videos/upload.json");
    p.apply(PageInput::Finished(1, Err(UploadError::new(ErrorCode::Network, ErrorText::Aborted))), 0.0);
    p.apply(PageInput::CreateUpload(Given::Function), 0.0);
    let retried = plan(&mut p).expect("a retry");
    assert!(matches!(retried.target, Target::Panda { url: None, .. }));
}

#[test]
fn signing_in_failing_ending_and_signing_out() {
    let mut p = page();
    p.apply(attributes(&[("server", "https://p.example"), ("client-id", "lms")]), 0.0);
    assert_eq!(p.apply(PageInput::Place(PlaceCommand::SignIn), 0.0), [PageEffect::OpenSignIn]);
    assert!(p.apply(PageInput::Place(PlaceCommand::SignIn), 0.0).is_empty(), "one window at a time");
    assert_eq!(p.view().account, AccountView::SigningIn { waiting: None });
    let blocked = UploadError::new(ErrorCode::SignIn, ErrorText::Cancelled);
    let fx = p.apply(PageInput::SignedIn(Err(blocked)), 0.0);
    assert_eq!(errors(&fx).len(), 1);
    assert_eq!(p.view().account, AccountView::SignedOut { error: Some(ErrorText::Cancelled), files_first: false });
    p.apply(PageInput::Place(PlaceCommand::SignIn), 0.0);
    let fx = p.apply(PageInput::SignedIn(Ok(None)), 0.0);
    assert_eq!(p.view().account, AccountView::SignedIn { ending: false });
    // The picker opens on the folders the teacher may create sessions in.
    assert!(
        matches!(&fx[..], [PageEffect::List { generation: 1, query: ListingQuery::Creatable(q) }] if q.is_empty()),
        "{fx:?}"
    );
    p.apply(PageInput::SignInEnded, 0.0);
    assert_eq!(p.view().account, AccountView::SignedOut { error: Some(ErrorText::SignInEnded), files_first: false });
    // Signed in again, a folder chosen; signing out forgets it and closes the picker.
    p.apply(PageInput::Place(PlaceCommand::SignIn), 0.0);
    p.apply(PageInput::SignedIn(Ok(None)), 0.0);
    p.apply(PageInput::Place(PlaceCommand::ChooseFolder(FolderRef { id: FOLDER.into(), name: "EE".into() })), 0.0);
    assert_eq!(p.view().place.folder_id(), Some(FOLDER));
    assert_eq!(p.apply(PageInput::Place(PlaceCommand::SignOut), 0.0), [PageEffect::Tokens(TokenUpdate::SignOut)]);
    assert_eq!(
        (p.view().place.folder, p.view().account),
        (None, AccountView::SignedOut { error: None, files_first: false })
    );
}

#[test]
fn only_the_latest_listing_is_shown() {
    let mut p = page();
    p.apply(attributes(&[("server", "https://p.example"), ("client-id", "lms")]), 0.0);
    p.apply(PageInput::Place(PlaceCommand::BrowseFolders), 0.0);
    let fx = p.apply(PageInput::Place(PlaceCommand::Search(" EE ".into())), 0.0);
    assert_eq!(fx, [PageEffect::List { generation: 2, query: ListingQuery::Creatable("EE".into()) }]);
    let entry = |name: &str| Entry { item: FolderRef { id: FOLDER.into(), name: name.into() }, detail: None };
    let listing = |name: &str| {
        Ok(panopto_uploader::engine::panopto_catalog::Listing { items: vec![entry(name)], truncated: false })
    };
    p.apply(PageInput::Listed { generation: 1, result: listing("slow top level") }, 0.0);
    assert_eq!(p.view().picker.unwrap().load, Load::Loading, "an answer the teacher moved on from");
    p.apply(PageInput::Listed { generation: 2, result: listing("EE") }, 0.0);
    assert_eq!(p.view().picker.unwrap().load, Load::Ready { entries: vec![entry("EE")], truncated: false });
    // Chosen from a search: where it sits is learnt from its parents.
    let fx = p.apply(PageInput::Place(PlaceCommand::ChooseFolder(entry("EE").item)), 0.0);
    assert_eq!(fx, [PageEffect::FindTrail(entry("EE").item)]);
}

#[test]
fn a_folder_from_the_whole_tree_without_create_rights_is_refused_before_anything_starts() {
    let mut p = page();
    p.apply(attributes(&[("server", "https://p.example"), ("client-id", "lms")]), 0.0);
    p.apply(PageInput::AccessToken(Some("t".into())), 0.0);
    p.apply(PageInput::Place(PlaceCommand::BrowseFolders), 0.0);
    let fx = p.apply(PageInput::Place(PlaceCommand::BrowseAllFolders), 0.0);
    assert_eq!(fx, [PageEffect::List { generation: 2, query: ListingQuery::Folders(None) }], "the whole tree");
    let archive = FolderRef { id: FOLDER.into(), name: "Archive".into() };
    let fx = p.apply(PageInput::Place(PlaceCommand::ChooseFolder(archive.clone())), 0.0);
    assert_eq!(fx, [PageEffect::CheckRights(archive.clone())], "only the creator list says a folder takes sessions");
    p.apply(PageInput::RightsFound { folder_id: FOLDER.into(), may_create: false, name: None }, 0.0);
    assert!(p.view().place.folder_denied);
    p.apply(PageInput::AddFiles { files: vec![file(1, "a.mp4", 1000)], refused: 0 }, 0.0);
    let fx = p.apply(PageInput::Command(1, Command::Start), 0.0);
    assert_eq!(errors(&fx), ["You cannot create sessions in Archive: choose another folder."]);
    assert_eq!(p.view().cards[0].state, ItemState::Ready { offer: SavedOffer::None }, "nothing started");
    // Another folder, from the creator list: no check, and the file starts.
    p.apply(PageInput::Place(PlaceCommand::BrowseFolders), 0.0);
    let ee = FolderRef { id: "ee".into(), name: "EE".into() };
    let fx = p.apply(PageInput::Place(PlaceCommand::ChooseFolder(ee.clone())), 0.0);
    assert_eq!(fx, [PageEffect::FindTrail(ee)]);
    assert!(!p.view().place.folder_denied);
    let fx = p.apply(PageInput::Command(1, Command::Start), 0.0);
    assert!(fx.iter().any(|e| matches!(e, PageEffect::StartRun { .. })), "{fx:?}");
}

#[test]
fn the_folder_id_folder_is_checked_once_a_token_is_at_hand_and_refused_by_name() {
    let mut p = page();
    let fx = p.apply(attributes(&[("server", "https://p.example"), ("folder-id", FOLDER)]), 0.0);
    assert!(!fx.iter().any(|e| matches!(e, PageEffect::CheckRights(_))), "no token: nothing asked for one");
    let fx = p.apply(PageInput::AccessToken(Some("t".into())), 0.0);
    let by_id = FolderRef { id: FOLDER.into(), name: FOLDER.into() };
    assert_eq!(fx.iter().filter(|e| **e == PageEffect::CheckRights(by_id.clone())).count(), 1, "{fx:?}");
    let fx = p.apply(PageInput::AccessToken(Some("t2".into())), 0.0);
    assert!(!fx.iter().any(|e| matches!(e, PageEffect::CheckRights(_))), "asked once per folder");
    p.apply(
        PageInput::RightsFound { folder_id: FOLDER.to_uppercase(), may_create: false, name: Some("Archive".into()) },
        0.0,
    );
    let place = p.view().place;
    assert!(place.folder_denied && place.folder.unwrap().name == "Archive", "named, and refused");
    p.apply(PageInput::AddFiles { files: vec![file(1, "a.mp4", 1000)], refused: 0 }, 0.0);
    let fx = p.apply(PageInput::Command(1, Command::Start), 0.0);
    assert_eq!(errors(&fx), ["You cannot create sessions in Archive: choose another folder."]);
    // Another folder-id is asked about again; a session-id needs no folder's rights.
    let other = "0f0f0f0f-1111-4222-8333-444455556666";
    let fx = p.apply(attributes(&[("server", "https://p.example"), ("folder-id", other)]), 0.0);
    assert!(fx.iter().any(|e| matches!(e, PageEffect::CheckRights(f) if f.id == other)), "{fx:?}");
    assert!(!p.view().place.folder_denied);
    let fx =
        p.apply(attributes(&[("server", "https://p.example"), ("folder-id", FOLDER), ("session-id", SESSION)]), 0.0);
    assert!(!fx.iter().any(|e| matches!(e, PageEffect::CheckRights(_))), "{fx:?}");
}

#[test]
fn progress_is_shown_four_times_a_second_and_the_last_byte_at_once() {
    let mut p = page();
    p.apply(attributes(&[("server", "https://p.example"), ("folder-id", FOLDER)]), 0.0);
    p.apply(PageInput::AddFiles { files: vec![file(1, "a.mp4", 1000)], refused: 0 }, 0.0);
    p.apply(PageInput::Command(1, Command::Start), 0.0);
    let at = |loaded| {
        PageInput::Engine(
            1,
            EngineEvent::Progress(Progress { loaded, total: 1000, bytes_per_second: 1.0, eta_seconds: None }),
        )
    };
    let fx = p.apply(at(100), 1000.0);
    assert!(fx.iter().any(|e| matches!(e, PageEffect::Fire(HostEvent::Progress { file: 1, .. }))), "{fx:?}");
    assert!(p.apply(at(200), 1010.0).contains(&PageEffect::ProgressTimer(1, 240)));
    assert!(p.apply(at(300), 1020.0).is_empty(), "held for the timer");
    assert_eq!(p.view().cards[0].progress.loaded, 100, "the card shows what was shown");
    let fx = p.apply(PageInput::ProgressDue(1), 1250.0);
    assert!(matches!(&fx[..], [PageEffect::Fire(HostEvent::Progress { progress, .. })] if progress.loaded == 300));
    let fx = p.apply(at(1000), 1260.0);
    assert!(fx
        .iter()
        .any(|e| matches!(e, PageEffect::Fire(HostEvent::Progress { progress, .. }) if progress.loaded == 1000)));
    // Offline: the run pauses until the network is back.
    let fx = p.apply(PageInput::Network { online: false }, 1300.0);
    assert!(fx.contains(&PageEffect::Steer(1, Steer::Pause)));
    assert!(matches!(p.view().cards[0].state, ItemState::Paused { .. }));
    assert!(p.apply(PageInput::Network { online: true }, 1400.0).contains(&PageEffect::Steer(1, Steer::Resume)));
}

#[test]
fn a_stream_takes_its_captions_and_a_refused_one_is_a_warning_beside_a_complete_upload() {
    use panopto_uploader::engine::flow::{Outcome, SessionOutcome};
    use panopto_uploader::page::details::Edit;
    let mut p = page();
    p.apply(attributes(&[("server", "https://p.example"), ("session-id", SESSION)]), 0.0);
    p.apply(PageInput::AddFiles { files: vec![file(1, "screen.mp4", 10)], refused: 0 }, 0.0);
    p.apply(PageInput::Edit(1, Edit::AddCaption(file(2, "screen.fr.vtt", 5))), 0.0);
    let fx = p.apply(PageInput::Command(1, Command::Start), 0.0);
    let plan = fx.iter().find_map(|e| if let PageEffect::StartRun { plan, .. } = e { Some(plan) } else { None });
    let captions = match &plan.expect("a run").target {
        Target::Stream { captions, .. } => captions.clone(),
        other => panic!("{other:?}"),
    };
    assert_eq!(captions, [(2, "fr-FR".to_string())]);

    let error = UploadError::new(
        ErrorCode::Caption,
        ErrorText::CaptionNotAdded { name: "screen.fr.vtt".into(), error: Box::new(ErrorText::Aborted) },
    );
    let fx = p.apply(PageInput::Engine(1, EngineEvent::Warning(error.clone())), 0.0);
    assert!(fx.contains(&PageEffect::Fire(HostEvent::UploadWarning { file: 1, error: error.clone() })), "{fx:?}");
    assert!(errors(&fx).is_empty(), "not an uploaderror");
    let outcome = Outcome::Session(SessionOutcome {
        upload_id: "u".into(),
        session_id: SESSION.into(),
        viewer_url: "https://p.example/v".into(),
    });
    let fx = p.apply(PageInput::Finished(1, Ok(outcome)), 0.0);
    assert!(fx.iter().any(|e| matches!(e, PageEffect::Fire(HostEvent::UploadComplete { file: 1, .. }))), "{fx:?}");
    let card = &p.view().cards[0];
    assert_eq!(card.state.name(), "complete");
    assert_eq!(card.warnings, [error]);
    assert_eq!(english(&card.warnings[0].message), "the captions screen.fr.vtt were not added: request aborted");
}
