"""The static site in a real browser, from file:// (no server at all): Debian's chromium driven by Playwright.

The home page; an entity page in Thai, then in English by its language link; the map with its 77 provinces,
the ones with smart city areas coloured, and the batch filter; search finding an area by a Thai word.
Screenshots go to test-artifacts/site/ (or $SMARTCITY_KG_ARTIFACTS/site/), which git ignores.
"""

from __future__ import annotations

import itertools
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page
from rdflib import Graph, URIRef

from .browser import chromium
from .conftest import BASE, ROOT

pytestmark = pytest.mark.browser  # Debian's chromium, driven by Playwright

ARTIFACTS = Path(os.environ.get("SMARTCITY_KG_ARTIFACTS", ROOT / "test-artifacts")) / "site"
TSC = BASE + "def/"


@pytest.fixture(scope="module")
def browser() -> Iterator[BrowserContext]:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with chromium() as context:
        yield context


@pytest.fixture
def page(browser: BrowserContext) -> Iterator[Page]:
    page = browser.new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    page.close()
    assert [url for url in requests if not url.startswith("file://")] == [], "the site asked the network"
    assert errors == []


def url(site: Path, path: str) -> str:
    return (site / path).as_uri()


def areas_per_province(folder: Path, batch: str | None = None) -> dict[str, int]:
    graph = Graph().parse(folder / "smartcity.nt", format="nt")
    found: dict[str, int] = {}
    for area in graph.subjects(None, URIRef(TSC + "SmartCityArea")):
        if batch is not None and graph.value(area, URIRef(TSC + "batch")) != URIRef(BASE + "id/batch/" + batch):
            continue
        province = str(graph.value(area, URIRef(TSC + "province"))).rsplit("/", 1)[-1]
        found[province] = found.get(province, 0) + 1
    return found


def test_home_page(static_site: Path, page: Page) -> None:
    page.goto(url(static_site, "index.html"))
    assert page.locator("html").get_attribute("lang") == "th"
    assert page.locator("h1").inner_text() == "กราฟความรู้เมืองอัจฉริยะประเทศไทย"
    assert page.locator("#downloads tbody tr").count() >= 10
    assert page.locator("code.checksum").first.inner_text().strip() != ""
    page.screenshot(path=ARTIFACTS / "home-th.png", full_page=True)
    page.locator(".cards a", has_text="แผนที่").click()
    page.wait_for_load_state()
    assert page.url.endswith("/map.html")


def test_entity_page_in_thai_then_english(static_site: Path, page: Page) -> None:
    page.goto(url(static_site, "doc/area/nakhon-rayong.html"))
    assert page.locator("html").get_attribute("lang") == "th"
    assert page.locator("h1").inner_text() == "นครระยองเมืองอัจฉริยะและน่าอยู่"
    assert page.locator("#iri").inner_text() == BASE + "id/area/nakhon-rayong"
    assert page.locator(".provenance blockquote").count() >= 1
    page.screenshot(path=ARTIFACTS / "area-th.png", full_page=True)

    page.get_by_role("link", name="English").click()
    page.wait_for_load_state()
    assert page.url.endswith("/en/doc/area/nakhon-rayong.html")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Nakhon Rayong smart and livable city"
    page.screenshot(path=ARTIFACTS / "area-en.png", full_page=True)

    page.locator("table.properties a", has_text="Rayong").first.click()
    page.wait_for_load_state()
    assert page.url.endswith("/en/doc/province/TH-21.html")
    assert page.locator("h1").inner_text() == "Rayong"
    assert page.locator(".external-links a", has_text="Wikidata").count() == 1


def test_map_draws_every_province_and_colours_those_with_areas(written: Path, static_site: Path, page: Page) -> None:
    page.goto(url(static_site, "en/map.html"))
    provinces = page.locator("#map path.province")
    assert provinces.count() == 77
    expected = areas_per_province(written)
    assert len(expected) == 25  # the 25 provinces of smart_city_areas.csv (batches 1 to 4)

    def coloured() -> dict[str, str]:
        """Province -> its fill as the browser computed it."""
        script = "() => Object.fromEntries([...document.querySelectorAll('#map path.province')].map(p => [p.id, getComputedStyle(p).fill]))"
        found: dict[str, str] = page.evaluate(script)
        return found

    fills = coloured()
    blank = fills["TH-37"]  # Amnat Charoen: no area
    assert {code for code, fill in fills.items() if fill != blank} == set(expected)
    assert fills["TH-10"] != fills["TH-21"]  # Bangkok (4 areas) darker than Rayong (2)
    box = page.locator("#map").bounding_box()
    assert box is not None and box["height"] > 400  # drawn, not an empty box
    page.screenshot(path=ARTIFACTS / "map-all.png", full_page=True)

    page.locator("#batch-filter input[value='1']").check()
    batch_1 = areas_per_province(written, "1")
    assert {code for code, fill in coloured().items() if fill != blank} == set(batch_1)
    assert len(batch_1) == 11
    page.screenshot(path=ARTIFACTS / "map-batch-1.png", full_page=True)

    page.locator("#map path#TH-21").click()
    page.wait_for_load_state()
    assert page.url.endswith("/en/doc/province/TH-21.html")


