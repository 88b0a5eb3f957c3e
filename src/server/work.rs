//! Store work off the async threads and under the server's limits: every handler that
//! reads or writes the store runs its work through [`blocking`], [`streaming`] or
//! [`writing`], so `--max-queued`, `--max-concurrent` and `--timeout` hold for queries,
//! updates, pages, searches and pictures alike.
//!
//! A job holds its admission and its evaluation slot until its thread has really ended,
//! not merely until the request was answered: a job still winding down after its deadline
//! keeps counting against the limits, so retries cannot pile up runaway work beyond them
//! (new requests wait for a slot, and get 503 at their own deadline, while `/health` and
//! the static routes keep answering).
//!
//! The time limit covers waiting for a slot, the evaluation and, for a streamed answer,
//! writing it. At the deadline the job's cancellation token is cancelled (see
//! `query::watch` for what that stops, and when). What the client sees:
//! - nothing sent yet: a 503 with `Retry-After`;
//! - a streamed answer already begun (its status line, 200, went out with the first
//!   64 KiB): the body stops short. It is sent chunked, and the final empty chunk never
//!   comes: the connection is closed, so HTTP clients report an incomplete body (curl:
//!   "transfer closed with outstanding read data remaining"; with gzip, a truncated
//!   stream). What arrived is a prefix of the answer, never a complete document. With
//!   gzip, the compressor may not have emitted a byte yet when the answer is cut (a very
//!   repetitive answer on a loaded server): the connection then closes before even the
//!   status line, which clients report as an empty reply;
//! - an update: a 503 means that nothing was written (see `update::CommitGate`); an
//!   update whose commit began before the deadline is answered when the commit ends.

use std::future::Future;
use std::io::{self, Write};
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, Bytes, HttpBody};
use http_body::Frame;
use oxigraph::sparql::CancellationToken;
use tokio::sync::{mpsc, oneshot, OwnedSemaphorePermit};
use tokio::time::{Instant, Sleep};

use super::error::ApiError;
use super::state::{AppState, Shared};
use crate::update::CommitGate;

/// Bytes gathered before a piece of a streamed answer is handed to the connection.
const CHUNK: usize = 64 << 10;

/// Pieces of a streamed answer waiting for the connection: with [`CHUNK`], at most
/// 256 KiB per response are held between the evaluation and a slow client.
const CHUNKS_IN_FLIGHT: usize = 4;

/// Runs `job` on a blocking thread once the request is admitted (else 503 at once) and
/// an evaluation slot is free, within the time limit: past it the token handed to the job
/// is cancelled and the answer is 503. The job keeps its slots until it returns.
pub async fn blocking<T, F>(state: &Shared, job: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&AppState, CancellationToken) -> Result<T, ApiError> + Send + 'static,
{
    let token = CancellationToken::new();
    let job_token = token.clone();
    limited(state, move |state| job(state, job_token), move || {
        token.cancel();
        true
    })
    .await
}

/// Runs an update like [`blocking`]; at the deadline the update is abandoned through its
/// [`CommitGate`] and the answer is 503, unless its commit had already begun, in which
/// case the commit's own outcome is answered.
pub async fn writing<T, F>(state: &Shared, job: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&AppState, &CommitGate) -> Result<T, ApiError> + Send + 'static,
{
    let gate = CommitGate::new();
    let job_gate = gate.clone();
    limited(state, move |state| job(state, &job_gate), move || gate.abandon()).await.map_err(|e| {
        if e.status == axum::http::StatusCode::SERVICE_UNAVAILABLE {
            ApiError::unavailable(format!("nothing was written: {}", e.message))
        } else {
            e
        }
    })
}

