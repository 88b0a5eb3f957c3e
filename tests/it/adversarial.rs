//! The attacks of issue 13 against `nkkg serve` and the command line, one test each: every
//! test reproduces an attack and asserts the safe outcome — a 4xx with a sentence saying
//! why, the server still answering `/health`, the store unchanged. Servers run as child
//! processes on 127.0.0.1:0; what needs no socket goes through the router in-process.
//! Every loop is bounded in count and in time, and every connection goes to 127.0.0.1.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::Request;
use axum::Router;
use nkkg::server::state::{AppState, Shared};
use nkkg::server::Options;
use nkkg::sparql_limits::{MAX_NESTING, NO_OUTBOUND};
use nkkg::store::GraphStore;
use oxigraph::io::RdfFormat;
use tower::ServiceExt;

use crate::common::{self, Server};

/// Status and body of a request, whatever the status.
fn send(method: &str, url: &str, headers: &[(&str, &str)], body: &[u8]) -> (u16, String) {
    let mut request = ureq::request(method, url).timeout(Duration::from_secs(30));
    for (k, v) in headers {
        request = request.set(k, v);
    }
    match request.send_bytes(body) {
        Ok(r) => (r.status(), r.into_string().unwrap()),
        Err(ureq::Error::Status(status, r)) => (status, r.into_string().unwrap()),
        Err(e) => panic!("{method} {url}: {e}"),
    }
}

