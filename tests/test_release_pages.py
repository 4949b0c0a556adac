"""The releases on `serve` and in the static site (issue 17): each release's files at <base>release/<version>/, the
releases page in Thai and English with each changelog, and on a thing's page the releases it changed in.

Over conftest's `released`: releases 1.0.0 and 1.1.0 of known changes (area/mae-moh-livable takes the place of
area/mae-moh, programme/smart-city-ambassadors removed on purpose, area/khon-kaen's English name corrected); graph/
holds 1.1.0, so 1.0.0's files come from git. The expectations below are written by hand from those changes; the
checksums are read from release.toml with tomllib, not with the code under test.
"""

from __future__ import annotations

import gzip
import hashlib
import re
import shutil
import socket
import tomllib
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from smartcity_kg.present import conneg
from smartcity_kg.site.releases_page import release_files

from .conftest import RELEASES, REMOVED, RENAMED, RETITLED, run_cli
from .serving import Server, running

# The `released` fixture cuts two releases (four builds, about 15 s): the whole suite runs these, not the fast tier
# (which reads release 1.0.0's files through serve in tests/test_advertised_iris.py).
pytestmark = pytest.mark.slow

VERSIONS = ("1.0.0", "1.1.0")
WHY = "a test: no source names it any more"
HTML = {"accept": "text/html"}
CHECKED = ("smartcity.nq.gz", "smartcity.ttl", "gazetteer.nq.gz", "exports/areas.csv", "context.jsonld")
"""Files of a release fetched one by one: the dumps and the kinds of file (gzip, Turtle, CSV, JSON-LD)."""


def recorded(root: Path, version: str) -> dict[str, dict[str, object]]:
    """The files release.toml records for `version`: bytes, sha256, git."""
    files: dict[str, dict[str, object]] = tomllib.loads((root / "releases" / version / "release.toml").read_text(encoding="utf-8"))["files"]
    return files


def copy_without_history(released: Path, target: Path) -> Path:
    """The repository as an archive of it would be: the working tree and no .git."""
    shutil.copytree(released, target, ignore=shutil.ignore_patterns(".git"), symlinks=True)
    return target


