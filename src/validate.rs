//! `nkkg validate`: checks the graph against the SHACL shapes in `ontology/shapes.ttl`.
//!
//! Implements the part of W3C SHACL the shapes use, by translating each constraint into a
//! SPARQL query over the store (the union of all graphs): targets (§2.1.3: targetNode,
//! targetClass with rdfs:subClassOf*, targetSubjectsOf, targetObjectsOf); property paths
//! (§2.3.1: predicate, inverse, sequence); the Core components minCount, maxCount (§4.2),
//! class, datatype, nodeKind (§4.1), pattern (§4.4), in (§4.8), node and or (§4.6, §4.5,
//! for value-level shapes); and SPARQL-based constraints (§5) whose `sh:select` returns
//! `?this` and optionally `?value`. The shapes themselves are read from the store; from a
//! remote store (`--endpoint`), the shapes graph is fetched once into memory first, since
//! its blank nodes (property shapes, lists) cannot be looked up there one request at a time.
//!
//! Why not a SHACL crate: `shacl_validation` 0.2 (rudof) has no SPARQL-based constraints,
//! which the span-inside-document rule needs, validates its own graph types rather than an
//! Oxigraph store, and roughly doubles the dependency tree (about 95 more crates, an HTTP
//! client among them) of a build whose cold time matters in CI.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::PathBuf;

use oxigraph::model::{NamedNodeRef, NamedOrBlankNode, Term, TermRef};
use oxigraph::sparql::QueryResults;
use serde::Serialize;

use crate::formats::GraphFormat;
use crate::prefixes::shorten;
use crate::query;
use crate::store::{GraphStore, LoadInput};
use crate::table::{cell, write_table};

const SH: &str = "http://www.w3.org/ns/shacl#";
const RDF_FIRST: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#first";
const RDF_REST: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#rest";
const RDF_NIL: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#nil";

/// One result of the validation report (SHACL §3.6.2).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Violation {
    /// The focus node, shortened with the project's prefixes.
    pub focus: String,
    /// The property path, in SPARQL syntax (empty for node-level constraints).
    pub path: String,
    /// The offending value, if any.
    pub value: String,
    /// What is wrong, as a sentence.
    pub message: String,
    /// The shape that raised it.
    pub shape: String,
}

/// Validates the store and returns the violations, sorted.
pub fn validate(store: &GraphStore) -> anyhow::Result<Vec<Violation>> {
    let copy;
    let shapes = match store.endpoint() {
        None => Shapes { store, data: store },
        Some(_) => {
            copy = shapes_copy(store)?;
            Shapes { store: &copy, data: store }
        }
    };
    let mut found = BTreeSet::new();
    for shape in shapes.node_shapes()? {
        let Some(target) = shapes.target_pattern(&shape)? else { continue };
        let shape_name = name(&shape);
        for property in shapes.objects(&shape, "property")? {
            let (Term::BlankNode(_) | Term::NamedNode(_)) = &property else { continue };
            let property = as_subject(&property);
            let Some(path_term) = shapes.object(&property, "path")? else { continue };
            let (path, path_name) = shapes.path(&path_term)?;
            let message = shapes.literal(&property, "message")?;
            for check in shapes.property_checks(&property, &target, &path, &path_name, message.as_deref())? {
                run_check(store, &check, &shape_name, &path_name, &mut found)?;
            }
        }
        for constraint in shapes.objects(&shape, "sparql")? {
            let constraint = as_subject(&constraint);
            let Some(select) = shapes.literal(&constraint, "select")? else { continue };
            let message = shapes.literal(&constraint, "message")?.unwrap_or_else(|| "SPARQL constraint violated".into());
            let sparql = format!(
                "SELECT DISTINCT ?this ?value WHERE {{ {target} {{ {} }} }}",
                select.replace("$this", "?this")
            );
            run_check(store, &Check { sparql, message }, &shape_name, "", &mut found)?;
        }
    }
    Ok(found.into_iter().collect())
}

struct Check {
    sparql: String,
    message: String,
}

fn run_check(store: &GraphStore, check: &Check, shape: &str, path: &str, found: &mut BTreeSet<Violation>) -> anyhow::Result<()> {
    let results = query::execute(store, &check.sparql, &[], None)
        .map_err(|e| anyhow::anyhow!("shape {shape}: cannot evaluate its check: {e}\n{}", check.sparql))?;
    let QueryResults::Solutions(solutions) = results else { return Ok(()) };
    for solution in solutions {
        let solution = solution?;
        found.insert(Violation {
            focus: cell(solution.get("this")),
            path: path.to_owned(),
            value: cell(solution.get("value")),
            message: check.message.clone(),
            shape: shape.to_owned(),
        });
    }
    Ok(())
}

