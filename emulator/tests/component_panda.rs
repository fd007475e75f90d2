//! The component's own Panda flow against the emulator's Panda API: the requests our engine
//! builds are the ones the emulator's strict parser accepts, Location moves are followed, the
//! token goes to the session endpoint only, and the stored file is byte-identical.

mod common;
#[path = "common/engine.rs"]
mod engine;

use common::*;
use engine::{DevToken, RawHttp, SystemClock};
use futures_executor::block_on;
use panopto_uploader::core::part_plan::MIB as MIB_U64;
use panopto_uploader::engine::context::EngineContext;
use panopto_uploader::engine::control::Control;
use panopto_uploader::engine::error::UploadError;
use panopto_uploader::engine::flow::{Outcome, UploadFlow};
use panopto_uploader::engine::memory_file::MemoryFile;
use panopto_uploader::engine::panda::session::SessionSource;
use panopto_uploader::engine::panda::PandaFlow;
use panopto_uploader::engine::retry::{BackoffConfig, SeededRandom};
use panopto_uploader::engine::upload_record::UploadRecord;
use std::cell::RefCell;
use std::rc::Rc;

fn upload(emu: &Emu, bytes: Vec<u8>, chunk_mib: u64, record: &RefCell<UploadRecord>) -> Result<Outcome, UploadError> {
    let ctx = EngineContext::new(
        Rc::new(RawHttp { addr: emu.addr.clone() }),
        Rc::new(SystemClock),
        Control::new(),
        BackoffConfig::default(),
        SeededRandom::new(5),
    );
    let flow = PandaFlow {
        source: SessionSource::Url(format!("http://{}/videos/upload.json", emu.addr)),
        tokens: Rc::new(DevToken),
        file: Rc::new(MemoryFile::new("lecture (1) é.mp4", "video/mp4", bytes)),
        first_chunk: chunk_mib * MIB_U64,
        max_chunk: chunk_mib * MIB_U64,
    };
    block_on(flow.run(&ctx, record, &|_| {}))
}

#[test]
fn chunks_follow_location_moves_and_store_the_file_byte_identical() {
    let emu = Emu::start(&["--panda-move-location-after", "2"]);
    let bytes = data(5 * MIB + 123, 7);
    let record = RefCell::new(UploadRecord::Fresh);
    let outcome = upload(&emu, bytes.clone(), 1, &record).expect("uploaded");
    let video = &outcome.video().unwrap().video;
    assert_eq!(video["sha256"], sha256_hex(&bytes));
    assert_eq!(video["file_size"], bytes.len() as u64);
    let u = &emu.panda_uploads()[0];
    assert_eq!((u["state"].as_str(), u["chunks"].as_u64()), (Some("complete"), Some(6)), "{u}");
    assert!(u["location_moves"].as_u64().unwrap() >= 2, "{u}");
    assert_eq!(u["stale_location_requests"], 0, "every move followed: {u}");
    assert_eq!(u["token_leaks"], 0, "the token only went to the session endpoint: {u}");
    assert_eq!(u["bytes_redundant"], 0);
    let UploadRecord::Panda(p) = &*record.borrow() else { panic!("a Panda record") };
    assert_eq!(p.location, u["location"].as_str().unwrap(), "the record follows the moves");
}

#[test]
fn a_saved_record_continues_where_the_server_stands() {
    let emu = Emu::start(&[]);
    let bytes = data(3 * MIB, 8);
    // Another client sent the first MiB and stopped: the record says nothing is held yet.
    let (id, path) = emu.panda_create(bytes.len() as u64, "lecture (1) é.mp4");
    let range = format!("bytes 0-{}/{}", MIB - 1, bytes.len());
    let r = http(
        &emu.addr,
        "PUT",
        &path,
        &[("Content-Range", &range), ("Content-Type", "application/octet-stream")],
        &bytes[..MIB],
    );
    assert_eq!(r.status, 204);
    let record = RefCell::new(UploadRecord::Panda(panopto_uploader::engine::panda::record::PandaRecord {
        id: id.to_string(),
        location: format!("http://{}{path}", emu.addr),
        file_size: bytes.len() as u64,
        held: 0,
    }));
    upload(&emu, bytes.clone(), 1, &record).expect("resumed");
    let u = &emu.panda_uploads()[0];
    assert_eq!((u["state"].as_str(), u["sha256"].as_str()), (Some("complete"), Some(&*sha256_hex(&bytes))), "{u}");
    assert_eq!(u["bytes_redundant"], 0, "asked first, then sent only what was missing: {u}");
    assert_eq!(u["status_queries"], 1);
    assert_eq!(emu.panda_uploads().len(), 1, "the same upload session");
}