/// Runs `job` like [`blocking`], handing it a writer whose bytes become the response body
/// as they are written, through a bounded channel (the answer is never held whole). The
/// status is chosen when the first [`CHUNK`] is ready or the job ends, whichever is first:
/// a job that fails before writing that much is answered with its error, as if nothing
/// were streamed. See the module documentation for what a deadline does to the stream.
pub async fn streaming<F>(state: &Shared, job: F) -> Result<Body, ApiError>
where
    F: FnOnce(&AppState, CancellationToken, &mut dyn Write) -> Result<(), ApiError> + Send + 'static,
{
    let (slots, deadline) = admit(state).await?;
    let token = CancellationToken::new();
    let cancel = CancelOnDrop(token.clone());
    let (chunks, mut received) = mpsc::channel::<Bytes>(CHUNKS_IN_FLIGHT);
    let (done, outcome) = oneshot::channel();
    let alarm = {
        let token = token.clone();
        tokio::spawn(async move {
            tokio::time::sleep_until(deadline).await;
            token.cancel();
        })
    };
    let job_state = state.clone();
    let runtime = tokio::runtime::Handle::current();
    tokio::task::spawn_blocking(move || {
        let _slots = slots;
        let mut out = ChannelWriter { chunks, buffer: Vec::with_capacity(CHUNK), deadline, runtime };
        let result = job(&job_state, token, &mut out).and_then(|()| out.finish().map_err(|e| writing_error(e, job_state.timeout)));
        drop(out);
        alarm.abort();
        let _ = done.send(result);
    });
    match tokio::time::timeout_at(deadline, received.recv()).await {
        Err(_) => Err(timeout_error(state.timeout)),
        Ok(None) => match outcome.await {
            Ok(Ok(())) => Ok(Body::empty()),
            Ok(Err(e)) => Err(e),
            Err(_) => Err(stopped()),
        },
        Ok(Some(first)) => Ok(Body::new(Streamed {
            first: Some(first),
            received,
            outcome,
            deadline: Box::pin(tokio::time::sleep_until(deadline)),
            cancel,
            ended: false,
        })),
    }
}

/// The answer when the time limit has passed.
pub fn timeout_error(limit: Duration) -> ApiError {
    ApiError::unavailable(format!("the query was stopped after {} s; narrow it", limit.as_secs()))
}

/// A job's hold on the limits: released when the job's thread lets go of it.
struct Slots {
    _admitted: OwnedSemaphorePermit,
    _running: OwnedSemaphorePermit,
}

/// Admits a request (503 at once when too many are admitted) and waits for an evaluation
/// slot until the deadline, which starts now.
async fn admit(state: &Shared) -> Result<(Slots, Instant), ApiError> {
    let admitted = state.admitted.clone().try_acquire_owned().map_err(|_| ApiError::unavailable("the server is busy with other queries; retry shortly"))?;
    let deadline = Instant::now() + state.timeout;
    match tokio::time::timeout_at(deadline, state.permits.clone().acquire_owned()).await {
        Ok(Ok(running)) => Ok((Slots { _admitted: admitted, _running: running }, deadline)),
        _ => Err(timeout_error(state.timeout)),
    }
}

/// Runs `job` under the limits; at the deadline calls `expire`, which answers whether to
/// give up now (503) or to wait for the job's own answer.
async fn limited<T, F, E>(state: &Shared, job: F, expire: E) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&AppState) -> Result<T, ApiError> + Send + 'static,
    E: FnOnce() -> bool,
{
    let (slots, deadline) = admit(state).await?;
    let job_state = state.clone();
    let mut handle = tokio::task::spawn_blocking(move || {
        let _slots = slots;
        job(&job_state)
    });
    let joined = match tokio::time::timeout_at(deadline, &mut handle).await {
        Ok(joined) => joined,
        Err(_) => {
            if expire() {
                return Err(timeout_error(state.timeout));
            }
            handle.await
        }
    };
    joined.unwrap_or_else(|join| Err(ApiError::internal(anyhow::anyhow!("the work on the store stopped unexpectedly: {join}"))))
}

fn stopped() -> ApiError {
    ApiError::internal(anyhow::anyhow!("the work on the store stopped unexpectedly"))
}

