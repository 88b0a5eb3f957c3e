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
//! Writes go in bounded batches. Blank nodes are scoped to one request (SPARQL 1.1 Update
//! §3.1.1; one document for the Graph Store Protocol), so every quad that mentions a blank
//! node is held until its input has been read, and the quads joined by blank nodes are
//! always sent in the same request (see [`Batcher`]).

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::Read;
use std::time::Duration;

use base64::Engine as _;
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{BlankNode, GraphName, GraphNameRef, NamedNodeRef, NamedOrBlankNode, NamedOrBlankNodeRef, Quad, Term, TermRef, Triple};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsParser};
use oxigraph::sparql::{QueryEvaluationError, QueryResults, QueryTripleIter};

use crate::error::NkkgError;

/// Quads without blank nodes per `INSERT DATA` (or Graph Store POST) request. Virtuoso 7
/// refuses an `INSERT DATA` of about 5,000 triples ("memory exhausted"); 2,000 go through.
pub const GROUND_BATCH: usize = 2000;

/// Quads with blank nodes per request, sent as `INSERT { … } WHERE {}`: Virtuoso refuses
/// blank nodes in `INSERT DATA` (error SP031, a departure from SPARQL 1.1 Update §3.1.1),
/// and its compiler gives up on templates much over 800 triples.
pub const BLANK_BATCH: usize = 400;

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
}

impl EndpointOptions {
    /// Options for `url` with no credentials, 10 s to connect and 300 s per read.
    pub fn new(url: impl Into<String>) -> Self {
        Self {
            query: url.into(),
            update: None,
            graph_store: None,
            credentials: None,
            connect_timeout: Duration::from_secs(10),
            read_timeout: Duration::from_secs(300),
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
        let body: Box<dyn Read + Send + Sync> = response.into_reader();
        if graph {
            let format = RdfFormat::from_media_type(&media).ok_or_else(|| unexpected(url, &media))?;
            let triples = RdfParser::from_format(format).for_reader(body).map(|q| {
                q.map(Triple::from).map_err(|e| QueryEvaluationError::Service(Box::new(e)))
            });
            return Ok(QueryResults::Graph(QueryTripleIter::new(triples)));
        }
        let format = QueryResultsFormat::from_media_type(&media).ok_or_else(|| unexpected(url, &media))?;
        let body: Box<dyn Read + Send + Sync> = match format {
            QueryResultsFormat::Json => Box::new(VirtuosoBlankNodes::new(body)),
            _ => body,
        };
        let parsed = QueryResultsParser::from_format(format)
            .for_reader(body)
            .map_err(|e| anyhow::anyhow!("the answer of the endpoint {url} does not parse: {e}"))?;
        match (QueryResults::from(parsed), is_ask(text)) {
            (QueryResults::Solutions(rows), true) => ask_answer(url, rows),
            (results, _) => Ok(results),
        }
    }

    /// Sends a SPARQL 1.1 Update (full IRIs) to the update endpoint.
    pub fn update(&self, text: &str) -> anyhow::Result<()> {
        let url = self.update_endpoint();
        let response = self.send(url, self.post(url), |r| r.send_form(&[("update", text)]))?;
        // Read the answer to its end so the connection can be reused.
        let _ = std::io::copy(&mut response.into_reader(), &mut std::io::sink());
        Ok(())
    }

    /// Adds quads: through the Graph Store Protocol when `--graph-store` was given, else
    /// through the update endpoint. The quads of one call are one blank-node scope.
    pub fn insert(&self, quads: impl IntoIterator<Item = Quad>) -> anyhow::Result<u64> {
        let mut batcher = Batcher::new(self);
        for quad in quads {
            batcher.push(quad)?;
        }
        batcher.finish()
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

    /// Sends one batch: `INSERT DATA` for ground quads, `INSERT … WHERE {}` with blank
    /// nodes, or one Graph Store POST per graph.
    fn send_batch(&self, quads: &[Quad], blank: bool) -> anyhow::Result<()> {
        if quads.is_empty() {
            return Ok(());
        }
        if let Some(q) = quads.iter().find(|q| matches!(q.graph_name, GraphName::BlankNode(_))) {
            return Err(NkkgError::Usage(format!(
                "a quad is in a graph named by a blank node ({}), which a remote store cannot be sent",
                q.graph_name
            ))
            .into());
        }
        let mut by_graph: Vec<(&GraphName, Vec<&Quad>)> = Vec::new();
        for q in quads {
            match by_graph.iter_mut().find(|(g, _)| *g == &q.graph_name) {
                Some((_, list)) => list.push(q),
                None => by_graph.push((&q.graph_name, vec![q])),
            }
        }
        if let Some(gsp) = &self.options.graph_store {
            for (graph, list) in by_graph {
                let mut body = String::new();
                for q in list {
                    let _ = writeln!(body, "{} {} {} .", q.subject, q.predicate, q.object);
                }
                let request = self.post(gsp).set("Content-Type", "application/n-triples");
                let request = match graph {
                    GraphName::NamedNode(g) => request.query("graph", g.as_str()),
                    _ => request.query("default", ""),
                };
                self.send(gsp, request, |r| r.send_string(&body))?;
            }
            return Ok(());
        }
        let mut text = String::from(if blank { "INSERT {\n" } else { "INSERT DATA {\n" });
        for (graph, list) in by_graph {
            let inner = !matches!(graph, GraphName::DefaultGraph);
            if inner {
                let _ = writeln!(text, "GRAPH {graph} {{");
            }
            for q in list {
                let _ = writeln!(text, "{} {} {} .", q.subject, q.predicate, q.object);
            }
            if inner {
                text.push_str("}\n");
            }
        }
        text.push_str(if blank { "} WHERE {}" } else { "}" });
        self.update(&text)
    }
}

/// Groups quads into requests: ground quads in batches of [`GROUND_BATCH`] as they come;
/// quads with blank nodes held, joined into connected parts by their blank nodes
/// (union-find), and sent at [`Batcher::finish`] in batches of about [`BLANK_BATCH`], one
/// graph per batch, that never split a part.
pub struct Batcher<'a> {
    remote: &'a Remote,
    ground: Vec<Quad>,
    blank: Vec<(usize, Quad)>,
    ids: HashMap<BlankNode, usize>,
    parent: Vec<usize>,
    sent: u64,
}

impl<'a> Batcher<'a> {
    /// An empty batcher sending to `remote`.
    pub fn new(remote: &'a Remote) -> Self {
        Self { remote, ground: Vec::new(), blank: Vec::new(), ids: HashMap::new(), parent: Vec::new(), sent: 0 }
    }

