//! What a session takes from its manifest once processing accepted it: the name (Title), the
//! description and the videos with their types. API v1 serves these as the session's Name,
//! Description and Streams.

use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Summary {
    pub title: String,
    pub description: Option<String>,
    /// Each `<Videos>/<Video>`'s `<Type>` (Primary, Secondary or Audio), in manifest order.
    pub video_types: Vec<String>,
}

/// All text inside `n`, trimmed: a Title may be split by comments or CDATA sections.
fn text(n: roxmltree::Node) -> String {
    n.descendants().filter(|d| d.is_text()).filter_map(|d| d.text()).collect::<String>().trim().to_string()
}

fn child<'a, 'i>(n: roxmltree::Node<'a, 'i>, name: &str) -> Option<roxmltree::Node<'a, 'i>> {
    n.children().find(|c| c.is_element() && c.tag_name().name() == name)
}

/// Reads a manifest that has passed validation (UCS 2.x `Session` or 1.0 `PanoptoSession`: both
/// name these elements alike).
pub fn of(doc: &roxmltree::Document) -> Summary {
    let root = doc.root_element();
    let title = child(root, "Title").map(text).unwrap_or_default();
    let description = child(root, "Description").map(text).filter(|d| !d.is_empty());
    let video_types = child(root, "Videos")
        .map(|vs| {
            vs.children()
                .filter(|v| v.is_element() && v.tag_name().name() == "Video")
                .map(|v| child(v, "Type").map(text).unwrap_or_default())
                .collect()
        })
        .unwrap_or_default();
    Summary { title, description, video_types }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_description_and_video_types() {
        let xml = r#"<Session xmlns="http://tempuri.org/UniversalCaptureSpecification/v1">
            <Title> Week 1 &amp; <!-- c --> more </Title><Description>About it</Description>
            <Videos><Video><File>a.mp4</File><Type>Primary</Type></Video>
            <Video><File>b.mp4</File><Type>Secondary</Type></Video></Videos></Session>"#;
        let doc = roxmltree::Document::parse(xml).unwrap();
        let s = of(&doc);
        assert_eq!(s.title, "Week 1 &  more");
        assert_eq!(s.description.as_deref(), Some("About it"));
        assert_eq!(s.video_types, ["Primary", "Secondary"]);
        let doc = roxmltree::Document::parse("<Session><Title>T</Title></Session>").unwrap();
        assert_eq!(of(&doc), Summary { title: "T".into(), description: None, video_types: vec![] });
    }
}
