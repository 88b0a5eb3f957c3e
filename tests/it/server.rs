//! Integration tests of `nkkg serve`: the server runs as a child process on an ephemeral
//! port; every route, format and error code is exercised over HTTP.

use std::io::{Read, Write};
use std::net::TcpStream;

use oxigraph::io::{RdfFormat, RdfParser};

use crate::common::Server;
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsParser, ReaderQueryResultsParserOutput};

struct Reply {
    status: u16,
    content_type: String,
    vary: String,
    allow_origin: String,
    body: String,
}

fn send(method: &str, url: &str, headers: &[(&str, &str)], body: Option<&[u8]>) -> Reply {
    let mut request = ureq::request(method, url);
    for (k, v) in headers {
        request = request.set(k, v);
    }
    let result = match body {
        Some(b) => request.send_bytes(b),
        None => request.call(),
    };
    let response = match result {
        Ok(r) => r,
        Err(ureq::Error::Status(_, r)) => r,
        Err(e) => panic!("{method} {url}: {e}"),
    };
    Reply {
        status: response.status(),
        content_type: response.header("content-type").unwrap_or("").to_owned(),
        vary: response.header("vary").unwrap_or("").to_owned(),
        allow_origin: response.header("access-control-allow-origin").unwrap_or("").to_owned(),
        body: response.into_string().unwrap(),
    }
}

fn get(url: &str, accept: &str) -> Reply {
    send("GET", url, &[("Accept", accept)], None)
}

