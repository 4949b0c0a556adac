"""The static site in a real browser, from file:// (no server at all): Debian's chromium driven by Playwright.

The home page; an entity page in Thai, then in English by its language link; the map with its 77 provinces,
the ones with smart city areas coloured, and the batch filter; search finding an area by a Thai word.
Screenshots go to test-artifacts/site/ (or $SMARTCITY_KG_ARTIFACTS/site/), which git ignores.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page
from rdflib import Graph, URIRef

from .browser import chromium
from .conftest import BASE, ROOT

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


def areas_per_province(batch: str | None = None) -> dict[str, int]:
    graph = Graph().parse(ROOT / "graph" / "smartcity.nt", format="nt")
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


def test_map_draws_every_province_and_colours_those_with_areas(static_site: Path, page: Page) -> None:
    page.goto(url(static_site, "en/map.html"))
    provinces = page.locator("#map path.province")
    assert provinces.count() == 77
    expected = areas_per_province()
    assert len(expected) == 23

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
    batch_1 = areas_per_province("1")
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
