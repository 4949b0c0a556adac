"""Dataset metadata (VoID) and the build summary, computed from the built graph; no clock, no randomness."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from smartcity_kg import iri

if TYPE_CHECKING:
    from rdflib import Graph

    from smartcity_kg.write import Built

TITLE_EN = "Thai Smart City knowledge graph"
TITLE_TH = "กราฟความรู้เมืองอัจฉริยะประเทศไทย"
LICENSE = "https://creativecommons.org/licenses/by/4.0/"


def entity_counts(graph: Graph, def_base: str) -> Counter[str]:
    """Instances per class of the project's ontology, by class IRI."""
    from rdflib import RDF

    return Counter(str(o) for o in graph.objects(None, RDF.type) if str(o).startswith(def_base))


def dataset_iri(base: str) -> str:
    return iri.id_base(base) + "dataset/thai-smart-city"


def void(built: Built) -> Graph:
    from rdflib import RDF, BNode, Graph, Literal, Namespace, URIRef
    from rdflib.namespace import DCTERMS, XSD

    vocab = Namespace("http://rdfs.org/ns/void#")
    config = built.config
    data = built.graph
    dataset = URIRef(dataset_iri(config.base))
    graph = Graph(bind_namespaces="none")
    graph.add((dataset, RDF.type, vocab.Dataset))
    graph.add((dataset, DCTERMS.title, Literal(TITLE_EN, lang="en")))
    graph.add((dataset, DCTERMS.title, Literal(TITLE_TH, lang="th")))
    graph.add((dataset, DCTERMS.license, URIRef(LICENSE)))
    graph.add((dataset, vocab.uriSpace, Literal(iri.id_base(config.base))))
    graph.add((dataset, vocab.triples, Literal(len(data), datatype=XSD.integer)))
    subjects = {s for s in data.subjects() if isinstance(s, URIRef)}
    graph.add((dataset, vocab.distinctSubjects, Literal(len(subjects), datatype=XSD.integer)))
    graph.add((dataset, vocab.properties, Literal(len(set(data.predicates())), datatype=XSD.integer)))
    typed = {s for s in data.subjects(RDF.type, None) if str(s).startswith(iri.id_base(config.base))}
    graph.add((dataset, vocab.entities, Literal(len(typed), datatype=XSD.integer)))
    counts = entity_counts(data, iri.def_base(config.base))
    graph.add((dataset, vocab.classes, Literal(len(counts), datatype=XSD.integer)))
    for cls, count in sorted(counts.items()):
        # Fixed blank-node ids keep the output byte-identical between builds.
        partition = BNode("class-" + cls.rsplit("/", 1)[-1])
        graph.add((dataset, vocab.classPartition, partition))
        graph.add((partition, vocab["class"], URIRef(cls)))
        graph.add((partition, vocab.entities, Literal(count, datatype=XSD.integer)))
    for context in sorted(built.dataset.graphs(), key=lambda g: str(g.identifier)):
        if len(context) == 0:
            continue
        subset = BNode("graph-" + str(context.identifier).rsplit("/", 1)[-1])
        graph.add((dataset, vocab.subset, subset))
        graph.add((subset, RDF.type, vocab.Dataset))
        graph.add((subset, DCTERMS.source, context.identifier))
        graph.add((subset, vocab.triples, Literal(len(context), datatype=XSD.integer)))
        graph.add((dataset, DCTERMS.source, context.identifier))
    for name in ("smartcity.ttl", "smartcity.nt", "smartcity.nq", "smartcity.nq.gz", "smartcity.jsonld"):
        graph.add((dataset, vocab.dataDump, URIRef(config.base + "graph/" + name)))
    for namespace in sorted(
        {str(p).rsplit("#", 1)[0] + "#" if "#" in str(p) else str(p).rsplit("/", 1)[0] + "/" for p in data.predicates()}
    ):
        graph.add((dataset, vocab.vocabulary, URIRef(namespace)))
    return graph


def summary(built: Built) -> str:
    """What `build` prints: entities per class, triples, graphs, validation result."""
    from rdflib import Namespace

    config = built.config
    counts = entity_counts(built.graph, iri.def_base(config.base))
    width = max((len(c.rsplit("/", 1)[-1]) for c in counts), default=10)
    lines = ["entities per class:"]
    lines += [f"  {cls.rsplit('/', 1)[-1]:<{width}}  {count:>5}" for cls, count in sorted(counts.items())]
    graphs = [g for g in built.dataset.graphs() if len(g)]
    lines.append(f"triples: {len(built.graph)} in {len(graphs)} named graphs (one per source)")
    sh = Namespace("http://www.w3.org/ns/shacl#")
    conforms = all(str(value) == "true" for value in built.validation.report.objects(None, sh.conforms))
    lines.append(f"validation: {'conforms to ontology/shapes.ttl' if conforms else 'FAILED'}")
    return "\n".join(lines)
