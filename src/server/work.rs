//! Store work under the server's limits: every handler that reads or writes the store runs
//! its work through [`blocking`], [`streaming`], [`answering`] or [`writing`], so
//! `--max-queued`, `--max-concurrent` and `--timeout` hold for queries, updates, pages,
//! searches and pictures alike.
//!
//! The work runs on a blocking thread, off the async threads that serve the connections,
//! except a query known to be quick ([`answering`]): a query whose last answer took under
//! [`QUICK`] of processor time and was at most [`HELD`] long is evaluated on the async
//! thread that read the request, and its answer sent whole, in one write with its length.
//! That saves the hand-offs between threads (to the blocking pool, and each chunk back),
//! which cost more than such a query: about 10 context switches per request at 1
//! connection, against about 1 for a request that stays on its thread. The other tasks of
//! that thread (connections, `/health`, static routes) wait meanwhile, so such an
//! evaluation is stopped at [`INLINE_BUDGET`] and done again on a blocking thread, and
//! the query is not evaluated inline again until it has been quick again there. What
//! `stoppable` cannot stop quickly (see its documentation) can overrun the budget; only a
//! query that was quick on the same data can, and other async threads keep serving.
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
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, Bytes, HttpBody};
use axum::http::StatusCode;
use http_body::Frame;
use oxigraph::sparql::CancellationToken;
use tokio::sync::mpsc::error::TrySendError;
use tokio::sync::{mpsc, oneshot, OwnedSemaphorePermit};
use tokio::time::{Instant, Sleep};

use super::alarms::alarms;
use super::error::ApiError;
use super::state::{AppState, Record, Shared};
use crate::update::CommitGate;

/// Bytes gathered before a piece of a streamed answer is handed to the connection.
const CHUNK: usize = 64 << 10;

/// Pieces of a streamed answer waiting for the connection: with [`CHUNK`], at most
/// 256 KiB per response are held between the evaluation and a slow client.
const CHUNKS_IN_FLIGHT: usize = 4;

/// The largest answer held whole ([`answering`]): as much as a streamed answer may hold
/// between the evaluation and a slow client.
const HELD: usize = CHUNK * CHUNKS_IN_FLIGHT;

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
    F: FnOnce(&AppState, CancellationToken, &mut Answer) -> Result<(), ApiError> + Send + 'static,
{
    let (slots, deadline) = admit(state).await?;
    streamed(state, slots, deadline, job, None).await
}

/// Answers like [`streaming`], but evaluates on the connection's own thread when the same
/// request (`record`: the same query text, answered in the same format, see [`Record`])
/// was answered quickly last time and its answer was at most [`HELD`] long: then the
/// answer is held whole and sent in one write with its length, and the request never leaves the thread
/// that read it (a hand-off to the blocking pool and back costs more than a quick query;
/// see the module documentation of `server`).
///
/// Evaluating there blocks the other tasks of that thread, so it is kept short: the job's
/// token is cancelled [`INLINE_BUDGET`] after it began (the deadline's own alarms do it), and
/// a job stopped so, or whose answer outgrows [`HELD`], is evaluated again from the
/// start as [`streaming`] does it, in the same slots and before the same deadline, and its
/// record says to go that way from then on. Nothing has been sent by then. The job is
/// called a second time only in that case. Without a record, or when the last answer to
/// the request was slow or large, the job runs as in [`streaming`].
pub async fn answering<F>(state: &Shared, record: Option<(Arc<Record>, u8)>, mut job: F) -> Result<Body, ApiError>
where
    F: FnMut(&AppState, CancellationToken, &mut Answer) -> Result<(), ApiError> + Send + 'static,
{
    let (slots, deadline) = admit(state).await?;
    if let Some((record, kind)) = &record {
        if record.quick(*kind) {
            match inline(state, deadline, (record, *kind), &mut job) {
                Inline::Answered(answer) => {
                    drop(slots);
                    return answer;
                }
                Inline::Expired => return Err(timeout_error(state.timeout)),
                Inline::TooLong => record.note(*kind, false),
            }
        }
    }
    streamed(state, slots, deadline, job, record).await
}

