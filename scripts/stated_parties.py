#!/usr/bin/env python3
"""Parties as stated and as resolved: propose, merge and check them (data/CURATION.md).

Every nk:Support carries nk:supporterAsStated / nk:recipientAsStated and
nk:supporterResolution / nk:recipientResolution; every nk:Supply the same for supplier and
recipient. This script reads data/*.ttl (all of them, whoever wrote them) through a temporary
nkkg store loaded from the files on disk, and the corpus from ../shared/seeds.

  scripts/stated_parties.py              report: what it would propose, what a curator must do
  scripts/stated_parties.py --write      write its proposals into the data files
  scripts/stated_parties.py --merge F    merge a curated Turtle file F into the data files
  scripts/stated_parties.py --check      exit 1 unless every party is stated and resolved

Proposals. For each relation and party without the two properties, the first evidence span
(lowest document IRI, then lowest start) is normalised as tests/it/data.rs does (dump format
undone, case and diacritics folded, whitespace collapsed) and searched for the party's
rdfs:label and skos:altLabel values as whole words (no letter or digit on either side), a
match inside the other party's chosen words not counting. The stated words are the match as
it stands in the span once the dump format is undone; the longest name resolved as named wins,
and the resolution proposed is nkv:AsNamed. Words that also name a settlement (a capital
is a metonym for its state, or only the place where talks were held), another actor or a
region, that name a side, forces or a government in general (unless they are the actor's
rdfs:label or in another script), one-word alternative labels of a state (a demonym, a
capital or seat, or another name) and alternative labels of a state that do not contain its
name ("Tel Aviv") are not decided here: they are listed for a curator with the span, as are
parties whose span has none of their names. The listing goes to the terminal only, never into
the project.

Merging. A curated file (Turtle, the project's prefixes declared in it) gives, per relation,
the properties to set; each property given replaces that property's values on the relation
in whichever data file holds the relation (so it can also correct nk:supporter, nk:supplier
or nk:recipient). The files are then rewritten in canonical form with `nkkg export --graph`.
Writing and merging only ever touch data files that hold a changed relation; both are
idempotent, and properties already present are never overwritten by a proposal.

The binary is $NKKG, else $CARGO_TARGET_DIR/release/nkkg, else target/release/nkkg. Python 3.11
standard library only.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
NK = "https://w3id.org/nkkg/ontology#"
NKV = "https://w3id.org/nkkg/vocab/"
GRAPH = "https://w3id.org/nkkg/graph/"
KEEP = "urn:nkkg:stated-parties:keep"
PATCH = "urn:nkkg:stated-parties:patch"

# (class, party property) -> (as-stated property, resolution property)
ROLES = {
    ("Support", "supporter"): ("supporterAsStated", "supporterResolution"),
    ("Support", "recipient"): ("recipientAsStated", "recipientResolution"),
    ("Supply", "supplier"): ("supplierAsStated", "supplierResolution"),
    ("Supply", "recipient"): ("recipientAsStated", "recipientResolution"),
}
# Words that make a name a side, forces or a government in general: the curator decides.
GENERAL = {"side", "sides", "forces", "troops", "army", "military", "units", "government",
           "authorities", "leadership", "regime", "separatists"}
FOLD = str.maketrans({
    **dict.fromkeys("áàâäãåā", "a"), **dict.fromkeys("çčć", "c"), **dict.fromkeys("éèêëēə", "e"),
    **dict.fromkeys("íìîïı", "i"), "ñ": "n", **dict.fromkeys("óòôöõ", "o"),
    **dict.fromkeys("úùûü", "u"), **dict.fromkeys("şšś", "s"), "ğ": "g", "ž": "z",
})


def undump(text: str) -> str:
    """Undoes the tokenized dump format of document 000."""
    return text.replace(" @-@ ", "-").replace(" @,@ ", ",").replace(" @.@ ", ".")


def normalise(text: str) -> tuple[str, list[int]]:
    """The normalisation of tests/it/data.rs, with the index in `text` of each output char.

    `text` must already be undumped; case and the diacritics of the Rust test are folded and
    runs of whitespace become one space (none at either end).
    """
    out: list[str] = []
    where: list[int] = []
    for i, c in enumerate(text):
        if c.isspace():
            if out and out[-1] != " ":
                out.append(" ")
                where.append(i)
            continue
        for f in c.lower().translate(FOLD):
            out.append(f)
            where.append(i)
    if out and out[-1] == " ":
        out.pop()
        where.pop()
    return "".join(out), where


def whole_word_matches(haystack: str, needle: str) -> list[int]:
    """Start indices of `needle` in `haystack` with no letter or digit on either side."""
    found, start = [], 0
    while needle:
        i = haystack.find(needle, start)
        if i < 0:
            break
        before = haystack[i - 1] if i > 0 else " "
        after = haystack[i + len(needle)] if i + len(needle) < len(haystack) else " "
        if not before.isalnum() and not after.isalnum():
            found.append(i)
        start = i + 1
    return found


def short(iri: str) -> str:
    """An IRI with the project's prefixes, for messages."""
    for prefix, name in (("https://w3id.org/nkkg/id/", "nke:"), (NKV, "nkv:"), (NK, "nk:")):
        if iri.startswith(prefix):
            return name + iri[len(prefix):]
    return f"<{iri}>"


