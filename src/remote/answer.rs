//! What a remote store's answer may make nkkg hold or wait for, and the sentences for an
//! answer that breaks off. An answer is read as it streams (SPARQL 1.1 Protocol §2.1.6:
//! results in the negotiated format), through [`Answer`], which refuses to read more than
//! [`EndpointOptions::max_answer`](super::EndpointOptions::max_answer) bytes (an answer
//! too large, or a chunked body that never ends) and names a read that waited longer
//! than `--endpoint-timeout` or broke off; [`solutions`] and [`triples`] then report that
//! sentence, or that the answer does not parse, as an [`NkkgError::Endpoint`] (exit 3).
//! Virtuoso's blank node labels are cleaned on the way ([`VirtuosoBlankNodes`]).

use std::fmt::Display;
use std::io::{self, Read};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use oxigraph::io::RdfParseError;
use oxigraph::model::{Quad, Triple, Variable};
use oxigraph::sparql::{QueryEvaluationError, QuerySolutionIter, QueryTripleIter};

use crate::error::NkkgError;

/// The most bytes of one answer nkkg reads (1 GiB): far above any answer over the bundled
/// graph or an export of it, and low enough that an endless or runaway answer ends with an
/// error instead of filling memory or running forever.
pub const MAX_ANSWER: u64 = 1 << 30;

/// The most bytes read of the answer to an update, which nkkg does not use: read so the
/// connection can be reused, within reason.
pub(super) const MAX_DISCARDED: u64 = 1 << 20;

/// Why the reading of an answer stopped, as the sentence to show; shared between the
/// [`Answer`] that stopped and the iterator that reports the parser's error.
#[derive(Clone, Default)]
pub(super) struct Failure(Arc<Mutex<Option<String>>>);

impl Failure {
    fn set(&self, sentence: String) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = Some(sentence);
    }

    /// The error for a parser's `error`: the reader's sentence when the reader stopped,
    /// else a sentence saying that the answer of `url` does not parse.
    pub(super) fn error(&self, url: &str, error: &dyn Display) -> NkkgError {
        let stopped = self.0.lock().unwrap_or_else(|e| e.into_inner()).clone();
        NkkgError::Endpoint(stopped.unwrap_or_else(|| {
            format!("the answer of the endpoint {url} does not parse ({error}); is it a SPARQL 1.1 Protocol endpoint?")
        }))
    }
}

/// The body of an answer, read at most up to a limit, with a sentence for every way the
/// reading can fail (see the module's documentation).
pub(super) struct Answer<R> {
    inner: R,
    url: String,
    read: u64,
    limit: u64,
    read_timeout: Duration,
    failure: Failure,
}

impl<R> Answer<R> {
    /// Reads `inner`, the answer of `url`, up to `limit` bytes; a stop is recorded in
    /// `failure`.
    pub(super) fn new(inner: R, url: &str, limit: u64, read_timeout: Duration, failure: Failure) -> Self {
        Self { inner, url: url.to_owned(), read: 0, limit, read_timeout, failure }
    }

    fn fail(&self, kind: io::ErrorKind, sentence: String) -> io::Error {
        self.failure.set(sentence.clone());
        io::Error::new(kind, sentence)
    }
}

impl<R: Read> Read for Answer<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        // One byte past the limit tells an answer of exactly the limit from a larger one.
        let room = usize::try_from(self.limit.saturating_sub(self.read).saturating_add(1)).unwrap_or(usize::MAX);
        let wanted = out.len().min(room);
        match self.inner.read(&mut out[..wanted]) {
            Ok(n) => {
                self.read += n as u64;
                if self.read > self.limit {
                    return Err(self.fail(
                        io::ErrorKind::InvalidData,
                        format!(
                            "the endpoint {} sent an answer larger than {}, the most nkkg reads of one answer; \
                             ask for less (LIMIT, a narrower pattern, one graph at a time)",
                            self.url,
                            size(self.limit)
                        ),
                    ));
                }
                Ok(n)
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => Err(e),
            Err(e) if matches!(e.kind(), io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock) => Err(self.fail(
                io::ErrorKind::TimedOut,
                format!(
                    "the endpoint {} stopped sending its answer for {} s (--endpoint-timeout) after {}; \
                     is the store overloaded, or the answer too large?",
                    self.url,
                    self.read_timeout.as_secs(),
                    size(self.read)
                ),
            )),
            Err(e) => Err(self.fail(
                e.kind(),
                format!("the answer of the endpoint {} broke off after {} ({e}); try again, or check the store's logs", self.url, size(self.read)),
            )),
        }
    }
}

/// A number of bytes as people read it: `1 GiB`, `64 KiB`, `1234 bytes`.
fn size(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 30 && b % (1 << 30) == 0 => format!("{} GiB", b >> 30),
        b if b >= 1 << 20 && b % (1 << 20) == 0 => format!("{} MiB", b >> 20),
        b if b >= 1 << 10 && b % (1 << 10) == 0 => format!("{} KiB", b >> 10),
        b => format!("{b} bytes"),
    }
}