/// The time an evaluation on a connection's thread may take before it is stopped and run
/// again on a blocking thread: the longest that the other requests of that thread (other
/// connections, `/health`) may wait behind it.
pub const INLINE_BUDGET: Duration = Duration::from_millis(50);

/// An answer counts as quick, and the next answer to the same request is evaluated on the
/// connection's thread, when its evaluation on a blocking thread took less than this
/// processor time (a fifth of the budget, which the clock's time of the next one rarely
/// passes on a loaded machine); one evaluated inline stays so up to twice this.
pub const QUICK: Duration = Duration::from_millis(10);

/// The outcome of an evaluation on the connection's thread.
enum Inline {
    /// The answer (or the job's error), whole.
    Answered(Result<Body, ApiError>),
    /// The deadline passed meanwhile: 503.
    Expired,
    /// Stopped at [`INLINE_BUDGET`], or the answer outgrew [`HELD`]: nothing was sent.
    TooLong,
}

/// Runs `job` on this thread into a buffer of at most [`HELD`] bytes, its token cancelled
/// at [`INLINE_BUDGET`] or the deadline, whichever comes first; notes in the record whether
/// the answer was quick.
fn inline<F>(state: &AppState, deadline: Instant, (record, kind): (&Record, u8), job: &mut F) -> Inline
where
    F: FnMut(&AppState, CancellationToken, &mut Answer) -> Result<(), ApiError>,
{
    let started = std::time::Instant::now();
    let cpu = thread_cpu_time();
    let token = CancellationToken::new();
    let running = Arc::new(token.clone());
    alarms().set((started + INLINE_BUDGET).min(deadline.into_std()), Arc::downgrade(&running));
    let mut out = Answer { buffer: Vec::with_capacity(INLINE_START), limit: HELD + 1, sink: Sink::Held, sent: 0, spilled: false };
    // A job that panics ends its request with a 500, as on a blocking thread, and not the
    // connection's task.
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| job(state, token, &mut out))).unwrap_or_else(|_| Err(stopped()));
    drop(running);
    if out.spilled {
        return Inline::TooLong;
    }
    if let Err(e) = &result {
        if e.status == StatusCode::SERVICE_UNAVAILABLE {
            // Cancelled: at the deadline, or at the budget (then tried again off this thread).
            return if Instant::now() >= deadline { Inline::Expired } else { Inline::TooLong };
        }
    }
    // Up to twice as long still counts here, so that a query near the line does not
    // alternate between the two ways.
    record.note(kind, thread_cpu_time().saturating_sub(cpu) < 2 * QUICK);
    Inline::Answered(result.map(|()| Body::from(out.buffer)))
}

/// The processor time this thread has used: what a job costs, however loaded the machine
/// (the time on the clock grows with the load).
fn thread_cpu_time() -> Duration {
    let mut now = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: clock_gettime writes the time of this thread's clock into `now`, a valid timespec.
    if unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut now) } != 0 {
        return Duration::MAX;
    }
    Duration::new(u64::try_from(now.tv_sec).unwrap_or(0), u32::try_from(now.tv_nsec).unwrap_or(0))
}

/// The first capacity of the buffer of an answer held whole: the quick answers are mostly
/// a few kB; a larger one grows it up to [`HELD`].
const INLINE_START: usize = 16 << 10;