    /// Adds a quad; sends a batch of ground quads when one is full.
    pub fn push(&mut self, quad: Quad) -> anyhow::Result<()> {
        let subject = match &quad.subject {
            NamedOrBlankNode::BlankNode(b) => Some(self.id(b)),
            _ => None,
        };
        let object = match &quad.object {
            Term::BlankNode(b) => Some(self.id(b)),
            _ => None,
        };
        match (subject, object) {
            (Some(a), Some(b)) => {
                self.union(a, b);
                self.blank.push((a, quad));
            }
            (Some(a), None) | (None, Some(a)) => self.blank.push((a, quad)),
            (None, None) => {
                self.ground.push(quad);
                if self.ground.len() >= GROUND_BATCH {
                    self.flush_ground()?;
                }
            }
        }
        Ok(())
    }

    /// Quads sent so far.
    pub fn sent(&self) -> u64 {
        self.sent
    }

    /// Sends what is left and returns how many quads were sent in all.
    pub fn finish(mut self) -> anyhow::Result<u64> {
        self.flush_ground()?;
        let mut parts: HashMap<usize, Vec<Quad>> = HashMap::new();
        let mut order = Vec::new();
        for (id, quad) in std::mem::take(&mut self.blank) {
            let root = self.find(id);
            parts.entry(root).or_insert_with(|| {
                order.push(root);
                Vec::new()
            });
            parts.get_mut(&root).expect("inserted above").push(quad);
        }
        // One graph per request: Virtuoso 7 fails (error SR002) on a template with blank
        // nodes in more than one GRAPH block. A part spanning graphs is sent alone.
        let mut batches: Vec<(GraphName, Vec<Quad>)> = Vec::new();
        for root in order {
            let part = parts.remove(&root).unwrap_or_default();
            let graph = part[0].graph_name.clone();
            if part.iter().any(|q| q.graph_name != graph) {
                self.send_blank(&part)?;
                continue;
            }
            let at = match batches.iter().position(|(g, _)| *g == graph) {
                Some(at) => at,
                None => {
                    batches.push((graph, Vec::new()));
                    batches.len() - 1
                }
            };
            if !batches[at].1.is_empty() && batches[at].1.len() + part.len() > BLANK_BATCH {
                let full = std::mem::take(&mut batches[at].1);
                self.send_blank(&full)?;
            }
            batches[at].1.extend(part);
        }
        for (_, batch) in batches {
            self.send_blank(&batch)?;
        }
        Ok(self.sent)
    }