fn as_subject(term: &Term) -> NamedOrBlankNode {
    match term {
        Term::NamedNode(n) => n.clone().into(),
        Term::BlankNode(b) => b.clone().into(),
        _ => NamedOrBlankNode::BlankNode(oxigraph::model::BlankNode::default()),
    }
}

fn name(node: &NamedOrBlankNode) -> String {
    match node {
        NamedOrBlankNode::NamedNode(n) => shorten(n.as_str()),
        NamedOrBlankNode::BlankNode(_) => "(anonymous shape)".into(),
    }
}

/// The shapes graph of a remote store, in a new in-memory store (one CONSTRUCT: blank node
/// labels hold within one answer).
fn shapes_copy(store: &GraphStore) -> anyhow::Result<GraphStore> {
    let graph = crate::store::graph_name_for("ontology/shapes.ttl");
    let QueryResults::Graph(triples) = query::execute(store, &format!("CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}"), &[], None)? else {
        anyhow::bail!("a CONSTRUCT did not answer a graph");
    };
    let local = oxigraph::store::Store::new()?;
    for triple in triples {
        local.insert(triple?.as_ref().in_graph(oxigraph::model::GraphNameRef::DefaultGraph))?;
    }
    if local.is_empty()? {
        anyhow::bail!("the store has no shapes graph {graph}: load the bundled graphs first (nkkg export --format nquads | nkkg --endpoint URL load --format nquads -)");
    }
    Ok(GraphStore::from_parts(local))
}

/// Reads shapes from the store.
struct Shapes<'a> {
    store: &'a GraphStore,
    /// The store validated, where the class hierarchy of `sh:class` is looked up.
    data: &'a GraphStore,
}

