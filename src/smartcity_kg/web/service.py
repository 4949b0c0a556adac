"""The SPARQL 1.1 Service Description of /sparql (https://www.w3.org/TR/sparql11-service-description/):
what the endpoint speaks, its predeclared prefixes, its result formats, its dataset."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from smartcity_kg.present.messages import texts
from smartcity_kg.rdf import formats

if TYPE_CHECKING:
    import pyoxigraph

PREFIXES = {"sd": "http://www.w3.org/ns/sparql-service-description#", "formats": "http://www.w3.org/ns/formats/"}


def description(
    endpoint: str,
    base: str,
    prefixes: dict[str, str],
    expand: Callable[[str], str],
    union_default_graph: bool,
    named_graphs: list[tuple[int, str]],
) -> list[pyoxigraph.Triple]:
    """The triples describing the endpoint at `endpoint`; `named_graphs` are (position, IRI) of the dataset's graphs."""
    import pyoxigraph as ox

    sd, w3c_formats = PREFIXES["sd"], PREFIXES["formats"]
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    service = ox.NamedNode(endpoint)
    triples = [
        ox.Triple(service, rdf_type, ox.NamedNode(sd + "Service")),
        ox.Triple(service, ox.NamedNode(sd + "endpoint"), service),
        ox.Triple(service, ox.NamedNode(sd + "supportedLanguage"), ox.NamedNode(sd + "SPARQL11Query")),
        ox.Triple(service, ox.NamedNode(expand("dcterms:title")), ox.Literal(texts("en")["title"], language="en")),
        ox.Triple(service, ox.NamedNode(expand("dcterms:title")), ox.Literal(texts("th")["title"], language="th")),
        ox.Triple(service, ox.NamedNode(expand("rdfs:seeAlso")), ox.NamedNode(base + "graph/void.ttl")),
    ]
    if union_default_graph:
        triples.append(ox.Triple(service, ox.NamedNode(sd + "feature"), ox.NamedNode(sd + "UnionDefaultGraph")))
    # The predeclared prefixes, in SHACL's vocabulary for prefix declarations (sh:declare, sh:prefix, sh:namespace).
    sh, any_uri = expand("sh:"), ox.NamedNode(expand("xsd:anyURI"))
    for name, namespace in sorted(prefixes.items()):
        declaration = ox.BlankNode(f"prefix-{name}")
        triples += [
            ox.Triple(service, ox.NamedNode(sh + "declare"), declaration),
            ox.Triple(declaration, ox.NamedNode(sh + "prefix"), ox.Literal(name)),
            ox.Triple(declaration, ox.NamedNode(sh + "namespace"), ox.Literal(namespace, datatype=any_uri)),
        ]
    for offered in (*formats.RESULTS.values(), *formats.GRAPHS.values()):
        triples.append(ox.Triple(service, ox.NamedNode(sd + "resultFormat"), ox.NamedNode(w3c_formats + offered.w3c)))
    dataset, default = ox.BlankNode("dataset"), ox.BlankNode("default")
    triples += [
        ox.Triple(service, ox.NamedNode(sd + "defaultDataset"), dataset),
        ox.Triple(dataset, rdf_type, ox.NamedNode(sd + "Dataset")),
        ox.Triple(dataset, ox.NamedNode(sd + "defaultGraph"), default),
        ox.Triple(default, rdf_type, ox.NamedNode(sd + "Graph")),
    ]
    for position, graph in named_graphs:
        named = ox.BlankNode(f"graph{position}")
        triples += [
            ox.Triple(dataset, ox.NamedNode(sd + "namedGraph"), named),
            ox.Triple(named, ox.NamedNode(sd + "name"), ox.NamedNode(graph)),
        ]
    return triples
