//! S3's documented limits, over the wire with S3's codes (emulator/src/s3/limits.rs): a
//! client that passes here cannot fail on Panopto's S3 endpoint for size alone.
mod common;
use common::*;

fn setup(emu: &Emu) -> (String, String) {
    let obj = emu.create_session();
    (obj["ID"].as_str().unwrap().to_string(), emu.target_path(&obj))
}

/// S3's documented limits, over the wire with S3's codes: a client that passes here cannot
/// fail on Panopto's S3 endpoint for size alone (one assertion per limit, at its edge).
#[test]
fn s3_limits_on_keys_sizes_metadata_and_headers() {
    let emu = Emu::start(&[]);
    let (id, t) = setup(&emu);
    // The key is `{upload ID}/{file name}`: 37 bytes of it are the ID and the slash.
    let name_room = 1024 - id.len() - 1;
    let fits = "k".repeat(name_room);
    assert_eq!(emu.put_object(&t, &fits, b"x").status, 200, "a 1,024-byte key is accepted");
    let r = emu.put_object(&t, &format!("{fits}k"), b"x");
    assert_eq!((r.status, r.code().as_str()), (400, "KeyTooLongError"), "{}", r.text());
    assert_eq!(xml_text(&r.text(), "Size").as_deref(), Some("1025"));
    // Percent-encoded, a key counts by its decoded UTF-8 bytes: 2 bytes per "é".
    let wide = "%C3%A9".repeat(name_room / 2 + 1);
    assert_eq!(emu.req("POST", &format!("{t}/{wide}?uploads"), &[], b"").code(), "KeyTooLongError");

    // A part, and a single PUT, over 5 GiB: refused from its Content-Length, before any byte.
    let uid = emu.create_mpu(&t, "v.mp4");
    let huge = (5u64 * 1024 * 1024 * 1024 + 1).to_string();
    let r = emu.req("PUT", &format!("{t}/v.mp4?partNumber=1&uploadId={uid}"), &[("Content-Length", &huge)], b"");
    assert_eq!((r.status, r.code().as_str()), (400, "EntityTooLarge"), "{}", r.text());
    assert_eq!(xml_text(&r.text(), "MaxSizeAllowed").as_deref(), Some("5368709120"));
    let r = emu.req("PUT", &format!("{t}/big.mp4"), &[("Content-Length", &huge)], b"");
    assert_eq!(r.code(), "EntityTooLarge");

    // User metadata: 2 KiB of x-amz-meta-* names and values.
    let v = "m".repeat(2048 - "title".len());
    assert_eq!(emu.req("POST", &format!("{t}/m.mp4?uploads"), &[("x-amz-meta-title", &v)], b"").status, 200);
    let more = format!("{v}m");
    let r = emu.req("POST", &format!("{t}/m.mp4?uploads"), &[("x-amz-meta-title", &more)], b"");
    assert_eq!((r.status, r.code().as_str()), (400, "MetadataTooLarge"), "{}", r.text());
    assert_eq!(emu.req("PUT", &format!("{t}/m.txt"), &[("x-amz-meta-title", &more)], b"x").code(), "MetadataTooLarge");

    // The header section: 8 KiB.
    let r = emu.req("PUT", &format!("{t}/h.txt"), &[("x-padding", &"p".repeat(8192))], b"x");
    assert_eq!((r.status, r.code().as_str()), (400, "RequestHeaderSectionTooLarge"), "{}", r.text());
    assert_eq!(emu.req("PUT", &format!("{t}/h.txt"), &[("x-padding", &"p".repeat(4096))], b"x").status, 200);
}
