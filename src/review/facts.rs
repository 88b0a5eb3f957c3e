//! The fact an accepted (or edited) candidate becomes, in the reviewed graph: an
//! `nk:Support` (supporter, recipient, supportType, polarity) or an `nk:Supply` (supplier,
//! recipient, itemCategory, status) as `ontology/shapes.ttl` requires, with the evidence
//! span, the parties as stated and their resolution (`ontology/nkkg.ttl`, end), and its
//! provenance (W3C PROV-O): `prov:wasDerivedFrom` the candidate, `prov:wasAttributedTo` the
//! reviewer, `prov:generatedAtTime`. The source document's description (file name,
//! SHA-256, length) is copied into the reviewed graph so that its export stands alone.

use std::time::{SystemTime, UNIX_EPOCH};

use oxigraph::model::{
    BlankNode, GraphNameRef, Literal, NamedNode, NamedNodeRef, Quad, QuadRef, Term, TermRef,
};
use sha2::{Digest, Sha256};

use super::decisions::PROV;
use super::pending::{self, Kind, Party, Pending};
use super::{nk, nkv, quad, reviewed_graph, string, Decision, ReviewError, Verdict};
use crate::prefixes::{shorten, NKE};
use crate::query::select;
use crate::store::GraphStore;

const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
const RDFS_LABEL: &str = "http://www.w3.org/2000/01/rdf-schema#label";
const OA: &str = "http://www.w3.org/ns/oa#";
const XSD_DATE_TIME: &str = "http://www.w3.org/2001/XMLSchema#dateTime";

/// The current time as an `xsd:dateTime` literal in UTC, to the second.
pub fn now() -> Literal {
    let seconds = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs()) as i64;
    let (days, rest) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
    // days since 1970-01-01 to a civil date (H. Hinnant's algorithm)
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let text = format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    );
    Literal::new_typed_literal(text, NamedNode::new_unchecked(XSD_DATE_TIME))
}

/// The IRI of a reviewer: `nke:reviewer-<name>` when the name is letters, digits, `-` and
/// `_`, else the name made so, followed by the start of its SHA-256 (so names differing
/// only in other characters stay apart).
pub fn reviewer_iri(name: &str) -> NamedNode {
    let name = name.trim();
    let slug: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if slug == name {
        NamedNode::new_unchecked(format!("{NKE}reviewer-{slug}"))
    } else {
        let hash = format!("{:x}", Sha256::digest(name.as_bytes()));
        NamedNode::new_unchecked(format!("{NKE}reviewer-{slug}-{}", &hash[..8]))
    }
}

/// What an acceptance or edit will write: the fact's terms, checked.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The fact's IRI: `<candidate>-fact`.
    pub fact: NamedNode,
    /// Support or supply (an edited type may change it).
    pub kind: Kind,
    /// The supporter or supplier, and how the sentence names it.
    pub giver: Party,
    /// The recipient, and how the sentence names it.
    pub receiver: Party,
    /// The support type or item category.
    pub concept: NamedNode,
    /// The polarity or supply status.
    pub polarity: NamedNode,
    /// Proposed entities that are accepted with the fact.
    pub entities_to_accept: Vec<NamedNode>,
}

const SUPPORT_POLARITIES: &[&str] = &["Given", "Declined", "Denied", "Alleged"];
const SUPPLY_STATUSES: &[&str] = &[
    "Delivered",
    "Ordered",
    "Alleged",
    "Denied",
    "CutOff",
    "Captured",
];

fn ask(store: &GraphStore, sparql: &str) -> anyhow::Result<bool> {
    match crate::query::execute(store, sparql, &[], None)? {
        oxigraph::sparql::QueryResults::Boolean(b) => Ok(b),
        _ => anyhow::bail!("expected an ASK query"),
    }
}

