"""Dataset metadata (DCAT-AP 3 and VoID), computed from the built graph: graph/void.ttl.

graph/void.ttl describes the dataset twice over, in the two vocabularies that catalogues and linked-data
tools read: DCAT (following the DCAT-AP 3.0.0 profile: a catalogue, the dataset, one distribution per
dump with its size and SHA-256 checksum, the SPARQL endpoint as a data service, publisher, licence,
temporal and spatial coverage) and VoID (counts, class partitions, one subset per source graph, example
resources, and linksets to Wikidata, GeoNames and OpenStreetMap with their triple counts).

No clock and no randomness: dates come from the ontology header (release) and from the data (temporal
coverage), sizes and checksums from the dumps rendered in the same build. The DCAT half is catalogue.py,
the counts statistics.py; this module writes the VoID half and puts the two together.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from smartcity_kg.core import iri, outside
from smartcity_kg.pipeline.built import Built

if TYPE_CHECKING:
    from rdflib import Graph, URIRef
from smartcity_kg.pipeline.catalogue import DISTRIBUTIONS, dataset_iri, describe_dcat, download_url, endpoint_url
from smartcity_kg.pipeline.statistics import EXAMPLE_CLASSES, counts

# Namespaces of the metadata that the data does not use (the rest come from ontology/context.jsonld).
PREFIXES = {"adms": "http://www.w3.org/ns/adms#", "spdxterms": "http://spdx.org/rdf/terms#"}


VOID = "http://rdfs.org/ns/void#"


PROV = "http://www.w3.org/ns/prov#"


SKOS = "http://www.w3.org/2004/02/skos/core#"


FORMATS_NS = "http://www.w3.org/ns/formats/"


def void(built: Built) -> Graph:
    """The metadata graph of graph/void.ttl: DCAT-AP 3 and VoID."""
    graph = describe_void(built)
    describe_dcat(built, graph)
    return graph


def describe_void(built: Built) -> Graph:
    from rdflib import RDF, BNode, Graph, Literal, Namespace, URIRef
    from rdflib.namespace import DCTERMS, XSD

    vocab = Namespace(VOID)
    config = built.config
    found = counts(built)
    dataset = URIRef(dataset_iri(config.base))
    graph = Graph(bind_namespaces="none")
    graph.add((dataset, RDF.type, vocab.Dataset))
    graph.add((dataset, vocab.uriSpace, Literal(iri.id_base(config.base))))
    graph.add((dataset, vocab.triples, Literal(found.triples, datatype=XSD.integer)))
    graph.add((dataset, vocab.distinctSubjects, Literal(found.subjects, datatype=XSD.integer)))
    graph.add((dataset, vocab.properties, Literal(len(found.predicates), datatype=XSD.integer)))
    graph.add((dataset, vocab.entities, Literal(found.typed, datatype=XSD.integer)))
    graph.add((dataset, vocab.classes, Literal(len(found.classes), datatype=XSD.integer)))
    for cls, number in sorted(found.classes.items()):
        # Fixed blank-node ids keep the output byte-identical between builds.
        partition = BNode("class-" + cls.rsplit("/", 1)[-1])
        graph.add((dataset, vocab.classPartition, partition))
        graph.add((partition, vocab["class"], URIRef(cls)))
        graph.add((partition, vocab.entities, Literal(number, datatype=XSD.integer)))
    for name in EXAMPLE_CLASSES:
        first = found.first.get(iri.def_base(config.base) + name)
        if first is not None:
            graph.add((dataset, vocab.exampleResource, URIRef(first)))
    for name, size in sorted(found.graphs.items()):
        source = URIRef(name)
        subset = BNode("graph-" + name.rsplit("/", 1)[-1])
        graph.add((dataset, vocab.subset, subset))
        graph.add((subset, RDF.type, vocab.Dataset))
        graph.add((subset, DCTERMS.source, source))
        graph.add((subset, vocab.triples, Literal(size, datatype=XSD.integer)))
        if name in found.layer:  # the gazetteer layer has a dump of its own: users load it or leave it
            graph.add((subset, vocab.dataDump, URIRef(download_url(config.base, "gazetteer.nq.gz"))))
        # The dataset is derived from its sources (dcterms:source of a dcat:Dataset must name a dataset).
        graph.add((dataset, URIRef(PROV + "wasDerivedFrom"), source))
    for name, distribution in DISTRIBUTIONS.items():
        if distribution.rdf_format and name not in built.skipped:
            graph.add((dataset, vocab.dataDump, URIRef(download_url(config.base, name))))
    for rdf_format in sorted({d.rdf_format for d in DISTRIBUTIONS.values() if d.rdf_format}):
        graph.add((dataset, vocab.feature, URIRef(FORMATS_NS + rdf_format)))
    graph.add((dataset, vocab.sparqlEndpoint, URIRef(endpoint_url(config.base))))
    for namespace in sorted({p.rsplit("#", 1)[0] + "#" if "#" in p else p.rsplit("/", 1)[0] + "/" for p in found.predicates}):
        graph.add((dataset, vocab.vocabulary, URIRef(namespace)))
    describe_linksets(built, graph, dataset)
    return graph


def describe_linksets(built: Built, graph: Graph, dataset: URIRef) -> None:
    """One void:Linkset per outside dataset, with the number of links."""
    from rdflib import RDF, Literal, Namespace, URIRef
    from rdflib.namespace import DCTERMS, XSD

    vocab = Namespace(VOID)
    config = built.config
    prefixes = iri.prefixes(iri.load_context(config.ontology, config.base))
    # The schemes whose links are IRIs, from ontology/links.toml.
    for target in outside.links().iri_schemes().values():
        predicate = URIRef(iri.expand(target.prop, prefixes))
        links = counts(built).predicates.get(str(predicate), 0)
        if not links:
            continue
        linkset = URIRef(dataset_iri(config.base) + "-links-" + target.name)
        objects = URIRef(target.homepage)
        graph.add((dataset, vocab.subset, linkset))
        graph.add((linkset, RDF.type, vocab.Linkset))
        graph.add((linkset, DCTERMS.title, Literal(f"Links to {target.title}", lang="en")))
        graph.add((linkset, DCTERMS.title, Literal(f"ลิงก์ไปยัง {target.title}", lang="th")))
        graph.add((linkset, vocab.subjectsTarget, dataset))
        graph.add((linkset, vocab.objectsTarget, objects))
        graph.add((linkset, vocab.linkPredicate, predicate))
        graph.add((linkset, vocab.triples, Literal(links, datatype=XSD.integer)))
        graph.add((objects, RDF.type, vocab.Dataset))
        graph.add((objects, DCTERMS.title, Literal(target.title, lang="en")))
        graph.add((objects, vocab.uriSpace, Literal(prefixes[target.prefix])))
