//! Wiring: shared state, the router, the gate every request passes, and the ways to run it.

use std::future::{Future, IntoFuture};
use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::thread;
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use tokio::net::TcpListener;
use tokio::sync::{oneshot, Notify};

use crate::auth::authenticate;
use crate::config::Options;
use crate::control;
use crate::extract::declared_too_large;
use crate::faults::{FaultQueue, Outcome};
use crate::reply::ApiError;
use crate::routes;
use crate::state::Store;

/// Paths under this prefix are control endpoints: no auth, no faults, not counted.
const CONTROL_PREFIX: &str = "/__sandbox/";
/// How long in-flight requests may run on after shutdown is asked for.
const GRACE: Duration = Duration::from_secs(3);

/// State shared by all handlers.
pub(crate) struct Shared {
    pub(crate) options: Options,
    /// `http://127.0.0.1:PORT/api`.
    pub(crate) base_url: String,
    /// API requests seen since start or reset.
    pub(crate) served: AtomicU64,
    store: Mutex<Store>,
    faults: Mutex<FaultQueue>,
    request_ids: AtomicU64,
}

impl Shared {
    fn new(options: Options, base_url: String) -> Self {
        Self {
            store: Mutex::new(Store::new(&options.seed)),
            options,
            base_url,
            served: AtomicU64::new(0),
            faults: Mutex::new(FaultQueue::default()),
            request_ids: AtomicU64::new(0),
        }
    }

    /// The store; a poisoned lock is taken over (no handler leaves it half-written).
    pub(crate) fn store(&self) -> MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The fault queue.
    pub(crate) fn faults(&self) -> MutexGuard<'_, FaultQueue> {
        self.faults.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The base URL clients use for a server bound to `addr`.
pub fn base_url(addr: SocketAddr) -> String {
    format!("http://{addr}/api")
}

/// Binds 127.0.0.1 on `port` (0 picks an ephemeral port).
pub async fn bind(port: u16) -> io::Result<TcpListener> {
    TcpListener::bind((Ipv4Addr::LOCALHOST, port)).await
}

/// Serves the sandbox on `listener` until `shutdown` completes, then lets in-flight
/// requests finish for at most a few seconds.
pub async fn serve<F>(listener: TcpListener, options: Options, shutdown: F) -> io::Result<()>
where
    F: Future<Output = ()> + Send + 'static,
{
    let shared = Arc::new(Shared::new(options, base_url(listener.local_addr()?)));
    let stopping = Arc::new(Notify::new());
    let notify = Arc::clone(&stopping);
    let server = axum::serve(listener, router(shared)).with_graceful_shutdown(async move {
        shutdown.await;
        notify.notify_one();
    });
    tokio::select! {
        result = server.into_future() => result,
        () = async {
            stopping.notified().await;
            tokio::time::sleep(GRACE).await;
        } => Ok(()),
    }
}

fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/api/organizations/{org}/groups", get(routes::list_groups).post(routes::create_group))
        .route(
            "/api/organizations/{org}/groups/{group}",
            get(routes::get_group).put(routes::update_group).delete(routes::delete_group),
        )
        .route("/__sandbox/faults", post(control::push_faults).delete(control::clear_faults))
        .route("/__sandbox/stats", get(control::stats))
        .route("/__sandbox/reset", post(control::reset))
        .fallback(routes::endpoint_not_found)
        .method_not_allowed_fallback(routes::endpoint_not_found)
        .layer(middleware::from_fn_with_state(Arc::clone(&shared), gate))
        .with_state(shared)
}

/// Runs before every handler: numbers the request, serves a queued fault, refuses
/// oversized bodies, authenticates, and stamps `X-Request-Id` on the answer (unless an
/// `answer` fault set one).
async fn gate(State(shared): State<Arc<Shared>>, mut request: Request, next: Next) -> Response {
    let number = shared.request_ids.fetch_add(1, Ordering::Relaxed) + 1;
    let mut response = if request.uri().path().starts_with(CONTROL_PREFIX) {
        next.run(request).await
    } else {
        shared.served.fetch_add(1, Ordering::Relaxed);
        match screen(&shared, &mut request).await {
            Ok(()) => next.run(request).await,
            Err(answer) => answer,
        }
    };
    let name = HeaderName::from_static("x-request-id");
    if let (false, Ok(id)) = (response.headers().contains_key(&name), HeaderValue::try_from(format!("req-{number}"))) {
        response.headers_mut().insert(name, id); // an `answer` fault may bring its own
    }
    response
}

/// The API-only part of the gate; `Err` is the answer to send instead of routing.
async fn screen(shared: &Shared, request: &mut Request) -> Result<(), Response> {
    let fault = shared.faults().take(request.method());
    match fault.map(|fault| fault.outcome()) {
        Some(Outcome::Answer(answer)) => return Err(answer),
        Some(Outcome::Delay(delay)) => tokio::time::sleep(delay).await,
        None => {}
    }
    if declared_too_large(request.headers()) {
        return Err(ApiError::PayloadTooLarge.into_response());
    }
    let caller = authenticate(request.headers(), &shared.store());
    let caller = caller.ok_or_else(|| ApiError::Unauthorized(shared.options.unauthorized_form).into_response())?;
    request.extensions_mut().insert(caller);
    Ok(())
}

/// A sandbox on its own thread and Tokio runtime, for blocking tests and other crates.
/// Dropping it stops the server and waits (a few seconds at most) for it to end.
#[derive(Debug)]
pub struct Background {
    base_url: String,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<thread::JoinHandle<()>>,
}

impl Background {
    /// Binds 127.0.0.1 on `options.port` and serves; the port is open when this returns.
    pub fn start(options: Options) -> io::Result<Self> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("tallyfy-sandbox")
            .enable_all()
            .build()?;
        let listener = runtime.block_on(bind(options.port))?;
        let base_url = base_url(listener.local_addr()?);
        let (stop, stopped) = oneshot::channel::<()>();
        let thread = thread::Builder::new().name("tallyfy-sandbox".to_owned()).spawn(move || {
            let shutdown = async {
                // A dropped sender also means "stop".
                let _ = stopped.await;
            };
            // Errors of a background server have nobody to go to; tests see them as
            // failed requests.
            let _ = runtime.block_on(serve(listener, options, shutdown));
            runtime.shutdown_timeout(Duration::from_secs(1));
        })?;
        Ok(Self { base_url, stop: Some(stop), thread: Some(thread) })
    }

    /// `http://127.0.0.1:PORT/api`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }
}

impl Drop for Background {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
