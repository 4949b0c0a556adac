"""`smartcity-kg serve` in a real browser: Debian's chromium, driven by Playwright (never its own browser).

The query page, in Thai and in English: its tabs are the questions of queries/ in the page's language; an
example runs and its table reads as a person reads it (whole Thai names, plain numbers, short IRIs that
link to this server), checked against the expected results written from the article. An entity page is
read in Thai and in English, and a link on it is followed. Screenshots go to test-artifacts/query/.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest
from playwright.sync_api import BrowserContext, Locator, Page, expect

from .browser import artifacts, chromium
from .serving import ROOT, Server, running

pytestmark = pytest.mark.browser  # Debian's chromium, driven by Playwright

THAI = re.compile(r"[\u0E00-\u0E7F]")
QUERIES = ROOT / "queries"
IDS = "https://w3id.org/thai-smart-city/id/"


@pytest.fixture(scope="module")
def server(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with running(root=repo, log_dir=tmp_path_factory.mktemp("serve")) as started:
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
    errors: list[str] = []
    page.on("request", lambda request: outside.append(request.url) if not request.url.startswith("http://127.0.0.1") else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    page.close()
    assert outside == [], "the page asked another host"
    assert errors == [], "the page's script failed"


# ---------------------------------------------------------------------------------------------------
# The query page
# ---------------------------------------------------------------------------------------------------


def field(path: Path, key: str) -> str:
    """A one-line `# key: value` field of a query's comment header, read here as a person reads the file."""
    match = re.search(rf"^# {key}: (.+)$", path.read_text(encoding="utf-8"), re.MULTILINE)
    return match[1].strip() if match else ""


def form(path: Path) -> str:
    match = re.search(r"^(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", path.read_text(encoding="utf-8"), re.MULTILINE)
    assert match, path
    return match[1]


def question(name: str, lang: str) -> str:
    return field(QUERIES / f"{name}.rq", "question_th" if lang == "th" else "question")


def runnable() -> list[Path]:
    """The queries a visitor can run here: not the quality checks (no rows), not the federated ones (SERVICE is refused)."""
    return [p for p in sorted(QUERIES.glob("*.rq")) if not p.stem.endswith("-violation") and not field(p, "federated")]


