//! Bearer tokens the REST API accepts: the static --token ones and those issued by the token
//! endpoint (`oauth.rs`), with expiry under --token-ttl-secs. Issued tokens are kept in
//! `<data-dir>/tokens.json`, so a restarted emulator still accepts them like the rest of its state.

use crate::config::Config;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::{SystemTime, UNIX_EPOCH};

/// `expires_in` announced when tokens do not expire (not enforced).
pub const NOMINAL_TTL_SECS: u64 = 3600;

/// Expired tokens are forgotten after this long; until then they count as expired, not unknown.
const FORGET_AFTER_MS: u64 = 3600 * 1000;

#[derive(Debug, PartialEq)]
pub enum TokenCheck {
    Valid,
    Expired,
    Unknown,
}

pub struct Tokens {
    ttl_ms: Option<u64>,
    static_tokens: Vec<String>,
    /// When the static tokens count as issued: start-up.
    started_ms: u64,
    /// Issued token -> Unix ms of issue.
    issued: Mutex<BTreeMap<String, u64>>,
    path: PathBuf,
}

/// Token lifetimes follow the real clock: --clock-skew-secs shifts what the server reports,
/// not how long a token lives.
fn now_ms() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis() as u64).unwrap_or(0)
}

impl Tokens {
    pub fn open(cfg: &Config) -> std::io::Result<Tokens> {
        let path = cfg.data_dir.join("tokens.json");
        let issued = match std::fs::read(&path) {
            Ok(b) => serde_json::from_slice(&b).map_err(|e| {
                std::io::Error::new(std::io::ErrorKind::InvalidData, format!("{}: {e}", path.display()))
            })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => BTreeMap::new(),
            Err(e) => return Err(e),
        };
        Ok(Tokens {
            ttl_ms: cfg.faults.token_ttl_secs.map(|s| s.saturating_mul(1000)),
            static_tokens: cfg.tokens.clone(),
            started_ms: now_ms(),
            issued: Mutex::new(issued),
            path,
        })
    }

    /// The `expires_in` of a new token.
    pub fn expires_in(&self) -> u64 {
        self.ttl_ms.map_or(NOMINAL_TTL_SECS, |ms| ms / 1000)
    }

    pub fn check(&self, token: &str) -> TokenCheck {
        let issued_at = if self.static_tokens.iter().any(|t| t == token) {
            self.started_ms
        } else {
            match self.issued.lock().unwrap().get(token) {
                Some(at) => *at,
                None => return TokenCheck::Unknown,
            }
        };
        match self.ttl_ms {
            Some(ttl) if now_ms().saturating_sub(issued_at) >= ttl => TokenCheck::Expired,
            _ => TokenCheck::Valid,
        }
    }

    /// Issues a fresh random token and persists it before it is handed out.
    pub fn issue(&self) -> String {
        let token = format!("{}{}", uuid::Uuid::new_v4().simple(), uuid::Uuid::new_v4().simple());
        let now = now_ms();
        let json = {
            let mut map = self.issued.lock().unwrap();
            if let Some(ttl) = self.ttl_ms {
                map.retain(|_, at| now.saturating_sub(*at) < ttl.saturating_add(FORGET_AFTER_MS));
            }
            map.insert(token.clone(), now);
            serde_json::to_vec(&*map).unwrap_or_default()
        };
        let tmp = self.path.with_extension("json.tmp");
        if let Err(e) = std::fs::write(&tmp, json).and_then(|_| std::fs::rename(&tmp, &self.path)) {
            eprintln!("panopto-emulator: cannot write {}: {e}", self.path.display());
        }
        token
    }

    /// Whether any known token (static or issued, expired or not) occurs in `text`; used to spot
    /// a REST token leaking to the S3 endpoint.
    pub fn appears_in(&self, text: &str) -> bool {
        self.static_tokens.iter().any(|t| !t.is_empty() && text.contains(t.as_str()))
            || self.issued.lock().unwrap().keys().any(|t| text.contains(t.as_str()))
    }
}
