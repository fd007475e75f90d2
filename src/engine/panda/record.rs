//! How far a Panda upload got: the session (its id and current location) and how many
//! bytes the server said it holds. Enough to resume after a reload (the status query then
//! says where to go on) and to abort after a cancel. Never a token.
//!
//! Written only by [`PandaChange::apply`].

use crate::core::json::{object, Fields, FromJson, Json, JsonError, ToJson};
use crate::core::panda::answer::PandaSession;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PandaRecord {
    pub id: String,
    /// Where the file goes now (the server may move it: every `Location` is followed).
    pub location: String,
    pub file_size: u64,
    /// Bytes the server said it holds (its `Range`), from 0.
    pub held: u64,
}

impl FromJson for PandaRecord {
    fn from_json(v: &Json) -> Result<Self, JsonError> {
        let f = Fields::of(v, "PandaRecord")?;
        Ok(PandaRecord {
            id: f.get("id")?,
            location: f.get("location")?,
            file_size: f.get("file_size")?,
            held: f.get("held")?,
        })
    }
}

impl ToJson for PandaRecord {
    fn to_json(&self) -> Json {
        Json::Object(object([
            ("id", self.id.to_json()),
            ("location", self.location.to_json()),
            ("file_size", self.file_size.to_json()),
            ("held", self.held.to_json()),
        ]))
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PandaChange {
    /// The upload session was created for a file of `file_size` bytes.
    Created { session: PandaSession, file_size: u64 },
    /// An answer carried a new `Location`.
    Moved(String),
    /// The server holds this many bytes (its word, not our count).
    Held(u64),
    /// The server no longer knows the upload: start a new one.
    Gone,
}

impl PandaChange {
    /// The one place a Panda record changes (`None`: no session yet).
    pub fn apply(self, record: &mut Option<PandaRecord>) {
        match (record.as_mut(), self) {
            (_, PandaChange::Created { session, file_size }) => {
                *record = Some(PandaRecord { id: session.id, location: session.location, file_size, held: 0 })
            }
            (Some(r), PandaChange::Moved(location)) => r.location = location,
            (Some(r), PandaChange::Held(held)) => r.held = held.min(r.file_size),
            (_, PandaChange::Gone) => *record = None,
            (None, PandaChange::Moved(_) | PandaChange::Held(_)) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn created_moved_held_gone() {
        let mut r = None;
        PandaChange::Held(5).apply(&mut r);
        assert_eq!(r, None, "nothing before the session");
        let session = PandaSession { id: "7".into(), location: "http://h/up/a".into() };
        PandaChange::Created { session, file_size: 9 }.apply(&mut r);
        PandaChange::Held(5).apply(&mut r);
        PandaChange::Moved("http://h/up/b".into()).apply(&mut r);
        PandaChange::Held(99).apply(&mut r);
        assert_eq!(
            r,
            Some(PandaRecord { id: "7".into(), location: "http://h/up/b".into(), file_size: 9, held: 9 }),
            "never more than the file"
        );
        PandaChange::Gone.apply(&mut r);
        assert_eq!(r, None);
    }
}
