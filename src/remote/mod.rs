//! The remote backend: a store reached over the SPARQL 1.1 Protocol (queries and updates,
//! SPARQL 1.1 Protocol §2.1 and §2.2, sent as URL-encoded POST forms) and, when given, the
//! SPARQL 1.1 Graph Store HTTP Protocol (§5.5, POST of N-Triples into a graph) for loads.
//!
//! Answers are parsed with Oxigraph's own parsers (sparesults for solutions and booleans,
//! oxrdfio for graphs) into the same [`QueryResults`] the embedded store gives, streaming
//! from the response body. Nothing local-only is sent: no `stoppable` ALIVE calls, no
//! cancellation rewriting, no bundled seed. The HTTP client is `ureq` 2 (blocking, small,
//! already used by the tests): the command line is synchronous, and the server calls it
//! inside its `blocking()` pool.
//!
//! This module holds the client and its queries; [`write`] the loads and updates in
//! bounded batches; `answer` what an answer may make nkkg hold or wait for: at most
//! [`MAX_ANSWER`] bytes, `--endpoint-timeout` per read, and a sentence (exit status 3)
//! for an answer that is too large, never ends, stalls, breaks off, does not parse or
//! comes in a format nkkg cannot read.

use std::io::Read;
use std::time::Duration;

use base64::Engine as _;
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{GraphName, GraphNameRef, NamedNodeRef, NamedOrBlankNodeRef, Quad, Term, TermRef};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsParser};
use oxigraph::sparql::QueryResults;

use crate::error::NkkgError;

mod answer;
pub mod write;

pub use answer::MAX_ANSWER;
pub use write::{Batcher, BLANK_BATCH, GROUND_BATCH};

/// Where the remote store is and how to reach it.
#[derive(Clone, Debug)]
pub struct EndpointOptions {
    /// The query endpoint (`--endpoint`).
    pub query: String,
    /// The update endpoint (`--update-endpoint`); the query endpoint when `None`.
    pub update: Option<String>,
    /// The Graph Store Protocol endpoint (`--graph-store`), used by loads when given.
    pub graph_store: Option<String>,
    /// HTTP Basic credentials.
    pub credentials: Option<Credentials>,
    /// How long to wait for a connection.
    pub connect_timeout: Duration,
    /// How long to wait for each read of an answer.
    pub read_timeout: Duration,
    /// The most bytes of one answer read ([`MAX_ANSWER`] unless a test wants less).
    pub max_answer: u64,
}

impl EndpointOptions {
    /// Options for `url` with no credentials, 10 s to connect, 300 s per read and answers
    /// of at most [`MAX_ANSWER`] bytes.
    pub fn new(url: impl Into<String>) -> Self {
        Self {
            query: url.into(),
            update: None,
            graph_store: None,
            credentials: None,
            connect_timeout: Duration::from_secs(10),
            read_timeout: Duration::from_secs(300),
            max_answer: MAX_ANSWER,
        }
    }
}

/// A user name and password for HTTP Basic authentication (RFC 7617).
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    /// The user name.
    pub user: String,
    /// The password.
    pub password: String,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials").field("user", &self.user).finish_non_exhaustive()
    }
}

impl Credentials {
    /// Reads `user:password` from the first line of a file.
    pub fn from_file(path: &std::path::Path) -> Result<Self, NkkgError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| NkkgError::Usage(format!("cannot read the credentials file {}: {e}", path.display())))?;
        let line = text.lines().next().unwrap_or("").trim_end_matches('\r');
        let (user, password) = line.split_once(':').ok_or_else(|| {
            NkkgError::Usage(format!("the credentials file {} must hold one line user:password", path.display()))
        })?;
        Ok(Self { user: user.to_owned(), password: password.to_owned() })
    }

    fn header(&self) -> String {
        let pair = format!("{}:{}", self.user, self.password);
        format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(pair))
    }
}

/// A SPARQL 1.1 Protocol store.
pub struct Remote {
    options: EndpointOptions,
    agent: ureq::Agent,
}

impl Remote {
    /// A client for the endpoints in `options` (nothing is sent yet).
    pub fn new(options: EndpointOptions) -> Self {
        let agent = ureq::AgentBuilder::new()
            .timeout_connect(options.connect_timeout)
            .timeout_read(options.read_timeout)
            .build();
        Self { options, agent }
    }

    /// The query endpoint's URL.
    pub fn endpoint(&self) -> &str {
        &self.options.query
    }

    fn update_endpoint(&self) -> &str {
        self.options.update.as_deref().unwrap_or(&self.options.query)
    }