/// Runs a streamed job on a blocking thread, in `slots`, until `deadline` (see
/// [`streaming`]); notes in `record` how it went.
async fn streamed<F>(state: &Shared, slots: Slots, deadline: Instant, job: F, record: Option<(Arc<Record>, u8)>) -> Result<Body, ApiError>
where
    F: FnOnce(&AppState, CancellationToken, &mut Answer) -> Result<(), ApiError> + Send + 'static,
{
    let token = CancellationToken::new();
    let cancel = CancelOnDrop(token.clone());
    let (chunks, mut received) = mpsc::channel::<Bytes>(CHUNKS_IN_FLIGHT);
    let (done, outcome) = oneshot::channel();
    // The alarm cancels the token at the deadline while the job runs (the connection's
    // side may not be polled then: a client that stopped reading).
    let running = Arc::new(token.clone());
    alarms().set(deadline.into_std(), Arc::downgrade(&running));
    let job_state = state.clone();
    let runtime = tokio::runtime::Handle::current();
    tokio::task::spawn_blocking(move || {
        let _slots = slots;
        let cpu = thread_cpu_time();
        let mut out = Answer { buffer: Vec::with_capacity(CHUNK), limit: CHUNK, sink: Sink::Stream { chunks, deadline, runtime }, sent: 0, spilled: false };
        let result = job(&job_state, token, &mut out);
        if let Some((record, kind)) = record {
            // Quick, and small enough to be held whole.
            record.note(kind, !out.spilled && out.sent + out.buffer.len() <= HELD && thread_cpu_time().saturating_sub(cpu) < QUICK);
        }
        let result = result.and_then(|()| out.finish().map_err(|e| writing_error(e, job_state.timeout)));
        drop(out);
        drop(running);
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

/// The job's end of an answer: gathers bytes into [`CHUNK`]s and sends each, waiting for
/// room in the channel at most until the deadline; or, for an answer evaluated on the
/// connection's thread ([`answering`]), holds it whole, up to [`HELD`]. Partial chunks
/// are sent only when the job ends, so an error before the first chunk leaves nothing sent.
///
/// A type of its own rather than a `dyn Write`, so that serializers, which write an answer
/// in many small pieces (a JSON answer of 300 rows in about 130,000), copy each into the
/// buffer inline: through a `dyn Write`, each piece was a call, a fifth of such a query's
/// work.
pub struct Answer {
    buffer: Vec<u8>,
    /// The size at which the buffer is sent: [`CHUNK`], or [`HELD`] for an answer held whole.
    limit: usize,
    sink: Sink,
    /// The bytes sent so far.
    sent: usize,
    /// Whether the answer outgrew [`HELD`]: more than that was sent, or, held whole, it
    /// could not be.
    spilled: bool,
}

/// Where the chunks of an [`Answer`] go.
enum Sink {
    /// To the connection, through a bounded channel, until the deadline.
    Stream { chunks: mpsc::Sender<Bytes>, deadline: Instant, runtime: tokio::runtime::Handle },
    /// Nowhere: the answer is held whole, and one that outgrows [`HELD`] fails.
    Held,
}

impl Answer {
    /// Sends the buffered bytes; a new buffer is made ready unless this was the `last`.
    fn send(&mut self, last: bool) -> io::Result<()> {
        self.sent += self.buffer.len();
        self.spilled |= self.sent > HELD;
        let Sink::Stream { chunks, deadline, runtime } = &self.sink else {
            self.spilled = true;
            return Err(io::Error::other("the answer is larger than one held whole"));
        };
        let next = if last { Vec::new() } else { Vec::with_capacity(CHUNK) };
        let chunk = Bytes::from(std::mem::replace(&mut self.buffer, next));
        // Without waiting (no timer, no parking) while the channel has room: the usual case.
        let chunk = match chunks.try_send(chunk) {
            Ok(()) => return Ok(()),
            Err(TrySendError::Closed(_)) => return Err(went_away()),
            Err(TrySendError::Full(chunk)) => chunk,
        };
        match runtime.block_on(tokio::time::timeout_at(*deadline, chunks.send(chunk))) {
            Ok(Ok(())) => Ok(()),
            Ok(Err(_)) => Err(went_away()),
            Err(_) => Err(io::Error::new(io::ErrorKind::TimedOut, "the time limit passed while the client was reading the answer")),
        }
    }

    /// Sends what is left: the answer is complete.
    fn finish(&mut self) -> io::Result<()> {
        if self.buffer.is_empty() {
            Ok(())
        } else {
            self.send(true)
        }
    }
}

fn went_away() -> io::Error {
    io::Error::new(io::ErrorKind::BrokenPipe, "the client went away")
}

impl Write for Answer {
    #[inline]
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.write_all(data)?;
        Ok(data.len())
    }

    #[inline]
    fn write_all(&mut self, data: &[u8]) -> io::Result<()> {
        self.buffer.extend_from_slice(data);
        if self.buffer.len() >= self.limit {
            self.send(false)?;
        }
        Ok(())
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

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Mutex;
    use std::thread::ThreadId;

    use super::*;
    use crate::store::GraphStore;

    fn state() -> Shared {
        Arc::new(AppState::new(GraphStore::bundled().unwrap(), &super::super::Options::default()).unwrap())
    }

    fn runtime() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap()
    }

    /// Runs `answering` with a job that writes `size` bytes, noting its calls and their threads.
    async fn answer(state: &Shared, record: &Arc<Record>, size: usize, calls: &Arc<Mutex<Vec<ThreadId>>>) -> (Option<u64>, Bytes) {
        let calls = calls.clone();
        let body = answering(state, Some((record.clone(), 3)), move |_, _, out| {
            calls.lock().unwrap().push(std::thread::current().id());
            out.write_all(&vec![b'x'; size]).map_err(|e| ApiError::bad_request(e.to_string()))
        })
        .await
        .unwrap();
        let length = body.size_hint().exact();
        (length, axum::body::to_bytes(body, usize::MAX).await.unwrap())
    }

    #[test]
    fn a_quick_small_answer_is_evaluated_on_the_connection_thread_once_known() {
        let state = state();
        let record = Arc::new(Record::default());
        let calls = Arc::new(Mutex::new(Vec::new()));
        runtime().block_on(async {
            let here = std::thread::current().id();
            let (length, first) = answer(&state, &record, 100, &calls).await;
            assert_eq!((length, first.len()), (None, 100), "streamed from a blocking thread, its length unknown before");
            assert_ne!(calls.lock().unwrap()[0], here);
            assert!(record.quick(3), "quick and small: the next is evaluated inline");
            assert!(!record.quick(4), "another kind of answer is not known yet");
            let (length, second) = answer(&state, &record, 100, &calls).await;
            assert_eq!((length, second.len()), (Some(100), 100), "sent whole, with its length");
            assert_eq!(calls.lock().unwrap()[1], here, "evaluated on the thread that awaited it");
            assert_eq!(calls.lock().unwrap().len(), 2);
        });
    }

    #[test]
    fn an_answer_larger_than_held_is_evaluated_again_and_streamed() {
        let state = state();
        let record = Arc::new(Record::default());
        record.note(3, true);
        let calls = Arc::new(Mutex::new(Vec::new()));
        runtime().block_on(async {
            let (length, body) = answer(&state, &record, HELD + 1, &calls).await;
            assert_eq!((length, body.len()), (None, HELD + 1), "the whole answer, streamed");
            assert_eq!(calls.lock().unwrap().len(), 2, "once inline, stopped at HELD, then again");
            assert!(!record.quick(3), "too large to be held: the next goes to a blocking thread at once");
            answer(&state, &record, HELD + 1, &calls).await;
            assert_eq!(calls.lock().unwrap().len(), 3);
        });
    }

    #[test]
    fn an_inline_evaluation_past_the_budget_is_stopped_and_done_again_off_the_thread() {
        let state = state();
        let record = Arc::new(Record::default());
        record.note(3, true);
        let calls = Arc::new(AtomicUsize::new(0));
        let job_calls = calls.clone();
        let started = std::time::Instant::now();
        let body = runtime().block_on(async {
            let here = std::thread::current().id();
            let body = answering(&state, Some((record.clone(), 3)), move |state, token, out| {
                if job_calls.fetch_add(1, Ordering::SeqCst) == 0 {
                    // A query that has become slow: it runs until its token is cancelled.
                    assert_eq!(std::thread::current().id(), here);
                    while !token.is_cancelled() {
                        std::thread::sleep(Duration::from_millis(1));
                    }
                    return Err(timeout_error(state.timeout));
                }
                assert_ne!(std::thread::current().id(), here);
                out.write_all(b"done").map_err(|e| ApiError::bad_request(e.to_string()))
            })
            .await
            .unwrap();
            axum::body::to_bytes(body, usize::MAX).await.unwrap()
        });
        assert_eq!(&body[..], b"done");
        assert_eq!(calls.load(Ordering::SeqCst), 2);
        let took = started.elapsed();
        assert!(took >= INLINE_BUDGET && took < INLINE_BUDGET + Duration::from_secs(1), "stopped after {took:?}");
        // The record follows the run on the blocking thread, quick here: a query stopped at
        // the budget by a loaded machine goes back inline; one that is slow does not.
        assert!(record.quick(3), "the second run was quick");
    }
}
