"""Where a server path is in the static site, and links between its files (relative, so the site works from any folder)."""

from __future__ import annotations

import functools
import posixpath
from dataclasses import dataclass

DATA_EXTENSIONS = ("ttl", "jsonld", "nt", "rdf")


PAGES = ("/search", "/map", "/statistics", "/releases")


def tree(lang: str) -> str:
    """The folder of a language's pages: Thai at the root, as the server's default, English in en/."""
    return "" if lang == "th" else f"{lang}/"


def file_for(path: str, lang: str) -> str | None:
    """The site file that a server path is (`/doc/area/x` -> `doc/area/x.html`), or None if the site has none."""
    if path == "/":
        return tree(lang) + "index.html"
    if path in PAGES:
        return tree(lang) + path[1:] + ".html"
    for prefix in ("/doc/", "/def/"):
        if path.startswith(prefix):
            rest = path[len(prefix) :]
            stem, dot, extension = rest.rpartition(".")
            if dot and extension in DATA_EXTENSIONS and stem:
                return prefix[1:] + (stem + "index" if stem.endswith("/") else stem) + "." + extension
            if not rest or rest.endswith("/"):
                return tree(lang) + prefix[1:] + rest + "index.html"
            return tree(lang) + prefix[1:] + rest + ".html"
    if path.startswith(("/static/", "/graph/", "/release/")) or path in ("/context.jsonld", "/search-index.js"):
        return path[1:]
    return None


def relative(target: str, page: str) -> str:
    return relative_to_folder(target, posixpath.dirname(page) or ".")


@functools.lru_cache(maxsize=1 << 16)
def relative_to_folder(target: str, folder: str) -> str:
    # Cached: the pages of a folder link to the same few pages (their source, their class) many times over.
    return posixpath.relpath(target, folder)


@dataclass
class PageContext:
    """The output file a template is rendered into, and how its links are written."""

    path: str
    lang: str
    base: str
    pages: frozenset[str] | None = None
    """The HTML pages the site has (None: all); a link to another is written as the thing's IRI."""

    def link(self, href: str | None) -> str:
        """A server path as a link relative to this page; outside IRIs as they are."""
        if not href:
            return ""
        if not href.startswith("/"):
            return href
        path, hash_, fragment = href.partition("#")
        target = file_for(path, self.lang)
        if target is None:
            return self.base + href[1:]  # a path only the server has (/sparql): its IRI under the base
        if self.pages is not None and target.endswith(".html") and target not in self.pages:
            # An IRI under the base that graph/ does not name (so no page here): the IRI, as `serve` answers it.
            return self.base + ("id/" + path[len("/doc/") :] if path.startswith("/doc/") else path[1:])
        return relative(target, self.path) + hash_ + fragment

    def lang_link(self, code: str) -> str:
        """The same page in language `code`."""
        own = tree(self.lang)
        rest = self.path[len(own) :] if own and self.path.startswith(own) else self.path
        return relative(tree(code) + rest, self.path)
