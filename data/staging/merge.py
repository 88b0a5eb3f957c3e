#!/usr/bin/env python3
"""Merge pass for the nkkg curated data.

Reads data/staging/core.ttl and the curator files data/staging/d*.ttl, unifies entities that
stand for the same real-world thing (RENAME), applies the fixes listed below, splits n-ary
support/supply nodes into one node per party, merges support/supply nodes that state the same
relation, normalises dates, labels, evidence and participations, and writes the result split
by kind into data/{actors,places,events,support,supplies,claims}.ttl.  Then it checks the
OUTPUT files (with the ontology and data/sources.ttl) the way check.py checks staging files,
plus the cardinalities of ontology/shapes.ttl.

Usage: python3 data/staging/merge.py [--no-write]      (re-runnable; needs rdflib)
"""
import glob, os, re, sys, unicodedata
from collections import defaultdict, Counter
from rdflib import Graph, Namespace, RDF, RDFS, URIRef, BNode, Literal
from rdflib.namespace import SKOS, XSD, OWL, PROV, DCTERMS

NK = Namespace("https://w3id.org/nkkg/ontology#")
NKV = Namespace("https://w3id.org/nkkg/vocab/")
NKE = Namespace("https://w3id.org/nkkg/id/")
OA = Namespace("http://www.w3.org/ns/oa#")
GEO = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
DATA = os.path.join(ROOT, "data")
SEEDS = os.path.abspath(os.path.join(ROOT, "..", "shared", "seeds"))
if not os.path.isdir(SEEDS):
    SEEDS = "/work/shared/seeds"
STAGING_FILES = [os.path.join(HERE, "core.ttl")] + sorted(glob.glob(os.path.join(HERE, "d*.ttl")))
OUT_FILES = ["actors", "places", "events", "support", "supplies", "claims"]

LOG = {"merges": [], "splits": [], "dropped": [], "fixes": [], "notes": []}


def E(x):
    return x if isinstance(x, URIRef) else NKE[x]


def local(u):
    return str(u).rsplit("/", 1)[-1]


# ---------------------------------------------------------------------------------------------
# 1. Text-level fixes: IRI collisions inside one curator file (two different things under one
#    IRI cannot be told apart after parsing).
# ---------------------------------------------------------------------------------------------
TEXT_FIXES = {
    "d000b.ttl": [
        # d000b used claim ...-b1 twice: for the First-War figure (19) and the 2016 figure (1).
        ("nke:claim-d000-EquipmentLosses-AzerbaijaniHelicopters-b1 a nk:Claim ; "
         "nk:claimOf nke:q-EquipmentLosses-AzerbaijaniHelicopters-FourDayWar",
         "nke:claim-d000-EquipmentLosses-AzerbaijaniHelicopters-b2 a nk:Claim ; "
         "nk:claimOf nke:q-EquipmentLosses-AzerbaijaniHelicopters-FourDayWar"),
    ],
}

# ---------------------------------------------------------------------------------------------
# 2. Entity unification: old IRI -> canonical IRI (verified against the source text).
# ---------------------------------------------------------------------------------------------
RENAME = {
    # actors
    "InternationalRedCross": "ICRC",                      # same organisation, same labels (d001 vs d000b/d003c)
    # events
    "BombardmentOfStepanakert": "ShellingOfStepanakert",  # d002 adds evidence for d001's 'bombardment' = the shelling node
    "AzerbaijaniSummerOffensive1992": "OperationGoranboy",  # doc002's early-summer 1992 counteroffensive is Operation Goranboy
    "ArtsakhDeclarationOfIndependence1991": "EstablishmentOfArtsakh",  # both: doc003's 1991 declaration of the NKR
    "ArmenianAdvanceIntoAzerbaijan": "ArmenianCaptureOfSurroundingDistricts1993",  # doc002 2739-3046 and 3048-3197: one 1993 advance beyond the enclave
}

