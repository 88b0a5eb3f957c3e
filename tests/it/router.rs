//! In-process tests of the server's router (axum's `examples/testing`): requests go to
//! `server::router(...)` with `tower::ServiceExt::oneshot`, no socket and no child
//! process. Routing, content negotiation, error statuses and messages, the limits every
//! store handler runs under, HTML escaping and the path↔IRI mapping of entity pages.
//! The end-to-end tests in `server.rs` start the binary.

use std::collections::BTreeSet;
use std::sync::{Arc, LazyLock};
use std::time::Duration;

use axum::body::Body;
use axum::http::Request;
use axum::Router;
use nkkg::server::Options;
use nkkg::server::state::{AppState, Shared};
use nkkg::store::GraphStore;
use oxigraph::io::{JsonLdProfileSet, RdfFormat, RdfParser};
use oxigraph::model::graph::CanonicalizationAlgorithm;
use oxigraph::model::{Graph, GraphNameRef, Quad, Triple};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use tower::ServiceExt;

/// The bundled graph, loaded once and shared (read-only) by the tests.
static BUNDLED: LazyLock<GraphStore> = LazyLock::new(|| GraphStore::bundled().expect("the bundled graph loads"));

fn args(timeout: u64, max_body: usize) -> Options {
    Options {
        bind: "127.0.0.1:0".parse().unwrap(),
        base: "https://w3id.org/nkkg/".into(),
        sources: None,
        timeout,
        max_concurrent: 2,
        max_queued: 8,
        max_body,
        max_connections: 512,
        header_timeout: 10,
        allow_update: false,
        token_file: None,
    }
}

fn state_with(store: GraphStore, timeout: u64) -> Shared {
    Arc::new(AppState::new(store, &args(timeout, 2000)).expect("state builds"))
}

fn app_for(state: &Shared) -> Router {
    nkkg::server::router(state.clone(), 2000, Duration::from_secs(state.timeout.as_secs()))
}

fn app() -> Router {
    app_for(&state_with(BUNDLED.clone(), 10))
}

/// A store holding only `turtle` (with the project's usual prefixes declared).
fn small_store(turtle: &str) -> GraphStore {
    let store = oxigraph::store::Store::new().unwrap();
    let prefixes = "@prefix nk: <https://w3id.org/nkkg/ontology#> . @prefix nke: <https://w3id.org/nkkg/id/> . \
                    @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n";
    store.load_from_slice(RdfFormat::Turtle, format!("{prefixes}{turtle}").as_bytes()).unwrap();
    GraphStore::from_parts(store)
}

#[derive(Debug)]
struct Reply {
    status: u16,
    content_type: String,
    vary: String,
    allow: String,
    body: String,
}

async fn send(app: &Router, method: &str, uri: &str, headers: &[(&str, &str)], body: &[u8]) -> Reply {
    let mut request = Request::builder().method(method).uri(uri);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = app.clone().oneshot(request.body(Body::from(body.to_vec())).unwrap()).await.unwrap();
    let header = |name: &str| response.headers().get(name).map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default();
    let (content_type, vary, allow) = (header("content-type"), header("vary"), header("allow"));
    let status = response.status().as_u16();
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
    Reply { status, content_type, vary, allow, body: String::from_utf8(bytes.to_vec()).unwrap() }
}

async fn get(app: &Router, uri: &str, accept: &str) -> Reply {
    send(app, "GET", uri, &[("accept", accept)], b"").await
}

/// The graph in `body`, blank nodes relabelled canonically, to compare two answers.
fn canonical(format: RdfFormat, body: &str) -> Graph {
    let mut graph: Graph = RdfParser::from_format(format).for_slice(body.as_bytes()).map(|q| Triple::from(q.unwrap())).collect();
    graph.canonicalize(CanonicalizationAlgorithm::Unstable);
    graph
}

