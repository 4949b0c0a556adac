"""A page and documents for every thing of graph/, and for every term of the ontology, rendered in forked workers."""

from __future__ import annotations

import json
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from smartcity_kg.core import iri
from smartcity_kg.core.progress import Progress
from smartcity_kg.present import history
from smartcity_kg.present.asks import document_query
from smartcity_kg.present.messages import LANGUAGES
from smartcity_kg.present.pages import Presenter
from smartcity_kg.present.vocabulary import LABELS, Labels
from smartcity_kg.rdf import formats
from smartcity_kg.rdf.results import Labels as BlankLabels
from smartcity_kg.rdf.results import serialize_triples, sparql_term
from smartcity_kg.rdf.runners import LocalRunner
from smartcity_kg.site.builder import DESCRIBE_LIMIT, Builder, SiteError
from smartcity_kg.site.paths import file_for

if TYPE_CHECKING:
    import pyoxigraph

    from smartcity_kg.present.pages import Presenter
    from smartcity_kg.present.vocabulary import Labels


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
        steps = history.steps(build.history.get(subject, ()), build.site, lang)
        build.render("entity.html", page, lang, entity=entity, instances=[], links=alternates(build, subject), history=steps)
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
