//! The element's configuration, read from its attributes and checked, so a missing or
//! wrong setting shows a clear message instead of failing half-way through an upload.

use super::i18n::Lang;
use crate::core::panopto_rest::{is_guid, PanoptoServer};

#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    pub server: Option<PanoptoServer>,
    pub folder_id: Option<String>,
    pub concurrency: usize,
    pub part_size_mib: u32,
    pub auto_start: bool,
    pub lang: Lang,
    pub multiple: bool,
    pub accept: String,
    /// What is wrong, in words for the page author; empty when uploads can start.
    pub problems: Vec<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config::from_attributes(|_| None)
    }
}

/// A boolean attribute: present means true, except an explicit `"false"`.
fn flag(v: Option<String>, absent: bool) -> bool {
    match v {
        None => absent,
        Some(v) => !v.trim().eq_ignore_ascii_case("false"),
    }
}

fn number(
    name: &str,
    v: Option<String>,
    default: u32,
    range: std::ops::RangeInclusive<u32>,
    problems: &mut Vec<String>,
) -> u32 {
    let Some(raw) = v else { return default };
    match raw.trim().parse::<u32>() {
        Ok(n) if range.contains(&n) => n,
        _ => {
            problems.push(format!("{name}=\"{raw}\" must be a whole number from {} to {}", range.start(), range.end()));
            default
        }
    }
}

impl Config {
    pub fn from_attributes(get: impl Fn(&str) -> Option<String>) -> Config {
        let mut problems = Vec::new();
        let server = match get("server").filter(|s| !s.trim().is_empty()) {
            None => {
                problems.push(
                    "the server attribute is missing (e.g. server=\"https://yourschool.hosted.panopto.com\")".into(),
                );
                None
            }
            Some(s) => PanoptoServer::new(&s).map_err(|e| problems.push(e.message)).ok(),
        };
        let folder_id = match get("folder-id").map(|f| f.trim().to_string()).filter(|f| !f.is_empty()) {
            None => {
                problems.push("the folder-id attribute is missing".into());
                None
            }
            Some(f) if !is_guid(&f) => {
                problems.push(format!("folder-id=\"{f}\" is not a Panopto folder ID (a GUID)"));
                None
            }
            Some(f) => Some(f),
        };
        let concurrency = number("concurrency", get("concurrency"), 4, 1..=16, &mut problems) as usize;
        let part_size_mib = number("part-size-mib", get("part-size-mib"), 5, 5..=25, &mut problems);
        Config {
            server,
            folder_id,
            concurrency,
            part_size_mib,
            auto_start: flag(get("auto-start"), false),
            lang: Lang::parse(get("lang").as_deref()),
            multiple: flag(get("multiple"), true),
            accept: get("accept").unwrap_or_else(|| "video/*,audio/*".into()),
            problems,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn with(pairs: &[(&str, &str)]) -> Config {
        Config::from_attributes(|n| pairs.iter().find(|(k, _)| *k == n).map(|(_, v)| v.to_string()))
    }

    #[test]
    fn defaults_and_valid_configuration() {
        let c = with(&[("server", "http://127.0.0.1:8080"), ("folder-id", "3f8c2a71-9d4e-4b6a-8c15-7e2f0a9d4b31")]);
        assert!(c.problems.is_empty(), "{:?}", c.problems);
        assert_eq!((c.concurrency, c.part_size_mib, c.auto_start, c.multiple), (4, 5, false, true));
        assert_eq!(c.accept, "video/*,audio/*");
        let c = with(&[
            ("auto-start", ""),
            ("multiple", "false"),
            ("lang", "fr"),
            ("concurrency", "8"),
            ("part-size-mib", "16"),
        ]);
        assert_eq!((c.auto_start, c.multiple, c.lang, c.concurrency, c.part_size_mib), (true, false, Lang::Fr, 8, 16));
    }

    #[test]
    fn every_problem_is_named() {
        let c = with(&[("server", "ftp://x"), ("folder-id", "abc"), ("concurrency", "0"), ("part-size-mib", "100")]);
        let all = c.problems.join("\n");
        assert_eq!(c.problems.len(), 4, "{all}");
        assert!(
            all.contains("ftp://x")
                && all.contains("folder-id=\"abc\"")
                && all.contains("concurrency=\"0\"")
                && all.contains("part-size-mib=\"100\""),
            "{all}"
        );
        let c = with(&[]);
        assert!(c.problems[0].contains("server attribute is missing"));
        assert!(c.problems[1].contains("folder-id attribute is missing"));
    }
}
