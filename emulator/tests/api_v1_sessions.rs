//! Sessions in REST API v1: a completed sessionUpload becomes a session in its folder (named by
//! the manifest's Title, created by the token's user), StreamUpload adds its stream, and folders
//! without create permission refuse both with 403.
mod common;
use common::*;
use serde_json::json;

#[test]
fn completed_uploads_become_sessions_with_title_creator_and_streams() {
    let emu = Emu::with_oauth(&[]);
    let teacher = emu.user_tokens("teacher", "openid api")["access_token"].as_str().unwrap().to_string();
    let (up1, s1) = emu.upload_titled(&teacher, FOLDER, "Week 1 & intro", "First lecture");
    assert!(emu.default_folder_sessions(&teacher).len() == 1);
    // Not yet complete: no session.
    let pending = emu.session_upload_as(&teacher, FOLDER).json();
    let (_up2, s2) = emu.upload_titled(TOKEN, FOLDER, "Week 2", "");

    let list = emu.default_folder_sessions(&teacher);
    let names: Vec<&str> = list.iter().map(|s| s["Name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Week 2", "Week 1 & intro"], "CreatedDate, newest first");
    let asc = emu.api(&teacher, &format!("/folders/{FOLDER}/sessions?sortField=CreatedDate&sortOrder=Asc"));
    assert_eq!(asc["Results"][0]["Id"], s1.as_str());
    let by_name = emu.names(&teacher, &format!("/folders/{FOLDER}/sessions?sortField=Name"));
    assert_eq!(by_name, ["Week 1 & intro", "Week 2"]);

    let s = emu.api(&teacher, &format!("/sessions/{s1}"));
    let keys: Vec<&String> = s.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["Id", "Name", "Description", "FolderDetails", "CreatedBy", "CreatedDate", "Urls", "Streams"]);
    assert_eq!(s["Name"], "Week 1 & intro");
    assert_eq!(s["Description"], "First lecture");
    assert_eq!(s["FolderDetails"], json!({"Id": FOLDER, "Name": "Lectures"}));
    assert_eq!(s["CreatedBy"], json!({"Username": "teacher"}));
    assert_eq!(s["CreatedDate"], emu.inspect(&up1)["CreatedAt"]);
    assert_eq!(s["Urls"]["ViewerUrl"], format!("http://{}/Panopto/Pages/Viewer.aspx?id={s1}", emu.addr));
    let streams = s["Streams"].as_array().unwrap();
    assert_eq!((streams.len(), streams[0]["StreamType"].as_str()), (1, Some("PrimaryVideo")));
    let w2 = emu.api(&teacher, &format!("/sessions/{s2}"));
    assert_eq!((w2["CreatedBy"]["Username"].as_str(), w2["Description"].clone()), (Some("admin"), json!(null)));

    // StreamUpload adds its stream to the session.
    let r = emu.rest(
        "POST",
        "/Panopto/PublicAPI/REST/upload",
        Some(&json!({"SessionID": s1, "StreamType": "SecondaryVideo"})),
    );
    assert_eq!(r.status, 201, "{}", r.text());
    let st = r.json();
    assert_eq!(emu.put_object(&emu.target_path(&st), "screen.mp4", &data(300, 4)).status, 200);
    assert_eq!(finish(&emu, &st, "upload").status, 200);
    let sid = st["ID"].as_str().unwrap();
    assert_eq!(emu.poll(&format!("/Panopto/PublicAPI/REST/upload/{sid}"), 4).0["State"], 4);
    let streams = emu.api(&teacher, &format!("/sessions/{s1}"))["Streams"].clone();
    assert_eq!(streams.as_array().unwrap().len(), 2, "{streams}");
    assert_eq!(streams[1], json!({"Id": sid, "StreamType": "SecondaryVideo"}));

    // Search by name, case-insensitive.
    assert_eq!(emu.names(&teacher, "/sessions/search?searchQuery=WEEK%201"), ["Week 1 & intro"]);
    assert_eq!(emu.names(&teacher, "/sessions/search?searchQuery=week").len(), 2);
    assert!(emu.names(&teacher, "/sessions/search?searchQuery=week&pageNumber=1").is_empty());

    // Inspection: who created each upload, its session and folder; the tree with session names.
    let ins = emu.inspect(&up1);
    assert_eq!(ins["CreatedBy"], "teacher");
    assert_eq!(ins["SessionFolder"], json!({"Id": FOLDER, "Name": "Lectures"}));
    assert_eq!(ins["Session"]["Name"], "Week 1 & intro");
    assert_eq!(emu.inspect(pending["ID"].as_str().unwrap())["Session"], json!(null));
    assert_eq!(emu.inspect(sid)["SessionFolder"]["Id"], FOLDER);
    let tree = emu.req("GET", "/_emulator/folders", &[], b"").json();
    assert_eq!((tree["Count"].as_u64(), tree["DefaultFolder"].as_str()), (Some(101), Some(FOLDER)));
    let mut found = None;
    let mut stack: Vec<serde_json::Value> = tree["Folders"].as_array().unwrap().clone();
    while let Some(f) = stack.pop() {
        if f["Id"] == FOLDER {
            found = Some(f.clone());
        }
        stack.extend(f["Children"].as_array().unwrap().iter().cloned());
    }
    let f = found.expect("default folder in /_emulator/folders");
    assert_eq!((f["CanCreate"].clone(), f["Sessions"].clone()), (json!(true), json!(["Week 1 & intro", "Week 2"])));
}

#[test]
fn folders_without_create_permission_refuse_sessions_and_streams() {
    let emu = Emu::start(&[]);
    let archive = emu.child_id(TOKEN, TOP, "Archive");
    let year = emu.child_id(TOKEN, &archive, "2022-23");
    let course = emu.child_id(TOKEN, &year, "CS 101 Introduction to Programming");
    let lectures = emu.child_id(TOKEN, &course, "Lectures");
    for id in [&archive, &year, &course, &lectures] {
        let r = emu.session_upload_as(TOKEN, id);
        assert_eq!(r.status, 403, "{id}");
        let name = emu.api(TOKEN, &format!("/folders/{id}"))["Name"].as_str().unwrap().to_string();
        assert_eq!(
            r.json(),
            json!({"Message": format!("You do not have permission to create sessions in the folder '{name}'.")})
        );
    }
    let tree = emu.req("GET", "/_emulator/folders", &[], b"").json();
    let a = tree["Folders"].as_array().unwrap().iter().find(|f| f["Name"] == "Archive").unwrap().clone();
    assert_eq!(a["CanCreate"], false);

    // A session whose folder lost create permission (another folders file after a restart)
    // takes no more streams, but stays listed.
    let tmp = tempfile::tempdir().unwrap();
    let (emu, _, session) = session_in_closed_folder(tmp.path(), TOKEN);
    let r = emu.rest("POST", "/Panopto/PublicAPI/REST/upload", Some(&json!({"SessionID": session})));
    assert_eq!(r.status, 403, "{}", r.text());
    assert_eq!(r.json()["Message"], "You do not have permission to create sessions in the folder 'Term 1'.");
    assert_eq!(emu.names(TOKEN, &format!("/folders/{CLOSED_FOLDER}/sessions")), ["Before the freeze"]);
    assert_eq!(emu.session_upload_as(TOKEN, CLOSED_FOLDER).status, 403);
}
