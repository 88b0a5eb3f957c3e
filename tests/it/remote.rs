//! The remote backend (`--endpoint`, src/remote/): errors a user can act on when the
//! endpoint is down, refuses the credentials or does not answer in time, the flags, the
//! Graph Store Protocol load, and the bounds on an answer (too large, endless, stalled,
//! malformed, in a format nkkg cannot read), all against a tiny in-test HTTP stub. The
//! parity test against a real Virtuoso is in `remote_virtuoso.rs`.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use nkkg::remote::{EndpointOptions, Remote};
use oxigraph::sparql::QueryResults;

use crate::common::{nkkg, ok, stderr};

/// One request the stub received: request line, headers (lower-case names) and body.
#[derive(Debug, Clone)]
struct Received {
    line: String,
    headers: BTreeMap<String, String>,
    body: String,
}

/// What the stub does with a request.
#[derive(Clone)]
enum Reply {
    /// Answer with this status, content type and body.
    With(u16, &'static str, String),
    /// Read the request and never answer.
    Silence,
    /// Answer with this content type and the start of a body whose Content-Length says
    /// more is coming, then send nothing more.
    Stall(&'static str, String),
    /// Answer 200 with this content type and a chunked body of this line repeated, never
    /// ending (until the client hangs up).
    Endless(&'static str, &'static str),
}

/// A one-thread HTTP/1.1 stub on a free loopback port: records every request and
/// answers it with `reply(request)`. It serves until the test process ends.
struct Stub {
    url: String,
    received: Arc<Mutex<Vec<Received>>>,
}

impl Stub {
    fn start(reply: impl Fn(&Received) -> Reply + Send + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let received = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&received);
        std::thread::spawn(move || {
            let mut silent: Vec<TcpStream> = Vec::new();
            for stream in listener.incoming().flatten() {
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                loop {
                    let Some(request) = read_request(&mut reader) else { break };
                    log.lock().unwrap().push(request.clone());
                    match reply(&request) {
                        Reply::With(status, media, body) => {
                            let head = format!(
                                "HTTP/1.1 {status} Status\r\nContent-Type: {media}\r\nContent-Length: {}\r\n\r\n",
                                body.len()
                            );
                            let mut out = &stream;
                            if out.write_all(head.as_bytes()).and_then(|_| out.write_all(body.as_bytes())).is_err() {
                                break;
                            }
                        }
                        Reply::Silence => {
                            silent.push(stream.try_clone().unwrap());
                            break;
                        }
                        Reply::Stall(media, start) => {
                            let head = format!("HTTP/1.1 200 OK\r\nContent-Type: {media}\r\nContent-Length: {}\r\n\r\n{start}", start.len() + 100_000);
                            let _ = (&stream).write_all(head.as_bytes());
                            silent.push(stream.try_clone().unwrap());
                            break;
                        }
                        Reply::Endless(media, line) => {
                            let head = format!("HTTP/1.1 200 OK\r\nContent-Type: {media}\r\nTransfer-Encoding: chunked\r\n\r\n");
                            let chunk = line.repeat(1000);
                            let chunk = format!("{:x}\r\n{chunk}\r\n", chunk.len());
                            let mut out = &stream;
                            if out.write_all(head.as_bytes()).is_ok() {
                                while out.write_all(chunk.as_bytes()).is_ok() {}
                            }
                            break;
                        }
                    }
                }
            }
        });
        Self { url, received }
    }

    fn requests(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }
}

fn read_request(reader: &mut impl BufRead) -> Option<Received> {
    let mut line = String::new();
    if reader.read_line(&mut line).ok()? == 0 {
        return None;
    }
    let mut headers = BTreeMap::new();
    loop {
        let mut header = String::new();
        reader.read_line(&mut header).ok()?;
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            headers.insert(name.trim().to_ascii_lowercase(), value.trim().to_owned());
        }
    }
    let length: usize = headers.get("content-length").and_then(|l| l.parse().ok()).unwrap_or(0);
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    Some(Received { line: line.trim_end().to_owned(), headers, body: String::from_utf8_lossy(&body).into_owned() })
}

/// A loopback URL where nothing listens.
fn closed_port_url() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    drop(listener);
    format!("http://{address}/sparql")
}

/// Runs `args` against the stub and checks the exit status 3 and that the error holds
/// every one of `sentences`.
fn fails_with(stub: &Stub, args: &[&str], sentences: &[&str]) {
    let url = format!("{}/sparql", stub.url);
    let output = nkkg(&[&["--endpoint", url.as_str()], args].concat());
    assert_eq!(output.status.code(), Some(3), "{}", stderr(&output));
    let error = stderr(&output);
    for sentence in sentences {
        assert!(error.contains(&sentence.replace("URL", &url)), "{sentence}: {error}");
    }
}

