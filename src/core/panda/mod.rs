//! Panda's resumable upload protocol (pandastream's Upload API), as pure build + parse:
//! create an upload session, then `PUT <location>` chunks with `Content-Range: bytes
//! RS-RE/L`, ask where the server stands with `bytes */L`, abort with `DELETE`, or send the
//! whole file as a multipart form where the browser cannot read the answers' headers.
//!
//! The rules, from the spec: 204 with `Range: RS-RE` while incomplete (trust it, not our own
//! count), 200 with the video JSON when complete; any answer may carry a new `Location`
//! that must be used from then on; 5xx and requests that did not get through are retried,
//! every 4xx is a client error; `Range` parses with `^(\d+)-(\d+)$`.

pub mod answer;
pub mod range;
pub mod request;
