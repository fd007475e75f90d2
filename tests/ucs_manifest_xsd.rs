//! Every manifest we generate validates against Panopto's official UCS 2.1 XSD (with
//! xmllint, an implementation independent of ours), and user text survives exactly.
#![cfg(not(target_arch = "wasm32"))]

use panopto_uploader::core::amz_date::AmzDate;
use panopto_uploader::core::s3::xml::flatten;
use panopto_uploader::core::ucs_manifest::*;
use std::path::PathBuf;
use std::process::Command;

fn xsd() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/ucs/universal-capture-2.1.xsd")
}

/// `Ok(())` when xmllint accepts the document, else its complaint.
fn xmllint(name: &str, xml: &str) -> Result<(), String> {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("{name}.xml"));
    std::fs::write(&path, xml).unwrap();
    let out = Command::new("xmllint")
        .args(["--noout", "--schema"])
        .arg(xsd())
        .arg(&path)
        .output()
        .expect("xmllint not found: run scripts/setup.sh (it installs Debian's libxml2-utils)");
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

fn file(name: &str, crc: Option<u32>) -> FileRef {
    FileRef { name: name.into(), crc32: crc }
}

fn full(title: &str) -> Manifest {
    Manifest {
        title: title.into(),
        description: Some(format!("Description of {title}\nsecond line")),
        date: AmzDate::from_unix_secs(1_795_379_400),
        videos: vec![
            Video {
                file: file("camera & mic <1>.mp4", Some(0x10ba731f)),
                stream_type: StreamType::Primary,
                start_ms: 0,
                transcripts: vec![
                    Transcript { file: file("captions.en.vtt", Some(0xdeadbeef)), language: Some("en-US".into()) },
                    Transcript { file: file("captions.fr.srt", None), language: Some("fr".into()) },
                ],
            },
            Video {
                file: file("screen.mp4", Some(7)),
                stream_type: StreamType::Secondary,
                start_ms: 6_775,
                transcripts: vec![],
            },
            Video {
                file: file("room.m4a", None),
                stream_type: StreamType::Audio,
                start_ms: 10_000,
                transcripts: vec![],
            },
        ],
        tags: vec!["week 1".into(), "<tag>".into()],
    }
}

fn hostile_titles() -> Vec<(&'static str, String)> {
    vec![
        ("script", "<script>alert('x')</script>".to_string()),
        ("entity", "Fish &amp; chips & more".to_string()),
        ("cdata-end", "a ]]> b <![CDATA[ c ]]>".to_string()),
        ("quotes", "\"double\" and 'single' quotes".to_string()),
        ("emoji", "Lecture 🎓📹 — 数学 Ω".to_string()),
        ("rtl", "محاضرة \u{202B}الأسبوع\u{202C} 1 עברית".to_string()),
        ("long", "x".repeat(9_990) + "<&>\"'"),
        ("whitespace", "  spaced\ttabbed\r\nnewline  ".to_string()),
    ]
}

#[test]
fn generated_manifests_validate_against_the_official_xsd() {
    let mut checked = 0;
    for (name, title) in hostile_titles() {
        for (variant, m) in [
            (
                "minimal",
                Manifest { description: None, tags: vec![], videos: vec![full("").videos[2].clone()], ..full(&title) },
            ),
            ("full", full(&title)),
        ] {
            let xml = m.to_xml().unwrap();
            xmllint(&format!("{name}-{variant}"), &xml).unwrap_or_else(|e| panic!("{name}-{variant}: {e}\n{xml}"));
            checked += 1;
        }
    }
    assert_eq!(checked, 16);
}

#[test]
fn user_text_survives_exactly() {
    for (name, title) in hostile_titles() {
        let xml = full(&title).to_xml().unwrap();
        let items = flatten(&xml).unwrap();
        let get = |p: &str| items.iter().find(|(k, _)| k == p).map(|(_, v)| v.clone()).unwrap();
        assert_eq!(get("Session/Title"), title, "{name}");
        assert_eq!(get("Session/Videos/Video/File"), "camera & mic <1>.mp4");
        assert_eq!(get("Session/Tags/Tag"), "week 1");
        assert!(xml.contains("<File Checksum=\"10ba731f\">camera &amp; mic &lt;1&gt;.mp4</File>"));
        assert!(xml.contains("<Start>PT6.775S</Start>"));
        assert!(xml.contains("<LCID>en-US</LCID>"));
    }
}

#[test]
fn the_xsd_check_really_rejects_schema_violations() {
    // Guards the guard: if xmllint accepted anything, the test above would prove nothing.
    let good = full("t").to_xml().unwrap();
    let type_before_file = good.replacen("<Start>PT0S</Start>", "<Type>Primary</Type><Start>PT0S</Start>", 1);
    assert!(xmllint("bad-order", &type_before_file).is_err());
    let bad_checksum = good.replacen("Checksum=\"10ba731f\"", "Checksum=\"xyz\"", 1);
    assert!(xmllint("bad-checksum", &bad_checksum).is_err());
    let no_title = good.replacen("<Title>t</Title>", "", 1);
    assert!(xmllint("no-title", &no_title).is_err());
    let bad_type = good.replacen("<Type>Audio</Type>", "<Type>Camera</Type>", 1);
    assert!(xmllint("bad-type", &bad_type).is_err());
}