def test_search_finds_an_area_by_a_thai_word(static_site: Path, page: Page) -> None:
    page.goto(url(static_site, "index.html"))
    page.locator("header form.search input").fill("ระยอง")
    page.locator("header form.search input").press("Enter")
    page.wait_for_load_state()
    assert "/search.html" in page.url
    results = page.locator("#results ol.results li a")
    results.first.wait_for()
    ids = [results.nth(i).get_attribute("data-id") for i in range(results.count())]
    assert "area/nakhon-rayong" in ids and "province/TH-21" in ids
    page.screenshot(path=ARTIFACTS / "search-th.png", full_page=True)
    results.locator("text=นครระยองเมืองอัจฉริยะและน่าอยู่").click()
    page.wait_for_load_state()
    assert page.url.endswith("/doc/area/nakhon-rayong.html")


def test_search_in_english_and_nothing_found(static_site: Path, page: Page) -> None:
    page.goto(url(static_site, "en/search.html"))
    page.locator("#q").fill("phuket smart")
    hits = page.locator("#results ol.results li a")
    hits.first.wait_for()
    assert hits.first.get_attribute("data-id") == "area/phuket"
    page.locator("#q").fill("no such thing anywhere")
    assert page.locator("#results p.none").inner_text() == "Nothing found."


# Rayong's eight districts in Thai dictionary order (Royal Institute: a leading vowel เ แ sorts under the consonant
# after it), written from the TCAN district table, not from the code.
RAYONG_DISTRICTS_TH = ["แกลง", "เขาชะเมา", "นิคมพัฒนา", "บ้านค่าย", "บ้านฉาง", "ปลวกแดง", "เมืองระยอง", "วังจันทร์"]
RAYONG_DISTRICTS_EN = ["Ban Chang", "Ban Khai", "Khao Chamao", "Klaeng", "Mueang Rayong", "Nikhom Phatthana", "Pluak Daeng", "Wang Chan"]
TECHNICAL = re.compile(r"\b(?:xsd|geo|skos|rdf|rdfs|dcterms|tsc|owl|prov):[A-Za-z]|@(?:th|en)\b|tcan-adm\d")


def test_province_page_in_thai_names_things_and_lists_its_districts_once(static_site: Path, page: Page) -> None:
    page.goto(url(static_site, "doc/province/TH-21.html"))
    main = page.locator("main").inner_text()
    assert TECHNICAL.findall(main) == []  # no prefixed names, language tags or source keys where a label exists
    rows = page.locator("table.incoming tr")
    contains = rows.filter(has=page.locator("th", has_text="ประกอบด้วย"))  # the inverse of geo:sfWithin / skos:broader
    assert contains.count() == 1
    assert contains.locator("td li").all_inner_texts() == RAYONG_DISTRICTS_TH
    listed = page.locator("table.incoming td li").all_inner_texts()
    assert sorted(n for n in listed if n in RAYONG_DISTRICTS_TH) == sorted(RAYONG_DISTRICTS_TH)  # once, not under two properties
    # The source titles (English only in the data): shown, marked, and in lang="en".
    title = "Thailand Canonical Administrative-Names Reference v1.0.0, first-level units (thailand-adm1-provinces-v1.0.0.csv)"
    source = page.locator(".provenance ol.graphs li", has_text=title)
    assert source.count() == 1 and "มีเฉพาะภาษาอังกฤษ" in source.inner_text()
    assert source.locator("a").get_attribute("lang") == "en"
    english_only = page.locator("table.properties td li", has_text="Province")
    assert english_only.locator("span[lang=en]").count() == 1 and "(มีเฉพาะภาษาอังกฤษ)" in english_only.inner_text()
    page.screenshot(path=ARTIFACTS / "province-th.png", full_page=True)

    page.goto(url(static_site, "en/doc/province/TH-21.html"))
    contains = page.locator("table.incoming tr").filter(has=page.locator("th", has_text="contains"))
    assert contains.locator("td li").all_inner_texts() == RAYONG_DISTRICTS_EN
    assert TECHNICAL.findall(page.locator("main").inner_text()) == []
    page.screenshot(path=ARTIFACTS / "province-en.png", full_page=True)