# Checked and KEPT DISTINCT (different real-world things; most are already linked):
#   Kurds / MuslimKurds (the Muslim Kurds of Armenia are a subgroup, affiliatedWith Kurds);
#   BozqurtBrigade (Hamidov's Azerbaijani unit) / GreyWolves (Turkish movement; affiliatedWith);
#   HumanRightsWatch / HelsinkiWatch (split, see hand_fixes); EuropeanCommunity / EuropeanUnion;
#   Hadrut partOf HadrutDistrict (and the other settlement/district pairs); ChechenVolunteers / Chechens;
#   AyazMutalibov, PopularFrontOfAzerbaijan, Mardakert: the curators already used one IRI each;
#   CeasefireAgreement1994 (in force 12 May 1994) / BishkekProtocol (agreed 5 May 1994);
#   MardakertClashes2010 (summer) / NagornoKarabakhClash2010 (18 February): two clashes;
#   UNSCCondemnation1993 (doc002 names no resolution) / UNSCResolution822, 853, 874, 884;
#   ArmenianOffensives1993 (Feb-Mar 1993, northern Karabakh) / ArmenianCaptureOfSurroundingDistricts1993
#   (1993 as a whole) / ArmenianSummerOffensives1993 (partOf the latter);
#   MinskGroupPeaceTalks (from 1994) / NagornoKarabakhPeaceProcess (1991-1994 talks);
#   SiegeOfStepanakert / ShellingOfStepanakert (the shelling is partOf the siege);
#   ExpulsionOfAzerbaijanisFromArmenia / ...FromGhapanAndMeghri1987 / ...FromNagornoKarabakh /
#   ExpulsionOfArmeniansFromAzerbaijan / KalbajarExpulsion1993 (partOf ...FromSurroundingDistricts1993);
#   IndependenceOfArmenia (declaration) / ArmenianIndependenceReferendum1991 (the vote);
#   ArtsakhDeclarationOfIndependence1992 (doc000: 6 January 1992) / EstablishmentOfArtsakh (doc003: 1991);
#   NagornoKarabakhReferendum1988 / NKAOSovietResolution1988 (doc003 presents both);
#   EstablishmentOfArtsakh / NagornoKarabakhIndependenceReferendum (result vs vote);
#   PopularFrontTakeover1992 partOf PowerStruggleInBaku1992; CaptureOfLachin (1992) / LachinOffensive (2020);
#   q-Strength-AzerbaijaniArmedForces-1992 / q-Strength-Azerbaijan-FirstWar (different scope);
#   sup-Turkey-Azerbaijan-Weapons-u / sup-Turkey-Azerbaijan-MilitarySupport-u (different sentences);
#   supports/supplies with the same parties and type but another period (e.g. -1991-1994 / -1992-1994).
# Supports/supplies whose IRIs differ but that state the same relation are found automatically
# (same class, parties, types, polarity/status, dates and items); see dedupe_relations().


def load():
    g = Graph()
    per_file = {}
    for f in STAGING_FILES:
        text = open(f, encoding="utf-8").read()
        for old, new in TEXT_FIXES.get(os.path.basename(f), []):
            if text.count(old) != 1:
                raise SystemExit(f"text fix not applicable in {f}: {old[:60]}")
            text = text.replace(old, new)
            LOG["fixes"].append(f"{os.path.basename(f)}: renamed a colliding IRI ({old.split()[0]} -> {new.split()[0]})")
        fg = Graph()
        fg.parse(data=text, format="turtle")
        per_file[os.path.basename(f)] = fg
        g += fg
    return g, per_file


# ---------------------------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------------------------
def copy_bnode_tree(g, node, memo=None):
    """Deep copy of a blank node (and the blank nodes below it); returns the new node."""
    if not isinstance(node, BNode):
        return node
    new = BNode()
    for p, o in list(g.predicate_objects(node)):
        g.add((new, p, copy_bnode_tree(g, o)))
    return new


def remove_bnode_tree(g, node):
    if not isinstance(node, BNode):
        return
    for p, o in list(g.predicate_objects(node)):
        g.remove((node, p, o))
        remove_bnode_tree(g, o)


PREF_LABEL = {}   # canonical IRI -> its own rdfs:label before merging (kept as the label)


def rename(g, old, new, why=""):
    old, new = E(old), E(new)
    if old == new:
        return
    if new not in PREF_LABEL:
        labs = sorted(map(str, g.objects(new, RDFS.label)))
        if labs:
            PREF_LABEL[new] = labs[0]
    for p, o in list(g.predicate_objects(old)):
        g.remove((old, p, o))
        if p == RDFS.label:
            g.add((new, SKOS.altLabel, o))   # the merged-away label becomes an altLabel
        else:
            g.add((new, p, o))
    for s, p in list(g.subject_predicates(old)):
        g.remove((s, p, old))
        g.add((s, p, new))
    LOG["merges"].append(f"{local(old)} -> {local(new)}" + (f"  ({why})" if why else ""))


def ev_key(g, ev):
    sel = g.value(ev, OA.hasSelector)
    return (g.value(ev, OA.hasSource), int(g.value(sel, OA.start)) if sel is not None else None,
            int(g.value(sel, OA.end)) if sel is not None else None)


def add_evidence(g, node, doc, start, end):
    ev, sel = BNode(), BNode()
    g.add((node, NK.evidence, ev))
    g.add((ev, RDF.type, OA.SpecificResource))
    g.add((ev, OA.hasSource, E(doc)))
    g.add((ev, OA.hasSelector, sel))
    g.add((sel, RDF.type, OA.TextPositionSelector))
    g.add((sel, OA.start, Literal(start)))
    g.add((sel, OA.end, Literal(end)))


