//! The remote backend (`--endpoint`, src/remote.rs): errors a user can act on when the
//! endpoint is down, refuses the credentials or does not answer in time, the flags, the
//! Graph Store Protocol load, all against a tiny in-test HTTP stub. The parity test against
//! a real Virtuoso is in `remote_virtuoso.rs`.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

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
    let url = format!("{}/sparql", stub.url);
    let output = nkkg(&["--endpoint", &url, "describe", "nke:Turkey"]);
    assert_eq!(output.status.code(), Some(3), "{}", stderr(&output));
    let error = stderr(&output);
    assert!(error.contains(&format!("the endpoint {url} answered 401")) && error.contains("--credentials"), "{error}");
}

#[test]
fn an_endpoint_that_does_not_answer_times_out() {
    let stub = Stub::start(|_| Reply::Silence);
    let started = Instant::now();
    let output = nkkg(&["--endpoint", &format!("{}/sparql", stub.url), "--endpoint-timeout", "1", "query", "ASK {}"]);
    assert!(started.elapsed() < Duration::from_secs(20), "the timeout was not applied");
    assert_eq!(output.status.code(), Some(3), "{}", stderr(&output));
    assert!(stderr(&output).contains("did not answer within 1 s (--endpoint-timeout)"), "{}", stderr(&output));
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