def turtle_string(value: str) -> str:
    """A Turtle string literal."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'


class Store:
    """A temporary nkkg store holding the ontology and data files as they are on disk."""

    def __init__(self, binary: Path) -> None:
        self.binary = binary
        self.tmp = Path(tempfile.mkdtemp(prefix="nkkg-stated-"))
        self.dir = self.tmp / "store"
        # A new store is seeded with the bundled graph, which may be older than the files:
        # empty it in the same request that keeps it non-empty, then load the files.
        self.run("update", "CLEAR ALL ; INSERT DATA { GRAPH <%s> { <%s> <%s> <%s> } }" % ((KEEP,) * 4))
        for path in sorted((ROOT / "ontology").glob("*.ttl")) + sorted((ROOT / "data").glob("*.ttl")):
            rel = path.relative_to(ROOT).as_posix()
            self.run("load", "--graph", GRAPH + rel, str(path))

    def run(self, *args: str) -> str:
        """Runs an nkkg command on the store; exits with its message when it fails."""
        cmd = [str(self.binary), "--store", str(self.dir), *args]
        env = {k: v for k, v in os.environ.items() if k != "NKKG_STORE"}
        done = subprocess.run(cmd, capture_output=True, text=True, env=env)
        if done.returncode != 0:
            sys.exit(f"nkkg {args[0]} failed: {done.stderr.strip()}")
        return done.stdout

    def select(self, query: str) -> list[dict[str, str]]:
        """The rows of a SELECT query, as CSV cells (IRIs in full, literals as text)."""
        return list(csv.DictReader(io.StringIO(self.run("query", "--format", "csv", query))))

    def close(self) -> None:
        """Removes the temporary store."""
        shutil.rmtree(self.tmp, ignore_errors=True)


@dataclass
class Party:
    """One party of one relation, with what the data already says about it."""

    relation: str
    cls: str
    role: str
    actor: str
    stated: str | None
    resolution: str | None
    graph: str


@dataclass
class Proposal:
    """The words and resolution proposed for one party."""

    party: Party
    words: str
    resolution: str


def load_parties(store: Store) -> list[Party]:
    """Every party of every Support and Supply, with what the data already states."""
    parties = []
    for (cls, role), (stated, resolution) in ROLES.items():
        rows = store.select(f"""SELECT ?x ?actor ?stated ?res ?g WHERE {{
            GRAPH ?g {{ ?x a nk:{cls} }} ?x nk:{role} ?actor .
            OPTIONAL {{ ?x nk:{stated} ?stated }} OPTIONAL {{ ?x nk:{resolution} ?res }} }}""")
        for r in rows:
            parties.append(Party(r["x"], cls, role, r["actor"], r["stated"] or None, r["res"] or None, r["g"]))
    return sorted(parties, key=lambda p: (p.relation, p.role))


def first_spans(store: Store) -> dict[str, str]:
    """The text of each relation's first span, dump format undone."""
    files = {r["d"]: r["f"] for r in store.select("SELECT ?d ?f WHERE { ?d a nk:SourceDocument ; nk:fileName ?f }")}
    texts = {d: (SEEDS / f).read_text(encoding="utf-8") for d, f in files.items()}
    spans: dict[str, tuple[str, int, int]] = {}
    for r in store.select("""SELECT ?x ?d ?a ?b WHERE { { ?x a nk:Support } UNION { ?x a nk:Supply }
            ?x nk:evidence [ oa:hasSource ?d ; oa:hasSelector [ oa:start ?a ; oa:end ?b ] ] }"""):
        key = (r["d"], int(r["a"]), int(r["b"]))
        if r["x"] not in spans or key < spans[r["x"]]:
            spans[r["x"]] = key
    return {x: undump(texts[d][a:b]) for x, (d, a, b) in spans.items()}


