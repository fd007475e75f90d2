//! Uploads left unfinished by a crash, through the page model and its executor on the host:
//! where the browser kept the file's handle, the reloaded page offers "Continue uploading"
//! and one click continues the same upload without re-sending a part; elsewhere (no handle,
//! a denied permission, a moved or changed file) it says to pick the file again. A handle
//! lives as long as its record: kept at its first write, forgotten on completion or cancel.
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
use page_harness::{KeptHandles, Tab};
use panopto_uploader::core::part_plan::MIB;
use panopto_uploader::engine::memory_file::MemoryFile;
use panopto_uploader::engine::saved_upload::SavedUpload;
use panopto_uploader::item::Command;
use panopto_uploader::page::signals::*;
use panopto_uploader::page::unfinished::{Reopen, Status, UnfinishedView};
use std::rc::Rc;

const SIZE: usize = 30 * MIB as usize;

/// One browser: its saved records, locks and kept handles outlive its tabs.
struct Browser {
    tenant: Tenant,
    store: Rc<MapStore>,
    locks: FakeLocks,
    kept: Rc<KeptHandles>,
}

impl Browser {
    fn new() -> Self {
        let tenant = Tenant::new();
        // A part takes 400 ms on the wire: saves (one a second) land between parts.
        tenant.state.borrow_mut().part_ms = 400;
        Browser { tenant, store: Rc::default(), locks: FakeLocks::default(), kept: Rc::default() }
    }

    fn open(&self) -> Tab {
        let mut tab = Tab::open_keeping(&self.tenant, &self.store, &self.locks, &self.kept);
        let (token, _) = self.tenant.issue_implicit();
        tab.input(PageInput::AccessToken(Some(token)));
        tab.attributes(&[("server", ORIGIN), ("folder-id", CS101), ("concurrency", "1"), ("part-size-mib", "5")]);
        tab.settle_for(0.0);
        tab
    }
}

/// Start `file` and crash (the tab is dropped, as a closed laptop leaves it) once at least
/// 40 % of it is on the server.
fn upload_until_crash(b: &Browser, file: impl Fn(&Tab) -> NewFile) {
    let mut tab = b.open();
    let f = file(&tab);
    let id = f.id;
    tab.input(PageInput::AddFiles { files: vec![f], refused: 0 });
    tab.input(PageInput::Command(id, Command::Start));
    tab.until("40 % saved", |_| saved_percent(b) >= 40);
    drop(tab);
}

/// How far the saved record says the upload got (0: none saved).
fn saved_percent(b: &Browser) -> u32 {
    let store = b.store.0.borrow();
    store.values().filter_map(|j| SavedUpload::from_json(j)).map(|s| s.percent_done()).max().unwrap_or(0)
}

fn lines(tab: &Tab) -> Vec<UnfinishedView> {
    tab.view().unfinished
}

#[test]
fn a_kept_handle_continues_after_a_crash_in_one_click_without_resending_a_part() {
    let b = Browser::new();
    upload_until_crash(&b, |t| t.shell.file_with_handle("week-3.mp4", SIZE, 3, 1_000.0));
    assert_eq!(b.kept.files.borrow().len(), 1, "the handle was kept beside the record");
    let sent = b.tenant.count(&["PUT", "/week-3.mp4?partNumber="]);

    let mut tab = b.open();
    let [line] = &lines(&tab)[..] else { panic!("one unfinished upload: {:?}", lines(&tab)) };
    assert_eq!((line.name.as_str(), line.can_continue, line.status), ("week-3.mp4", true, Status::Waiting));
    assert!((40..100).contains(&line.percent), "{}", line.percent);
    assert!(tab.view().cards.is_empty(), "nothing queued before the teacher says so");

    let fx = tab.input(PageInput::Continue(line.key.clone()));
    assert_eq!(fx, [PageEffect::Reopen(line.key.clone())], "read again in the click's own turn");
    tab.until("continued", |t| t.view().cards.first().is_some_and(|c| c.state.name() == "uploading"));
    assert!(lines(&tab).is_empty(), "the card took over from the line");
    let id = tab.view().cards[0].id;
    tab.until("complete", |t| t.state(id) == "complete");
    assert_eq!(b.tenant.count(&["POST", "/Panopto/PublicAPI/REST/sessionUpload"]), 1, "the same session");
    let parts = (SIZE as u64).div_ceil(5 * MIB) as usize;
    let resent = b.tenant.count(&["PUT", "/week-3.mp4?partNumber="]) - parts;
    // Only parts in flight at the crash (never acknowledged) go twice.
    assert!(resent <= 1 && sent < parts, "{resent} parts sent again, {sent} before the crash");
    tab.settle();
    assert!(b.kept.files.borrow().is_empty(), "the handle goes with its record");
    assert_eq!(b.kept.asked.get(), 1);
}

