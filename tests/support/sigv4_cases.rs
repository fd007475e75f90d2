//! Runs the official SigV4 suites (vendored in tests/sigv4, Apache-2.0, see the LICENSE and
//! NOTICE files there) against our signer. Shared by the host conformance test (which reads
//! every case from disk) and the wasm test (which embeds the files with `include_str!`).
//!
//! Each case checks the canonical request and the string to sign separately from the
//! signature, so a failure says which half of the algorithm is wrong.

use panopto_uploader::core::amz_date::AmzDate;
use panopto_uploader::core::sigv4::{self, Credentials, PayloadHash, RequestToSign, SessionTokenMode, SigningParams};
use panopto_uploader::core::uri_encode::parse_query;

/// A parsed `request.txt` / `.req`.
pub struct RawRequest {
    pub method: String,
    pub path: String,
    pub query: Vec<(String, String)>,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

/// `METHOD PATH[?QUERY] HTTP/1.1`, `Name:value` lines (a line starting with white space
/// continues the previous value), a blank line, the body. The path may contain spaces.
pub fn parse_request(text: &str) -> RawRequest {
    let (head, body) = match text.split_once("\n\n") {
        Some((h, b)) => (h, b.to_string()),
        None => (text, String::new()),
    };
    let mut lines = head.lines();
    let first = lines.next().expect("request line");
    let (method, rest) = first.split_once(' ').expect("method");
    let target = rest.rsplit_once(' ').map(|(t, _)| t).unwrap_or(rest);
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let mut headers: Vec<(String, String)> = Vec::new();
    for line in lines {
        if line.starts_with(' ') || line.starts_with('\t') {
            let last = headers.last_mut().expect("continuation after a header");
            last.1.push('\n');
            last.1.push_str(line);
        } else if let Some((n, v)) = line.split_once(':') {
            headers.push((n.to_string(), v.to_string()));
        }
    }
    RawRequest { method: method.to_string(), path: path.to_string(), query: parse_query(query), headers, body }
}

fn trim(s: &str) -> &str {
    s.trim_end_matches('\n')
}

fn assert_eq_named(case: &str, what: &str, got: &str, want: &str) -> Result<(), String> {
    if trim(got) == trim(want) {
        Ok(())
    } else {
        Err(format!("{case}: {what} differs\n--- got ---\n{got}\n--- want ---\n{want}"))
    }
}

/// Loads one file of a case by name (`request.txt`, `header-signature.txt`, …).
pub type Loader<'a> = &'a dyn Fn(&str) -> Option<String>;

/// One `crt-v4` case: header variant, and the query (presigned) variant unless
/// `header_only`. Returns how many variants passed.
pub fn run_crt_case(case: &str, load: Loader, header_only: bool) -> Result<usize, String> {
    let ctx: serde_json::Value =
        serde_json::from_str(&load("context.json").ok_or("no context.json")?).map_err(|e| e.to_string())?;
    let req = parse_request(&load("request.txt").ok_or("no request.txt")?);
    let c = &ctx["credentials"];
    let creds = Credentials {
        access_key_id: c["access_key_id"].as_str().unwrap().into(),
        secret_access_key: c["secret_access_key"].as_str().unwrap().into(),
        session_token: c["token"].as_str().map(String::from),
    };
    let omit_token = ctx["omit_session_token"].as_bool().unwrap_or(false);
    let params = SigningParams {
        credentials: &creds,
        region: ctx["region"].as_str().unwrap(),
        service: ctx["service"].as_str().unwrap(),
        time: AmzDate::parse_rfc3339_utc(ctx["timestamp"].as_str().unwrap())?,
        session_token_mode: if omit_token { SessionTokenMode::AppendedAfterSigning } else { SessionTokenMode::Signed },
    };
    let sign_body = ctx["sign_body"].as_bool().unwrap_or(false);
    let payload = match ctx["signed_body_value"].as_str() {
        Some("UNSIGNED-PAYLOAD") => PayloadHash::Unsigned,
        Some(other) => return Err(format!("{case}: unexpected signed_body_value {other}")),
        None if sign_body => PayloadHash::of(req.body.as_bytes()),
        None => PayloadHash::empty(),
    };
    let to_sign = RequestToSign { method: &req.method, path: &req.path, query: &req.query, headers: &req.headers };

    let h = sigv4::sign_headers(&to_sign, &params, &payload, sign_body).map_err(|e| format!("{e:?}"))?;
    assert_eq_named(
        case,
        "header canonical request",
        &h.canonical_request,
        &load("header-canonical-request.txt").unwrap(),
    )?;
    assert_eq_named(case, "header string to sign", &h.string_to_sign, &load("header-string-to-sign.txt").unwrap())?;
    assert_eq_named(case, "header signature", &h.signature, &load("header-signature.txt").unwrap())?;
    let signed_req = load("header-signed-request.txt").unwrap();
    let want_auth = signed_req.lines().find_map(|l| l.strip_prefix("Authorization:")).ok_or("no Authorization line")?;
    let got_auth = &h.headers.last().unwrap().1;
    assert_eq_named(case, "Authorization header", got_auth, want_auth.trim())?;
    if header_only {
        return Ok(1);
    }

    let expires = ctx["expiration_in_seconds"].as_u64().unwrap_or(3600);
    let q = sigv4::presign(&to_sign, &params, expires, &payload).map_err(|e| format!("{e:?}"))?;
    assert_eq_named(
        case,
        "query canonical request",
        &q.canonical_request,
        &load("query-canonical-request.txt").unwrap(),
    )?;
    assert_eq_named(case, "query string to sign", &q.string_to_sign, &load("query-string-to-sign.txt").unwrap())?;
    assert_eq_named(case, "query signature", &q.signature, &load("query-signature.txt").unwrap())?;
    // The expected signed request orders X-Amz-* differently; the pairs must be the same.
    let want_line = load("query-signed-request.txt").unwrap();
    let want_req = parse_request(&want_line);
    let mut want = want_req.query;
    let mut got = parse_query(&q.query_string);
    want.sort();
    got.sort();
    if want != got {
        return Err(format!("{case}: presigned query differs\n got {got:?}\nwant {want:?}"));
    }
    Ok(2)
}

/// One classic (2015) case: `.req` already holds `X-Amz-Date` (the signer writes its own);
/// the body is always hashed and no `x-amz-content-sha256` header is added.
pub fn run_classic_case(case: &str, load: Loader) -> Result<(), String> {
    let mut req = parse_request(&load("req").ok_or("no .req")?);
    let date = req
        .headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("x-amz-date"))
        .map(|(_, v)| v.clone())
        .ok_or("no X-Amz-Date")?;
    let mut creds = Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    if let Some(i) = req.headers.iter().position(|(n, _)| n.eq_ignore_ascii_case("x-amz-security-token")) {
        creds.session_token = Some(req.headers.remove(i).1);
    }
    if case.ends_with("get-vanilla-with-session-token") {
        // Upstream's .req omits the token that its .creq signs (see INDEX.tsv).
        creds.session_token = Some("6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267".into());
    }
    let params = SigningParams {
        credentials: &creds,
        region: "us-east-1",
        service: "service",
        time: AmzDate::parse(&date)?,
        session_token_mode: SessionTokenMode::Signed,
    };
    let to_sign = RequestToSign { method: &req.method, path: &req.path, query: &req.query, headers: &req.headers };
    let h = sigv4::sign_headers(&to_sign, &params, &PayloadHash::of(req.body.as_bytes()), false)
        .map_err(|e| format!("{e:?}"))?;
    assert_eq_named(case, "canonical request", &h.canonical_request, &load("creq").unwrap())?;
    assert_eq_named(case, "string to sign", &h.string_to_sign, &load("sts").unwrap())?;
    assert_eq_named(case, "Authorization", &h.headers.last().unwrap().1, &load("authz").unwrap())?;
    Ok(())
}