#[test]
fn an_endpoint_that_is_down_is_named_with_exit_status_3() {
    let url = closed_port_url();
    let output = nkkg(&["--endpoint", &url, "query", "ASK {}"]);
    assert_eq!(output.status.code(), Some(3), "{}", stderr(&output));
    let error = stderr(&output);
    assert!(error.contains(&format!("cannot reach the endpoint {url}")) && error.contains("that the store is running"), "{error}");
}

#[test]
fn a_401_points_at_the_credentials() {
    let stub = Stub::start(|_| Reply::With(401, "text/plain", "Unauthorized access".into()));
    fails_with(&stub, &["describe", "nke:Turkey"], &["the endpoint URL answered 401", "--credentials"]);
}

#[test]
fn an_endpoint_that_does_not_answer_times_out() {
    let stub = Stub::start(|_| Reply::Silence);
    let started = Instant::now();
    fails_with(&stub, &["--endpoint-timeout", "1", "query", "ASK {}"], &["did not answer within 1 s (--endpoint-timeout)"]);
    assert!(started.elapsed() < Duration::from_secs(20), "the timeout was not applied");
}

#[test]
fn queries_are_sent_as_standard_sparql_with_basic_credentials() {
    let stub = Stub::start(|_| Reply::With(200, "application/sparql-results+json", r#"{"head":{},"boolean":true}"#.into()));
    let dir = tempfile::tempdir().unwrap();
    let credentials = dir.path().join("credentials");
    std::fs::write(&credentials, "ana:s3cret\n").unwrap();
    let url = format!("{}/sparql", stub.url);
    let out = ok(nkkg(&["--endpoint", &url, "--credentials", credentials.to_str().unwrap(), "query", "--format", "csv", "ASK { nke:Turkey ?p ?o }"]));
    assert_eq!(out.trim(), "true");
    let requests = stub.requests();
    assert_eq!(requests.len(), 1, "{requests:?}");
    let request = &requests[0];
    assert!(request.line.starts_with("POST /sparql "), "{}", request.line);
    // "ana:s3cret" in base64 (RFC 7617)
    assert_eq!(request.headers.get("authorization").map(String::as_str), Some("Basic YW5hOnMzY3JldA=="));
    let form: BTreeMap<String, String> = form_urlencoded::parse(request.body.as_bytes()).into_owned().collect();
    let sent = &form["query"];
    assert!(sent.contains("<https://w3id.org/nkkg/id/Turkey>") && !sent.contains("nke:"), "prefixes are expanded: {sent}");
    assert!(!sent.to_lowercase().contains("alive"), "nothing local-only is sent: {sent}");
}

#[test]
fn endpoint_flags_exclude_store_and_need_each_other() {
    let output = nkkg(&["--store", "somewhere", "--endpoint", "http://127.0.0.1:1/sparql", "stats"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("cannot be used with"), "{}", stderr(&output));
    let output = nkkg(&["--update-endpoint", "http://127.0.0.1:1/update", "stats"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("--endpoint"), "{}", stderr(&output));
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("credentials");
    std::fs::write(&bad, "no colon here\n").unwrap();
    let output = nkkg(&["--endpoint", "http://127.0.0.1:1/sparql", "--credentials", bad.to_str().unwrap(), "stats"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("must hold one line user:password"), "{}", stderr(&output));
}

#[test]
fn load_posts_to_the_graph_store_and_keeps_blank_nodes_together() {
    let count = r#"{"head":{"vars":["n"]},"results":{"bindings":[{"n":{"type":"literal","datatype":"http://www.w3.org/2001/XMLSchema#integer","value":"0"}}]}}"#;
    let stub = Stub::start(move |r| {
        if r.line.starts_with("POST /store") {
            Reply::With(204, "text/plain", String::new())
        } else {
            Reply::With(200, "application/sparql-results+json", count.to_owned())
        }
    });
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("data.nq");
    let mut data = String::new();
    for i in 0..3000 {
        data.push_str(&format!("<urn:s{i}> <urn:p> \"{i}\" <urn:g1> .\n"));
    }
    data.push_str("<urn:a> <urn:q> _:x <urn:g2> .\n_:x <urn:r> _:y <urn:g2> .\n_:y <urn:t> \"deep\" <urn:g2> .\n");
    std::fs::write(&file, data).unwrap();
    let out = nkkg(&["--endpoint", &format!("{}/sparql", stub.url), "--graph-store", &format!("{}/store", stub.url), "load", file.to_str().unwrap()]);
    ok(out.clone());
    assert!(stderr(&out).contains("read 3003 quads"), "{}", stderr(&out));
    let posts: Vec<Received> = stub.requests().into_iter().filter(|r| r.line.starts_with("POST /store")).collect();
    let g1: usize = posts.iter().filter(|r| r.line.contains("graph=urn%3Ag1")).map(|r| r.body.lines().count()).sum();
    assert_eq!(g1, 3000, "every ground quad is posted once");
    assert!(posts.iter().filter(|r| r.line.contains("graph=urn%3Ag1")).all(|r| r.body.lines().count() <= nkkg::remote::GROUND_BATCH));
    let blank: Vec<&Received> = posts.iter().filter(|r| r.line.contains("graph=urn%3Ag2")).collect();
    assert_eq!(blank.len(), 1, "the three quads joined by blank nodes go in one request: {blank:?}");
    assert_eq!(blank[0].body.lines().count(), 3);
    assert_eq!(blank[0].headers.get("content-type").map(String::as_str), Some("application/n-triples"));
}

#[test]
fn a_malformed_answer_is_named_with_exit_status_3() {
    let broken = r#"{"head":{"vars":["s"]},"results":{"bindings":[{"s":{"type":"uri","value":"urn:a"}},{"s":nonsense"#;
    let stub = Stub::start(move |_| Reply::With(200, "application/sparql-results+json", broken.into()));
    fails_with(&stub, &["query", "--format", "csv", "SELECT ?s WHERE { ?s ?p ?o }"], &["the answer of the endpoint URL does not parse", "SPARQL 1.1 Protocol endpoint"]);
    let stub = Stub::start(|_| Reply::With(200, "application/n-triples", "<urn:a> <urn:b> <urn:c> .\n<urn:a> nonsense .\n".into()));
    fails_with(&stub, &["query", "--format", "ntriples", "CONSTRUCT WHERE { ?s ?p ?o }"], &["the answer of the endpoint URL does not parse"]);
}

#[test]
fn an_answer_in_a_format_nkkg_cannot_read_is_named_with_exit_status_3() {
    let stub = Stub::start(|_| Reply::With(200, "text/html", "<html><body>Welcome</body></html>".into()));
    fails_with(&stub, &["query", "SELECT ?s WHERE { ?s ?p ?o }"], &["the endpoint URL answered in a format nkkg cannot read ('text/html')"]);
    fails_with(&stub, &["query", "CONSTRUCT WHERE { ?s ?p ?o }"], &["answered in a format nkkg cannot read"]);
}

#[test]
fn an_answer_that_stops_midway_times_out_with_exit_status_3() {
    let stub = Stub::start(|_| Reply::Stall("application/sparql-results+json", r#"{"head":{"vars":["s"]},"results":{"bindings":["#.into()));
    let started = Instant::now();
    fails_with(
        &stub,
        &["--endpoint-timeout", "1", "query", "--format", "csv", "SELECT ?s WHERE { ?s ?p ?o }"],
        &["the endpoint URL stopped sending its answer for 1 s (--endpoint-timeout)"],
    );
    assert!(started.elapsed() < Duration::from_secs(20), "the timeout was not applied");
}

/// The first error met while reading every triple of a CONSTRUCT sent to the stub, with
/// answers limited to `max_answer` bytes, and how long the reading took.
fn construct_error(stub: &Stub, max_answer: u64) -> (String, Duration) {
    let remote = Remote::new(EndpointOptions { max_answer, ..EndpointOptions::new(format!("{}/sparql", stub.url)) });
    let started = Instant::now();
    let QueryResults::Graph(triples) = remote.query("CONSTRUCT WHERE { ?s ?p ?o }", true).unwrap() else { panic!("a graph answer") };
    let error = triples.filter_map(Result::err).next().map(|e| e.to_string());
    (error.expect("the answer is refused"), started.elapsed())
}

#[test]
fn an_answer_larger_than_the_limit_is_refused() {
    let body: String = (0..4000).map(|i| format!("<urn:s{i}> <urn:p> \"{i}\" .\n")).collect();
    assert!(body.len() > 64 << 10);
    let stub = Stub::start(move |_| Reply::With(200, "application/n-triples", body.clone()));
    let (error, _) = construct_error(&stub, 64 << 10);
    assert!(error.starts_with(&format!("the endpoint {}/sparql sent an answer larger than 64 KiB", stub.url)), "{error}");
    assert!(error.contains("ask for less"), "{error}");
    // Within the limit, the same answer is read whole.
    let remote = Remote::new(EndpointOptions { max_answer: 1 << 20, ..EndpointOptions::new(format!("{}/sparql", stub.url)) });
    let QueryResults::Graph(triples) = remote.query("CONSTRUCT WHERE { ?s ?p ?o }", true).unwrap() else { panic!("a graph answer") };
    assert_eq!(triples.map(Result::unwrap).count(), 4000);
}

#[test]
fn an_endless_chunked_answer_ends_at_the_limit() {
    let stub = Stub::start(|_| Reply::Endless("application/n-triples", "<urn:a> <urn:b> <urn:c> .\n"));
    let (error, took) = construct_error(&stub, 4 << 20);
    assert!(error.contains("sent an answer larger than 4 MiB"), "{error}");
    assert!(took < Duration::from_secs(60), "reading stopped only after {took:?}");
}
