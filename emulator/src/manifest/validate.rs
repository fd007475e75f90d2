//! A validator that walks a UCS document against the tables in `schema.rs`, reporting the first
//! violation with an XPath-like location, and collecting every file the manifest references.

use super::lexical;
use super::schema::{AttrType, Content, Def, Particle, Simple, NS_V1, NS_V2, SESSION_V1, SESSION_V2};
use roxmltree::Node;

const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";

#[derive(Debug, Clone, PartialEq)]
pub struct FileRef {
    /// Location relative to the root element, e.g. `Videos/Video[1]/File`.
    pub path: String,
    pub name: String,
    pub checksum: Option<String>,
}

#[derive(Debug)]
pub struct Validated {
    /// 2 for UCS 2.x `Session`, 1 for legacy `PanoptoSession`.
    #[allow(dead_code)]
    pub version: u8,
    pub refs: Vec<FileRef>,
}

/// What the root element says the document is, before validation.
pub enum RootKind {
    Manifest,
    Other,
}

pub fn root_kind(doc: &roxmltree::Document) -> RootKind {
    match doc.root_element().tag_name().name() {
        "Session" | "PanoptoSession" => RootKind::Manifest,
        _ => RootKind::Other,
    }
}

pub fn parse(xml: &str) -> Result<roxmltree::Document<'_>, String> {
    let xml = xml.strip_prefix('\u{feff}').unwrap_or(xml);
    roxmltree::Document::parse(xml).map_err(|e| format!("not well-formed XML: {e}"))
}

pub fn validate_doc(doc: &roxmltree::Document) -> Result<Validated, String> {
    let root = doc.root_element();
    let name = root.tag_name().name();
    let ns = root.tag_name().namespace();
    let (def, want_ns, version) = match name {
        "Session" => (&SESSION_V2, NS_V2, 2),
        "PanoptoSession" => (&SESSION_V1, NS_V1, 1),
        other => {
            return Err(format!(
                "root element must be <Session> (UCS 2.x) or <PanoptoSession> (UCS 1.0), found <{other}>"
            ))
        }
    };
    if ns != Some(want_ns) {
        return Err(format!(
            "root element <{name}> must be in namespace {want_ns} (found {})",
            ns.map(|n| format!("namespace {n}")).unwrap_or_else(|| "no namespace".into())
        ));
    }
    let mut w = Walker { ns: want_ns, refs: vec![] };
    w.element(root, def, name, "")?;
    Ok(Validated { version, refs: w.refs })
}

/// Parse and validate in one step: the tests' entry point (processing keeps the parsed document,
/// since the session's summary is read from it too).
#[cfg(test)]
pub fn validate(xml: &str) -> Result<Validated, String> {
    let doc = parse(xml)?;
    validate_doc(&doc)
}

struct Walker {
    ns: &'static str,
    refs: Vec<FileRef>,
}

fn join(a: &str, b: &str) -> String {
    if a.is_empty() {
        b.to_string()
    } else {
        format!("{a}/{b}")
    }
}

fn elements<'a, 'i>(n: Node<'a, 'i>) -> impl Iterator<Item = Node<'a, 'i>> {
    n.children().filter(|c| c.is_element())
}

fn type_name(t: Simple) -> &'static str {
    match t {
        Simple::String => "xs:string",
        Simple::DateTime => "xs:dateTime",
        Simple::Duration => "xs:duration",
        Simple::Integer => "xs:integer",
        Simple::Boolean => "xs:boolean",
        Simple::AnyUri => "xs:anyURI",
        Simple::Guid => "Guid",
        Simple::VideoType => "Type (Primary | Secondary | Audio)",
    }
}

fn simple_ok(t: Simple, v: &str) -> bool {
    match t {
        Simple::String | Simple::AnyUri => true,
        Simple::DateTime => lexical::is_datetime(v),
        Simple::Duration => lexical::is_duration(v),
        Simple::Integer => lexical::is_integer(v),
        Simple::Boolean => lexical::is_boolean(v),
        // Pattern facets apply to the value after whitespace collapse of the base xs:string?
        // No: xs:string keeps whitespace, so the value must match as written.
        Simple::Guid => lexical::is_guid(v),
        Simple::VideoType => matches!(v, "Primary" | "Secondary" | "Audio"),
    }
}

