//! The element's configuration, read from its attributes and checked, so a missing or
//! wrong setting shows a clear message instead of failing half-way through an upload.

use crate::core::oauth::authorize::Flow;
use crate::core::panopto_rest::{is_guid, IdKind, PanoptoServer};
use crate::core::url_policy::{allow_http_hosts, check_url};
use crate::text::{Lang, Problem};

/// Which protocol the element speaks (the `protocol` attribute).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Protocol {
    /// Panopto's sessionUpload: `server` and `folder-id`.
    #[default]
    Panopto,
    /// Panda's resumable upload: `upload-session-url` (or the `createUpload` property).
    Panda,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    pub protocol: Protocol,
    pub server: Option<PanoptoServer>,
    /// `relay`: where requests to `server`'s origin go instead (a path on the page's origin,
    /// or a URL), for a Panopto that does not answer CORS for the page (`core/relay.rs`).
    pub relay: Option<String>,
    /// Absent: the teacher chooses the folder (the folder picker).
    pub folder_id: Option<String>,
    /// Set: files become streams of this session (StreamUpload), not new sessions.
    pub session_id: Option<String>,
    /// The Panopto API client the teacher signs in with, when the page gives no token.
    pub client_id: Option<String>,
    /// Where sign-in returns (absent: the callback page shipped with the build).
    pub redirect_uri: Option<String>,
    /// `oauth-flow`: what the API client at Panopto is (implicit: a JavaScript Web
    /// Application, the default; code: a client that takes codes with PKCE and no secret).
    pub oauth_flow: Flow,
    /// `sign-in="redirect"`: the page itself goes to Panopto and back (default: a popup).
    pub sign_in_redirect: bool,
    /// Panda: where the host's back end creates upload sessions (absolute, or a path on
    /// the page's origin).
    pub upload_session_url: Option<String>,
    /// Panda: the largest chunk, in MiB (chunks start at `part_size_mib` and grow).
    pub max_chunk_mib: u32,
    pub concurrency: usize,
    pub part_size_mib: u32,
    pub auto_start: bool,
    pub lang: Lang,
    pub multiple: bool,
    pub accept: String,
    /// What is wrong, for the page author; empty when uploads can start.
    pub problems: Vec<Problem>,
}

