//! REST API v1 folders: the default tree (top level, paging, breadcrumbs, search), its errors,
//! throttling with --api-429-every, and --folders-file (valid, and every way it can be wrong).
mod common;
use common::*;
use serde_json::json;

#[test]
fn default_tree_top_level_paging_and_breadcrumbs() {
    let emu = Emu::start(&[]);
    let top = emu.names(TOKEN, &format!("/folders/{TOP}/children"));
    let want = [
        "Archive",
        "Faculty of Arts and Humanities",
        "Faculty of Engineering",
        "Faculty of Medicine",
        "Faculty of Science",
    ];
    assert_eq!(top, want);
    let desc = emu.names(TOKEN, &format!("/folders/{TOP}/children?sortField=Name&sortOrder=Desc"));
    assert_eq!(desc, want.iter().rev().map(|s| s.to_string()).collect::<Vec<_>>());
    let v = emu.api(TOKEN, &format!("/folders/{TOP}/children"));
    let keys: Vec<&String> = v["Results"][0].as_object().unwrap().keys().collect();
    assert_eq!(keys, ["Id", "Name", "ParentFolder", "Urls"]);
    assert_eq!(v["Results"][0]["ParentFolder"], serde_json::Value::Null);
    let urls: Vec<&String> = v["Results"][0]["Urls"].as_object().unwrap().keys().collect();
    assert_eq!(urls, ["FolderUrl", "EmbedUrl", "ShareSettingsUrl"]);

    // Computer Science has two pages of courses.
    let eng = emu.child_id(TOKEN, TOP, "Faculty of Engineering");
    let cs = emu.child_id(TOKEN, &eng, "Computer Science");
    let mut all = vec![];
    for page in 0.. {
        let names = emu.names(TOKEN, &format!("/folders/{cs}/children?pageNumber={page}&sortField=Name&sortOrder=Asc"));
        if names.is_empty() {
            assert_eq!(page, 2);
            break;
        }
        assert_eq!(names.len(), if page == 0 { 10 } else { 2 });
        all.extend(names);
    }
    assert_eq!(all.len(), 12);
    assert_eq!(
        (all[0].as_str(), all[11].as_str()),
        ("CS 101 Introduction to Programming", "CS 340 Distributed Systems")
    );
    let cs101 = emu.child_id(TOKEN, &cs, "CS 101 Introduction to Programming");
    assert_eq!(emu.names(TOKEN, &format!("/folders/{cs101}/children")), ["Labs", "Lectures"]);
    assert_eq!(emu.child_id(TOKEN, &cs101, "Lectures"), FOLDER);

    // Breadcrumb: ParentFolder up to the top.
    let mut crumbs = vec![];
    let mut id = FOLDER.to_string();
    loop {
        let f = emu.api(TOKEN, &format!("/folders/{id}"));
        assert_eq!(f["Id"], id.as_str());
        crumbs.push(f["Name"].as_str().unwrap().to_string());
        match f["ParentFolder"]["Id"].as_str() {
            Some(p) => id = p.to_string(),
            None => break,
        }
    }
    assert_eq!(
        crumbs,
        ["Lectures", "CS 101 Introduction to Programming", "Computer Science", "Faculty of Engineering"]
    );

    // A smaller page size pages the top level too.
    let small = Emu::start(&["--api-page-size", "2"]);
    assert_eq!(small.names(TOKEN, &format!("/folders/{TOP}/children?pageNumber=2")), ["Faculty of Science"]);
    assert!(small.names(TOKEN, &format!("/folders/{TOP}/children?pageNumber=3")).is_empty());
}

