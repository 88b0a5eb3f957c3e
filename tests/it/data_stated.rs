//! Parties as stated and as resolved (issue 14; `nk:supporterAsStated`, `nk:supplierAsStated`,
//! `nk:recipientAsStated` and their `…Resolution` in `ontology/nkkg.ttl`, the rules in
//! `data/CURATION.md`): every Support and Supply names each party with words of its first
//! span, checked against the corpus, and says how sure the actor it was resolved to is;
//! `who-supported-whom` and `supplies` show both.

use std::collections::{BTreeSet, HashMap};

use nkkg::query::select;
use nkkg::table::cell;
use oxigraph::model::Term;

use crate::common::{bundled as store, query_rows as rows, set};
use crate::data::normalize;

/// Every party of every relation: (relation, role, actor, stated words, resolution).
const PARTIES: &str = "SELECT ?x ?role ?actor ?stated ?resolution WHERE {
    { ?x a nk:Support ; nk:supporter ?actor BIND(\"supporter\" AS ?role)
      OPTIONAL { ?x nk:supporterAsStated ?stated } OPTIONAL { ?x nk:supporterResolution ?resolution } }
    UNION { ?x a nk:Support ; nk:recipient ?actor BIND(\"recipient\" AS ?role)
      OPTIONAL { ?x nk:recipientAsStated ?stated } OPTIONAL { ?x nk:recipientResolution ?resolution } }
    UNION { ?x a nk:Supply ; nk:supplier ?actor BIND(\"supplier\" AS ?role)
      OPTIONAL { ?x nk:supplierAsStated ?stated } OPTIONAL { ?x nk:supplierResolution ?resolution } }
    UNION { ?x a nk:Supply ; nk:recipient ?actor BIND(\"recipient\" AS ?role)
      OPTIONAL { ?x nk:recipientAsStated ?stated } OPTIONAL { ?x nk:recipientResolution ?resolution } } }";

#[test]
fn every_party_is_stated_in_the_first_span_as_a_whole_word_and_as_named_means_a_name_of_the_actor() {
    let Some(seeds) = crate::common::corpus("the stated-party checks") else { return };
    let store = store();
    let mut texts = HashMap::new();
    for d in select(&store, "SELECT ?d ?f WHERE { ?d a nk:SourceDocument ; nk:fileName ?f }", &[]).unwrap() {
        let Some(Term::NamedNode(doc)) = d.get("d") else { panic!("a document is an IRI") };
        let text = std::fs::read_to_string(seeds.join(cell(d.get("f")))).unwrap();
        texts.insert(doc.as_str().to_owned(), text.chars().collect::<Vec<char>>());
    }
    // The first span of each relation: the lowest document IRI, then the lowest start.
    let mut first: HashMap<String, (String, usize, usize)> = HashMap::new();
    let spans = "SELECT ?x ?doc ?start ?end WHERE { { ?x a nk:Support } UNION { ?x a nk:Supply }
        ?x nk:evidence [ oa:hasSource ?doc ; oa:hasSelector [ oa:start ?start ; oa:end ?end ] ] }";
    for s in select(&store, spans, &[]).unwrap() {
        let Some(Term::NamedNode(doc)) = s.get("doc") else { panic!("a source is an IRI") };
        let (Some(Term::Literal(a)), Some(Term::Literal(b))) = (s.get("start"), s.get("end")) else { panic!() };
        let key = (doc.as_str().to_owned(), a.value().parse().unwrap(), b.value().parse().unwrap());
        let entry = first.entry(cell(s.get("x"))).or_insert_with(|| key.clone());
        if key < *entry {
            *entry = key;
        }
    }
    let mut names: HashMap<String, BTreeSet<String>> = HashMap::new();
    for n in select(&store, "SELECT ?e ?n WHERE { ?e rdfs:label|skos:altLabel ?n }", &[]).unwrap() {
        names.entry(cell(n.get("e"))).or_default().insert(normalize(&cell(n.get("n"))));
    }
    let parties = select(&store, PARTIES, &[]).unwrap();
    assert!(parties.len() > 800, "{} parties", parties.len());
    let mut stated_of: HashMap<String, Vec<String>> = HashMap::new();
    for p in &parties {
        if let Some(stated) = p.get("stated") {
            stated_of.entry(cell(p.get("x"))).or_default().push(normalize(&cell(Some(stated))));
        }
    }
    let mut failures = Vec::new();
    for p in &parties {
        let (x, role, actor) = (cell(p.get("x")), cell(p.get("role")), cell(p.get("actor")));
        let (Some(stated), Some(resolution)) = (p.get("stated"), p.get("resolution")) else {
            failures.push(format!("{x}: the {role} {actor} is not stated and resolved"));
            continue;
        };
        let stated = normalize(&cell(Some(stated)));
        let (doc, a, b) = &first[&x];
        let text = normalize(&texts[doc][*a..*b].iter().collect::<String>());
        let mine = word_ranges(&text, &stated);
        if mine.is_empty() {
            failures.push(format!("{x}: the {role} as stated, {stated:?}, is not a whole word of the span {doc} {a}-{b}"));
        }
        // Not only inside the other party's words ("Armenia" in "... Liberation of Armenia").
        for other in stated_of[&x].iter().filter(|o| o.len() > stated.len()) {
            let theirs = word_ranges(&text, other);
            if !mine.is_empty() && mine.iter().all(|m| theirs.iter().any(|t| t.start <= m.start && m.end <= t.end)) {
                failures.push(format!("{x}: the {role} as stated, {stated:?}, is only inside the other party's {other:?}"));
            }
        }
        // As named: the words are a name of the actor, a leading "the" aside ("the United States").
        let bare = stated.strip_prefix("the ").unwrap_or(&stated);
        if cell(Some(resolution)) == "nkv:AsNamed" && !names.get(&actor).is_some_and(|ns| ns.contains(bare) || ns.contains(&format!("the {bare}"))) {
            failures.push(format!("{x}: the {role} as stated, {stated:?}, is resolved as named but is no name of {actor}"));
        }
    }
    assert!(failures.is_empty(), "{} parties are not stated right:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn the_armenian_side_is_stated_as_such_and_inferred_to_be_armenia() {
    let store = store();
    // doc003: de Waal, that Russia "has more supported the Armenian side".
    let russia: BTreeSet<String> = rows(&store, "who-supported-whom", &[])
        .into_iter()
        .filter(|r| r["supporter"] == "nke:Russia" && r["kindLabel"] == "political stance" && r["period"].is_empty())
        .map(|r| {
            let party = |role: &str| format!("{} ({}, {})", r[&format!("{role}AsStated")], r[&format!("{role}Label")], r[&format!("{role}Resolution")]);
            format!("{} > {}", party("supporter"), party("recipient"))
        })
        .collect();
    assert!(
        russia.contains("Russia (Russia, as named) > the Armenian side (Armenia, inferred)"),
        "{russia:?}"
    );
    // A side is never taken for a named actor: wherever the words are "the Armenian side",
    // whichever actor they were resolved to, the resolution says it was read from context.
    let sides: BTreeSet<String> = select(&store, PARTIES, &[])
        .unwrap()
        .iter()
        .filter(|p| p.get("stated").is_some_and(|s| cell(Some(s)).eq_ignore_ascii_case("the Armenian side")))
        .map(|p| cell(p.get("resolution")))
        .collect();
    assert!(sides.contains("nkv:Inferred") && sides.iter().all(|r| r == "nkv:Inferred" || r == "nkv:Uncertain"), "{sides:?}");
}

#[test]
fn moscow_lending_to_the_armenian_government_is_a_metonym_for_both_states() {
    let store = store();
    // doc003: in 2015 Moscow lent the Armenian government $200 million for arms.
    let loan: Vec<String> = rows(&store, "supplies", &[])
        .into_iter()
        .filter(|r| r["supplier"] == "nke:Russia" && r["recipient"] == "nke:Armenia" && r["date"] == "2015")
        .map(|r| {
            format!(
                "{}|{}|{}|{}|{}",
                r["supplierAsStated"], r["supplierResolution"], r["recipientAsStated"], r["recipientResolution"], r["category"]
            )
        })
        .collect();
    assert_eq!(loan, ["Moscow|metonym|the Armenian government|metonym|money"]);
}

#[test]
fn resolutions_come_from_the_scheme_and_every_kind_is_used() {
    let store = store();
    let used: BTreeSet<String> = select(&store, PARTIES, &[]).unwrap().iter().map(|p| cell(p.get("resolution"))).collect();
    assert_eq!(used, set(["nkv:AsNamed", "nkv:Inferred", "nkv:Metonym", "nkv:Uncertain"]));
}

/// The byte ranges where `needle` occurs in `haystack` as a whole word (as in
/// `crate::data::contains_word`: no letter or digit right before or after it).
fn word_ranges(haystack: &str, needle: &str) -> Vec<std::ops::Range<usize>> {
    if needle.is_empty() {
        return Vec::new();
    }
    haystack
        .match_indices(needle)
        .map(|(i, _)| i..i + needle.len())
        .filter(|r| {
            !haystack[..r.start].chars().next_back().is_some_and(char::is_alphanumeric)
                && !haystack[r.end..].chars().next().is_some_and(char::is_alphanumeric)
        })
        .collect()
}