fn order_hint(ps: &[Particle]) -> String {
    ps.iter()
        .map(|p| match (p.min, p.max) {
            (0, Some(1)) => format!("{}?", p.name),
            (_, None) => format!("{}*", p.name),
            _ => p.name.to_string(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

impl Walker {
    /// `path` is the display path including the root (e.g. `Session/Videos/Video[1]`), `rel` the
    /// same without the root (used to name file references).
    fn element(&mut self, n: Node, def: &Def, path: &str, rel: &str) -> Result<(), String> {
        let has_xsi_type = self.attributes(n, def, path)?;
        match &def.content {
            Content::Simple(t) => {
                if let Some(c) = elements(n).next() {
                    return Err(format!(
                        "{path}: element <{}> is not allowed here; <{}> holds text only",
                        c.tag_name().name(),
                        n.tag_name().name()
                    ));
                }
                let text: String = n.children().filter(|c| c.is_text()).filter_map(|c| c.text()).collect();
                if !simple_ok(*t, &text) {
                    return Err(format!("{path}: '{}' is not a valid {}", text, type_name(*t)));
                }
                if def.is_file_ref {
                    let checksum = n.attribute("Checksum").map(str::to_string);
                    self.refs.push(FileRef { path: rel.to_string(), name: text.trim().to_string(), checksum });
                }
                Ok(())
            }
            Content::Sequence(ps) => {
                self.no_text(n, path)?;
                if def.extension_base && has_xsi_type {
                    // Subtype content is defined by a schema we may not have; check the base part.
                    let first = elements(n).next();
                    return match first {
                        Some(c)
                            if c.tag_name().name() == "ExtensionId" && c.tag_name().namespace() == Some(self.ns) =>
                        {
                            self.element(c, ps[0].def, &join(path, "ExtensionId"), &join(rel, "ExtensionId"))
                        }
                        _ => Err(format!("{path}: expected <ExtensionId> as the first child")),
                    };
                }
                self.sequence(n, ps, path, rel)
            }
            Content::All(ps) => {
                self.no_text(n, path)?;
                self.all(n, ps, path, rel)
            }
        }
    }

    /// Returns whether an xsi:type attribute is present.
    fn attributes(&self, n: Node, def: &Def, path: &str) -> Result<bool, String> {
        let mut xsi_type = false;
        for a in n.attributes() {
            if a.namespace() == Some(XSI) {
                match a.name() {
                    "schemaLocation" | "noNamespaceSchemaLocation" => continue,
                    "type" if def.extension_base => {
                        xsi_type = true;
                        continue;
                    }
                    other => return Err(format!("{path}: attribute xsi:{other} is not allowed here")),
                }
            }
            if a.namespace().is_some() {
                return Err(format!(
                    "{path}: unexpected attribute '{}' (namespace {})",
                    a.name(),
                    a.namespace().unwrap_or("")
                ));
            }
            match def.attrs.iter().find(|(name, _)| *name == a.name()) {
                None => return Err(format!("{path}: unexpected attribute '{}'", a.name())),
                Some((_, AttrType::Crc32)) if !lexical::is_crc32(a.value()) => {
                    return Err(format!(
                        "{path}: attribute {}='{}' is not a CRC-32 (8 hexadecimal digits)",
                        a.name(),
                        a.value()
                    ))
                }
                Some(_) => {}
            }
        }
        Ok(xsi_type)
    }

    fn no_text(&self, n: Node, path: &str) -> Result<(), String> {
        for c in n.children().filter(|c| c.is_text()) {
            let t = c.text().unwrap_or("").trim();
            if !t.is_empty() {
                let short: String = t.chars().take(40).collect();
                return Err(format!(
                    "{path}: unexpected text '{short}' (only child elements are allowed in <{}>)",
                    n.tag_name().name()
                ));
            }
        }
        Ok(())
    }

    fn check_ns(&self, c: Node, path: &str) -> Result<(), String> {
        if c.tag_name().namespace() != Some(self.ns) {
            return Err(format!(
                "{path}: element <{}> is not in namespace {} (found {})",
                c.tag_name().name(),
                self.ns,
                c.tag_name().namespace().map(|s| format!("namespace {s}")).unwrap_or_else(|| "no namespace".into())
            ));
        }
        Ok(())
    }

    fn child_path(p: &Particle, path: &str, rel: &str, idx: u32) -> (String, String) {
        let seg = if p.max == Some(1) { p.name.to_string() } else { format!("{}[{idx}]", p.name) };
        (join(path, &seg), join(rel, &seg))
    }

    fn sequence(&mut self, n: Node, ps: &[Particle], path: &str, rel: &str) -> Result<(), String> {
        let mut i = 0usize;
        let mut count = 0u32;
        let mut prev: Option<String> = None;
        let after = |prev: &Option<String>| {
            prev.as_ref().map(|p| format!(" after <{p}>")).unwrap_or_else(|| " as the first child".into())
        };
        for c in elements(n) {
            self.check_ns(c, path)?;
            let name = c.tag_name().name();
            loop {
                let Some(p) = ps.get(i) else {
                    let known = ps.iter().any(|p| p.name == name);
                    return Err(if known {
                        format!(
                            "{path}: <{name}> is out of order or repeated{} (expected order: {})",
                            after(&prev),
                            order_hint(ps)
                        )
                    } else {
                        format!(
                            "{path}: unexpected element <{name}>{} (expected order: {})",
                            after(&prev),
                            order_hint(ps)
                        )
                    });
                };
                if p.name == name && p.max.is_none_or(|m| count < m) {
                    count += 1;
                    let (cp, cr) = Self::child_path(p, path, rel, count);
                    self.element(c, p.def, &cp, &cr)?;
                    break;
                }
                if count < p.min {
                    return Err(format!("{path}: expected <{}>{}, found <{name}>", p.name, after(&prev)));
                }
                i += 1;
                count = 0;
            }
            prev = Some(name.to_string());
        }
        for (j, p) in ps.iter().enumerate().skip(i) {
            let have = if j == i { count } else { 0 };
            if have < p.min {
                return Err(format!("{path}: missing required element <{}>{}", p.name, after(&prev)));
            }
        }
        Ok(())
    }

    fn all(&mut self, n: Node, ps: &[Particle], path: &str, rel: &str) -> Result<(), String> {
        let mut counts = vec![0u32; ps.len()];
        for c in elements(n) {
            self.check_ns(c, path)?;
            let name = c.tag_name().name();
            let Some(j) = ps.iter().position(|p| p.name == name) else {
                let allowed = ps.iter().map(|p| p.name).collect::<Vec<_>>().join(", ");
                return Err(format!("{path}: unexpected element <{name}> (allowed: {allowed})"));
            };
            if counts[j] >= 1 {
                return Err(format!("{path}: <{name}> may appear only once"));
            }
            counts[j] += 1;
            let (cp, cr) = Self::child_path(&ps[j], path, rel, 1);
            self.element(c, ps[j].def, &cp, &cr)?;
        }
        for (j, p) in ps.iter().enumerate() {
            if counts[j] < p.min {
                return Err(format!("{path}: missing required element <{}>", p.name));
            }
        }
        Ok(())
    }
}