def move_evidence(g, src, dst, doc, start, copy=False):
    """Move (or copy) the evidence of src that cites doc at start to dst."""
    src, dst = E(src), E(dst)
    found = False
    for ev in list(g.objects(src, NK.evidence)):
        k = ev_key(g, ev)
        if k[0] == E(doc) and k[1] == start:
            found = True
            if copy:
                g.add((dst, NK.evidence, copy_bnode_tree(g, ev)))
            else:
                g.remove((src, NK.evidence, ev))
                g.add((dst, NK.evidence, ev))
    if not found:
        raise SystemExit(f"evidence {doc}@{start} not found on {local(src)}")


def set_one(g, s, p, value):
    s = E(s)
    g.remove((s, p, None))
    g.add((s, p, value))


def D(v):
    """Typed date literal at the precision of the string."""
    if re.fullmatch(r"-?\d{4}", v):
        return Literal(v, datatype=XSD.gYear)
    if re.fullmatch(r"\d{4}-\d{2}", v):
        return Literal(v, datatype=XSD.gYearMonth)
    return Literal(v, datatype=XSD.date)


# ---------------------------------------------------------------------------------------------
# 3. Hand fixes (each checked against the documents)
# ---------------------------------------------------------------------------------------------
def hand_fixes(g):
    fx = LOG["fixes"]
    # Helsinki Watch: the texts name it on its own (the 1992 Khojaly report), never as Human
    # Rights Watch, so it is its own actor rather than an altLabel of Human Rights Watch.
    g.remove((E("HumanRightsWatch"), SKOS.altLabel, Literal("Helsinki Watch")))
    hw = E("HelsinkiWatch")
    g.add((hw, RDF.type, NK.NonGovernmentalOrganisation))
    g.add((hw, RDFS.label, Literal("Helsinki Watch")))
    g.add((hw, NK.note, Literal("Human rights organisation whose 1992 inquiry into the fall of Khojaly the first-war articles cite.")))
    g.add((E("KhojalyMassacre"), NK.claimedBy, hw))
    fx.append("HelsinkiWatch split off HumanRightsWatch (altLabel removed); KhojalyMassacre claimedBy HelsinkiWatch (doc000 36702-37034, doc001 9297-9621)")

    # Bishkek Protocol (agreed 5 May 1994) vs the ceasefire that took effect on 12 May 1994.
    set_one(g, "BishkekProtocol", NK.date, D("1994-05-05"))
    move_evidence(g, "CeasefireAgreement1994", "BishkekProtocol", "doc000", 66365, copy=True)
    set_one(g, "CeasefireAgreement1994", NK.date, D("1994-05-12"))
    g.add((E("CeasefireAgreement1994"), NK.note, Literal(
        "The truce took effect at 00:01 on 12 May 1994; the parties had agreed to it on 5 May (nke:BishkekProtocol).")))
    fx.append("BishkekProtocol dated 1994-05-05 (doc000 66365-66702 added); CeasefireAgreement1994 dated 1994-05-12")

    # 'Armenian offensives of early 1993' (Feb-Mar, northern Karabakh) is not the spring-1993
    # capture of districts outside the enclave: move the lead-section span (doc000 830-978) and its
    # outcome to ArmenianCaptureOfSurroundingDistricts1993.
    move_evidence(g, "ArmenianOffensives1993", "ArmenianCaptureOfSurroundingDistricts1993", "doc000", 830)
    o = Literal("Armenian forces took Azerbaijani districts outside the enclave in spring 1993.")
    g.remove((E("ArmenianOffensives1993"), NK.outcome, o))
    g.add((E("ArmenianCaptureOfSurroundingDistricts1993"), NK.outcome, o))
    fx.append("ArmenianOffensives1993: doc000 830-978 and its outcome moved to ArmenianCaptureOfSurroundingDistricts1993")

    # Capture of Lachin (1992) is not the 2020 'Lachin offensive' (nke:LachinOffensive).
    g.remove((E("CaptureOfLachin"), SKOS.altLabel, Literal("Lachin offensive")))
    fx.append("CaptureOfLachin: altLabel 'Lachin offensive' removed (it is the label of the 2020 LachinOffensive)")

    # The Kalbajar expulsion is part of the 1993 expulsions from the surrounding districts.
    g.add((E("KalbajarExpulsion1993"), NK.partOf, E("ExpulsionOfAzerbaijanisFromSurroundingDistricts1993")))

    # doc000 dates the formal declaration to 6 January 1992, doc003 to 1991 (10 December 1991).
    g.add((E("ArtsakhDeclarationOfIndependence1992"), NK.note, Literal(
        "doc003 instead places the declaration of independence in 1991, right after the 10 December 1991 referendum (see nke:EstablishmentOfArtsakh).")))
    # Literals that stayed too close to the documents' wording: say it in our own words.
    for node, prop, new_text in [
        ("BakuPogrom1990", NK.outcome, "Gorbachev answered with emergency rule and sent in Interior Ministry forces."),
        ("sup-AghasiKhanjian-Armenia-PoliticalStance-u", NK.note, "Petitioned Stalin for the transfer of Nagorno-Karabakh and Nakhichevan to Soviet Armenia."),
        ("VardanHovhannisyan", NK.note, "War journalist; his 2007 film 'A Story of People in War and Peace' received a Tribeca award."),
        ("DissolutionOfTheSovietUnion", NK.note, "doc000: the end of the USSR on 31 December 1991 cleared the way to open war."),
        ("AzerbaijaniEcoActivists", NK.note, "doc003: among them were state employees, soldiers out of uniform and people from government-aligned NGOs and youth groups."),
    ]:
        olds = list(g.objects(E(node), prop))
        if len(olds) > 1:   # pick the one that shares the most words with the new text
            key = lambda o: len(set(str(o).lower().split()) & set(new_text.lower().split()))
            olds = [max(olds, key=key)]
        if len(olds) != 1:
            raise SystemExit(f"rewording: {node} has {len(olds)} {prop}")
        g.remove((E(node), prop, olds[0])); g.add((E(node), prop, Literal(new_text)))
        fx.append(f"{node}: {prop.split('#')[1]} reworded (too close to the source wording)")

    # Claims stated only as "several hundred" carry no figure, which ClaimShape requires.
    for c in sorted(set(g.subjects(RDF.type, NK.Claim))):
        if not any(True for p in (NK.value, NK.minValue, NK.maxValue) for _ in g.objects(c, p)):
            if str(g.value(c, NK.qualifier)) == "several hundred":
                g.add((c, NK.minValue, Literal(200)))
                g.add((c, NK.note, Literal("The source says only 'several hundred'; recorded as a lower bound of 200.")))
                fx.append(f"{local(c)}: 'several hundred' recorded as nk:minValue 200")
    g.add((E("EstablishmentOfArtsakh"), NK.note, Literal(
        "doc000 gives 6 January 1992 for the formal declaration of independence (see nke:ArtsakhDeclarationOfIndependence1992).")))


