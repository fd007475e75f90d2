//! `--folders-file`: a JSON list of `{"Id", "Name", "ParentId" | null, "CanCreate"}` replacing the
//! default tree. Property names bind case-insensitively (as Panopto's JSON does), but unknown ones
//! are refused: a misspelt "ParentID" must not silently make a folder top-level. Structure
//! (unknown parents, cycles, duplicates) is checked by `tree.rs` once the entries are read.

use super::tree::Folder;
use serde_json::{Map, Value};
use std::path::Path;
use uuid::Uuid;

const PROPS: [&str; 4] = ["Id", "Name", "ParentId", "CanCreate"];

pub fn load(path: &Path) -> Result<Vec<Folder>, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read it: {e}"))?;
    parse(&bytes)
}

pub fn parse(bytes: &[u8]) -> Result<Vec<Folder>, String> {
    let v: Value = serde_json::from_slice(bytes).map_err(|e| format!("not valid JSON: {e}"))?;
    let Value::Array(entries) = v else {
        return Err("must be a JSON list of {\"Id\", \"Name\", \"ParentId\", \"CanCreate\"} objects".into());
    };
    entries
        .iter()
        .enumerate()
        .map(|(i, e)| entry(e).map_err(|m| format!("entry {} (counting from 1): {m}", i + 1)))
        .collect()
}

fn prop<'a>(o: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    o.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v)
}

fn guid(v: &Value, name: &str) -> Result<Uuid, String> {
    match v {
        Value::String(s) => Uuid::parse_str(s.trim()).map_err(|_| format!("{name} '{s}' is not a GUID")),
        other => Err(format!("{name} must be a GUID string, got {other}")),
    }
}

fn entry(e: &Value) -> Result<Folder, String> {
    let Value::Object(o) = e else { return Err(format!("must be an object, got {e}")) };
    if let Some(k) = o.keys().find(|k| !PROPS.iter().any(|p| p.eq_ignore_ascii_case(k))) {
        return Err(format!("unknown property '{k}'; the properties are {}", PROPS.join(", ")));
    }
    let id = guid(prop(o, "Id").ok_or("Id is missing")?, "Id")?;
    let name = match prop(o, "Name") {
        Some(Value::String(s)) if !s.trim().is_empty() => s.clone(),
        Some(Value::String(_)) => return Err(format!("folder {id}: Name is empty")),
        Some(other) => return Err(format!("folder {id}: Name must be a string, got {other}")),
        None => return Err(format!("folder {id}: Name is missing")),
    };
    // The zero GUID is how the API names the top level, so it means "no parent" here too.
    let parent = match prop(o, "ParentId") {
        None | Some(Value::Null) => None,
        Some(v) => Some(guid(v, "ParentId").map_err(|m| format!("folder {id}: {m}"))?).filter(|p| !p.is_nil()),
    };
    let can_create = match prop(o, "CanCreate") {
        None => true,
        Some(Value::Bool(b)) => *b,
        Some(other) => return Err(format!("folder {id}: CanCreate must be true or false, got {other}")),
    };
    Ok(Folder { id, name, parent, can_create })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(s: &str) -> String {
        parse(s.as_bytes()).err().unwrap()
    }

    #[test]
    fn entries_are_read_and_checked() {
        let ok = parse(
            br#"[{"Id":"00000000-0000-0000-0000-000000000001","Name":"A","ParentId":null},
            {"id":"00000000-0000-0000-0000-000000000002","name":"B",
             "parentId":"00000000-0000-0000-0000-000000000001","CanCreate":false}]"#,
        )
        .unwrap();
        assert_eq!((ok.len(), ok[0].can_create, ok[1].can_create), (2, true, false));
        assert_eq!(ok[1].parent, Some(ok[0].id));
        assert!(err("{").contains("not valid JSON"));
        assert!(err("{}").contains("JSON list"));
        assert!(err("[1]").contains("entry 1"));
        assert!(err(r#"[{"Name":"A"}]"#).contains("Id is missing"));
        assert!(err(r#"[{"Id":"x","Name":"A"}]"#).contains("'x' is not a GUID"));
        assert!(err(r#"[{"Id":"00000000-0000-0000-0000-000000000001"}]"#).contains("Name is missing"));
        assert!(err(r#"[{"Id":"00000000-0000-0000-0000-000000000001","Name":" "}]"#).contains("Name is empty"));
        assert!(err(r#"[{"Id":"00000000-0000-0000-0000-000000000001","Name":"A","Parent":null}]"#)
            .contains("unknown property 'Parent'"));
        assert!(err(r#"[{"Id":"00000000-0000-0000-0000-000000000001","Name":"A","CanCreate":"yes"}]"#)
            .contains("CanCreate must be true or false"));
    }
}
