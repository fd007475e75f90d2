//! How the emulator stores what it receives.
mod common;
use common::*;

fn setup(emu: &Emu) -> (String, String) {
    let obj = emu.create_session();
    (obj["ID"].as_str().unwrap().to_string(), emu.target_path(&obj))
}

/// Zero runs are stored as holes (the benchmark uploads a 10 GiB sparse file): the object
/// reads back byte for byte, and its parts and the object take almost no disk.
#[test]
fn zero_runs_are_stored_sparse_and_read_back_identical() {
    use std::os::unix::fs::MetadataExt;
    let tmp = tempfile::tempdir().unwrap();
    let emu = Emu::start_in(&tmp.path().join("data"), &[]);
    let (id, t) = setup(&emu);
    let part = 5 * MIB;
    // Zeros, then data in the middle of part 2, then zeros to the end (a hole at the end too).
    let mut whole = vec![0u8; 3 * part];
    whole[part + 100..part + 200].copy_from_slice(&data(100, 7));
    let r = emu.multipart(&t, "zeros.mp4", &whole, part);
    assert_eq!(r.status, 200, "{}", r.text());
    let got = emu.req("GET", &format!("{t}/zeros.mp4"), &[], b"");
    assert_eq!(got.status, 200);
    assert!(got.body == whole, "the object reads back byte for byte");
    assert_eq!(emu.inspect(&id)["Files"][0]["Sha256"], sha256_hex(&whole));
    let mut biggest = (0u64, 0u64);
    let mut dirs = vec![tmp.path().to_path_buf()];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(d).unwrap().flatten() {
            let m = e.metadata().unwrap();
            if m.is_dir() {
                dirs.push(e.path());
            } else if m.len() > biggest.0 {
                biggest = (m.len(), m.blocks() * 512);
            }
        }
    }
    assert_eq!(biggest.0, whole.len() as u64, "the object is stored whole");
    assert!(biggest.1 <= 1 << 20, "{} bytes allocated for 15 MiB of mostly zeros", biggest.1);
}
