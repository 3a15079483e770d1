//! What every handler uses: the shared state, blocking work off the async threads, the
//! desk of an issue (bodies are read by `protocol::body`).

use std::sync::Arc;

use tokio::sync::watch;

use crate::serve::app::App;
use crate::serve::desk::Desk;
use crate::serve::error::ApiError;

/// What the handlers share: the app and the server's stop signal.
#[derive(Clone)]
pub(crate) struct Shared {
    pub(crate) app: Arc<App>,
    pub(crate) shutdown: watch::Receiver<bool>,
}

/// Runs `f` off the async threads (it reads or writes files, or typesets).
pub(crate) async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(f)
        .await
        .unwrap_or_else(|err| Err(ApiError::internal(&anyhow::anyhow!("a task failed: {err}"))))
}

/// The desk of issue `id`, opened if it is not open yet.
pub(crate) async fn open(shared: &Shared, id: String) -> Result<Arc<Desk>, ApiError> {
    let app = shared.app.clone();
    blocking(move || app.desk(&id)).await
}
