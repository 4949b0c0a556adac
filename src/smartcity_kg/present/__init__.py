"""What a person sees, shared by the server (web/) and the static site (site/): entity pages, content
negotiation, ontology documentation, the map's SVG, and the templates and static files they render with."""

from pathlib import Path

TEMPLATES = Path(__file__).resolve().parent / "templates"
"""The Jinja templates of every page, the same for `serve` and `site`."""
STATIC = Path(__file__).resolve().parent / "static"
"""The style sheet and scripts, served under /static/ and copied into the site."""