def names(store: Store) -> tuple[dict[str, list[tuple[str, bool]]], dict[str, set[str]], set[str], set[str]]:
    """Per entity its (name, is rdfs:label); per normalised name its entities; settlements; states."""
    by_entity: dict[str, list[tuple[str, bool]]] = {}
    by_name: dict[str, set[str]] = {}
    for r in store.select("SELECT ?e ?n ?main WHERE { { ?e rdfs:label ?n BIND(true AS ?main) } UNION { ?e skos:altLabel ?n BIND(false AS ?main) } }"):
        by_entity.setdefault(r["e"], []).append((r["n"], r["main"] == "true"))
        by_name.setdefault(normalise(r["n"])[0], set()).add(r["e"])
    settlements = {r["e"] for r in store.select("SELECT DISTINCT ?e WHERE { ?e a/rdfs:subClassOf* nk:Settlement }")}
    states = {r["e"] for r in store.select("SELECT DISTINCT ?e WHERE { ?e a ?c FILTER(?c IN (nk:State, nk:DeFactoState)) }")}
    return by_entity, by_name, settlements, states


def name_like(needle: str, names_of: list[tuple[str, bool]]) -> bool:
    """Whether a normalised alternative label contains the start of the actor's rdfs:label."""
    return any(normalise(n)[0][:4] in needle for n, is_label in names_of if is_label)


def classify(p: Party, words: str, needle: str, is_label: bool, by_entity, by_name, settlements, states):
    """The resolution of one match of a party's name (nkv: IRI), or why a curator must decide."""
    others = by_name.get(needle, set()) - {p.actor}
    acronym = words.replace(".", "").isupper()
    if others and others <= settlements:
        return None, "the words name a capital: a metonym, or only the place where something happened?"
    if others:
        return None, "the words also name " + ", ".join(sorted(short(o) for o in others))
    if is_label or not words.isascii():
        return NKV + "AsNamed", None
    if set(needle.split()) & GENERAL:
        return None, "the words name a side, forces or a government in general"
    if p.actor in states and " " not in needle and not acronym:
        return None, "one word for a state: its demonym, capital or seat (metonym), or another name?"
    if p.actor in states and not acronym and not name_like(needle, by_entity[p.actor]):
        return None, "the words do not contain the state's name: a capital or seat (metonym)?"
    return NKV + "AsNamed", None


