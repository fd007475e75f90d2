//! Command-line interface and the resolved runtime configuration.

use crate::oauth_clients::{self, parse_registration, parse_server_registration, OAuthClient};
use clap::Parser;
use std::net::SocketAddr;
use std::path::PathBuf;
use uuid::Uuid;

/// The folder the tests and the demo upload to: part of the default folder tree, so a client can be
/// pointed at it without any set-up.
pub const DEFAULT_FOLDER: &str = "3f8c2a71-9d4e-4b6a-8c15-7e2f0a9d4b31";

/// Emulates Panopto's session-upload REST API and its S3-compatible upload endpoint, and Panda's
/// resumable upload API, for developing and testing browser upload clients.
///
/// Panopto: the REST API (/Panopto/PublicAPI/REST/sessionUpload and /upload) and the S3-compatible
/// upload endpoint (/Panopto/Upload/{ID}/{key}), including SigV4 verification, UCS manifest
/// validation and the processing state machine (states 0-8).
///
/// Panda (pandastream's Upload API): POST /videos/upload.json with {"file_size","file_name"} (JSON
/// or form; a bearer token is optional, but checked if sent) answers 201 {"id","location"}; the
/// location, http://ADDR/panda/upload/KEY, takes chunks (PUT, Content-Type
/// application/octet-stream, "Content-Range: bytes RS-RE/L"; answered 204 with "Range: 0-N" until
/// complete, then 200 with the video JSON), status queries (PUT "Content-Range: bytes */L", empty
/// body), a multipart form POST (the file in field "file") and DELETE (abort). The fault flags
/// below apply to its chunk requests as described. Inspection: GET /_emulator/panda and
/// /_emulator/panda/ID/file.
///
/// Sign-in (OAuth2), shaped on IdentityServer3, the server Panopto's /Panopto/oauth2 routes are:
/// GET /Panopto/oauth2/connect/authorize shows a sign-in and consent page whose form POSTs back to
/// the same path and redirects to the client. Each client has one type: --oauth-client (code with
/// PKCE S256), --oauth-server-client (code redeemed with its secret) or --oauth-implicit-client
/// (token or "id_token token"). A response_type the client's type does not allow, an unknown
/// client or redirect URI, and a missing or unknown response_type are shown on an error page,
/// never redirected (IdentityServer3 AuthorizeRequestValidator: user errors); scope and nonce
/// errors are redirected. POST /Panopto/oauth2/connect/token takes grant_type=authorization_code
/// and refresh_token (a refresh token only when offline_access was granted; rotated on use),
/// besides client_credentials for --client-id. The scope must contain api. Sign-in users:
/// teacher, ta, student or any typed name; their tokens carry the user, shown as the sessions'
/// CreatedBy (tokens from --token or client_credentials act as "admin").
///
/// REST API v1 at /Panopto/api/v1/ (bearer token; paged by --api-page-size from pageNumber=0):
/// GET folders/{id} (00000000-0000-0000-0000-000000000000 is the top level), folders/{id}/children,
/// folders/search?searchQuery=Q, folders/creator[?searchQuery=Q] (the folders that allow creating
/// sessions), folders/{id}/sessions, sessions/{id}, sessions/search?searchQuery=Q.
/// The default folder tree (faculties, departments, courses, each with Lectures and Labs) holds
/// the default folder 3f8c2a71-9d4e-4b6a-8c15-7e2f0a9d4b31; its Archive branch does not allow
/// creating sessions (403). Every completed sessionUpload becomes a session in its folder, named
/// by the manifest's Title; StreamUpload adds its stream. Inspection: GET /_emulator/folders.
#[derive(Parser, Debug, Clone)]
// The doc comment above is the help text: its first paragraph for -h, all of it for --help.
#[command(name = "panopto-emulator", version)]
pub struct Args {
    /// Address to listen on (port 0 picks a free port; the real one is printed on start).
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "ADDR:PORT")]
    pub listen: SocketAddr,

    /// Directory holding ALL state (uploads, states, files, multipart uploads, counters).
    /// A restarted emulator on the same directory carries on where it stopped.
    #[arg(long, default_value = "./panopto-emulator-data", value_name = "DIR")]
    pub data_dir: PathBuf,

    /// Bearer token accepted by the REST API (repeatable). Default: dev-token.
    #[arg(long = "token", value_name = "TOKEN")]
    pub tokens: Vec<String>,

    /// Folder GUID that sessions may be uploaded to (repeatable): added at the top level of the
    /// folder tree as "Folder GUID" (a folder already in the tree is made creatable). The default
    /// tree already holds 3f8c2a71-9d4e-4b6a-8c15-7e2f0a9d4b31.
    #[arg(long = "folder", value_name = "GUID")]
    pub folders: Vec<Uuid>,

    /// Directory of static files served at / (index.html for directories).
    #[arg(long, value_name = "DIR")]
    pub www: Option<PathBuf>,

    /// Content-Security-Policy header sent with every static file from --www (to try the
    /// element under an LMS's policy, e.g. "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'").
    #[arg(long = "www-csp", value_name = "POLICY")]
    pub www_csp: Option<String>,

    /// Origin allowed by CORS (repeatable; `*` allows any). Default: none, i.e. no CORS headers.
    #[arg(long = "cors-origin", value_name = "ORIGIN")]
    pub cors_origins: Vec<String>,

    /// Access key id that SigV4-signed S3 requests must use.
    #[arg(long, default_value = "dummy")]
    pub s3_access_key: String,

    /// Secret key used to verify SigV4 signatures of S3 requests.
    #[arg(long, default_value = "dummy")]
    pub s3_secret_key: String,

    /// How long processing takes after PUT State=1, in milliseconds
    /// (state 1 for half of it, then 3 Processing, then 4 or 5).
    #[arg(long, default_value_t = 2000, value_name = "N")]
    pub processing_ms: u64,

    /// Fault: leave ETag out of Access-Control-Expose-Headers, as an S3-compatible server
    /// without that CORS rule does; a browser client then cannot read part ETags.
    #[arg(long)]
    pub hide_etag: bool,

    /// Fault: the server's clock is this many seconds off (negative = behind). Date headers,
    /// the 15-minute signature window and ServerTime in RequestTimeTooSkewed all follow it.
    #[arg(long, default_value_t = 0, value_name = "N", allow_hyphen_values = true)]
    pub clock_skew_secs: i64,

    /// Fault: fraction (0..1) of S3 UploadPart requests that fail after their body was received:
    /// an even mix of 500 InternalError, 503 SlowDown (S3 XML error bodies) and a connection closed
    /// without any response. A failed part is never stored. Decided per (file name, part number,
    /// attempt), see --seed. Panda chunk and form requests fail alike (500/503 with a JSON body:
    /// not stored; dropped connection: the received bytes are kept), decided per (upload id,
    /// chunk start offset, attempt at that offset).
    #[arg(long, default_value_t = 0.0, value_name = "F", value_parser = parse_rate)]
    pub fail_rate: f64,

    /// Fault: fraction (0..1) of S3 UploadPart requests that hang: the body is received, then the
    /// server never answers (until the client gives up and closes the connection). Not stored.
    /// Drawn independently among the requests --fail-rate spares. Panda chunk and form requests
    /// stall alike, but their received bytes are kept (a resumable server keeps what arrived).
    #[arg(long, default_value_t = 0.0, value_name = "F", value_parser = parse_rate)]
    pub stall_rate: f64,

    /// Fault: delay every API response (REST, API v1, S3, token endpoint, the Panda API and their
    /// CORS preflights; not static files, the sign-in page or /_emulator/) by N milliseconds after
    /// the request was handled.
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub latency_ms: u64,

    /// Fault: cap the upload direction (request bodies of all connections together) at N megabits
    /// per second, e.g. 200 = 25 MB/s. Only a 64 KiB burst is allowed above the rate.
    #[arg(long, value_name = "N", value_parser = parse_positive)]
    pub bandwidth_mbps: Option<f64>,

    /// Fault: at most N S3 UploadPart requests in progress at once (from arrival until the
    /// response is sent); beyond that the body is read and discarded and 503 SlowDown answered.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub max_concurrent_parts: Option<u64>,

    /// Fault: bearer tokens expire N seconds after they were issued (the --token ones count as
    /// issued at start-up); an expired token gets the same 401 as an unknown one, and the token
    /// endpoint and the implicit flow announce expires_in N. Without this flag no token expires (the endpoint then
    /// announces expires_in 3600, not enforced).
    #[arg(long, value_name = "N")]
    pub token_ttl_secs: Option<u64>,

    /// Seed for every random fault decision. A decision depends only on the seed, the fault, the
    /// file name, the part number and how often that part was tried (Panda: the upload id, the
    /// chunk start offset and how often a chunk at that offset was tried), so the same client
    /// behaviour meets the same faults. Default: taken from the clock and printed at start-up.
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,

    /// Panda fault: after every N chunk requests that stored bytes, the (204/200) response carries
    /// "Location: <new absolute location>" (a new random key); from then on the old location
    /// answers 404. A client that follows Location keeps going; one that does not fails.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub panda_move_location_after: Option<u64>,

    /// Panda fault: leave Range and Location out of Access-Control-Expose-Headers, as a server
    /// without that CORS rule does; a browser client then cannot read them cross-origin.
    #[arg(long)]
    pub panda_hide_headers: bool,

    /// Dummy OAuth2 client id for the token endpoint, always served at
    /// POST /Panopto/oauth2/connect/token (form body grant_type=client_credentials&client_id=..
    /// &client_secret=.., or HTTP Basic); answers {"access_token","token_type":"Bearer","expires_in"}.
    #[arg(long, default_value = "demo-lms", value_name = "ID")]
    pub client_id: String,

    /// Dummy OAuth2 client secret accepted by the token endpoint. Not a secret.
    #[arg(long, default_value = "demo-secret", value_name = "SECRET")]
    pub client_secret: String,

    /// Public OAuth2 client for a page's sign-in (repeatable): the authorization code flow with
    /// PKCE S256 and no secret. ID=REDIRECT_URI, e.g. my-page=http://localhost:3000/signed-in.html;
    /// repeating an ID adds another redirect URI (matched exactly). The origins of all redirect URIs
    /// are allowed by CORS on the token endpoint (IdentityServer's per-client AllowedCorsOrigins,
    /// Panopto's "CORS Origin URL"), besides --cors-origin; on the REST API and API v1 only with
    /// --client-cors-on-apis.
    /// response_type=token to it gets the error page unauthorized_client (not its flow).
    #[arg(long = "oauth-client", value_name = "ID=REDIRECT_URI", value_parser = parse_registration)]
    pub oauth_clients: Vec<(String, String)>,

    /// Panopto "JavaScript Web Application" (repeatable), ID=REDIRECT_URI as for --oauth-client:
    /// the implicit flow. response_type=token needs scope api (offline_access is ignored: no
    /// refresh token in the implicit flow, RFC 6749 §4.2.2) and redirects with
    /// #access_token=..&token_type=Bearer&expires_in=N&scope=api&state=..; openid with it is invalid_scope (a token
    /// response is for resource scopes only, IdentityServer3 ScopeValidator). response_type
    /// "id_token token" (either order) needs openid and a nonce ("Nonce required for implicit flow
    /// with openid scope", IdentityServer3) and adds #id_token=, a JWT signed HS256 with a key made
    /// at start-up (real IdentityServer3 signs RS256, key at /.well-known/jwks). response_type=code
    /// gets the error page unauthorized_client, without a redirect (IdentityServer3: a flow the
    /// client does not have is a user error).
    #[arg(long = "oauth-implicit-client", value_name = "ID=REDIRECT_URI", value_parser = parse_registration)]
    pub oauth_implicit_clients: Vec<(String, String)>,

    /// Panopto "Server-side Web Application" (repeatable): the authorization code flow with a
    /// client secret (panopto-api-python-examples, auth-server-side-web-app). ID=REDIRECT_URI=SECRET:
    /// the id ends at the first '=', the secret (without '=') after the last one. Its scope needs
    /// api; openid and offline_access (a refresh token) may be added. The token endpoint wants
    /// the secret (HTTP Basic or client_secret) for the code and refresh grants, else 401
    /// invalid_client; a code_verifier sent with it is invalid_grant and uses the code up, as a live
    /// Panopto answered (comppolicylab/pingpong 028f0b08; IdentityServer3 TokenRequestValidator:
    /// "Unexpected code_verifier"). response_type=token gets the error page unauthorized_client.
    #[arg(long = "oauth-server-client", value_name = "ID=REDIRECT_URI=SECRET", value_parser = parse_server_registration)]
    pub oauth_server_clients: Vec<(String, String, String)>,

    /// An identity-provider hop, as a school whose Panopto sign-in goes through Microsoft Entra ID
    /// has: a valid sign-in request is first sent (302) to a page on a second port that answers
    /// with Cross-Origin-Opener-Policy: same-origin, as Entra's sign-in pages do since February 2026
    /// (estuary/ui PR #1996; AzureAD/microsoft-authentication-library-for-js PR #8118), which cuts a
    /// popup off from its opener; its "Continue to Panopto" link returns to the sign-in page. The
    /// address is printed at start-up ("identity provider (COOP): http://IP:PORT").
    #[arg(long)]
    pub idp_coop: bool,

    /// Also allow the API clients' registered origins by CORS on the REST API and API v1 (a
    /// Panopto that applies the client's "CORS Origin URL" there too). Unknown: no public source
    /// shows CORS headers on /Panopto/api/v1 or /Panopto/PublicAPI/REST; by default only the
    /// token endpoint answers them, as IdentityServer3 does, and the APIs only --cors-origin.
    #[arg(long)]
    pub client_cors_on_apis: bool,

    /// Lifetime of an authorization code (tests shorten it to see expired codes).
    #[arg(long, default_value_t = 60, value_name = "N", hide = true)]
    pub oauth_code_ttl_secs: u64,

    /// JSON file replacing the default folder tree: a list of {"Id": "GUID", "Name": "...",
    /// "ParentId": "GUID" or null, "CanCreate": true|false} (CanCreate defaults to true). Unknown
    /// parents, cycles, duplicate ids and malformed entries stop the emulator at start-up.
    #[arg(long, value_name = "PATH")]
    pub folders_file: Option<PathBuf>,

    /// Results per page of the REST API v1 listings and searches (pages count from 0; a page past
    /// the end has an empty Results).
    #[arg(long, default_value_t = 10, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=1000))]
    pub api_page_size: u64,

    /// Fault: every Nth REST API v1 request (counted from start-up, preflights excluded) is
    /// answered 429 {"Message": ...} with Retry-After: 1, before its token is checked.
    #[arg(long = "api-429-every", value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub api_429_every: Option<u64>,
}

