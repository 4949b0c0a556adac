"""The pages about the whole dataset: home, ontology, map, statistics, search index, downloads, assets."""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from smartcity_kg import __version__
from smartcity_kg.core import iri
from smartcity_kg.pipeline.catalogue import DISTRIBUTIONS
from smartcity_kg.pipeline.write import FILES
from smartcity_kg.present import STATIC, conneg
from smartcity_kg.present.asks import fetch_labels
from smartcity_kg.present.messages import LANGUAGES
from smartcity_kg.present.ontodoc import document
from smartcity_kg.present.statistics import counts, layer_graphs
from smartcity_kg.present.svg import Bar, Chart, outline, step
from smartcity_kg.present.vocabulary import Labels
from smartcity_kg.rdf.runners import LocalRunner
from smartcity_kg.site.builder import LAYERS, MARKER, Builder, SiteError, rows, site_query
from smartcity_kg.site.messages import site_texts
from smartcity_kg.site.paths import file_for, tree
from smartcity_kg.site.things import alternates, server_path, versions

if TYPE_CHECKING:
    from smartcity_kg.present.vocabulary import Labels

COLOUR_STEPS = 4
"""Map colours: none, 1, 2, 3, and 4 or more areas."""


DATASET_PAGE = "/doc/dataset/thai-smart-city"


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


def ontology_page(build: Builder, lang: str) -> None:
    from rdflib import Graph

    ontology = Graph().parse(build.settings.graph / "ontology.ttl", format="turtle")
    shapes = Graph().parse(build.settings.graph / "shapes.ttl", format="turtle")
    doc = document(ontology, shapes, build.data, build.base, build.vocabulary.prefixes, lang)
    build.render("ontology.html", tree(lang) + "def/index.html", lang, doc=doc, links=alternates(build, iri.def_base(build.base)))
    for version in versions(build):
        page, subject = tree(lang) + f"def/{version}index.html", iri.def_base(build.base) + version
        build.render("ontology.html", page, lang, doc=doc, links=alternates(build, subject))


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
