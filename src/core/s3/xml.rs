//! The little XML S3 needs: read a response into `(path, text)` pairs, write text safely.

use quick_xml::events::Event;
use quick_xml::Reader;

/// Every element with its text, as `Root/Child/Leaf` paths in document order (namespace
/// prefixes dropped). S3 responses are small and flat, so this is all a parser needs.
pub fn flatten(xml: &str) -> Result<Vec<(String, String)>, String> {
    let mut reader = Reader::from_str(xml);
    let mut stack: Vec<String> = Vec::new();
    let mut out: Vec<(String, String)> = Vec::new();
    let mut text = String::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => {
                stack.push(String::from_utf8_lossy(e.local_name().as_ref()).into_owned());
                text.clear();
            }
            Ok(Event::Empty(e)) => {
                stack.push(String::from_utf8_lossy(e.local_name().as_ref()).into_owned());
                out.push((stack.join("/"), String::new()));
                stack.pop();
            }
            Ok(Event::Text(t)) => {
                text.push_str(&t.decode().map_err(|e| format!("bad text in XML: {e}"))?);
            }
            Ok(Event::CData(t)) => text.push_str(&String::from_utf8_lossy(&t)),
            Ok(Event::GeneralRef(r)) => {
                let name = r.decode().map_err(|e| format!("bad entity in XML: {e}"))?;
                match r.resolve_char_ref() {
                    Ok(Some(c)) => text.push(c),
                    _ => match quick_xml::escape::resolve_predefined_entity(&name) {
                        Some(s) => text.push_str(s),
                        None => return Err(format!("unknown entity &{name}; in XML")),
                    },
                }
            }
            Ok(Event::End(_)) => {
                out.push((stack.join("/"), std::mem::take(&mut text)));
                stack.pop();
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => return Err(format!("malformed XML at byte {}: {e}", reader.buffer_position())),
        }
    }
    if !stack.is_empty() {
        return Err("malformed XML: unexpected end of document".into());
    }
    if out.is_empty() {
        return Err("empty XML document".into());
    }
    Ok(out)
}

/// The text of the first element at `path`.
pub fn first<'a>(items: &'a [(String, String)], path: &str) -> Option<&'a str> {
    items.iter().find(|(p, _)| p == path).map(|(_, t)| t.as_str())
}

/// Escape `& < > " '` for element text and attribute values, and CR as `&#13;`: a
/// conforming parser turns a literal CR LF into LF, so only the reference keeps it exact.
pub fn escape(text: &str) -> String {
    quick_xml::escape::escape(text).replace('\r', "&#13;")
}

#[cfg(test)]
mod tests {
    use super::*;
    // Run the same unit tests in the browser under `wasm-pack test`.
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn flattens_with_entities_and_namespaces() {
        let x = r#"<?xml version="1.0"?><R xmlns="ns"><A>x &amp; &#60;y&gt;</A><B/><C><D>1</D></C></R>"#;
        let f = flatten(x).unwrap();
        assert_eq!(first(&f, "R/A"), Some("x & <y>"));
        assert_eq!(first(&f, "R/B"), Some(""));
        assert_eq!(first(&f, "R/C/D"), Some("1"));
        assert_eq!(first(&f, "R/Z"), None);
    }

    #[test]
    fn malformed_is_an_error_not_a_panic() {
        for bad in ["", "<a>", "<a></b>", "<a>&nope;</a>", "not xml at all <"] {
            assert!(flatten(bad).is_err(), "{bad}");
        }
    }
}