    /// Sends a query (full IRIs, no local extensions) and parses the answer as it arrives.
    /// `graph` says whether the query is a CONSTRUCT or DESCRIBE.
    pub fn query(&self, text: &str, graph: bool) -> anyhow::Result<QueryResults<'static>> {
        let accept = if graph {
            "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"
        } else {
            "application/sparql-results+json, application/sparql-results+xml;q=0.9"
        };
        let url = &self.options.query;
        let response = self.send(url, self.post(url).set("Accept", accept), |r| r.send_form(&[("query", text)]))?;
        let media = response.content_type().to_ascii_lowercase();
        let failure = answer::Failure::default();
        let body = answer::Answer::new(response.into_reader(), url, self.options.max_answer, self.options.read_timeout, failure.clone());
        if graph {
            let format = RdfFormat::from_media_type(&media).ok_or_else(|| unexpected(url, &media))?;
            let quads = RdfParser::from_format(format).for_reader(body);
            return Ok(QueryResults::Graph(answer::triples(url, quads, failure)));
        }
        let format = QueryResultsFormat::from_media_type(&media).ok_or_else(|| unexpected(url, &media))?;
        let body: Box<dyn Read + Send + Sync> = match format {
            QueryResultsFormat::Json => Box::new(answer::VirtuosoBlankNodes::new(body)),
            _ => Box::new(body),
        };
        let parsed = QueryResultsParser::from_format(format).for_reader(body).map_err(|e| failure.error(url, &e))?;
        match QueryResults::from(parsed) {
            QueryResults::Solutions(rows) if is_ask(text) => ask_answer(url, answer::solutions(url, rows, failure)),
            QueryResults::Solutions(rows) => Ok(QueryResults::Solutions(answer::solutions(url, rows, failure))),
            results => Ok(results),
        }
    }

    /// Sends a SPARQL 1.1 Update (full IRIs) to the update endpoint.
    pub fn update(&self, text: &str) -> anyhow::Result<()> {
        let url = self.update_endpoint();
        let response = self.send(url, self.post(url), |r| r.send_form(&[("update", text)]))?;
        // Read the answer to its end so the connection can be reused (if it is short).
        let _ = std::io::copy(&mut response.into_reader().take(answer::MAX_DISCARDED), &mut std::io::sink());
        Ok(())
    }

    /// The quads matching a pattern, as one `SELECT` (see `GraphStore::quads_iter`).
    pub fn quads(
        &self,
        subject: Option<NamedOrBlankNodeRef<'_>>,
        predicate: Option<NamedNodeRef<'_>>,
        object: Option<TermRef<'_>>,
        graph: Option<GraphNameRef<'_>>,
    ) -> anyhow::Result<Box<dyn Iterator<Item = anyhow::Result<Quad>>>> {
        let remote = self;
        let term = |t: Option<TermRef<'_>>, var: &str| -> anyhow::Result<String> {
            match t {
                None => Ok(format!("?{var}")),
                Some(TermRef::BlankNode(_)) => Err(NkkgError::Usage(
                    "a remote store cannot be asked about a blank node by its label; ask with a SPARQL query that reaches it from an IRI".into(),
                )
                .into()),
                Some(t) => Ok(t.to_string()),
            }
        };
        let s = term(subject.map(|s| s.into()), "s")?;
        let p = term(predicate.map(|p| p.into()), "p")?;
        let o = term(object, "o")?;
        let pattern = format!("{s} {p} {o}");
        let (sparql, graph_term) = match graph {
            None => (format!("SELECT * WHERE {{ GRAPH ?g {{ {pattern} }} }}"), None),
            Some(GraphNameRef::DefaultGraph) => (format!("SELECT * WHERE {{ {pattern} }}"), Some(GraphName::DefaultGraph)),
            Some(GraphNameRef::NamedNode(g)) => (format!("SELECT * WHERE {{ GRAPH {g} {{ {pattern} }} }}"), Some(g.into_owned().into())),
            Some(GraphNameRef::BlankNode(_)) => return Err(NkkgError::Usage("a remote store has no graphs named by blank nodes".into()).into()),
        };
        let QueryResults::Solutions(solutions) = remote.query(&sparql, false)? else {
            anyhow::bail!("the endpoint {} answered a SELECT with something else", remote.endpoint());
        };
        let (subject, predicate, object) = (subject.map(|s| s.into_owned()), predicate.map(|p| p.into_owned()), object.map(|o| o.into_owned()));
        Ok(Box::new(solutions.map(move |row| {
            let row = row?;
            let s = match (&subject, row.get("s")) {
                (Some(s), _) => s.clone(),
                (None, Some(Term::NamedNode(n))) => n.clone().into(),
                (None, Some(Term::BlankNode(b))) => b.clone().into(),
                (None, other) => anyhow::bail!("the endpoint answered a subject that is not a resource: {other:?}"),
            };
            let p = match (&predicate, row.get("p")) {
                (Some(p), _) => p.clone(),
                (None, Some(Term::NamedNode(n))) => n.clone(),
                (None, other) => anyhow::bail!("the endpoint answered a predicate that is not an IRI: {other:?}"),
            };
            let o = match (&object, row.get("o")) {
                (Some(o), _) => o.clone(),
                (None, Some(o)) => o.clone(),
                (None, None) => anyhow::bail!("the endpoint answered a row without its object"),
            };
            let g = match (&graph_term, row.get("g")) {
                (Some(g), _) => g.clone(),
                (None, Some(Term::NamedNode(n))) => n.clone().into(),
                (None, other) => anyhow::bail!("the endpoint answered a graph name that is not an IRI: {other:?}"),
            };
            Ok(Quad::new(s, p, o, g))
        })))
    }

    fn post(&self, url: &str) -> ureq::Request {
        let request = self.agent.post(url);
        match &self.options.credentials {
            Some(c) => request.set("Authorization", &c.header()),
            None => request,
        }
    }

    fn send(
        &self,
        url: &str,
        request: ureq::Request,
        call: impl FnOnce(ureq::Request) -> Result<ureq::Response, ureq::Error>,
    ) -> anyhow::Result<ureq::Response> {
        call(request).map_err(|e| endpoint_error(url, e, self.options.read_timeout).into())
    }
}

