"""What the HTML pages show: entity descriptions, labels in Thai and English, the vocabulary, the counts.

Everything about the data comes from SPARQL through a runner (embedded or remote), so the pages are the
same whatever answers the queries. Labels of classes and properties come from the ontology in graph/.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from smartcity_kg import iri
from smartcity_kg.sparql import Runner, select

LANGUAGES = ("th", "en")
OWL_VERSION_IRI = "http://www.w3.org/2002/07/owl#versionIRI"
VERSION_PATH = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*/")
"""A version IRI's path under the ontology's IRI: one folder (`0.2.0/`)."""
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABELS = ("rdfs:label", "skos:prefLabel", "dcterms:title")
# Properties shown in their own boxes rather than in the table: provenance and outside links.
SOURCE, QUOTE = "dcterms:source", "tsc:sourceQuote"
EXTERNAL = {"tsc:wikidata": "Wikidata", "tsc:geonames": "GeoNames", "tsc:openStreetMap": "OpenStreetMap"}

# Names, in both languages, of the outside properties the data uses (the ontology names its own).
OUTSIDE_LABELS: dict[str, tuple[str, str]] = {
    "rdf:type": ("ประเภท", "type"),
    "rdfs:label": ("ชื่อ", "name"),
    "rdfs:comment": ("คำอธิบาย", "comment"),
    "skos:prefLabel": ("ชื่อหลัก", "preferred name"),
    "skos:altLabel": ("ชื่ออื่น", "other name"),
    "skos:notation": ("รหัส", "notation"),
    "skos:inScheme": ("อยู่ในชุดแนวคิด", "in scheme"),
    "skos:topConceptOf": ("แนวคิดระดับบนสุดของ", "top concept of"),
    "skos:editorialNote": ("หมายเหตุของผู้จัดทำ", "editorial note"),
    "dcterms:source": ("แหล่งที่มา", "source"),
    "dcterms:identifier": ("รหัส", "identifier"),
    "dcterms:description": ("คำอธิบาย", "description"),
    "dcterms:title": ("ชื่อเรื่อง", "title"),
    "dcterms:date": ("วันที่", "date"),
    "dcterms:isPartOf": ("เป็นส่วนหนึ่งของ", "part of"),
    "dcterms:publisher": ("ผู้เผยแพร่", "publisher"),
    "dcterms:creator": ("ผู้สร้าง", "creator"),
    "dcterms:language": ("ภาษา", "language"),
    "dcterms:license": ("สัญญาอนุญาต", "licence"),
    "dcterms:rights": ("สิทธิ์", "rights"),
    "dcterms:issued": ("วันที่เผยแพร่", "issued"),
    "prov:wasDerivedFrom": ("ได้มาจาก", "derived from"),
    "schema:honorificPrefix": ("คำนำหน้า", "honorific prefix"),
    "schema:value": ("ค่า", "value"),
    "schema:unitText": ("หน่วย", "unit"),
    "schema:currency": ("สกุลเงิน", "currency"),
    "schema:url": ("URL", "URL"),
    "schema:version": ("รุ่น", "version"),
    "org:subOrganizationOf": ("เป็นหน่วยงานย่อยของ", "sub-organization of"),
    "org:postIn": ("ตำแหน่งใน", "post in"),
    "org:member": ("สมาชิก", "member"),
    "org:organization": ("องค์กร", "organization"),
    "org:role": ("บทบาท", "role"),
}

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
        languages = self.by_iri.get(subject, {})
        for choice in (lang, *[other for other in LANGUAGES if other != lang], ""):
            if choice in languages:
                return languages[choice]
        if languages:
            return next(iter(languages.values()))
        return self.shortener(subject) if self.shortener else subject

    def has(self, subject: str) -> bool:
        return subject in self.by_iri


class Vocabulary:
    """The ontology (and shapes) of graph/, in memory: names and comments of classes and properties."""

    def __init__(self, files: dict[str, Path], prefixes: dict[str, str]) -> None:
        """`files`: graph IRI (the ontology's own IRI) -> Turtle file."""
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
        for compact, names in OUTSIDE_LABELS.items():
            for lang, name in zip(LANGUAGES, names, strict=True):
                self.labels.add(self.expand(compact), name, lang)

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

    from smartcity_kg.results import sparql_term

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


@dataclass
class Value:
    """One value on a page: a literal, or a link (local page or outside IRI)."""

    text: str
    href: str | None = None
    iri: str | None = None
    lang: str | None = None
    datatype: str | None = None
    graphs: list[str] = field(default_factory=list)


@dataclass
class Property:
    iri: str
    label: str
    compact: str
    values: list[Value] = field(default_factory=list)


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
            return Value(labels.get(term["value"], lang), self.href(term["value"]) or term["value"], term["value"])
        if term["type"] == "bnode":
            return Value("_:" + term["value"])
        datatype = term.get("datatype")
        short = self.vocabulary.compact(datatype) if datatype and not datatype.endswith("#string") else None
        return Value(term["value"], lang=term.get("xml:lang"), datatype=short)

    def entity(self, subject: str, rows: list[dict[str, Any]], labels: Labels, lang: str, limit: int) -> Entity:
        expand = self.vocabulary.expand
        label_properties = {expand(p) for p in LABELS}
        special = {expand(p): p for p in (SOURCE, QUOTE, *EXTERNAL)}
        outgoing: dict[tuple[str, str], Value] = {}
        incoming: dict[tuple[str, str], Value] = {}
        graphs: dict[str, Value] = {}
        for binding in rows:
            target = outgoing if binding["dir"]["value"] == "out" else incoming
            p, v = binding["p"]["value"], binding["v"]
            key = (p, v["type"] + v["value"] + v.get("xml:lang", "") + v.get("datatype", ""))
            item = target.get(key) or target.setdefault(key, self.value(v, labels, lang))
            graph = binding.get("g", {}).get("value")
            if graph and graph not in item.graphs:
                item.graphs.append(graph)
            if graph and graph not in graphs:
                graphs[graph] = self.value(binding["g"], labels, lang)

        def grouped(items: dict[tuple[str, str], Value], skip: set[str]) -> list[Property]:
            properties: dict[str, Property] = {}
            for (p, _), item in items.items():
                if p in skip:
                    continue
                prop = properties.get(p) or properties.setdefault(
                    p, Property(p, self.vocabulary.labels.get(p, lang), self.vocabulary.compact(p))
                )
                prop.values.append(item)
            for prop in properties.values():
                prop.values.sort(key=lambda v: (v.lang not in (lang, None), v.text))
            return sorted(properties.values(), key=lambda prop: (prop.iri != RDF_TYPE, prop.label.casefold()))

        def values_of(p: str) -> list[Value]:
            return [item for (prop, _), item in outgoing.items() if prop == p]

        names = [item for (p, _), item in outgoing.items() if p in label_properties]
        title = labels.get(subject, lang) if labels.has(subject) else self.vocabulary.labels.get(subject, lang)
        external = [(EXTERNAL[special[p]], item) for (p, _), item in outgoing.items() if special.get(p) in EXTERNAL]
        types = [
            Value(self.vocabulary.labels.get(item.iri, lang), item.href, item.iri) for item in values_of(RDF_TYPE) if item.iri is not None
        ]
        return Entity(
            iri=subject,
            label=title,
            other_labels=[n for n in names if n.text != title],
            types=types,
            properties=grouped(outgoing, {RDF_TYPE, *special}),
            incoming=grouped(incoming, set()),
            sources=values_of(expand(SOURCE)),
            graphs=sorted(graphs.values(), key=lambda v: v.text),
            quotes=values_of(expand(QUOTE)),
            external=sorted(external, key=lambda pair: pair[0]),
            comment=self.vocabulary.comments.get(subject, lang),
            truncated=len(rows) >= limit,
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
        wanted = {subject} | {b["v"]["value"] for b in rows if b["v"]["type"] == "uri"} | {b["g"]["value"] for b in rows if "g" in b}
        local = {w for w in wanted if w.startswith(iri.id_base(self.base)) or not w.startswith(self.base)}
        await fetch_labels(runner, local, self.vocabulary, labels)
        for w in wanted - local:
            for lang_ in LANGUAGES:
                if w in self.vocabulary.labels.by_iri:
                    labels.add(w, self.vocabulary.labels.get(w, lang_), lang_)
        return rows, labels

    async def instances(self, runner: Runner, cls: str, lang: str, limit: int = 1000) -> list[Value]:
        query = f"SELECT DISTINCT ?s WHERE {{ {{ ?s a {iri_ref(cls)} }} UNION {{ GRAPH ?g {{ ?s a {iri_ref(cls)} }} }} }} LIMIT {limit}"
        subjects = [b["s"]["value"] for b in await select(runner, query) if b["s"]["type"] == "uri"]
        labels = Labels(shortener=self.vocabulary.compact)
        await fetch_labels(runner, set(subjects), self.vocabulary, labels)
        found = [Value(labels.get(s, lang), self.href(s) or s, s) for s in subjects]
        return sorted(found, key=lambda v: v.text.casefold())


@dataclass
class Counts:
    """What the home page counts, by SPARQL, so that it describes whatever the runner answers from."""

    triples: int
    entities: int
    """Distinct typed subjects under <base>id/."""
    classes: list[tuple[Value, int]]
    graphs: list[tuple[Value, int]]


async def counts(runner: Runner, site: Site, lang: str) -> Counts:
    def_base = iri.def_base(site.base)
    triples = await select(
        runner, "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } } }"
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
    )


def example_queries(folder: Path) -> list[tuple[str, str]]:
    """(name, text) of the example queries in `folder`, read now; checks (*-violation.rq) are left out."""
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.glob("*.rq")):
        if path.name.endswith("-violation.rq"):
            continue
        try:
            found.append((path.stem, path.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError):
            continue
    return found