/// The error of a streamed job whose writer failed: the time limit passed while the
/// client was slow to read, or the client went away.
pub fn writing_error(error: io::Error, limit: Duration) -> ApiError {
    match error.kind() {
        io::ErrorKind::TimedOut => timeout_error(limit),
        _ => ApiError::bad_request(format!("the client stopped reading the answer: {error}")),
    }
}

/// Cancels the token when dropped: the request was answered, or the client went away.
struct CancelOnDrop(CancellationToken);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0.cancel();
    }
}

/// The job's end of a streamed answer: gathers bytes into [`CHUNK`]s and sends each,
/// waiting for room in the channel at most until the deadline. Partial chunks are sent
/// only by [`ChannelWriter::finish`], so an error before the first chunk leaves nothing
/// sent.
struct ChannelWriter {
    chunks: mpsc::Sender<Bytes>,
    buffer: Vec<u8>,
    deadline: Instant,
    runtime: tokio::runtime::Handle,
}

impl ChannelWriter {
    fn send(&mut self) -> io::Result<()> {
        let chunk = Bytes::from(std::mem::replace(&mut self.buffer, Vec::with_capacity(CHUNK)));
        match self.runtime.block_on(tokio::time::timeout_at(self.deadline, self.chunks.send(chunk))) {
            Ok(Ok(())) => Ok(()),
            Ok(Err(_)) => Err(io::Error::new(io::ErrorKind::BrokenPipe, "the client went away")),
            Err(_) => Err(io::Error::new(io::ErrorKind::TimedOut, "the time limit passed while the client was reading the answer")),
        }
    }

    /// Sends what is left: the answer is complete.
    fn finish(&mut self) -> io::Result<()> {
        if self.buffer.is_empty() {
            Ok(())
        } else {
            self.send()
        }
    }
}

impl Write for ChannelWriter {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.buffer.extend_from_slice(data);
        if self.buffer.len() >= CHUNK {
            self.send()?;
        }
        Ok(data.len())
    }

    /// Serializers flush when they end; the job's end decides when the rest is sent.
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The connection's end of a streamed answer: the chunks as they come, then the end of
/// the body, or an error (the connection is closed mid-body) if the job failed or the
/// deadline passed while the job had not finished.
struct Streamed {
    first: Option<Bytes>,
    received: mpsc::Receiver<Bytes>,
    outcome: oneshot::Receiver<Result<(), ApiError>>,
    deadline: Pin<Box<Sleep>>,
    cancel: CancelOnDrop,
    ended: bool,
}

impl HttpBody for Streamed {
    type Data = Bytes;
    type Error = io::Error;

    fn poll_frame(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, io::Error>>> {
        let this = self.get_mut();
        if this.ended {
            return Poll::Ready(None);
        }
        if let Some(first) = this.first.take() {
            return Poll::Ready(Some(Ok(Frame::data(first))));
        }
        let end = match this.received.poll_recv(cx) {
            Poll::Ready(Some(chunk)) => return Poll::Ready(Some(Ok(Frame::data(chunk)))),
            Poll::Ready(None) => match Pin::new(&mut this.outcome).poll(cx) {
                Poll::Ready(Ok(Ok(()))) => None,
                Poll::Ready(Ok(Err(e))) => {
                    tracing::warn!(status = %e.status, "a streamed answer was cut short: {}", e.message);
                    Some(Err(io::Error::other(e.message)))
                }
                Poll::Ready(Err(_)) => Some(Err(io::Error::other("the work on the store stopped unexpectedly"))),
                Poll::Pending => return Poll::Pending,
            },
            Poll::Pending => match this.deadline.as_mut().poll(cx) {
                Poll::Ready(()) => {
                    this.cancel.0.cancel();
                    Some(Err(io::Error::new(io::ErrorKind::TimedOut, "the answer was cut at the server's time limit")))
                }
                Poll::Pending => return Poll::Pending,
            },
        };
        // Polled again after its end (compression layers do), the body stays ended.
        this.ended = true;
        Poll::Ready(end)
    }

    fn is_end_stream(&self) -> bool {
        self.ended
    }
}