impl Default for Config {
    fn default() -> Self {
        Config::from_attributes(|_| None, false)
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
    attribute: &'static str,
    v: Option<String>,
    default: u32,
    range: std::ops::RangeInclusive<u32>,
    problems: &mut Vec<Problem>,
) -> u32 {
    let Some(raw) = v else { return default };
    match raw.trim().parse::<u32>() {
        Ok(n) if range.contains(&n) => n,
        _ => {
            problems.push(Problem::Number { attribute, value: raw, min: *range.start(), max: *range.end() });
            default
        }
    }
}

impl Config {
    /// `has_create_upload`: the page gave a `createUpload` function, which stands in for
    /// `upload-session-url`.
    pub fn from_attributes(get: impl Fn(&str) -> Option<String>, has_create_upload: bool) -> Config {
        let mut problems = Vec::new();
        let protocol = match get("protocol").map(|p| p.trim().to_ascii_lowercase()).as_deref() {
            None | Some("" | "panopto") => Protocol::Panopto,
            Some("panda") => Protocol::Panda,
            Some(other) => {
                problems.push(Problem::NotAProtocol(other.to_string()));
                Protocol::Panopto
            }
        };
        let concurrency = number("concurrency", get("concurrency"), 4, 1..=16, &mut problems) as usize;
        let part_size_mib = number("part-size-mib", get("part-size-mib"), 5, 5..=25, &mut problems);
        let max_chunk_mib = number("max-chunk-mib", get("max-chunk-mib"), 128, 1..=1024, &mut problems);
        let allow_http = allow_http_hosts(get("allow-http-hosts"));
        // Every URL attribute: https, or http to loopback or a listed host (url_policy.rs).
        let url =
            |attribute: &'static str, value: &str, problems: &mut Vec<Problem>| match check_url(value, &allow_http) {
                Ok(_) => true,
                Err(refusal) => {
                    problems.push(Problem::Url { attribute, value: value.to_string(), refusal });
                    false
                }
            };
        let common = |problems: Vec<Problem>| Config {
            protocol,
            server: None,
            relay: None,
            folder_id: None,
            session_id: None,
            client_id: None,
            redirect_uri: None,
            oauth_flow: Flow::default(),
            sign_in_redirect: false,
            upload_session_url: None,
            max_chunk_mib,
            concurrency,
            part_size_mib,
            auto_start: flag(get("auto-start"), false),
            lang: Lang::parse(get("lang").as_deref()),
            multiple: flag(get("multiple"), true),
            accept: get("accept").unwrap_or_else(|| "video/*,audio/*".into()),
            problems,
        };
        if protocol == Protocol::Panda {
            let session_url = get("upload-session-url").map(|u| u.trim().to_string()).filter(|u| !u.is_empty());
            let upload_session_url = match session_url {
                // A path on the page's own origin inherits the page's scheme and host.
                Some(u) if u.starts_with('/') && !u.starts_with("//") => Some(u),
                Some(u) if !u.contains("://") => {
                    problems.push(Problem::NotAbsoluteOrPath { attribute: "upload-session-url", value: u });
                    None
                }
                Some(u) if url("upload-session-url", &u, &mut problems) => Some(u),
                Some(_) => None,
                None if has_create_upload => None,
                None => {
                    problems.push(Problem::PandaNeedsSessionUrl);
                    None
                }
            };
            return Config { upload_session_url, ..common(problems) };
        }
        let server = match get("server").filter(|s| !s.trim().is_empty()) {
            None => {
                problems.push(Problem::NoServer);
                None
            }
            Some(s) if !url("server", s.trim(), &mut problems) => None,
            Some(s) => PanoptoServer::new(&s).map_err(|e| problems.push(Problem::BadServer(e))).ok(),
        };
        let relay = match get("relay").map(|r| r.trim().to_string()).filter(|r| !r.is_empty()) {
            Some(r) if r.starts_with('/') && !r.starts_with("//") => Some(r),
            Some(r) if !r.contains("://") => {
                problems.push(Problem::NotAbsoluteOrPath { attribute: "relay", value: r });
                None
            }
            Some(r) if url("relay", &r, &mut problems) => Some(r),
            _ => None,
        };
        let folder_id = guid(get("folder-id"), "folder-id", IdKind::Folder, &mut problems);
        let session_id = guid(get("session-id"), "session-id", IdKind::Session, &mut problems);
        let client_id = get("client-id").map(|c| c.trim().to_string()).filter(|c| !c.is_empty());
        let redirect_uri = match get("redirect-uri").map(|r| r.trim().to_string()).filter(|r| !r.is_empty()) {
            Some(r) if url("redirect-uri", &r, &mut problems) => Some(r),
            _ => None,
        };
        let oauth_flow = match get("oauth-flow").map(|f| f.trim().to_ascii_lowercase()).filter(|f| !f.is_empty()) {
            None => Flow::default(),
            Some(f) => Flow::from_attribute(&f).unwrap_or_else(|| {
                problems.push(Problem::NotOneOf { attribute: "oauth-flow", value: f, allowed: "implicit, code" });
                Flow::default()
            }),
        };
        let sign_in_redirect = match get("sign-in").map(|m| m.trim().to_ascii_lowercase()).as_deref() {
            None | Some("" | "popup") => false,
            Some("redirect") => true,
            Some(other) => {
                let value = other.to_string();
                problems.push(Problem::NotOneOf { attribute: "sign-in", value, allowed: "popup, redirect" });
                false
            }
        };
        let sign_in = Config { oauth_flow, sign_in_redirect, ..common(Vec::new()) };
        Config { server, relay, folder_id, session_id, client_id, redirect_uri, problems, ..sign_in }
    }
}