fn parse_rate(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(f) if (0.0..=1.0).contains(&f) => Ok(f),
        _ => Err(format!("'{s}' is not a fraction between 0 and 1")),
    }
}

fn parse_positive(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(f) if f > 0.0 && f.is_finite() => Ok(f),
        _ => Err(format!("'{s}' is not a positive number")),
    }
}

/// Configuration after defaults have been applied.
#[derive(Debug, Clone)]
pub struct Config {
    pub listen: SocketAddr,
    pub data_dir: PathBuf,
    pub tokens: Vec<String>,
    /// --folder: added to the folder tree (see `folders/`).
    pub folders: Vec<Uuid>,
    pub www: Option<PathBuf>,
    pub www_csp: Option<String>,
    pub cors_origins: Vec<String>,
    pub s3_access_key: String,
    pub s3_secret_key: String,
    pub processing_ms: u64,
    pub hide_etag: bool,
    pub clock_skew_secs: i64,
    pub faults: FaultConfig,
    pub client_id: String,
    pub client_secret: String,
    pub panda_move_location_after: Option<u64>,
    pub panda_hide_headers: bool,
    /// --oauth-client, --oauth-implicit-client and --oauth-server-client, merged by id.
    pub oauth_clients: Vec<OAuthClient>,
    /// --idp-coop: the sign-in goes through an identity provider's page on a second port.
    pub idp_coop: bool,
    /// --client-cors-on-apis: the clients' origins get CORS on REST and API v1 too.
    pub client_cors_on_apis: bool,
    /// The origins of the OAuth clients' redirect URIs (allowed by CORS on the APIs they call).
    pub client_origins: Vec<String>,
    pub oauth_code_ttl_secs: u64,
    pub folders_file: Option<PathBuf>,
    pub api_page_size: usize,
}

