//! The accept loop. axum::serve cannot close one connection on purpose, but the
//! dropped-connection fault must: the client has to see a network error, not an HTTP status.
//! So each connection gets a kill switch ([`ConnKill`], in the request's extensions); firing it
//! drops the hyper connection, which closes the socket without writing a response.

use axum::body::Body;
use axum::Router;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::TokioIo;
use std::net::SocketAddr;
use std::pin::pin;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::{TcpListener, TcpSocket};
use tokio::sync::{mpsc, watch, Notify};
use tower::ServiceExt;

/// Closes the connection a request arrived on, without a response.
#[derive(Clone)]
pub struct ConnKill(Arc<Notify>);

impl ConnKill {
    pub fn fire(&self) {
        // notify_one keeps a permit, so this works even before the connection task waits.
        self.0.notify_one();
    }
}

/// Listen on `addr`. With a shaped link (`--bandwidth-mbps`), each connection's receive
/// buffer holds what the link carries in about 50 ms, as a home router's queue does: left to
/// loopback's autotuning, the kernel takes megabytes of a request body the moment it is
/// written, a browser then reports a 5 MiB part as sent long before the link has carried it,
/// and upload progress on a slow link could not be observed, let alone tested.
pub fn listen(addr: SocketAddr, bandwidth_mbps: Option<f64>) -> std::io::Result<TcpListener> {
    let socket = if addr.is_ipv4() { TcpSocket::new_v4()? } else { TcpSocket::new_v6()? };
    socket.set_reuseaddr(true)?;
    if let Some(mbps) = bandwidth_mbps.filter(|m| *m > 0.0) {
        let queue = (mbps * 1e6 / 8.0 * 0.05) as u32;
        // Set before listen(): accepted sockets inherit it, and the window scale follows it.
        socket.set_recv_buffer_size(queue.clamp(64 * 1024, 4 << 20))?;
    }
    socket.bind(addr)?;
    socket.listen(1024)
}

/// How long Ctrl-C waits for requests in progress. Stalled requests (--stall-rate) never end,
/// so the wait must be bounded.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(3);

pub async fn serve(listener: TcpListener, app: Router) {
    let (shutdown_tx, shutdown_rx) = watch::channel(false);
    // Every connection task holds a sender; recv() returns None once all of them have ended.
    let (alive_tx, mut alive_rx) = mpsc::channel::<()>(1);
    let mut ctrl_c = pin!(tokio::signal::ctrl_c());
    loop {
        let (stream, _peer) = tokio::select! {
            r = listener.accept() => match r {
                Ok(x) => x,
                Err(e) => {
                    // Out of file descriptors and the like: back off instead of spinning.
                    eprintln!("panopto-emulator: accept failed: {e}");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            _ = &mut ctrl_c => break,
        };
        let _ = stream.set_nodelay(true);
        tokio::spawn(connection(stream, app.clone(), shutdown_rx.clone(), alive_tx.clone()));
    }
    let _ = shutdown_tx.send(true);
    drop(alive_tx);
    let _ = tokio::time::timeout(SHUTDOWN_GRACE, alive_rx.recv()).await;
}

async fn connection(
    stream: tokio::net::TcpStream,
    app: Router,
    mut shutdown: watch::Receiver<bool>,
    _alive: mpsc::Sender<()>,
) {
    let kill = ConnKill(Arc::new(Notify::new()));
    let k = kill.clone();
    let svc = hyper::service::service_fn(move |mut req: hyper::Request<Incoming>| {
        req.extensions_mut().insert(k.clone());
        app.clone().oneshot(req.map(Body::new))
    });
    let mut conn = pin!(http1::Builder::new().serve_connection(TokioIo::new(stream), svc));
    let mut shutting_down = false;
    loop {
        tokio::select! {
            _ = conn.as_mut() => break,
            // Dropping `conn` here closes the socket: no status line, no headers.
            _ = kill.0.notified() => break,
            _ = shutdown.changed(), if !shutting_down => {
                shutting_down = true;
                conn.as_mut().graceful_shutdown();
            }
        }
    }
}
