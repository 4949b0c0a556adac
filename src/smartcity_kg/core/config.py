"""Where the pipeline reads and writes, and under which base IRI it publishes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from smartcity_kg.core.iri import DEFAULT_BASE

BASE_HELP = f"base IRI of the data (default: the one graph/void.ttl was built with, else {DEFAULT_BASE})"


def slashed(base: str) -> str:
    """A base IRI ends in / or #: <base>id/... must not glue onto its last segment."""
    return base if base.endswith(("/", "#")) else base + "/"


def built_base(graph: Path) -> str | None:
    """The base IRI graph/ was built with, read from the void:uriSpace of graph/void.ttl (None if there is none)."""
    try:
        text = (graph / "void.ttl").read_text(encoding="utf-8")
    except OSError:
        return None
    match = re.search(r'void:uriSpace\s+"([^"]+)id/"', text)
    return match[1] if match else None


def reading_base(explicit: str | None, graph: Path) -> str:
    """The base of a command that reads graph/ (query, links, publish, serve, site): --base if given, else the one
    graph/ was built with, else the default; so after `build --base X` every command works under X unasked."""
    return slashed(explicit or built_base(graph) or DEFAULT_BASE)


# seeds/gazetteer/: the districts and subdistricts, a layer of its own (graph/gazetteer.*) that a build may skip.
GAZETTEER_FOLDER = "gazetteer"


@dataclass(frozen=True)
class Config:
    """Settings of one run; every stage takes this."""

    root: Path
    """Repository root: holds seeds/ and ontology/."""
    base: str = DEFAULT_BASE
    """Base IRI of the dataset; things are minted under <base>id/, terms under <base>def/."""
    out: Path | None = None
    """Output folder of `build`; <root>/graph when not set."""
    max_problems: int = 200
    """Stop listing problems after this many (the count is still reported)."""
    gazetteer: bool = True
    """Load, check and write the gazetteer layer (seeds/gazetteer/); without it, references to districts are not checked."""
    cache: bool = True
    """Keep and use the build cache (<root>/.cache/smartcity-kg/, cache.py)."""

    @property
    def seeds(self) -> Path:
        return self.root / "seeds"

    @property
    def ontology(self) -> Path:
        return self.root / "ontology"

    @property
    def graph(self) -> Path:
        return self.out if self.out is not None else self.root / "graph"
