//! Every S3-applicable case of the official SigV4 suites, read from tests/sigv4 (vendored
//! from ../shared/sigv4 with their Apache-2.0 LICENSE/NOTICE). Cases INDEX.tsv marks
//! `s3_style = no` assume path normalisation, which S3 never does; they are skipped and
//! counted, and their `*-unnormalized` twins (the S3 behaviour) run instead.
#![cfg(not(target_arch = "wasm32"))]

#[path = "support/sigv4_cases.rs"]
mod sigv4_cases;

use std::fs;
use std::path::{Path, PathBuf};

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sigv4")
}

/// (suite, case, s3_style) rows of INDEX.tsv.
fn index() -> Vec<(String, String, String)> {
    fs::read_to_string(dir().join("INDEX.tsv"))
        .unwrap()
        .lines()
        .skip(1)
        .map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            (c[0].to_string(), c[1].to_string(), c[4].to_string())
        })
        .collect()
}

#[test]
fn crt_v4_suite_header_and_query_variants() {
    let (mut passed, mut skipped, mut failures) = (0, Vec::new(), Vec::new());
    for (suite, case, s3) in index() {
        if suite != "crt-v4" {
            continue;
        }
        if s3 != "yes" {
            skipped.push(case);
            continue;
        }
        let base = dir().join("crt-v4").join(&case);
        let load = |f: &str| fs::read_to_string(base.join(f)).ok();
        match sigv4_cases::run_crt_case(&case, &load, false) {
            Ok(n) => passed += n,
            Err(e) => failures.push(e),
        }
    }
    println!("crt-v4: {passed} variants passed, {} cases skipped as non-S3: {skipped:?}", skipped.len());
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert_eq!(passed, 64, "32 S3-applicable cases x 2 variants");
    assert_eq!(skipped.len(), 6);
}

#[test]
fn crt_withdrawn_unsigned_payload_header_variant() {
    let base = dir().join("crt-v4-withdrawn/post-unsigned-payload");
    let load = |f: &str| fs::read_to_string(base.join(f)).ok();
    // Header variant only: the query variant reflects a reverted, VPC-Lattice-only change.
    assert_eq!(sigv4_cases::run_crt_case("post-unsigned-payload", &load, true), Ok(1));
}

#[test]
fn classic_suite() {
    let (mut passed, mut skipped, mut failures) = (0, 0, Vec::new());
    for (suite, case, s3) in index() {
        if suite != "classic-aws4_testsuite" {
            continue;
        }
        if s3 != "yes" {
            skipped += 1;
            continue;
        }
        let base = dir().join("classic-aws4_testsuite").join(&case);
        let name = Path::new(&case).file_name().unwrap().to_str().unwrap().to_string();
        let load = |ext: &str| fs::read_to_string(base.join(format!("{name}.{ext}"))).ok();
        match sigv4_cases::run_classic_case(&case, &load) {
            Ok(()) => passed += 1,
            Err(e) => failures.push(e),
        }
    }
    println!("classic: {passed} passed, {skipped} skipped as non-S3");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert_eq!((passed, skipped), (28, 6));
}

#[test]
fn s3_api_reference_examples() {
    let json = fs::read_to_string(dir().join("s3-doc-examples.json")).unwrap();
    assert_eq!(sigv4_cases::run_s3_doc_examples(&json), Ok(5));
}