# ---------------------------------------------------------------------------------------------
# 4. n-ary relations: one node per supporter / supplier / recipient
# ---------------------------------------------------------------------------------------------
def split_relations(g):
    for cls, pa, pb, prefix in [(NK.Support, NK.supporter, NK.recipient, "sup"),
                                (NK.Supply, NK.supplier, NK.recipient, "supply")]:
        for s in sorted(set(g.subjects(RDF.type, cls))):
            A = sorted(g.objects(s, pa)); B = sorted(g.objects(s, pb))
            if len(A) <= 1 and len(B) <= 1:
                continue
            parts = local(s).split("-")
            news = []
            for a in A:
                for b in B:
                    np_ = list(parts)
                    np_[1] = local(a) if len(A) > 1 else parts[1]
                    np_[2] = local(b) if len(B) > 1 else parts[2]
                    new = E("-".join(np_))
                    if (new, None, None) in g:
                        LOG["merges"].append(f"{local(s)} (its {local(b) if len(B) > 1 else local(a)} part) -> {local(new)}  (existing node for the same relation)")
                    for p, o in list(g.predicate_objects(s)):
                        if p in (pa, pb):
                            continue
                        g.add((new, p, copy_bnode_tree(g, o)))
                    g.add((new, pa, a)); g.add((new, pb, b))
                    news.append(local(new))
            for p, o in list(g.predicate_objects(s)):
                g.remove((s, p, o)); remove_bnode_tree(g, o)
            if list(g.subject_predicates(s)):
                raise SystemExit(f"{local(s)} is referenced; cannot split")
            LOG["splits"].append(f"{local(s)} -> {', '.join(news)}")


# ---------------------------------------------------------------------------------------------
# 5. normalisation
# ---------------------------------------------------------------------------------------------
PREC = {XSD.date: 3, XSD.gYearMonth: 2, XSD.gYear: 1}


