"""What every page of the static site is made with: the settings, the stores of graph/, the templates, the files written so far."""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from smartcity_kg import __version__
from smartcity_kg.core import iri
from smartcity_kg.pipeline.catalogue import dataset_iri
from smartcity_kg.present import TEMPLATES
from smartcity_kg.present.history import Event
from smartcity_kg.present.messages import LANGUAGES
from smartcity_kg.present.pages import Presenter
from smartcity_kg.present.vocabulary import OUTSIDE_LABELS, Vocabulary, load_stable
from smartcity_kg.rdf.query import select_rows
from smartcity_kg.rdf.results import GraphStyle
from smartcity_kg.site.messages import site_texts
from smartcity_kg.site.paths import PageContext

if TYPE_CHECKING:
    import pyoxigraph
    from jinja2 import Environment

    from smartcity_kg.present.pages import Presenter
    from smartcity_kg.present.vocabulary import Vocabulary
    from smartcity_kg.rdf.results import GraphStyle

MARKER = ".smartcity-kg-site"
"""A file in every site written here: OUTDIR is only replaced if it is empty or holds this file."""
DESCRIBE_LIMIT = 5000


# The queries of the map, statistics and search pages, beside this module.
QUERIES = Path(__file__).resolve().parent / "sparql"


LAYERS = ("gazetteer.nq.gz",)
"""Layers of graph/ beside smartcity.nq (gzip N-Quads), loaded when present: their things get pages like the others."""


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


def site_query(name: str, base: str) -> str:
    """The query sparql/<name>.rq beside this module, moved to `base`."""
    return iri.rebase((QUERIES / f"{name}.rq").read_text(encoding="utf-8"), base)


def rows(store: pyoxigraph.Store, query: str) -> list[dict[str, Any]]:

    return select_rows(store, query)


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
    history: dict[str, tuple[Event, ...]] = field(default_factory=dict)
    """What happened to each thing in which release (present/history.py), read once for every page."""

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
    return build
