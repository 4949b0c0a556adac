"""The DCAT-AP 3 half of graph/void.ttl: the catalogue (its constant part from ontology/catalogue.ttl), the
dataset, a distribution per file with its size and SHA-256, the endpoint as a data service."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from smartcity_kg.core import iri, releases
from smartcity_kg.core.config import Config
from smartcity_kg.core.problems import DataError, Problem
from smartcity_kg.pipeline.built import Built
from smartcity_kg.pipeline.exports import CSVW, EXPORTS, metadata_name
from smartcity_kg.pipeline.exports import FOLDER as EXPORTS_FOLDER
from smartcity_kg.rdf import formats

if TYPE_CHECKING:
    from rdflib import Graph, Literal, URIRef
    from rdflib.term import Node
from smartcity_kg.pipeline.statistics import counts

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


DCAT = "http://www.w3.org/ns/dcat#"


FOAF = "http://xmlns.com/foaf/0.1/"


SPDX = "http://spdx.org/rdf/terms#"


@dataclass(frozen=True)
class Distribution:
    """A file of graph/ that is published as a DCAT distribution of the dataset."""

    format: str
    """Its format's name in the registry (rdf/formats.py): media type, EU file type, W3C name come from there."""
    title_en: str
    title_th: str
    compressed: bool = False
    """Gzip-compressed (the media type is that of the content)."""
    schema: str | None = None
    """The file of graph/ that describes this one's columns (its CSVW metadata): dcterms:conformsTo its URL."""
    standard: str | None = None
    """The IRI of the standard the file follows (CSVW for a metadata document): dcterms:conformsTo."""

    @property
    def media_type(self) -> str:
        return formats.NAMED[self.format].media_type

    @property
    def file_type(self) -> str:
        return formats.NAMED[self.format].eu

    @property
    def compression(self) -> str | None:
        """IANA media type of the compression, if compressed."""
        return formats.FILES["gz"].media_type if self.compressed else None

    @property
    def rdf_format(self) -> str | None:
        """Name in http://www.w3.org/ns/formats/ if the file is an RDF dump (void:dataDump, void:feature)."""
        fmt = formats.NAMED[self.format]
        return fmt.w3c if fmt.holds in ("graph", "dataset") else None


# Registry by file name (the same names as write.FILES); each must have been rendered before void.ttl.
DISTRIBUTIONS: dict[str, Distribution] = {
    "smartcity.ttl": Distribution("turtle", "The graph in Turtle", "กราฟในรูปแบบ Turtle"),
    "smartcity.nt": Distribution("ntriples", "The graph in N-Triples", "กราฟในรูปแบบ N-Triples"),
    "smartcity.nq": Distribution("nquads", "The dataset in N-Quads, one named graph per source", "ชุดข้อมูลในรูปแบบ N-Quads แยกกราฟตามแหล่งที่มา"),
    "smartcity.nq.gz": Distribution(
        "nquads",
        "The dataset in N-Quads, gzip-compressed, for bulk loaders",
        "ชุดข้อมูลในรูปแบบ N-Quads บีบอัดด้วย gzip สำหรับการนำเข้าจำนวนมาก",
        compressed=True,
    ),
    "smartcity.jsonld": Distribution("jsonld", "The graph in JSON-LD", "กราฟในรูปแบบ JSON-LD"),
    "gazetteer.nq.gz": Distribution(
        "nquads",
        "The gazetteer layer in N-Quads, gzip-compressed, in its named graph: "
        "districts and subdistricts with DOPA codes, names, parents, centroids",
        "ชั้นข้อมูลเขตการปกครองในรูปแบบ N-Quads บีบอัดด้วย gzip พร้อมชื่อกราฟ: อำเภอและตำบล รหัสกรมการปกครอง ชื่อ เขตที่สังกัด และจุดศูนย์กลาง",
        compressed=True,
    ),
    # The tables of graph/exports/ (pipeline/exports.py), for people who do not use RDF.
    **{
        f"{EXPORTS_FOLDER}/{name}.{extension}": Distribution(
            formats.FILES[extension].name,
            f"{export.title_en} ({label})",
            f"{export.title_th} ({label})",
            schema=metadata_name(name) if extension == "csv" else None,
        )
        for name, export in EXPORTS.items()
        for extension, label in (("csv", "CSV"), ("json", "JSON"))
    },
    # The CSV on the Web metadata of each CSV table: what a CSVW processor needs to make RDF of it. JSON, as the
    # server and the static site send a .json file (CSVW processors take application/json as well as
    # application/csvm+json); dcterms:conformsTo says that it is CSVW.
    **{
        metadata_name(name): Distribution(
            "json-file",
            f"{export.title_en} (CSV on the Web metadata of the CSV table)",
            f"{export.title_th} (เมทาดาทา CSV on the Web ของตาราง CSV)",
            standard=CSVW,
        )
        for name, export in EXPORTS.items()
    },
}


