"""Dataset metadata (DCAT-AP 3 and VoID) and the build summary, computed from the built graph.

graph/void.ttl describes the dataset twice over, in the two vocabularies that catalogues and linked-data
tools read: DCAT (following the DCAT-AP 3.0.0 profile: a catalogue, the dataset, one distribution per
dump with its size and SHA-256 checksum, the SPARQL endpoint as a data service, publisher, licence,
temporal and spatial coverage) and VoID (counts, class partitions, one subset per source graph, example
resources, and linksets to Wikidata, GeoNames and OpenStreetMap with their triple counts).

No clock and no randomness: dates come from the ontology header (release) and from the data (temporal
coverage), sizes and checksums from the dumps rendered in the same build.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from smartcity_kg.core import iri, outside
from smartcity_kg.core.config import Config
from smartcity_kg.core.problems import DataError, Problem
from smartcity_kg.pipeline.build import in_gazetteer
from smartcity_kg.pipeline.built import Built, Counts
from smartcity_kg.pipeline.exports import EXPORTS
from smartcity_kg.pipeline.exports import FOLDER as EXPORTS_FOLDER

if TYPE_CHECKING:
    from rdflib import Graph, Literal, URIRef
    from rdflib.term import Node


# The constant part of the DCAT catalogue (titles, descriptions, publisher, keywords, licence, rights, themes,
# languages, spatial coverage, provenance, the SPARQL service): a Turtle file of ontology/, for the default base.
CATALOGUE_FILE = "catalogue.ttl"
# Nodes of the catalogue that the computed distributions refer to.
EU = "http://publications.europa.eu/resource/authority/"
EU_LICENSE = EU + "licence/CC_BY_4_0"
# What a build computes, which the catalogue must not state: release dates and version, sizes, checksums, coverage.
COMPUTED = (
    "dcterms:issued",
    "dcterms:modified",
    "dcat:version",
    "dcat:byteSize",
    "spdx:checksumValue",
    "dcterms:temporal",
    "dcat:downloadURL",
)
RIGHTS = "rights"
"""The label of the blank node of the rights statement in ontology/catalogue.ttl."""
IANA = "https://www.iana.org/assignments/media-types/"
# Namespaces of the metadata that the data does not use (the rest come from ontology/context.jsonld).
PREFIXES = {"adms": "http://www.w3.org/ns/adms#", "spdxterms": "http://spdx.org/rdf/terms#"}

VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"
FOAF = "http://xmlns.com/foaf/0.1/"
SPDX = "http://spdx.org/rdf/terms#"
PROV = "http://www.w3.org/ns/prov#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
FORMATS_NS = "http://www.w3.org/ns/formats/"


@dataclass(frozen=True)
class Distribution:
    """A file of graph/ that is published as a DCAT distribution of the dataset."""

    media_type: str
    """IANA media type (of the content, also when compressed)."""
    file_type: str
    """Code in the EU file-type table (RDF_TURTLE, CSV, ...)."""
    title_en: str
    title_th: str
    compression: str | None = None
    """IANA media type of the compression (application/gzip), if compressed."""
    rdf_format: str | None = None
    """Name in http://www.w3.org/ns/formats/ if the file is an RDF dump (void:dataDump, void:feature)."""


# Registry by file name (the same names as write.FILES); each must have been rendered before void.ttl.
DISTRIBUTIONS: dict[str, Distribution] = {
    "smartcity.ttl": Distribution("text/turtle", "RDF_TURTLE", "The graph in Turtle", "กราฟในรูปแบบ Turtle", rdf_format="Turtle"),
    "smartcity.nt": Distribution(
        "application/n-triples", "RDF_N_TRIPLES", "The graph in N-Triples", "กราฟในรูปแบบ N-Triples", rdf_format="N-Triples"
    ),
    "smartcity.nq": Distribution(
        "application/n-quads",
        "RDF_N_QUADS",
        "The dataset in N-Quads, one named graph per source",
        "ชุดข้อมูลในรูปแบบ N-Quads แยกกราฟตามแหล่งที่มา",
        rdf_format="N-Quads",
    ),
    "smartcity.nq.gz": Distribution(
        "application/n-quads",
        "RDF_N_QUADS",
        "The dataset in N-Quads, gzip-compressed, for bulk loaders",
        "ชุดข้อมูลในรูปแบบ N-Quads บีบอัดด้วย gzip สำหรับการนำเข้าจำนวนมาก",
        compression="application/gzip",
        rdf_format="N-Quads",
    ),
    "smartcity.jsonld": Distribution("application/ld+json", "JSON_LD", "The graph in JSON-LD", "กราฟในรูปแบบ JSON-LD", rdf_format="JSON-LD"),
    "gazetteer.nq.gz": Distribution(
        "application/n-quads",
        "RDF_N_QUADS",
        "The gazetteer layer in N-Quads, gzip-compressed, in its named graph: "
        "districts and subdistricts with DOPA codes, names, parents, centroids",
        "ชั้นข้อมูลเขตการปกครองในรูปแบบ N-Quads บีบอัดด้วย gzip พร้อมชื่อกราฟ: อำเภอและตำบล รหัสกรมการปกครอง ชื่อ เขตที่สังกัด และจุดศูนย์กลาง",
        compression="application/gzip",
        rdf_format="N-Quads",
    ),
}


