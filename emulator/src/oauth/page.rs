//! The sign-in and consent page, and the error page for requests that cannot be redirected.
//! Small, self-contained HTML (no scripts, images or external styles; the CSP says so) with
//! labelled controls and stable ids, so people can use it and browser tests can drive it:
//! `#user` (select), `#username` (text), `#allow` / `#deny` (buttons named `decision`),
//! `#error` (error code) and `#error-description` on the error page.

use super::params::{Valid, USERS};
use super::scope_rules::SCOPES;
use axum::body::Body;
use axum::http::{header, HeaderValue, Response, StatusCode};

pub const ACTION: &str = "/Panopto/oauth2/connect/authorize";

const STYLE: &str = "body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f4f5f7;color:#1d2430}\
main{max-width:32rem;margin:2rem auto;padding:1.5rem 2rem;background:#fff;border-radius:8px;\
box-shadow:0 1px 4px #0002}h1{font-size:1.4rem}fieldset{border:1px solid #ccd;border-radius:6px;\
margin:1rem 0}label{display:block;margin-top:.5rem}select,input{font:inherit;padding:.3rem;width:100%;\
box-sizing:border-box}.buttons{display:flex;gap:1rem;margin-top:1rem}button{font:inherit;padding:.5rem 1.5rem;\
border-radius:6px;border:1px solid #335}#allow{background:#1f5fbf;color:#fff}\
.alert{color:#a01010;font-weight:600}code{word-break:break-all}";

pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

pub fn html(status: StatusCode, title: &str, body: &str) -> Response<Body> {
    let doc = format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{} - Panopto emulator</title><style>{STYLE}</style></head>\n<body><main>\n{body}\n</main></body></html>\n",
        esc(title)
    );
    let mut r = Response::new(Body::from(doc));
    *r.status_mut() = status;
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    // No form-action: browsers would then block the redirect to the client that follows the POST.
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    r
}

/// The error page: `#error` holds the OAuth error code, `#error-description` says what is wrong.
pub fn error(status: StatusCode, code: &str, description: &str) -> Response<Body> {
    let body = format!(
        "<h1>Sign-in request rejected</h1>\n<p role=\"alert\" class=\"alert\">Error: <code id=\"error\">{}</code></p>\n\
         <p id=\"error-description\">{}</p>\n<p>The application that sent you here is misconfigured; \
         this page does not send you back to it.</p>",
        esc(code),
        esc(description)
    );
    html(status, "Sign-in error", &body)
}

/// The sign-in and consent page. `typed`: what the user typed into the name field before a
/// `problem` with it sent the page back.
pub fn consent(v: &Valid, chosen: Option<&str>, typed: &str, problem: Option<&str>) -> Response<Body> {
    let hidden: String = v
        .carried
        .iter()
        .map(|(k, val)| format!("<input type=\"hidden\" name=\"{}\" value=\"{}\">\n", esc(k), esc(val)))
        .collect();
    let scopes: String = v
        .scopes
        .iter()
        .map(|s| {
            let what = SCOPES.iter().find(|(k, _)| k == s).map_or("", |(_, d)| *d);
            format!("<li data-scope=\"{0}\"><code>{0}</code>: {1}</li>\n", esc(s), esc(what))
        })
        .collect();
    let chosen = chosen.filter(|c| USERS.contains(c)).unwrap_or(USERS[0]);
    let options: String = USERS
        .iter()
        .map(|u| format!("<option value=\"{u}\"{}>{u}</option>", if *u == chosen { " selected" } else { "" }))
        .collect();
    let (status, alert, described) = match problem {
        Some(p) => (
            StatusCode::BAD_REQUEST,
            format!("<p id=\"user-error\" role=\"alert\" class=\"alert\">{}</p>\n", esc(p)),
            " aria-describedby=\"user-error username-hint\" aria-invalid=\"true\"",
        ),
        None => (StatusCode::OK, String::new(), " aria-describedby=\"username-hint\""),
    };
    let body = format!(
        "<h1>Sign in to Panopto</h1>\n\
         <p>The application <strong id=\"client-id\">{client}</strong> asks to:</p>\n<ul id=\"scopes\">\n{scopes}</ul>\n\
         <p>You will return to <code id=\"redirect-uri\">{uri}</code>.</p>\n{alert}\
         <form id=\"consent\" method=\"post\" action=\"{ACTION}\">\n{hidden}\
         <fieldset><legend>Sign in as</legend>\n\
         <label for=\"user\">User</label>\n<select id=\"user\" name=\"user\">{options}</select>\n\
         <label for=\"username\">Or another user name</label>\n\
         <input id=\"username\" name=\"username\" type=\"text\" value=\"{typed}\" maxlength=\"64\" \
         autocomplete=\"username\" pattern=\"[A-Za-z0-9._@\\-]{{1,64}}\"{described}>\n\
         <p id=\"username-hint\">Letters, digits, . - _ and @, up to 64 characters. \
         Leave it empty to sign in as the user chosen above.</p>\n</fieldset>\n\
         <div class=\"buttons\">\
         <button type=\"submit\" id=\"allow\" name=\"decision\" value=\"allow\">Allow</button>\
         <button type=\"submit\" id=\"deny\" name=\"decision\" value=\"deny\" formnovalidate>Deny</button>\
         </div>\n</form>",
        client = esc(&v.client.id),
        uri = esc(&v.to.uri),
        typed = esc(typed),
    );
    html(status, "Sign in", &body)
}
