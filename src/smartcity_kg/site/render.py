"""Stage 5, publish as a static site: `smartcity-kg site OUTDIR` writes a browsable copy of graph/.

The pages are made with the server's own templates and page models (present/pages.py), from the same SPARQL run
here on an in-process store, so a thing's page on the site is its page on `smartcity-kg serve`. Layout:

| path | what |
| --- | --- |
| `index.html`, `search.html`, `map.html`, `statistics.html` | home (counts, downloads with sizes and SHA-256), search, map, charts |
| `releases.html`, `release/<version>/<file>` | the releases with their changelogs, and the files of each release (from graph/ or git) |
| `doc/<kind>/<key>.html` (+ `.ttl`, `.jsonld`, `.nt`, `.rdf`) | the document about `<base>id/<kind>/<key>`, as on the server |
| `def/index.html`, `def/<Term>.html` (+ RDF) | the ontology documentation; each term's page, a class's with its instances |
| `def/<version>/index.html` (+ RDF) | at the ontology's owl:versionIRI: the documentation, and the whole ontology as RDF |
| `en/...` | the same pages in English (the site's root is Thai, the server's default) |
| `graph/`, `context.jsonld` | the dumps and the JSON-LD context, where the dump IRIs point |
| `.htaccess`, `deploy/nginx.conf` | content negotiation for `<base>id/...`, `<base>def/...` and `<base>sparql` (conneg.py) |

Links are relative, so the site works from any folder of any web server and from file://. The same
graph/ gives the same bytes: queries are sorted, nothing reads a clock. The site is written to a
temporary folder that then takes OUTDIR's place in one step, as `build` does with graph/.
"""

from __future__ import annotations

import sys
from pathlib import Path

from smartcity_kg.core.progress import QUIET, Progress
from smartcity_kg.pipeline.write import locked, write
from smartcity_kg.present import history
from smartcity_kg.present.messages import LANGUAGES
from smartcity_kg.site.builder import MARKER, Builder, SiteError, SiteSettings, builder
from smartcity_kg.site.messages import site_texts
from smartcity_kg.site.overview import assets, home, map_page, ontology_page, search_index, statistics_page
from smartcity_kg.site.paths import file_for, tree
from smartcity_kg.site.releases_page import release_files, releases_pages
from smartcity_kg.site.things import server_path, term_documents, terms, things, versions, workers


def planned_pages(build: Builder) -> list[str]:
    """The HTML pages `render_site` will write, in every language."""

    found = []
    for lang in LANGUAGES:
        found += [
            tree(lang) + name for name in ("index.html", "search.html", "map.html", "statistics.html", "releases.html", "def/index.html")
        ]
        found += [tree(lang) + f"def/{version}index.html" for version in versions(build)]
        for subject in [*build.things, *terms(build)]:
            page = file_for(server_path(build, subject), lang)
            if page is not None:
                found.append(page)
    return found


def render_site(settings: SiteSettings, progress: Progress = QUIET) -> dict[str, bytes]:
    """Every file of the site, by path relative to OUTDIR."""
    import asyncio  # here, not at the top: it adds 30 ms to every start of the CLI

    progress.step(f"reading {settings.graph}")
    build = builder(settings)
    build.pages = frozenset(planned_pages(build))
    build.history = history.index(settings.root, settings.base)  # before the workers that render the things are forked
    progress.step(f"rendering the pages and documents of {len(build.things)} things, in {workers()} processes")
    things(build, progress)
    progress.step("rendering the ontology's pages, the home, search, map and statistics pages")
    asyncio.run(term_documents(build))
    for lang in LANGUAGES:
        asyncio.run(home(build, lang))
        ontology_page(build, lang)
        map_page(build, lang)
        statistics_page(build, lang)
        build.render("search.html", tree(lang) + "search.html", lang, title=site_texts(lang)["search"])
    progress.step("writing the files of the releases and the releases pages")
    files, have, missing = release_files(settings.root, settings.graph)
    for warning in missing:
        print(f"smartcity-kg site: warning: {warning}", file=sys.stderr)
    for name, data in files.items():
        build.add(name, data)
    releases_pages(build, have)
    search_index(build)
    assets(build)
    return build.files


def check_outdir(outdir: Path) -> None:
    """OUTDIR may be replaced: it does not exist, is empty, or holds a site written here."""
    if outdir.exists():
        if not outdir.is_dir():
            raise SiteError(f"{outdir} exists and is not a folder")
        if any(outdir.iterdir()) and not (outdir / MARKER).is_file():
            raise SiteError(f"{outdir} is not empty and was not written by `smartcity-kg site` (no {MARKER}): refusing to replace it")


def write_site(files: dict[str, bytes], outdir: Path) -> None:
    """Replace `outdir` with the site in one step; refuse a folder that is neither empty nor a site."""

    with locked(outdir, waiting=lambda message: print(f"smartcity-kg site: {message}", file=sys.stderr)):
        check_outdir(outdir)
        write(files, outdir)