/// Whether query text (as `spargebra` writes it, or as the store module writes it) is an ASK.
fn is_ask(text: &str) -> bool {
    text.trim_start().get(..3).is_some_and(|k| k.eq_ignore_ascii_case("ASK"))
}

/// Virtuoso 7 answers an ASK as one solution binding `__ASK_RETVAL` to 1 or 0, in every
/// results format, rather than as a boolean (SPARQL 1.1 Query Results JSON §3.3): read
/// such an answer as the boolean it stands for.
fn ask_answer(url: &str, mut rows: oxigraph::sparql::QuerySolutionIter<'static>) -> anyhow::Result<QueryResults<'static>> {
    let value = match rows.next().transpose()? {
        None => false,
        Some(row) => match row.values().iter().flatten().next() {
            Some(Term::Literal(l)) => matches!(l.value(), "1" | "true"),
            _ => return Err(NkkgError::Endpoint(format!("the endpoint {url} answered an ASK with a solution nkkg cannot read as true or false")).into()),
        },
    };
    Ok(QueryResults::Boolean(value))
}

/// The error for an answer in a format nkkg has no parser for.
fn unexpected(url: &str, media: &str) -> NkkgError {
    NkkgError::Endpoint(format!("the endpoint {url} answered in a format nkkg cannot read ('{media}'); is it a SPARQL 1.1 Protocol endpoint?"))
}

/// Turns a failed request into a sentence naming the endpoint and what to check.
fn endpoint_error(url: &str, error: ureq::Error, read_timeout: Duration) -> NkkgError {
    match error {
        ureq::Error::Status(code, response) => {
            let status = response.status_text().to_owned();
            let mut body = String::new();
            let _ = response.into_reader().take(2000).read_to_string(&mut body);
            let detail: String = body.trim().lines().take(4).collect::<Vec<_>>().join(" ");
            let detail = if detail.is_empty() { String::new() } else { format!(": {detail}") };
            let hint = match code {
                401 | 403 => " check --credentials FILE (or NKKG_ENDPOINT_USER and NKKG_ENDPOINT_PASSWORD); nkkg sends HTTP Basic only, not Digest",
                404 => " check the URL given with --endpoint, --update-endpoint or --graph-store",
                _ => "",
            };
            let sep = if hint.is_empty() { "" } else { ";" };
            NkkgError::Endpoint(format!("the endpoint {url} answered {code} {status}{sep}{hint}{detail}"))
        }
        ureq::Error::Transport(t) => {
            let timed_out = std::error::Error::source(&t)
                .and_then(|s| s.downcast_ref::<std::io::Error>())
                .is_some_and(|e| matches!(e.kind(), std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock))
                || t.to_string().contains("timed out");
            if timed_out {
                return NkkgError::Endpoint(format!(
                    "the endpoint {url} did not answer within {} s (--endpoint-timeout); is the store overloaded, or the query too heavy?",
                    read_timeout.as_secs()
                ));
            }
            match t.kind() {
                ureq::ErrorKind::ConnectionFailed | ureq::ErrorKind::Dns => NkkgError::Endpoint(format!(
                    "cannot reach the endpoint {url} ({}); check the URL and that the store is running",
                    t.message().map_or_else(|| t.kind().to_string(), str::to_owned)
                )),
                ureq::ErrorKind::InvalidUrl | ureq::ErrorKind::UnknownScheme => {
                    NkkgError::Usage(format!("{url} is not an http:// or https:// URL: {t}"))
                }
                _ => NkkgError::Endpoint(format!("the request to the endpoint {url} failed: {t}")),
            }
        }
    }
}
