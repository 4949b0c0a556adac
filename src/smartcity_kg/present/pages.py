"""What the HTML pages show: entity descriptions, labels in Thai and English, the vocabulary, the counts.

Everything about the data comes from SPARQL through a runner (embedded or remote), so the pages are the
same whatever answers the queries. Labels of classes and properties come from the ontology in graph/.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from smartcity_kg.core import iri, outside
from smartcity_kg.rdf.results import sparql_term
from smartcity_kg.rdf.sparql import Runner, select

LANGUAGES = ("th", "en")
OWL_VERSION_IRI = "http://www.w3.org/2002/07/owl#versionIRI"
VERSION_PATH = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*/")
"""A version IRI's path under the ontology's IRI: one folder (`0.2.0/`)."""
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABELS = ("rdfs:label", "skos:prefLabel", "dcterms:title")
# Properties shown in their own boxes rather than in the table: provenance and outside links.
SOURCE, QUOTE = "dcterms:source", "tsc:sourceQuote"


def outside_links() -> dict[str, str]:
    """The properties of the outside links shown in their own box, with the name of their dataset (ontology/links.toml)."""
    return {scheme.prop: scheme.title for scheme in outside.links().iri_schemes().values()}


OUTSIDE_LABELS = "ontology/outside-labels.ttl"
"""Thai and English names of the outside terms and of the inverse directions of properties, under the repository root."""
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

MESSAGES: dict[str, tuple[str, str]] = {
    "title": ("กราฟความรู้เมืองอัจฉริยะประเทศไทย", "Thai Smart City knowledge graph"),
    "tagline": (
        "ข้อมูลเชื่อมโยงแบบเปิดของโครงการเมืองอัจฉริยะประเทศไทย: พื้นที่เมืองอัจฉริยะและจังหวัดที่ตั้ง คณะกรรมการ การประชุมและมติที่รับรอง"
        " บุคคลและตำแหน่ง และโครงการที่เกี่ยวข้อง ทุกข้อเท็จจริงอ้างอิงเอกสารแหล่งที่มาได้",
        "Open linked data on Thailand's Smart City programme: the smart city areas and the provinces they lie in, the committees,"
        " meetings and decisions that certify them, the people and posts involved, and the programmes around them"
        " — every fact traceable to the document it comes from.",
    ),
    "home": ("หน้าแรก", "Home"),
    "query": ("สืบค้นด้วย SPARQL", "SPARQL query"),
    "endpoint": ("จุดบริการ SPARQL", "SPARQL endpoint"),
    "counts": ("จำนวน", "Counts"),
    "triples": ("ทริปเปิล", "triples"),
    "triples_split": (
        "ทริปเปิลทั้งหมด {total} รายการ: ข้อมูล {main} รายการในชั้นข้อมูลหลัก ({sources} แหล่งที่มา) {layer} รายการในชั้นทำเนียบเขตการปกครอง"
        " (อำเภอ ตำบล และจุดศูนย์กลาง) และ {ontology} รายการของออนโทโลยี",
        "{total} triples in all: {main} of data in the main layer ({sources} sources), {layer} in the gazetteer layer"
        " (districts, subdistricts and their centroids), and {ontology} of the ontology.",
    ),
    "triples_split_no_layer": (
        "ทริปเปิลทั้งหมด {total} รายการ: ข้อมูล {main} รายการ ({sources} แหล่งที่มา) และ {ontology} รายการของออนโทโลยี",
        "{total} triples in all: {main} of data ({sources} sources) and {ontology} of the ontology.",
    ),
    "entities": ("สิ่ง", "entities"),
    "classes": ("คลาส", "Classes"),
    "class": ("คลาส", "class"),
    "sources": ("แหล่งที่มา", "Sources"),
    "source_graphs": ("แหล่งที่มา (กราฟที่มีชื่อ)", "Sources (named graphs)"),
    "downloads": ("ดาวน์โหลด", "Downloads"),
    "ontology": ("ออนโทโลยี", "Ontology"),
    "entry_points": ("เริ่มต้นที่", "Start here"),
    "type": ("ประเภท", "Type"),
    "properties": ("ข้อมูล", "Properties"),
    "referenced_by": ("ถูกอ้างถึงโดย", "Referenced by"),
    "provenance": ("ที่มาของข้อมูล", "Provenance"),
    "stated_in": ("ข้อความในกราฟ", "Statements in graph"),
    "quotes": ("ข้อความจากแหล่งที่มา", "Quoted from the source"),
    "external": ("ลิงก์ภายนอก", "External links"),
    "iri": ("IRI", "IRI"),
    "formats": ("รูปแบบอื่น", "Other formats"),
    "instances": ("สมาชิกของคลาส", "Instances"),
    "not_found": ("ไม่พบ", "Not found"),
    "not_found_text": ("ไม่มีข้อมูลเกี่ยวกับ IRI นี้ในชุดข้อมูล", "The dataset says nothing about this IRI."),
    "error": ("เกิดข้อผิดพลาด", "Error"),
    "more": ("และอีก", "and more"),
    "graph": ("กราฟ", "graph"),
    "licence": ("สัญญาอนุญาต: ข้อมูล CC BY 4.0, โค้ด MIT", "Licence: data CC BY 4.0, code MIT"),
    "examples": ("ตัวอย่างคำค้น", "Example queries"),
    "query_help": (
        "ตัวอย่างคำค้นแต่ละแท็บมาจากโฟลเดอร์ queries/ กดปุ่มเล่นเพื่อส่งคำค้น",
        "Each tab holds an example query from the queries/ folder; press the play button to run it.",
    ),
    "query_prefixes": (
        "คำนำหน้าเนมสเปซของโครงการ (tsc:, skos:, dcterms: ...) ประกาศไว้ล่วงหน้าแล้วเหมือนคำสั่ง smartcity-kg query"
        " จึงไม่ต้องเขียน PREFIX เอง หากคำค้นประกาศชื่อเดียวกันเอง จะใช้ตามที่คำค้นประกาศ",
        "The project's prefixes (tsc:, skos:, dcterms: ...) are declared in advance, as in smartcity-kg query, so a query"
        " needs no PREFIX lines; a query that declares one of these names itself keeps its own.",
    ),
    "yasgui_missing": (
        "ยังไม่ได้ติดตั้ง YASGUI: เรียก scripts/setup.sh",
        "YASGUI is not installed: run scripts/setup.sh",
    ),
    "limits": ("ข้อจำกัด", "Limits"),
    "limits_text": (
        "SPARQL 1.1 Query · {runner} · เวลาไม่เกิน {timeout} วินาที · คำค้นไม่เกิน {length} ตัวอักษร · คำขอไม่เกิน {body} ไบต์"
        " · คำตอบไม่เกิน {result} MB · ไม่รับ Update, LOAD และ SERVICE",
        "SPARQL 1.1 Query · {runner} · timeout {timeout} s · query ≤ {length} chars · body ≤ {body} B · answer ≤ {result} MB"
        " · no Update, LOAD or SERVICE",
    ),
    "only_en": ("มีเฉพาะภาษาอังกฤษ", "English only"),
    "error_text": ("จุดบริการ SPARQL ไม่ตอบคำค้นนี้", "The SPARQL endpoint does not answer this query."),
    "error_detail": ("รายละเอียด", "Details"),
    "error_service": (
        "ไม่อนุญาตให้ใช้ SERVICE (การสืบค้นข้ามเครื่องให้บริการ): จุดบริการนี้ไม่ส่งคำขอไปยังเครื่องให้บริการอื่น",
        "SERVICE (federated query) is not allowed: this endpoint makes no requests to other servers.",
    ),
    "error_update": ("ไม่อนุญาตให้ใช้ SPARQL Update: จุดบริการนี้อ่านได้อย่างเดียว", "SPARQL Update is not allowed: this endpoint is read-only."),
    "error_load": (
        "ไม่อนุญาตให้ใช้ LOAD: จุดบริการนี้อ่านได้อย่างเดียวและไม่ดึงข้อมูลจากที่อื่น",
        "LOAD is not allowed: this endpoint is read-only and never fetches data from elsewhere.",
    ),
    "error_too_large": ("คำค้นหรือคำตอบใหญ่เกินขีดจำกัดของจุดบริการนี้", "The query or its answer is larger than this endpoint allows."),
    "error_timeout": ("คำค้นใช้เวลานานเกินขีดจำกัดของจุดบริการนี้", "The query took longer than the time limit of this endpoint."),
    "error_busy": ("จุดบริการไม่ว่างในขณะนี้ โปรดลองอีกครั้ง", "The endpoint is busy; try again shortly."),
    "only_th": ("มีเฉพาะภาษาไทย", "Thai only"),
}


def pick_language(param: str | None, cookie: str | None, accept_language: str | None) -> str:
    """?lang=, else the cookie, else the best of Accept-Language; Thai when nothing says."""
    for value in (param, cookie):
        if value in LANGUAGES:
            return value
    best, best_q = "th", 0.0
    for position, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        primary = tag.strip().lower().split("-")[0]
        q = 1.0
        match = re.search(r"q=([0-9.]+)", params)
        if match:
            try:
                q = float(match[1])
            except ValueError:
                q = 0.0
        q -= position * 1e-6  # earlier wins a tie
        if primary in LANGUAGES and q > best_q:
            best, best_q = primary, q
    return best


def texts(lang: str) -> dict[str, str]:
    index = LANGUAGES.index(lang)
    return {key: pair[index] for key, pair in MESSAGES.items()}


@dataclass
class Labels:
    """Labels by IRI and language, with a fallback through the other language to a short form of the IRI."""

    by_iri: dict[str, dict[str, str]] = field(default_factory=lambda: defaultdict(dict))
    shortener: Any = None

    def add(self, subject: str, value: str, lang: str | None) -> None:
        languages = self.by_iri[subject]
        languages.setdefault(lang or "", value)

    def get(self, subject: str, lang: str) -> str:
        return self.pick(subject, lang)[0]

    def pick(self, subject: str, lang: str) -> tuple[str, str | None]:
        """The label in `lang`, else in another language, with the language it is in (None: untagged or an IRI)."""
        languages = self.by_iri.get(subject, {})
        for choice in (lang, *[other for other in LANGUAGES if other != lang], ""):
            if choice in languages:
                return languages[choice], choice or None
        if languages:
            found, text = next(iter(languages.items()))
            return text, found or None
        return (self.shortener(subject) if self.shortener else subject), None

    def has(self, subject: str) -> bool:
        return subject in self.by_iri


class Vocabulary:
    """The ontology (and shapes) of graph/, in memory: names and comments of classes and properties."""

    def __init__(self, files: dict[str, Path], prefixes: dict[str, str], outside: Path | None = None) -> None:
        """`files`: graph IRI (the ontology's own IRI) -> Turtle file; `outside`: the labels of outside terms
        and inverse directions (OUTSIDE_LABELS), kept apart from the store so that no term page lists them."""
        import pyoxigraph as ox

        self.prefixes = prefixes
        self.store = ox.Store()
        for position, (graph, path) in enumerate(files.items()):
            if path.exists():
                load_stable(self.store, path, ox.RdfFormat.TURTLE, ox.NamedNode(graph), f"v{position}b")
        self.labels = Labels(shortener=self.compact)
        self.comments = Labels(shortener=lambda _: "")
        label, comment = self.expand("rdfs:label"), self.expand("rdfs:comment")
        for quad in self.store:
            if isinstance(quad.object, ox.Literal) and isinstance(quad.subject, ox.NamedNode):
                if quad.predicate.value == label:
                    self.labels.add(quad.subject.value, quad.object.value, quad.object.language)
                elif quad.predicate.value == comment:
                    self.comments.add(quad.subject.value, quad.object.value, quad.object.language)
        self.inverse_labels = Labels(shortener=lambda _: "")
        typed = self.store.quads_for_pattern(None, ox.NamedNode(RDF_TYPE), ox.NamedNode(OWL + "SymmetricProperty"))
        symmetric = {q.subject.value for q in typed if isinstance(q.subject, ox.NamedNode)}
        if outside is not None and outside.is_file():
            self.read_outside(outside)
        for prop in symmetric:  # read backwards, a symmetric property says the same
            for lang_, text in self.labels.by_iri.get(prop, {}).items():
                self.inverse_labels.add(prop, text, lang_ or None)

    def read_outside(self, path: Path) -> None:
        import pyoxigraph as ox

        triples = [q.triple for q in ox.parse(path=path, format=ox.RdfFormat.TURTLE)]
        label, inverse_of = self.expand("rdfs:label"), OWL + "inverseOf"
        names: dict[str, list[Any]] = defaultdict(list)
        for t in triples:
            if t.predicate.value == label and isinstance(t.object, ox.Literal):
                names[str(t.subject)].append(t.object)
                if isinstance(t.subject, ox.NamedNode):
                    self.labels.add(t.subject.value, t.object.value, t.object.language)
        for t in triples:
            if t.predicate.value != inverse_of or not isinstance(t.object, ox.NamedNode):
                continue
            pairs = [(t.object.value, str(t.subject))]
            if isinstance(t.subject, ox.NamedNode):  # a named inverse reads both ways
                pairs.append((t.subject.value, str(t.object)))
            for prop, other in pairs:
                for name in names.get(other, []):
                    self.inverse_labels.add(prop, name.value, name.language)

    def inverse_label(self, prop: str, lang: str) -> tuple[str, bool]:
        """How a page names `prop` read from its object: its inverse's label (True), else its own label (False)."""
        if self.inverse_labels.has(prop):
            return self.inverse_labels.get(prop, lang), True
        return self.labels.get(prop, lang), False

    def datatype_label(self, datatype: str | None, lang: str) -> str | None:
        """A datatype worth telling a reader: one that OUTSIDE_LABELS names (WKT); numbers, dates and strings say
        what they are by themselves, so XSD's and rdf:langString get none."""
        if not datatype or datatype.startswith(XSD) or datatype == RDF_LANG_STRING or not self.labels.has(datatype):
            return None
        return self.labels.get(datatype, lang)

    def versions(self, ontology: str) -> list[str]:
        """Where the versions of `ontology` resolve: its owl:versionIRIs under its own IRI, relative to it
        (`<def/>` -> `0.2.0/`); one folder name each, so that a path and a rewrite rule can hold it."""
        import pyoxigraph as ox

        found = self.store.quads_for_pattern(ox.NamedNode(ontology), ox.NamedNode(OWL_VERSION_IRI), None, ox.NamedNode(ontology))
        values = {q.object.value for q in found if isinstance(q.object, ox.NamedNode)}
        return sorted(v[len(ontology) :] for v in values if v.startswith(ontology) and VERSION_PATH.fullmatch(v[len(ontology) :]))

    def triples(self, graph: str) -> list[Any]:
        """Every triple of one file (`graph`, its IRI in `files`), sorted: the document of that ontology."""
        import pyoxigraph as ox

        return sorted((q.triple for q in self.store.quads_for_pattern(None, None, None, ox.NamedNode(graph))), key=str)

    def expand(self, compact: str) -> str:
        return iri.expand(compact, self.prefixes)

    def compact(self, value: str) -> str:
        return iri.compact(value, self.prefixes)

    def describe(self, subject: str) -> list[dict[str, Any]]:
        """Rows like `describe_query` gives, from the vocabulary itself."""
        import pyoxigraph as ox

        node = ox.NamedNode(subject)
        rows = [row("out", q.predicate, q.object, q.graph_name) for q in self.store.quads_for_pattern(node, None, None)]
        rows += [row("in", q.predicate, q.subject, q.graph_name) for q in self.store.quads_for_pattern(None, None, node)]
        return rows


def load_stable(store: Any, path: Path, rdf_format: Any, graph: Any = None, prefix: str = "b") -> None:
    """Load an RDF file into a pyoxigraph store, its blank nodes named `prefix` + their order of appearance.

    The parser's own blank-node names are random, so two loads of the same file would give two pages with
    different `_:` names; the order of the triples in a file is fixed.
    """
    import pyoxigraph as ox

    names: dict[str, Any] = {}

    def stable(term: Any) -> Any:
        if isinstance(term, ox.BlankNode):
            return names.setdefault(term.value, ox.BlankNode(f"{prefix}{len(names)}"))
        return term

    quads = [
        ox.Quad(stable(q.subject), q.predicate, stable(q.object), q.graph_name if graph is None else graph)
        for q in ox.parse(path=path, format=rdf_format, rename_blank_nodes=False)
    ]
    store.extend(quads)


def row(direction: str, predicate: Any, value: Any, graph: Any) -> dict[str, Any]:
    """A row of `describe_query` JSON results from pyoxigraph terms (the vocabulary's labels are stable: load_stable)."""
    import pyoxigraph as ox

    result = {"dir": {"type": "literal", "value": direction}, "p": sparql_term(predicate), "v": sparql_term(value)}
    if isinstance(graph, ox.NamedNode):
        result["g"] = sparql_term(graph)
    return result


# ---------------------------------------------------------------------------------------------------
# Queries the pages send
# ---------------------------------------------------------------------------------------------------

_IRI_FORBIDDEN = re.compile(r'[<>"{}|^`\\\x00-\x20]')


def iri_ref(value: str) -> str:
    """`<value>` for a SPARQL query; ValueError for anything that could break out of the IRI."""
    if _IRI_FORBIDDEN.search(value):
        raise ValueError(f"not an IRI: {value!r}")
    return f"<{value}>"


def describe_query(subject: str, limit: int) -> str:
    """Statements about `subject` both ways, with the named graph each comes from.

    Written for any endpoint: the default graph may be the union of the named graphs (the embedded
    store, Virtuoso) or hold data of its own (Oxigraph server, Fuseki); default-graph statements that are
    also in a named graph are listed once, with their graph.
    """
    s = iri_ref(subject)
    return f"""SELECT ?dir ?p ?v ?g WHERE {{
  {{ GRAPH ?g {{ {s} ?p ?v }} BIND("out" AS ?dir) }}
  UNION {{ {s} ?p ?v BIND("out" AS ?dir) FILTER NOT EXISTS {{ GRAPH ?h {{ {s} ?p ?v }} }} }}
  UNION {{ GRAPH ?g {{ ?v ?p {s} }} BIND("in" AS ?dir) }}
  UNION {{ ?v ?p {s} BIND("in" AS ?dir) FILTER NOT EXISTS {{ GRAPH ?h {{ ?v ?p {s} }} }} }}
}} LIMIT {limit}"""


def document_query(subject: str) -> str:
    """The triples of an entity's document: what it says and what points at it."""
    s = iri_ref(subject)
    return f"""CONSTRUCT {{ {s} ?p ?o . ?x ?q {s} }} WHERE {{
  {{ {s} ?p ?o }} UNION {{ GRAPH ?g {{ {s} ?p ?o }} }} UNION {{ ?x ?q {s} }} UNION {{ GRAPH ?h {{ ?x ?q {s} }} }}
}}"""


def labels_query(subjects: list[str], vocabulary: Vocabulary) -> str:
    values = " ".join(iri_ref(s) for s in subjects)
    path = "|".join(iri_ref(vocabulary.expand(p)) for p in LABELS)
    return f"SELECT ?x ?label WHERE {{ VALUES ?x {{ {values} }} {{ ?x {path} ?label }} UNION {{ GRAPH ?g {{ ?x {path} ?label }} }} }}"


async def fetch_labels(runner: Runner, subjects: set[str], vocabulary: Vocabulary, labels: Labels, chunk: int = 200) -> None:
    ordered = sorted(s for s in subjects if not _IRI_FORBIDDEN.search(s))
    for start in range(0, len(ordered), chunk):
        for binding in await select(runner, labels_query(ordered[start : start + chunk], vocabulary)):
            label = binding["label"]
            labels.add(binding["x"]["value"], label["value"], label.get("xml:lang"))


# ---------------------------------------------------------------------------------------------------
# An entity page
# ---------------------------------------------------------------------------------------------------


THAI_LEADING_VOWELS = "\u0e40\u0e41\u0e42\u0e43\u0e44"
"""เ แ โ ใ ไ: written before the consonant they follow in speech, and sorted by that consonant in Thai dictionaries."""
THAI_TONE_MARKS = dict.fromkeys(range(0x0E48, 0x0E4C))
"""่ ้ ๊ ๋: ignored at the first level of Thai dictionary order."""


def collation_key(text: str) -> tuple[str, str]:
    """A sort key close to Thai dictionary order without ICU (PyICU is not installed here): NFC, each leading
    vowel moved after its consonant, tone marks compared last. Latin text sorts case-insensitively."""
    chars = list(unicodedata.normalize("NFC", text).casefold())
    for i in range(len(chars) - 1):
        if chars[i] in THAI_LEADING_VOWELS:
            chars[i], chars[i + 1] = chars[i + 1], chars[i]
    swapped = "".join(chars)
    return swapped.translate(THAI_TONE_MARKS), swapped


def ordered(values: list[Value], lang: str) -> list[Value]:
    """The one order of values on a page, for serve and site alike: those in the page's language (or none) first,
    then by their text as Thai or English readers sort it, then by IRI."""
    return sorted(values, key=lambda v: (v.lang not in (lang, None), collation_key(v.text), v.iri or "", v.lang or ""))


@dataclass
class Value:
    """One value on a page: a literal, or a link (local page or outside IRI)."""

    text: str
    href: str | None = None
    iri: str | None = None
    lang: str | None = None
    """The language of `text` (a link's too: its label may be in the other language)."""
    datatype: str | None = None
    """A label for the datatype when it tells the reader something (datatype_label), else None."""
    graphs: list[str] = field(default_factory=list)
    notes: list[int] = field(default_factory=list)
    """The numbers of the named graphs (sources) that state it, in Entity.graphs."""
    only: bool = False
    """Shown in another language than the page's because the data has no other: the page says so."""


@dataclass
class Property:
    iri: str
    label: str
    compact: str
    values: list[Value] = field(default_factory=list)
    also: list[str] = field(default_factory=list)
    """Other properties (compact) that state exactly the same values, shown once under this one."""


@dataclass
class Entity:
    """Everything an entity page shows."""

    iri: str
    label: str
    other_labels: list[Value]
    types: list[Value]
    properties: list[Property]
    incoming: list[Property]
    sources: list[Value]
    graphs: list[Value]
    quotes: list[Value]
    external: list[tuple[str, Value]]
    comment: str = ""
    truncated: bool = False
    label_lang: str | None = None
    comment_lang: str | None = None


def row_key(binding: dict[str, Any]) -> str:
    return json.dumps(binding, sort_keys=True, ensure_ascii=False)


class Site:
    """Turns IRIs into the server's own paths and builds page models."""

    def __init__(self, base: str, vocabulary: Vocabulary) -> None:
        self.base = base
        self.vocabulary = vocabulary

    def href(self, value: str) -> str | None:
        """The local path of an IRI under the base (entities go straight to their document)."""
        if value.startswith(iri.id_base(self.base)):
            return "/doc/" + value[len(iri.id_base(self.base)) :]
        if value.startswith(self.base):
            return "/" + value[len(self.base) :]
        return None

    def value(self, term: dict[str, str], labels: Labels, lang: str) -> Value:
        if term["type"] == "uri":
            text, text_lang = labels.pick(term["value"], lang)
            return Value(text, self.href(term["value"]) or term["value"], term["value"], lang=text_lang)
        if term["type"] == "bnode":
            return Value("_:" + term["value"])
        return Value(term["value"], lang=term.get("xml:lang"), datatype=self.vocabulary.datatype_label(term.get("datatype"), lang))

    def entity(self, subject: str, rows: list[dict[str, Any]], labels: Labels, lang: str, limit: int) -> Entity:
        expand = self.vocabulary.expand
        label_properties = {expand(p) for p in LABELS}
        special = {expand(p): p for p in (SOURCE, QUOTE, *outside_links())}
        outgoing: dict[tuple[str, str], Value] = {}
        incoming: dict[tuple[str, str], Value] = {}
        graphs: dict[str, Value] = {}
        for binding in sorted(rows, key=row_key):  # whatever order the endpoint sent them in
            target = outgoing if binding["dir"]["value"] == "out" else incoming
            p, v = binding["p"]["value"], binding["v"]
            key = (p, v["type"] + v["value"] + v.get("xml:lang", "") + v.get("datatype", ""))
            item = target.get(key) or target.setdefault(key, self.value(v, labels, lang))
            graph = binding.get("g", {}).get("value")
            if graph and graph not in item.graphs:
                item.graphs.append(graph)
            if graph and graph not in graphs:
                graphs[graph] = self.value(binding["g"], labels, lang)
        sources = ordered(list(graphs.values()), lang)
        number = {value.iri: position for position, value in enumerate(sources, 1)}
        for item in [*outgoing.values(), *incoming.values()]:
            item.notes = sorted(number[g] for g in item.graphs)

        def grouped(items: dict[tuple[str, str], Value], skip: set[str], inverse: bool) -> list[Property]:
            properties: dict[str, Property] = {}
            for (p, _), item in items.items():
                if p in skip:
                    continue
                if p not in properties:
                    name, named = self.vocabulary.inverse_label(p, lang) if inverse else (self.vocabulary.labels.get(p, lang), True)
                    properties[p] = Property(p, name if named else "← " + name, self.vocabulary.compact(p))
                properties[p].values.append(item)
            for prop in properties.values():
                prop.values = ordered(prop.values, lang)
                tagged = [v for v in prop.values if v.lang and v.href is None]
                if tagged and not any(v.lang == lang for v in tagged):
                    for v in tagged:
                        v.only = True
            found = sorted(properties.values(), key=lambda prop: (prop.iri != RDF_TYPE, collation_key(prop.label), prop.iri))
            # The same things under two properties (a district is geo:sfWithin and skos:broader its province): once.
            kept: dict[tuple[str | None, ...], Property] = {}
            for prop in found:
                same = tuple(v.iri for v in prop.values)
                if None not in same and same in kept:
                    kept[same].also.append(prop.compact)
                else:
                    kept[same if None not in same else (prop.iri, None)] = prop
            return list(kept.values())

        def values_of(p: str) -> list[Value]:
            return ordered([item for (prop, _), item in outgoing.items() if prop == p], lang)

        names = [item for (p, _), item in outgoing.items() if p in label_properties]
        title, title_lang = labels.pick(subject, lang) if labels.has(subject) else self.vocabulary.labels.pick(subject, lang)
        comment, comment_lang = self.vocabulary.comments.pick(subject, lang)
        links = outside_links()
        external = [(links[special[p]], item) for (p, _), item in outgoing.items() if special.get(p) in links]
        types = []
        for item in values_of(RDF_TYPE):
            if item.iri is not None:
                text, text_lang = self.vocabulary.labels.pick(item.iri, lang)
                types.append(Value(text, item.href, item.iri, lang=text_lang))
        cited = values_of(expand(SOURCE))
        for source in [*sources, *cited]:
            source.only = source.lang not in (lang, None)
        return Entity(
            iri=subject,
            label=title,
            other_labels=ordered([n for n in names if n.text != title], lang),
            types=ordered(types, lang),
            properties=grouped(outgoing, {RDF_TYPE, *special}, inverse=False),
            incoming=grouped(incoming, set(), inverse=True),
            sources=cited,
            graphs=sources,
            quotes=values_of(expand(QUOTE)),
            external=sorted(external, key=lambda pair: (pair[0], pair[1].iri or "")),
            comment=comment,
            truncated=len(rows) >= limit,
            label_lang=title_lang,
            comment_lang=comment_lang if comment else None,
        )

    async def describe(self, runner: Runner, subject: str, lang: str, limit: int = 5000) -> Entity | None:
        found = await self.statements(runner, subject, limit)
        if found is None:
            return None
        rows, labels = found
        return self.entity(subject, rows, labels, lang, limit)

    async def statements(self, runner: Runner, subject: str, limit: int = 5000) -> tuple[list[dict[str, Any]], Labels] | None:
        """The rows of `describe_query` about `subject` and the labels of everything they name, in every language."""
        rows: list[dict[str, Any]]
        if subject.startswith(iri.def_base(self.base)):
            rows = self.vocabulary.describe(subject)
        else:
            rows = await select(runner, describe_query(subject, limit))
        if not rows:
            return None
        labels = Labels(shortener=self.vocabulary.compact)
        local, terms = self.named(subject, rows)
        await fetch_labels(runner, local, self.vocabulary, labels)
        self.term_labels(terms, labels)
        return rows, labels

    def named(self, subject: str, rows: list[dict[str, Any]]) -> tuple[set[str], set[str]]:
        """The IRIs a page about `subject` names: those whose labels the data gives, and the terms of the vocabulary."""
        wanted = {subject} | {b["v"]["value"] for b in rows if b["v"]["type"] == "uri"} | {b["g"]["value"] for b in rows if "g" in b}
        local = {w for w in wanted if w.startswith(iri.id_base(self.base)) or not w.startswith(self.base)}
        return local, wanted - local

    def term_labels(self, terms: set[str], labels: Labels) -> None:
        for w in terms:
            for lang_ in LANGUAGES:
                if w in self.vocabulary.labels.by_iri:
                    labels.add(w, self.vocabulary.labels.get(w, lang_), lang_)

    async def instances(self, runner: Runner, cls: str, lang: str, limit: int = 1000) -> list[Value]:
        query = f"SELECT DISTINCT ?s WHERE {{ {{ ?s a {iri_ref(cls)} }} UNION {{ GRAPH ?g {{ ?s a {iri_ref(cls)} }} }} }} LIMIT {limit}"
        subjects = [b["s"]["value"] for b in await select(runner, query) if b["s"]["type"] == "uri"]
        labels = Labels(shortener=self.vocabulary.compact)
        await fetch_labels(runner, set(subjects), self.vocabulary, labels)
        found = []
        for s in subjects:
            text, text_lang = labels.pick(s, lang)
            found.append(Value(text, self.href(s) or s, s, lang=text_lang))
        return ordered(found, lang)


@dataclass
class Counts:
    """What the home page counts, by SPARQL, so that it describes whatever the runner answers from."""

    triples: int
    entities: int
    """Distinct typed subjects under <base>id/."""
    classes: list[tuple[Value, int]]
    graphs: list[tuple[Value, int]]
    data: int = 0
    """Distinct triples of the named graphs (the sources); the rest of `triples` is the ontology's."""
    layer: int = 0
    """Of `data`, those of the gazetteer layer's graphs."""
    main_sources: int = 0
    """The named graphs outside the layer."""

    @property
    def ontology(self) -> int:
        return self.triples - self.data

    @property
    def main(self) -> int:
        return self.data - self.layer


def layer_graphs(dump: Path) -> frozenset[str]:
    """The named graphs of a layer's dump (gzip N-Quads), such as graph/gazetteer.nq.gz; none without the file."""
    import gzip

    import pyoxigraph as ox

    if not dump.is_file():
        return frozenset()
    quads = ox.parse(gzip.decompress(dump.read_bytes()), format=ox.RdfFormat.N_QUADS)
    return frozenset(q.graph_name.value for q in quads if isinstance(q.graph_name, ox.NamedNode))


async def counts(runner: Runner, site: Site, lang: str, layer: frozenset[str] = frozenset()) -> Counts:
    """The counts of the home page; `layer`: the named graphs of the gazetteer layer (layer_graphs)."""
    def_base = iri.def_base(site.base)
    triples = await select(
        runner, "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } } }"
    )
    data = await select(runner, "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }")
    in_layer: list[dict[str, dict[str, str]]] = []
    if layer:
        graphs_in = ", ".join(iri_ref(g) for g in sorted(layer))
        in_layer = await select(
            runner,
            f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g IN ({graphs_in})) }} }}",
        )
    classes = await select(
        runner,
        "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { { ?s a ?c } UNION { GRAPH ?g { ?s a ?c } } "
        f'FILTER(STRSTARTS(STR(?c), "{def_base}")) }} GROUP BY ?c',
    )
    entities = await select(
        runner,
        "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { { ?s a ?c } UNION { GRAPH ?g { ?s a ?c } } "
        f'FILTER(STRSTARTS(STR(?s), "{iri.id_base(site.base)}")) }}',
    )
    graphs = await select(runner, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    labels = Labels(shortener=site.vocabulary.compact)
    await fetch_labels(runner, {b["g"]["value"] for b in graphs}, site.vocabulary, labels)

    def count(binding: dict[str, dict[str, str]]) -> int:
        return int(binding["n"]["value"])

    class_values = [
        (Value(site.vocabulary.labels.get(b["c"]["value"], lang), site.href(b["c"]["value"]), b["c"]["value"]), count(b)) for b in classes
    ]
    graph_values = [(site.value(b["g"], labels, lang), count(b)) for b in graphs]
    return Counts(
        triples=count(triples[0]) if triples else 0,
        entities=count(entities[0]) if entities else 0,
        classes=sorted(class_values, key=lambda pair: (-pair[1], pair[0].text)),
        graphs=sorted(graph_values, key=lambda pair: (-pair[1], pair[0].text)),
        data=count(data[0]) if data else 0,
        layer=count(in_layer[0]) if in_layer else 0,
        main_sources=len([b for b in graphs if b["g"]["value"] not in layer]),
    )