def expected_csv(name: str) -> list[dict[str, str]]:
    with (QUERIES / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def tab_names(page: Page) -> list[str]:
    return [name.strip() for name in page.locator(".tabsList [role=tab] > span").all_inner_texts()]


def run(page: Page, name: str | None = None) -> Locator:
    """Run the tab named `name` (the open tab if None); the rows of the table it shows."""
    if name is not None:
        page.get_by_role("tab", name=name, exact=True).click()
    page.locator(".tabPanel.active .yasqe_queryButton").click()
    rows = page.locator(".tabPanel.active .yasr table.dataTable tbody tr")
    rows.first.wait_for(timeout=20_000)
    return rows


def table(page: Page) -> list[dict[str, str]]:
    """The visible text of each cell, by the column's header, as a person reads the table."""
    cells: list[dict[str, str]] = page.locator(".tabPanel.active .yasr table.dataTable").evaluate(
        """table => {
            const heads = [...table.querySelectorAll("thead th")].map(th => th.innerText.trim());
            return [...table.querySelectorAll("tbody tr")].map(tr =>
                Object.fromEntries([...tr.children].map((td, i) => [heads[i], td.innerText.trim()])));
        }"""
    )
    return cells


def cell(page: Page, row: int, column: str) -> Locator:
    heads = [h.strip() for h in page.locator(".tabPanel.active .yasr table.dataTable thead th").all_inner_texts()]
    return page.locator(".tabPanel.active .yasr table.dataTable tbody tr").nth(row).locator("td").nth(heads.index(column))


def shown_whole(value: Locator) -> bool:
    """Whether the text lies inside its cell, nothing clipped or cut off with an ellipsis."""
    whole: bool = value.evaluate(
        """span => {
            const td = span.closest("td"), div = span.closest("td > div");
            const s = span.getBoundingClientRect(), c = td.getBoundingClientRect();
            return s.left >= c.left - 0.5 && s.right <= c.right + 0.5 && div.scrollWidth <= div.clientWidth
                && getComputedStyle(div).textOverflow !== "ellipsis";
        }"""
    )
    return whole


def font_size(element: Locator) -> float:
    size: str = element.evaluate("e => getComputedStyle(e).fontSize")
    return float(size.removesuffix("px"))


def check_tabs(page: Page, lang: str) -> None:
    names = tab_names(page)
    # The first tab is the article's list of approved areas, a question; ASK and CONSTRUCT come after every SELECT.
    assert names[0] == question("areas-approved-1-2565", lang)
    assert sorted(names) == sorted(field(p, "question_th" if lang == "th" else "question") for p in runnable())
    forms = [form(next(p for p in runnable() if question(p.stem, lang) == name)) for name in names]
    assert forms == sorted(forms, key=lambda f: f != "SELECT") and forms[-1] == "ASK", forms
    assert all(bool(THAI.search(name)) == (lang == "th") for name in names)
    for check in QUERIES.glob("*-violation.rq"):
        assert question(check.stem, lang) not in names


def test_query_page_in_thai_names_tabs_by_question_and_shows_plain_values(server: Server, page: Page) -> None:
    shots = artifacts("query")
    page.set_extra_http_headers({"accept-language": "th-TH,th;q=0.9,en;q=0.5"})
    page.goto(server.url + "/query")
    page.wait_for_selector(".yasqe .CodeMirror")
    assert page.locator("html").get_attribute("lang") == "th"
    check_tabs(page, "th")
    page.screenshot(path=shots / "query-th-before.png", full_page=True)

    expected = expected_csv("areas-approved-1-2565")
    rows = run(page)  # the first tab, as it opens
    assert rows.count() == len(expected) == 15
    shown = table(page)
    page.screenshot(path=shots / "query-th-after.png", full_page=True)
    text = page.locator(".tabPanel.active .yasr table.dataTable").inner_text()
    assert "^^" not in text and "XMLSchema" not in text and '"' not in text and "…" not in text

    # Numbers plain; every Thai name whole, in the article's order, with a small language tag after it.
    assert [row["position"] for row in shown] == [row["position"] for row in expected] == [str(n) for n in range(1, 16)]
    first = expected[0]
    assert first["area_th"] == "นครระยองเมืองอัจฉริยะและน่าอยู่"
    name = cell(page, 0, "area_th").locator("span[lang=th]")
    assert name.inner_text() == first["area_th"]
    assert shown_whole(name)
    tag = cell(page, 0, "area_th").locator("small.tag")
    assert tag.inner_text() == "th" and font_size(tag) < font_size(name)
    assert [row["area_th"].removesuffix("th").strip() for row in shown] == [row["area_th"] for row in expected]
    assert all(shown_whole(value) for value in page.locator(".tabPanel.active table.dataTable td span[lang=th]").all())
    assert shown[0]["province_th"].removesuffix("th").strip() == first["province_th"] == "ระยอง"

    # The area's IRI, short as the query writes it under its BASE, links to /id/ on this server (303 to its page).
    assert first["area"] == IDS + "area/nakhon-rayong"
    link = cell(page, 0, "area").get_by_role("link")
    assert link.inner_text() == "area/nakhon-rayong"
    assert link.get_attribute("href") == "/id/area/nakhon-rayong" and link.get_attribute("target") is None
    link.click()
    page.wait_for_url(server.url + "/doc/area/nakhon-rayong.html")
    assert page.locator("h1").inner_text() == first["area_th"]


def test_query_page_in_english_counts_outside_links_and_the_full_terms(server: Server, page: Page) -> None:
    shots = artifacts("query")
    page.goto(server.url + "/query?lang=en")
    page.wait_for_selector(".yasqe .CodeMirror")
    assert page.locator("html").get_attribute("lang") == "en"
    check_tabs(page, "en")
    page.screenshot(path=shots / "query-en-before.png", full_page=True)

    # Counts read as numbers: 31 certified areas in 23 provinces; the article states 30 in 23 for 2022.
    run(page, question("certified-totals", "en"))
    (stated,) = expected_csv("certified-totals")
    assert (stated["areas"], stated["provinces"], stated["stated_areas"], stated["stated_provinces"]) == ("31", "23", "30", "23")
    assert table(page) == [stated]

    # An outside IRI is compacted with the project's prefix for its namespace and links out, safely.
    run(page, question("province-federation-ids", "en"))
    context = json.loads((ROOT / "ontology" / "context.jsonld").read_text(encoding="utf-8"))["@context"]
    first = expected_csv("province-federation-ids")[0]
    wikidata = first["wikidata"]
    prefix = next(name for name, namespace in context.items() if isinstance(namespace, str) and wikidata.startswith(namespace))
    link = cell(page, 0, "wikidata").get_by_role("link")
    assert link.inner_text() == prefix + ":" + wikidata.removeprefix(context[prefix]) == "wd:Q1861"
    assert link.get_attribute("href") == wikidata
    assert link.get_attribute("target") == "_blank" and "noopener" in (link.get_attribute("rel") or "").split()
    assert table(page)[0]["iso_code"] == first["iso_code"] == "TH-10"
    page.screenshot(path=shots / "query-en-after.png", full_page=True)

    # "Simple view" off: YASR's own rendering, the full RDF terms, is one switch away.
    run(page, question("areas-approved-1-2565", "en"))
    assert cell(page, 0, "area_en").locator("span[lang=en]").inner_text() == expected_csv("areas-approved-1-2565")[0]["area_en"]
    page.locator(".tabPanel.active .tableControls label", has_text="Simple view").locator("input").uncheck()
    assert '"1"^^' in cell(page, 0, "position").inner_text()

    # Typing an undeclared prefix makes YASQE write its PREFIX line: the project's namespace, not prefix.cc's
    # (http://schema.org/, GeoNames' ontology), which would override what the server predeclares.
    page.locator(".tabPanel.active .CodeMirror").click()
    page.keyboard.press("Control+A")
    page.keyboard.type("SELECT ?place ?feature WHERE { ?place a schema:Place ; gn:feature ?feature }")
    editor = page.locator(".tabPanel.active .CodeMirror-code")
    for name in ("schema", "gn"):
        expect(editor).to_contain_text(f"PREFIX {name}: <{context[name]}>")


# ---------------------------------------------------------------------------------------------------
# Entity pages
# ---------------------------------------------------------------------------------------------------


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
    page.screenshot(path=artifacts("serve") / "sparql-service-refused-th.png", full_page=True)
    page.set_extra_http_headers({"accept-language": "en"})
    page.goto(server.url + "/sparql?" + urlencode({"query": query}))
    assert page.locator("main p.message").inner_text().startswith("SERVICE (federated query) is not allowed")
    assert not THAI.search(page.locator("main").inner_text())