# The tables of graph/exports/ (pipeline/exports.py), for people who do not use RDF.
for _name, _export in EXPORTS.items():
    DISTRIBUTIONS[f"{EXPORTS_FOLDER}/{_name}.csv"] = Distribution(
        "text/csv", "CSV", f"{_export.title_en} (CSV)", f"{_export.title_th} (CSV)"
    )
    DISTRIBUTIONS[f"{EXPORTS_FOLDER}/{_name}.json"] = Distribution(
        "application/json", "JSON", f"{_export.title_en} (JSON)", f"{_export.title_th} (JSON)"
    )


# The queries of the counts, beside this module.
STATISTICS = Path(__file__).resolve().parent / "sparql" / "statistics"
# One example resource per class, the first by IRI (VoID void:exampleResource).
EXAMPLE_CLASSES = ("SmartCityArea", "Province", "Meeting", "Decision", "SmartCityDimension")


def counts(built: Built) -> Counts:
    """The counts of a build, computed once (a lock: render computes them on a second thread)."""
    with built.lock:
        if built.counts is None:
            built.counts = count(built)
        return built.counts


def count(built: Built) -> Counts:
    from pyoxigraph import Literal as OxLiteral
    from rdflib import Literal, URIRef

    store = built.validation.store
    ids = iri.id_base(built.config.base)

    def rows(name: str) -> list[tuple[object, ...]]:
        """The solutions of sparql/statistics/<name>.rq, moved to the base of the build."""
        text = iri.rebase((STATISTICS / f"{name}.rq").read_text(encoding="utf-8"), built.config.base)
        return [tuple(solution) for solution in store.query(text)]  # type: ignore[union-attr]

    found = Counts(layer={ids + seed.graph for seed in built.seeds.files if in_gazetteer(seed)})
    found.graphs = {g.value: int(n.value) for g, n in rows("graph-sizes")}  # type: ignore[attr-defined]
    found.predicates = {p.value: int(n.value) for p, n in rows("predicate-counts")}  # type: ignore[attr-defined]
    [(subjects,)] = rows("distinct-subjects")
    found.subjects = int(subjects.value)  # type: ignore[attr-defined]
    [(typed,)] = rows("typed-entities")
    found.typed = int(typed.value)  # type: ignore[attr-defined]
    for cls, n, first in rows("class-partitions"):
        found.classes[cls.value] = int(n.value)  # type: ignore[attr-defined]
        found.first[cls.value] = first.value  # type: ignore[attr-defined]
    for subject, value in rows("dated-things"):
        assert isinstance(value, OxLiteral)
        found.dates.append((subject.value, Literal(value.value, datatype=URIRef(value.datatype.value))))  # type: ignore[attr-defined]
    return found


def dataset_iri(base: str) -> str:
    return iri.id_base(base) + "dataset/thai-smart-city"


def catalog_iri(base: str) -> str:
    return iri.id_base(base) + "catalog/thai-smart-city"


def publisher_iri(base: str) -> str:
    return iri.id_base(base) + "agent/thai-smart-city-project"


def service_iri(base: str) -> str:
    return iri.id_base(base) + "service/sparql"


def distribution_iri(base: str, name: str) -> str:
    """`smartcity.nq.gz` -> <base>id/distribution/smartcity-nq-gz (a key never holds the file extension);
    `exports/areas.csv` -> <base>id/distribution/exports-areas-csv."""
    return iri.id_base(base) + "distribution/" + name.replace("/", "-").replace(".", "-")


def endpoint_url(base: str) -> str:
    """Where `smartcity-kg serve` answers SPARQL when the base is served by it."""
    return base + "sparql"


