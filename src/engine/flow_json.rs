//! The flow's identity and outcome as JSON, field for field as serde derived them before:
//! the identity is in every saved record and the outcome in the done marker another tab
//! reads (`tab_lock.rs`), so what earlier versions wrote still loads.

use super::flow::{FlowIdentity, Outcome, SessionOutcome, VideoOutcome};
use crate::core::json::{object, tagged, unknown_variant, variant, Fields, FromJson, Json, JsonError, ToJson};

impl FromJson for FlowIdentity {
    fn from_json(v: &Json) -> Result<Self, JsonError> {
        let f = Fields::of(v, "FlowIdentity")?;
        Ok(FlowIdentity {
            destination: f.get("destination")?,
            title: f.get("title")?,
            description: f.get("description")?,
            files: f.get("files")?,
        })
    }
}

impl ToJson for FlowIdentity {
    fn to_json(&self) -> Json {
        Json::Object(object([
            ("destination", self.destination.to_json()),
            ("title", self.title.to_json()),
            ("description", self.description.to_json()),
            ("files", self.files.to_json()),
        ]))
    }
}

impl FromJson for SessionOutcome {
    fn from_json(v: &Json) -> Result<Self, JsonError> {
        let f = Fields::of(v, "SessionOutcome")?;
        Ok(SessionOutcome {
            upload_id: f.get("upload_id")?,
            session_id: f.get("session_id")?,
            viewer_url: f.get("viewer_url")?,
        })
    }
}

impl ToJson for SessionOutcome {
    fn to_json(&self) -> Json {
        Json::Object(object([
            ("upload_id", self.upload_id.to_json()),
            ("session_id", self.session_id.to_json()),
            ("viewer_url", self.viewer_url.to_json()),
        ]))
    }
}

impl FromJson for VideoOutcome {
    fn from_json(v: &Json) -> Result<Self, JsonError> {
        let f = Fields::of(v, "VideoOutcome")?;
        // Missing is an error, as for serde's `serde_json::Value` field; `null` is a value.
        Ok(VideoOutcome { upload_id: f.get("upload_id")?, video: f.get("video")? })
    }
}

impl ToJson for VideoOutcome {
    fn to_json(&self) -> Json {
        Json::Object(object([("upload_id", self.upload_id.to_json()), ("video", self.video.clone())]))
    }
}

/// As serde wrote the enum: `{"Session": …}` or `{"Video": …}`.
impl FromJson for Outcome {
    fn from_json(v: &Json) -> Result<Self, JsonError> {
        match variant(v, "Outcome")? {
            ("Session", Some(o)) => SessionOutcome::from_json(o).map(Outcome::Session),
            ("Video", Some(o)) => VideoOutcome::from_json(o).map(Outcome::Video),
            (name, _) => Err(unknown_variant(name, "Outcome")),
        }
    }
}

impl ToJson for Outcome {
    fn to_json(&self) -> Json {
        match self {
            Outcome::Session(o) => tagged("Session", o.to_json()),
            Outcome::Video(o) => tagged("Video", o.to_json()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::json;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn outcomes_and_identities_read_as_serde_wrote_them() {
        let text = r#"{"Video":{"upload_id":"u","video":{"id":12345,"title":"T"}}}"#;
        let outcome = json::from_str::<Outcome>(text).unwrap();
        assert_eq!(outcome.video().unwrap().video.get("id"), Some(&Json::Number("12345".into())));
        assert_eq!(json::to_string(&outcome).unwrap(), text);
        let session = r#"{"Session":{"upload_id":"u","session_id":"s","viewer_url":"https://p/v"}}"#;
        assert_eq!(json::to_string(&json::from_str::<Outcome>(session).unwrap()).unwrap(), session);
        let identity = r#"{"destination":"d","title":"t","description":null,"files":[["a.mp4",5]]}"#;
        let read = json::from_str::<FlowIdentity>(identity).unwrap();
        assert_eq!(read.files, vec![("a.mp4".to_string(), 5)]);
        assert_eq!(json::to_string(&read).unwrap(), identity);
        assert!(json::from_str::<Outcome>(r#"{"Other":{}}"#)
            .unwrap_err()
            .to_string()
            .contains("unknown variant `Other`"));
    }
}