def dataset_iri(base: str) -> str:
    return releases.dataset_iri(base)


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
    from rdflib import RDF, BNode, Literal, Namespace, URIRef
    from rdflib.namespace import DCTERMS

    dcat = Namespace(DCAT)
    config = built.config
    base = config.base
    dataset, catalog = URIRef(dataset_iri(base)), URIRef(catalog_iri(base))
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
    cut = releases.read_all(config.root)
    if "version" in dates and not cut:  # with releases, the version-agnostic dataset has none: each release has its own
        graph.add((dataset, dcat.version, Literal(str(dates["version"]))))
    coverage = temporal_coverage(counts(built).dates)
    if coverage is not None:
        period = typed(BNode("temporal"), DCTERMS.PeriodOfTime)
        graph.add((period, dcat.startDate, coverage[0]))
        graph.add((period, dcat.endDate, coverage[1]))
        graph.add((dataset, DCTERMS.temporal, period))

    # One distribution per dump, with its size and SHA-256 checksum.
    issued = [dates[key] for key in ("issued", "modified") if key in dates]
    for name, distribution in DISTRIBUTIONS.items():
        if name in built.skipped:
            continue
        if name not in built.rendered:
            raise RuntimeError(f"metadata: {name} must be rendered before void.ttl (order of write.FILES)")
        data = built.rendered[name]
        node = URIRef(distribution_iri(base, name))
        graph.add((dataset, dcat.distribution, node))
        schema = download_url(base, distribution.schema) if distribution.schema in built.rendered else None
        describe_distribution(graph, node, distribution, len(data), sha256(data), download_url(base, name), name.replace(".", "-"), schema)
        for key, value in zip(("issued", "modified"), issued, strict=False):
            graph.add((node, DCTERMS[key], value))
    describe_releases(graph, config, cut)


def describe_distribution(
    graph: Graph, node: URIRef, distribution: Distribution, size: int, checksum: str, url: str, key: str, schema: str | None = None
) -> None:
    """A dcat:Distribution: its titles, where to get it, media type and format, size, SHA-256, licence and rights, and
    what it conforms to: the standard it follows, the URL of the file that describes its columns (`schema`)."""
    from rdflib import RDF, RDFS, BNode, Literal, Namespace, URIRef
    from rdflib.namespace import DCTERMS, XSD

    dcat, spdx = Namespace(DCAT), Namespace(SPDX)

    def typed(term: URIRef | BNode, cls: URIRef) -> URIRef | BNode:
        graph.add((term, RDF.type, cls))
        return term

    typed(node, dcat.Distribution)
    graph.add((node, DCTERMS.title, Literal(distribution.title_en, lang="en")))
    graph.add((node, DCTERMS.title, Literal(distribution.title_th, lang="th")))
    link = typed(URIRef(url), RDFS.Resource)
    graph.add((node, dcat.accessURL, link))
    graph.add((node, dcat.downloadURL, link))
    graph.add((node, dcat.mediaType, typed(URIRef(IANA + distribution.media_type), DCTERMS.MediaType)))
    graph.add((node, DCTERMS["format"], typed(URIRef(EU + "file-type/" + distribution.file_type), DCTERMS.MediaTypeOrExtent)))
    if distribution.compression:
        graph.add((node, dcat.compressFormat, typed(URIRef(IANA + distribution.compression), DCTERMS.MediaType)))
    graph.add((node, dcat.byteSize, Literal(size, datatype=XSD.nonNegativeInteger)))
    value = typed(BNode("checksum-" + key), spdx.Checksum)
    graph.add((value, spdx.algorithm, spdx.checksumAlgorithm_sha256))
    graph.add((value, spdx.checksumValue, Literal(checksum, datatype=XSD.hexBinary)))
    graph.add((node, spdx.checksum, value))
    graph.add((node, DCTERMS.license, URIRef(EU_LICENSE)))
    graph.add((node, DCTERMS.rights, BNode(RIGHTS)))
    for standard in (distribution.standard, schema):
        if standard:
            graph.add((node, DCTERMS.conformsTo, typed(URIRef(standard), DCTERMS.Standard)))