/// The fault flags, resolved (seed chosen).
#[derive(Debug, Clone)]
pub struct FaultConfig {
    pub fail_rate: f64,
    pub stall_rate: f64,
    pub latency_ms: u64,
    pub bandwidth_mbps: Option<f64>,
    pub max_concurrent_parts: Option<u64>,
    pub token_ttl_secs: Option<u64>,
    pub api_429_every: Option<u64>,
    pub seed: u64,
    /// Whether the seed was chosen by the emulator (printed so a run can be repeated).
    pub seed_from_clock: bool,
}

/// Fails on flags that are each well-formed but contradict one another.
impl TryFrom<Args> for Config {
    type Error = String;

    fn try_from(a: Args) -> Result<Self, String> {
        let tokens = if a.tokens.is_empty() { vec!["dev-token".to_string()] } else { a.tokens };
        let oauth_clients =
            oauth_clients::resolve(&a.oauth_clients, &a.oauth_implicit_clients, &a.oauth_server_clients, &a.client_id)?;
        Ok(Config {
            listen: a.listen,
            data_dir: a.data_dir,
            tokens,
            folders: a.folders,
            www: a.www,
            www_csp: a.www_csp,
            cors_origins: a.cors_origins,
            s3_access_key: a.s3_access_key,
            s3_secret_key: a.s3_secret_key,
            processing_ms: a.processing_ms,
            hide_etag: a.hide_etag,
            clock_skew_secs: a.clock_skew_secs,
            faults: FaultConfig {
                fail_rate: a.fail_rate,
                stall_rate: a.stall_rate,
                latency_ms: a.latency_ms,
                bandwidth_mbps: a.bandwidth_mbps,
                max_concurrent_parts: a.max_concurrent_parts,
                token_ttl_secs: a.token_ttl_secs,
                api_429_every: a.api_429_every,
                seed: a.seed.unwrap_or_else(clock_seed),
                seed_from_clock: a.seed.is_none(),
            },
            client_id: a.client_id,
            client_secret: a.client_secret,
            panda_move_location_after: a.panda_move_location_after,
            panda_hide_headers: a.panda_hide_headers,
            client_origins: oauth_clients::origins(&oauth_clients),
            oauth_clients,
            idp_coop: a.idp_coop,
            client_cors_on_apis: a.client_cors_on_apis,
            oauth_code_ttl_secs: a.oauth_code_ttl_secs,
            folders_file: a.folders_file,
            api_page_size: a.api_page_size as usize,
        })
    }
}

/// A seed nobody chose: the clock mixed with the process id, kept short enough to retype.
fn clock_seed() -> u64 {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
    ((nanos as u64) ^ ((std::process::id() as u64) << 20)) % 1_000_000_000
}
