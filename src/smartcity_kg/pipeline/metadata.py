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
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from smartcity_kg.core import iri, outside
from smartcity_kg.pipeline.build import in_gazetteer
from smartcity_kg.pipeline.built import Built, Counts
from smartcity_kg.pipeline.exports import EXPORTS
from smartcity_kg.pipeline.exports import FOLDER as EXPORTS_FOLDER

if TYPE_CHECKING:
    from rdflib import Graph, Literal, URIRef


TITLE_EN = "Thai Smart City knowledge graph"
TITLE_TH = "กราฟความรู้เมืองอัจฉริยะประเทศไทย"
DESCRIPTION_EN = (
    "Open linked data on Thailand's Smart City programme: the smart city areas and the provinces they lie in, the"
    " committees, meetings and decisions that certify them, the people and posts involved, and the programmes around"
    " them. Every fact cites the document it comes from and is published in the named graph of that source."
)
DESCRIPTION_TH = (
    "ข้อมูลเชื่อมโยงแบบเปิดของโครงการเมืองอัจฉริยะประเทศไทย ได้แก่ พื้นที่เมืองอัจฉริยะและจังหวัดที่ตั้ง คณะกรรมการ การประชุมและมติที่รับรอง"
    " บุคคลและตำแหน่ง และโครงการที่เกี่ยวข้อง ทุกข้อเท็จจริงอ้างอิงเอกสารแหล่งที่มา และเผยแพร่อยู่ในกราฟที่มีชื่อตามแหล่งที่มานั้น"
)
CATALOG_TITLE_EN = "Catalogue of the Thai Smart City linked-data project"
CATALOG_TITLE_TH = "แคตตาล็อกข้อมูลของโครงการข้อมูลเชื่อมโยงเมืองอัจฉริยะประเทศไทย"
# No source names an official publisher: the publisher is the project itself, named as in the ontology header
# (dcterms:creator of ontology/smartcity.ttl), not an agency.
PUBLISHER_EN = "Thai Smart City linked-data project contributors"
PUBLISHER_TH = "ผู้ร่วมพัฒนาโครงการข้อมูลเชื่อมโยงเมืองอัจฉริยะประเทศไทย"
KEYWORDS = (
    ("smart city", "en"),
    ("Thailand", "en"),
    ("province", "en"),
    ("linked data", "en"),
    ("เมืองอัจฉริยะ", "th"),
    ("ประเทศไทย", "th"),
    ("จังหวัด", "th"),
    ("ข้อมูลเชื่อมโยง", "th"),
)
LICENSE = "https://creativecommons.org/licenses/by/4.0/"

# EU Vocabularies (Publications Office) authority tables, which DCAT-AP names as its controlled vocabularies.
EU = "http://publications.europa.eu/resource/authority/"
EU_LICENSE = EU + "licence/CC_BY_4_0"
IANA = "https://www.iana.org/assignments/media-types/"
# Thailand: Wikidata Q869 (seeds/sources/reference-smart-city/entity_qids.csv) and the EU country table.
# No source in seeds/ gives a GeoNames feature for the country, so none is stated.
SPATIAL = ("http://www.wikidata.org/entity/Q869", EU + "country/THA")
THEMES = {"REGI": "Regions and cities", "GOVE": "Government and public sector"}
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


# Registry by file name (the same names as write.FORMATS); each must have been rendered before void.ttl.
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


# The tables of graph/exports/ (src/smartcity_kg/exports.py), for people who do not use RDF.
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
    graph.add((dataset, DCTERMS.title, Literal(TITLE_EN, lang="en")))
    graph.add((dataset, DCTERMS.title, Literal(TITLE_TH, lang="th")))
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


