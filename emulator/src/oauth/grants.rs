//! What the sign-in hands out besides access tokens: authorization codes (single use, valid
//! --oauth-code-ttl-secs, 60 s by default; in memory only, as nobody waits a restart to redeem
//! one) and refresh tokens (rotated on every use; kept in `<data-dir>/refresh-tokens.json`, so a
//! restarted emulator still honours them like its access tokens).
//!
//! Codes and refresh tokens that were used are remembered for a while, so a second use is
//! answered as exactly that rather than as an unknown value.

use crate::tokens::{now_ms, random_token};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Used codes and rotated refresh tokens are forgotten after this long.
const FORGET_USED_MS: u64 = 3600 * 1000;

/// Everything a code is bound to (RFC 6749 §4.1.3, RFC 7636 §4.6).
#[derive(Clone, Debug)]
pub struct CodeGrant {
    pub client_id: String,
    pub redirect_uri: String,
    pub code_challenge: String,
    pub user: String,
    pub scope: String,
}

struct PendingCode {
    grant: CodeGrant,
    expires_ms: u64,
}

pub enum CodeLookup {
    Valid(CodeGrant),
    Unknown,
    Used,
    Expired,
    /// Issued to another client; the code stays redeemable by its own client.
    OtherClient,
}

#[derive(Serialize, Deserialize, Clone, Debug)]
pub struct RefreshGrant {
    pub client_id: String,
    pub user: String,
    pub scope: String,
}

pub enum RefreshLookup {
    Valid(RefreshGrant),
    Unknown,
    /// Already exchanged: rotation made it invalid.
    Used,
    OtherClient,
    /// The caller's check refused the request; the token stays valid.
    Refused(String),
}

pub struct Grants {
    code_ttl_ms: u64,
    codes: Mutex<HashMap<String, PendingCode>>,
    used_codes: Mutex<HashMap<String, u64>>,
    refresh: Mutex<BTreeMap<String, RefreshGrant>>,
    rotated: Mutex<HashMap<String, u64>>,
    path: PathBuf,
}

fn remember(map: &Mutex<HashMap<String, u64>>, key: String) {
    let now = now_ms();
    let mut m = map.lock().unwrap();
    m.retain(|_, at| now.saturating_sub(*at) < FORGET_USED_MS);
    m.insert(key, now);
}

impl Grants {
    pub fn open(data_dir: &Path, code_ttl_secs: u64) -> std::io::Result<Grants> {
        let path = data_dir.join("refresh-tokens.json");
        let refresh = match std::fs::read(&path) {
            Ok(b) => serde_json::from_slice(&b).map_err(|e| {
                std::io::Error::new(std::io::ErrorKind::InvalidData, format!("{}: {e}", path.display()))
            })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => BTreeMap::new(),
            Err(e) => return Err(e),
        };
        Ok(Grants {
            code_ttl_ms: code_ttl_secs.saturating_mul(1000),
            codes: Mutex::new(HashMap::new()),
            used_codes: Mutex::new(HashMap::new()),
            refresh: Mutex::new(refresh),
            rotated: Mutex::new(HashMap::new()),
            path,
        })
    }

    pub fn issue_code(&self, grant: CodeGrant) -> String {
        let code = random_token();
        let now = now_ms();
        let mut codes = self.codes.lock().unwrap();
        codes.retain(|_, c| now < c.expires_ms.saturating_add(FORGET_USED_MS));
        codes.insert(code.clone(), PendingCode { grant, expires_ms: now.saturating_add(self.code_ttl_ms) });
        code
    }

    /// Redeems a code for `client_id`: its first exchange attempt uses it up, whatever the
    /// outcome of the checks that follow (so a wrong verifier cannot be retried).
    pub fn redeem_code(&self, code: &str, client_id: &str) -> CodeLookup {
        let mut codes = self.codes.lock().unwrap();
        let Some(pending) = codes.get(code) else {
            return if self.used_codes.lock().unwrap().contains_key(code) {
                CodeLookup::Used
            } else {
                CodeLookup::Unknown
            };
        };
        if pending.grant.client_id != client_id {
            return CodeLookup::OtherClient;
        }
        let Some(pending) = codes.remove(code) else { return CodeLookup::Unknown };
        if now_ms() >= pending.expires_ms {
            return CodeLookup::Expired;
        }
        // Under the codes' lock, so a concurrent second use already finds it used.
        remember(&self.used_codes, code.to_string());
        CodeLookup::Valid(pending.grant)
    }

    pub fn issue_refresh(&self, grant: RefreshGrant) -> String {
        let token = random_token();
        let mut map = self.refresh.lock().unwrap();
        map.insert(token.clone(), grant);
        self.save(&map);
        token
    }

    /// Takes a refresh token for `client_id` out of use if `accept` agrees with its grant; the
    /// caller issues its successor.
    pub fn rotate_refresh(
        &self,
        token: &str,
        client_id: &str,
        accept: impl FnOnce(&RefreshGrant) -> Result<(), String>,
    ) -> RefreshLookup {
        let mut map = self.refresh.lock().unwrap();
        match map.get(token) {
            None if self.rotated.lock().unwrap().contains_key(token) => RefreshLookup::Used,
            None => RefreshLookup::Unknown,
            Some(g) if g.client_id != client_id => RefreshLookup::OtherClient,
            Some(g) => {
                if let Err(why) = accept(g) {
                    return RefreshLookup::Refused(why);
                }
                let g = map.remove(token);
                self.save(&map);
                // Under the map's lock, so a concurrent second use already finds it rotated.
                remember(&self.rotated, token.to_string());
                g.map_or(RefreshLookup::Unknown, RefreshLookup::Valid)
            }
        }
    }

    /// Written under the caller's lock, so an older map never overwrites a newer one.
    fn save(&self, map: &BTreeMap<String, RefreshGrant>) {
        let json = serde_json::to_vec(map).unwrap_or_default();
        let tmp = self.path.with_extension("json.tmp");
        if let Err(e) = std::fs::write(&tmp, json).and_then(|_| std::fs::rename(&tmp, &self.path)) {
            eprintln!("panopto-emulator: cannot write {}: {e}", self.path.display());
        }
    }
}
