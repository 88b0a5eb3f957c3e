//! Writes to a remote store: quads sent in bounded batches through SPARQL 1.1 Update
//! (`INSERT DATA`, or `INSERT { … } WHERE {}` for blank nodes; SPARQL 1.1 Update §3.1.1
//! and §3.1.3) or, when `--graph-store` is given, POSTed as N-Triples to the SPARQL 1.1
//! Graph Store HTTP Protocol endpoint (§5.5), one request per graph.
//!
//! Blank nodes are scoped to one request (one document for the Graph Store Protocol), so
//! every quad that mentions a blank node is held until its input has been read, and the
//! quads joined by blank nodes are always sent in the same request (see [`Batcher`]).

use std::collections::HashMap;
use std::fmt::Write as _;

use oxigraph::model::{BlankNode, GraphName, NamedOrBlankNode, Quad, Term};

use super::Remote;
use crate::error::NkkgError;

/// Quads without blank nodes per `INSERT DATA` (or Graph Store POST) request. Virtuoso 7
/// refuses an `INSERT DATA` of about 5,000 triples ("memory exhausted"); 2,000 go through.
pub const GROUND_BATCH: usize = 2000;

/// Quads with blank nodes per request, sent as `INSERT { … } WHERE {}`: Virtuoso refuses
/// blank nodes in `INSERT DATA` (error SP031, a departure from SPARQL 1.1 Update §3.1.1),
/// and its compiler gives up on templates much over 800 triples.
pub const BLANK_BATCH: usize = 400;

impl Remote {
    /// Adds quads: through the Graph Store Protocol when `--graph-store` was given, else
    /// through the update endpoint. The quads of one call are one blank-node scope.
    pub fn insert(&self, quads: impl IntoIterator<Item = Quad>) -> anyhow::Result<u64> {
        let mut batcher = Batcher::new(self);
        for quad in quads {
            batcher.push(quad)?;
        }
        batcher.finish()
    }


    /// Sends one batch: `INSERT DATA` for ground quads, `INSERT … WHERE {}` with blank
    /// nodes, or one Graph Store POST per graph.
    pub(super) fn send_batch(&self, quads: &[Quad], blank: bool) -> anyhow::Result<()> {
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


#[cfg(test)]
mod tests {
    use super::*;
    use crate::remote::EndpointOptions;

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