fn enc(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

fn nested(open: &str, inner: &str, close: &str, n: usize) -> String {
    format!("{}{inner}{}", open.repeat(n), close.repeat(n))
}

const TOO_DEEP: &str = "the query nests groups, parentheses or brackets more than 200 levels deep";

#[test]
fn deeply_nested_queries_are_refused_and_the_limit_itself_answers() {
    let server = Server::start(&[]);
    let attacks = [
        format!("SELECT * WHERE {}", nested("{", "?s ?p ?o", "}", 1000)),
        format!("SELECT * WHERE {{ {} }}", nested("OPTIONAL { ?s ?p ?o ", "", "}", 1000)),
        format!("ASK {{ FILTER({}) }}", nested("(", "1", ")", 1000)),
    ];
    for attack in &attacks {
        let (status, body) = send("GET", &server.url(&format!("/sparql?query={}", enc(attack))), &[], b"");
        assert_eq!(status, 400, "{body}");
        assert!(body.starts_with(TOO_DEEP), "{body}");
        let (status, body) = send("POST", &server.url("/sparql"), &[("Content-Type", "application/sparql-query")], attack.as_bytes());
        assert!(status == 400 && body.starts_with(TOO_DEEP), "{status} {body}");
        assert!(server.healthy_within(Duration::from_secs(5)), "the server died");
    }
    // At the limit itself the query parses and evaluates, on the server and the CLI.
    let groups = format!("SELECT * WHERE {} LIMIT 1", nested("{", "?s ?p ?o", "}", MAX_NESTING));
    let filters = format!("ASK {{ ?s ?p ?o FILTER({}) }}", nested("(", "?o", ")", MAX_NESTING - 2));
    let optionals = format!("SELECT * WHERE {{ ?s ?p ?o {} }} LIMIT 1", nested("OPTIONAL { ?s ?p ?o ", "", "}", MAX_NESTING - 1));
    for query in [&groups, &filters, &optionals] {
        assert_eq!(nkkg::sparql_limits::check_nesting(query).unwrap(), MAX_NESTING);
        let (status, body) = send("POST", &server.url("/sparql"), &[("Content-Type", "application/sparql-query")], query.as_bytes());
        assert_eq!(status, 200, "{body}");
        common::ok(common::nkkg(&["query", "--format", "json", query]));
    }
    // The command line refuses with the same sentence and status 2 instead of aborting.
    let out = common::nkkg(&["query", &format!("SELECT * WHERE {}", nested("{", "?s ?p ?o", "}", 5000))]);
    assert_eq!(out.status.code(), Some(2), "{}", common::stderr(&out));
    assert!(common::stderr(&out).starts_with(&format!("error: {TOO_DEEP}")), "{}", common::stderr(&out));
}

#[test]
fn long_operator_chains_are_refused_without_nesting() {
    let server = Server::start(&[]);
    let chains = [
        format!("SELECT * WHERE {{ {} }}", vec!["{ ?s ?p ?o }"; 20_000].join(" UNION ")),
        format!("ASK {{ FILTER({}) }}", vec!["?o"; 20_000].join(" || ")),
    ];
    for chain in &chains {
        let (status, body) = send("POST", &server.url("/sparql"), &[("Content-Type", "application/sparql-query")], chain.as_bytes());
        assert_eq!(status, 400, "{body}");
        assert!(body.starts_with("the query's algebra is more than 1000 operators deep"), "{body}");
        assert!(server.healthy_within(Duration::from_secs(5)), "the server died");
    }
    let out = common::nkkg_stdin(&["query"], &chains[0]);
    assert_eq!(out.status.code(), Some(2), "{}", common::stderr(&out));
}

#[test]
fn nested_negations_are_refused_before_the_parser_doubles_its_work() {
    let server = Server::start(&[]);
    let attack = format!("ASK {{ FILTER({}) }}", nested("!(", "true", ")", 40));
    let started = Instant::now();
    let (status, body) = send("POST", &server.url("/sparql"), &[("Content-Type", "application/sparql-query")], attack.as_bytes());
    assert_eq!(status, 400, "{body}");
    assert!(body.starts_with("the query nests more than 6 negations (!) inside each other"), "{body}");
    assert!(started.elapsed() < Duration::from_secs(5));
    assert!(server.healthy_within(Duration::from_secs(1)));
}

/// A server with updates enabled on a fresh store, and its token.
fn update_server(dir: &tempfile::TempDir) -> (Server, &'static str) {
    let token = "s3cret-token-0123456789";
    let token_file = dir.path().join("token");
    std::fs::write(&token_file, token).unwrap();
    let store = dir.path().join("store");
    let server = Server::start(&["--store", store.to_str().unwrap(), "--allow-update", "--token-file", token_file.to_str().unwrap()]);
    (server, token)
}

fn marked(server: &Server) -> bool {
    let (_, body) = send("GET", &server.url(&format!("/sparql?query={}", enc("ASK { nke:Mark rdfs:label \"mark\" }"))), &[("Accept", "text/csv")], b"");
    body.contains("true")
}

#[test]
fn deeply_nested_updates_and_load_are_refused_and_the_store_is_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let (server, token) = update_server(&dir);
    let auth = format!("Bearer {token}");
    let headers = [("Content-Type", "application/sparql-update"), ("Authorization", auth.as_str())];
    let deep = format!("INSERT {{ nke:Mark rdfs:label \"mark\" }} WHERE {}", nested("{", "", "}", 1000));
    let (status, body) = send("POST", &server.url("/update"), &headers, deep.as_bytes());
    assert!(status == 400 && body.starts_with(TOO_DEEP), "{status} {body}");
    let load = "LOAD <http://127.0.0.1:9/data.ttl>";
    let (status, body) = send("POST", &server.url("/update"), &headers, load.as_bytes());
    assert_eq!((status, body.as_str()), (400, format!("{NO_OUTBOUND}\n").as_str()));
    assert!(server.healthy_within(Duration::from_secs(5)));
    assert!(!marked(&server), "the refused update changed the store");
    drop(server);
    // The command line refuses the same, with status 2.
    let store = dir.path().join("store");
    let out = common::nkkg(&["--store", store.to_str().unwrap(), "update", load]);
    assert_eq!(out.status.code(), Some(2), "{}", common::stderr(&out));
    assert!(common::stderr(&out).contains(&format!("error: {NO_OUTBOUND}\n")), "{}", common::stderr(&out));
}

#[test]
fn the_bearer_scheme_is_accepted_in_any_case() {
    let dir = tempfile::tempdir().unwrap();
    let (server, token) = update_server(&dir);
    let auth = format!("bearer {token}");
    let insert = b"INSERT DATA { nke:Mark rdfs:label \"mark\" }";
    let (status, body) = send("POST", &server.url("/update"), &[("Content-Type", "application/sparql-update"), ("Authorization", auth.as_str())], insert);
    assert_eq!(status, 204, "{body}");
    assert!(marked(&server));
    let wrong = format!("bearer {token}x");
    let (status, _) = send("POST", &server.url("/update"), &[("Content-Type", "application/sparql-update"), ("Authorization", wrong.as_str())], insert);
    assert_eq!(status, 401);
}

/// Opens `count` connections that send half a request head and then nothing.
fn half_open(address: SocketAddr, count: usize) -> Vec<TcpStream> {
    (0..count)
        .map(|i| {
            let mut s = TcpStream::connect_timeout(&address, Duration::from_secs(2)).unwrap_or_else(|e| panic!("connection {i}: {e}"));
            s.write_all(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ").unwrap();
            s
        })
        .collect()
}

/// Whether the server closed `stream` (end of file or reset) within `limit`.
fn closed_within(stream: &mut TcpStream, limit: Duration) -> bool {
    stream.set_read_timeout(Some(limit)).unwrap();
    let mut buffer = [0u8; 512];
    loop {
        match stream.read(&mut buffer) {
            Ok(0) => return true,
            // A server may answer 408 before closing; read on to the end.
            Ok(_) => continue,
            Err(e) => return !matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut),
        }
    }
}

