//! panopto-emulator: a native server that behaves like Panopto's session-upload REST API and its
//! S3-compatible upload endpoint (plus its sign-in and the REST API v1 for folders and sessions),
//! for developing and testing the <panopto-uploader> component.

mod api_v1;
mod bearer;
mod catalog;
mod config;
mod cors;
mod faults;
mod folders;
mod idp;
mod inspect;
mod manifest;
mod multipart;
mod oauth;
mod oauth_clients;
mod objects;
mod panda;
mod processing;
mod rest;
mod rest_model;
mod s3;
mod server;
mod sigv4_verify;
mod state;
mod statics;
mod tokens;

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderValue, Method, Request, Response};
use clap::Parser;
use std::io::Write;
use std::net::SocketAddr;
use std::sync::Arc;

#[derive(Clone)]
struct App {
    store: Arc<state::Store>,
    bound: SocketAddr,
    /// --idp-coop: the identity provider's address.
    idp: Option<SocketAddr>,
    panda: panda::store::Env,
}

/// One fallback handler dispatching on the raw path: hyper does not normalise paths, and the raw
/// path and query are exactly what S3 signature verification needs.
async fn dispatch(State(app): State<App>, req: Request<Body>) -> Response<Body> {
    let path = req.uri().path().to_string();
    let is_rest = rest::is_rest_path(&path);
    let is_api_v1 = api_v1::is_api_path(&path);
    let is_s3 = s3::is_s3_path(&path);
    let is_panda = panda::is_panda_path(&path);
    let is_panda_inspect = panda::inspect::is_inspect_path(&path);
    let is_inspect = !is_panda_inspect && inspect::is_inspect_path(&path);
    let is_token = oauth::is_token_path(&path);
    let is_authorize = oauth::authorize::is_authorize_path(&path);
    let api = is_rest || is_api_v1 || is_s3 || is_inspect || is_token || is_panda || is_panda_inspect;
    let surface = if is_panda {
        cors::Surface::Panda
    } else if is_token {
        cors::Surface::Token
    } else if is_rest || is_api_v1 {
        cors::Surface::Api
    } else {
        cors::Surface::Upload
    };
    let req_headers = req.headers().clone();
    let cfg = &app.store.cfg;
    // Every request body is metered: counted for /_emulator/stats, capped by --bandwidth-mbps.
    let req = req.map(|b| app.store.faults.meter(b));
    let mut resp = if api && req.method() == Method::OPTIONS {
        cors::preflight(cfg, &req_headers, surface)
    } else if is_panda {
        panda::handle(&app.panda, req).await
    } else if is_panda_inspect {
        panda::inspect::handle(&app.panda, req).await
    } else if is_token {
        oauth::token_endpoint(app.store.clone(), req).await
    } else if is_authorize {
        let addrs = oauth::authorize::Addrs { bound: app.bound, idp: app.idp };
        oauth::authorize::handle(app.store.clone(), req, addrs).await
    } else if is_api_v1 {
        api_v1::handle(app.store.clone(), req, &app.bound.to_string()).await
    } else if is_rest {
        rest::handle(app.store.clone(), req, &app.bound.to_string()).await
    } else if is_s3 {
        s3::handle(app.store.clone(), req).await
    } else if is_inspect {
        inspect::handle(app.store.clone(), req).await
    } else {
        statics::serve(cfg.www.as_deref(), cfg.www_csp.as_deref(), req).await
    };
    // --latency-ms: the Panopto-facing APIs only; the emulator's own pages and inspection stay fast.
    if is_rest || is_api_v1 || is_s3 || is_token || is_panda {
        app.store.faults.delay_response().await;
    }
    if api && !resp.headers().contains_key(header::ACCESS_CONTROL_ALLOW_ORIGIN) {
        cors::decorate(cfg, &req_headers, &mut resp, surface);
    }
    // Date comes from the store's clock so a skewed clock would show consistently everywhere.
    if let Ok(v) = HeaderValue::from_str(&httpdate::fmt_http_date(app.store.now())) {
        resp.headers_mut().insert(header::DATE, v);
    }
    resp
}