def download_url(base: str, name: str) -> str:
    return base + "graph/" + name


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def temporal_coverage(dates: list[tuple[str, Literal]]) -> tuple[Literal, Literal] | None:
    """The earliest and latest dcterms:date of the things in the data, as they are written (2021, 2022-11-09).

    A year (or a month) counts from its first to its last day, so "2022" ends after "2022-11-09".
    """
    import datetime as dt

    from rdflib.namespace import XSD

    def span(value: Literal) -> tuple[dt.date, dt.date] | None:
        text = str(value)
        try:
            if value.datatype == XSD.gYear:
                year = int(text[:4])
                return dt.date(year, 1, 1), dt.date(year, 12, 31)
            if value.datatype == XSD.gYearMonth:
                first = dt.date(int(text[:4]), int(text[5:7]), 1)
                following = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
                return first, following - dt.timedelta(days=1)
            if value.datatype in (XSD.date, XSD.dateTime):
                day = dt.date.fromisoformat(text[:10])
                return day, day
        except ValueError:
            return None
        return None

    spans = []
    for _, value in sorted(dates):
        found = span(value)
        if found is not None:
            spans.append((found, str(value), value))
    if not spans:
        return None
    start = min(spans, key=lambda item: (item[0][0], item[1]))[2]
    end = max(spans, key=lambda item: (item[0][1], item[1]))[2]
    return start, end


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


def release(built: Built) -> dict[str, Literal]:
    """dcterms:issued, dcterms:modified and owl:versionInfo of the ontology header: the release this build is."""
    from rdflib import OWL, Literal, URIRef
    from rdflib.namespace import DCTERMS

    ontology = built.validation.ontology
    header = URIRef(iri.def_base(built.config.base))
    found = {}
    for key, predicate in (("issued", DCTERMS.issued), ("modified", DCTERMS.modified), ("version", OWL.versionInfo)):
        value = ontology.value(header, predicate)
        if isinstance(value, Literal):
            found[key] = value
    return found


def catalogue(config: Config) -> list[tuple[Node, Node, Node]]:
    """The statements of ontology/catalogue.ttl, moved to the base; its blank nodes keep their labels (_:rights)."""
    import pyoxigraph as ox
    from rdflib import BNode, Literal, URIRef
    from rdflib.namespace import XSD

    def term(value: object) -> Node:
        if isinstance(value, ox.NamedNode):
            return URIRef(value.value)
        if isinstance(value, ox.BlankNode):
            return BNode(value.value)
        assert isinstance(value, ox.Literal)
        if value.language:
            return Literal(value.value, lang=value.language)
        datatype = value.datatype.value
        return Literal(value.value) if datatype == str(XSD.string) else Literal(value.value, datatype=URIRef(datatype))

    label = f"ontology/{CATALOGUE_FILE}"
    original = (config.ontology / CATALOGUE_FILE).read_text(encoding="utf-8")
    for number, line in enumerate(original.splitlines(), start=1):
        # The line without its strings, IRIs and comment: what is left names properties.
        statement = re.sub(r"<[^>]*>", "<>", re.sub(r'"(?:[^"\\]|\\.)*"', '""', line)).split("#", 1)[0]
        for name in COMPUTED:
            if re.search(rf"(?<![\w:]){re.escape(name)}(?![\w])", statement):
                message = f"{name} is computed by every build (metadata.py); {label} states only the constant part of the catalogue"
                raise DataError([Problem(label, number, statement.index(name) + 1, message, rule="declaration")])
    text = iri.rebase(original, config.base)
    try:
        quads = list(ox.parse(text.encode("utf-8"), format=ox.RdfFormat.TURTLE))
    except SyntaxError as error:
        raise DataError(
            [Problem(label, error.lineno or 0, error.offset or 0, f"not valid Turtle: {error.msg}", rule="declaration")]
        ) from error
    return [(term(q.subject), term(q.predicate), term(q.object)) for q in quads]