#[test]
fn half_sent_requests_neither_block_the_server_nor_stay_open() {
    let server = Server::start(&["--header-timeout", "2"]);
    let started = Instant::now();
    let mut slow = half_open(server.address, 300);
    let answered = Instant::now();
    assert!(server.healthy_within(Duration::from_secs(1)), "/health did not answer beside 300 half-sent requests");
    assert!(answered.elapsed() < Duration::from_secs(1));
    // Each is closed once the header timeout (2 s) has passed since it was opened.
    for (i, stream) in slow.iter_mut().enumerate() {
        let left = Duration::from_secs(6).saturating_sub(started.elapsed());
        assert!(closed_within(stream, left.max(Duration::from_millis(100))), "half-sent connection {i} is still open after 6 s");
    }
    assert!(server.healthy_within(Duration::from_secs(1)));
}

#[test]
fn connections_beyond_the_limit_wait_for_a_free_slot() {
    let server = Server::start(&["--max-connections", "20", "--header-timeout", "2"]);
    let _slow = half_open(server.address, 20);
    std::thread::sleep(Duration::from_millis(200));
    // All 20 slots are held: a 21st request waits…
    assert!(!server.healthy_within(Duration::from_millis(700)), "a connection beyond --max-connections was served at once");
    // …and is served once the header timeout frees the slots.
    assert!(server.healthy_within(Duration::from_secs(5)));
}

// In-process attacks: the router with a small store.

fn app_with(turtle: &str) -> Router {
    let store = oxigraph::store::Store::new().unwrap();
    let prefixes = "@prefix nk: <https://w3id.org/nkkg/ontology#> . @prefix nke: <https://w3id.org/nkkg/id/> . \
                    @prefix nkv: <https://w3id.org/nkkg/vocab/> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . \
                    @prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n";
    store.load_from_slice(RdfFormat::Turtle, format!("{prefixes}{turtle}").as_bytes()).unwrap();
    let options = Options { max_concurrent: 2, max_queued: 8, ..Options::default() };
    let state: Shared = Arc::new(AppState::new(GraphStore::from_parts(store), &options).unwrap());
    nkkg::server::router(state, 1 << 20, Duration::from_secs(10))
}

struct Reply {
    status: u16,
    headers: axum::http::HeaderMap,
    body: String,
}

async fn call(app: &Router, method: &str, uri: &str, headers: &[(&str, &str)], body: &[u8]) -> Reply {
    let mut request = Request::builder().method(method).uri(uri);
    for (k, v) in headers {
        request = request.header(*k, *v);
    }
    let response = app.clone().oneshot(request.body(Body::from(body.to_vec())).unwrap()).await.unwrap();
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let bytes = axum::body::to_bytes(response.into_body(), 1 << 24).await.unwrap();
    Reply { status, headers, body: String::from_utf8_lossy(&bytes).into_owned() }
}

const HOSTILE_LINKS: &str = "nke:Victim a nk:State ; rdfs:label \"Victim\" ; nk:memberOf <javascript:alert(1)> , <data:text/html,x> , <https://example.org/ok> .\n\
     <javascript:alert(1)> a nk:Organisation ; rdfs:label \"Script\" .\n\
     <data:text/html,x> rdfs:label \"Data\" .\n\
     <https://example.org/ok> rdfs:label \"Fine\" .\n\
     nke:s1 a nk:Support ; nk:supporter <javascript:alert(1)> ; nk:recipient nke:Victim ; nk:supportType nkv:Military ; nk:polarity nkv:Given .\n\
     nkv:Military skos:topConceptOf nkv:SupportTypes ; skos:prefLabel \"military\" .";