def test_numbers_show_plainly(static_site: Path, page: Page) -> None:
    page.goto(url(static_site, "en/doc/area/nakhon-rayong.html"))
    row = page.locator("table.properties tr", has=page.locator("th", has_text="position in list"))
    assert row.locator("td li > span").inner_text() == "1"  # tsc:listPosition 1, no xsd:integer beside it
    assert row.locator("td li small.tag").count() == 0
    assert "xsd:" not in page.locator("main").inner_text()


def relative_luminance(rgb: str) -> float:
    """WCAG 2.x relative luminance of a computed colour, `rgb(r, g, b)`."""
    channels = [int(c) / 255 for c in re.findall(r"\d+", rgb)[:3]]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


# Adjacent classes at least 1.5:1 apart in WCAG contrast ratio ((L1 + 0.05) / (L2 + 0.05)): colour-blind readers
# see lightness, not hue, so each step must be a clear step in lightness; 3:1 (WCAG 1.4.11, against the background)
# cannot hold between 5 neighbouring classes (3^4 = 81 > 21, the widest ratio there is), 1.5^4 ≈ 5 fits easily.
MIN_STEP = 1.5


def test_map_classes_differ_in_lightness(written: Path, static_site: Path, page: Page) -> None:
    page.goto(url(static_site, "en/map.html"))
    script = "() => [...document.querySelectorAll('.legend rect')].map(r => getComputedStyle(r).fill)"
    fills: list[str] = page.evaluate(script)
    assert len(fills) == 5
    luminance = [relative_luminance(fill) for fill in fills]
    ratios = [(a + 0.05) / (b + 0.05) for a, b in itertools.pairwise(luminance)]
    assert all(ratio >= MIN_STEP for ratio in ratios), ratios  # lighter to darker, each step clear
    # The provinces are drawn in the legend's colours: Rayong (2 areas) in the third, Bangkok (4) in the last.
    province_fill = "(code) => getComputedStyle(document.getElementById(code)).fill"
    assert page.evaluate(province_fill, "TH-21") == fills[min(areas_per_province(written)["TH-21"], 4)]
    assert page.evaluate(province_fill, "TH-10") == fills[min(areas_per_province(written)["TH-10"], 4)]
    page.locator(".legend").screenshot(path=ARTIFACTS / "map-legend.png")
    page.screenshot(path=ARTIFACTS / "map-en.png", full_page=True)


def test_home_page_explains_its_triple_count(written: Path, static_site: Path, page: Page) -> None:
    import gzip

    import pyoxigraph as ox

    graph = written
    main = {q.triple for q in ox.parse(path=graph / "smartcity.nq", format=ox.RdfFormat.N_QUADS)}
    layer = {q.triple for q in ox.parse(gzip.decompress((graph / "gazetteer.nq.gz").read_bytes()), format=ox.RdfFormat.N_QUADS)}
    ontology = {q.triple for q in ox.parse(path=graph / "ontology.ttl", format=ox.RdfFormat.TURTLE)}
    total = len(main | layer | ontology)
    page.goto(url(static_site, "en/index.html"))
    split = page.locator("#triples-split").inner_text()
    assert f"{total:,} triples in all" in split
    assert f"{len(main - layer):,} of data in the main layer" in split
    assert f"{len(layer):,} in the gazetteer layer" in split
    assert f"{len(ontology - main - layer):,} of the ontology" in split
    page.goto(url(static_site, "index.html"))
    thai = page.locator("#triples-split").inner_text()
    assert f"ทริปเปิลทั้งหมด {total:,} รายการ" in thai and f"{len(layer):,} รายการในชั้นทำเนียบเขตการปกครอง" in thai
    english_only = page.locator("#downloads td[lang=en]")
    assert english_only.count() >= 1 and "(มีเฉพาะภาษาอังกฤษ)" in english_only.first.inner_text()
    page.screenshot(path=ARTIFACTS / "home-th-split.png", full_page=True)