def describe_dcat(built: Built, graph: Graph) -> None:
    """DCAT-AP 3: catalogue, dataset, distributions, data service, and the things they point to.

    The constant part is ontology/catalogue.ttl; here are added what the build computes: the release dates and
    version, the temporal coverage, and one distribution per file with its size and checksum. Every value that the
    DCAT-AP shapes check with sh:class is typed (a licence is a dcterms:LicenseDocument, a download URL an
    rdfs:Resource, ...), so the shapes pass without inference.
    """
    from rdflib import RDF, RDFS, BNode, Literal, Namespace, URIRef
    from rdflib.namespace import DCTERMS, XSD

    dcat, spdx = Namespace(DCAT), Namespace(SPDX)
    config = built.config
    base = config.base
    dataset, catalog = URIRef(dataset_iri(base)), URIRef(catalog_iri(base))
    licence, rights = URIRef(EU_LICENSE), BNode(RIGHTS)
    dates = release(built)
    for statement in catalogue(config):
        graph.add(statement)

    def typed(node: URIRef | BNode, cls: URIRef) -> URIRef | BNode:
        graph.add((node, RDF.type, cls))
        return node

    def titled(node: URIRef | BNode, en: str, th: str | None = None, predicate: URIRef = DCTERMS.title) -> None:
        graph.add((node, predicate, Literal(en, lang="en")))
        if th:
            graph.add((node, predicate, Literal(th, lang="th")))

    for key in ("issued", "modified"):
        if key in dates:
            graph.add((dataset, DCTERMS[key], dates[key]))
            graph.add((catalog, DCTERMS[key], dates[key]))
    if "version" in dates:
        graph.add((dataset, dcat.version, Literal(str(dates["version"]))))
    coverage = temporal_coverage(counts(built).dates)
    if coverage is not None:
        period = typed(BNode("temporal"), DCTERMS.PeriodOfTime)
        graph.add((period, dcat.startDate, coverage[0]))
        graph.add((period, dcat.endDate, coverage[1]))
        graph.add((dataset, DCTERMS.temporal, period))

    # One distribution per dump, with its size and SHA-256 checksum.
    algorithm = spdx.checksumAlgorithm_sha256
    for name, distribution in DISTRIBUTIONS.items():
        if name in built.skipped:
            continue
        if name not in built.rendered:
            raise RuntimeError(f"metadata: {name} must be rendered before void.ttl (order of write.FILES)")
        data = built.rendered[name]
        node = typed(URIRef(distribution_iri(base, name)), dcat.Distribution)
        graph.add((dataset, dcat.distribution, node))
        titled(node, distribution.title_en, distribution.title_th)
        url = typed(URIRef(download_url(base, name)), RDFS.Resource)
        graph.add((node, dcat.accessURL, url))
        graph.add((node, dcat.downloadURL, url))
        graph.add((node, dcat.mediaType, typed(URIRef(IANA + distribution.media_type), DCTERMS.MediaType)))
        graph.add((node, DCTERMS["format"], typed(URIRef(EU + "file-type/" + distribution.file_type), DCTERMS.MediaTypeOrExtent)))
        if distribution.compression:
            graph.add((node, dcat.compressFormat, typed(URIRef(IANA + distribution.compression), DCTERMS.MediaType)))
        graph.add((node, dcat.byteSize, Literal(len(data), datatype=XSD.nonNegativeInteger)))
        checksum = typed(BNode("checksum-" + name.replace(".", "-")), spdx.Checksum)
        graph.add((checksum, spdx.algorithm, algorithm))
        graph.add((checksum, spdx.checksumValue, Literal(sha256(data), datatype=XSD.hexBinary)))
        graph.add((node, spdx.checksum, checksum))
        graph.add((node, DCTERMS.license, licence))
        graph.add((node, DCTERMS.rights, rights))
        for key in ("issued", "modified"):
            if key in dates:
                graph.add((node, DCTERMS[key], dates[key]))


def summary(built: Built) -> str:
    """What `build` prints: entities per class, triples, graphs, validation result."""
    from rdflib import Namespace

    config = built.config
    found = counts(built)
    width = max((len(c.rsplit("/", 1)[-1]) for c in found.classes), default=10)
    lines = ["entities per class:"]
    lines += [f"  {cls.rsplit('/', 1)[-1]:<{width}}  {number:>5}" for cls, number in sorted(found.classes.items())]
    lines.append(f"triples: {found.triples} in {len(found.graphs)} named graphs (one per source)")
    if config.gazetteer:
        lines.append(f"gazetteer layer: {found.layer_triples} of them, in {', '.join(sorted(found.layer))} (graph/gazetteer.*)")
    else:
        lines.append("gazetteer layer: skipped (--without-gazetteer); references to districts were not checked")
    sh = Namespace("http://www.w3.org/ns/shacl#")
    conforms = all(str(value) == "true" for value in built.validation.report.objects(None, sh.conforms))
    lines.append(f"validation: {'conforms to ontology/shapes.ttl' if conforms else 'FAILED'}")
    return "\n".join(lines)
