"""Stage 5, publish as a static site: `smartcity-kg site OUTDIR` writes a browsable copy of graph/.

The pages are made with the server's own templates and page models (present/pages.py), from the same SPARQL run
here on an in-process store, so a thing's page on the site is its page on `smartcity-kg serve`. Layout:

| path | what |
| --- | --- |
| `index.html`, `search.html`, `map.html`, `statistics.html` | home (counts, downloads with sizes and SHA-256), search, map, charts |
| `doc/<kind>/<key>.html` (+ `.ttl`, `.jsonld`, `.nt`, `.rdf`) | the document about `<base>id/<kind>/<key>`, as on the server |
| `def/index.html`, `def/<Term>.html` (+ RDF) | the ontology documentation; each term's page, a class's with its instances |
| `def/<version>/index.html` (+ RDF) | at the ontology's owl:versionIRI: the documentation, and the whole ontology as RDF |
| `en/...` | the same pages in English (the site's root is Thai, the server's default) |
| `graph/`, `context.jsonld` | the dumps and the JSON-LD context, where the dump IRIs point |
| `.htaccess`, `deploy/nginx.conf` | content negotiation for `<base>id/...`, `<base>def/...` and `<base>sparql` (conneg.py) |

Links are relative, so the site works from any folder of any web server and from file://. The same
graph/ gives the same bytes: queries are sorted, nothing reads a clock. The site is written to a
temporary folder that then takes OUTDIR's place in one step, as `build` does with graph/.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import json
import posixpath
import sys
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from smartcity_kg import __version__
from smartcity_kg.core import iri
from smartcity_kg.core.progress import QUIET, Progress
from smartcity_kg.pipeline.metadata import DISTRIBUTIONS, dataset_iri
from smartcity_kg.pipeline.write import FILES, locked, write
from smartcity_kg.present import STATIC, TEMPLATES, conneg
from smartcity_kg.present.asks import document_query, fetch_labels
from smartcity_kg.present.messages import LANGUAGES, texts
from smartcity_kg.present.ontodoc import document
from smartcity_kg.present.pages import Presenter
from smartcity_kg.present.statistics import counts, layer_graphs
from smartcity_kg.present.svg import Bar, Chart, outline, step
from smartcity_kg.present.vocabulary import LABELS, OUTSIDE_LABELS, Labels, Vocabulary, load_stable
from smartcity_kg.rdf import formats
from smartcity_kg.rdf.query import select_rows
from smartcity_kg.rdf.results import GraphStyle, serialize_triples, sparql_term
from smartcity_kg.rdf.results import Labels as BlankLabels
from smartcity_kg.rdf.runners import LocalRunner

if TYPE_CHECKING:
    import pyoxigraph
    from jinja2 import Environment

    from smartcity_kg.present.pages import Presenter
    from smartcity_kg.present.vocabulary import Labels, Vocabulary
    from smartcity_kg.rdf.results import GraphStyle

MARKER = ".smartcity-kg-site"
"""A file in every site written here: OUTDIR is only replaced if it is empty or holds this file."""
DATA_EXTENSIONS = ("ttl", "jsonld", "nt", "rdf")
PAGES = ("/search", "/map", "/statistics")
DESCRIBE_LIMIT = 5000
COLOUR_STEPS = 4
# The queries of the map, statistics and search pages, beside this module.
QUERIES = Path(__file__).resolve().parent / "sparql"
"""Map colours: none, 1, 2, 3, and 4 or more areas."""
DATASET_PAGE = "/doc/dataset/thai-smart-city"
LAYERS = ("gazetteer.nq.gz",)
"""Layers of graph/ beside smartcity.nq (gzip N-Quads), loaded when present: their things get pages like the others."""

MESSAGES: dict[str, tuple[str, str]] = {
    "map": ("แผนที่", "Map"),
    "statistics": ("สถิติ", "Statistics"),
    "search": ("ค้นหา", "Search"),
    "about_dataset": ("เกี่ยวกับชุดข้อมูล (DCAT, VoID)", "About the dataset (DCAT, VoID)"),
    "file": ("ไฟล์", "File"),
    "what": ("เนื้อหา", "Contents"),
    "size": ("ขนาด (ไบต์)", "Size (bytes)"),
    "map_title": ("พื้นที่เมืองอัจฉริยะรายจังหวัด", "Smart city areas by province"),
    "map_intro": (
        "สีของแต่ละจังหวัดแสดงจำนวนพื้นที่เมืองอัจฉริยะในจังหวัดนั้น คลิกที่จังหวัดเพื่อเปิดหน้าของจังหวัด",
        "Each province is coloured by the number of smart city areas in it; click a province to open its page.",
    ),
    "legend": ("จำนวนพื้นที่", "Number of areas"),
    "areas": ("พื้นที่", "areas"),
    "batch_filter": ("รอบการรับรอง", "Certification batch"),
    "all_batches": ("ทุกรอบ", "All batches"),
    "map_credit": (
        "ขอบเขตจังหวัด: OCHA และ mapthai (Piyayut Chitchumnong) จาก W. J. Reynolds, Thailand Canonical Administrative-Names"
        " Reference v1.0.0 ภายใต้สัญญาอนุญาตของต้นทาง (ดูแหล่งที่มา)",
        "Province boundaries: OCHA and mapthai (Piyayut Chitchumnong), as bundled in W. J. Reynolds, Thailand Canonical"
        " Administrative-Names Reference v1.0.0, under their upstream licences (see the source).",
    ),
    "provinces_with_areas": ("จังหวัดที่มีพื้นที่เมืองอัจฉริยะ", "Provinces with smart city areas"),
    "per_batch": ("พื้นที่ตามรอบการรับรอง", "Areas per certification batch"),
    "per_region": ("พื้นที่ตามภาค", "Areas per region"),
    "per_dimension": ("พื้นที่ตามด้านของเมืองอัจฉริยะ", "Areas per smart city dimension"),
    "per_province": ("พื้นที่ตามจังหวัด", "Areas per province"),
    "no_dimension": (
        "ยังไม่มีแหล่งที่มาใดระบุด้านของเมืองอัจฉริยะของแต่ละพื้นที่ จึงยังนับไม่ได้",
        "No source states the smart city dimensions of any area yet, so there is nothing to count.",
    ),
    "search_help": (
        "ค้นหาด้วยคำภาษาไทยหรือภาษาอังกฤษ เช่น ระยอง หรือ Phuket",
        "Search with Thai or English words, such as ระยอง or Phuket.",
    ),
    "results": ("ผลการค้นหา", "Results"),
    "no_results": ("ไม่พบสิ่งที่ค้นหา", "Nothing found."),
    "needs_js": ("การค้นหาต้องใช้ JavaScript", "Search needs JavaScript."),
    "ontology_doc": ("เอกสารประกอบออนโทโลยี", "Ontology documentation"),
    "classes": ("คลาส", "Classes"),
    "property_list": ("พร็อพเพอร์ตี", "Properties"),
    "constraints": ("เงื่อนไขตรวจสอบ (SHACL)", "Constraints (SHACL)"),
    "examples": ("ตัวอย่างจากข้อมูล", "Examples from the data"),
    "alignments": ("การเทียบกับคำศัพท์มาตรฐาน", "Alignments to standard vocabularies"),
    "subclass_of": ("เป็นคลาสย่อยของ", "Subclass of"),
    "subproperty_of": ("เป็นพร็อพเพอร์ตีย่อยของ", "Subproperty of"),
    "narrower": ("คลาสย่อย", "Subclasses"),
    "narrower_properties": ("พร็อพเพอร์ตีย่อย", "Subproperties"),
    "domain": ("โดเมน", "Domain"),
    "range": ("เรนจ์", "Range"),
    "used_by": ("พร็อพเพอร์ตีของคลาสนี้", "Properties of this class"),
    "in_data": ("จำนวนในข้อมูล", "In the data"),
    "path": ("พร็อพเพอร์ตี", "Property"),
    "cardinality": ("จำนวนค่า", "Values"),
    "value_type": ("ชนิดของค่า", "Value"),
    "rule": ("ข้อกำหนด", "Rule"),
    "schemes": ("ชุดแนวคิด SKOS", "SKOS concept schemes"),
    "notation": ("รหัส", "Notation"),
    "concept": ("แนวคิด", "Concept"),
    "definition": ("นิยาม", "Definition"),
    "top_concept": ("แนวคิดระดับบนสุด", "top concept"),
    "version": ("รุ่น", "Version"),
    "issued": ("วันที่เผยแพร่", "Issued"),
    "modified": ("วันที่แก้ไข", "Modified"),
    "creator": ("ผู้สร้าง", "Creator"),
    "changes": ("บันทึกการเปลี่ยนแปลง", "Changes"),
    "prefixes": ("คำนำหน้าเนมสเปซ", "Namespace prefixes"),
    "thai": ("ไทย", "Thai"),
    "english": ("อังกฤษ", "English"),
    "kind_class": ("คลาส", "class"),
    "kind_object": ("พร็อพเพอร์ตีเชิงวัตถุ", "object property"),
    "kind_datatype": ("พร็อพเพอร์ตีเชิงข้อมูล", "datatype property"),
    "kind_annotation": ("พร็อพเพอร์ตีคำอธิบาย", "annotation property"),
    "term_page": ("หน้าของคำนี้", "page of this term"),
    "relation": ("ความสัมพันธ์", "relation"),
    "outside_term": ("คำศัพท์ภายนอก", "outside term"),
    "none": ("ไม่มี", "none"),
}


class SiteError(Exception):
    """Something the person running `site` must fix (a missing file, a map that does not fit the data)."""


@dataclass(frozen=True)
class SiteSettings:
    """What `site` is run with."""

    root: Path
    """Repository root: graph/ and the local copies of the sources (the map's polygons)."""
    base: str
    """Base IRI the graph was built with."""
    site_url: str | None = None
    """Where the site will be hosted, for deploy/w3id.htaccess (none written without it)."""

    @property
    def graph(self) -> Path:
        return self.root / "graph"


def site_texts(lang: str) -> dict[str, str]:

    index = LANGUAGES.index(lang)
    return texts(lang) | {key: pair[index] for key, pair in MESSAGES.items()}


# ---------------------------------------------------------------------------------------------------
# Where a server path is in the site, and relative links
# ---------------------------------------------------------------------------------------------------


def tree(lang: str) -> str:
    """The folder of a language's pages: Thai at the root, as the server's default, English in en/."""
    return "" if lang == "th" else f"{lang}/"


def file_for(path: str, lang: str) -> str | None:
    """The site file that a server path is (`/doc/area/x` -> `doc/area/x.html`), or None if the site has none."""
    if path == "/":
        return tree(lang) + "index.html"
    if path in PAGES:
        return tree(lang) + path[1:] + ".html"
    for prefix in ("/doc/", "/def/"):
        if path.startswith(prefix):
            rest = path[len(prefix) :]
            stem, dot, extension = rest.rpartition(".")
            if dot and extension in DATA_EXTENSIONS and stem:
                return prefix[1:] + (stem + "index" if stem.endswith("/") else stem) + "." + extension
            if not rest or rest.endswith("/"):
                return tree(lang) + prefix[1:] + rest + "index.html"
            return tree(lang) + prefix[1:] + rest + ".html"
    if path.startswith(("/static/", "/graph/")) or path in ("/context.jsonld", "/search-index.js"):
        return path[1:]
    return None


def relative(target: str, page: str) -> str:
    return relative_to_folder(target, posixpath.dirname(page) or ".")


@functools.lru_cache(maxsize=1 << 16)
def relative_to_folder(target: str, folder: str) -> str:
    # Cached: the pages of a folder link to the same few pages (their source, their class) many times over.
    return posixpath.relpath(target, folder)


@dataclass
class PageContext:
    """The output file a template is rendered into, and how its links are written."""

    path: str
    lang: str
    base: str
    pages: frozenset[str] | None = None
    """The HTML pages the site has (None: all); a link to another is written as the thing's IRI."""

    def link(self, href: str | None) -> str:
        """A server path as a link relative to this page; outside IRIs as they are."""
        if not href:
            return ""
        if not href.startswith("/"):
            return href
        path, hash_, fragment = href.partition("#")
        target = file_for(path, self.lang)
        if target is None:
            return self.base + href[1:]  # a path only the server has (/sparql): its IRI under the base
        if self.pages is not None and target.endswith(".html") and target not in self.pages:
            # An IRI under the base that graph/ does not name (so no page here): the IRI, as `serve` answers it.
            return self.base + ("id/" + path[len("/doc/") :] if path.startswith("/doc/") else path[1:])
        return relative(target, self.path) + hash_ + fragment

    def lang_link(self, code: str) -> str:
        """The same page in language `code`."""
        own = tree(self.lang)
        rest = self.path[len(own) :] if own and self.path.startswith(own) else self.path
        return relative(tree(code) + rest, self.path)


def site_query(name: str, base: str) -> str:
    """The query sparql/<name>.rq beside this module, moved to `base`."""
    return iri.rebase((QUERIES / f"{name}.rq").read_text(encoding="utf-8"), base)


def rows(store: pyoxigraph.Store, query: str) -> list[dict[str, Any]]:

    return select_rows(store, query)


# ---------------------------------------------------------------------------------------------------
# The site
# ---------------------------------------------------------------------------------------------------


@dataclass
class Builder:
    """Holds the stores, the templates and the files written so far."""

    settings: SiteSettings
    data: pyoxigraph.Store
    """smartcity.nq (named graphs) and ontology.ttl (default graph): what `serve` answers from."""
    full: pyoxigraph.Store
    """The same and void.ttl, in the named graph of the dataset (as `publish` stores it)."""
    vocabulary: Vocabulary
    site: Presenter
    style: GraphStyle
    templates: Environment
    files: dict[str, bytes] = field(default_factory=dict)
    things: list[str] = field(default_factory=list)
    """The things that get a page: every IRI under <base>id/ of smartcity.nq and void.ttl."""
    pages: frozenset[str] = frozenset()
    """Every HTML page of the site, known before the first is rendered (links to others are IRIs)."""

    @property
    def base(self) -> str:
        return self.settings.base

    def add(self, name: str, data: bytes | str) -> None:
        if name in self.files:
            raise SiteError(f"two pages would be written to {name}")
        self.files[name] = data.encode("utf-8") if isinstance(data, str) else data

    def render(self, template: str, page: str, lang: str, **values: Any) -> None:

        context = PageContext(page, lang, self.base, self.pages)
        html = self.templates.get_template(template).render(
            lang=lang,
            t=site_texts(lang),
            languages=LANGUAGES,
            path="",
            version=__version__,
            base=self.base,
            static=True,
            link=context.link,
            lang_link=context.lang_link,
            **values,
        )
        self.add(page, html)


def open_stores(settings: SiteSettings) -> tuple[pyoxigraph.Store, pyoxigraph.Store]:
    import pyoxigraph as ox

    graph = settings.graph
    for name in ("smartcity.nq", "ontology.ttl", "shapes.ttl", "void.ttl", "context.jsonld"):
        if not (graph / name).is_file():
            raise SiteError(f"{graph / name} is missing: run `smartcity-kg build` first")
    stores = []
    for with_metadata in (False, True):
        store = ox.Store()
        load_stable(store, graph / "smartcity.nq", ox.RdfFormat.N_QUADS, prefix="d")
        load_stable(store, graph / "ontology.ttl", ox.RdfFormat.TURTLE, ox.DefaultGraph(), prefix="o")
        if with_metadata:
            load_stable(store, graph / "void.ttl", ox.RdfFormat.TURTLE, ox.NamedNode(dataset_iri(settings.base)), prefix="m")
        for layer in LAYERS:
            if (graph / layer).is_file():  # no blank nodes in a layer's dump: loaded as it is
                store.bulk_load(gzip.decompress((graph / layer).read_bytes()), format=ox.RdfFormat.N_QUADS)
        stores.append(store)
    return stores[0], stores[1]


def named_things(store: pyoxigraph.Store, base: str) -> list[str]:
    """Every IRI under <base>id/ that graph/ names (smartcity.nq, void.ttl, the layers): the things that get a page."""
    import pyoxigraph as ox

    id_base = iri.id_base(base)
    found = set()
    for quad in store:
        for term in (quad.subject, quad.object, quad.graph_name):
            if isinstance(term, ox.NamedNode) and term.value.startswith(id_base):
                found.add(term.value)
    return sorted(found)


def builder(settings: SiteSettings) -> Builder:
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    data, full = open_stores(settings)
    context = json.loads((settings.graph / "context.jsonld").read_text(encoding="utf-8"))["@context"]
    prefixes = iri.prefixes(context)
    style = GraphStyle(prefixes, iri.document_context(context, settings.base), used_context=True)
    vocabulary = Vocabulary(
        {
            iri.def_base(settings.base): settings.graph / "ontology.ttl",
            iri.def_base(settings.base) + "shapes/": settings.graph / "shapes.ttl",
        },
        prefixes,
        settings.root / OUTSIDE_LABELS,
    )
    site = Presenter(settings.base, vocabulary)
    templates = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    templates.filters["local"] = lambda value: site.href(value) or value
    build = Builder(settings, data, full, vocabulary, site, style, templates, things=named_things(full, settings.base))
    build.pages = frozenset(planned_pages(build))
    return build


def planned_pages(build: Builder) -> list[str]:
    """The HTML pages `render_site` will write, in every language."""

    found = []
    for lang in LANGUAGES:
        found += [tree(lang) + name for name in ("index.html", "search.html", "map.html", "statistics.html", "def/index.html")]
        found += [tree(lang) + f"def/{version}index.html" for version in versions(build)]
        for subject in [*build.things, *terms(build)]:
            page = file_for(server_path(build, subject), lang)
            if page is not None:
                found.append(page)
    return found


def render_site(settings: SiteSettings, progress: Progress = QUIET) -> dict[str, bytes]:
    """Every file of the site, by path relative to OUTDIR."""
    import asyncio  # here, not at the top: it adds 30 ms to every start of the CLI

    progress.step(f"reading {settings.graph}")
    build = builder(settings)
    progress.step(f"rendering the pages and documents of {len(build.things)} things, in {workers()} processes")
    things(build, progress)
    progress.step("rendering the ontology's pages, the home, search, map and statistics pages")
    asyncio.run(term_documents(build))
    for lang in LANGUAGES:
        asyncio.run(home(build, lang))
        ontology_page(build, lang)
        map_page(build, lang)
        statistics_page(build, lang)
        build.render("search.html", tree(lang) + "search.html", lang, title=site_texts(lang)["search"])
    search_index(build)
    assets(build)
    return build.files


# --- documents of things and terms ------------------------------------------------------------------


def terms(build: Builder) -> list[str]:
    """Every IRI under <base>def/ that the ontology or the shapes describe (def/ and def/shapes/ included)."""
    import pyoxigraph as ox

    def_base = iri.def_base(build.base)
    found = {
        q.subject.value for q in build.vocabulary.store if isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(def_base)
    }
    return sorted(found)


def versions(build: Builder) -> tuple[str, ...]:
    """The folders under def/ of the ontology's version IRIs (`0.2.0/`), read from the ontology."""
    return tuple(build.vocabulary.versions(iri.def_base(build.base)))


def server_path(build: Builder, subject: str) -> str:
    path = build.site.href(subject)
    if path is None:
        raise SiteError(f"{subject} is not under the base {build.base}")
    return path


def alternates(build: Builder, subject: str) -> list[tuple[str, str]]:

    path = server_path(build, subject)
    stem = path + "index" if path.endswith("/") else path
    return [(f.media_type, f"{stem}.{f.extension}") for f in formats.GRAPHS.values()]


class Reader:
    """The statements about things, read straight from the store: a SPARQL query per thing cost more than its
    page, and the gazetteer alone has 16,714 things. The same rows as asks.describe_query, the same labels as
    asks.fetch_labels (of each language the first in the order LocalRunner sorts them), the same triples as
    asks.document_query."""

    def __init__(self, store: pyoxigraph.Store, site: Presenter) -> None:
        import pyoxigraph as ox

        self.store = store
        self.site = site
        found: dict[str, set[str]] = defaultdict(set)
        for name in LABELS:
            for quad in store.quads_for_pattern(None, ox.NamedNode(site.vocabulary.expand(name)), None):
                if isinstance(quad.subject, ox.NamedNode):
                    found[quad.subject.value].add(json.dumps(sparql_term(quad.object), sort_keys=True, ensure_ascii=False))
        self.labels = {subject: [json.loads(text) for text in sorted(texts)] for subject, texts in found.items()}

    def describe(self, subject: str, limit: int) -> tuple[list[dict[str, Any]], Labels, list[pyoxigraph.Triple]] | None:
        """The rows and labels of the page about `subject` and the triples of its documents; None if the store has none."""
        import pyoxigraph as ox

        node = ox.NamedNode(subject)
        out = list(self.store.quads_for_pattern(node, None, None))
        into = list(self.store.quads_for_pattern(None, None, node))
        if not out and not into:
            return None
        found = []
        for direction, quads in (("out", out), ("in", into)):
            named = {q.triple for q in quads if isinstance(q.graph_name, ox.NamedNode)}
            for q in quads:  # a statement of the default graph (the ontology's) once, and only if no source states it
                if isinstance(q.graph_name, ox.NamedNode) or q.triple not in named:
                    found.append((direction, q.predicate, q.object if direction == "out" else q.subject, q.graph_name))
        # One order, whatever the store's: the blank nodes' labels (b0, b1, ...) and what the limit keeps depend on it.
        found.sort(key=lambda f: (f[0], f[1].value, str(f[2]), str(f[3])))
        blank = BlankLabels()
        rows = []
        for direction, predicate, value, graph in found[:limit]:
            binding = {"dir": {"type": "literal", "value": direction}, "p": sparql_term(predicate), "v": sparql_term(value, blank)}
            if isinstance(graph, ox.NamedNode):
                binding["g"] = sparql_term(graph)
            rows.append(binding)
        labels = Labels(shortener=self.site.vocabulary.compact)
        local, terms = self.site.named(subject, rows)
        for named_iri in sorted(local):
            for label in self.labels.get(named_iri, ()):
                labels.add(named_iri, label["value"], label.get("xml:lang"))
        self.site.term_labels(terms, labels)
        return rows, labels, [q.triple for q in out] + [q.triple for q in into]


def data_files(build: Builder, subject: str, triples: list[pyoxigraph.Triple]) -> None:
    """The document of `subject` in every RDF format, beside its pages."""

    path = server_path(build, subject)
    for fmt in formats.GRAPHS.values():
        target = file_for(f"{path}index.{fmt.extension}" if path.endswith("/") else f"{path}.{fmt.extension}", "th")
        assert target is not None
        build.add(target, serialize_triples(triples, fmt.name, build.style, 1 << 30))


def thing_files(build: Builder, reader: Reader, subject: str) -> None:
    """The pages of a thing in both languages and its documents."""

    found = reader.describe(subject, DESCRIBE_LIMIT)
    if found is None:
        return
    rows, labels, triples = found
    path = server_path(build, subject)
    for lang in LANGUAGES:
        entity = build.site.entity(subject, rows, labels, lang, DESCRIBE_LIMIT)
        page = file_for(path, lang)
        assert page is not None
        build.render("entity.html", page, lang, entity=entity, instances=[], links=alternates(build, subject))
    data_files(build, subject, triples)


FORKED: tuple[Builder, Reader] | None = None
"""What the worker processes render with, inherited from `things` when they are forked."""
CHUNK = 100
"""Things per task of a worker: few enough for the bar to move, enough that a task is not mostly pickling."""


def render_chunk(subjects: list[str]) -> list[dict[str, bytes]]:
    """In a worker: the files of each of `subjects`, thing by thing."""
    assert FORKED is not None
    build, reader = FORKED
    done = []
    for subject in subjects:
        build.files = {}
        thing_files(build, reader, subject)
        done.append(build.files)
    return done


def workers() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def things(build: Builder, progress: Progress) -> None:
    """The pages and documents of every thing, in worker processes where fork exists (they inherit the stores).

    Every file depends on its thing alone, so how the things are shared out changes no byte; the files are
    gathered in the order of the things."""
    import multiprocessing

    global FORKED
    reader = Reader(build.full, build.site)
    count = min(workers(), max(1, len(build.things) // CHUNK))
    if count < 2 or "fork" not in multiprocessing.get_all_start_methods():
        for subject in progress.bar(build.things, len(build.things), "things"):
            thing_files(build, reader, subject)
        return
    chunks = [build.things[start : start + CHUNK] for start in range(0, len(build.things), CHUNK)]
    FORKED = (build, reader)
    try:
        with multiprocessing.get_context("fork").Pool(count) as pool:
            done = (files for chunk in pool.imap(render_chunk, chunks) for files in chunk)
            for files in progress.bar(done, len(build.things), "things"):
                for name, data in files.items():
                    build.add(name, data)
    finally:
        FORKED = None


async def term_documents(build: Builder) -> None:
    """A page per ontology term in both languages (a class's lists its instances) and its triples in every RDF format."""
    import pyoxigraph as ox

    runner = LocalRunner(build.full, build.style)
    data_runner = LocalRunner(build.data, build.style)
    def_base = iri.def_base(build.base)
    for subject in terms(build):
        found = await build.site.statements(runner, subject, DESCRIBE_LIMIT)
        if found is None:
            continue
        statements, labels = found
        path = server_path(build, subject)
        for lang in LANGUAGES:
            entity = build.site.entity(subject, statements, labels, lang, DESCRIBE_LIMIT)
            instances = []
            if any(t.iri and t.iri.endswith("#Class") for t in entity.types):
                instances = await build.site.instances(data_runner, subject, lang)
            page = file_for(path, lang)
            assert page is not None
            if subject != def_base:  # def/index.html is the ontology documentation (ontology_page)
                build.render("entity.html", page, lang, entity=entity, instances=instances, links=alternates(build, subject))
        triples = sorted(build.vocabulary.store.query(document_query(subject), use_default_graph_as_union=True), key=str)  # type: ignore[arg-type]
        assert all(isinstance(t, ox.Triple) for t in triples)
        data_files(build, subject, triples)
    # At the version IRI, the ontology document of that version: the whole ontology (its page is ontology_page's).
    ontology = build.vocabulary.triples(def_base)
    for version in versions(build):
        for fmt in formats.GRAPHS.values():
            build.add(f"def/{version}index.{fmt.extension}", serialize_triples(ontology, fmt.name, build.style, 1 << 30))


# --- home, downloads ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Download:
    name: str
    href: str
    what: str
    size: int
    sha256: str
    what_lang: str = "en"
    """The language of `what`: the metadata's titles are in Thai and English, write.FILES says it in English only."""


def graph_files(build: Builder) -> list[str]:
    """The files of graph/: those write.FILES names first, in its order, then any other (a layer's dumps)."""

    folder = build.settings.graph
    present = sorted(
        p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() and not p.relative_to(folder).as_posix().startswith(".")
    )
    return [name for name in FILES if name in present] + [name for name in present if name not in FILES]


def downloads(build: Builder, lang: str) -> list[Download]:

    found = []
    for name in graph_files(build):
        what, what_lang = (FILES[name][0] if name in FILES else ""), "en"
        data = (build.settings.graph / name).read_bytes()
        distribution = DISTRIBUTIONS.get(name)
        if distribution is not None:
            what, what_lang = (distribution.title_th if lang == "th" else distribution.title_en), lang
        found.append(Download(name, "/graph/" + name, what, len(data), hashlib.sha256(data).hexdigest(), what_lang))
    return found


async def home(build: Builder, lang: str) -> None:

    layer = frozenset().union(*(layer_graphs(build.settings.graph / name) for name in LAYERS))
    found = await counts(LocalRunner(build.data, build.style), build.site, lang, layer)
    build.render("home.html", tree(lang) + "index.html", lang, counts=found, downloads=downloads(build, lang), dataset=DATASET_PAGE)


# --- ontology documentation ---------------------------------------------------------------------------


def ontology_page(build: Builder, lang: str) -> None:
    from rdflib import Graph

    ontology = Graph().parse(build.settings.graph / "ontology.ttl", format="turtle")
    shapes = Graph().parse(build.settings.graph / "shapes.ttl", format="turtle")
    doc = document(ontology, shapes, build.data, build.base, build.vocabulary.prefixes, lang)
    build.render("ontology.html", tree(lang) + "def/index.html", lang, doc=doc, links=alternates(build, iri.def_base(build.base)))
    for version in versions(build):
        page, subject = tree(lang) + f"def/{version}index.html", iri.def_base(build.base) + version
        build.render("ontology.html", page, lang, doc=doc, links=alternates(build, subject))


# --- the map ------------------------------------------------------------------------------------------


@dataclass
class Province:
    iri: str
    label: str
    href: str
    total: int = 0
    by_batch: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Batch:
    key: str
    label: str
    href: str


def labels_of(build: Builder, subjects: set[str], lang: str) -> Callable[[str], str]:
    import asyncio

    labels = Labels(shortener=build.vocabulary.compact)
    asyncio.run(fetch_labels(LocalRunner(build.data, build.style), subjects, build.vocabulary, labels))
    return lambda subject: labels.get(subject, lang)


def batches(build: Builder, lang: str) -> list[Batch]:
    found = [row["b"].value for row in rows(build.data, site_query("batches", build.base))]
    label = labels_of(build, set(found), lang)
    return sorted((Batch(b.rsplit("/", 1)[-1], label(b), server_path(build, b)) for b in found), key=lambda b: (len(b.key), b.key))


def provinces(build: Builder, lang: str) -> dict[str, Province]:
    """Provinces by DOPA code, with the number of smart city areas in each, in all and per batch."""
    found = rows(build.data, site_query("provinces", build.base))
    label = labels_of(build, {row["p"].value for row in found}, lang)
    by_iri = {row["p"].value: Province(row["p"].value, label(row["p"].value), server_path(build, row["p"].value)) for row in found}
    areas = rows(build.data, site_query("province-areas", build.base))
    for row in areas:
        province = by_iri.get(row["p"].value)
        if province is None:
            continue
        province.total += 1
        if row["b"] is not None:
            key = row["b"].value.rsplit("/", 1)[-1]
            province.by_batch[key] = province.by_batch.get(key, 0) + 1
    return {row["code"].value: by_iri[row["p"].value] for row in found}


def polygons(build: Builder) -> tuple[Path, str]:
    """The province polygons (a local copy of a source ending in .geojson) and the source they belong to."""
    found = rows(build.data, site_query("polygons", build.base))
    if not found:
        raise SiteError("no source document of the graph has a local copy ending in .geojson: the map needs the province polygons")
    path = build.settings.root / found[0]["copy"].value
    if not path.is_file():
        raise SiteError(f"{path} (the local copy of {found[0]['source'].value}) is missing")
    return path, found[0]["source"].value


def map_page(build: Builder, lang: str) -> None:

    path, source = polygons(build)
    shape = outline(path)
    by_code = provinces(build, lang)
    codes = {s.dopa_code for s in shape.shapes}
    if codes != set(by_code):
        missing, extra = sorted(set(by_code) - codes), sorted(codes - set(by_code))
        raise SiteError(f"{path} does not match the provinces of the graph: no polygon for {missing}, polygons of no province {extra}")
    drawn = [(s, by_code[s.dopa_code], step(by_code[s.dopa_code].total, COLOUR_STEPS)) for s in shape.shapes]
    build.render(
        "map.html",
        tree(lang) + "map.html",
        lang,
        title=site_texts(lang)["map_title"],
        outline=shape,
        drawn=drawn,
        batches=batches(build, lang),
        steps=list(range(COLOUR_STEPS + 1)),
        source=server_path(build, source),
        listed=sorted((p for p in by_code.values() if p.total), key=lambda p: (-p.total, p.label)),
    )


# --- statistics ---------------------------------------------------------------------------------------


def statistics_page(build: Builder, lang: str) -> None:

    t = site_texts(lang)

    def chart(title: str, per: str) -> Chart:
        """Areas per member of a class (sparql/areas-per-<per>.rq), every member listed (with 0), by count then label."""
        query = site_query(f"areas-per-{per}", build.base)
        found = [(row["m"].value, int(row["n"].value)) for row in rows(build.data, query)]
        label = labels_of(build, {m for m, _ in found}, lang)
        bars = [Bar(label(m), n, server_path(build, m)) for m, n in found]
        return Chart(title, sorted(bars, key=lambda b: (-b.value, b.label)))

    per_batch = chart(t["per_batch"], "batch")
    per_batch = Chart(per_batch.title, sorted(per_batch.bars, key=lambda b: b.href or ""))
    per_region = chart(t["per_region"], "region")
    per_dimension = chart(t["per_dimension"], "dimension")
    per_province = chart(t["per_province"], "province")
    per_province = Chart(per_province.title, [b for b in per_province.bars if b.value])
    build.render(
        "statistics.html",
        tree(lang) + "statistics.html",
        lang,
        title=t["statistics"],
        charts=[per_batch, per_region, per_dimension, per_province],
        empty={per_dimension.title} if per_dimension.maximum == 0 else set(),
    )


# --- search -------------------------------------------------------------------------------------------


def search_index(build: Builder) -> None:
    """search-index.js: every named thing with its names in Thai and English and its page in each language."""

    id_base = iri.id_base(build.base)
    query = site_query("named-things", build.base)  # the names: LABELS and skos:altLabel
    names: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    types: dict[str, set[str]] = defaultdict(set)
    for row in rows(build.full, query):
        subject, name = row["x"].value, row["name"]
        key = name.language if name.language in LANGUAGES else "other"
        if name.value not in names[subject][key]:
            names[subject][key].append(name.value)
        if row["type"] is not None and row["type"].value.startswith(iri.def_base(build.base)):
            types[subject].add(row["type"].value)
    entries = []
    with_pages = set(build.things)
    for subject in sorted(names):
        if subject not in with_pages:
            continue
        path = server_path(build, subject)
        kinds = sorted(types[subject])
        entries.append(
            {
                "id": subject[len(id_base) :],
                "th": sorted(names[subject]["th"]),
                "en": sorted(names[subject]["en"] + names[subject]["other"]),
                "type": {lang: [build.vocabulary.labels.get(k, lang) for k in kinds] for lang in LANGUAGES},
                "page": {lang: file_for(path, lang)[len(tree(lang)) :] for lang in LANGUAGES},  # type: ignore[index]
            }
        )
    text = json.dumps(entries, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    build.add("search-index.js", f"// Generated by smartcity-kg site; do not edit.\nwindow.SMARTCITY_SEARCH = {text};\n")


# --- files besides the pages --------------------------------------------------------------------------


def assets(build: Builder) -> None:

    for path in sorted(STATIC.iterdir()):
        if path.is_file() and path.suffix in (".css", ".js"):
            build.add("static/" + path.name, path.read_bytes())
    for name in graph_files(build):
        build.add("graph/" + name, (build.settings.graph / name).read_bytes())
    build.add("context.jsonld", (build.settings.graph / "context.jsonld").read_bytes())
    build.add(".htaccess", conneg.htaccess(versions(build)))
    # nginx needs the path of the site on its server (the rules of .htaccess find it themselves).
    prefix = urlsplit(build.settings.site_url).path if build.settings.site_url else "/"
    build.add("deploy/nginx.conf", conneg.nginx(prefix, versions(build)))
    if build.settings.site_url:
        build.add("deploy/w3id.htaccess", conneg.w3id_htaccess(build.settings.site_url, versions(build)))
    build.add(".nojekyll", b"")  # GitHub Pages: serve every file as it is
    build.add(MARKER, f"Written by smartcity-kg {__version__} site; the next run replaces this whole folder.\n")


# ---------------------------------------------------------------------------------------------------
# Writing, and the command
# ---------------------------------------------------------------------------------------------------


def check_outdir(outdir: Path) -> None:
    """OUTDIR may be replaced: it does not exist, is empty, or holds a site written here."""
    if outdir.exists():
        if not outdir.is_dir():
            raise SiteError(f"{outdir} exists and is not a folder")
        if any(outdir.iterdir()) and not (outdir / MARKER).is_file():
            raise SiteError(f"{outdir} is not empty and was not written by `smartcity-kg site` (no {MARKER}): refusing to replace it")


def write_site(files: dict[str, bytes], outdir: Path) -> None:
    """Replace `outdir` with the site in one step; refuse a folder that is neither empty nor a site."""

    with locked(outdir, waiting=lambda message: print(f"smartcity-kg site: {message}", file=sys.stderr)):
        check_outdir(outdir)
        write(files, outdir)