/// The kind a type makes: support for a concept of nkv:SupportTypes, supply for one of
/// nkv:ItemCategories.
fn kind_of(store: &GraphStore, concept: &NamedNode) -> Result<Kind, ReviewError> {
    if ask(
        store,
        &format!("ASK {{ {concept} skos:inScheme nkv:SupportTypes }}"),
    )? {
        Ok(Kind::Support)
    } else if ask(
        store,
        &format!("ASK {{ {concept} skos:inScheme nkv:ItemCategories }}"),
    )? {
        Ok(Kind::Supply)
    } else {
        Err(ReviewError::Invalid(format!(
            "{} is not a concept of nkv:SupportTypes or nkv:ItemCategories; pick a type from those schemes (e.g. nkv:MilitarySupport, nkv:Drones)",
            shorten(concept.as_str())
        )))
    }
}

/// The polarity a candidate's polarity becomes when its kind changes, if one is plain.
fn carry_polarity(polarity: &NamedNode, to: Kind) -> Option<NamedNode> {
    let local = polarity.as_str().strip_prefix(crate::prefixes::NKV)?;
    let mapped = match (to, local) {
        (Kind::Supply, "Given") => "Delivered",
        (Kind::Supply, "Declined") => "Denied",
        (Kind::Support, "Delivered") => "Given",
        (_, "Alleged" | "Denied") => local,
        _ => return None,
    };
    Some(nkv(mapped))
}

