"""`smartcity-kg site`: the static site of graph/, its pages, documents, links, search index, map and safety."""

from __future__ import annotations

import gzip
import hashlib
import json
import posixpath
import re
from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess
from typing import Any
from urllib.parse import unquote

import pytest
import yaml
from rdflib import Graph, Literal, URIRef

from smartcity_kg.present import conneg
from smartcity_kg.site.builder import MARKER
from smartcity_kg.site.paths import PageContext, file_for

from .conftest import BASE, ID, ROOT, jsonld_js, offline
from .terminal import on_a_terminal

TSC = BASE + "def/"
THAI = re.compile(r"[\u0E00-\u0E7F]")


def things_of_the_graph(folder: Path) -> set[str]:
    graph = Graph().parse(folder / "smartcity.nt", format="nt")
    graph.parse(folder / "void.ttl", format="turtle")
    found = {str(t) for triple in graph for t in triple if isinstance(t, URIRef) and str(t).startswith(ID)}
    if not (folder / "gazetteer.nq.gz").is_file():  # built --without-gazetteer
        return found
    # The gazetteer layer, read as N-Quads lines (every IRI of it is written <...>; rdflib would take 10 s here).
    layer = gzip.decompress((folder / "gazetteer.nq.gz").read_bytes()).decode("utf-8")
    return found | set(re.findall(r"<(" + re.escape(ID) + r"[^>]+)>", layer))


def gazetteer(name: str) -> list[dict[str, Any]]:
    """The entities of seeds/gazetteer/<name>.yaml, as the curators' tool wrote them."""
    entities: list[dict[str, Any]] = yaml.safe_load((ROOT / "seeds" / "gazetteer" / f"{name}.yaml").read_text(encoding="utf-8"))["entities"]
    return entities


def test_a_site_of_the_main_layer_alone_has_every_page(repo_copy: Path, cli: Callable[..., CompletedProcess[str]]) -> None:
    """The whole of `smartcity-kg site` in the fast tier: the site of a graph built without the gazetteer layer (300
    things, 2,600 files, seconds; the whole site is the slow tier's) has a page per thing in both languages, with its documents,
    and the home, ontology, map and search pages."""
    built = cli("build", "--without-gazetteer", "--no-cache", "--quiet", cwd=repo_copy)
    assert built.returncode == 0, built.stderr
    public = repo_copy / "public"
    made = cli("site", str(public), "--quiet", cwd=repo_copy)
    assert made.returncode == 0, made.stderr
    things = things_of_the_graph(repo_copy / "graph")
    kinds = {thing[len(ID) :].split("/")[0] for thing in things}
    assert {"province", "area", "meeting", "person", "dimension", "source"} <= kinds and "subdistrict" not in kinds
    assert len([t for t in things if t.startswith(ID + "province/")]) == 77
    for thing in things:
        local = thing[len(ID) :]
        for name in (f"doc/{local}.html", f"en/doc/{local}.html", *(f"doc/{local}.{ext}" for ext in ("ttl", "jsonld", "nt", "rdf"))):
            assert (public / name).is_file(), name
    for page in ("index.html", "en/index.html", "def/index.html", "map.html", "en/statistics.html", "search-index.js", ".htaccess"):
        assert (public / page).is_file(), page
    area = (public / "doc/area/nakhon-rayong.html").read_text(encoding="utf-8")
    assert "นครระยองเมืองอัจฉริยะและน่าอยู่" in area and 'href="../province/TH-21.html"' in area


@pytest.mark.slow
def test_every_thing_has_a_page_in_both_languages_and_its_documents(written: Path, static_site: Path) -> None:
    things = things_of_the_graph(written)
    kinds = {thing[len(ID) :].split("/")[0] for thing in things}
    assert {"district", "subdistrict", "centroid", "area", "province"} <= kinds
    assert len([t for t in things if t.startswith(ID + "subdistrict/")]) == 7436
    assert len(things) > 16_900
    for thing in things:
        local = thing[len(ID) :]
        for page in (f"doc/{local}.html", f"en/doc/{local}.html"):
            assert (static_site / page).is_file(), page
        for extension in ("ttl", "jsonld", "nt", "rdf"):
            assert (static_site / f"doc/{local}.{extension}").is_file(), f"{local}.{extension}"


