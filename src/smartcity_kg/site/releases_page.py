"""The releases in the static site: the files of each release at release/<version>/<name> (where the download URLs
of graph/void.ttl point) and the releases page, releases.html and en/releases.html (present/history.py)."""

from __future__ import annotations

from pathlib import Path

from smartcity_kg.core import releases
from smartcity_kg.present.history import ReleasesPage
from smartcity_kg.present.messages import LANGUAGES
from smartcity_kg.rdf.runners import LocalRunner
from smartcity_kg.site.builder import Builder
from smartcity_kg.site.messages import site_texts
from smartcity_kg.site.paths import file_for

PAGE = "/releases"


def release_files(root: Path, graph: Path) -> tuple[dict[str, bytes], dict[str, set[str]], list[str]]:
    """The files of every release this copy has (graph/ while it holds them, else git), by their path in the site;
    the names each release has, by version; a warning for each file it has not (a copy without the git history)."""
    files: dict[str, bytes] = {}
    have: dict[str, set[str]] = {}
    missing = []
    for release in releases.read_all(root):
        have[release.version] = set()
        for name, recorded in sorted(release.files.items()):
            data = releases.file_bytes(release, name, root, graph)
            if data is None:
                missing.append(
                    f"release {release.version}: {name} is neither in {graph} nor in the git objects of {root} "
                    f"(blob {recorded.blob}); the site has no release/{release.version}/{name} (a clone with its history has it)"
                )
                continue
            target = file_for(releases.download_url("/", release.version, name), "th")
            assert target is not None
            files[target] = data
            have[release.version].add(name)
    return files, have, missing


def releases_pages(build: Builder, have: dict[str, set[str]]) -> None:
    """The releases page in every language, newest first, each file linked only if the site has it."""
    import asyncio  # here, not at the top: `smartcity-kg --help` must not load it (tests/test_cli.py)

    page = ReleasesPage(build.site, build.settings.root, build.settings.graph)
    runner = LocalRunner(build.data, build.style)
    for lang in LANGUAGES:
        views = asyncio.run(page.views(runner, lang, have))
        target = file_for(PAGE, lang)
        assert target is not None
        build.render("releases.html", target, lang, releases=views, title=site_texts(lang)["releases"])
