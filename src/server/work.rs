//! Store work off the async threads and under the server's limits: every handler that
//! reads or writes the store runs its work through [`blocking`], so `--max-queued`,
//! `--max-concurrent` and `--timeout` hold for queries, pages, searches and pictures
//! alike.

use std::time::{Duration, Instant};

use oxigraph::sparql::CancellationToken;

use super::error::ApiError;
use super::state::{AppState, Shared};

/// Runs `job` on a blocking thread once the request is admitted (else 503 at once) and
/// an evaluation slot is free, within the time limit (503 past it; the token handed to
/// the job is then cancelled, which stops a query evaluated with it). The slots are
/// released when the request ends, even if a cancelled job is still winding down, so
/// one runaway query cannot block the others.
pub async fn blocking<T, F>(state: &Shared, job: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&AppState, CancellationToken) -> Result<T, ApiError> + Send + 'static,
{
    let _admitted = state.admitted.clone().try_acquire_owned().map_err(|_| ApiError::unavailable("the server is busy with other queries; retry shortly"))?;
    // The time limit covers waiting for an evaluation slot and the work itself.
    let started = Instant::now();
    let _permit = match tokio::time::timeout(state.timeout, state.permits.clone().acquire_owned()).await {
        Ok(Ok(permit)) => permit,
        _ => return Err(timeout_error(state.timeout)),
    };
    let token = CancellationToken::new();
    let job_token = token.clone();
    let job_state = state.clone();
    let handle = tokio::task::spawn_blocking(move || job(&job_state, job_token));
    match tokio::time::timeout(state.timeout.saturating_sub(started.elapsed()), handle).await {
        Err(_) => {
            token.cancel();
            Err(timeout_error(state.timeout))
        }
        Ok(Err(join)) => Err(ApiError::internal(anyhow::anyhow!("the work on the store stopped unexpectedly: {join}"))),
        Ok(Ok(result)) => result,
    }
}

/// The answer when the time limit has passed.
pub fn timeout_error(limit: Duration) -> ApiError {
    ApiError::unavailable(format!("the query was stopped after {} s; narrow it", limit.as_secs()))
}