#[tokio::test]
async fn stored_javascript_and_data_links_are_shown_as_text() {
    let app = app_with(HOSTILE_LINKS);
    let page = call(&app, "GET", "/id/Victim", &[("Accept", "text/html")], b"").await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(!page.body.contains("href=\"javascript:") && !page.body.contains("href=\"data:"), "{}", page.body);
    assert!(page.body.contains("<span class=\"unlinked\">Script</span>") && page.body.contains("<span class=\"unlinked\">Data</span>"), "{}", page.body);
    assert!(page.body.contains("<a href=\"https://example.org/ok\">Fine</a>"), "{}", page.body);
    let svg = call(&app, "GET", "/network.svg", &[], b"").await;
    assert_eq!(svg.status, 200, "{}", svg.body);
    assert!(svg.body.contains("Script") && !svg.body.contains("javascript:"), "{}", svg.body);
    assert!(svg.body.contains("<a href=\"/id/Victim\">"), "{}", svg.body);
    // The UI's result table applies the same allow-list as the pages.
    let script = call(&app, "GET", "/assets/app.js", &[], b"").await.body;
    let list = script.lines().find_map(|l| l.strip_prefix("const LINK_SCHEMES = ")).expect("app.js declares LINK_SCHEMES");
    assert_eq!(list, format!("{:?};", nkkg::markup::LINK_SCHEMES));
    assert!(script.contains("const href = safeHref(iri);") && script.contains("return href === null ? text : `<a class=\"iri\" href=\"${escapeHtml(href)}\">${text}</a>`;"));
}

#[tokio::test]
async fn every_response_limits_what_a_page_may_load_and_who_may_frame_it() {
    let app = app_with(HOSTILE_LINKS);
    for (method, uri) in [("GET", "/"), ("GET", "/id/Victim"), ("GET", "/sparql?query=ASK%7B%7D"), ("GET", "/id/Nothing"), ("PUT", "/sparql"), ("GET", "/assets/app.js")] {
        let r = call(&app, method, uri, &[], b"").await;
        let policy = if uri == "/" { nkkg::server::CSP_EDITOR } else { nkkg::server::CSP };
        assert_eq!(r.headers["content-security-policy"], policy, "{method} {uri}");
        assert_eq!(r.headers["x-frame-options"], "DENY", "{method} {uri}");
        assert_eq!(r.headers["x-content-type-options"], "nosniff", "{method} {uri}");
    }
    assert!(nkkg::server::CSP.starts_with("default-src 'self'") && nkkg::server::CSP.contains("frame-ancestors 'none'"));
    // The editor's policy differs only by two hashed <style> elements: no inline script,
    // no 'unsafe-inline' style, nothing from elsewhere. /sparql in a browser is the editor.
    let editor = nkkg::server::CSP_EDITOR;
    assert_eq!(editor.replace(editor.split("; ").nth(1).unwrap(), "").replace("; ;", ";"), nkkg::server::CSP);
    assert!(editor.split("; ").nth(1).unwrap().split(' ').skip(2).all(|h| h.starts_with("'sha256-")), "{editor}");
    let browser = call(&app, "GET", "/sparql", &[("accept", "text/html")], b"").await;
    assert_eq!(browser.headers["content-security-policy"], editor);
    // The network page shows the picture in an <object>: only pages of this server may.
    let svg = call(&app, "GET", "/network.svg", &[], b"").await;
    assert_eq!((svg.headers["x-frame-options"].to_str().unwrap(), svg.headers["content-security-policy"].to_str().unwrap()), ("SAMEORIGIN", nkkg::server::CSP_FRAMED_BY_SELF));
    // No page needs inline script: every script is a file of this server.
    let index = call(&app, "GET", "/", &[], b"").await.body;
    assert_eq!(index.matches("<script").count(), index.matches("<script src=\"/assets/").count());
}

#[tokio::test]
async fn text_that_is_not_utf8_is_refused_not_replaced() {
    let app = app_with("nke:A rdfs:label \"A\" .");
    let url = call(&app, "GET", "/sparql?query=ASK%7B%FF%7D", &[], b"").await;
    assert_eq!(url.status, 400, "{}", url.body);
    assert_eq!(url.body, "the query string of the URL is not UTF-8 once its %-escapes are decoded (byte 5 of a name or value is not UTF-8); encode the text as UTF-8\n");
    let form = call(&app, "POST", "/sparql", &[("content-type", "application/x-www-form-urlencoded")], b"query=ASK%7B%C3%7D").await;
    assert_eq!(form.status, 400, "{}", form.body);
    assert!(form.body.starts_with("the form is not UTF-8"), "{}", form.body);
    let search = call(&app, "GET", "/api/search?q=%E2%28", &[], b"").await;
    assert_eq!(search.status, 400, "{}", search.body);
}