/// An optional GUID attribute.
fn guid(v: Option<String>, attribute: &'static str, kind: IdKind, problems: &mut Vec<Problem>) -> Option<String> {
    match v.map(|f| f.trim().to_string()).filter(|f| !f.is_empty()) {
        Some(value) if !is_guid(&value) => {
            problems.push(Problem::NotAGuid { attribute, value, kind });
            None
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    /// The configuration, with its problems in English (what the page author reads).
    struct Said {
        config: Config,
        problems: Vec<String>,
    }

    impl std::ops::Deref for Said {
        type Target = Config;
        fn deref(&self) -> &Config {
            &self.config
        }
    }

    fn said(config: Config) -> Said {
        let english = |p: &Problem| crate::ui::i18n::problems(Lang::En, std::slice::from_ref(p));
        Said { problems: config.problems.iter().map(english).collect(), config }
    }

    fn with(pairs: &[(&str, &str)]) -> Said {
        said(Config::from_attributes(|n| pairs.iter().find(|(k, _)| *k == n).map(|(_, v)| v.to_string()), false))
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
    fn url_attributes_must_be_https_or_http_to_loopback_or_an_allowed_host() {
        let problems = |pairs: &[(&str, &str)]| with(pairs).problems;
        let p = problems(&[("server", "javascript:alert(1)")]);
        assert_eq!(p, vec!["server=\"javascript:alert(1)\" must be an absolute https:// URL".to_string()]);
        let p = problems(&[("server", "http://panopto.school.example")]);
        assert!(p.len() == 1 && p[0].contains("plain http") && p[0].contains("allow-http-hosts"), "{p:?}");
        assert!(problems(&[
            ("server", "http://panopto.school.example"),
            ("allow-http-hosts", "panopto.school.example")
        ])
        .is_empty());
        assert!(problems(&[("server", "http://localhost:8080")]).is_empty());
        let p = problems(&[("server", "https://p.example"), ("redirect-uri", "data://x"), ("client-id", "c")]);
        assert!(p.len() == 1 && p[0].contains("redirect-uri=\"data://x\" uses data:"), "{p:?}");
        let p = with(&[("protocol", "panda"), ("upload-session-url", "http://backend.example/s")]).problems;
        assert!(p.len() == 1 && p[0].contains("upload-session-url="), "{p:?}");
        let p = with(&[("protocol", "panda"), ("upload-session-url", "https://h:0/s")]).problems;
        assert!(p.len() == 1 && p[0].contains("not a host name and port"), "{p:?}");
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
        assert_eq!(c.problems.len(), 1, "{:?}", c.problems);
        assert!(c.problems[0].contains("server attribute is missing"));
    }

    #[test]
    fn sign_in_and_streams_are_configured_by_attributes() {
        let c = with(&[
            ("server", "https://p.example"),
            ("client-id", " lms "),
            ("session-id", "0E0E0E0E-1111-4222-8333-444455556666"),
        ]);
        assert!(c.problems.is_empty(), "{:?}", c.problems);
        assert_eq!(c.folder_id, None, "no folder-id: the teacher chooses the folder");
        assert_eq!((c.client_id.as_deref(), c.redirect_uri.as_deref()), (Some("lms"), None));
        assert_eq!(c.session_id.as_deref(), Some("0E0E0E0E-1111-4222-8333-444455556666"));
        let c = with(&[("server", "https://p.example"), ("redirect-uri", "/cb.html"), ("session-id", "x")]);
        assert_eq!(c.problems.len(), 2, "{:?}", c.problems);
        assert!(c.problems[0].contains("session-id=\"x\""), "{:?}", c.problems);
        assert!(c.problems[1].contains("redirect-uri=\"/cb.html\" must be an absolute"), "{:?}", c.problems);
    }

    #[test]
    fn a_relay_is_a_path_on_this_site_or_a_url() {
        for ok in ["/panopto", "/", "https://lms.example/panopto/", "http://127.0.0.1:8080"] {
            let c = with(&[("server", "https://p.example"), ("relay", ok)]);
            assert!(c.problems.is_empty(), "{ok}: {:?}", c.problems);
            assert_eq!(c.relay.as_deref(), Some(ok));
        }
        for bad in ["panopto", "//evil/x", "ftp://x/y", "http://lms.example/p"] {
            let c = with(&[("server", "https://p.example"), ("relay", bad)]);
            let named = format!("relay=\"{bad}\"");
            assert!(c.problems.len() == 1 && c.problems[0].starts_with(&named), "{bad}: {:?}", c.problems);
            assert_eq!(c.relay, None);
        }
        assert_eq!(with(&[("server", "https://p.example"), ("relay", "  ")]).relay, None);
    }

    #[test]
    fn panda_needs_a_session_url_or_create_upload_and_not_panopto_settings() {
        let c = with(&[("protocol", "panda"), ("upload-session-url", "/videos/upload.json")]);
        assert!(c.problems.is_empty(), "{:?}", c.problems);
        assert_eq!((c.protocol, c.upload_session_url.as_deref()), (Protocol::Panda, Some("/videos/upload.json")));
        assert_eq!(c.max_chunk_mib, 128);
        let c = with(&[("protocol", "Panda")]);
        assert!(c.problems[0].contains("needs upload-session-url"), "{:?}", c.problems);
        let get = |n: &str| (n == "protocol").then(|| "panda".to_string());
        assert!(said(Config::from_attributes(get, true)).problems.is_empty(), "createUpload stands in for the URL");
        for bad in ["ftp://x/y", "videos/upload.json", "//evil/x", "http://"] {
            let c = with(&[("protocol", "panda"), ("upload-session-url", bad)]);
            let named = format!("upload-session-url=\"{bad}\"");
            assert!(c.problems.len() == 1 && c.problems[0].starts_with(&named), "{bad}: {:?}", c.problems);
        }
        let c = with(&[("protocol", "tus")]);
        assert!(c.problems[0].contains("protocol=\"tus\""));
        let c = with(&[("protocol", "panda"), ("upload-session-url", "https://lms/x"), ("max-chunk-mib", "0")]);
        assert!(c.problems[0].contains("max-chunk-mib=\"0\""));
    }
}
