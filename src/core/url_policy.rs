//! Which URLs the element's attributes may name: an absolute `https:` URL, or `http:` for a
//! loopback host (the emulator, a developer's machine) and for hosts the page lists in
//! `allow-http-hosts`. Anything else is a configuration error at once, in words, rather than a
//! `network` error 15–25 s later (a `javascript:` URL used to be taken for a host name).
//! The bearer token travels to `server`, so a plain-http server on the open network would
//! hand it to anyone on the path: that must be a decision the page makes explicitly.

/// Why a URL is refused, for the message the page author reads (its words are the
/// catalogue's, in `ui/i18n`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UrlRefusal {
    /// Not `scheme://authority…` at all (a bare word, a path, `javascript:…`).
    NotAbsolute,
    /// A scheme other than http(s).
    Scheme(String),
    /// `http:` to a host that is neither loopback nor listed in `allow-http-hosts`.
    PlainHttp(String),
    /// The authority is not a host name, IPv4/IPv6 address and optional port.
    BadHost(String),
}

/// Checks an absolute URL; returns its lower-case host on success.
pub fn check_url(url: &str, allow_http: &[String]) -> Result<String, UrlRefusal> {
    let (scheme, rest) = url.split_once("://").ok_or(UrlRefusal::NotAbsolute)?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme.is_empty() || !scheme.bytes().all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b)) {
        return Err(UrlRefusal::NotAbsolute);
    }
    if scheme != "https" && scheme != "http" {
        return Err(UrlRefusal::Scheme(scheme));
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = host_of(authority).ok_or_else(|| UrlRefusal::BadHost(authority.to_string()))?;
    if scheme == "http" && !is_loopback(&host) && !allow_http.iter().any(|h| h.eq_ignore_ascii_case(&host)) {
        return Err(UrlRefusal::PlainHttp(host));
    }
    Ok(host)
}

/// The host of `host[:port]` / `[v6][:port]`, lower-cased; `None` when it is not one.
fn host_of(authority: &str) -> Option<String> {
    let a = authority.to_ascii_lowercase();
    let (host, port) = match a.strip_prefix('[') {
        Some(v6) => {
            let (h, after) = v6.split_once(']')?;
            if h.is_empty() || !h.bytes().all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.') {
                return None;
            }
            let port = if after.is_empty() { None } else { Some(after.strip_prefix(':')?) };
            (format!("[{h}]"), port)
        }
        None => match a.split_once(':') {
            Some((h, p)) => (h.to_string(), Some(p)),
            None => (a.clone(), None),
        },
    };
    if let Some(p) = port.filter(|p| !p.is_empty()) {
        if !p.bytes().all(|b| b.is_ascii_digit()) || !p.parse::<u32>().is_ok_and(|n| (1..=65_535).contains(&n)) {
            return None;
        }
    }
    let name_ok = |h: &str| {
        !h.is_empty()
            && h.len() <= 253
            && h.split('.').all(|l| {
                !l.is_empty()
                    && l.len() <= 63
                    && !l.starts_with('-')
                    && !l.ends_with('-')
                    && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            })
    };
    (host.starts_with('[') || name_ok(&host)).then_some(host)
}

/// 127.0.0.0/8, ::1, `localhost` and `*.localhost` (which browsers resolve to loopback).
fn is_loopback(host: &str) -> bool {
    host == "localhost"
        || host.ends_with(".localhost")
        || host == "[::1]"
        || host
            .strip_prefix("127.")
            .is_some_and(|r| r.split('.').count() == 3 && r.split('.').all(|o| o.parse::<u8>().is_ok()))
}

/// The origin a browser gives pages under `url`: `scheme://host[:port]`, lower case, the
/// scheme's default port left out. `None` unless an http(s) URL with a host.
pub fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.trim().split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    let default_port = match scheme.as_str() {
        "http" => ":80",
        "https" => ":443",
        _ => return None,
    };
    let authority = &rest[..rest.find(['/', '?', '#']).unwrap_or(rest.len())];
    let authority = authority.rsplit_once('@').map_or(authority, |(_, a)| a).to_ascii_lowercase();
    let authority = authority.strip_suffix(default_port).unwrap_or(&authority);
    (!authority.is_empty() && !authority.starts_with(':')).then(|| format!("{scheme}://{authority}"))
}

/// The `allow-http-hosts` attribute: host names separated by spaces or commas.
pub fn allow_http_hosts(v: Option<String>) -> Vec<String> {
    v.unwrap_or_default().split([' ', ',']).map(|h| h.trim().to_ascii_lowercase()).filter(|h| !h.is_empty()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn https_anywhere_http_only_to_loopback_or_listed_hosts() {
        let none: &[String] = &[];
        for ok in [
            "https://p.example",
            "https://P.Example:8443/Panopto",
            "http://127.0.0.1:8080",
            "http://localhost:3000/x",
            "http://[::1]:9000",
            "http://emu.localhost",
            "https://[2001:db8::1]",
        ] {
            assert!(check_url(ok, none).is_ok(), "{ok}");
        }
        assert_eq!(check_url("http://lan-box:8080", &["LAN-box".into()]), Ok("lan-box".into()));
        assert_eq!(check_url("javascript:alert(1)", none), Err(UrlRefusal::NotAbsolute));
        assert_eq!(check_url("p.example", none), Err(UrlRefusal::NotAbsolute));
        assert_eq!(check_url("/relative", none), Err(UrlRefusal::NotAbsolute));
        assert_eq!(check_url("ftp://p.example", none), Err(UrlRefusal::Scheme("ftp".into())));
        assert_eq!(check_url("data://x", none), Err(UrlRefusal::Scheme("data".into())));
        assert_eq!(check_url("http://p.example", none), Err(UrlRefusal::PlainHttp("p.example".into())));
        assert_eq!(
            check_url("http://127.0.0.1.evil.example", none),
            Err(UrlRefusal::PlainHttp("127.0.0.1.evil.example".into()))
        );
        for bad in [
            "https://",
            "https://:443",
            "https://a b",
            "https://h:99999",
            "https://h:x",
            "https://u@h",
            "https://-h-",
            "https://[zz]",
            "https://h..x",
        ] {
            assert!(matches!(check_url(bad, none), Err(UrlRefusal::BadHost(_))), "{bad}");
        }
        assert_eq!(allow_http_hosts(Some(" a.example, B.example ".into())), vec!["a.example", "b.example"]);
    }

    #[test]
    fn origins_as_browsers_give_them() {
        assert_eq!(origin_of("https://LMS.example:443/a/cb.html?x#y").as_deref(), Some("https://lms.example"));
        assert_eq!(origin_of("http://127.0.0.1:8080/cb").as_deref(), Some("http://127.0.0.1:8080"));
        assert_eq!(origin_of("http://u:p@host/cb").as_deref(), Some("http://host"));
        assert_eq!((origin_of("data:text/html,x"), origin_of("https:///x")), (None, None));
    }
}