fn enc(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

const COUNT_CLASSES: &str = "SELECT ?c WHERE { ?c a owl:Class FILTER(STRSTARTS(STR(?c), STR(nk:))) } ORDER BY ?c";

fn solutions(format: QueryResultsFormat, body: &str) -> Vec<String> {
    let ReaderQueryResultsParserOutput::Solutions(s) = QueryResultsParser::from_format(format).for_reader(body.as_bytes()).unwrap() else {
        panic!("not solutions")
    };
    s.map(|r| r.unwrap().get("c").unwrap().to_string()).collect()
}

#[test]
fn query_operation_in_every_results_format_and_method() {
    let server = Server::start(&[]);
    let url = server.url(&format!("/sparql?query={}", enc(COUNT_CLASSES)));
    let json = get(&url, "application/sparql-results+json");
    assert_eq!(json.status, 200);
    assert_eq!(json.content_type, "application/sparql-results+json; charset=utf-8");
    assert_eq!(json.vary, "Accept");
    let expected = solutions(QueryResultsFormat::Json, &json.body);
    assert!(expected.contains(&"<https://w3id.org/nkkg/ontology#Support>".to_owned()));
    let xml = get(&url, "application/sparql-results+xml");
    assert_eq!(solutions(QueryResultsFormat::Xml, &xml.body), expected);
    let tsv = get(&url, "text/tab-separated-values");
    assert_eq!(solutions(QueryResultsFormat::Tsv, &tsv.body), expected);
    let csv = get(&url, "text/csv");
    assert!(csv.content_type.starts_with("text/csv"));
    assert_eq!(csv.body.lines().count(), expected.len() + 1);
    let by_param = get(&format!("{url}&format=xml"), "application/sparql-results+json");
    assert_eq!(solutions(QueryResultsFormat::Xml, &by_param.body), expected);
    // POST, form-encoded and direct.
    let form = send("POST", &server.url("/sparql"), &[("Content-Type", "application/x-www-form-urlencoded")], Some(format!("query={}", enc(COUNT_CLASSES)).as_bytes()));
    assert_eq!(solutions(QueryResultsFormat::Json, &form.body), expected);
    let direct = send("POST", &server.url("/sparql"), &[("Content-Type", "application/sparql-query"), ("Accept", "text/tab-separated-values")], Some(COUNT_CLASSES.as_bytes()));
    assert_eq!(solutions(QueryResultsFormat::Tsv, &direct.body), expected);
    let ask = get(&server.url(&format!("/sparql?query={}", enc("ASK { nk:Support a owl:Class }"))), "application/sparql-results+json");
    assert_eq!(ask.body.trim(), "{\"head\":{},\"boolean\":true}");
}

#[test]
fn graph_results_in_every_rdf_format() {
    let server = Server::start(&[]);
    let q = "CONSTRUCT { nk:Support ?p ?o } WHERE { nk:Support ?p ?o }";
    for (media, format) in [
        ("text/turtle", RdfFormat::Turtle),
        ("application/n-triples", RdfFormat::NTriples),
        ("application/n-quads", RdfFormat::NQuads),
        ("application/trig", RdfFormat::TriG),
        ("application/rdf+xml", RdfFormat::RdfXml),
        ("application/ld+json", RdfFormat::JsonLd { profile: oxigraph::io::JsonLdProfileSet::empty() }),
    ] {
        let r = get(&server.url(&format!("/sparql?query={}", enc(q))), media);
        assert_eq!(r.status, 200, "{media}");
        assert!(r.content_type.starts_with(media), "{media}: {}", r.content_type);
        let n = RdfParser::from_format(format).for_slice(r.body.as_bytes()).map(|q| q.unwrap()).count();
        assert!(n >= 4, "{media}: {n} triples");
    }
}

#[test]
fn error_codes() {
    let server = Server::start(&["--max-body", "2000"]);
    let bad = get(&server.url(&format!("/sparql?query={}", enc("SELECT ?s\nWHERE { ?s ?p }"))), "*/*");
    assert_eq!(bad.status, 400);
    assert!(bad.body.contains("line 2, column 15"), "{}", bad.body);
    assert!(bad.body.contains('^'));
    assert_eq!(get(&server.url("/sparql"), "application/json").status, 400);
    assert_eq!(send("PUT", &server.url("/sparql"), &[], Some(b"x")).status, 405);
    assert_eq!(send("DELETE", &server.url("/store?default"), &[], None).status, 405);
    assert_eq!(get(&server.url(&format!("/sparql?query={}", enc(COUNT_CLASSES))), "image/png").status, 406);
    assert_eq!(get(&server.url(&format!("/sparql?query={}", enc(COUNT_CLASSES))), "text/turtle").status, 406);
    let unsupported = send("POST", &server.url("/sparql"), &[("Content-Type", "text/plain")], Some(b"ASK {}"));
    assert_eq!(unsupported.status, 415);
    let big = format!("ASK {{ {} }}", "?s ?p ?o . ".repeat(400));
    let too_large = send("POST", &server.url("/sparql"), &[("Content-Type", "application/sparql-query")], Some(big.as_bytes()));
    assert_eq!(too_large.status, 413);
    assert_eq!(get(&server.url("/id/NoSuchThing"), "text/html").status, 404);
    assert_eq!(get(&server.url("/health"), "*/*").body, "ok\n");
}

#[test]
fn overload_and_timeout_answer_503() {
    let server = Server::start(&["--max-concurrent", "1", "--max-queued", "1", "--timeout", "2"]);
    // Counted: nothing is written before the end, so the deadline answers 503; the product
    // reads the store often enough for the cancellation to stop it at once.
    let slow = server.url(&format!("/sparql?query={}", enc("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }")));
    let handle = std::thread::spawn(move || get(&slow, "application/sparql-results+json"));
    std::thread::sleep(std::time::Duration::from_millis(500));
    let busy = get(&server.url(&format!("/sparql?query={}", enc("ASK {}"))), "application/sparql-results+json");
    assert_eq!(busy.status, 503);
    assert!(busy.body.contains("busy"));
    let timed_out = handle.join().unwrap();
    assert_eq!(timed_out.status, 503);
    assert!(timed_out.body.contains("stopped after 2 s"), "{}", timed_out.body);
    // The slots are free again once the cancelled evaluation has stopped (a job keeps its
    // slot until then: see limits::a_runaway_keeps_its_slot_until_it_stops).
    let ask = server.url(&format!("/sparql?query={}", enc("ASK {}")));
    let freed = (0..20).any(|_| {
        std::thread::sleep(std::time::Duration::from_millis(250));
        get(&ask, "application/sparql-results+json").status == 200
    });
    assert!(freed, "the slot was not freed within 5 s of the deadline");
}

#[test]
fn updates_need_the_flag_the_store_and_the_token() {
    let off = Server::start(&[]);
    let r = send("POST", &off.url("/update"), &[("Content-Type", "application/sparql-update")], Some(b"INSERT DATA { nke:x rdfs:label \"x\" }"));
    assert_eq!(r.status, 403);

    let dir = tempfile::tempdir().unwrap();
    let token_file = dir.path().join("token");
    std::fs::write(&token_file, "s3cret-token-0123456789\n").unwrap();
    let store = dir.path().join("store");
    let server = Server::start(&["--store", store.to_str().unwrap(), "--allow-update", "--token-file", token_file.to_str().unwrap()]);
    let update = b"INSERT DATA { GRAPH nkg:notes { nke:Note1 rdfs:label \"a note\" } }";
    let check = || get(&server.url(&format!("/sparql?query={}", enc("ASK { nke:Note1 rdfs:label \"a note\" }"))), "application/sparql-results+json").body;
    let none = send("POST", &server.url("/update"), &[("Content-Type", "application/sparql-update")], Some(update));
    assert_eq!(none.status, 401);
    let wrong = send("POST", &server.url("/update"), &[("Content-Type", "application/sparql-update"), ("Authorization", "Bearer nope")], Some(update));
    assert_eq!(wrong.status, 401);
    assert!(check().contains("false"), "no change without a valid token");
    let good = send("POST", &server.url("/update"), &[("Content-Type", "application/sparql-update"), ("Authorization", "Bearer s3cret-token-0123456789")], Some(update));
    assert_eq!(good.status, 204);
    assert!(check().contains("true"));
    let bad = send("POST", &server.url("/update"), &[("Content-Type", "application/sparql-update"), ("Authorization", "Bearer s3cret-token-0123456789")], Some(b"INSERT DATA { nke:x }"));
    assert_eq!(bad.status, 400);
}

#[test]
fn graph_store_read_side() {
    let server = Server::start(&[]);
    let g = enc("https://w3id.org/nkkg/graph/ontology/vocabularies.ttl");
    let r = get(&server.url(&format!("/store?graph={g}")), "application/n-triples");
    assert_eq!(r.status, 200);
    let n = RdfParser::from_format(RdfFormat::NTriples).for_slice(r.body.as_bytes()).count();
    assert!(n > 300, "{n}");
    let all = get(&server.url("/store?default"), "text/turtle");
    assert_eq!(all.status, 200);
    assert!(all.body.starts_with("@prefix nk:"));
    assert_eq!(get(&server.url(&format!("/store?graph={}", enc("http://example.com/none"))), "text/turtle").status, 404);
    assert_eq!(get(&server.url("/store"), "text/turtle").status, 400);
}

#[test]
fn linked_data_pages_negotiate_html_and_rdf() {
    let corpus = crate::common::corpus("showing span texts on pages").is_some();
    let server = Server::start(&["--sources", "../shared/seeds"].iter().copied().filter(|_| corpus).collect::<Vec<_>>());
    let html = get(&server.url("/id/doc003"), "text/html");
    assert_eq!(html.status, 200);
    assert!(html.content_type.starts_with("text/html"));
    assert_eq!(html.vary, "Accept");
    assert!(html.body.contains("<h1>Nagorno-Karabakh conflict (encyclopedia article)</h1>"), "{}", html.body);
    let ttl = get(&server.url("/id/doc003"), "text/turtle");
    assert!(ttl.content_type.starts_with("text/turtle"));
    assert!(ttl.body.contains("nk:fileName \"003_ef162de637b020a1.txt\""), "{}", ttl.body);
    let jsonld = get(&server.url("/id/doc003?format=jsonld"), "text/html");
    assert!(jsonld.content_type.starts_with("application/ld+json"));
    let nt = get(&server.url("/id/doc003"), "application/n-triples");
    assert!(nt.body.contains("<https://w3id.org/nkkg/id/doc003> <https://w3id.org/nkkg/ontology#charLength> \"107897\"^^<http://www.w3.org/2001/XMLSchema#integer> ."));
    let israel = get(&server.url("/id/Israel"), "text/html");
    assert!(israel.body.contains("<h1>Israel</h1>") && israel.body.contains("Supplies sent (3)"), "{}", israel.body);
    assert!(israel.body.contains("<a href=\"/id/Azerbaijan\">Azerbaijan</a>"));
    if corpus {
        // With --sources the evidence span's text is shown under its citation.
        assert!(israel.body.contains("<span class=\"cite\">doc003 90969–91085</span><blockquote class=\"span\">"), "{}", israel.body);
        assert!(israel.body.contains("Stinger"));
    }
    let onto = get(&server.url("/ontology"), "text/html");
    assert!(onto.body.contains("Support relation") && onto.body.contains("<code>nk:supporter</code>"));
    let onto_ttl = get(&server.url("/ontology"), "text/turtle");
    assert!(onto_ttl.body.contains("nk:Support\n    a owl:Class ;"));
}

#[test]
fn ui_assets_apis_cors_and_gzip() {
    let server = Server::start(&[]);
    let index = get(&server.url("/"), "text/html");
    assert!(index.body.contains("<div id=\"yasgui\"></div>") && index.body.contains("<script src=\"/assets/vendor/yasgui/yasgui.min.js\">"));
    assert!(get(&server.url("/assets/app.js"), "*/*").content_type.starts_with("text/javascript"));
    assert!(get(&server.url("/assets/style.css"), "*/*").content_type.starts_with("text/css"));
    let queries: serde_json::Value = serde_json::from_str(&get(&server.url("/api/queries"), "application/json").body).unwrap();
    let names: Vec<&str> = queries.as_array().unwrap().iter().map(|q| q["name"].as_str().unwrap()).collect();
    assert!(names.contains(&"who-supported-whom") && names.contains(&"support-for"));
    let search = get(&server.url("/api/search?q=minsk"), "application/json");
    assert!(search.body.contains("\"link\":\"/id/OSCEMinskGroup\""), "{}", search.body);
    let svg = get(&server.url("/network.svg"), "image/svg+xml");
    assert!(svg.content_type.starts_with("image/svg+xml") && svg.body.starts_with("<svg"));
    assert!(get(&server.url("/network"), "text/html").body.contains("/network.svg"));
    let preflight = send("OPTIONS", &server.url("/sparql"), &[("Origin", "http://example.com"), ("Access-Control-Request-Method", "POST")], None);
    assert!(preflight.status == 200 || preflight.status == 204);
    assert_eq!(preflight.allow_origin, "*");
    let cors = send("GET", &server.url("/health"), &[("Origin", "http://example.com")], None);
    assert_eq!(cors.status, 200);
    assert_eq!(cors.allow_origin, "*");
    // gzip: read the raw response so the client does not undo the encoding.
    let addr = server.address.to_string();
    let mut stream = TcpStream::connect(&addr).unwrap();
    write!(stream, "GET /store?default HTTP/1.1\r\nHost: {addr}\r\nAccept: text/turtle\r\nAccept-Encoding: gzip\r\nConnection: close\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let head = String::from_utf8_lossy(&raw[..raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap()]).to_ascii_lowercase();
    assert!(head.contains("content-encoding: gzip"), "{head}");
}

// ---------------------------------------------------------------------------------------
// Entity pages for every kind of entity (issue 17): an event's page shows the same facts
// as `nkkg describe`.
// ---------------------------------------------------------------------------------------

#[test]
fn an_event_page_shows_dates_outcome_participants_and_evidence() {
    let seeds = crate::common::corpus("showing span texts on pages");
    let server = Server::start(&["--sources", "../shared/seeds"].iter().copied().filter(|_| seeds.is_some()).collect::<Vec<_>>());
    let page = get(&server.url("/id/OperationRing"), "text/html");
    assert_eq!(page.status, 200);
    let b = &page.body;
    for expected in [
        "<h1>Operation Ring</h1>",
        "<p><strong>Event types:</strong> displacement, offensive</p>",
        "<p><strong>When:</strong> 1991-04/1991</p>",
        "<p><strong>Outcome:</strong> Joint Soviet-Azerbaijani military and police operation, run from Moscow, that emptied a number of Armenian villages and aimed to break Armenian resistance.</p>",
        "<p><strong>Part of:</strong> <a href=\"/id/FirstNagornoKarabakhWar\">First Nagorno-Karabakh War</a>, <a href=\"/id/NagornoKarabakhConflict\">Nagorno-Karabakh conflict</a>, <a href=\"/id/PostSovietConflicts\">Post-Soviet conflicts</a></p>",
        "<p><strong>Places:</strong> <a href=\"/id/NagornoKarabakh\">Nagorno-Karabakh</a>, <a href=\"/id/ShahumyanDistrict\">Shahumyan District</a></p>",
        "<h2>Participants (9)</h2>",
        "<tr><td>attacker</td><td><a href=\"/id/SovietFourthArmy\">4th Army (Soviet Union)</a>, <a href=\"/id/Azerbaijan\">Azerbaijan</a>, <a href=\"/id/AzerbaijaniOMON\">Azerbaijani OMON</a>, <a href=\"/id/SovietArmedForces\">Soviet Armed Forces</a>, <a href=\"/id/SovietUnion\">Soviet Union</a></td></tr>",
        "<tr><td>defender</td><td><a href=\"/id/ArmenianParamilitaries\">Armenian paramilitary forces</a></td></tr>",
        "<tr><td>leader</td><td><a href=\"/id/AyazMutalibov\">Ayaz Mutallibov</a></td></tr>",
        "<tr><td>participant</td><td><a href=\"/id/MikhailGorbachev\">Mikhail Gorbachev</a></td></tr>",
        "<tr><td>victim</td><td><a href=\"/id/KarabakhArmenians\">Karabakh Armenians</a></td></tr>",
        "<h2>Evidence (5)</h2>",
    ] {
        assert!(b.contains(expected), "missing {expected}\nin {b}");
    }
    let cites = ["doc000 20972–21675", "doc000 21677–22208", "doc003 68673–69062", "doc003 69063–69233", "doc003 69234–69359"];
    for cite in cites {
        assert!(b.contains(&format!("<li><span class=\"cite\">{cite}</span>")), "missing {cite}\nin {b}");
    }
    if let Some(seeds) = &seeds {
        // With --sources each span's text follows its citation; read it from the corpus here.
        let ttl = get(&server.url("/id/doc000"), "text/turtle").body;
        let file = ttl.split("nk:fileName \"").nth(1).and_then(|r| r.split('"').next()).expect("doc000 has a file name");
        let text = std::fs::read_to_string(seeds.join(file)).unwrap();
        let span: String = text.chars().skip(20972).take(21675 - 20972).collect();
        let escaped = span.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;");
        assert!(b.contains(&format!("<span class=\"cite\">doc000 20972–21675</span><blockquote class=\"span\">{escaped}</blockquote>")), "{b}");
    }
    // The same page's data: the event's participations and evidence as Turtle.
    let ttl = get(&server.url("/id/OperationRing"), "text/turtle").body;
    let triples: Vec<_> = RdfParser::from_format(RdfFormat::Turtle).for_slice(ttl.as_bytes()).map(|t| t.unwrap()).collect();
    assert_eq!(triples.iter().filter(|t| t.predicate.as_str() == "https://w3id.org/nkkg/ontology#participant").count(), 9);
    assert_eq!(triples.iter().filter(|t| t.predicate.as_str() == "https://w3id.org/nkkg/ontology#evidence").count(), 5);
}

/// Every entity page shows the sections and head fields of the same entity's `describe`
/// (the golden files of tests/expected, checked by hand against data/): an event, a place, a
/// person, an organisation and a contested figure.
#[test]
fn entity_pages_show_the_fields_of_describe_for_every_kind() {
    let server = Server::start(&[]);
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/expected");
    for (path, golden) in [
        ("/id/OperationRing", "describe-operation-ring.txt"),
        ("/id/Agdam", "describe-agdam.txt"),
        ("/id/AdilBaguirov", "describe-adil-baguirov.txt"),
        ("/id/OSCEMinskGroup", "describe-osce-minsk-group.txt"),
        ("/id/q-Killed-Azerbaijanis-KhojalyMassacre", "describe-khojaly-deaths.txt"),
    ] {
        let text = std::fs::read_to_string(root.join(golden)).unwrap();
        let page = get(&server.url(path), "text/html");
        assert_eq!(page.status, 200, "{path}");
        let mut checked = 0;
        for line in text.lines() {
            // Section titles: "Participants (9)" → <h2>Participants (9)</h2>.
            let is_title = line.rsplit_once(" (").is_some_and(|(_, n)| n.trim_end_matches(')').parse::<usize>().is_ok());
            if is_title && line.chars().next().is_some_and(char::is_uppercase) {
                assert!(page.body.contains(&format!("<h2>{line}</h2>")), "{path}: no section {line:?}");
                checked += 1;
            }
            // Head fields: "  part of: …" → <strong>Part of:</strong>.
            if let Some((field, _)) = line.strip_prefix("  ").and_then(|l| l.split_once(": ")).filter(|(f, _)| f.chars().all(|c| c.is_ascii_lowercase() || c == ' ')) {
                if text.lines().take_while(|l| !l.is_empty()).any(|l| l == line) {
                    let title = format!("{}{}", field[..1].to_uppercase(), &field[1..]);
                    assert!(page.body.contains(&format!("<strong>{title}:</strong>")), "{path}: no field {title:?}");
                    checked += 1;
                }
            }
        }
        assert!(checked >= 3, "{path}: only {checked} fields checked");
    }
}