ADMS = "http://www.w3.org/ns/adms#"


def describe_releases(graph: Graph, config: Config, cut: list[releases.Release]) -> None:
    """The DCAT 3 version chain: the version-agnostic dataset has each release (dcat:hasVersion) and the last one
    (dcat:hasCurrentVersion); a release is a dataset of its own with its version, date, notes, the one before it
    (dcat:previousVersion), and its dumps at <base>release/<version>/, with the checksums releases/ recorded."""
    from rdflib import RDF, Literal, Namespace, URIRef
    from rdflib.namespace import DCTERMS, XSD

    dcat, adms = Namespace(DCAT), Namespace(ADMS)
    base = config.base
    agnostic = URIRef(dataset_iri(base))
    publisher, licence = URIRef(publisher_iri(base)), URIRef(EU_LICENSE)
    page = URIRef(releases_page(base))
    if cut:
        graph.add((page, RDF.type, URIRef(FOAF + "Document")))
    for release in cut:
        node = URIRef(releases.release_iri(base, release.version))
        graph.add((node, RDF.type, dcat.Dataset))
        graph.add((agnostic, dcat.hasVersion, node))
        graph.add((node, DCTERMS.isVersionOf, agnostic))
        graph.add((node, DCTERMS.title, Literal(f"Thai Smart City knowledge graph, release {release.version}", lang="en")))
        graph.add((node, DCTERMS.title, Literal(f"กราฟความรู้เมืองอัจฉริยะประเทศไทย รุ่น {release.version}", lang="th")))
        graph.add((node, DCTERMS.identifier, Literal(str(node))))
        graph.add((node, dcat.version, Literal(release.version)))
        graph.add((node, DCTERMS.issued, Literal(release.date, datatype=XSD.date)))
        for language in releases.LANGUAGES:
            text = getattr(release.notes, language).strip()
            graph.add((node, adms.versionNotes, Literal(text, lang=language)))
            graph.add((node, DCTERMS.description, Literal(text, lang=language)))
        if release.previous:
            graph.add((node, dcat.previousVersion, URIRef(releases.release_iri(base, release.previous))))
        graph.add((node, DCTERMS.publisher, publisher))
        graph.add((node, DCTERMS.license, licence))
        graph.add((node, dcat.landingPage, page))
        for name, found in release.files.items():
            distribution = DISTRIBUTIONS.get(name)
            if distribution is None:
                continue
            key = f"release-{release.version}-{name.replace('/', '-').replace('.', '-')}"
            dist = URIRef(iri.id_base(base) + "distribution/" + key)
            graph.add((node, dcat.distribution, dist))
            schema = releases.download_url(base, release.version, distribution.schema) if distribution.schema in release.files else None
            describe_distribution(
                graph, dist, distribution, found.size, found.sha256, releases.download_url(base, release.version, name), key, schema
            )
            graph.add((dist, DCTERMS.issued, Literal(release.date, datatype=XSD.date)))
    if cut:
        graph.add((agnostic, dcat.hasCurrentVersion, URIRef(releases.release_iri(base, cut[-1].version))))


def releases_page(base: str) -> str:
    """The page that lists the releases with their changelogs (serve and the static site)."""
    return base + "releases"
