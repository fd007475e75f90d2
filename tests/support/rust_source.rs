//! Reading Rust source for the structure rules (`tests/architecture.rs`): the code without
//! comments and literals, and every module path a file names, resolved to absolute paths.
//! A small scanner, not a parser: enough for this crate's style (`use` trees, `crate::`,
//! `super::` and `self::` paths, names brought in by `use`).

use std::collections::BTreeMap;

/// The code without comments, string and char literals, and the trailing test module.
pub fn code_of(text: &str) -> String {
    let text = match text.find("#[cfg(test)]\nmod tests") {
        Some(i) => &text[..i],
        None => text,
    };
    let b = text.as_bytes();
    let mut out = String::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i + 1 < b.len() && !(b[i] == b'*' && b[i + 1] == b'/') {
                    i += 1;
                }
                i += 2;
            }
            b'r' if matches!(b.get(i + 1), Some(b'"' | b'#')) && (i == 0 || !is_ident(b[i - 1])) => {
                // Raw string r"…" / r#"…"#.
                let mut j = i + 1;
                let mut hashes = 0;
                while b.get(j) == Some(&b'#') {
                    hashes += 1;
                    j += 1;
                }
                if b.get(j) != Some(&b'"') {
                    out.push('r');
                    i += 1;
                    continue;
                }
                j += 1;
                let close: Vec<u8> = std::iter::once(b'"').chain(std::iter::repeat_n(b'#', hashes)).collect();
                while j < b.len() && !b[j..].starts_with(&close) {
                    j += 1;
                }
                i = j + close.len();
                out.push_str("\"\"");
            }
            b'"' => {
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
                out.push_str("\"\"");
            }
            b'\'' => {
                // A char literal ('a', '\n', '\u{1F393}') or a lifetime ('a).
                let lit = if b.get(i + 1) == Some(&b'\\') {
                    b[i + 2..].iter().position(|c| *c == b'\'').map(|p| i + 2 + p + 1)
                } else {
                    let len = text[i + 1..].chars().next().map_or(1, char::len_utf8);
                    (b.get(i + 1 + len) == Some(&b'\'')).then_some(i + 2 + len)
                };
                match lit {
                    Some(end) => {
                        out.push_str("' '");
                        i = end;
                    }
                    None => {
                        out.push('\'');
                        i += 1;
                    }
                }
            }
            c => {
                let len = text[i..].chars().next().map_or(1, char::len_utf8);
                if c.is_ascii() {
                    out.push(c as char);
                } else {
                    out.push_str(&text[i..i + len]);
                }
                i += len;
            }
        }
    }
    out
}

pub fn is_ident(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// Expand a `use` tree (`a::{b, c::{d, self}}`, `x as y`) into `(full path, local name)`.
pub fn expand_use(tree: &str, prefix: &str, out: &mut Vec<(String, String)>) {
    let tree = tree.trim();
    if let Some(open) = tree.find('{') {
        let head = tree[..open].trim().trim_end_matches("::");
        let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
        let base = join(prefix, head);
        let mut depth = 0;
        let mut start = 0;
        for (i, c) in inner.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    expand_use(&inner[start..i], &base, out);
                    start = i + 1;
                }
                _ => {}
            }
        }
        expand_use(&inner[start..], &base, out);
    } else if !tree.is_empty() {
        let mut words = tree.split(" as ");
        let path = words.next().unwrap_or("").trim();
        let full = if path == "self" { prefix.to_string() } else { join(prefix, path) };
        let name = match words.next() {
            Some(alias) => alias.trim().to_string(),
            None => full.rsplit("::").next().unwrap_or("").to_string(),
        };
        out.push((full, name));
    }
}

pub fn join(a: &str, b: &str) -> String {
    match (a.is_empty(), b.is_empty()) {
        (true, _) => b.to_string(),
        (_, true) => a.to_string(),
        _ => format!("{a}::{b}"),
    }
}

/// Every path a file names, as absolute module paths (the segments after `crate`):
/// `crate::`, `self::` and `super::` paths, paths relative to the file's own module
/// (`use child::X` in a module file), and paths through names its `use` items brought in.
pub fn referenced_paths(code: &str, module: &[String], is_module: &dyn Fn(&[String]) -> bool) -> Vec<Vec<String>> {
    let absolute = |path: &str| -> Option<Vec<String>> {
        let segs: Vec<String> = path.split("::").map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect();
        let first = segs.first()?;
        let mut base = match first.as_str() {
            "crate" => Vec::new(),
            "self" => module.to_vec(),
            "super" => module[..module.len().saturating_sub(1)].to_vec(),
            _ => {
                let mut child = module.to_vec();
                child.push(first.clone());
                if !is_module(&child) {
                    return None;
                }
                child.pop();
                let mut b = child;
                b.extend(segs.iter().cloned());
                return Some(b);
            }
        };
        let mut rest = &segs[1..];
        while rest.first().map(String::as_str) == Some("super") {
            base.pop();
            rest = &rest[1..];
        }
        base.extend(rest.iter().cloned());
        Some(base)
    };
    let mut paths = Vec::new();
    let mut aliases: BTreeMap<String, Vec<String>> = BTreeMap::new();
    // `use` items, wherever they are.
    let mut rest = code;
    while let Some(i) = rest.find("use ") {
        let before = rest[..i].chars().last();
        let after = &rest[i + 4..];
        rest = after;
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let Some(end) = after.find(';') else { break };
        let mut expanded = Vec::new();
        expand_use(&after[..end], "", &mut expanded);
        for (path, name) in expanded {
            if let Some(abs) = absolute(&path) {
                aliases.insert(name, abs.clone());
                paths.push(abs);
            }
        }
    }
    // Paths in code: `crate::a::b`, `super::x`, and `name::y` for names from `use`.
    let bytes = code.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if is_ident(bytes[i]) && (i == 0 || !(is_ident(bytes[i - 1]) || bytes[i - 1] == b':')) {
            let start = i;
            while i < bytes.len() && (is_ident(bytes[i]) || (bytes[i] == b':' && bytes.get(i + 1) == Some(&b':'))) {
                i += if bytes[i] == b':' { 2 } else { 1 };
            }
            let path = code[start..i].trim_end_matches("::");
            if !path.contains("::") {
                continue;
            }
            let first = path.split("::").next().unwrap_or("");
            if let Some(base) = aliases.get(first) {
                let mut abs = base.clone();
                abs.extend(path.split("::").skip(1).map(String::from));
                paths.push(abs);
            } else if let Some(abs) = absolute(path) {
                paths.push(abs);
            }
        } else {
            i += 1;
        }
    }
    paths
}
