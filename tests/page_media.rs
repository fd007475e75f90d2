//! The media check through the page model and its executor, on the host: each file is
//! checked as it is added (a recording by its boxes, a caption by its first lines), the
//! card shows the line, and a file with a concern waits for "Upload anyway" — one already
//! running (auto-start) is paused until then.
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
use page_harness::Tab;
use panopto_uploader::core::media::{Codec, Container, Damage};
use panopto_uploader::engine::memory_file::MemoryFile;
use panopto_uploader::item::Command;
use panopto_uploader::page::details::Edit;
use panopto_uploader::page::media::Concern;
use panopto_uploader::page::signals::*;
use std::rc::Rc;

fn sample() -> Vec<u8> {
    std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/e2e/fixtures/lecture-4s.mp4")).expect("the sample MP4")
}

fn open(tenant: &Tenant, extra: &[(&str, &str)]) -> Tab {
    let mut tab = Tab::open(tenant, &Rc::new(MapStore::default()), &FakeLocks::default());
    let (token, _) = tenant.issue_implicit();
    tab.input(PageInput::AccessToken(Some(token)));
    let mut attributes = vec![("server", ORIGIN), ("folder-id", CS101)];
    attributes.extend_from_slice(extra);
    tab.attributes(&attributes);
    tab
}

/// Hold `bytes` as a file named `name` for the page.
fn file(tab: &Tab, name: &str, bytes: Vec<u8>) -> NewFile {
    let f = tab.shell.file(name, 1, 0, 1.0);
    let size = bytes.len() as u64;
    tab.shell.files.borrow_mut().insert(f.id, Rc::new(MemoryFile::new(name, "video/mp4", bytes)));
    NewFile { size, ..f }
}

#[test]
fn a_recording_gets_its_line_and_a_wrong_file_waits_for_the_teacher() {
    let tenant = Tenant::new();
    let mut tab = open(&tenant, &[]);
    let good = file(&tab, "Week 3.mp4", sample());
    let pdf = file(&tab, "slides.mp4", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n".repeat(50));
    let (g, p) = (good.id, pdf.id);
    let fx = tab.input(PageInput::AddFiles { files: vec![good, pdf], refused: 0 });
    assert!(fx.contains(&PageEffect::CheckMedia(g)) && fx.contains(&PageEffect::CheckMedia(p)), "{fx:?}");
    tab.until("checked", |t| t.card(g).media.is_some() && !t.card(p).concerns.is_empty());
    let line = tab.card(g).media.unwrap();
    assert_eq!((line.duration_ms, line.size, line.codec), (Some(4000), Some((320, 180)), Some(Codec(*b"avc1"))));
    assert!(line.bytes_read > 0 && line.bytes_read <= 31_187, "{}", line.bytes_read);
    assert!(tab.card(g).concerns.is_empty() && !tab.card(g).held, "a good file gets no noise");
    assert_eq!(tab.card(p).concerns, [("slides.mp4".to_string(), Concern::NotMedia(Container::Pdf))]);
    assert!(tab.card(p).held);

    // Start: the good one goes; the PDF waits.
    let fx = tab.input(PageInput::All(Command::Start));
    let started: Vec<FileId> =
        fx.iter().filter_map(|e| if let PageEffect::StartRun { file, .. } = e { Some(*file) } else { None }).collect();
    assert_eq!(started, [g]);
    assert_eq!(tab.state(p), "ready");
    let fx = tab.input(PageInput::UploadAnyway(p));
    assert!(fx.iter().any(|e| matches!(e, PageEffect::StartRun { file, .. } if *file == p)), "{fx:?}");
    assert!(!tab.card(p).held, "the teacher decided");

    // A format the check does not know is said, and holds nothing.
    let odd = file(&tab, "lecture.xyz", (0..4096u32).map(|i| (i * 7 + 0x91) as u8).collect());
    let o = odd.id;
    tab.input(PageInput::AddFiles { files: vec![odd], refused: 0 });
    tab.until("checked", |t| !t.card(o).concerns.is_empty());
    assert_eq!(tab.card(o).concerns[0].1, Concern::Unrecognised);
    assert!(!tab.card(o).held);
    let fx = tab.input(PageInput::Command(o, Command::Start));
    assert!(fx.iter().any(|e| matches!(e, PageEffect::StartRun { file, .. } if *file == o)), "{fx:?}");
}

#[test]
fn a_cut_off_recording_started_at_once_is_paused_until_the_teacher_decides() {
    let tenant = Tenant::new();
    tenant.state.borrow_mut().part_ms = 1_000;
    let mut tab = open(&tenant, &[("auto-start", "")]);
    // The sample without its index: ftyp + mdat only.
    let mp4 = sample();
    let moov = mp4.windows(4).position(|w| w == b"moov").expect("moov") - 4;
    let moov_len = u32::from_be_bytes(mp4[moov..moov + 4].try_into().unwrap()) as usize;
    let cut = [&mp4[..moov], &mp4[moov + moov_len..]].concat();
    let f = file(&tab, "cut.mp4", cut);
    let id = f.id;
    tab.input(PageInput::AddFiles { files: vec![f], refused: 0 });
    tab.until("checked", |t| !t.card(id).concerns.is_empty());
    assert_eq!(tab.card(id).concerns[0].1, Concern::Damaged(Damage::NoIndex));
    assert_eq!(tab.state(id), "paused", "auto-start began; the check paused it");
    tab.input(PageInput::UploadAnyway(id));
    tab.until("complete", |t| t.state(id) == "complete");
}

#[test]
fn captions_and_a_second_video_are_checked_too() {
    let tenant = Tenant::new();
    let mut tab = open(&tenant, &[]);
    let main = file(&tab, "lecture.mp4", sample());
    let id = main.id;
    tab.input(PageInput::AddFiles { files: vec![main], refused: 0 });
    let good = file(&tab, "lecture.en.vtt", b"WEBVTT\n\n00:00.000 --> 00:02.000\nHello\n".to_vec());
    let bad = file(&tab, "notes.srt", b"These are my notes for the lecture.\n".to_vec());
    let screen = file(&tab, "screen.mp4", sample());
    let (bad_id, screen_id) = (bad.id, screen.id);
    let fx = tab.input(PageInput::Edit(id, Edit::AddCaption(good)));
    assert!(fx.iter().any(|e| matches!(e, PageEffect::CheckCaption(_))), "{fx:?}");
    tab.input(PageInput::Edit(id, Edit::AddCaption(bad)));
    tab.input(PageInput::Edit(id, Edit::Secondary(Some(screen))));
    tab.until("checked", |t| t.card(id).secondary_media.is_some() && !t.card(id).concerns.is_empty());
    assert_eq!(tab.card(id).concerns, [("notes.srt".to_string(), Concern::NotCaptions)]);
    assert!(tab.card(id).held, "a wrong caption holds the card too");
    tab.input(PageInput::Edit(id, Edit::RemoveCaption(bad_id)));
    assert!(tab.card(id).concerns.is_empty() && !tab.card(id).held, "removed: nothing to decide");
    assert_eq!(tab.card(id).secondary_media.unwrap().size, Some((320, 180)));
    let _ = screen_id;
}