impl Shapes<'_> {
    fn objects(&self, subject: &NamedOrBlankNode, local: &str) -> anyhow::Result<Vec<Term>> {
        let predicate = oxigraph::model::NamedNode::new_unchecked(format!("{SH}{local}"));
        self.objects_of(subject, predicate.as_ref())
    }

    fn objects_of(&self, subject: &NamedOrBlankNode, predicate: NamedNodeRef<'_>) -> anyhow::Result<Vec<Term>> {
        let mut out: Vec<Term> = self
            .store
            .quads_iter(Some(subject.as_ref()), Some(predicate), None, None)?
            .map(|q| q.map(|q| q.object))
            .collect::<anyhow::Result<_>>()?;
        out.dedup();
        Ok(out)
    }

    fn object(&self, subject: &NamedOrBlankNode, local: &str) -> anyhow::Result<Option<Term>> {
        Ok(self.objects(subject, local)?.into_iter().next())
    }

    fn literal(&self, subject: &NamedOrBlankNode, local: &str) -> anyhow::Result<Option<String>> {
        Ok(self.object(subject, local)?.and_then(|t| match t {
            Term::Literal(l) => Some(l.value().to_owned()),
            _ => None,
        }))
    }

    fn list(&self, head: &Term) -> anyhow::Result<Vec<Term>> {
        let mut items = Vec::new();
        let mut node = head.clone();
        while !matches!(&node, Term::NamedNode(n) if n.as_str() == RDF_NIL) && items.len() < 1000 {
            let subject = as_subject(&node);
            let first = NamedNodeRef::new_unchecked(RDF_FIRST);
            let rest = NamedNodeRef::new_unchecked(RDF_REST);
            let Some(item) = self.objects_of(&subject, first)?.into_iter().next() else { break };
            items.push(item);
            let Some(next) = self.objects_of(&subject, rest)?.into_iter().next() else { break };
            node = next;
        }
        Ok(items)
    }

    fn node_shapes(&self) -> anyhow::Result<Vec<NamedOrBlankNode>> {
        let sparql = "SELECT DISTINCT ?shape WHERE { ?shape a sh:NodeShape } ORDER BY ?shape";
        let QueryResults::Solutions(solutions) = query::execute(self.store, sparql, &[], None)? else { return Ok(vec![]) };
        let mut shapes = Vec::new();
        for s in solutions {
            if let Some(t) = s?.get("shape") {
                shapes.push(as_subject(t));
            }
        }
        Ok(shapes)
    }

    /// The SPARQL pattern binding `?this` to the shape's focus nodes, or `None` without targets.
    fn target_pattern(&self, shape: &NamedOrBlankNode) -> anyhow::Result<Option<String>> {
        let mut alternatives = Vec::new();
        for c in self.objects(shape, "targetClass")? {
            alternatives.push(format!("?this rdf:type/rdfs:subClassOf* {c} ."));
        }
        for p in self.objects(shape, "targetSubjectsOf")? {
            alternatives.push(format!("?this {p} ?targetObject ."));
        }
        for p in self.objects(shape, "targetObjectsOf")? {
            alternatives.push(format!("?targetSubject {p} ?this ."));
        }
        for n in self.objects(shape, "targetNode")? {
            alternatives.push(format!("VALUES ?this {{ {n} }}"));
        }
        Ok(match alternatives.len() {
            0 => None,
            1 => Some(alternatives.remove(0)),
            _ => Some(alternatives.iter().map(|a| format!("{{ {a} }}")).collect::<Vec<_>>().join(" UNION ")),
        })
    }

    /// A SHACL property path (§2.3.1) as a SPARQL property path and as display text.
    fn path(&self, path: &Term) -> anyhow::Result<(String, String)> {
        match path {
            Term::NamedNode(n) => Ok((format!("<{}>", n.as_str()), shorten(n.as_str()))),
            Term::BlankNode(_) => {
                let subject = as_subject(path);
                if let Some(inner) = self.object(&subject, "inversePath")? {
                    let (sparql, display) = self.path(&inner)?;
                    return Ok((format!("^({sparql})"), format!("^{display}")));
                }
                let steps = self.list(path)?;
                if steps.is_empty() {
                    anyhow::bail!("unsupported SHACL path {path}");
                }
                let steps = steps.iter().map(|s| self.path(s)).collect::<anyhow::Result<Vec<_>>>()?;
                let sparql = steps.iter().map(|(s, _)| s.as_str()).collect::<Vec<_>>().join("/");
                let display = steps.iter().map(|(_, d)| d.as_str()).collect::<Vec<_>>().join("/");
                Ok((sparql, display))
            }
            _ => anyhow::bail!("unsupported SHACL path {path}"),
        }
    }

    /// A SPARQL expression true when `?value` conforms to the value-level constraints of `shape`.
    fn value_condition(&self, shape: &NamedOrBlankNode, depth: u8) -> anyhow::Result<Option<String>> {
        if depth > 8 {
            return Ok(None);
        }
        let mut parts = Vec::new();
        for (component, _) in VALUE_COMPONENTS {
            for v in self.objects(shape, component)? {
                if let Some(c) = self.component_condition(component, &v, depth)? {
                    parts.push(c);
                }
            }
        }
        Ok((!parts.is_empty()).then(|| parts.join(" && ")))
    }

    /// `class` and its subclasses (`rdfs:subClassOf*`), sorted. The closure is computed
    /// here rather than written as a path inside the check's EXISTS: Virtuoso 7.2 answers
    /// a transitive path inside a negated EXISTS wrongly (false for instances), while a
    /// plain `rdf:type` lookup against a list is evaluated alike everywhere.
    fn subclasses(&self, class: &Term) -> anyhow::Result<Vec<Term>> {
        let sparql = format!("SELECT DISTINCT ?class WHERE {{ ?class rdfs:subClassOf* {class} }}");
        let mut classes = vec![class.clone()];
        if let QueryResults::Solutions(solutions) = query::execute(self.data, &sparql, &[], None)? {
            for solution in solutions {
                if let Some(c) = solution?.get("class") {
                    classes.push(c.clone());
                }
            }
        }
        classes.sort_by_cached_key(Term::to_string);
        classes.dedup();
        Ok(classes)
    }

    fn component_condition(&self, component: &str, v: &Term, depth: u8) -> anyhow::Result<Option<String>> {
        Ok(Some(match component {
            "class" => {
                let classes: Vec<String> = self.subclasses(v)?.iter().map(Term::to_string).collect();
                format!("EXISTS {{ ?value rdf:type ?valueClass FILTER(?valueClass IN ({})) }}", classes.join(", "))
            }
            "datatype" => format!("(isLiteral(?value) && datatype(?value) = {v})"),
            "nodeKind" => match v.to_string().trim_start_matches(&format!("<{SH}")).trim_end_matches('>') {
                "IRI" => "isIRI(?value)".into(),
                "Literal" => "isLiteral(?value)".into(),
                "BlankNode" => "isBlank(?value)".into(),
                _ => "(isIRI(?value) || isBlank(?value))".into(),
            },
            "pattern" => match v {
                Term::Literal(l) => format!("REGEX(STR(?value), {})", Term::Literal(l.clone())),
                _ => return Ok(None),
            },
            "in" => {
                let items: Vec<String> = self.list(v)?.iter().map(Term::to_string).collect();
                format!("(?value IN ({}))", items.join(", "))
            }
            "node" => match self.value_condition(&as_subject(v), depth + 1)? {
                Some(c) => c,
                None => return Ok(None),
            },
            "or" => {
                let mut alternatives = Vec::new();
                for s in self.list(v)? {
                    if let Some(c) = self.value_condition(&as_subject(&s), depth + 1)? {
                        alternatives.push(format!("({c})"));
                    }
                }
                if alternatives.is_empty() {
                    return Ok(None);
                }
                format!("({})", alternatives.join(" || "))
            }
            _ => return Ok(None),
        }))
    }

    /// The checks of one property shape: counts, then each value-level component.
    fn property_checks(
        &self,
        property: &NamedOrBlankNode,
        target: &str,
        path: &str,
        path_name: &str,
        message: Option<&str>,
    ) -> anyhow::Result<Vec<Check>> {
        let mut checks = Vec::new();
        for (component, op) in [("minCount", "<"), ("maxCount", ">")] {
            for bound in self.objects(property, component)? {
                let TermRef::Literal(l) = bound.as_ref() else { continue };
                let n: u64 = l.value().parse().unwrap_or(0);
                let sparql = format!(
                    "SELECT ?this (COUNT(DISTINCT ?v) AS ?value) WHERE {{ {target} OPTIONAL {{ ?this {path} ?v }} }} GROUP BY ?this HAVING (COUNT(DISTINCT ?v) {op} {n})"
                );
                let default = if op == "<" {
                    format!("{path_name} needs at least {n} value(s)")
                } else {
                    format!("{path_name} allows at most {n} value(s)")
                };
                checks.push(Check { sparql, message: message.map_or(default, str::to_owned) });
            }
        }
        for (component, describe) in VALUE_COMPONENTS {
            for v in self.objects(property, component)? {
                let Some(condition) = self.component_condition(component, &v, 0)? else { continue };
                let sparql = format!("SELECT DISTINCT ?this ?value WHERE {{ {target} ?this {path} ?value . FILTER(!({condition})) }}");
                let detail = match *component {
                    "in" => {
                        let items: Vec<String> = self.list(&v)?.iter().map(|t| cell(Some(t))).collect();
                        format!("{path_name}: {describe} ({})", items.join(", "))
                    }
                    "or" => format!("{path_name}: {describe}"),
                    _ => format!("{path_name}: {describe} {}", cell(Some(&v))),
                };
                let message = match message {
                    Some(m) => format!("{m} ({detail})"),
                    None => detail,
                };
                checks.push(Check { sparql, message });
            }
        }
        Ok(checks)
    }
}

