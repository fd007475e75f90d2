//! Bearer tokens the REST APIs accept: the static --token ones and those issued by the token
//! endpoint and the sign-in page (`oauth/`), with expiry under --token-ttl-secs. Each token knows
//! the user it acts for (API v1 shows it as CreatedBy). Issued tokens are kept in
//! `<data-dir>/tokens.json`, so a restarted emulator still accepts them like the rest of its state.

use crate::config::Config;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::{SystemTime, UNIX_EPOCH};

/// `expires_in` announced when tokens do not expire (not enforced).
pub const NOMINAL_TTL_SECS: u64 = 3600;

/// Expired tokens are forgotten after this long; until then they count as expired, not unknown.
const FORGET_AFTER_MS: u64 = 3600 * 1000;

/// The user of tokens nobody signed in for: the --token ones and client_credentials tokens (on
/// Panopto, a server-side API client acts as the account that owns it).
pub const SERVICE_USER: &str = "admin";

#[derive(Debug, PartialEq)]
pub enum TokenCheck {
    /// The user the token acts for.
    Valid(String),
    Expired,
    Unknown,
}

#[derive(Serialize, Deserialize, Clone, Debug)]
struct Issued {
    at_ms: u64,
    user: String,
}

/// tokens.json entries: data directories written before tokens had users hold bare timestamps.
#[derive(Deserialize)]
#[serde(untagged)]
enum StoredIssued {
    Full(Issued),
    Legacy(u64),
}

pub struct Tokens {
    ttl_ms: Option<u64>,
    static_tokens: Vec<String>,
    /// When the static tokens count as issued: start-up.
    started_ms: u64,
    /// Issued token -> when and for whom.
    issued: Mutex<BTreeMap<String, Issued>>,
    path: PathBuf,
}

/// 64 hex digits from two random UUIDs (244 random bits): tokens, codes and refresh tokens.
pub fn random_token() -> String {
    format!("{}{}", uuid::Uuid::new_v4().simple(), uuid::Uuid::new_v4().simple())
}

/// Token lifetimes follow the real clock: --clock-skew-secs shifts what the server reports,
/// not how long a token lives.
pub fn now_ms() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis() as u64).unwrap_or(0)
}

impl Tokens {
    pub fn open(cfg: &Config) -> std::io::Result<Tokens> {
        let path = cfg.data_dir.join("tokens.json");
        let stored: BTreeMap<String, StoredIssued> = match std::fs::read(&path) {
            Ok(b) => serde_json::from_slice(&b).map_err(|e| {
                std::io::Error::new(std::io::ErrorKind::InvalidData, format!("{}: {e}", path.display()))
            })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => BTreeMap::new(),
            Err(e) => return Err(e),
        };
        let issued = stored
            .into_iter()
            .map(|(t, s)| match s {
                StoredIssued::Full(i) => (t, i),
                StoredIssued::Legacy(at_ms) => (t, Issued { at_ms, user: SERVICE_USER.to_string() }),
            })
            .collect();
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
        let (issued_at, user) = if self.static_tokens.iter().any(|t| t == token) {
            (self.started_ms, SERVICE_USER.to_string())
        } else {
            match self.issued.lock().unwrap().get(token) {
                Some(i) => (i.at_ms, i.user.clone()),
                None => return TokenCheck::Unknown,
            }
        };
        match self.ttl_ms {
            Some(ttl) if now_ms().saturating_sub(issued_at) >= ttl => TokenCheck::Expired,
            _ => TokenCheck::Valid(user),
        }
    }

    /// Issues a fresh random token acting for `user` and persists it before it is handed out.
    pub fn issue(&self, user: &str) -> String {
        let token = random_token();
        let now = now_ms();
        let json = {
            let mut map = self.issued.lock().unwrap();
            if let Some(ttl) = self.ttl_ms {
                map.retain(|_, i| now.saturating_sub(i.at_ms) < ttl.saturating_add(FORGET_AFTER_MS));
            }
            map.insert(token.clone(), Issued { at_ms: now, user: user.to_string() });
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