def normalise_dates(g):
    for p in (NK.date, NK.startDate, NK.endDate, NK.orderDate, NK.deliveryDate):
        for s in sorted(set(g.subjects(p, None))):
            vals = sorted(set(g.objects(s, p)), key=lambda v: (-PREC.get(v.datatype, 0), str(v)))
            if len(vals) <= 1:
                continue
            best = vals[0]
            others = vals[1:]
            clash = [v for v in others if not str(best).startswith(str(v))]
            for v in others:
                g.remove((s, p, v))
            if clash:
                g.add((s, NK.note, Literal(
                    f"Sources differ on the {p.split('#')[1]}: kept {best}; other source(s) give {', '.join(map(str, clash))}.")))
                LOG["fixes"].append(f"{local(s)}: {p.split('#')[1]} kept {best}, noted {', '.join(map(str, clash))}")
            else:
                LOG["fixes"].append(f"{local(s)}: {p.split('#')[1]} kept {best} (dropped coarser {', '.join(map(str, others))})")
    # a year-level nk:date next to a start/end interval inside it says nothing more
    for s in sorted(set(g.subjects(NK.date, None))):
        st = g.value(s, NK.startDate)
        d = g.value(s, NK.date)
        if st is not None and str(st).startswith(str(d)) and PREC.get(d.datatype, 0) < 3:
            g.remove((s, NK.date, d))
            LOG["fixes"].append(f"{local(s)}: dropped nk:date {d} (interval {st} .. {g.value(s, NK.endDate)} given)")


def dedupe_evidence(g):
    for s, ev in list(g.subject_objects(NK.evidence)):
        pass
    for s in set(g.subjects(NK.evidence, None)):
        seen = {}
        for ev in sorted(g.objects(s, NK.evidence)):
            k = ev_key(g, ev)
            if k in seen:
                g.remove((s, NK.evidence, ev)); remove_bnode_tree(g, ev)
            else:
                seen[k] = ev


def dedupe_participations(g):
    for e in set(g.subjects(NK.participation, None)):
        seen = set()
        for pt in sorted(g.objects(e, NK.participation)):
            k = (g.value(pt, NK.participant), g.value(pt, NK.role))
            if k in seen:
                g.remove((e, NK.participation, pt)); remove_bnode_tree(g, pt)
            else:
                seen.add(k)


def normalise_labels(g):
    for s in sorted(set(g.subjects(RDFS.label, None))):
        if not isinstance(s, URIRef):
            continue
        labs = sorted(set(g.objects(s, RDFS.label)), key=str)
        if len(labs) > 1:
            keep = next((l for l in labs if str(l) == PREF_LABEL.get(s)), labs[0])
            for l in labs:
                if l != keep:
                    g.remove((s, RDFS.label, l)); g.add((s, SKOS.altLabel, l))
        lab = g.value(s, RDFS.label)
        for a in list(g.objects(s, SKOS.altLabel)):
            if str(a) == str(lab):
                g.remove((s, SKOS.altLabel, a))


# ---------------------------------------------------------------------------------------------
# 6. support / supply nodes that state the same relation
# ---------------------------------------------------------------------------------------------
def rel_signature(g, s):
    if (s, RDF.type, NK.Support) in g:
        parts = (g.value(s, NK.supporter), g.value(s, NK.recipient))
        kinds = frozenset(g.objects(s, NK.supportType)); pol = g.value(s, NK.polarity); items = frozenset()
        cls = "Support"
    else:
        parts = (g.value(s, NK.supplier), g.value(s, NK.recipient))
        kinds = frozenset(g.objects(s, NK.itemCategory)); pol = g.value(s, NK.status)
        items = frozenset(g.objects(s, NK.item)); cls = "Supply"
    dates = tuple(str(g.value(s, p)) for p in (NK.date, NK.startDate, NK.endDate, NK.orderDate, NK.deliveryDate))
    return (cls, parts, kinds, pol, items, dates)


def pick_canonical(g, nodes, per_file_count):
    return sorted(nodes, key=lambda n: (-per_file_count.get(n, 0), len(local(n)), local(n)))[0]


def dedupe_relations(g, per_file):
    cnt = Counter()
    for fg in per_file.values():
        for s in set(fg.subjects()):
            cnt[s] += 1
    groups = defaultdict(list)
    for cls in (NK.Support, NK.Supply):
        for s in set(g.subjects(RDF.type, cls)):
            # same class, parties, types, polarity/status, items, dates AND the same type slug and
            # period in the IRI (so '-u' is never merged into a dated node, nor one item into another)
            groups[(rel_signature(g, s), "-".join(local(s).split("-")[3:]))].append(s)
    for sig, nodes in sorted(groups.items(), key=lambda kv: str(kv[0])):
        if len(nodes) < 2:
            continue
        keep = pick_canonical(g, nodes, cnt)
        for n in sorted(nodes):
            if n != keep:
                rename(g, n, keep, "same relation")