/// Checks an acceptance or edit and works out the fact it writes.
pub fn plan(
    store: &GraphStore,
    candidate: &Pending,
    decision: &Decision,
) -> Result<Plan, ReviewError> {
    let edits = &decision.edits;
    if decision.verdict == Verdict::Accept && edits.changes_fact() {
        return Err(ReviewError::Invalid("an acceptance takes the candidate as it stands; use edit to change a party, the type or the polarity".into()));
    }
    let concept = edits
        .concept
        .clone()
        .unwrap_or_else(|| candidate.concept.clone());
    // the type's scheme decides the kind, so that the fact validates whatever was proposed
    let kind = kind_of(store, &concept)?;
    let polarity = match &edits.polarity {
        Some(p) => p.clone(),
        None if kind == candidate.kind => candidate.polarity.clone(),
        None => carry_polarity(&candidate.polarity, kind).ok_or_else(|| {
            ReviewError::Invalid(format!(
                "the candidate's polarity {} has no counterpart for a {}; give one with --polarity",
                shorten(candidate.polarity.as_str()),
                kind.name()
            ))
        })?,
    };
    let allowed = if kind == Kind::Support {
        SUPPORT_POLARITIES
    } else {
        SUPPLY_STATUSES
    };
    if !allowed.iter().any(|a| nkv(a) == polarity) {
        return Err(ReviewError::Invalid(format!(
            "{} is not a polarity a {} can have; use one of {}",
            shorten(polarity.as_str()),
            kind.name(),
            allowed
                .iter()
                .map(|a| format!("nkv:{a}"))
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    let party = |edited: &Option<NamedNode>,
                 original: &Party,
                 role: &str|
     -> Result<Party, ReviewError> {
        let Some(iri) = edited.as_ref().filter(|iri| **iri != original.iri) else {
            return Ok(original.clone());
        };
        let actor = ask(
            store,
            &format!("ASK {{ {iri} a ?c . ?c rdfs:subClassOf* nk:Actor }}"),
        )?;
        let proposed = super::proposed::pending_class(store, iri)?.is_some();
        if !actor && !proposed {
            return Err(ReviewError::Invalid(format!(
                "{} is not an actor of the graph (nor a proposed entity), so it cannot be the {role}; `nkkg describe NAME` finds an actor's IRI",
                shorten(iri.as_str())
            )));
        }
        Ok(pending::party(
            store,
            iri.clone(),
            &candidate.document.iri,
            candidate.span,
        )?)
    };
    let giver = party(&edits.giver, &candidate.giver, "giver")?;
    let receiver = party(&edits.receiver, &candidate.receiver, "receiver")?;
    if giver.iri == receiver.iri {
        return Err(ReviewError::Invalid(format!(
            "the giver and the receiver are both {}; a relation needs two parties",
            giver.name()
        )));
    }
    let rejected = super::proposed::rejected(store)?;
    for (role, p) in [("giver", &giver), ("receiver", &receiver)] {
        if rejected.contains(&p.iri) {
            return Err(ReviewError::Invalid(format!(
                "the {role} {} (\"{}\") is a proposed entity a reviewer rejected; edit the {role} to an actor of the graph (--{role} IRI) or reject the candidate",
                shorten(p.iri.as_str()),
                p.name()
            )));
        }
    }
    let mut entities_to_accept = Vec::new();
    for (role, p) in [("giver", &giver), ("receiver", &receiver)] {
        let Some(class) = &p.proposed_class else {
            continue;
        };
        if !decision.accept_entities {
            return Err(ReviewError::NeedsEntity(format!(
                "the {role} {} (\"{}\") is a proposed entity, not yet an actor of the graph; accept it as {} together with the candidate (--accept-entity) or edit the {role}",
                shorten(p.iri.as_str()),
                p.name(),
                shorten(class.as_str())
            )));
        }
        entities_to_accept.push(p.iri.clone());
    }
    Ok(Plan {
        fact: NamedNode::new_unchecked(format!("{}-fact", candidate.iri.as_str())),
        kind,
        giver,
        receiver,
        concept,
        polarity,
        entities_to_accept,
    })
}

/// The quads of the fact, its evidence, its source document, its reviewer and the
/// proposed entities it accepts, all in the reviewed graph.
pub fn fact_quads(
    store: &GraphStore,
    candidate: &Pending,
    plan: &Plan,
    decision: &Decision,
    reviewer: &NamedNode,
    now: &Literal,
) -> Result<Vec<Quad>, ReviewError> {
    let graph = reviewed_graph();
    let g = graph.as_ref();
    let f = plan.fact.as_ref();
    let ty = NamedNodeRef::new_unchecked(RDF_TYPE);
    let label = NamedNodeRef::new_unchecked(RDFS_LABEL);
    let prov = |local: &str| NamedNode::new_unchecked(format!("{PROV}{local}"));
    let oa = |local: &str| NamedNode::new_unchecked(format!("{OA}{local}"));
    let (class, giver_p, type_p, polarity_p, giver_role) = match plan.kind {
        Kind::Support => (
            "Support",
            "supporter",
            "supportType",
            "polarity",
            "supporter",
        ),
        Kind::Supply => ("Supply", "supplier", "itemCategory", "status", "supplier"),
    };
    let mut quads = vec![
        quad(f, ty, &nk(class), g),
        quad(f, nk(giver_p).as_ref(), &plan.giver.iri, g),
        quad(f, nk("recipient").as_ref(), &plan.receiver.iri, g),
        quad(f, nk(type_p).as_ref(), &plan.concept, g),
        quad(f, nk(polarity_p).as_ref(), &plan.polarity, g),
        quad(f, prov("wasDerivedFrom").as_ref(), &candidate.iri, g),
        quad(f, prov("wasAttributedTo").as_ref(), reviewer, g),
        quad(f, prov("generatedAtTime").as_ref(), now, g),
        quad(reviewer.as_ref(), ty, &prov("Agent"), g),
        quad(
            reviewer.as_ref(),
            label,
            &string(decision.reviewer.trim()),
            g,
        ),
    ];
    for (party, role) in [(&plan.giver, giver_role), (&plan.receiver, "recipient")] {
        if let Some(words) = candidate.stated(party, decision.sources.as_deref()) {
            quads.push(quad(
                f,
                nk(&format!("{role}AsStated")).as_ref(),
                &string(&words),
                g,
            ));
            let resolution = party.resolution.clone().unwrap_or_else(|| nkv("AsNamed"));
            quads.push(quad(
                f,
                nk(&format!("{role}Resolution")).as_ref(),
                &resolution,
                g,
            ));
        }
    }
    if let Some(note) = decision
        .edits
        .note
        .as_deref()
        .filter(|n| !n.trim().is_empty())
    {
        quads.push(quad(f, nk("note").as_ref(), &string(note.trim()), g));
    }
    let (evidence, selector) = (BlankNode::default(), BlankNode::default());
    let in_graph = |s: oxigraph::model::NamedOrBlankNodeRef<'_>, p: &NamedNode, o: TermRef<'_>| {
        QuadRef::new(s, p.as_ref(), o, GraphNameRef::NamedNode(g)).into_owned()
    };
    let integer = |n: u32| Literal::from(i64::from(n));
    quads.extend([
        QuadRef::new(
            f,
            nk("evidence").as_ref(),
            evidence.as_ref(),
            GraphNameRef::NamedNode(g),
        )
        .into_owned(),
        in_graph(
            evidence.as_ref().into(),
            &NamedNode::new_unchecked(RDF_TYPE),
            oa("SpecificResource").as_ref().into(),
        ),
        in_graph(
            evidence.as_ref().into(),
            &oa("hasSource"),
            candidate.document.iri.as_ref().into(),
        ),
        in_graph(
            evidence.as_ref().into(),
            &oa("hasSelector"),
            selector.as_ref().into(),
        ),
        in_graph(
            selector.as_ref().into(),
            &NamedNode::new_unchecked(RDF_TYPE),
            oa("TextPositionSelector").as_ref().into(),
        ),
        in_graph(
            selector.as_ref().into(),
            &oa("start"),
            integer(candidate.span.0).as_ref().into(),
        ),
        in_graph(
            selector.as_ref().into(),
            &oa("end"),
            integer(candidate.span.1).as_ref().into(),
        ),
    ]);
    quads.extend(document_quads(store, &candidate.document.iri)?);
    for entity in &plan.entities_to_accept {
        quads.extend(super::proposed::acceptance_quads(
            store, entity, reviewer, now,
        )?);
    }
    Ok(quads)
}

/// The description of a source document (type, names, hash, lengths) in the reviewed
/// graph; its local path (`nk:sourcePath`) stays out.
fn document_quads(store: &GraphStore, document: &NamedNode) -> anyhow::Result<Vec<Quad>> {
    let keep = [
        "rdf:type",
        "rdfs:label",
        "dcterms:title",
        "nk:fileName",
        "nk:sha256",
        "nk:charLength",
        "nk:byteLength",
        "nk:documentKind",
    ];
    let values = keep.join(" ");
    let rows = select(
        store,
        &format!("SELECT DISTINCT ?p ?o WHERE {{ VALUES ?p {{ {values} }} {document} ?p ?o }}"),
        &[],
    )?;
    let graph = reviewed_graph();
    Ok(rows
        .iter()
        .filter_map(|r| match (r.get("p"), r.get("o")) {
            (Some(Term::NamedNode(p)), Some(o @ (Term::NamedNode(_) | Term::Literal(_)))) => Some(
                quad(document.as_ref(), p.as_ref(), o.as_ref(), graph.as_ref()),
            ),
            _ => None,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_time_is_an_xsd_date_time_in_utc_and_reviewer_names_make_distinct_iris() {
        let now = now();
        assert_eq!(now.datatype().as_str(), XSD_DATE_TIME);
        let text = now.value();
        assert_eq!(text.len(), 20, "{text}");
        assert!(
            text.ends_with('Z') && &text[4..5] == "-" && &text[10..11] == "T",
            "{text}"
        );
        assert!(text >= "2024-01-01", "{text}");
        assert_eq!(
            reviewer_iri("ana").as_str(),
            "https://w3id.org/nkkg/id/reviewer-ana"
        );
        let (a, b) = (reviewer_iri("ana b"), reviewer_iri("ana_b"));
        assert_ne!(a, b);
        assert!(
            a.as_str()
                .starts_with("https://w3id.org/nkkg/id/reviewer-ana_b-"),
            "{a}"
        );
    }
}
