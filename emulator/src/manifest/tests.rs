use super::validate::{validate, FileRef};
use std::path::{Path, PathBuf};

fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/ucs/samples")
}

fn all_xml(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            all_xml(&p, out);
        } else if p.extension().is_some_and(|x| x == "xml") {
            out.push(p);
        }
    }
}

#[test]
fn every_sample_gets_the_expected_verdict() {
    let mut files = vec![];
    all_xml(&samples(), &mut files);
    assert!(files.len() >= 15, "samples not found under {}", samples().display());
    let mut checked = 0;
    for f in files {
        let rel = f.strip_prefix(samples()).unwrap().to_string_lossy().replace('\\', "/");
        let text = std::fs::read_to_string(&f).unwrap();
        let res = validate(&text);
        let expect_ok = !(rel.contains("missing-required-fields")
            || rel.ends_with("plenitude.xml")
            || rel.ends_with("upload_manifest_template.xml")
            || rel.ends_with("library.xml")
            || rel.ends_with("root.xml"));
        assert_eq!(res.is_ok(), expect_ok, "{rel}: {res:?}");
        checked += 1;
    }
    assert!(checked >= 15);
}

#[test]
fn sample_messages_are_specific() {
    let read = |p: &str| std::fs::read_to_string(samples().join(p)).unwrap();
    let e = validate(&read("Panopto+SessionUploadExample/SessionUploadExample/Tests/plenitude.xml")).unwrap_err();
    assert_eq!(e, "Session/Videos/Video[1]: expected <Type> after <TableOfContents>, found <Transcripts>");
    let e = validate(&read("Panopto+universal-content-library-specification/tools/test-content/missing-required-fields/cd695735-6a35-405f-9f84-9ae16e2c4aed/ucs.xml")).unwrap_err();
    assert_eq!(e, "Session: missing required element <Title>");
    let e = validate(&read("Panopto+upload-python-sample/simplest/upload_manifest_template.xml")).unwrap_err();
    assert_eq!(e, "Session/Date: '{Date}' is not a valid xs:dateTime");
}

#[test]
fn collects_references_with_checksums() {
    let text = std::fs::read_to_string(
        samples().join("Panopto+universal-content-library-specification/samples/video-only/primary-video-only/ucs.xml"),
    )
    .unwrap();
    let v = validate(&text).unwrap();
    assert_eq!(v.version, 2);
    assert_eq!(
        v.refs,
        vec![FileRef {
            path: "Videos/Video[1]/File".into(),
            name: "example.mp4".into(),
            checksum: Some("10ba731f".into())
        }]
    );
    let text = std::fs::read_to_string(samples().join(
        "Panopto+SessionUploadExample/SessionUploadExample/Tests/primary_and_secondary_videos_and_ppt_and_cuts.xml",
    ))
    .unwrap();
    let v = validate(&text).unwrap();
    assert_eq!(v.version, 1);
    assert!(v.refs.len() >= 3, "{:?}", v.refs);
}

const HEAD: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<Session xmlns="http://tempuri.org/UniversalCaptureSpecification/v1" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#;

fn doc(body: &str) -> String {
    format!("{HEAD}{body}</Session>")
}