# ---------------------------------------------------------------------------------------------
# 7. split by kind and write
# ---------------------------------------------------------------------------------------------
def load_onto():
    onto = Graph()
    for f in glob.glob(os.path.join(ROOT, "ontology", "*.ttl")):
        onto.parse(f, format="turtle")
    return onto


def kind_of(g, s, A, P):
    ts = set(g.objects(s, RDF.type))
    if ts & A or NK.Role in ts:
        return "actors"
    if ts & P:
        return "places"
    if NK.Event in ts:
        return "events"
    if NK.Support in ts:
        return "support"
    if NK.Supply in ts or NK.ItemType in ts:
        return "supplies"
    if NK.Quantity in ts or NK.Claim in ts:
        return "claims"
    return None


def bind(gr):
    for p, ns in [("nk", NK), ("nkv", NKV), ("nke", NKE), ("rdfs", RDFS), ("skos", SKOS), ("xsd", XSD),
                  ("oa", OA), ("geo", GEO), ("prov", PROV), ("dcterms", DCTERMS), ("owl", OWL)]:
        gr.bind(p, ns, override=True, replace=True)


def split_graph(g, A, P):
    outs = {k: Graph() for k in OUT_FILES}
    for o in outs.values():
        bind(o)
    homeless = []

    def add_tree(out, s):
        for p, o in g.predicate_objects(s):
            out.add((s, p, o))
            if isinstance(o, BNode):
                add_tree(out, o)
    for s in set(g.subjects()):
        if isinstance(s, BNode):
            continue
        k = kind_of(g, s, A, P)
        if k is None:
            homeless.append(s)
            continue
        add_tree(outs[k], s)
    return outs, homeless