    fn send_blank(&mut self, quads: &[Quad]) -> anyhow::Result<()> {
        self.remote.send_batch(quads, true)?;
        self.sent += quads.len() as u64;
        Ok(())
    }

    fn flush_ground(&mut self) -> anyhow::Result<()> {
        self.remote.send_batch(&self.ground, false)?;
        self.sent += self.ground.len() as u64;
        self.ground.clear();
        Ok(())
    }

    fn id(&mut self, node: &BlankNode) -> usize {
        if let Some(id) = self.ids.get(node) {
            return *id;
        }
        let id = self.parent.len();
        self.parent.push(id);
        self.ids.insert(node.clone(), id);
        id
    }

    fn find(&mut self, mut id: usize) -> usize {
        while self.parent[id] != id {
            self.parent[id] = self.parent[self.parent[id]];
            id = self.parent[id];
        }
        id
    }

    fn union(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        if a != b {
            self.parent[b] = a;
        }
    }
}

/// Virtuoso 7 labels blank nodes in JSON results `nodeID://b10001`, which is no blank node
/// label (SPARQL 1.1 Query Results JSON §3.2.2 takes the label of `_:label`, and Turtle's
/// grammar has no `:` or `/` in one), so sparesults refuses it. This reader drops the
/// `nodeID://` at the start of every JSON string as the answer streams through. (A literal
/// whose text starts with `nodeID://` would lose it too; no data of ours has one.)
struct VirtuosoBlankNodes<R> {
    inner: R,
    /// Bytes read and not yet looked at (at most a partial marker between reads).
    raw: Vec<u8>,
    /// Bytes looked at and ready to hand out, from `at` on.
    ready: Vec<u8>,
    at: usize,
}

const NODE_ID: &[u8] = b"\"nodeID://";

impl<R> VirtuosoBlankNodes<R> {
    fn new(inner: R) -> Self {
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
            _ => anyhow::bail!("the endpoint {url} answered an ASK with a solution nkkg cannot read as true or false"),
        },
    };
    Ok(QueryResults::Boolean(value))
}

fn unexpected(url: &str, media: &str) -> anyhow::Error {
    anyhow::anyhow!("the endpoint {url} answered in a format nkkg cannot read ('{media}'); is it a SPARQL 1.1 Protocol endpoint?")
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
    fn blank_nodes_joined_by_a_quad_share_a_part() {
        let remote = Remote::new(EndpointOptions::new("http://127.0.0.1:1/sparql"));
        let mut batcher = Batcher::new(&remote);
        let (a, b, c) = (BlankNode::default(), BlankNode::default(), BlankNode::default());
        let p = oxigraph::model::NamedNode::new_unchecked("urn:p");
        let ids: Vec<usize> = [&a, &b, &c].iter().map(|n| batcher.id(n)).collect();
        batcher.union(ids[0], ids[1]);
        assert_eq!(batcher.find(ids[0]), batcher.find(ids[1]));
        assert_ne!(batcher.find(ids[0]), batcher.find(ids[2]));
        let _ = p;
    }
}
