//! The `relay` attribute: a URL on the page's own origin through which every request to
//! Panopto's origin goes, for a Panopto that does not answer CORS for the page (no public
//! source shows CORS headers on its REST API, API v1 or upload target: reference §13).
//!
//! A request keeps everything but its origin and the relay's path before it:
//! `https://school.hosted.panopto.com/Panopto/Upload/{id}/lecture.mp4` goes to
//! `https://lms.example/panopto/Panopto/Upload/{id}/lecture.mp4` (relay `/panopto`), or to
//! `https://lms.example/Panopto/Upload/...` (relay `/`, a `location /Panopto/` that passes
//! the path unchanged). What is signed is not rewritten: S3 requests are signed for the URL
//! they will have at Panopto, since the relay sends Panopto its own `Host` and strips its
//! prefix (nginx's defaults), and S3 checks the signature against what arrives there.

use super::panda::request::resolve_location;
use super::url_policy::origin_of;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Relay {
    /// Panopto's origin as a browser writes it ([`origin_of`]).
    server_origin: String,
    /// Where its requests go instead: an origin and an optional path, no trailing `/`.
    base: String,
}

impl Relay {
    /// `relay` is the attribute (a path on the page's origin, or an absolute URL) and
    /// `page_url` the document's URL it is resolved against; `None` when it cannot be
    /// resolved (the configuration has said why already).
    pub fn new(server_origin: &str, relay: &str, page_url: &str) -> Option<Relay> {
        let resolved = resolve_location(page_url, relay).ok()?;
        // A query or fragment on the relay has no place in a base URL.
        let resolved = resolved.split(['?', '#']).next().unwrap_or_default();
        let origin = origin_of(resolved)?;
        let path = resolved.split_once("://").map(|(_, r)| r.find('/').map_or("", |i| &r[i..])).unwrap_or_default();
        let base = format!("{origin}{}", path.trim_end_matches('/'));
        Some(Relay { server_origin: origin_of(server_origin)?, base })
    }

    /// Where `url` is sent: through the relay when it is on Panopto's origin, as it is
    /// otherwise (a Panda server, an upload target on another host).
    pub fn route(&self, url: &str) -> Option<String> {
        let origin = origin_of(url)?;
        if origin != self.server_origin {
            return None;
        }
        let after_scheme = url.find("://")? + 3;
        let rest = url[after_scheme..].find(['/', '?', '#']).map_or("", |i| &url[after_scheme + i..]);
        let rest = if rest.starts_with('/') { rest.to_string() } else { format!("/{rest}") };
        Some(format!("{}{rest}", self.base))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    const PAGE: &str = "https://lms.example/course/view.php?id=7";
    const SERVER: &str = "https://school.hosted.panopto.com";

    #[test]
    fn a_prefix_on_the_page_origin_is_put_before_the_path() {
        let r = Relay::new(SERVER, "/panopto/", PAGE).unwrap();
        assert_eq!(
            r.route("https://School.Hosted.Panopto.com:443/Panopto/Upload/abc/a%20b.mp4?partNumber=1&uploadId=x"),
            Some("https://lms.example/panopto/Panopto/Upload/abc/a%20b.mp4?partNumber=1&uploadId=x".into())
        );
        assert_eq!(
            r.route("https://school.hosted.panopto.com/Panopto/api/v1/folders/creator?pageNumber=0"),
            Some("https://lms.example/panopto/Panopto/api/v1/folders/creator?pageNumber=0".into())
        );
    }

    #[test]
    fn the_page_origin_itself_passes_the_path_unchanged() {
        for relay in ["/", "https://lms.example", "https://lms.example/"] {
            let r = Relay::new(SERVER, relay, PAGE).unwrap();
            assert_eq!(
                r.route("https://school.hosted.panopto.com/Panopto/PublicAPI/REST/sessionUpload"),
                Some("https://lms.example/Panopto/PublicAPI/REST/sessionUpload".into()),
                "{relay}"
            );
        }
    }

    #[test]
    fn other_origins_go_as_they_are() {
        let r = Relay::new(SERVER, "/panopto", PAGE).unwrap();
        assert_eq!(r.route("https://bucket.s3.amazonaws.com/Upload/x/a.mp4"), None);
        assert_eq!(r.route("http://school.hosted.panopto.com/Panopto/x"), None, "another scheme is another origin");
        assert_eq!(r.route("https://school.hosted.panopto.com:8443/x"), None, "another port too");
        assert_eq!(r.route("not a url"), None);
    }

    #[test]
    fn a_relay_that_cannot_be_resolved_is_none() {
        assert_eq!(Relay::new(SERVER, "panopto", PAGE), None, "neither a URL nor a path");
        assert_eq!(Relay::new(SERVER, "/panopto", "about:blank"), None);
        assert_eq!(Relay::new("nope", "/panopto", PAGE), None);
    }
}