def propose(parties, spans, by_entity, by_name, settlements, states):
    """Proposals for parties not yet stated, and (party, reason, candidate words) for a curator.

    Of the whole-word matches of the party's names, the longest one resolved as named wins,
    then (for the curator) the longest undecided one; the earliest occurrence breaks ties. A match that lies inside the other party's chosen words ("Armenia"
    in "Armenian Secret Army for the Liberation of Armenia") does not count.
    """
    by_relation: dict[str, list[Party]] = {}
    for p in parties:
        by_relation.setdefault(p.relation, []).append(p)
    proposals, curator = [], []
    for relation, pair in sorted(by_relation.items()):
        text = spans[relation]
        norm, where = normalise(text)
        candidates = {}
        for p in pair:
            found = []  # (rank, length, -position, words, resolution, reason)
            for name, is_label in by_entity.get(p.actor, []):
                needle = normalise(name)[0]
                for i in whole_word_matches(norm, needle):
                    words = text[where[i]:where[i + len(needle) - 1] + 1]
                    resolution, reason = classify(p, words, needle, is_label, by_entity, by_name, settlements, states)
                    rank = 1 if resolution else 0
                    found.append((rank, len(needle), -i, words, resolution, reason))
            candidates[id(p)] = sorted(found, reverse=True)
        taken: list[range] = []
        for p in sorted(pair, key=lambda p: max((c[1] for c in candidates[id(p)]), default=0), reverse=True):
            if p.stated is not None and p.resolution is not None:
                taken += occurrences(norm, p.stated)
                continue
            free = [c for c in candidates[id(p)]
                    if not any(-c[2] >= t.start and -c[2] + c[1] <= t.stop for t in taken)]
            if not free:
                reason = "none of its names is in the span as a whole word"
                if candidates[id(p)]:
                    reason = "its names are in the span only inside the other party's words"
                curator.append((p, reason, ""))
                continue
            best = free[0]
            taken.append(range(-best[2], -best[2] + best[1]))
            if best[4] is None:
                curator.append((p, best[5], best[3]))
            else:
                proposals.append(Proposal(p, best[3], best[4]))
    return proposals, curator


def proposals_turtle(proposals: list[Proposal]) -> str:
    """The proposals as a Turtle patch for `merge`."""
    lines = []
    for pr in proposals:
        stated, resolution = ROLES[(pr.party.cls, pr.party.role)]
        lines.append(f"<{pr.party.relation}> <{NK}{stated}> {turtle_string(pr.words)} ; <{NK}{resolution}> <{pr.resolution}> .")
    return "\n".join(lines) + "\n"


def merge(store: Store, patch: Path) -> list[str]:
    """Merges a Turtle patch into the graphs holding its subjects; returns the graphs changed."""
    store.run("update", f"DROP SILENT GRAPH <{PATCH}>")
    store.run("load", "--graph", PATCH, str(patch))
    orphans = store.select(f"""SELECT DISTINCT ?s WHERE {{ GRAPH <{PATCH}> {{ ?s ?p ?o }}
        FILTER NOT EXISTS {{ GRAPH ?g {{ ?s a ?c }} FILTER(STRSTARTS(STR(?g), "{GRAPH}data/")) }} }}""")
    if orphans:
        sys.exit(f"{patch}: no data file holds {', '.join(short(o['s']) for o in orphans)}; check the IRIs")
    graphs = [r["g"] for r in store.select(f"""SELECT DISTINCT ?g WHERE {{ GRAPH <{PATCH}> {{ ?s ?p ?o }}
        GRAPH ?g {{ ?s a ?c }} FILTER(STRSTARTS(STR(?g), "{GRAPH}data/")) }}""")]
    store.run("update", f"""
        DELETE {{ GRAPH ?g {{ ?s ?p ?old }} }} WHERE {{ GRAPH <{PATCH}> {{ ?s ?p ?o }} GRAPH ?g {{ ?s a ?c ; ?p ?old }}
            FILTER(STRSTARTS(STR(?g), "{GRAPH}data/")) }} ;
        INSERT {{ GRAPH ?g {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{PATCH}> {{ ?s ?p ?o }} GRAPH ?g {{ ?s a ?c }}
            FILTER(STRSTARTS(STR(?g), "{GRAPH}data/")) }} ;
        DROP GRAPH <{PATCH}>""")
    for g in graphs:
        rel = g[len(GRAPH):]
        store.run("export", "--graph", rel, "-o", str(ROOT / rel))
    return [g[len(GRAPH):] for g in graphs]