def describe_dcat(built: Built, graph: Graph) -> None:
    """DCAT-AP 3: catalogue, dataset, distributions, data service, and the things they point to.

    Every value that the DCAT-AP shapes check with sh:class is typed here (a licence is a
    dcterms:LicenseDocument, a download URL an rdfs:Resource, ...), so the shapes pass without inference.
    """
    from rdflib import RDF, RDFS, BNode, Literal, Namespace, URIRef
    from rdflib.namespace import DCTERMS, XSD

    dcat, foaf, spdx, skos = Namespace(DCAT), Namespace(FOAF), Namespace(SPDX), Namespace(SKOS)
    config = built.config
    base = config.base
    dataset, catalog = URIRef(dataset_iri(base)), URIRef(catalog_iri(base))
    publisher, service = URIRef(publisher_iri(base)), URIRef(service_iri(base))
    homepage, licence, public = URIRef(base), URIRef(EU_LICENSE), URIRef(EU + "access-right/PUBLIC")
    dates = release(built)

    def typed(node: URIRef | BNode, cls: URIRef) -> URIRef | BNode:
        graph.add((node, RDF.type, cls))
        return node

    def titled(node: URIRef | BNode, en: str, th: str | None = None, predicate: URIRef = DCTERMS.title) -> None:
        graph.add((node, predicate, Literal(en, lang="en")))
        if th:
            graph.add((node, predicate, Literal(th, lang="th")))

    # The publisher: the project (no source names an official publisher).
    typed(publisher, foaf.Agent)
    titled(publisher, PUBLISHER_EN, PUBLISHER_TH, foaf.name)
    graph.add((publisher, foaf.homepage, typed(homepage, foaf.Document)))

    # Licence and rights, shared by the catalogue, the distributions and the service.
    typed(licence, DCTERMS.LicenseDocument)
    titled(licence, "Creative Commons Attribution 4.0 International", predicate=RDFS.label)
    graph.add((licence, skos.exactMatch, URIRef(LICENSE)))
    typed(public, DCTERMS.RightsStatement)
    rights = typed(BNode("rights"), DCTERMS.RightsStatement)
    titled(
        rights,
        "Ontology, shapes and curated data: CC BY 4.0. The verbatim quotations (tsc:sourceQuote) from the source article"
        " remain its publisher's; they are kept as evidence of the facts taken from it. The provinces, districts and"
        " subdistricts (codes, names, parents, centroids, neighbours) are from W. J. Reynolds, Thailand Canonical"
        " Administrative-Names Reference v1.0.0, CC BY 4.0 (https://github.com/DevelopedbyWill/thailand-canonical-admin-names),"
        " converted to RDF by this project.",
        "ออนโทโลยี เงื่อนไขตรวจสอบ และข้อมูลที่คัดสรร: CC BY 4.0 ส่วนข้อความที่ยกมาจากบทความต้นทาง (tsc:sourceQuote)"
        " ยังเป็นลิขสิทธิ์ของผู้เผยแพร่บทความ และเก็บไว้เป็นหลักฐานของข้อเท็จจริงที่นำมาใช้ ข้อมูลจังหวัด อำเภอ และตำบล"
        " (รหัส ชื่อ เขตที่สังกัด จุดศูนย์กลาง จังหวัดที่ติดกัน) มาจาก Thailand Canonical Administrative-Names Reference"
        " v1.0.0 ของ W. J. Reynolds สัญญาอนุญาต CC BY 4.0 แปลงเป็น RDF โดยโครงการนี้",
        RDFS.label,
    )

    languages = [typed(URIRef(EU + "language/" + code), DCTERMS.LinguisticSystem) for code in ("THA", "ENG")]
    places = [typed(URIRef(place), DCTERMS.Location) for place in SPATIAL]

    # The catalogue.
    typed(catalog, dcat.Catalog)
    titled(catalog, CATALOG_TITLE_EN, CATALOG_TITLE_TH)
    titled(
        catalog,
        "The datasets and services of the Thai Smart City linked-data project.",
        "ชุดข้อมูลและบริการของโครงการข้อมูลเชื่อมโยงเมืองอัจฉริยะประเทศไทย",
        DCTERMS.description,
    )
    graph.add((catalog, DCTERMS.publisher, publisher))
    graph.add((catalog, foaf.homepage, homepage))
    graph.add((catalog, DCTERMS.license, licence))
    graph.add((catalog, dcat.dataset, dataset))
    graph.add((catalog, dcat.service, service))
    taxonomy = typed(URIRef(EU + "data-theme"), skos.ConceptScheme)
    titled(taxonomy, "Data theme")
    graph.add((catalog, dcat.themeTaxonomy, taxonomy))
    for node in languages:
        graph.add((catalog, DCTERMS.language, node))
    for place in places:
        graph.add((catalog, DCTERMS.spatial, place))

    # The dataset (also the void:Dataset above).
    typed(dataset, dcat.Dataset)
    titled(dataset, DESCRIPTION_EN, DESCRIPTION_TH, DCTERMS.description)
    graph.add((dataset, DCTERMS.identifier, Literal(dataset_iri(base))))
    graph.add((dataset, DCTERMS.publisher, publisher))
    graph.add((dataset, DCTERMS.creator, publisher))
    graph.add((dataset, DCTERMS.license, licence))
    graph.add((dataset, DCTERMS.accessRights, public))
    graph.add((dataset, dcat.landingPage, homepage))
    graph.add((dataset, foaf.page, typed(URIRef(iri.def_base(base)), foaf.Document)))
    for key in ("issued", "modified"):
        if key in dates:
            graph.add((dataset, DCTERMS[key], dates[key]))
            graph.add((catalog, DCTERMS[key], dates[key]))
    if "version" in dates:
        graph.add((dataset, dcat.version, Literal(str(dates["version"]))))
    for word, lang in KEYWORDS:
        graph.add((dataset, dcat.keyword, Literal(word, lang=lang)))
    for code, label in THEMES.items():
        theme = typed(URIRef(EU + "data-theme/" + code), skos.Concept)
        graph.add((theme, skos.prefLabel, Literal(label, lang="en")))
        graph.add((theme, skos.inScheme, taxonomy))
        graph.add((dataset, dcat.theme, theme))
    for node in languages:
        graph.add((dataset, DCTERMS.language, node))
    for place in places:
        graph.add((dataset, DCTERMS.spatial, place))
    coverage = temporal_coverage(counts(built).dates)
    if coverage is not None:
        period = typed(BNode("temporal"), DCTERMS.PeriodOfTime)
        graph.add((period, dcat.startDate, coverage[0]))
        graph.add((period, dcat.endDate, coverage[1]))
        graph.add((dataset, DCTERMS.temporal, period))
    graph.add((dataset, DCTERMS.accrualPeriodicity, typed(URIRef(EU + "frequency/IRREG"), DCTERMS.Frequency)))
    for standard in (iri.def_base(base), iri.def_base(base) + "shapes/"):
        graph.add((dataset, DCTERMS.conformsTo, typed(URIRef(standard), DCTERMS.Standard)))
    provenance = typed(BNode("provenance"), DCTERMS.ProvenanceStatement)
    titled(
        provenance,
        "Curated by the project's contributors from the source documents listed as prov:wasDerivedFrom: every statement"
        " is in the named graph of the source it is taken from, facts from the article carry the Thai sentence they come"
        " from verbatim, and English names the sources do not give are in the graph of the project's own curation.",
        "คัดสรรโดยผู้ร่วมพัฒนาโครงการจากเอกสารแหล่งที่มาที่ระบุด้วย prov:wasDerivedFrom ทุกข้อความอยู่ในกราฟที่มีชื่อตามแหล่งที่มา"
        " ข้อเท็จจริงจากบทความมีประโยคภาษาไทยต้นฉบับกำกับ และชื่อภาษาอังกฤษที่แหล่งที่มาไม่ได้ให้ไว้อยู่ในกราฟการคัดสรรของโครงการ",
        RDFS.label,
    )
    graph.add((dataset, DCTERMS.provenance, provenance))

    # One distribution per dump, with its size and SHA-256 checksum.
    algorithm = typed(spdx.checksumAlgorithm_sha256, spdx.ChecksumAlgorithm)
    for name, distribution in DISTRIBUTIONS.items():
        if name in built.skipped:
            continue
        if name not in built.rendered:
            raise RuntimeError(f"metadata: {name} must be rendered before void.ttl (order of write.FORMATS)")
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

    # The SPARQL endpoint of `smartcity-kg serve`, as a data service and as a distribution through it.
    endpoint = typed(URIRef(endpoint_url(base)), RDFS.Resource)
    typed(service, dcat.DataService)
    titled(service, "SPARQL endpoint", "จุดบริการ SPARQL")
    titled(
        service,
        "SPARQL 1.1 Protocol endpoint of smartcity-kg serve over this dataset, read-only, where the base IRI is served by it."
        " A static copy of the site (smartcity-kg site) has no endpoint.",
        "จุดบริการ SPARQL 1.1 ของ smartcity-kg serve สำหรับชุดข้อมูลนี้ อ่านได้อย่างเดียว เมื่อ IRI ฐานชี้มายังเซิร์ฟเวอร์นั้น"
        " เว็บไซต์แบบสถิต (smartcity-kg site) ไม่มีจุดบริการนี้",
        DCTERMS.description,
    )
    graph.add((service, dcat.endpointURL, endpoint))
    graph.add((service, dcat.endpointDescription, endpoint))  # GET without a query: the service description
    graph.add((service, DCTERMS.conformsTo, typed(URIRef("https://www.w3.org/TR/sparql11-protocol/"), DCTERMS.Standard)))
    graph.add((service, dcat.servesDataset, dataset))
    graph.add((service, DCTERMS.publisher, publisher))
    graph.add((service, DCTERMS.license, licence))
    graph.add((service, DCTERMS.accessRights, public))
    sparql = typed(URIRef(distribution_iri(base, "sparql")), dcat.Distribution)
    titled(sparql, "SPARQL endpoint", "จุดบริการ SPARQL")
    graph.add((sparql, dcat.accessURL, endpoint))
    graph.add((sparql, dcat.accessService, service))
    graph.add((sparql, DCTERMS.license, licence))
    graph.add((dataset, dcat.distribution, sparql))


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
