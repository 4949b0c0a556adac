"""Content negotiation of the server: which offered format an Accept header likes best (RFC 9110, 12.5.1)."""

from __future__ import annotations

from smartcity_kg.rdf import formats
from smartcity_kg.rdf.formats import Format

HTML = "text/html"
DOCUMENT_FORMATS: dict[str, Format] = {"html": formats.FILES["html"]} | {f.extension: f for f in formats.GRAPHS.values()}


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    ranges = []
    for part in (header or "").split(","):
        media, *params = (p.strip() for p in part.split(";"))
        if not media:
            continue
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        ranges.append((media.lower(), q))
    return ranges


def negotiate(header: str | None, offers: list[tuple[str, Format]]) -> Format | None:
    """The offered format the Accept header likes best; the first offer wins ties and a missing header."""
    ranges = parse_accept(header)
    if not ranges:
        return offers[0][1]
    best, best_q = None, 0.0
    for media, fmt in offers:
        kind = media.split("/")[0]
        matches = [(3 if r == media else 2 if r == kind + "/*" else 1, q) for r, q in ranges if r in (media, kind + "/*", "*/*")]
        if not matches:
            continue
        q = max(matches)[1]
        if q > best_q:
            best, best_q = fmt, q
    return best


def offers(offered: dict[str, Format]) -> list[tuple[str, Format]]:
    listed = [(f.media_type, f) for f in offered.values()]
    return listed + [(alias, f) for f in offered.values() for alias in f.aliases if "/" in alias]
