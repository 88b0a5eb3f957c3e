#!/usr/bin/env python3
"""Curation checker for nkkg staging files. Usage: python3 check.py [FILE...]
Loads ontology/, data/sources.ttl, all data/staging/*.ttl; reports problems in FILEs (default: all)."""
import sys, glob, os, re, unicodedata
from rdflib import Graph, Namespace, RDF, RDFS, URIRef, Literal
NK = Namespace("https://w3id.org/nkkg/ontology#"); NKV = Namespace("https://w3id.org/nkkg/vocab/")
OA = Namespace("http://www.w3.org/ns/oa#"); SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
here = os.path.dirname(os.path.abspath(__file__)); root = os.path.abspath(os.path.join(here, "..", ".."))
seeds = os.path.abspath(os.path.join(root, "..", "..", "shared", "seeds"))
if not os.path.isdir(seeds): seeds = "/work/shared/seeds"
targets = [os.path.abspath(f) for f in sys.argv[1:]] or sorted(glob.glob(os.path.join(here, "*.ttl")))
g = Graph(); per_file = {}
files = glob.glob(os.path.join(root, "ontology", "*.ttl")) + [os.path.join(root, "data", "sources.ttl")] + sorted(glob.glob(os.path.join(here, "*.ttl")))
bad = False
for f in files:
    fg = Graph()
    try: fg.parse(f, format="turtle")
    except Exception as e:
        if os.path.abspath(f) in targets or f.endswith("core.ttl"): print(f"PARSE ERROR {f}: {e}"); bad = True
        else: print(f"(skipping {os.path.basename(f)}: does not parse right now)")
        continue
    per_file[os.path.abspath(f)] = fg; g += fg
if bad: sys.exit(1)
docs = {}
for d in g.subjects(RDF.type, NK.SourceDocument):
    fn = str(g.value(d, NK.fileName)); docs[d] = open(os.path.join(seeds, fn), encoding="utf-8").read()
def norm(t):
    t = t.replace(" @-@ ", "-").replace(" @,@ ", ",").replace(" @.@ ", ".")
    t = unicodedata.normalize("NFKD", t); t = "".join(c for c in t if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", t.lower())
def names(e):
    return [str(o) for p in (RDFS.label, SKOS.altLabel) for o in g.objects(e, p)]
concepts = set(g.subjects(RDF.type, SKOS.Concept))
actor_classes = {NK.Actor} | set(g.transitive_subjects(RDFS.subClassOf, NK.Actor))
problems = []
def p(f, s, msg): problems.append(f"{os.path.basename(f)}: {s.n3(g.namespace_manager) if hasattr(s,'n3') else s}: {msg}")
for f in targets:
    fg = per_file.get(f)
    if fg is None: continue
    for cls, parties, req in [(NK.Support, [NK.supporter, NK.recipient], [NK.supportType, NK.polarity]),
                              (NK.Supply, [NK.supplier, NK.recipient], [NK.itemCategory, NK.status]),
                              (NK.Event, [], [NK.eventType]), (NK.Claim, [], [NK.claimOf])]:
        for s in fg.subjects(RDF.type, cls):
            for pr in parties + req:
                if g.value(s, pr) is None: p(f, s, f"missing {pr.split('#')[1]}")
            for pr in parties:
                for o in g.objects(s, pr):
                    if not (set(g.objects(o, RDF.type)) & actor_classes): p(f, s, f"{pr.split('#')[1]} {o} is not typed as an actor")
            for pr in (NK.supportType, NK.polarity, NK.itemCategory, NK.status, NK.eventType):
                for o in g.objects(s, pr):
                    if o not in concepts: p(f, s, f"unknown concept {o}")
            evs = list(g.objects(s, NK.evidence))
            if not evs: p(f, s, "no evidence")
            for ev in evs:
                src = g.value(ev, OA.hasSource); sel = g.value(ev, OA.hasSelector)
                if src not in docs or sel is None: p(f, s, "evidence without known oa:hasSource / oa:hasSelector"); continue
                a, b = g.value(sel, OA.start), g.value(sel, OA.end)
                if a is None or b is None: p(f, s, "selector without start/end"); continue
                a, b = int(a), int(b)
                if not (0 <= a < b <= len(docs[src])): p(f, s, f"span {a}-{b} outside document"); continue
                if b - a > 1500: p(f, s, f"span {a}-{b} is {b-a} chars long; cite a sentence or two")
                text = norm(docs[src][a:b])
                for pr in parties:
                    for o in g.objects(s, pr):
                        if not any(norm(n) in text for n in names(o)):
                            p(f, s, f"span {a}-{b} does not mention {pr.split('#')[1]} {o.split('/')[-1]} by any of {names(o)}")
    for s, pr, o in fg:
        if isinstance(o, URIRef) and str(o).startswith("https://w3id.org/nkkg/id/") and g.value(o, RDFS.label) is None:
            p(f, o, f"used (by {pr.split('#')[-1]}) but has no rdfs:label anywhere")
    for s in set(fg.subjects()):
        if isinstance(s, URIRef) and len(set(g.objects(s, RDFS.label))) > 1: p(f, s, f"several rdfs:label values: {sorted(map(str, g.objects(s, RDFS.label)))}")
for x in sorted(set(problems)): print(x)
print(f"{len(set(problems))} problems")
sys.exit(1 if problems else 0)