@pytest.mark.slow
def test_a_page_is_the_servers_page_in_thai_and_english(static_site: Path) -> None:
    thai = (static_site / "doc/area/nakhon-rayong.html").read_text(encoding="utf-8")
    assert '<html lang="th">' in thai
    assert "<h1>นครระยองเมืองอัจฉริยะและน่าอยู่</h1>" in thai
    assert '<code id="iri">https://w3id.org/thai-smart-city/id/area/nakhon-rayong</code>' in thai
    assert 'href="../province/TH-21.html"' in thai  # relative links to the province's page
    assert 'href="../../en/doc/area/nakhon-rayong.html"' in thai  # and to the English page
    assert "<blockquote" in thai  # provenance: the quote from the article
    english = (static_site / "en/doc/area/nakhon-rayong.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in english
    assert "<h1>Nakhon Rayong smart and livable city</h1>" in english
    assert 'href="../../../doc/area/nakhon-rayong.html"' in english
    assert 'href="../../../static/style.css"' in english


@pytest.mark.slow
def test_documents_hold_the_statements_about_the_thing_both_ways(written: Path, static_site: Path) -> None:
    area = URIRef(ID + "area/nakhon-rayong")
    turtle = Graph().parse(static_site / "doc/area/nakhon-rayong.ttl", format="turtle")
    assert (area, URIRef(TSC + "province"), URIRef(ID + "province/TH-21")) in turtle
    assert (None, URIRef(TSC + "approves"), area) in turtle  # the decision that approves it
    for extension, rdf_format in (("nt", "nt"), ("rdf", "xml")):
        other = Graph().parse(static_site / f"doc/area/nakhon-rayong.{extension}", format=rdf_format)
        assert len(other) == len(turtle)
    document = json.loads((static_site / "doc/area/nakhon-rayong.jsonld").read_text(encoding="utf-8"))
    context = json.loads((written / "context.jsonld").read_text(encoding="utf-8"))["@context"]
    embedded, base = document["@context"]
    assert base == {"@base": ID}
    # Embedded: the part of the published context the document uses, each entry as published.
    assert {"@version", "@protected", "tsc", "province", "name_th"} <= set(embedded) < set(context)
    assert all(embedded[key] == context[key] for key in embedded)
    assert list(embedded) == [key for key in context if key in embedded]
    area = next(node for node in document["entities"] if node["id"] == "area/nakhon-rayong")
    assert area["province"] == "province/TH-21"  # compacted with the project's terms, as graph/smartcity.jsonld is


JSONLD_DOCUMENTS = [
    "doc/area/nakhon-rayong.jsonld",
    "def/SmartCityArea.jsonld",
    "doc/district/1001.jsonld",
    "doc/subdistrict/100101.jsonld",
    "doc/centroid/100101.jsonld",
    "doc/province/TH-21.jsonld",
    "doc/dataset/thai-smart-city.jsonld",
]


@pytest.mark.slow
@pytest.mark.parametrize("document", JSONLD_DOCUMENTS)
def test_a_jsonld_document_of_the_site_parses_alone_offline(static_site: Path, document: str, tmp_path: Path) -> None:
    """Copied out of the site, a document is read by rdflib, PyLD and jsonld.js (default loaders, no network) as its N-Triples."""
    from pyld import jsonld
    from rdflib.compare import isomorphic

    expected = Graph().parse(static_site / document.replace(".jsonld", ".nt"), format="nt")
    assert len(expected) >= 4  # a centroid's: its type, point and source, and the unit it is the geometry of
    alone = tmp_path / Path(document).name
    alone.write_bytes((static_site / document).read_bytes())
    with offline():
        from_rdflib = Graph().parse(alone, format="json-ld")
        data = json.loads(alone.read_text(encoding="utf-8"))
        from_pyld = Graph().parse(data=jsonld.to_rdf(data, {"base": alone.as_uri(), "format": "application/n-quads"}), format="nt")
    node = jsonld_js(alone)
    assert node.returncode == 0, node.stderr
    for graph in (from_rdflib, from_pyld, Graph().parse(data=node.stdout, format="nt")):
        assert len(graph) == len(expected)
        assert isomorphic(graph, expected)


@pytest.mark.slow
def test_classes_list_their_instances_and_the_ontology_is_documented(written: Path, static_site: Path) -> None:
    page = (static_site / "en/def/SmartCityArea.html").read_text(encoding="utf-8")
    assert page.count('href="../doc/area/') >= 37
    ontology = Graph().parse(written / "ontology.ttl", format="turtle")
    documentation = (static_site / "def/index.html").read_text(encoding="utf-8")
    english = (static_site / "en/def/index.html").read_text(encoding="utf-8")
    owl = "http://www.w3.org/2002/07/owl#"
    terms = [str(s) for t in ("Class", "ObjectProperty", "DatatypeProperty") for s in ontology.subjects(None, URIRef(owl + t))]
    own = [term for term in terms if term.startswith(TSC)]
    assert len(own) >= 60
    for term in own:
        local = term[len(TSC) :]
        assert f'id="{local}"' in documentation and f'id="{local}"' in english, local
        assert (static_site / f"def/{local}.html").is_file() and (static_site / f"def/{local}.ttl").is_file()
        label = URIRef("http://www.w3.org/2000/01/rdf-schema#label")
        labels = {lit.language: str(lit) for lit in ontology.objects(URIRef(term), label) if isinstance(lit, Literal)}
        assert labels["th"] in documentation and labels["en"] in documentation, local  # both languages on each page
    assert "Constraints (SHACL)" in english and "เงื่อนไขตรวจสอบ (SHACL)" in documentation
    assert "A smart city area is in exactly one tsc:Province (YAML province)." in english  # a shape's message
    assert "geo:sfWithin" in english  # an alignment
    assert 'id="scheme-smart-city-dimensions"' in english and "Smart Mobility" in english  # the SKOS dimension scheme


def sample_of_pages(site: Path) -> list[Path]:
    """Every page but the gazetteer's, and one in 40 of those (34,000 pages would take the test half a minute)."""
    pages = sorted(site.rglob("*.html"))
    layer = re.compile(r"(?:^|/)doc/(?:district|subdistrict|centroid)/")
    own = [p for p in pages if not layer.search(p.relative_to(site).as_posix())]
    return own + [p for p in pages if p not in set(own)][::40]


@pytest.mark.slow
def test_every_link_of_a_sample_of_pages_leads_to_a_file_of_the_site(static_site: Path) -> None:
    """Relative links only, all resolving: the site works from any folder and from file://."""
    broken: dict[str, list[str]] = {}
    pages = sample_of_pages(static_site)
    assert len(pages) > 1400
    for page in pages:
        name = page.relative_to(static_site).as_posix()
        text = page.read_text(encoding="utf-8")
        anchors = set(re.findall(r'\bid="([^"]+)"', text))
        for href in re.findall(r'\b(?:href|src|action)="([^"]*)"', text):
            if re.match(r"^[a-z][a-z0-9+.-]*:", href):
                assert not href.startswith("file:"), (name, href)
                continue
            assert not href.startswith("/"), f"{name}: absolute path {href}"
            path, _, fragment = href.partition("#")
            path = path.partition("?")[0]
            if not path:
                if fragment and fragment not in anchors:
                    broken.setdefault(name, []).append(href)
                continue
            target = posixpath.normpath(posixpath.join(posixpath.dirname(name), unquote(path)))
            if target.startswith("..") or not (static_site / target).is_file():
                broken.setdefault(name, []).append(href)
    assert broken == {}


@pytest.mark.slow
def test_home_page_lists_the_dumps_with_sizes_and_checksums(written: Path, static_site: Path) -> None:
    home = (static_site / "index.html").read_text(encoding="utf-8")
    for name in ("smartcity.ttl", "smartcity.nq.gz", "smartcity.jsonld", "void.ttl"):
        data = (written / name).read_bytes()
        assert (static_site / "graph" / name).read_bytes() == data
        assert f'href="graph/{name}"' in home
        assert hashlib.sha256(data).hexdigest() in home
        assert f"{len(data):,}" in home
    assert (static_site / "context.jsonld").read_bytes() == (written / "context.jsonld").read_bytes()  # the context IRI resolves
    assert 'href="doc/dataset/thai-smart-city.html"' in home
    dataset = (static_site / "en/doc/dataset/thai-smart-city.html").read_text(encoding="utf-8")
    assert "Catalogue of the Thai Smart City linked-data project" in dataset  # the DCAT metadata, as a page


@pytest.mark.slow
def test_search_index_names_every_thing_in_thai_and_english(static_site: Path) -> None:
    text = (static_site / "search-index.js").read_text(encoding="utf-8")
    entries = json.loads(text[text.index("=") + 1 :].strip().rstrip(";"))
    by_id = {entry["id"]: entry for entry in entries}
    area = by_id["area/nakhon-rayong"]
    assert "นครระยองเมืองอัจฉริยะและน่าอยู่" in area["th"]
    assert "Nakhon Rayong smart and livable city" in area["en"]
    assert area["page"] == {"th": "doc/area/nakhon-rayong.html", "en": "doc/area/nakhon-rayong.html"}
    assert "พื้นที่เมืองอัจฉริยะ" in area["type"]["th"]
    assert len([i for i in by_id if i.startswith("province/")]) == 77
    assert all(THAI.search(name) for entry in entries for name in entry["th"])


@pytest.mark.slow
def test_map_draws_77_provinces_coloured_by_their_areas(written: Path, static_site: Path) -> None:
    page = (static_site / "map.html").read_text(encoding="utf-8")
    paths = re.findall(r'<path class="province n(\d)" id="(TH-\d\d)" data-total="(\d+)"', page)
    assert len(paths) == 77 and len({p[1] for p in paths}) == 77
    graph = Graph().parse(written / "smartcity.nt", format="nt")
    areas = {str(s) for s in graph.subjects(None, URIRef(TSC + "SmartCityArea"))}
    by_province: dict[str, int] = {}
    for area in areas:
        province = graph.value(URIRef(area), URIRef(TSC + "province"))
        key = str(province).rsplit("/", 1)[-1]
        by_province[key] = by_province.get(key, 0) + 1
    for step, code, total in paths:
        assert int(total) == by_province.get(code, 0), code
        assert int(step) == min(int(total), 4)
    assert len([p for p in paths if p[2] != "0"]) == 25  # the article's 23 provinces, and Samut Prakan and Nakhon Si Thammarat (2023)
    assert "OCHA" in page and "mapthai" in page  # the boundaries are credited
    assert "<script src=" in page and "tile" not in page.lower()


POLYGONS = ROOT / "seeds" / "sources" / "tcan-adm1-v1.0.0" / "thailand-adm1-polygons-v1.0.0.geojson"
TCAN1 = ROOT / "seeds" / "sources" / "tcan-adm1-v1.0.0" / "thailand-adm1-provinces-v1.0.0.csv"


def test_the_map_outline_projects_every_province_into_its_box() -> None:
    """present.svg, without the site: the 77 units of the table, north up and east right, inside the drawing."""
    import csv

    from smartcity_kg.present.svg import Bar, Chart, outline, step

    drawn = outline(POLYGONS)
    assert drawn == outline(POLYGONS)  # the same GeoJSON, the same path data
    with TCAN1.open(encoding="utf-8", newline="") as table:
        codes = sorted(row["tis1099_code"] for row in csv.DictReader(table))
    assert [shape.dopa_code for shape in drawn.shapes] == codes and len(codes) == 77
    points: dict[str, list[tuple[float, float]]] = {}
    for shape in drawn.shapes:
        assert shape.d.startswith("M") and shape.d.endswith("Z") and shape.name_th and shape.name_en
        pairs = re.findall(r"(-?[\d.]+),(-?[\d.]+)", shape.d)
        points[shape.dopa_code] = [(float(x), float(y)) for x, y in pairs]
    every = [point for found in points.values() for point in found]
    assert all(0 <= x <= drawn.width and 0 <= y <= drawn.height for x, y in every)
    assert min(y for _, y in every) == 0 and max(y for _, y in every) == drawn.height == 800  # north to south fills it
    assert 350 < drawn.width < 550  # Thailand is about half as wide as it is tall

    def middle(code: str) -> tuple[float, float]:
        xs, ys = zip(*points[code], strict=True)
        return sum(xs) / len(xs), sum(ys) / len(ys)

    bangkok, chiang_mai, rayong, phuket = middle("10"), middle("50"), middle("21"), middle("83")
    assert chiang_mai[1] < bangkok[1] < phuket[1]  # north of Bangkok, Phuket south of it
    assert phuket[0] < bangkok[0] < rayong[0]  # Phuket west, Rayong east
    # The colour classes of the legend and the bars of the statistics.
    assert [step(count, 4) for count in (0, 1, 3, 4, 9)] == [0, 1, 3, 4, 4]
    chart = Chart("areas", [Bar("a", 4), Bar("b", 2), Bar("c", 0)])
    assert chart.maximum == 4 and chart.length(4) == chart.width - chart.label_width - 48
    assert chart.length(2) == chart.length(4) / 2 and chart.length(0) == 0
    assert Chart("none", []).length(3) == 0.0


def test_the_ontology_documentation_covers_every_own_term(written: Path) -> None:
    """present.ontodoc, without the site: every class and property of graph/ontology.ttl with both labels, the
    constraints of graph/shapes.ttl, counts from the data, and the concept schemes."""
    from rdflib import OWL, RDF, RDFS

    from smartcity_kg.core import iri
    from smartcity_kg.present.ontodoc import document
    from smartcity_kg.rdf import query

    ontology = Graph().parse(written / "ontology.ttl", format="turtle")
    shapes = Graph().parse(written / "shapes.ttl", format="turtle")
    prefixes = iri.prefixes(iri.load_context(ROOT / "ontology"))
    doc = document(ontology, shapes, query.open_store(written), BASE, prefixes, "en")
    own = BASE + "def/"
    classes = {str(c) for c in ontology.subjects(RDF.type, OWL.Class) if str(c).startswith(own)}
    assert {term.iri for term in doc.classes} == classes and len(classes) > 20
    properties = {str(p) for kind in (OWL.ObjectProperty, OWL.DatatypeProperty) for p in ontology.subjects(RDF.type, kind)}
    assert {p for p in properties if p.startswith(own)} <= {term.iri for term in doc.properties}
    for term in doc.classes + doc.properties:
        assert term.label.th and term.label.en, term.compact
        assert term.anchor == term.iri[len(own) :].replace("/", "-")
    area = next(term for term in doc.classes if term.compact == "tsc:SmartCityArea")
    assert area.count == 37 and len(area.examples) == 5  # the 37 areas (31 certified, 6 proposed); five shown
    province = next(c for c in area.constraints if c.path.iri == own + "province")
    assert province.cardinality == "1..1" and province.message.en.startswith("A smart city area is in exactly one tsc:Province")
    assert {parent.iri for parent in area.parents} == {str(o) for o in ontology.objects(URIRef(area.iri), RDFS.subClassOf)}
    assert doc.version == "0.3.0" and doc.iri == own
    dimensions = next(scheme for scheme in doc.schemes if scheme.ref.iri == ID + "scheme/smart-city-dimensions")
    assert len(dimensions.concepts) == 7 and all(concept.top for concept in dimensions.concepts)


@pytest.mark.slow
def test_statistics_count_areas_per_batch_region_and_dimension(static_site: Path) -> None:
    page = (static_site / "en/statistics.html").read_text(encoding="utf-8")
    assert "Areas per certification batch" in page and "Areas per region" in page and "Areas per smart city dimension" in page
    assert re.search(r"<title>Batch 1 \(2021\): 15</title>", page)
    assert re.search(r"<title>Batch 3 \(2023\): 6</title>", page) and re.search(r"<title>Batch 4 \(2025\): 1</title>", page)
    assert re.search(r"<title>South: 12</title>", page) and re.search(r"<title>West: 0</title>", page)
    assert "No source states the smart city dimensions of any area yet" in page


@pytest.mark.slow
def test_content_negotiation_rules_follow_the_iri_policy(static_site: Path) -> None:
    htaccess = (static_site / ".htaccess").read_text(encoding="utf-8")
    nginx = (static_site / "deploy/nginx.conf").read_text(encoding="utf-8")
    pattern = re.compile(conneg.id_pattern())
    for key in ("area/nakhon-rayong", "province/TH-21", "batch/2", "source/tcan-adm1-v1.0.0", "distribution/smartcity-nq-gz"):
        assert pattern.fullmatch(key), key
    for key in ("province/TH-1", "area/Nakhon", "nokind/x", "area/x/../../etc", "area/-x"):
        assert not pattern.fullmatch(key), key
    assert conneg.id_pattern() in htaccess and conneg.id_pattern() in nginx
    assert "[R=303,L]" in htaccess and "return 303 /doc/$sc_doc.$sc_ext;" in nginx
    for media_type in ("text/turtle", r"application/ld\+json", r"application/n\-triples", r"application/rdf\+xml"):
        assert media_type in htaccess and media_type in nginx


def test_rules_for_a_site_in_a_sub_folder() -> None:
    nginx = conneg.nginx("/thai-smart-city")
    assert 'location ~ "^/thai-smart-city/id/(?<sc_id>' in nginx
    assert "return 303 /thai-smart-city/doc/$sc_doc.$sc_ext;" in nginx
    assert "if (!-f $document_root/thai-smart-city/doc/$sc_doc.html) { return 404; }" in nginx


def test_w3id_rules_redirect_to_where_the_site_is_hosted() -> None:
    rules = conneg.w3id_htaccess("https://example.github.io/thai-smart-city")
    assert "RewriteRule ^id/(" in rules and "https://example.github.io/thai-smart-city/doc/$1.ttl [R=303,L]" in rules
    assert "https://example.github.io/thai-smart-city/def/$1index.html [R=303,L]" in rules
    assert rules.rstrip().endswith("RewriteRule ^(.*)$ https://example.github.io/thai-smart-city/$1 [R=302,L]")


@pytest.mark.parametrize(
    ("path", "lang", "page", "expected"),
    [
        ("/", "th", "doc/area/x.html", "../../index.html"),
        ("/doc/province/TH-21", "en", "en/doc/area/x.html", "../province/TH-21.html"),
        ("/doc/source/tcan-adm1-v1.0.0", "th", "index.html", "doc/source/tcan-adm1-v1.0.0.html"),
        ("/doc/area/x.ttl", "en", "en/doc/area/x.html", "../../../doc/area/x.ttl"),
        ("/def/", "en", "en/index.html", "def/index.html"),
        ("/def/shapes/", "th", "def/index.html", "shapes/index.html"),
        ("/def/index.ttl", "th", "def/index.html", "index.ttl"),
        ("/def/SmartCityArea#x", "th", "map.html", "def/SmartCityArea.html#x"),
        ("/static/style.css", "en", "en/map.html", "../static/style.css"),
        ("/sparql", "th", "index.html", "https://w3id.org/thai-smart-city/sparql"),
        ("http://www.wikidata.org/entity/Q869", "th", "index.html", "http://www.wikidata.org/entity/Q869"),
    ],
)
def test_links_are_relative_to_the_page(path: str, lang: str, page: str, expected: str) -> None:
    assert PageContext(page, lang, BASE).link(path) == expected


def test_file_for_keeps_keys_with_dots() -> None:
    assert file_for("/doc/source/tcan-adm1-v1.0.0", "th") == "doc/source/tcan-adm1-v1.0.0.html"
    assert file_for("/doc/source/tcan-adm1-v1.0.0.jsonld", "en") == "doc/source/tcan-adm1-v1.0.0.jsonld"


@pytest.mark.slow
def test_same_graph_same_site_byte_for_byte_and_a_terminal_sees_the_steps(repo: Path, static_site: Path, tmp_path: Path) -> None:
    """A second site, written on a terminal (progress shown, other hash seed): the same bytes; stderr said what it did."""
    again = tmp_path / "again"
    code, shown = on_a_terminal("site", str(again), cwd=repo, env={"PYTHONHASHSEED": "12345"})
    assert code == 0, shown
    steps = ["reading", "rendering the pages and documents of", "rendering the ontology's pages", "writing"]
    positions = [shown.find(f"smartcity-kg site: {step}") for step in steps]
    assert all(p >= 0 for p in positions) and positions == sorted(positions), shown
    assert re.search(r"smartcity-kg site: things: +\d+%", shown), shown  # the bar over the things rendered
    first = {p.relative_to(static_site).as_posix(): p.read_bytes() for p in static_site.rglob("*") if p.is_file()}
    second = {p.relative_to(again).as_posix(): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []


def test_site_replaces_only_a_folder_it_wrote(repo: Path, cli: Callable[..., CompletedProcess[str]], tmp_path: Path) -> None:
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "notes.txt").write_text("keep me", encoding="utf-8")
    result = cli("site", str(precious), cwd=repo)
    assert result.returncode == 1
    assert "refusing to replace it" in result.stderr
    assert (precious / "notes.txt").read_text(encoding="utf-8") == "keep me"


def test_site_is_written_in_one_step(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An error while writing leaves the previous site as it was, and no half-written folder beside it."""
    from smartcity_kg.pipeline import write
    from smartcity_kg.site import render as site

    out = tmp_path / "out"
    site.write_site({MARKER: b"", "index.html": b"old"}, out)

    def broken(folder: Path, paths: list[Path]) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(write, "flush_to_disk", broken)
    with pytest.raises(OSError, match="disk full"):
        site.write_site({MARKER: b"", "index.html": b"new", "doc/a.html": b"a"}, out)
    assert (out / "index.html").read_bytes() == b"old"
    assert not (out / "doc").exists()
    # Only the lock the writer holds (write.locked) stays beside it: a file, never a staging folder.
    assert sorted(p.name for p in tmp_path.iterdir()) == [".out.lock", "out"]
    assert (tmp_path / ".out.lock").is_file()


def test_missing_graph_is_a_clear_error_and_progress_shows_only_on_a_terminal(
    cli: Callable[..., CompletedProcess[str]], tmp_path: Path
) -> None:
    result = cli("site", str(tmp_path / "out"), "--root", str(tmp_path), cwd=ROOT)  # stderr is a pipe here
    assert result.returncode == 1
    assert "run `smartcity-kg build` first" in result.stderr
    assert "Traceback" not in result.stderr
    assert "smartcity-kg site: reading" not in result.stderr
    # The first step is shown before graph/ is found missing: on a terminal, unless --quiet.
    for extra, shown_there in (((), True), (("--quiet",), False)):
        code, shown = on_a_terminal("site", str(tmp_path / "out"), "--root", str(tmp_path), *extra, cwd=ROOT)
        assert code == 1 and "run `smartcity-kg build` first" in shown, shown
        assert ("smartcity-kg site: reading" in shown) is shown_there, (extra, shown)


@pytest.mark.slow
@pytest.mark.parametrize(("kind", "entity"), [("district", 0), ("district", 500), ("subdistrict", 0), ("subdistrict", 7000)])
def test_districts_and_subdistricts_have_pages_with_their_names_and_parents(static_site: Path, kind: str, entity: int) -> None:
    """From seeds/gazetteer/*.yaml: the page of each language is titled with the name of that language, and the
    links to its parent (a province or a district) and to its centroid are files of the site."""
    units = [e for e in gazetteer(f"{kind}s") if e["type"] == kind.capitalize()]
    unit = units[entity]
    for page, name in ((f"doc/{unit['id']}.html", unit["name_th"]), (f"en/doc/{unit['id']}.html", unit["name_en"])):
        text = (static_site / page).read_text(encoding="utf-8")
        assert f"<h1>{name}</h1>" in text, page
        assert f'<code id="iri">{ID}{unit["id"]}</code>' in text
        hrefs = (href.partition("#")[0] for href in re.findall(r'href="([^":]+)"', text))  # releases.html#release-1.0.0
        links = {posixpath.normpath(posixpath.join(posixpath.dirname(page), href)) for href in hrefs}
        tree = "en/" if page.startswith("en/") else ""
        for target in (unit["within"], *([unit["centroid"]] if "centroid" in unit else [])):
            assert f"{tree}doc/{target}.html" in links, (page, target)
            assert (static_site / f"{tree}doc/{target}.html").is_file()
        assert all((static_site / link).is_file() for link in links), page
    parent = (static_site / f"en/doc/{unit['within']}.html").read_text(encoding="utf-8")
    assert f'href="../{unit["id"].split("/")[0]}/{unit["id"].split("/")[1]}.html"' in parent  # and the parent links back


RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
# What a reader looks for first: what the thing is, then its names (the order the issue asks for), then the rest by IRI.
FIRST = [RDF_TYPE, "http://www.w3.org/2000/01/rdf-schema#label", "http://www.w3.org/2004/02/skos/core#prefLabel"]
FIRST.append("http://www.w3.org/2004/02/skos/core#altLabel")


def readable(predicates: list[str]) -> bool:
    ranks = [(FIRST.index(p), "") if p in FIRST else (len(FIRST), p) for p in predicates]
    return ranks == sorted(ranks)


@pytest.mark.slow
@pytest.mark.parametrize("thing", ["area/nakhon-rayong", "province/TH-21", "dimension/economy"])
def test_documents_list_type_then_names_then_the_rest(static_site: Path, thing: str) -> None:
    subject = f"<{ID}{thing}>"
    lines = (static_site / f"doc/{thing}.nt").read_text(encoding="utf-8").splitlines()
    own = [line.split(" ", 2)[1][1:-1] for line in lines if line.startswith(subject + " ")]
    assert own[0] == RDF_TYPE and readable(own), own
    subjects = [line.split(" ", 1)[0] for line in lines]
    assert subjects == sorted(subjects)  # subject by subject, each once
    # Turtle: the thing's block is its `a` first, then rdfs:label, then the other predicates in IRI order.
    turtle = (static_site / f"doc/{thing}.ttl").read_text(encoding="utf-8")
    block = turtle[turtle.index("\n" + subject + " ") + 1 :].split(" .\n", 1)[0]
    statements = [part.strip() for part in re.split(r" ;\n", block[len(subject) :])]
    prefixes = dict(re.findall(r"@prefix (\w*): <([^>]+)> \.", turtle))
    names = []
    for statement in statements:
        word = statement.split()[0]
        names.append(RDF_TYPE if word == "a" else prefixes[word.split(":")[0]] + word.split(":", 1)[1] if ":" in word else word[1:-1])
    assert names[0] == RDF_TYPE and readable(names), names
    assert list(dict.fromkeys(own)) == names  # N-Triples in the same order


def test_the_search_index_query_reads_the_names_the_pages_show() -> None:
    from smartcity_kg.present.vocabulary import LABELS

    text = (ROOT / "src" / "smartcity_kg" / "site" / "sparql" / "named-things.rq").read_text(encoding="utf-8")
    values = re.search(r"VALUES \?p \{ ([^}]*) \}", text)
    assert values is not None
    assert values[1].split() == [*LABELS, "skos:altLabel"]