/// A start-up error: said once, on stderr, and the process ends before it listens.
fn fail(msg: &str) -> ! {
    eprintln!("panopto-emulator: {msg}");
    std::process::exit(2);
}

#[tokio::main]
async fn main() {
    let cfg = match config::Config::try_from(config::Args::parse()) {
        Ok(c) => Arc::new(c),
        Err(e) => fail(&e),
    };
    let tree = match folders::build(&cfg) {
        Ok(t) => t,
        Err(e) => fail(&e),
    };
    let folder_lines = folders::describe(&tree, &cfg);
    let store = match state::Store::open(cfg.clone(), tree) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("panopto-emulator: cannot open data dir {}: {e}", cfg.data_dir.display());
            std::process::exit(1);
        }
    };
    let uploads = match panda::store::Uploads::open(&cfg.data_dir, cfg.panda_move_location_after) {
        Ok(u) => Arc::new(u),
        Err(e) => {
            eprintln!("panopto-emulator: cannot open the Panda uploads in {}: {e}", cfg.data_dir.display());
            std::process::exit(1);
        }
    };
    let listener = match server::listen(cfg.listen, cfg.faults.bandwidth_mbps) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("panopto-emulator: cannot listen on {}: {e}", cfg.listen);
            std::process::exit(1);
        }
    };
    let bound = listener.local_addr().unwrap_or(cfg.listen);
    // --idp-coop: the identity provider is another origin, so another port on the same address.
    let idp_listener = cfg.idp_coop.then(|| {
        let addr = SocketAddr::new(cfg.listen.ip(), 0);
        server::listen(addr, None).unwrap_or_else(|e| {
            eprintln!("panopto-emulator: cannot listen on {addr} for --idp-coop: {e}");
            std::process::exit(1);
        })
    });
    let idp = idp_listener.as_ref().and_then(|l| l.local_addr().ok());
    store.spawn_flusher();
    processing::resume_all(&store);

    {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "panopto-emulator listening on http://{bound}");
        for t in &cfg.tokens {
            let _ = writeln!(out, "  token: {t}");
        }
        for line in &folder_lines {
            let _ = writeln!(out, "  {line}");
        }
        let _ = writeln!(out, "  data dir: {}", cfg.data_dir.display());
        if let Some(w) = &cfg.www {
            let _ = writeln!(out, "  www: {}", w.display());
        }
        let _ = writeln!(
            out,
            "  token endpoint: POST http://{bound}/Panopto/oauth2/connect/token (client {} / {})",
            cfg.client_id, cfg.client_secret
        );
        let _ = writeln!(out, "  sign-in: GET http://{bound}/Panopto/oauth2/connect/authorize");
        for c in &cfg.oauth_clients {
            let secret = c.secret.as_deref().map_or(String::new(), |s| format!(", secret {s}"));
            let uris = c.redirect_uris.join(", ");
            let _ = writeln!(out, "  oauth client: {}: {}{secret} -> {uris}", c.id, c.flow.describe());
        }
        if let Some(a) = idp {
            let _ = writeln!(out, "  identity provider (COOP): http://{a}");
        }
        let _ = writeln!(
            out,
            "  API v1: GET http://{bound}/Panopto/api/v1/folders/00000000-0000-0000-0000-000000000000/children"
        );
        let _ = writeln!(out, "  panda upload API: POST http://{bound}/videos/upload.json");
        for line in store.faults.describe() {
            let _ = writeln!(out, "  {line}");
        }
        let _ = out.flush();
    }

    let panda = panda::store::Env { store: store.clone(), uploads: uploads.clone(), bound };
    let app = axum::Router::new().fallback(dispatch).with_state(App { store: store.clone(), bound, idp, panda });
    if let Some(l) = idp_listener {
        // Same accept loop; the task ends with the runtime when the main listener stops.
        let port = bound.port();
        let idp_app = axum::Router::new().fallback(move |req: Request<Body>| idp::handle(port, req));
        tokio::spawn(server::serve(l, idp_app));
    }
    server::serve(listener, app).await;
    store.save_now();
    uploads.save();
}