#[test]
fn without_a_handle_the_line_says_to_pick_the_file_again_and_the_card_takes_over() {
    let b = Browser::new();
    upload_until_crash(&b, |t| t.shell.file("week-4.mp4", SIZE, 4, 1_000.0));
    assert!(b.kept.files.borrow().is_empty());
    let mut tab = b.open();
    let [line] = &lines(&tab)[..] else { panic!("{:?}", lines(&tab)) };
    assert!(!line.can_continue, "Firefox, WebKit: no handle, no one click");
    let fx = tab.input(PageInput::Continue(line.key.clone()));
    assert!(fx.is_empty(), "nothing to reopen");

    let again = tab.shell.file("week-4.mp4", SIZE, 4, 1_000.0);
    let id = again.id;
    tab.input(PageInput::AddFiles { files: vec![again], refused: 0 });
    tab.until("offered", |t| t.card(id).state.name() == "ready" && lines(t).is_empty());
}

#[test]
fn a_changed_file_or_a_denied_permission_says_so_and_offers_picking_again() {
    let b = Browser::new();
    upload_until_crash(&b, |t| t.shell.file_with_handle("week-5.mp4", SIZE, 5, 1_000.0));
    let mut tab = b.open();
    let key = lines(&tab)[0].key.clone();

    b.kept.refuse.set(Some(Reopen::Denied));
    tab.input(PageInput::Continue(key.clone()));
    tab.settle_for(0.0);
    assert_eq!(lines(&tab)[0].status, Status::Failed(Reopen::Denied));
    assert!(!lines(&tab)[0].can_continue);
    assert_eq!(b.kept.files.borrow().len(), 1, "a denied handle is kept: another visit may be allowed");

    // Another page load; the file was re-exported meanwhile (same name and size, other bytes).
    b.kept.refuse.set(None);
    let changed = Rc::new(MemoryFile::new("week-5.mp4", "video/mp4", engine_run::data(SIZE, 9)));
    b.kept.files.borrow_mut().insert(key.clone(), changed);
    let mut tab = b.open();
    tab.input(PageInput::Continue(key.clone()));
    tab.settle_for(0.0);
    assert_eq!(lines(&tab)[0].status, Status::Failed(Reopen::Changed));
    assert!(tab.view().cards.is_empty(), "a different recording is not spliced into the upload");
    assert!(b.kept.files.borrow().is_empty(), "its handle leads nowhere useful: forgotten");
    assert!(tab.shell.released.borrow().len() == 1, "the file read is let go of");
}

#[test]
fn a_moved_file_says_so_and_uploads_elsewhere_or_in_another_tab_are_not_listed() {
    let b = Browser::new();
    upload_until_crash(&b, |t| t.shell.file_with_handle("week-6.mp4", SIZE, 6, 1_000.0));
    b.kept.refuse.set(Some(Reopen::Moved));
    let mut tab = b.open();
    let key = lines(&tab)[0].key.clone();
    tab.input(PageInput::Continue(key));
    tab.settle_for(0.0);
    assert_eq!(lines(&tab)[0].status, Status::Failed(Reopen::Moved));

    // The same record, seen from a page that uploads to another folder: not offered there.
    let mut other = Tab::open_keeping(&b.tenant, &b.store, &b.locks, &b.kept);
    let (token, _) = b.tenant.issue_implicit();
    other.input(PageInput::AccessToken(Some(token)));
    other.attributes(&[("server", ORIGIN), ("folder-id", "another-folder")]);
    other.settle_for(0.0);
    assert!(lines(&other).is_empty());
}

#[test]
fn a_cancelled_upload_forgets_its_handle_and_a_live_one_in_another_tab_is_not_unfinished() {
    let b = Browser::new();
    let mut tab = b.open();
    let f = tab.shell.file_with_handle("week-7.mp4", SIZE, 7, 1_000.0);
    let id = f.id;
    tab.input(PageInput::AddFiles { files: vec![f], refused: 0 });
    assert!(b.kept.files.borrow().is_empty(), "nothing kept for a file only added");
    tab.input(PageInput::Command(id, Command::Start));
    tab.until("20 % saved", |_| saved_percent(&b) >= 20);
    assert_eq!(b.kept.files.borrow().len(), 1);

    // A second tab opens while the first uploads: that upload is live, not unfinished.
    let second = b.open();
    assert!(lines(&second).is_empty(), "{:?}", lines(&second));
    assert_eq!(b.kept.files.borrow().len(), 1, "and its handle stays");

    tab.input(PageInput::Command(id, Command::Cancel));
    tab.until("cancelled", |t| t.state(id) == "cancelled");
    tab.settle();
    assert!(b.kept.files.borrow().is_empty(), "cancelled: the handle is forgotten with the record");
}