#[test]
fn search_and_errors() {
    let emu = Emu::start(&[]);
    // 26 courses have Lectures, and 4 archived ones: three pages of ten.
    let page =
        |p: usize| emu.api(TOKEN, &format!("/folders/search?searchQuery=LECTURES&pageNumber={p}"))["Results"].clone();
    assert_eq!((page(0).as_array().unwrap().len(), page(2).as_array().unwrap().len()), (10, 10));
    assert_eq!(page(3), json!([]));
    assert!(page(1)
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["Name"] == "Lectures" && f["ParentFolder"]["Name"].is_string()));
    let cs = emu.names(TOKEN, "/folders/search?searchQuery=introduction%20to%20prog");
    assert_eq!(cs, vec!["CS 101 Introduction to Programming"; 3]);

    let status = |path: &str| emu.get_as(TOKEN, &format!("{API}{path}"));
    let msg = |path: &str, want: u16| {
        let r = status(path);
        assert_eq!(r.status, want, "{path}: {}", r.text());
        r.json()["Message"].as_str().unwrap().to_string()
    };
    assert!(msg("/folders/search", 400).contains("searchQuery is required"));
    assert!(msg("/folders/search?searchQuery=%20", 400).contains("searchQuery is empty"));
    assert!(msg(&format!("/folders/{TOP}"), 400).contains("top level"));
    assert!(msg(&format!("/folders/{TOP}/sessions"), 400).contains("top level"));
    let unknown = "6f1c2a71-9d4e-4b6a-8c15-7e2f0a9d4b31";
    assert!(msg(&format!("/folders/{unknown}"), 404).contains("was not found"));
    assert!(msg(&format!("/folders/{unknown}/children"), 404).contains("was not found"));
    assert!(msg(&format!("/folders/{unknown}/sessions"), 404).contains("was not found"));
    assert!(msg(&format!("/sessions/{unknown}"), 404).contains("was not found"));
    assert!(msg("/folders/not-a-guid", 400).contains("not a valid GUID"));
    assert!(msg(&format!("/folders/{TOP}/children?pageNumber=-1"), 400).contains("pageNumber"));
    assert!(msg(&format!("/folders/{TOP}/children?sortOrder=Up"), 400).contains("sortOrder"));
    assert!(msg(&format!("/folders/{TOP}/children?sortField=Size"), 400).contains("sortField"));
    assert!(msg("/sessions/search?searchQuery=", 400).contains("searchQuery"));
    assert!(msg("/nothing/here", 404).contains("No HTTP resource"));
    // Paths match case-insensitively, like the rest of the REST API.
    assert_eq!(emu.get_as(TOKEN, &format!("/panopto/API/V1/Folders/{FOLDER}")).status, 200);
    let r = emu.req("DELETE", &format!("{API}/folders/{FOLDER}"), &[("Authorization", "Bearer dev-token")], b"");
    assert_eq!((r.status, r.header("allow")), (405, Some("GET")));
    for auth in [None, Some("Bearer nope"), Some("Basic ZGV2LXRva2Vu")] {
        let h: Vec<(&str, &str)> = auth.map(|a| ("Authorization", a)).into_iter().collect();
        let r = emu.req("GET", &format!("{API}/folders/{FOLDER}"), &h, b"");
        assert_eq!((r.status, r.header("www-authenticate")), (401, Some("Bearer")), "{auth:?}");
        assert_eq!(r.json()["Message"], "Authorization has been denied for this request.");
    }
}

#[test]
fn every_nth_request_is_throttled_with_retry_after() {
    let emu = Emu::start(&["--api-429-every", "3"]);
    let path = format!("{API}/folders/{FOLDER}");
    let statuses: Vec<u16> = (0..7).map(|_| emu.get_as(TOKEN, &path).status).collect();
    assert_eq!(statuses, [200, 200, 429, 200, 200, 429, 200]);
    assert_eq!(emu.get_as(TOKEN, &path).status, 200);
    let r = emu.get_as(TOKEN, &path);
    assert_eq!((r.status, r.header("retry-after")), (429, Some("1")));
    assert!(r.json()["Message"].as_str().unwrap().contains("Too many requests"));
    let st = emu.stats();
    assert_eq!((st["ApiRequests"].as_u64(), st["ApiThrottled"].as_u64()), (Some(9), Some(3)), "{st}");
    // Other APIs are not throttled.
    assert!((0..4).all(|_| emu.get_upload(emu.create_session()["ID"].as_str().unwrap())["State"] == 0));
}

const A: &str = "a0000000-0000-4000-8000-000000000001";
const B: &str = "b0000000-0000-4000-8000-000000000002";
const C: &str = "c0000000-0000-4000-8000-000000000003";
const EXTRA: &str = "e0000000-0000-4000-8000-00000000000e";

fn write_folders(v: serde_json::Value) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("folders.json");
    std::fs::write(&p, serde_json::to_vec(&v).unwrap()).unwrap();
    (dir, p.display().to_string())
}