# ---------------------------------------------------------------------------------------------
# 8. checks on the OUTPUT (check.py's logic + shapes.ttl cardinalities)
# ---------------------------------------------------------------------------------------------
def norm(t):
    t = t.replace(" @-@ ", "-").replace(" @,@ ", ",").replace(" @.@ ", ".")
    t = unicodedata.normalize("NFKD", t); t = "".join(c for c in t if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", t.lower())


def check(files):
    g = Graph(); per = {}
    for f in glob.glob(os.path.join(ROOT, "ontology", "*.ttl")) + [os.path.join(DATA, "sources.ttl")] + files:
        fg = Graph(); fg.parse(f, format="turtle"); g += fg; per[f] = fg
    docs = {d: open(os.path.join(SEEDS, str(g.value(d, NK.fileName))), encoding="utf-8").read()
            for d in g.subjects(RDF.type, NK.SourceDocument)}
    concepts = set(g.subjects(RDF.type, SKOS.Concept))
    A = {NK.Actor} | set(g.transitive_subjects(RDFS.subClassOf, NK.Actor))
    P = {NK.Place} | set(g.transitive_subjects(RDFS.subClassOf, NK.Place))
    scheme = {NK.supportType: NKV.SupportTypes, NK.itemCategory: NKV.ItemCategories, NK.eventType: NKV.EventTypes,
              NK.role: NKV.ParticipantRoles, NK.measure: NKV.Measures, NK.roleType: NKV.RoleTypes}
    probs = []

    def pr(s, msg):
        probs.append(f"{local(s) if isinstance(s, URIRef) else s}: {msg}")

    def names(e):
        return [str(o) for p in (RDFS.label, SKOS.altLabel) for o in g.objects(e, p)]

    def typed(x, cls):
        return bool(set(g.objects(x, RDF.type)) & cls)
    # -- check.py logic
    for cls, parties, req in [(NK.Support, [NK.supporter, NK.recipient], [NK.supportType, NK.polarity]),
                              (NK.Supply, [NK.supplier, NK.recipient], [NK.itemCategory, NK.status]),
                              (NK.Event, [], [NK.eventType]), (NK.Claim, [], [NK.claimOf])]:
        for s in g.subjects(RDF.type, cls):
            for p in parties + req:
                if g.value(s, p) is None: pr(s, f"missing {p.split('#')[1]}")
            for p in parties:
                for o in g.objects(s, p):
                    if not typed(o, A): pr(s, f"{p.split('#')[1]} {local(o)} is not typed as an actor")
            for p in (NK.supportType, NK.polarity, NK.itemCategory, NK.status, NK.eventType):
                for o in g.objects(s, p):
                    if o not in concepts: pr(s, f"unknown concept {o}")
            evs = list(g.objects(s, NK.evidence))
            if not evs: pr(s, "no evidence")
            for ev in evs:
                src = g.value(ev, OA.hasSource); sel = g.value(ev, OA.hasSelector)
                if src not in docs or sel is None: pr(s, "evidence without known source/selector"); continue
                a, b = g.value(sel, OA.start), g.value(sel, OA.end)
                if a is None or b is None: pr(s, "selector without start/end"); continue
                if a.datatype != XSD.integer or b.datatype != XSD.integer: pr(s, "start/end not xsd:integer")
                a, b = int(a), int(b)
                if not (0 <= a < b <= len(docs[src])): pr(s, f"span {a}-{b} outside document"); continue
                if b - a > 1500: pr(s, f"span {a}-{b} longer than 1500")
                text = norm(docs[src][a:b])
                for p in parties:
                    for o in g.objects(s, p):
                        if not any(norm(n) in text for n in names(o)):
                            pr(s, f"span {local(src)} {a}-{b} does not mention {p.split('#')[1]} {local(o)}")
    for s, p, o in g:
        if isinstance(o, URIRef) and str(o).startswith(str(NKE)):
            if g.value(o, RDFS.label) is None: pr(o, f"used (by {p.split('#')[-1]}) but has no rdfs:label")
            if g.value(o, RDF.type) is None: pr(o, f"used (by {p.split('#')[-1]}) but has no rdf:type")
    # -- shapes.ttl cardinalities and classes
    one = lambda s, p: len(set(g.objects(s, p)))
    for s in set(g.subjects(RDF.type, None)):
        if not isinstance(s, URIRef) or not str(s).startswith(str(NKE)): continue
        ts = set(g.objects(s, RDF.type))
        if (ts & A or ts & P or NK.Event in ts) and one(s, RDFS.label) != 1: pr(s, f"{one(s, RDFS.label)} rdfs:label values")
        for p in (NK.date, NK.startDate, NK.endDate, NK.orderDate, NK.deliveryDate):
            if one(s, p) > 1 and (NK.Support in ts or NK.Supply in ts or NK.Event in ts or NK.Role in ts):
                pr(s, f"several {p.split('#')[1]}")
            for v in g.objects(s, p):
                if getattr(v, "datatype", None) not in PREC: pr(s, f"{p.split('#')[1]} {v} not typed xsd:date/gYearMonth/gYear")
        if NK.Support in ts:
            for p in (NK.supporter, NK.recipient, NK.polarity):
                if one(s, p) != 1: pr(s, f"{one(s, p)} {p.split('#')[1]}")
            if g.value(s, NK.polarity) not in (NKV.Given, NKV.Declined, NKV.Denied, NKV.Alleged): pr(s, "bad polarity")
        if NK.Supply in ts:
            for p in (NK.supplier, NK.recipient, NK.status):
                if one(s, p) != 1: pr(s, f"{one(s, p)} {p.split('#')[1]}")
            if g.value(s, NK.status) not in (NKV.Delivered, NKV.Ordered, NKV.Alleged, NKV.Denied, NKV.CutOff, NKV.Captured): pr(s, "bad status")
            for p in (NK.quantity, NK.value):
                if one(s, p) > 1: pr(s, f"several {p.split('#')[1]}")
            for o in g.objects(s, NK.item):
                if NK.ItemType not in set(g.objects(o, RDF.type)): pr(s, f"item {local(o)} not an ItemType")
            for o in g.objects(s, NK.intermediary):
                if not typed(o, A): pr(s, f"intermediary {local(o)} not an actor")
        if NK.Event in ts:
            if g.value(s, NK.evidence) is None: pr(s, "event without evidence")
            for o in g.objects(s, NK.place):
                if not typed(o, P): pr(s, f"place {local(o)} is not a Place")
            for o in g.objects(s, NK.partOf):
                if NK.Event not in set(g.objects(o, RDF.type)): pr(s, f"partOf {local(o)} is not an Event")
            for pt in g.objects(s, NK.participation):
                if one(pt, NK.participant) != 1: pr(s, "participation without exactly one participant")
                for o in g.objects(pt, NK.participant):
                    if not typed(o, A): pr(s, f"participant {local(o)} is not an actor")
                if g.value(pt, NK.role) is None: pr(s, "participation without role")
        if ts & P and not ts & A:
            for o in g.objects(s, NK.partOf):
                if not typed(o, P): pr(s, f"partOf {local(o)} is not a Place")
        if NK.Claim in ts:
            if one(s, NK.claimOf) != 1: pr(s, f"{one(s, NK.claimOf)} claimOf")
            for o in g.objects(s, NK.claimOf):
                if NK.Quantity not in set(g.objects(o, RDF.type)): pr(s, f"claimOf {local(o)} is not a Quantity")
            if not any(True for p in (NK.value, NK.minValue, NK.maxValue) for _ in g.objects(s, p)): pr(s, "claim without value or range")
            mi, ma = g.value(s, NK.minValue), g.value(s, NK.maxValue)
            if mi is not None and ma is not None and float(mi) > float(ma): pr(s, "minValue > maxValue")
            if g.value(s, NK.evidence) is None: pr(s, "claim without evidence")
        if NK.Quantity in ts:
            if g.value(s, RDFS.label) is None: pr(s, "quantity without label")
            if one(s, NK.measure) != 1: pr(s, f"{one(s, NK.measure)} measure")
        if NK.Role in ts:
            for p in (NK.holder, NK.roleIn):
                if one(s, p) != 1: pr(s, f"{one(s, p)} {p.split('#')[1]}")
                for o in g.objects(s, p):
                    if not typed(o, A): pr(s, f"{p.split('#')[1]} {local(o)} not an actor")
            for p in (NK.startDate, NK.endDate):
                if one(s, p) > 1: pr(s, f"several {p.split('#')[1]}")
        for p in (NK.claimedBy,):
            for o in g.objects(s, p):
                if not typed(o, A): pr(s, f"claimedBy {local(o)} not an actor")
        for p, sch in scheme.items():
            for o in g.objects(s, p):
                if (o, SKOS.inScheme, sch) not in g: pr(s, f"{p.split('#')[1]} {local(o)} not in {local(sch)}")
        for p in (NK.inConflict,):
            for o in g.objects(s, p):
                if NK.Event not in set(g.objects(o, RDF.type)): pr(s, f"inConflict {local(o)} not an Event")
    for pt in g.objects(None, NK.participation):
        for o in g.objects(pt, NK.role):
            if (o, SKOS.inScheme, NKV.ParticipantRoles) not in g: pr(pt, f"role {local(o)} not in ParticipantRoles")
    # evidence shape
    for ev in set(g.objects(None, NK.evidence)):
        if one(ev, OA.hasSource) != 1 or one(ev, OA.hasSelector) != 1: pr(ev, "evidence needs one source and one selector")
    return sorted(set(probs))


# ---------------------------------------------------------------------------------------------
def main():
    write = "--no-write" not in sys.argv
    g, per_file = load()
    n_in = sum(len(fg) for fg in per_file.values())
    staging_union = len(g)
    for old, new in RENAME.items():
        rename(g, old, new)
    hand_fixes(g)
    split_relations(g)
    normalise_dates(g)
    dedupe_relations(g, per_file)
    normalise_dates(g)
    dedupe_evidence(g)
    dedupe_participations(g)
    normalise_labels(g)

    onto = load_onto()
    A = {NK.Actor} | set(onto.transitive_subjects(RDFS.subClassOf, NK.Actor))
    P = {NK.Place} | set(onto.transitive_subjects(RDFS.subClassOf, NK.Place))
    outs, homeless = split_graph(g, A, P)
    for h in homeless:
        print("NO KIND (not written):", local(h), list(g.predicate_objects(h))[:3])
    total_out = sum(len(o) for o in outs.values())
    # every triple of g must be in exactly one output file
    seen = Counter()
    for o in outs.values():
        for t in o:
            seen[t] += 1
    missing = [t for t in g if seen[t] == 0]
    dup = [t for t, c in seen.items() if c > 1]
    print(f"staging triples (sum over files) {n_in}, union {staging_union}, after merge {len(g)}, written {total_out}; "
          f"unplaced {len(missing)}, in two files {len(dup)}")
    if write:
        for k, o in outs.items():
            path = os.path.join(DATA, f"{k}.ttl")
            o.serialize(destination=path, format="turtle")
    files = [os.path.join(DATA, f"{k}.ttl") for k in OUT_FILES]
    print("\n== merges"); [print("  ", m) for m in LOG["merges"]]
    print("\n== splits"); [print("  ", m) for m in LOG["splits"]]
    print("\n== fixes"); [print("  ", m) for m in LOG["fixes"]]
    if write:
        probs = check(files)
        print("\n== check of output files")
        for p in probs:
            print("  ", p)
        print(f"{len(probs)} problems")
        report_counts(files)


def report_counts(files):
    g = Graph()
    for f in files:
        g.parse(f, format="turtle")
    print("\n== counts")
    c = Counter()
    for s, o in g.subject_objects(RDF.type):
        if str(s).startswith(str(NKE)):
            c[local(o) if "#" not in str(o) else o.split("#")[1]] += 1
    for k, v in sorted(c.items()):
        print(f"   {k}: {v}")
    for f in files:
        fg = Graph(); fg.parse(f, format="turtle")
        print(f"   {os.path.basename(f)}: {len(fg)} triples, {len(set(s for s in fg.subjects() if isinstance(s, URIRef)))} subjects")


if __name__ == "__main__":
    main()