/// The S3 API Reference examples. The streaming (aws-chunked) example is skipped on
/// purpose: the browser path never uses it and the signer refuses its headers.
pub fn run_s3_doc_examples(json: &str) -> Result<usize, String> {
    let doc: serde_json::Value = serde_json::from_str(json).map_err(|e| e.to_string())?;
    let creds = Credentials::new(doc["access_key_id"].as_str().unwrap(), doc["secret_access_key"].as_str().unwrap());
    let time = AmzDate::parse(doc["amz_date"].as_str().unwrap())?;
    let params = SigningParams {
        credentials: &creds,
        region: "us-east-1",
        service: "s3",
        time,
        session_token_mode: SessionTokenMode::Signed,
    };
    let key = sigv4::signing_key(&creds.secret_access_key, &time.date_stamp(), "us-east-1", "s3");
    assert_eq_named(
        "doc",
        "signing key",
        &panopto_uploader::core::checksum::to_hex(&key),
        doc["signing_key_hex"].as_str().unwrap(),
    )?;
    let mut ran = 0;
    for ex in doc["examples"].as_array().unwrap() {
        let name = ex["name"].as_str().unwrap();
        let want = |k: &str| ex[k].as_str().unwrap().to_string();
        if name.starts_with("chunked") {
            continue;
        }
        if name.starts_with("presigned") {
            let headers = vec![("Host".to_string(), "examplebucket.s3.amazonaws.com".to_string())];
            let req = RequestToSign { method: "GET", path: "/test.txt", query: &[], headers: &headers };
            let q = sigv4::presign(&req, &params, 86_400, &PayloadHash::Unsigned).map_err(|e| format!("{e:?}"))?;
            assert_eq_named(name, "canonical request", &q.canonical_request, &want("canonical_request"))?;
            assert_eq_named(name, "string to sign", &q.string_to_sign, &want("string_to_sign"))?;
            let url = format!("https://examplebucket.s3.amazonaws.com/test.txt?{}", q.query_string);
            assert_eq_named(name, "url", &url, &want("url"))?;
        } else {
            // The request line is printed without its leading `/` in one doc example.
            let text = want("request").replacen("PUT test$", "PUT /test$", 1);
            let mut req = parse_request(&text);
            req.headers.retain(|(n, _)| !n.eq_ignore_ascii_case("x-amz-date"));
            let sha = req
                .headers
                .iter()
                .position(|(n, _)| n.eq_ignore_ascii_case("x-amz-content-sha256"))
                .map(|i| req.headers.remove(i).1.trim().to_string())
                .unwrap();
            assert_eq!(sha, sigv4::sha256_hex(req.body.as_bytes()), "{name}: body hash");
            let to_sign =
                RequestToSign { method: &req.method, path: &req.path, query: &req.query, headers: &req.headers };
            let h = sigv4::sign_headers(&to_sign, &params, &PayloadHash::Sha256(sha), true)
                .map_err(|e| format!("{e:?}"))?;
            assert_eq_named(name, "canonical request", &h.canonical_request, &want("canonical_request"))?;
            assert_eq_named(name, "string to sign", &h.string_to_sign, &want("string_to_sign"))?;
            assert_eq_named(name, "Authorization", &h.headers.last().unwrap().1, &want("authorization"))?;
        }
        assert!(!ex["signature"].is_null());
        ran += 1;
    }
    Ok(ran)
}