#[test]
fn folders_file_replaces_the_tree_and_folder_flags_add_to_it() {
    let (_d, path) = write_folders(json!([
        {"Id": A, "Name": "School", "ParentId": null},
        {"Id": B, "Name": "Open course", "ParentId": A, "CanCreate": true},
        {"Id": C, "Name": "Closed course", "ParentId": A, "CanCreate": false},
    ]));
    let emu = Emu::start(&["--folders-file", &path, "--folder", EXTRA]);
    assert_eq!(emu.names(TOKEN, &format!("/folders/{TOP}/children")), [format!("Folder {EXTRA}"), "School".into()]);
    assert_eq!(emu.names(TOKEN, &format!("/folders/{A}/children")), ["Closed course", "Open course"]);
    assert_eq!(emu.api(TOKEN, &format!("/folders/{C}"))["ParentFolder"], json!({"Id": A, "Name": "School"}));
    let r = emu.session_upload_as(TOKEN, C);
    assert_eq!(r.status, 403);
    assert_eq!(r.json()["Message"], "You do not have permission to create sessions in the folder 'Closed course'.");
    for ok in [B, A, EXTRA] {
        assert_eq!(emu.session_upload_as(TOKEN, ok).status, 201, "{ok}");
    }
    assert_eq!(emu.session_upload_as(TOKEN, FOLDER).status, 404, "the default tree is gone");
    let tree = emu.req("GET", "/_emulator/folders", &[], b"").json();
    assert_eq!(tree["Count"], 4);
    let school = tree["Folders"].as_array().unwrap().iter().find(|f| f["Id"] == A).unwrap().clone();
    let closed = school["Children"].as_array().unwrap().iter().find(|f| f["Id"] == C).unwrap().clone();
    assert_eq!((closed["CanCreate"].clone(), closed["ParentId"].clone()), (json!(false), json!(A)));
}

#[test]
fn invalid_folders_files_stop_the_emulator_with_a_clear_message() {
    let start = |path: &str| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_panopto-emulator"))
            .args(["--listen", "127.0.0.1:0", "--data-dir"])
            .arg(tempfile::tempdir().unwrap().path().join("d"))
            .args(["--folders-file", path])
            .output()
            .unwrap();
        assert!(!out.status.success(), "{path} started");
        assert!(!String::from_utf8_lossy(&out.stdout).contains("listening"));
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let f = |v: serde_json::Value, want: &[&str]| {
        let (_d, path) = write_folders(v.clone());
        let err = start(&path);
        assert!(err.contains(&format!("--folders-file {path}")), "{err}");
        for w in want {
            assert!(err.contains(w), "{v}: '{w}' not in {err}");
        }
    };
    f(json!([{"Id": A, "Name": "X", "ParentId": B}]), &["has ParentId", B, "no folder in the tree"]);
    f(json!([{"Id": A, "Name": "X", "ParentId": B}, {"Id": B, "Name": "Y", "ParentId": A}]), &["cycle", "'X'", "'Y'"]);
    f(json!([{"Id": A, "Name": "X"}, {"Id": A, "Name": "Y"}]), &["used twice", "'X'", "'Y'"]);
    f(json!([{"Id": A, "Name": "X", "ParentID2": null}]), &["entry 1", "unknown property 'ParentID2'"]);
    f(json!([{"Id": "nope", "Name": "X"}]), &["'nope' is not a GUID"]);
    f(json!([{"Id": A, "Name": "X"}, {"Id": B}]), &["entry 2", "Name is missing"]);
    f(json!({"Id": A}), &["JSON list"]);
    f(json!([{"Id": TOP, "Name": "X"}]), &["zero GUID"]);
    let (_d, path) = write_folders(json!([]));
    std::fs::write(&path, b"[{").unwrap();
    assert!(start(&path).contains("not valid JSON"));
    assert!(start("/no/such/folders.json").contains("cannot read it"));
}

#[test]
fn creator_folders_are_those_the_user_may_create_sessions_in() {
    let emu = Emu::start(&[]);
    // 26 courses have Lectures you may create in; the 4 archived ones (Archive is read-only)
    // are found by a search but are not creator folders.
    assert_eq!(emu.names(TOKEN, "/folders/search?searchQuery=lectures&pageNumber=2").len(), 10);
    let page = |p: usize| emu.api(TOKEN, &format!("/folders/creator?searchQuery=LECTURES&pageNumber={p}"));
    let sizes: Vec<usize> = (0..4).map(|p| page(p)["Results"].as_array().unwrap().len()).collect();
    assert_eq!(sizes, [10, 10, 6, 0]);
    let first = &page(0)["Results"][0];
    assert_eq!(first["Name"], "Lectures");
    assert!(first["ParentFolder"]["Name"].is_string(), "each with its parent, for its path: {first}");
    assert!(emu.names(TOKEN, "/folders/creator?searchQuery=archive").is_empty());
    // Without a search: every creatable folder, paged; the Archive's never.
    let mut all = vec![];
    for p in 0.. {
        let names = emu.names(TOKEN, &format!("/folders/creator?pageNumber={p}&sortOrder=Desc"));
        if names.is_empty() {
            break;
        }
        all.extend(names);
    }
    assert!(all.len() > 26 && !all.iter().any(|n| n == "Archive"), "{}", all.len());
    assert!(all.windows(2).all(|w| w[0].to_lowercase() >= w[1].to_lowercase()), "sorted by name, descending");
    let r = emu.req("GET", &format!("{API}/folders/creator"), &[], b"");
    assert_eq!(r.status, 401);
}
