"""`smartcity-kg serve` in a real browser: Debian's chromium, driven by Playwright (never its own browser).

The query page runs an example query in YASGUI and shows the result table; an entity page is read in
Thai and in English, and a link on it is followed.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest
from playwright.sync_api import BrowserContext, Page

from smartcity_kg.pages import example_queries
from smartcity_kg.sparql import QueryFailed, check

from .browser import chromium
from .serving import ROOT, Server, running

THAI = re.compile(r"[\u0E00-\u0E7F]")
ARTIFACTS = Path(os.environ.get("SMARTCITY_KG_ARTIFACTS", ROOT / "test-artifacts")) / "serve"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with running(log_dir=tmp_path_factory.mktemp("serve")) as started:
        yield started


@pytest.fixture(scope="module")
def browser() -> Iterator[BrowserContext]:
    with chromium() as context:
        yield context


@pytest.fixture
def page(browser: BrowserContext) -> Iterator[Page]:
    browser.clear_cookies()
    page = browser.new_page()
    outside: list[str] = []
    page.on("request", lambda request: outside.append(request.url) if not request.url.startswith("http://127.0.0.1") else None)
    yield page
    page.close()
    assert outside == [], "the page asked another host"


def first_select() -> tuple[str, int]:
    """The name of the first example that is a SELECT query, and how many tabs the page should have."""
    examples = example_queries(ROOT / "queries")
    for name, text in examples:
        try:
            if check(text, 100_000) == "SELECT":
                return name, len(examples)
        except QueryFailed:
            continue
    return "areas", max(len(examples), 1)  # the page's own example when queries/ has no SELECT


def test_query_page_runs_an_example_and_shows_the_table(server: Server, page: Page) -> None:
    name, tabs = first_select()
    page.goto(server.url + "/query")
    page.wait_for_selector(".yasqe .CodeMirror")
    assert page.locator(".tabsList [role=tab]").count() == tabs
    page.locator(".tabsList [role=tab]", has_text=re.compile(rf"^\s*{re.escape(name)}(?![\w-])")).click()
    page.locator(".tabPanel.active .yasqe_queryButton").click()
    rows = page.locator(".tabPanel.active .yasr table.dataTable tbody tr")
    rows.first.wait_for(timeout=20_000)
    assert rows.count() > 0
    assert "No data available" not in rows.first.inner_text()


def test_entity_page_in_thai_then_english_then_a_link(server: Server, browser: BrowserContext, page: Page) -> None:
    page.set_extra_http_headers({"accept-language": "th-TH,th;q=0.9"})
    page.goto(server.url + "/id/area/nakhon-rayong")  # 303 to the HTML document
    assert page.url.endswith("/doc/area/nakhon-rayong.html")
    assert page.locator("html").get_attribute("lang") == "th"
    assert page.locator("h1").inner_text() == "นครระยองเมืองอัจฉริยะและน่าอยู่"
    assert page.locator("#iri").inner_text() == "https://w3id.org/thai-smart-city/id/area/nakhon-rayong"
    assert page.locator(".provenance blockquote").count() >= 1

    page.get_by_role("link", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Nakhon Rayong smart and livable city"
    assert any(cookie["name"] == "lang" and cookie["value"] == "en" for cookie in browser.cookies())

    page.locator("table.properties a[href='/doc/province/TH-21']").click()
    page.wait_for_url("**/doc/province/TH-21")
    assert page.locator("h1").inner_text() == "Rayong"  # still English: the cookie remembers
    assert not THAI.search(page.locator("h1").inner_text())
    assert page.locator(".external-links a", has_text="Wikidata").count() == 1
    assert page.locator("table.incoming a[href='/doc/area/nakhon-rayong']").count() == 1


@pytest.mark.parametrize("path", ["area/nakhon-rayong", "province/TH-21", "district/2104"])
@pytest.mark.parametrize("lang", ["th", "en"])
def test_entity_page_shows_what_the_static_site_shows(
    server: Server, static_site: Path, browser: BrowserContext, page: Page, path: str, lang: str
) -> None:
    """The same entity, served and in the static site: the same visible text in the same order."""
    page.set_extra_http_headers({"accept-language": lang})
    page.goto(f"{server.url}/doc/{path}")
    served = page.locator("main").inner_text()
    files = browser.new_page()  # the page fixture allows the server's host only
    try:
        files.goto((static_site / ("" if lang == "th" else "en/") / f"doc/{path}.html").as_uri())
        static = files.locator("main").inner_text()
    finally:
        files.close()
    assert len(served.splitlines()) > 10
    assert served.splitlines() == static.splitlines()


def test_a_refused_query_in_a_browser_is_a_page_in_its_language(server: Server, page: Page) -> None:
    query = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    page.set_extra_http_headers({"accept-language": "th-TH,th;q=0.9"})
    response = page.goto(server.url + "/sparql?" + urlencode({"query": query}))
    assert response is not None and response.status == 403
    assert page.locator("html").get_attribute("lang") == "th"
    assert page.locator("h1").inner_text() == "เกิดข้อผิดพลาด"
    assert "ไม่อนุญาตให้ใช้ SERVICE" in page.locator("main p.message").inner_text()
    assert page.locator("main span[lang=en]").inner_text().startswith("SERVICE (federated query) is not allowed")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=ARTIFACTS / "sparql-service-refused-th.png", full_page=True)
    page.set_extra_http_headers({"accept-language": "en"})
    page.goto(server.url + "/sparql?" + urlencode({"query": query}))
    assert page.locator("main p.message").inner_text().startswith("SERVICE (federated query) is not allowed")
    assert not THAI.search(page.locator("main").inner_text())