def occurrences(norm: str, words: str) -> list[range]:
    """Where stated words occur as whole words in a normalised span."""
    needle = normalise(undump(words))[0]
    return [range(i, i + len(needle)) for i in whole_word_matches(norm, needle)]


def check(parties, spans, by_entity) -> list[str]:
    """Parties not stated and resolved, whose stated words are not in the first span on their
    own (as a whole word, and not only inside the other party's stated words), or resolved as
    named by words that are no name of the actor (a leading "the" aside)."""
    problems = []
    by_relation: dict[str, list[Party]] = {}
    for p in parties:
        by_relation.setdefault(p.relation, []).append(p)
    for p in parties:
        if p.stated is None or p.resolution is None:
            problems.append(f"{short(p.relation)}: the {p.role} is not stated and resolved")
            continue
        norm = normalise(spans[p.relation])[0]
        found = occurrences(norm, p.stated)
        names_of = {normalise(n)[0] for n, _ in by_entity.get(p.actor, [])}
        bare = normalise(undump(p.stated))[0].removeprefix("the ")
        if p.resolution == NKV + "AsNamed" and not names_of & {bare, "the " + bare}:
            problems.append(f"{short(p.relation)}: the {p.role} as stated, {p.stated!r}, is resolved as named but is no name of {short(p.actor)}")
        if not found:
            problems.append(f"{short(p.relation)}: the {p.role} as stated, {p.stated!r}, is not a whole word of the first span")
            continue
        for other in by_relation[p.relation]:
            if other is p or other.stated is None or len(other.stated) <= len(p.stated):
                continue
            inside = occurrences(norm, other.stated)
            if all(any(f.start >= o.start and f.stop <= o.stop for o in inside) for f in found):
                problems.append(f"{short(p.relation)}: the {p.role} as stated, {p.stated!r}, is only inside the {other.role} as stated, {other.stated!r}")
    return problems


def binary() -> Path:
    """The nkkg binary to run."""
    for candidate in (os.environ.get("NKKG"),
                      os.environ.get("CARGO_TARGET_DIR") and Path(os.environ["CARGO_TARGET_DIR"]) / "release" / "nkkg",
                      ROOT / "target" / "release" / "nkkg"):
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    sys.exit("no nkkg binary: build it with `cargo build --release --all-targets`, or set NKKG to its path")


def main() -> None:
    """Parses the arguments and runs one mode."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    mode = ap.add_mutually_exclusive_group()
    mode.add_argument("--write", action="store_true", help="write the proposals into the data files")
    mode.add_argument("--merge", type=Path, metavar="FILE", help="merge a curated Turtle file into the data files")
    mode.add_argument("--check", action="store_true", help="exit 1 unless every party is stated and resolved right")
    args = ap.parse_args()
    if not SEEDS.is_dir():
        sys.exit(f"the corpus is not at {SEEDS}")
    store = Store(binary())
    try:
        if args.merge:
            changed = merge(store, args.merge)
            print(f"merged {args.merge} into {', '.join(changed) or 'no file'}")
            return
        parties = load_parties(store)
        spans = first_spans(store)
        by_entity, by_name, settlements, states = names(store)
        if args.check:
            problems = check(parties, spans, by_entity)
            print("\n".join(problems) or f"all {len(parties)} parties are stated and resolved")
            sys.exit(1 if problems else 0)
        proposals, curator = propose(parties, spans, by_entity, by_name, settlements, states)
        for p, reason, words in curator:
            print(f"\n== {short(p.relation)} {p.role} {short(p.actor)}: {reason}" + (f" [{words}]" if words else ""))
            print("   " + " ".join(spans[p.relation].split()))
        done = sum(p.stated is not None and p.resolution is not None for p in parties)
        print(f"\n{len(parties)} parties: {done} already stated, {len(proposals)} proposed, {len(curator)} for a curator")
        if args.write and proposals:
            patch = store.tmp / "proposals.ttl"
            patch.write_text(proposals_turtle(proposals), encoding="utf-8")
            print(f"wrote the proposals into {', '.join(merge(store, patch))}")
    finally:
        store.close()


if __name__ == "__main__":
    main()
