"""Real SPARQL clients against `nkkg serve`: SPARQLWrapper and rdflib get the same
answers as `nkkg query` on the command line.

Run: python3 tests/clients/test_sparql_clients.py NKKG_BINARY
(needs `pip install SPARQLWrapper rdflib`; .ci/run does both).
"""

import json
import os
import subprocess
import sys
import unittest

import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import JSON, TURTLE, SPARQLWrapper

NKKG = sys.argv[1] if len(sys.argv) > 1 else "target/release/nkkg"
PREFIXES = """PREFIX nk: <https://w3id.org/nkkg/ontology#>
PREFIX nke: <https://w3id.org/nkkg/id/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
SELECT = PREFIXES + """SELECT ?supporter ?recipient WHERE {
  ?s a nk:Support ; nk:supporter ?supporter ; nk:recipient ?recipient .
} ORDER BY ?supporter ?recipient"""
CONSTRUCT = PREFIXES + "CONSTRUCT { ?c rdfs:label ?l } WHERE { ?c a <http://www.w3.org/2002/07/owl#Class> ; rdfs:label ?l }"


def cli_rows(query):
    out = subprocess.run([NKKG, "query", query, "--format", "json"], check=True, capture_output=True, text=True).stdout
    data = json.loads(out)
    return [tuple(b[v]["value"] for v in data["head"]["vars"]) for b in data["results"]["bindings"]]


class SparqlClients(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = subprocess.Popen([NKKG, "serve", "--bind", "127.0.0.1:0"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = cls.server.stdout.readline()
        address = line.split("http://")[1].split("/")[0]
        cls.endpoint = "http://%s/sparql" % address

    @classmethod
    def tearDownClass(cls):
        cls.server.terminate()
        cls.server.wait()

    def test_sparqlwrapper_select_matches_the_cli(self):
        client = SPARQLWrapper(self.endpoint)
        client.setQuery(SELECT)
        client.setReturnFormat(JSON)
        data = client.query().convert()
        rows = [(b["supporter"]["value"], b["recipient"]["value"]) for b in data["results"]["bindings"]]
        self.assertGreater(len(rows), 50)
        self.assertEqual(rows, cli_rows(SELECT))

    def test_sparqlwrapper_post_and_construct(self):
        client = SPARQLWrapper(self.endpoint)
        client.setMethod("POST")
        client.setQuery(CONSTRUCT)
        client.setReturnFormat(TURTLE)
        graph = rdflib.Graph()
        graph.parse(data=client.query().convert(), format="turtle")
        expected = rdflib.Graph()
        cli = subprocess.run([NKKG, "query", CONSTRUCT, "--format", "turtle"], check=True, capture_output=True, text=True).stdout
        expected.parse(data=cli, format="turtle")
        self.assertGreater(len(graph), 20)
        self.assertEqual(set(graph), set(expected))

    def test_rdflib_sparqlstore_select_matches_the_cli(self):
        store = SPARQLStore(self.endpoint, returnFormat="json")
        graph = rdflib.Graph(store=store)
        rows = [(str(r.supporter), str(r.recipient)) for r in graph.query(SELECT)]
        self.assertEqual(rows, cli_rows(SELECT))

    def test_rdflib_ask(self):
        store = SPARQLStore(self.endpoint, returnFormat="json")
        graph = rdflib.Graph(store=store)
        self.assertTrue(graph.query(PREFIXES + "ASK { nke:Azerbaijan rdfs:label ?l }").askAnswer)


if __name__ == "__main__":
    result = unittest.main(argv=[sys.argv[0]], exit=False, verbosity=2).result
    failed = len(result.failures) + len(result.errors)
    print("clients: %d passed, %d failed" % (result.testsRun - failed, failed))
    sys.exit(1 if failed else 0)