fn enc(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

fn sparql(query: &str) -> String {
    format!("/sparql?query={}", enc(query))
}

/// What Oxigraph's own serializer writes for a boolean, to compare the server's bytes to.
fn boolean(format: QueryResultsFormat, value: bool) -> String {
    String::from_utf8(QueryResultsSerializer::from_format(format).serialize_boolean_to_writer(Vec::new(), value).unwrap()).unwrap()
}

const RESULTS_OFFERED: &str = "application/sparql-results+json, application/sparql-results+xml, text/csv, text/tab-separated-values, application/json, application/xml";
const GRAPH_OFFERED: &str = "text/turtle, application/n-triples, application/n-quads, application/trig, application/rdf+xml, application/ld+json, text/plain";

#[tokio::test]
async fn sparql_negotiates_on_accept_and_format() {
    let app = app();
    let ask = sparql("ASK { nk:Support a owl:Class }");
    for (accept, content_type, format) in [
        ("application/sparql-results+json", "application/sparql-results+json; charset=utf-8", QueryResultsFormat::Json),
        ("application/sparql-results+xml", "application/sparql-results+xml; charset=utf-8", QueryResultsFormat::Xml),
        ("text/csv", "text/csv; charset=utf-8", QueryResultsFormat::Csv),
        ("text/tab-separated-values", "text/tab-separated-values; charset=utf-8", QueryResultsFormat::Tsv),
        ("application/json", "application/json; charset=utf-8", QueryResultsFormat::Json),
        ("application/xml", "application/xml; charset=utf-8", QueryResultsFormat::Xml),
        ("*/*", "application/sparql-results+json; charset=utf-8", QueryResultsFormat::Json),
        ("text/*;q=0.5, application/sparql-results+xml", "application/sparql-results+xml; charset=utf-8", QueryResultsFormat::Xml),
    ] {
        let r = get(&app, &ask, accept).await;
        assert_eq!((r.status, r.content_type.as_str(), r.vary.as_str()), (200, content_type, "Accept"), "{accept}");
        assert_eq!(r.body, boolean(format, true), "{accept}");
    }
    assert_eq!(boolean(QueryResultsFormat::Json, true), "{\"head\":{},\"boolean\":true}");
    // format= wins over Accept: a short name, an extension or a media type.
    for (format, content_type) in [("tsv", "text/tab-separated-values; charset=utf-8"), ("XML", "application/sparql-results+xml; charset=utf-8"), ("text/csv", "text/csv; charset=utf-8")] {
        let r = get(&app, &format!("{ask}&format={}", enc(format)), "application/sparql-results+json").await;
        assert_eq!((r.status, r.content_type.as_str()), (200, content_type), "{format}");
    }
    let select = get(&app, &sparql("SELECT ?x ?y WHERE { VALUES (?x ?y) { (1 \"a,b\") (nke:Turkey UNDEF) } }"), "text/csv").await;
    assert_eq!(select.body, "x,y\r\n1,\"a,b\"\r\nhttps://w3id.org/nkkg/id/Turkey,\r\n");
    let tsv = get(&app, &sparql("SELECT ?x ?y WHERE { VALUES (?x ?y) { (1 \"a,b\") (nke:Turkey UNDEF) } }"), "text/tab-separated-values").await;
    assert_eq!(tsv.body, "?x\t?y\n1\t\"a,b\"\n<https://w3id.org/nkkg/id/Turkey>\t\n");

    let none = get(&app, &ask, "image/png").await;
    assert_eq!((none.status, none.content_type.as_str()), (406, "text/plain; charset=utf-8"));
    assert_eq!(none.body, format!("none of the types in Accept is available here; the offered types are: {RESULTS_OFFERED}\n"));
    let graph_type = get(&app, &ask, "text/turtle").await;
    assert_eq!(graph_type.status, 406);
    let named = get(&app, &format!("{ask}&format=turtle"), "*/*").await;
    assert_eq!(named.status, 406);
    assert_eq!(named.body, format!("format 'turtle' is not available here; use one of json, xml, csv, tsv or a media type: {RESULTS_OFFERED}\n"));
}

#[tokio::test]
async fn graph_answers_in_every_rdf_format() {
    let app = app();
    let construct = sparql("CONSTRUCT { nke:X rdfs:label \"x & <y>\" ; nk:partOf nke:Y } WHERE {}");
    let expected: BTreeSet<String> = [
        "<https://w3id.org/nkkg/id/X> <http://www.w3.org/2000/01/rdf-schema#label> \"x & <y>\"",
        "<https://w3id.org/nkkg/id/X> <https://w3id.org/nkkg/ontology#partOf> <https://w3id.org/nkkg/id/Y>",
    ]
    .map(str::to_owned)
    .into();
    let jsonld = RdfFormat::JsonLd { profile: JsonLdProfileSet::empty() };
    for (accept, format_name, content_type, format) in [
        ("text/turtle", "ttl", "text/turtle; charset=utf-8", RdfFormat::Turtle),
        ("application/n-triples", "ntriples", "application/n-triples", RdfFormat::NTriples),
        ("application/n-quads", "nq", "application/n-quads", RdfFormat::NQuads),
        ("application/trig", "trig", "application/trig", RdfFormat::TriG),
        ("application/rdf+xml", "rdfxml", "application/rdf+xml; charset=utf-8", RdfFormat::RdfXml),
        ("application/ld+json", "jsonld", "application/ld+json; charset=utf-8", jsonld),
        ("text/plain", "text/plain", "text/plain; charset=utf-8", RdfFormat::NTriples),
    ] {
        for r in [get(&app, &construct, accept).await, get(&app, &format!("{construct}&format={}", enc(format_name)), "application/json").await] {
            assert_eq!((r.status, r.content_type.as_str(), r.vary.as_str()), (200, content_type, "Accept"), "{accept}: {}", r.body);
            let got: BTreeSet<String> = RdfParser::from_format(format).for_slice(r.body.as_bytes()).map(|q| q.unwrap().to_string()).collect();
            assert_eq!(got, expected, "{accept}");
        }
    }
    let nt = get(&app, &sparql("CONSTRUCT { nke:X rdfs:label \"x & <y>\" } WHERE {}"), "application/n-triples").await;
    assert_eq!(nt.body, "<https://w3id.org/nkkg/id/X> <http://www.w3.org/2000/01/rdf-schema#label> \"x & <y>\" .\n");
    let r = get(&app, &construct, "application/sparql-results+json").await;
    assert_eq!(r.status, 406);
    assert_eq!(r.body, format!("none of the types in Accept is available here; the offered types are: {GRAPH_OFFERED}\n"));
    let r = get(&app, &format!("{construct}&format=csv"), "*/*").await;
    assert_eq!(r.body, format!("format 'csv' is not available here; use one of turtle, ntriples, nquads, trig, rdfxml, jsonld or a media type: {GRAPH_OFFERED}\n"));
}

#[tokio::test]
async fn graph_store_answers_one_graph_or_the_union() {
    let app = app();
    let name = "https://w3id.org/nkkg/graph/ontology/vocabularies.ttl";
    let r = get(&app, &format!("/store?graph={}", enc(name)), "application/n-triples").await;
    assert_eq!((r.status, r.content_type.as_str()), (200, "application/n-triples"));
    let got: BTreeSet<String> = RdfParser::from_format(RdfFormat::NTriples).for_slice(r.body.as_bytes()).map(|q| q.unwrap().to_string()).collect();
    let graph = oxigraph::model::NamedNode::new(name).unwrap();
    let stored: BTreeSet<String> = BUNDLED
        .store()
        .quads_for_pattern(None, None, None, Some(GraphNameRef::NamedNode(graph.as_ref())))
        .map(|q| {
            let q = q.unwrap();
            Quad::new(q.subject, q.predicate, q.object, oxigraph::model::GraphName::DefaultGraph).to_string()
        })
        .collect();
    assert!(stored.len() > 300 && stored.iter().all(|q| !q.contains("_:")), "{}", stored.len());
    assert_eq!(got, stored);
    let by_name = get(&app, &format!("/store?graph={}&format=nt", enc(name)), "text/turtle").await;
    assert_eq!((by_name.content_type.as_str(), by_name.body.as_str()), ("application/n-triples", r.body.as_str()));
    let union = get(&app, "/store?default", "application/n-quads").await;
    let quads: Vec<Quad> = RdfParser::from_format(RdfFormat::NQuads).for_slice(union.body.as_bytes()).map(|q| q.unwrap()).collect();
    assert!(quads.iter().all(|q| q.graph_name.is_default_graph()), "the union is the default graph");
    let distinct: BTreeSet<String> = BUNDLED.store().iter().map(|q| Triple::from(q.unwrap()).to_string()).collect();
    assert_eq!(quads.len(), distinct.len(), "each triple of the store once");

    let none = get(&app, &format!("/store?graph={}", enc("http://example.com/none")), "text/turtle").await;
    assert_eq!((none.status, none.body.as_str()), (404, "there is no graph http://example.com/none\n"));
    let neither = get(&app, "/store", "text/turtle").await;
    assert_eq!((neither.status, neither.body.as_str()), (400, "give exactly one of ?graph=IRI or ?default\n"));
    let not_iri = get(&app, "/store?graph=not%20an%20iri", "text/turtle").await;
    assert_eq!(not_iri.status, 400);
    assert!(not_iri.body.starts_with("graph 'not an iri' is not an IRI: "), "{}", not_iri.body);
    let png = get(&app, "/store?default", "image/png").await;
    assert_eq!((png.status, png.body), (406, format!("none of the types in Accept is available here; the offered types are: {GRAPH_OFFERED}\n")));
}

#[tokio::test]
async fn errors_are_sentences_with_the_right_status() {
    let app = app();
    let text = "SELECT ?s\nWHERE { ?s ?p }";
    let bad = get(&app, &sparql(text), "*/*").await;
    assert_eq!((bad.status, bad.content_type.as_str()), (400, "text/plain; charset=utf-8"));
    assert_eq!(bad.body, format!("{}\n", nkkg::query::parse(text).unwrap_err()));
    let lines: Vec<&str> = bad.body.lines().collect();
    assert!(lines[0].starts_with("SPARQL syntax error at line 2, column 15: "), "{}", lines[0]);
    assert_eq!(&lines[1..], ["    2 | WHERE { ?s ?p }", "      |               ^"]);

    let missing = get(&app, "/sparql", "application/json").await;
    assert_eq!((missing.status, missing.body.as_str()), (400, "missing 'query' parameter (SPARQL 1.1 Protocol: GET /sparql?query=…)\n"));
    let ui = get(&app, "/sparql", "text/html").await;
    assert_eq!((ui.status, ui.content_type.as_str()), (200, "text/html; charset=utf-8"));
    let two = get(&app, "/sparql?query=ASK%7B%7D&query=ASK%7B%7D", "*/*").await;
    assert_eq!((two.status, two.body.as_str()), (400, "more than one 'query' parameter\n"));

    let put = send(&app, "PUT", "/sparql", &[], b"x").await;
    assert_eq!((put.status, put.allow.as_str()), (405, "GET,HEAD,POST"));
    assert_eq!(put.body, "PUT is not allowed on /sparql; the Allow header lists the methods it takes\n");
    let delete = send(&app, "DELETE", "/store?default", &[], b"").await;
    assert_eq!((delete.status, delete.allow.as_str()), (405, "GET,HEAD"));
    assert_eq!(delete.body, "DELETE is not allowed on /store; the Allow header lists the methods it takes\n");
    let post_page = send(&app, "POST", "/id/Turkey", &[], b"").await;
    assert_eq!((post_page.status, post_page.allow.as_str()), (405, "GET,HEAD"));

    let plain = send(&app, "POST", "/sparql", &[("content-type", "text/plain")], b"ASK {}").await;
    assert_eq!(
        (plain.status, plain.body.as_str()),
        (415, "unsupported Content-Type 'text/plain': send application/sparql-query or application/x-www-form-urlencoded\n")
    );
    let big = format!("ASK {{ {} }}", "?s ?p ?o . ".repeat(400));
    let too_large = send(&app, "POST", "/sparql", &[("content-type", "application/sparql-query")], big.as_bytes()).await;
    assert_eq!(
        (too_large.status, too_large.body.as_str()),
        (413, "the request body is larger than this server accepts (--max-body); send a shorter request\n")
    );
    let direct = send(&app, "POST", "/sparql", &[("content-type", "application/sparql-query"), ("accept", "text/csv")], b"ASK {}").await;
    assert_eq!((direct.status, direct.body), (200, boolean(QueryResultsFormat::Csv, true)));
    let form = send(&app, "POST", "/sparql", &[("content-type", "application/x-www-form-urlencoded")], b"query=ASK%20%7B%7D&format=xml").await;
    assert_eq!((form.status, form.body), (200, boolean(QueryResultsFormat::Xml, true)));

    let update = send(&app, "POST", "/update", &[("content-type", "application/sparql-update")], b"INSERT DATA { nke:x rdfs:label \"x\" }").await;
    assert_eq!(
        (update.status, update.body.as_str()),
        (403, "updates are disabled; start the server with --allow-update --token-file FILE --store DIR\n")
    );
}

#[tokio::test]
async fn search_rejects_bad_parameters() {
    let app = app();
    let short = "give at least two characters: /api/search?q=…\n";
    for (uri, status, body) in [
        ("/api/search", 400, short.to_owned()),
        ("/api/search?q=", 400, short.to_owned()),
        ("/api/search?q=%20a%20", 400, short.to_owned()),
        (&format!("/api/search?q={}", "x".repeat(201)), 400, "the search text has 201 characters; give at most 200\n".to_owned()),
        ("/api/search?q=minsk&kind=actor", 400, "unknown parameter 'kind': /api/search accepts q\n".to_owned()),
        ("/api/search?q=minsk&q=group", 400, "parameter 'q' is given more than once: give it once\n".to_owned()),
    ] {
        let r = get(&app, uri, "application/json").await;
        assert_eq!((r.status, r.body), (status, body), "{uri}");
    }
    let r = get(&app, "/api/search?q=CSCE%20Minsk", "application/json").await;
    assert_eq!((r.status, r.content_type.as_str()), (200, "application/json"));
    assert_eq!(
        r.body,
        "[{\"iri\":\"https://w3id.org/nkkg/id/OSCEMinskGroup\",\"link\":\"/id/OSCEMinskGroup\",\"label\":\"OSCE Minsk Group\",\"matched\":\"CSCE Minsk Group\"}]"
    );
}

#[tokio::test]
async fn network_picture_rejects_bad_parameters() {
    let app = app();
    for (query, body) in [
        ("kind=weapons", "kind 'weapons' is unknown: give kind=support, kind=supply or kind=all\n"),
        ("from=nineteen", "from='nineteen' is not a year: give a whole number such as from=1994\n"),
        ("to=1994.5", "to='1994.5' is not a year: give a whole number such as to=1994\n"),
        ("from=2000&to=1990", "the years are reversed: from=2000 is after to=1990\n"),
        ("format=dot", "unknown parameter 'format': /network.svg accepts kind, from, to\n"),
        ("kind=support&kind=supply", "parameter 'kind' is given more than once: give it once\n"),
    ] {
        let r = get(&app, &format!("/network.svg?{query}"), "image/svg+xml").await;
        assert_eq!((r.status, r.body.as_str()), (400, body), "{query}");
    }
    let r = get(&app, "/network.svg?kind=support&from=1992&to=1994", "image/svg+xml").await;
    assert_eq!((r.status, r.content_type.as_str()), (200, "image/svg+xml"));
    assert_eq!(r.body.lines().nth(1), Some("<title>Support network of the Nagorno-Karabakh conflict, 1992–1994</title>"));
    assert!(r.body.contains("<a href=\"/id/Turkey\">"), "nodes link to their local pages");
}

#[tokio::test]
async fn every_store_handler_runs_under_the_limits() {
    let routes = ["/sparql?query=ASK%7B%7D", "/store?default", "/id/Israel", "/ontology", "/api/search?q=minsk", "/network.svg"];
    // Every admission slot taken: each route answers 503 at once.
    let state = state_with(BUNDLED.clone(), 30);
    let app = app_for(&state);
    let admitted = state.admitted.clone().acquire_many_owned(8).await.unwrap();
    for uri in routes {
        let r = get(&app, uri, "*/*").await;
        assert_eq!((r.status, r.body.as_str()), (503, "the server is busy with other queries; retry shortly\n"), "{uri}");
    }
    drop(admitted);
    for uri in routes {
        assert_eq!(get(&app, uri, "*/*").await.status, 200, "{uri}");
    }
    // Every evaluation slot taken: each route waits out the time limit.
    let short = state_with(BUNDLED.clone(), 1);
    let app = app_for(&short);
    let _running = short.permits.clone().acquire_many_owned(2).await.unwrap();
    for uri in routes {
        let r = get(&app, uri, "*/*").await;
        assert_eq!((r.status, r.body.as_str()), (503, "the query was stopped after 1 s; narrow it\n"), "{uri}");
    }
}

#[tokio::test]
async fn entity_pages_escape_hostile_labels() {
    let store = small_store(
        "nke:Hostile a nk:State ; rdfs:label \"<script>alert(1)</script>\\\"'&\" ; nk:memberOf <https://w3id.org/nkkg/id/O'Brien&Co> .\n\
         <https://w3id.org/nkkg/id/O'Brien&Co> rdfs:label \"O'Brien & <Co>\" .",
    );
    let app = app_for(&state_with(store, 10));
    let r = get(&app, "/id/Hostile", "text/html").await;
    assert_eq!((r.status, r.content_type.as_str(), r.vary.as_str()), (200, "text/html; charset=utf-8", "Accept"));
    // The only scripts are the page's own, from this server (the embedded views).
    assert!(r.body.split("<script").skip(1).all(|tag| tag.starts_with(" defer src=\"/assets/") || tag.starts_with(" type=\"module\" src=\"/assets/")), "{}", r.body);
    assert!(!r.body.contains("<script>"), "{}", r.body);
    let between = |open: &str, close: &str| r.body.split(open).nth(1).and_then(|rest| rest.split(close).next()).map(str::to_owned);
    assert_eq!(between("<title>", "</title>").as_deref(), Some("&lt;script&gt;alert(1)&lt;/script&gt;\"'&amp; — nkkg"));
    assert_eq!(between("<h1>", "</h1>").as_deref(), Some("&lt;script&gt;alert(1)&lt;/script&gt;\"'&amp;"));
    assert_eq!(between("<ul class=\"relations\">", "</ul>").as_deref(), Some("<li>memberOf: <a href=\"/id/O&#39;Brien&amp;Co\">O'Brien &amp; &lt;Co&gt;</a></li>"));
    // The escaped link leads back to the entity.
    let other = get(&app, "/id/O'Brien&Co", "text/html").await;
    assert_eq!(other.status, 200);
    assert_eq!(other.body.split("<h1>").nth(1).and_then(|h| h.split("</h1>").next()), Some("O'Brien &amp; &lt;Co&gt;"));
}

#[tokio::test]
async fn entity_paths_map_to_iris_and_back() {
    let store = small_store(
        "<https://w3id.org/nkkg/id/Caf%C3%A9?x#y> rdfs:label \"Encoded\" .\n\
         <https://w3id.org/nkkg/id/Café> rdfs:label \"Café\" .\n\
         <https://w3id.org/nkkg/id/A+B> rdfs:label \"Plus\" .",
    );
    let state = state_with(store, 10);
    let app = app_for(&state);
    for (iri, path, label) in [
        ("https://w3id.org/nkkg/id/Caf%C3%A9?x#y", "/id/Caf%25C3%25A9%3Fx%23y", "Encoded"),
        ("https://w3id.org/nkkg/id/Café", "/id/Café", "Café"),
        ("https://w3id.org/nkkg/id/A+B", "/id/A+B", "Plus"),
    ] {
        assert_eq!(state.local_path(iri).as_deref(), Some(path));
        assert_eq!(state.iri_of_path(path).map(|n| n.into_string()).as_deref(), Some(iri));
        // What a browser sends for the link: non-ASCII characters percent-encoded.
        let sent: String = path.chars().map(|c| if c.is_ascii() { c.to_string() } else { enc(&c.to_string()) }).collect();
        let r = get(&app, &sent, "text/html").await;
        assert_eq!(r.status, 200, "{sent}");
        assert_eq!(r.body.split("<h1>").nth(1).and_then(|h| h.split("</h1>").next()), Some(label), "{sent}");
    }
    assert_eq!(state.local_path("http://example.com/elsewhere"), None);
    assert_eq!(state.link("http://example.com/elsewhere"), "http://example.com/elsewhere");
    let unknown = get(&app, "/id/NoSuchThing", "text/html").await;
    assert_eq!((unknown.status, unknown.body.as_str()), (404, "nothing is known about https://w3id.org/nkkg/id/NoSuchThing\n"));
    let undecodable = get(&app, "/id/%zz", "text/html").await;
    assert_eq!((undecodable.status, undecodable.body.as_str()), (404, "no such page: /id/%zz does not name an IRI\n"));
    // Unknown comes before negotiation: a page that does not exist is 404 in any format.
    assert_eq!(get(&app, "/id/NoSuchThing", "image/png").await.status, 404);
}

#[tokio::test]
async fn entity_pages_negotiate_html_and_rdf() {
    let app = app();
    let html = get(&app, "/id/Israel", "text/html").await;
    assert_eq!((html.status, html.content_type.as_str(), html.vary.as_str()), (200, "text/html; charset=utf-8", "Accept"));
    assert!(html.body.contains("<h1>Israel</h1>"));
    let ttl = get(&app, "/id/Israel?format=turtle", "text/html").await;
    assert_eq!((ttl.status, ttl.content_type.as_str()), (200, "text/turtle; charset=utf-8"));
    let nt = get(&app, "/id/Israel", "application/n-triples").await;
    let (from_turtle, from_nt) = (canonical(RdfFormat::Turtle, &ttl.body), canonical(RdfFormat::NTriples, &nt.body));
    assert!(from_nt.len() > 10);
    assert_eq!(from_turtle, from_nt);
    let bad = get(&app, "/id/Israel?format=bogus", "text/html").await;
    assert_eq!(bad.status, 406);
    assert_eq!(bad.body, format!("format 'bogus' is not available here; use one of html, turtle, ntriples, nquads, trig, rdfxml, jsonld or a media type: text/html, {GRAPH_OFFERED}\n"));
    let onto = get(&app, "/ontology?format=nt", "text/html").await;
    assert_eq!((onto.status, onto.content_type.as_str()), (200, "application/n-triples"));
    assert!(onto.body.contains("<https://w3id.org/nkkg/ontology#Support> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/2002/07/owl#Class> .\n"));
}

#[tokio::test]
async fn the_editor_gets_the_project_prefixes_and_its_result_views() {
    let app = app();
    let prefixes = get(&app, "/api/prefixes", "*/*").await;
    assert_eq!((prefixes.status, prefixes.content_type.as_str()), (200, "application/json"));
    let pairs: Vec<(String, String)> = serde_json::from_str(&prefixes.body).unwrap();
    let expected: Vec<(String, String)> = nkkg::prefixes::PREFIXES.iter().map(|(p, ns)| (p.to_string(), ns.to_string())).collect();
    assert_eq!(pairs, expected);
    let views = get(&app, "/assets/editor-views.js", "*/*").await;
    assert!(views.content_type.starts_with("text/javascript"), "{}", views.content_type);
    for plugin in ["network", "map", "timeline"] {
        assert!(views.body.contains(&format!("Yasr.registerPlugin(\"{plugin}\"")), "{plugin}");
    }
}

#[tokio::test]
async fn vendored_libraries_are_served_with_their_licences() {
    let app = app();
    let yasgui = get(&app, "/assets/vendor/yasgui/yasgui.min.js", "*/*").await;
    assert_eq!(yasgui.status, 200);
    assert!(yasgui.content_type.starts_with("text/javascript"), "{}", yasgui.content_type);
    assert!(yasgui.body.len() > 500_000, "the whole YASGUI bundle, not a stub");
    let licence = get(&app, "/assets/vendor/cytoscape/LICENSE", "*/*").await;
    assert_eq!(licence.status, 200);
    assert!(licence.body.contains("Permission is hereby granted"), "{}", licence.body);
    let packages = get(&app, "/assets/vendor/PACKAGES", "*/*").await;
    assert!(packages.body.lines().any(|l| l.starts_with("@zazuko/yasgui 4.6.2 MIT")), "{}", packages.body);
    for path in ["/assets/vendor/nothing.js", "/assets/vendor/../../Cargo.toml", "/assets/vendor/yasgui/"] {
        assert_eq!(get(&app, path, "*/*").await.status, 404, "{path}");
    }
}