/// Hand-made documents, each with the validator's expected verdict; every one is cross-checked
/// against xmllint with the real XSD when xmllint is installed.
fn cases() -> Vec<(&'static str, String, bool)> {
    let v = |inner: &str| doc(&format!("<Title>t</Title><Videos><Video>{inner}</Video></Videos>"));
    vec![
        ("minimal", doc("<Title>t</Title>"), true),
        ("all-any-order", doc("<ThumbnailTime>PT5S</ThumbnailTime><Tags><Tag>a</Tag></Tags><Title>t</Title><Date>2018-05-09T10:00:00Z</Date>"), true),
        ("no-title", doc("<Description>d</Description>"), false),
        ("title-twice", doc("<Title>t</Title><Title>u</Title>"), false),
        ("unknown-element", doc("<Title>t</Title><Bogus/>"), false),
        ("video-ok", v("<Start>PT0S</Start><File Checksum=\"10BA731f\">a.mp4</File><Type>Primary</Type>"), true),
        ("video-full", v("<Title>x</Title><Start>PT0S</Start><File>a.mp4</File><LocalFilename>c:\\a.mp4</LocalFilename><Bitrate>100</Bitrate><FileType>mp4</FileType><Renditions><Rendition><Bitrate>5</Bitrate><File>r.mp4</File></Rendition></Renditions><Cuts><Cut><Duration>PT1S</Duration><Start>PT0S</Start></Cut></Cuts><TableOfContents><Entry><Time>PT1S</Time><Title>e</Title></Entry></TableOfContents><Type>Audio</Type><Transcripts><Transcript><File>t.srt</File><LCID>en-US</LCID><Visible>false</Visible></Transcript></Transcripts>"), true),
        ("video-wrong-order", v("<File>a.mp4</File><Start>PT0S</Start><Type>Primary</Type>"), false),
        ("video-no-type", v("<Start>PT0S</Start><File>a.mp4</File>"), false),
        ("video-bad-type", v("<Start>PT0S</Start><File>a.mp4</File><Type>primary</Type>"), false),
        ("video-type-space", v("<Start>PT0S</Start><File>a.mp4</File><Type> Primary</Type>"), false),
        ("bad-checksum-attr", v("<Start>PT0S</Start><File Checksum=\"10ba731\">a.mp4</File><Type>Primary</Type>"), false),
        ("unknown-attr", v("<Start>PT0S</Start><File Size=\"1\">a.mp4</File><Type>Primary</Type>"), false),
        ("bad-duration", v("<Start>5 seconds</Start><File>a.mp4</File><Type>Primary</Type>"), false),
        ("duration-padded", v("<Start> PT5S </Start><File>a.mp4</File><Type>Primary</Type>"), false),
        ("duration-decimal-forms", v("<Title>x</Title><Start>PT5.S</Start><File>a.mp4</File><Type>Primary</Type><Transcripts/>"), true),
        ("date-padded", doc("<Title>t</Title><Date> 2018-01-30T00:00:00Z </Date>"), false),
        ("date-year-zero", doc("<Title>t</Title><Date>0000-01-30T00:00:00Z</Date>"), false),
        ("date-24h", doc("<Title>t</Title><Date>2018-01-30T24:00:00Z</Date>"), true),
        ("integer-padded", v("<Start>PT0S</Start><File>a.mp4</File><Bitrate> 5 </Bitrate><Type>Primary</Type>"), true),
        ("guid-padded", doc("<Title>t</Title><Extensions><Extension><ExtensionId> 3d33d2b0-b1b9-4f1f-bc72-5d9aa797f251</ExtensionId></Extension></Extensions>"), false),
        ("no-namespace-child", doc("<Title>t</Title><Tags xmlns=\"\"/>"), false),
        ("bad-date", doc("<Title>t</Title><Date>2018-02-30T00:00:00Z</Date>"), false),
        ("date-no-tz", doc("<Title>t</Title><Date>2018-01-30T00:00:00.5</Date>"), true),
        ("bad-integer", v("<Start>PT0S</Start><File>a.mp4</File><Bitrate>1.5</Bitrate><Type>Primary</Type>"), false),
        ("bad-boolean", v("<Start>PT0S</Start><File>a.mp4</File><Type>Primary</Type><Transcripts><Transcript><File>t</File><Visible>yes</Visible></Transcript></Transcripts>"), false),
        ("attachment-no-mime", doc("<Title>t</Title><Attachments><Attachment><File>a.pdf</File></Attachment></Attachments>"), false),
        ("presentation-no-slidechanges", doc("<Title>t</Title><Presentations><Presentation><Start>PT0S</Start><File>p.pptx</File></Presentation></Presentations>"), false),
        ("slidechange-ok", doc("<Title>t</Title><Presentations><Presentation><SlideChanges><SlideChange><SlideNumber>1</SlideNumber><Time>PT1S</Time><Title>s</Title></SlideChange></SlideChanges><File>p.pptx</File><Start>PT0S</Start></Presentation></Presentations>"), true),
        ("image-no-time", doc("<Title>t</Title><Images><Image><File>i.png</File></Image></Images>"), false),
        ("creator-order", doc("<Title>t</Title><Creator><Email>e</Email><FirstName>f</FirstName></Creator>"), false),
        ("creator-ok", doc("<Title>t</Title><Creator><FirstName>f</FirstName><Email>e</Email></Creator>"), true),
        ("extension-ok", doc("<Title>t</Title><Extensions><Extension><ExtensionId>3d33d2b0-b1b9-4f1f-bc72-5d9aa797f251</ExtensionId></Extension></Extensions>"), true),
        ("extension-bad-guid", doc("<Title>t</Title><Extensions><Extension><ExtensionId>{3d33d2b0-b1b9-4f1f-bc72-5d9aa797f251}</ExtensionId></Extension></Extensions>"), false),
        ("text-in-complex", doc("<Title>t</Title><Videos>oops</Videos>"), false),
        ("element-in-simple", doc("<Title><b>t</b></Title>"), false),
        ("tag-repeated", doc("<Title>t</Title><Tags><Tag>a</Tag><Tag>b</Tag></Tags>"), true),
    ]
}

#[test]
fn hand_made_cases() {
    for (name, xml, ok) in cases() {
        let r = validate(&xml);
        assert_eq!(r.is_ok(), ok, "{name}: {r:?}");
    }
    // Namespace is required.
    let e = validate("<Session><Title>t</Title></Session>").unwrap_err();
    assert!(e.contains("must be in namespace http://tempuri.org/UniversalCaptureSpecification/v1"), "{e}");
    let e = validate(&doc(
        "<Title>t</Title><Videos><Video><Start>PT0S</Start><File>a.mp4</File><Transcripts/></Video></Videos>",
    ))
    .unwrap_err();
    assert_eq!(e, "Session/Videos/Video[1]: expected <Type> after <File>, found <Transcripts>");
}

#[test]
fn agrees_with_xmllint() {
    let xsd = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/ucs/universal-capture-2.1.xsd");
    if std::process::Command::new("xmllint").arg("--version").output().is_err() {
        eprintln!("xmllint not installed; skipping the cross-check");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for (name, xml, ok) in cases() {
        let p = dir.path().join(format!("{name}.xml"));
        std::fs::write(&p, &xml).unwrap();
        let out =
            std::process::Command::new("xmllint").arg("--noout").arg("--schema").arg(&xsd).arg(&p).output().unwrap();
        assert_eq!(out.status.success(), ok, "{name}: xmllint says {}", String::from_utf8_lossy(&out.stderr));
    }
}