/// `rows` with every error of the parser (or of the reader under it) replaced by the
/// sentence of [`Failure::error`].
pub(super) fn solutions(url: &str, rows: QuerySolutionIter<'static>, failure: Failure) -> QuerySolutionIter<'static> {
    let variables: Arc<[Variable]> = rows.variables().into();
    let url = url.to_owned();
    QuerySolutionIter::new(variables, rows.map(move |row| row.map_err(|e| QueryEvaluationError::Dataset(Box::new(failure.error(&url, &e))))))
}

/// The triples of a parsed graph answer, with errors as in [`solutions`].
pub(super) fn triples(
    url: &str,
    quads: impl Iterator<Item = Result<Quad, RdfParseError>> + 'static,
    failure: Failure,
) -> QueryTripleIter<'static> {
    let url = url.to_owned();
    QueryTripleIter::new(quads.map(move |q| q.map(Triple::from).map_err(|e| QueryEvaluationError::Dataset(Box::new(failure.error(&url, &e))))))
}

/// Virtuoso 7 labels blank nodes in JSON results `nodeID://b10001`, which is no blank node
/// label (SPARQL 1.1 Query Results JSON §3.2.2 takes the label of `_:label`, and Turtle's
/// grammar has no `:` or `/` in one), so sparesults refuses it. This reader drops the
/// `nodeID://` at the start of every JSON string as the answer streams through. (A literal
/// whose text starts with `nodeID://` would lose it too; no data of ours has one.)
pub(super) struct VirtuosoBlankNodes<R> {
    inner: R,
    /// Bytes read and not yet looked at (at most a partial marker between reads).
    raw: Vec<u8>,
    /// Bytes looked at and ready to hand out, from `at` on.
    ready: Vec<u8>,
    at: usize,
}

const NODE_ID: &[u8] = b"\"nodeID://";

impl<R> VirtuosoBlankNodes<R> {
    /// Cleans the answer read from `inner`.
    pub(super) fn new(inner: R) -> Self {
        Self { inner, raw: Vec::new(), ready: Vec::new(), at: 0 }
    }
}

impl<R: Read> VirtuosoBlankNodes<R> {
    /// Reads on until some bytes are ready; `false` at the end of the answer.
    fn fill(&mut self) -> std::io::Result<bool> {
        let mut chunk = vec![0u8; 64 * 1024];
        loop {
            let n = self.inner.read(&mut chunk)?;
            let end_of_input = n == 0;
            self.raw.extend_from_slice(&chunk[..n]);
            // A partial marker at the end waits for the next read.
            let keep = if end_of_input { 0 } else { (1..NODE_ID.len()).rev().find(|k| self.raw.ends_with(&NODE_ID[..*k])).unwrap_or(0) };
            let end = self.raw.len() - keep;
            self.ready.clear();
            self.at = 0;
            let mut i = 0;
            while i < end {
                if self.raw[i..end].starts_with(NODE_ID) {
                    self.ready.push(b'"');
                    i += NODE_ID.len();
                } else {
                    self.ready.push(self.raw[i]);
                    i += 1;
                }
            }
            self.raw.drain(..end);
            if !self.ready.is_empty() {
                return Ok(true);
            }
            if end_of_input {
                return Ok(false);
            }
        }
    }
}

impl<R: Read> Read for VirtuosoBlankNodes<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        if self.at >= self.ready.len() && !self.fill()? {
            return Ok(0);
        }
        let n = out.len().min(self.ready.len() - self.at);
        out[..n].copy_from_slice(&self.ready[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}


#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn virtuoso_blank_node_labels_are_cleaned_across_reads() {
        let answer = br#"{"b":{"type":"bnode","value":"nodeID://b10001"},"c":{"type":"literal","value":"nodeID"}}"#;
        // One byte per read of the inner reader: every split of the marker is seen.
        struct Trickle<'a>(&'a [u8]);
        impl Read for Trickle<'_> {
            fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
                if self.0.is_empty() || out.is_empty() {
                    return Ok(0);
                }
                out[0] = self.0[0];
                self.0 = &self.0[1..];
                Ok(1)
            }
        }
        let mut cleaned = String::new();
        VirtuosoBlankNodes::new(Trickle(answer)).read_to_string(&mut cleaned).unwrap();
        assert_eq!(cleaned, r#"{"b":{"type":"bnode","value":"b10001"},"c":{"type":"literal","value":"nodeID"}}"#);
    }


    #[test]
    fn an_answer_is_read_up_to_its_limit_and_refused_past_it() {
        let read = |body: &[u8], limit: u64| {
            let failure = Failure::default();
            let mut text = String::new();
            let result = Answer::new(body, "http://x/sparql", limit, Duration::from_secs(1), failure.clone()).read_to_string(&mut text);
            (result.map_err(|e| e.to_string()), failure.error("http://x/sparql", &"unused").to_string())
        };
        assert_eq!(read(b"12345678", 8).0, Ok(8));
        let (result, sentence) = read(&[b'x'; 2048], 1024);
        assert!(result.is_err_and(|e| e == sentence), "{sentence}");
        assert!(sentence.starts_with("the endpoint http://x/sparql sent an answer larger than 1 KiB"), "{sentence}");
        assert_eq!((size(1 << 30), size(3 << 20), size(1000)), ("1 GiB".into(), "3 MiB".into(), "1000 bytes".into()));
    }
}
