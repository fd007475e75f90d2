//! REST API v1 helpers: authorised GETs, walking the folder tree, and a whole session upload
//! (sessionUpload with a given token, media and a titled manifest through S3, State=1, Complete).

use super::{data, finish, Emu, Resp, FOLDER};
use serde_json::{json, Value};
use std::path::Path;

pub const API: &str = "/Panopto/api/v1";
pub const TOP: &str = "00000000-0000-0000-0000-000000000000";

pub fn titled_manifest(video: &str, title: &str, description: &str) -> String {
    let esc = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;");
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<Session xmlns="http://tempuri.org/UniversalCaptureSpecification/v1">
  <Title>{}</Title>
  <Description>{}</Description>
  <Videos><Video><Start>PT0S</Start><File>{video}</File><Type>Primary</Type></Video></Videos>
</Session>"#,
        esc(title),
        esc(description)
    )
}

impl Emu {
    pub fn get_as(&self, token: &str, path: &str) -> Resp {
        let auth = format!("Bearer {token}");
        self.req("GET", path, &[("Authorization", &auth)], b"")
    }

    /// A successful API v1 GET (with `token`), as JSON.
    pub fn api(&self, token: &str, path: &str) -> Value {
        let r = self.get_as(token, &format!("{API}{path}"));
        assert_eq!(r.status, 200, "GET {path}: {}", r.text());
        r.json()
    }

    /// The names in `Results` of an API v1 listing.
    pub fn names(&self, token: &str, path: &str) -> Vec<String> {
        let v = self.api(token, path);
        v["Results"].as_array().unwrap().iter().map(|f| f["Name"].as_str().unwrap().to_string()).collect()
    }

    /// The id of the child named `name` of folder `parent`, looked up through API v1.
    pub fn child_id(&self, token: &str, parent: &str, name: &str) -> String {
        for page in 0.. {
            let v = self.api(token, &format!("/folders/{parent}/children?pageNumber={page}"));
            let rs = v["Results"].as_array().unwrap();
            assert!(!rs.is_empty(), "no child '{name}' under {parent}");
            if let Some(f) = rs.iter().find(|f| f["Name"] == name) {
                return f["Id"].as_str().unwrap().to_string();
            }
        }
        unreachable!()
    }

    /// POST sessionUpload into `folder` with `token`.
    pub fn session_upload_as(&self, token: &str, folder: &str) -> Resp {
        let auth = format!("Bearer {token}");
        let body = serde_json::to_vec(&json!({ "FolderId": folder })).unwrap();
        let h = [("Authorization", auth.as_str()), ("Content-Type", "application/json")];
        self.req("POST", "/Panopto/PublicAPI/REST/sessionUpload", &h, &body)
    }

    /// A whole upload into `folder` by `token`'s user: (upload ID, SessionId).
    pub fn upload_titled(&self, token: &str, folder: &str, title: &str, description: &str) -> (String, String) {
        let r = self.session_upload_as(token, folder);
        assert_eq!(r.status, 201, "{}", r.text());
        let obj = r.json();
        let t = self.target_path(&obj);
        assert_eq!(self.put_object(&t, "v.mp4", &data(700, 9)).status, 200);
        assert_eq!(self.put_object(&t, "m.xml", titled_manifest("v.mp4", title, description).as_bytes()).status, 200);
        assert_eq!(finish(self, &obj, "sessionUpload").status, 200);
        let id = obj["ID"].as_str().unwrap().to_string();
        let (v, _) = self.poll(&format!("/Panopto/PublicAPI/REST/sessionUpload/{id}"), 4);
        assert_eq!(v["State"], 4, "{v}");
        (id, v["SessionId"].as_str().unwrap().to_string())
    }

    /// The default folder's sessions, newest first.
    pub fn default_folder_sessions(&self, token: &str) -> Vec<Value> {
        let v = self.api(token, &format!("/folders/{FOLDER}/sessions?sortField=CreatedDate&sortOrder=Desc"));
        v["Results"].as_array().unwrap().clone()
    }
}

/// The folder of [`session_in_closed_folder`].
pub const CLOSED_FOLDER: &str = "d0000000-0000-4000-8000-00000000000d";

/// A session in a folder that then stops taking the user's content: an emulator with a folders
/// file ("Term 1", create allowed) gets one upload, and is started again on the same data with
/// the folder closed. The emulator (as restarted, under `dir`), the upload ID and the session.
pub fn session_in_closed_folder(dir: &Path, token: &str) -> (Emu, String, String) {
    let file = dir.join("folders.json");
    let folder = CLOSED_FOLDER;
    let write = |can: bool| {
        let v = json!([{"Id": folder, "Name": "Term 1", "ParentId": null, "CanCreate": can}]);
        std::fs::write(&file, serde_json::to_vec(&v).unwrap()).unwrap();
    };
    write(true);
    let data_dir = dir.join("data");
    let args = ["--folders-file", file.to_str().unwrap()];
    let mut emu = Emu::start_in(&data_dir, &args);
    let (up, session) = emu.upload_titled(token, folder, "Before the freeze", "");
    emu.kill();
    write(false);
    (Emu::start_in(&data_dir, &args), up, session)
}