#[tokio::test]
async fn links_to_iris_with_plus_ampersand_question_mark_and_escapes_resolve() {
    let odd = "https://w3id.org/nkkg/id/A+B&C?d=%41#x";
    let app = app_with(&format!("nke:Hub rdfs:label \"Hub\" ; nk:memberOf <{odd}> .\n<{odd}> rdfs:label \"Odd\" ."));
    let hub = call(&app, "GET", "/id/Hub", &[("Accept", "text/html")], b"").await;
    let href = hub.body.split("<ul class=\"relations\"><li>memberOf: <a href=\"").nth(1).and_then(|r| r.split('"').next()).expect("a link").replace("&amp;", "&");
    assert_eq!(href, "/id/A+B&C%3Fd=%2541%23x");
    let page = call(&app, "GET", &href, &[("Accept", "text/html")], b"").await;
    assert_eq!(page.status, 200, "{href}: {}", page.body);
    assert!(page.body.contains("<h1>Odd</h1>"));
}

#[tokio::test]
async fn error_messages_give_one_position_plain_iris_and_escaped_control_characters() {
    let app = app_with("nke:A rdfs:label \"A\" .");
    let syntax = call(&app, "GET", &format!("/sparql?query={}", enc("ASK { ?s ?p \u{0}\u{1b}[2J }")), &[], b"").await;
    assert_eq!(syntax.status, 400);
    assert!(!syntax.body.chars().any(|c| c.is_control() && c != '\n'), "{:?}", syntax.body);
    assert!(syntax.body.contains("\\u{0}\\u{1b}[2J"), "{}", syntax.body);
    assert!(syntax.body.starts_with("SPARQL syntax error at line 1, column 15: ") && !syntax.body.contains("error at 1:"), "{}", syntax.body);
    let missing = call(&app, "GET", "/id/Nothing", &[], b"").await;
    assert_eq!((missing.status, missing.body.as_str()), (404, "nothing is known about https://w3id.org/nkkg/id/Nothing\n"));
    let service = call(&app, "GET", &format!("/sparql?query={}", enc("SELECT * { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }")), &[], b"").await;
    assert_eq!((service.status, service.body.as_str()), (400, format!("{NO_OUTBOUND}\n").as_str()));
}

#[tokio::test]
async fn rdfxml_that_xml_cannot_hold_is_refused_with_406_and_parameter_errors_stay_400() {
    let app = app_with("nke:A rdfs:label \"A\" ; nk:note \"nul\\u0000here\" .");
    let rdfxml = [("Accept", "application/rdf+xml")];
    let store = call(&app, "GET", "/store?default", &rdfxml, b"").await;
    assert_eq!(store.status, 406, "{}", store.body);
    assert!(store.body.starts_with("RDF/XML cannot hold the character U+0000 in the literal \"nul\\u0000here\""), "{}", store.body);
    assert!(!store.body.contains('\0'), "{:?}", store.body);
    // Other formats carry it; parameter errors are still 400, not 406.
    let turtle = call(&app, "GET", "/store?default", &[("Accept", "text/turtle")], b"").await;
    assert_eq!(turtle.status, 200, "{}", turtle.body);
    assert!(turtle.body.contains("nul\\u0000here"), "{}", turtle.body);
    let both = call(&app, "GET", "/store?default&graph=https%3A%2F%2Fx%2Fg", &rdfxml, b"").await;
    assert_eq!(both.status, 400, "{}", both.body);
    let bad = call(&app, "GET", "/store?graph=%20no", &rdfxml, b"").await;
    assert_eq!(bad.status, 400, "{}", bad.body);
    // A CONSTRUCT answer as RDF/XML: the same refusal, before anything is sent.
    let construct = format!("/sparql?query={}", enc("CONSTRUCT { ?s nk:note ?o } WHERE { ?s nk:note ?o }"));
    let answer = call(&app, "GET", &construct, &rdfxml, b"").await;
    assert_eq!(answer.status, 406, "{}", answer.body);
    assert!(answer.body.starts_with("RDF/XML cannot hold the character U+0000"), "{}", answer.body);
    let made = format!("/sparql?query={}", enc("CONSTRUCT { nke:A nk:note \"made\\u0000up\" } WHERE {}"));
    assert_eq!(call(&app, "GET", &made, &rdfxml, b"").await.status, 406);
    assert_eq!(call(&app, "GET", &made, &[("Accept", "application/n-triples")], b"").await.status, 200);
}

#[test]
fn the_command_line_refuses_a_construct_as_rdfxml_that_xml_cannot_hold() {
    let out = common::nkkg(&["query", "--format", "rdfxml", "CONSTRUCT { <http://a.example/s> <http://a.example/p> \"a\\u0000b\" } WHERE {}"]);
    assert_ne!(out.status.code(), Some(0), "{}", common::stderr(&out));
    assert!(common::stderr(&out).starts_with("error: RDF/XML cannot hold the character U+0000"), "{}", common::stderr(&out));
    assert!(!out.stdout.contains(&0), "a NUL byte was written");
}