@pytest.fixture(scope="module")
def served(released: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with running(root=released, log_dir=tmp_path_factory.mktemp("serve-released")) as started:
        yield started


def get(server: Server, path: str, **headers: str) -> httpx.Response:
    return httpx.get(server.url + path, headers=headers, timeout=60)


def page(server: Server, path: str, lang: str) -> str:
    response = get(server, f"{path}?lang={lang}", **HTML)
    assert response.status_code == 200, response.text
    return response.text


# ---------------------------------------------------------------------------------------------------
# serve: the files of each release
# ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("version", VERSIONS)
def test_each_release_file_is_served_with_its_recorded_checksum(served: Server, released: Path, version: str) -> None:
    files = recorded(released, version)
    for name in CHECKED:
        response = get(served, f"/release/{version}/{name}")
        assert response.status_code == 200, (name, response.text)
        assert hashlib.sha256(response.content).hexdigest() == files[name]["sha256"], name
        assert len(response.content) == files[name]["bytes"]
        # Typed as /graph/ types the same file (and the static site's rules do).
        assert response.headers["content-type"] == get(served, f"/graph/{name}").headers["content-type"], name
        assert "content-encoding" not in response.headers
    assert get(served, f"/release/{version}/smartcity.nq.gz").headers["content-type"] == "application/gzip"
    assert get(served, f"/release/{version}/smartcity.ttl").headers["content-type"] == "text/turtle; charset=utf-8"


def test_the_first_release_comes_from_git_as_it_was(served: Server, released: Path) -> None:
    """1.0.0's main dump is no longer graph/'s: the bytes served are the recorded ones, read from the git objects."""
    old = get(served, "/release/1.0.0/smartcity.nq")
    assert old.status_code == 200
    assert old.content != (released / "graph" / "smartcity.nq").read_bytes()
    assert hashlib.sha256(old.content).hexdigest() == recorded(released, "1.0.0")["smartcity.nq"]["sha256"]
    assert f"<https://w3id.org/thai-smart-city/id/{REMOVED}>".encode() in old.content
    assert f"<https://w3id.org/thai-smart-city/id/{REMOVED}>".encode() not in get(served, "/release/1.1.0/smartcity.nq").content


@pytest.mark.parametrize(
    "path",
    [
        "/release/9.9.9/smartcity.nq.gz",  # no such release
        "/release/1.0/smartcity.nq.gz",  # not a version
        "/release/1.0.0/void.ttl",  # a file of graph/ that releases do not hold
        "/release/1.0.0/validation-report.ttl",
        "/release/1.0.0/exports/nothing.csv",
        "/release/1.0.0/",
        "/release/1.0.0/../../graph/smartcity.nq",  # sent as it is (below): only the names a release records
        "/release/1.0.0/exports/../smartcity-kg.toml",
    ],
)
def test_unknown_versions_and_files_are_404(served: Server, path: str) -> None:
    # Sent as they are: httpx would remove the dot segments before sending.
    with socket.create_connection(("127.0.0.1", int(served.url.rsplit(":", 1)[1])), timeout=30) as connection:
        connection.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    assert answer.split(b"\r\n", 1)[0].split()[1] == b"404", path
    if ".." not in path:
        browser = get(served, path, **HTML)
        assert browser.status_code == 404 and "<html" in browser.text


def test_a_copy_without_the_history_says_which_files_it_has_not(
    released: Path, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    root = copy_without_history(released, tmp_path / "archive")
    with running(root=root, log_dir=tmp_path_factory.mktemp("serve-archive")) as server:
        current = get(server, "/release/1.1.0/smartcity.nq.gz")  # graph/ still holds it
        assert current.status_code == 200
        assert hashlib.sha256(current.content).hexdigest() == recorded(released, "1.1.0")["smartcity.nq.gz"]["sha256"]
        gone = get(server, "/release/1.0.0/smartcity.nq.gz")
        assert gone.status_code == 404
        assert "smartcity.nq.gz of release 1.0.0 is not in this copy" in gone.text and "history" in gone.text
        thai = get(server, "/release/1.0.0/smartcity.nq.gz?lang=th", **HTML)
        assert thai.status_code == 404
        assert "ไฟล์นี้ของรุ่น 1.0.0 ไม่มีในสำเนานี้" in thai.text
        listed = page(server, "/releases", "en")
        oldest = listed[listed.index('id="release-1.0.0"') :]
        assert "Some files of this release are not in this copy" in oldest
        assert 'href="/release/1.0.0/smartcity.nq.gz"' not in oldest and "smartcity.nq.gz <small" in oldest
        assert 'href="/release/1.1.0/smartcity.nq.gz"' in listed
    # The site's part: the files it can write, and a warning for each of the others.
    files, have, missing = release_files(root, root / "graph")
    first, second = recorded(released, "1.0.0"), recorded(released, "1.1.0")
    # Of 1.0.0, only what 1.1.0 did not change: graph/ still holds those bytes.
    same = {name for name, file in first.items() if name in second and second[name]["sha256"] == file["sha256"]}
    assert "smartcity.nq.gz" not in same and "context.jsonld" in same
    assert have == {"1.0.0": same, "1.1.0": set(second)}
    assert sorted(files) == sorted([*(f"release/1.0.0/{name}" for name in same), *(f"release/1.1.0/{name}" for name in second)])
    assert len(missing) == len(first) - len(same)
    assert any("release 1.0.0: smartcity.nq.gz is neither in" in warning for warning in missing)


# ---------------------------------------------------------------------------------------------------
# serve: the releases page
# ---------------------------------------------------------------------------------------------------


def release_section(text: str, version: str) -> str:
    start = text.index(f'id="release-{version}"')
    end = text.find('<section class="release"', start)
    return text[start : end if end > 0 else len(text)]


def change_of(section: str, local: str) -> str:
    """The list item of the changelog about a thing, up to the next thing."""
    found = re.search(
        rf'<li class="change [a-z_]+"><a href="/doc/{re.escape(local)}">.*?</li>\s*(?=<li class="change|</ul>\s*(?:<p>|</div>))',
        section,
        re.S,
    )
    assert found, local
    return found.group(0)


def test_the_releases_page_lists_both_releases_newest_first_with_notes_in_both_languages(served: Server, released: Path) -> None:
    for lang, other in (("en", "th"), ("th", "en")):
        text = page(served, "/releases", lang)
        assert f'<html lang="{lang}">' in text
        assert text.index('id="release-1.1.0"') < text.index('id="release-1.0.0"')
        for version, (date, th, en) in RELEASES.items():
            section = release_section(text, version)
            notes = {"th": th, "en": en}
            assert f'<p class="notes" lang="{lang}">{notes[lang]}</p>' in section.replace("&#39;", "'")
            assert f'lang="{other}">{notes[other]}</p>' in section.replace("&#39;", "'")
            assert f"({date})" in section
            for name, file in recorded(released, version).items():
                assert f'<a href="/release/{version}/{name}">{name}</a>' in section
                assert f"{file['bytes']:,}" in section and str(file["sha256"]) in section
        assert '<a href="#release-1.0.0">1.0.0</a>' in release_section(text, "1.1.0")  # the previous release
    english = page(served, "/releases", "en")
    assert "<h2>Release 1.1.0 <small>(2026-12-02)</small></h2>" in english
    assert "Previous release: " in release_section(english, "1.1.0") and "The first release" in release_section(english, "1.0.0")
    thai = page(served, "/releases", "th")
    assert "<h2>รุ่น 1.1.0 <small>(2026-12-02)</small></h2>" in thai
    assert "<h1>รุ่นที่เผยแพร่</h1>" in thai


def test_the_releases_page_shows_the_known_changes_of_1_1_0(served: Server) -> None:
    old, new = RENAMED
    english = release_section(page(served, "/releases", "en"), "1.1.0")
    assert "0 added, 1 removed, 5 changed" in english
    # The successor, as such: area/mae-moh-livable took the place of area/mae-moh.
    successor = change_of(english, new)
    assert '<li class="change successor">' in successor
    assert f'successor of <a href="/doc/{old}">Mae Moh Livable City</a>' in successor
    # The old IRI is still there, pointing on (dcterms:isReplacedBy).
    replaced = change_of(english, old)
    assert '<li class="change replaced">' in replaced
    assert f'replaced by <a href="/doc/{new}">Mae Moh Livable City</a>' in replaced
    assert (
        f'<a href="http://purl.org/dc/terms/isReplacedBy" class="external" rel="noopener">dcterms:isReplacedBy</a>: <a href="/doc/{new}">'
        in replaced
    )
    # The programme removed, under its class, and the removal it declared with its reason.
    removed = english[english.index('<ul class="changes-removed">') :]
    assert f'<li class="change removed"><a href="/doc/{REMOVED}">Smart City Ambassadors</a>' in removed
    declared = f'<ul><li><a href="/doc/{REMOVED}">Smart City Ambassadors</a>: <span lang="en">{WHY}</span></li></ul>'
    assert f"<h3>Removed on purpose</h3>\n  {declared}" in english
    # Khon Kaen's English name: one label removed, one added, in the source that states them, by property.
    local, before, after = RETITLED
    changed = change_of(english, local)
    assert '<li class="change changed">' in changed
    source = re.escape('<small class="graph-of">[graph: <a href="/doc/source/reference-smart-city-areas">Smart city areas of Thailand')
    name = '<a [^>]+>name</a>: <span lang="en">'
    assert re.search(rf'<li class="removed"><span class="sign">−</span> {name}{re.escape(before)}</span> {source}', changed)
    assert re.search(rf'<li class="added"><span class="sign">\+</span> {name}{re.escape(after)}</span> {source}', changed)
    assert changed.count('<li class="removed">') == changed.count('<li class="added">') == 1
    # The same in Thai: labels in Thai where there are.
    thai = release_section(page(served, "/releases", "th"), "1.1.0")
    assert "เพิ่ม 0 รายการ นำออก 1 รายการ เปลี่ยนแปลง 5 รายการ" in thai
    assert f'เข้ามาแทนที่ <a href="/doc/{old}">แม่เมาะเมืองน่าอยู่</a>' in change_of(thai, new)
    assert f'<a href="/doc/{REMOVED}">นักดิจิทัลพัฒนาเมืองรุ่นใหม่</a>' in thai
    assert "<h3>นำออกโดยตั้งใจ</h3>" in thai
    assert f'<a href="/doc/{local}">ขอนแก่นเมืองอัจฉริยะ</a>' in thai


def test_the_first_release_shows_what_it_holds_by_kind(served: Server, released: Path) -> None:
    lines = gzip.decompress((released / "releases/1.0.0/entities.txt.gz").read_bytes()).decode("utf-8").splitlines()
    kinds = Counter(line.split("\t")[1].split("/")[0] for line in lines)
    layer = sum(1 for line in lines if line.startswith("gazetteer\t"))
    english = release_section(page(served, "/releases", "en"), "1.0.0")
    assert f"It holds {len(lines):,} things ({layer:,} in the gazetteer layer)." in english
    for kind, n in kinds.items():
        assert f'<tr><td><code>{kind}</code></td><td class="n">{n:,}</td></tr>' in english
    assert kinds["area"] == 37 and kinds["programme"] == 4  # the 37 rows of smart_city_areas.csv
    thai = release_section(page(served, "/releases", "th"), "1.0.0")
    assert f"รุ่นนี้มีสิ่งทั้งหมด {len(lines):,} รายการ" in thai


def test_home_and_navigation_link_the_releases_page(served: Server) -> None:
    for lang, name in (("en", "Releases"), ("th", "รุ่นที่เผยแพร่")):
        home = page(served, "/", lang)
        assert f'<li><a href="/releases">{name}</a></li>' in home  # the entry points
        assert f'<a href="/releases">{name}</a>\n  </nav>' in home  # the bar of every page


# ---------------------------------------------------------------------------------------------------
# serve: the releases of a thing
# ---------------------------------------------------------------------------------------------------


def history_of(text: str) -> list[str]:
    found = re.search(r'<ul class="history">(.*?)</ul>', text, re.S)
    assert found, "no history on the page"
    return [re.sub(r"\s+", " ", item).strip() for item in re.findall(r"<li[^>]*>(.*?)</li>", found.group(1), re.S)]


def test_a_thing_s_page_says_in_which_releases_it_changed(served: Server) -> None:
    local = RETITLED[0]
    english = page(served, f"/doc/{local}", "en")
    assert "<h2>In releases</h2>" in english
    assert history_of(english) == [
        '<a href="/releases#release-1.1.0">Release 1.1.0</a> (2026-12-02): changed',
        '<a href="/releases#release-1.0.0">Release 1.0.0</a> (2026-12-01): first published',
    ]
    thai = page(served, f"/doc/{local}", "th")
    assert "<h2>ในรุ่นที่เผยแพร่</h2>" in thai
    assert history_of(thai) == [
        '<a href="/releases#release-1.1.0">รุ่น 1.1.0</a> (2026-12-02): มีการเปลี่ยนแปลง',
        '<a href="/releases#release-1.0.0">รุ่น 1.0.0</a> (2026-12-01): เผยแพร่ครั้งแรก',
    ]
    # A thing no release changed was first published in 1.0.0, and that is all.
    assert history_of(page(served, "/doc/area/nakhon-rayong", "en")) == [
        '<a href="/releases#release-1.0.0">Release 1.0.0</a> (2026-12-01): first published'
    ]


def test_a_successor_and_the_thing_it_replaced_say_so(served: Server) -> None:
    old, new = RENAMED
    assert history_of(page(served, f"/doc/{new}", "en")) == [
        f'<a href="/releases#release-1.1.0">Release 1.1.0</a> (2026-12-02): took the place of <a href="/doc/{old}">Mae Moh Livable City</a>'
    ]
    assert history_of(page(served, f"/doc/{old}", "th")) == [
        f'<a href="/releases#release-1.1.0">รุ่น 1.1.0</a> (2026-12-02): ถูกแทนที่โดย <a href="/doc/{new}">แม่เมาะเมืองน่าอยู่</a>',
        '<a href="/releases#release-1.0.0">รุ่น 1.0.0</a> (2026-12-01): เผยแพร่ครั้งแรก',
    ]


def test_the_404_of_a_removed_thing_says_when_and_why(served: Server) -> None:
    for path in (f"/id/{REMOVED}", f"/doc/{REMOVED}", f"/doc/{REMOVED}.ttl"):
        plain = get(served, path)
        assert plain.status_code == 404
        assert f"is no longer in the data: removed in release 1.1.0 ({WHY})" in plain.text
    english = get(served, f"/id/{REMOVED}?lang=en", **HTML)
    assert english.status_code == 404
    assert "This IRI is no longer in the data." in english.text
    assert (
        history_of(english.text)[0]
        == f'<a href="/releases#release-1.1.0">Release 1.1.0</a> (2026-12-02): removed — <span lang="en">{WHY}</span>'
    )
    thai = get(served, f"/doc/{REMOVED}?lang=th", **HTML)
    assert "IRI นี้ไม่อยู่ในข้อมูลแล้ว" in thai.text and "(2026-12-02): นำออก" in thai.text
    # An IRI no release ever held is a plain 404.
    assert "no longer" not in get(served, "/id/area/never-was").text


# ---------------------------------------------------------------------------------------------------
# the static site
# ---------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def released_site(released: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The site of a clone of `released` whose graph/ was built again without the gazetteer layer (seconds, not a
    minute): graph/ then holds none of 1.0.0's changed files nor 1.1.0's gazetteer, which come from git."""
    root = tmp_path_factory.mktemp("site-released") / "repo"
    shutil.copytree(released, root, symlinks=True)
    built = run_cli("build", "--without-gazetteer", "--no-cache", "--quiet", cwd=root)
    assert built.returncode == 0, built.stdout + built.stderr
    made = run_cli("site", str(root / "public"), "--quiet", cwd=root)
    assert made.returncode == 0, made.stderr
    assert "warning" not in made.stderr, made.stderr
    return root, root / "public"


def test_the_site_has_every_file_of_every_release_with_its_checksum(released: Path, released_site: tuple[Path, Path]) -> None:
    root, site = released_site
    assert not (root / "graph" / "gazetteer.nq.gz").exists()  # so 1.1.0's comes from git too
    for version in VERSIONS:
        for name, file in recorded(released, version).items():
            data = (site / "release" / version / name).read_bytes()
            assert hashlib.sha256(data).hexdigest() == file["sha256"], (version, name)
            # The site's rules type it as they type graph/'s files.
            assert name.rpartition(".")[2] in conneg.MEDIA_TYPES, name


def test_the_site_has_the_releases_page_in_both_languages(released: Path, released_site: tuple[Path, Path]) -> None:
    _, site = released_site
    old = RENAMED[0]
    thai = (site / "releases.html").read_text(encoding="utf-8")
    english = (site / "en/releases.html").read_text(encoding="utf-8")
    assert '<html lang="th">' in thai and '<html lang="en">' in english
    assert "<h2>รุ่น 1.1.0 <small>(2026-12-02)</small></h2>" in thai and "เปลี่ยนชื่อพื้นที่แม่เมาะ และนำโครงการหนึ่งออก" in thai
    assert "<h2>Release 1.0.0 <small>(2026-12-01)</small></h2>" in english and "The first release of the data." in english
    # Relative links, as every page of the site: to the files, the things, the other language.
    sha = recorded(released, "1.0.0")["smartcity.nq.gz"]["sha256"]
    assert '<a href="release/1.0.0/smartcity.nq.gz">smartcity.nq.gz</a>' in thai and str(sha) in thai
    assert '<a href="../release/1.0.0/smartcity.nq.gz">smartcity.nq.gz</a>' in english
    assert f'เข้ามาแทนที่ <a href="doc/{old}.html">แม่เมาะเมืองน่าอยู่</a>' in thai
    assert f'successor of <a href="doc/{old}.html">Mae Moh Livable City</a>' in english
    # A removed thing has no page in the site: its IRI, as `serve` answers it.
    assert f'<a href="https://w3id.org/thai-smart-city/id/{REMOVED}">Smart City Ambassadors</a>' in english
    assert 'href="../releases.html"' in english and 'href="en/releases.html"' in thai  # each links to the other language
    assert "Some files of this release are not in this copy" not in english
    for name in ("index.html", "en/index.html", "doc/area/nakhon-rayong.html"):
        text = (site / name).read_text(encoding="utf-8")
        assert re.search(r'<a href="(\.\./)*releases\.html">', text), name


def test_the_site_s_thing_pages_say_in_which_releases_they_changed(released_site: tuple[Path, Path]) -> None:
    _, site = released_site
    local = RETITLED[0]
    english = (site / f"en/doc/{local}.html").read_text(encoding="utf-8")
    assert history_of(english) == [
        '<a href="../../releases.html#release-1.1.0">Release 1.1.0</a> (2026-12-02): changed',
        '<a href="../../releases.html#release-1.0.0">Release 1.0.0</a> (2026-12-01): first published',
    ]
    thai = (site / f"doc/{local}.html").read_text(encoding="utf-8")
    assert history_of(thai) == [
        '<a href="../../releases.html#release-1.1.0">รุ่น 1.1.0</a> (2026-12-02): มีการเปลี่ยนแปลง',
        '<a href="../../releases.html#release-1.0.0">รุ่น 1.0.0</a> (2026-12-01): เผยแพร่ครั้งแรก',
    ]


def test_the_site_s_rules_answer_the_releases_page_iri(released_site: tuple[Path, Path]) -> None:
    _, site = released_site
    assert "RewriteRule ^releases$ releases.html [END]" in (site / ".htaccess").read_text(encoding="utf-8")
    nginx = (site / "deploy/nginx.conf").read_text(encoding="utf-8")
    assert "location = /releases {\n    rewrite ^ /releases.html last;\n}" in nginx
    # The download URLs of graph/void.ttl point into release/<version>/, where the site has the files.
    void = (site / "graph/void.ttl").read_text(encoding="utf-8")
    for url in re.findall(r"<https://w3id\.org/thai-smart-city/(release/[^>]+)>", void):
        assert (site / url).is_file(), url
