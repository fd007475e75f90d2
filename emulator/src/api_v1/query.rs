//! What every API v1 listing shares: query parameters (names bind case-insensitively, as in
//! ASP.NET), sorting, paging by --api-page-size from pageNumber=0, the `{"Results": [...]}`
//! envelope, and `{"Message": ...}` errors. A malformed parameter is a 400 naming it, never
//! silently the default.

use crate::rest::json_response;
use crate::sigv4_verify::query_pairs;
use axum::body::Body;
use axum::http::{Response, StatusCode};
use serde_json::{json, Value};
use std::cmp::Ordering;
use uuid::Uuid;

/// An error answer before it becomes a response: small, so `?` can carry it cheaply.
pub struct Refusal {
    pub status: StatusCode,
    pub message: String,
}

impl Refusal {
    pub fn into_response(self) -> Response<Body> {
        message(self.status, self.message)
    }
}

pub type Answer = Result<Response<Body>, Refusal>;

pub fn message(status: StatusCode, msg: impl Into<String>) -> Response<Body> {
    json_response(status, &json!({ "Message": msg.into() }))
}

pub fn refuse(status: StatusCode, msg: impl Into<String>) -> Refusal {
    Refusal { status, message: msg.into() }
}

pub fn bad(msg: impl Into<String>) -> Refusal {
    refuse(StatusCode::BAD_REQUEST, msg)
}

pub fn results(items: Vec<Value>) -> Response<Body> {
    json_response(StatusCode::OK, &json!({ "Results": items }))
}

pub struct Query(Vec<(String, String)>);

impl Query {
    pub fn parse(raw: Option<&str>) -> Query {
        Query(query_pairs(raw))
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// `pageNumber`, from 0; absent means 0.
    pub fn page_number(&self) -> Result<usize, Refusal> {
        match self.get("pageNumber") {
            None => Ok(0),
            Some(v) => v
                .trim()
                .parse::<usize>()
                .map_err(|_| bad(format!("pageNumber '{v}' is not valid: pages are numbered 0, 1, 2, ..."))),
        }
    }

    /// `sortOrder`: Asc (the default) or Desc; true for Desc.
    pub fn descending(&self) -> Result<bool, Refusal> {
        match self.get("sortOrder").map(str::trim) {
            None => Ok(false),
            Some(v) if v.eq_ignore_ascii_case("Asc") => Ok(false),
            Some(v) if v.eq_ignore_ascii_case("Desc") => Ok(true),
            Some(v) => Err(bad(format!("sortOrder '{v}' is not valid; use Asc or Desc"))),
        }
    }

    /// `sortField`, one of `allowed` (case-insensitive); absent means `allowed[0]`.
    pub fn sort_field(&self, allowed: &[&'static str]) -> Result<&'static str, Refusal> {
        match self.get("sortField").map(str::trim) {
            None => Ok(allowed[0]),
            Some(v) => allowed
                .iter()
                .find(|a| a.eq_ignore_ascii_case(v))
                .copied()
                .ok_or_else(|| bad(format!("sortField '{v}' is not supported here; use {}", allowed.join(" or ")))),
        }
    }

    /// `searchQuery`, required and not blank.
    pub fn search_query(&self) -> Result<String, Refusal> {
        match self.get("searchQuery").map(str::trim) {
            Some(q) if !q.is_empty() => Ok(q.to_string()),
            Some(_) => Err(bad("searchQuery is empty; give the text to search for")),
            None => Err(bad("searchQuery is required: the text to search for")),
        }
    }
}

/// Sorts by `key` (ties broken by `id`, so pages never overlap), optionally descending, and
/// returns page `page` of `size`; past the end, an empty page.
pub fn sorted_page<T, K: Ord>(
    mut items: Vec<T>,
    key: impl Fn(&T) -> K,
    id: impl Fn(&T) -> Uuid,
    descending: bool,
    page: usize,
    size: usize,
) -> Vec<T> {
    items.sort_by(|a, b| {
        let o: Ordering = key(a).cmp(&key(b)).then_with(|| id(a).cmp(&id(b)));
        if descending {
            o.reverse()
        } else {
            o
        }
    });
    let start = page.saturating_mul(size);
    items.into_iter().skip(start).take(size).collect()
}

/// A GUID from the URL; `what` names it in the 400.
pub fn guid(seg: &str, what: &str) -> Result<Uuid, Refusal> {
    Uuid::parse_str(seg).map_err(|_| bad(format!("The {what} ID '{seg}' in the URL is not a valid GUID.")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paging_and_parameters() {
        let ids: Vec<u128> = (1..=25).collect();
        let page = |p: usize| sorted_page(ids.clone(), |x| *x, |x| Uuid::from_u128(*x), false, p, 10);
        assert_eq!(page(0).len(), 10);
        assert_eq!(page(2), (21..=25).collect::<Vec<_>>());
        assert!(page(3).is_empty());
        assert!(page(usize::MAX).is_empty());
        assert_eq!(sorted_page(ids.clone(), |x| *x, |x| Uuid::from_u128(*x), true, 0, 2), [25, 24]);
        let q = Query::parse(Some("PAGENUMBER=2&sortorder=desc&searchQuery=+x+"));
        assert_eq!((q.page_number().ok(), q.descending().ok()), (Some(2), Some(true)));
        assert_eq!(q.search_query().ok().as_deref(), Some("x"));
        assert_eq!(q.sort_field(&["Name"]).ok(), Some("Name"));
        let q = Query::parse(Some("pageNumber=-1&sortOrder=up&sortField=Size&searchQuery="));
        assert!(q.page_number().is_err() && q.descending().is_err() && q.search_query().is_err());
        assert!(q.sort_field(&["Name"]).is_err());
    }
}