/// Value-level components and how a violation of each is described.
const VALUE_COMPONENTS: &[(&str, &str)] = &[
    ("class", "value must be an instance of"),
    ("datatype", "value must have datatype"),
    ("nodeKind", "value must be of node kind"),
    ("pattern", "value must match"),
    ("in", "value must be one of"),
    ("node", "value must conform to shape"),
    ("or", "value must conform to one of the alternative shapes"),
];

/// What `nkkg validate` checks and how it reports.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// RDF files validated together with the bundled data, for this run only.
    pub files: Vec<PathBuf>,
    /// Print the report as JSON instead of a table.
    pub json: bool,
}

/// `nkkg validate`: validates, prints the report, and returns whether the data conforms.
pub fn run(store: &GraphStore, options: &Options, mut out: impl Write) -> anyhow::Result<bool> {
    let inputs = options
        .files
        .iter()
        .map(|p| {
            let format = GraphFormat::from_path(p)
                .ok_or_else(|| anyhow::anyhow!("cannot tell the RDF format of {} from its extension", p.display()))?;
            Ok(LoadInput { path: p.clone(), format })
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    if !inputs.is_empty() && store.is_persistent() {
        anyhow::bail!("validate FILES adds the files to the bundled graph for one run; with --store, load them first and run validate alone");
    }
    store.add_files(&inputs)?;
    let violations = validate(store)?;
    if options.json {
        serde_json::to_writer_pretty(&mut out, &serde_json::json!({
            "conforms": violations.is_empty(),
            "violations": violations,
        }))?;
        writeln!(out)?;
    } else if violations.is_empty() {
        writeln!(out, "The data conforms to ontology/shapes.ttl: 0 violations.")?;
    } else {
        let header = ["focus", "path", "value", "message"].map(String::from);
        let rows: Vec<Vec<String>> = violations
            .iter()
            .map(|v| vec![v.focus.clone(), v.path.clone(), v.value.clone(), v.message.clone()])
            .collect();
        write_table(&mut out, &header, &rows)?;
        writeln!(out, "{} violation{}", violations.len(), if violations.len() == 1 { "" } else { "s" })?;
    }
    Ok(violations.is_empty())
}
