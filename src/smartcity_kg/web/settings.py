"""What `smartcity-kg serve` is started with: below the routes (app.py) and the entry points (serve.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from smartcity_kg.core.config import Config
from smartcity_kg.rdf.runners import Limits

YASGUI_BUILD = Path("web/node_modules/@zazuko/yasgui/build")


@dataclass(frozen=True)
class ServeSettings:
    """Everything the server is started with."""

    config: Config
    """Repository root (graph/, queries/, web/) and base IRI of the data."""
    endpoint: str | None = None
    """Answer from this SPARQL endpoint instead of the embedded store."""
    limits: Limits = field(default_factory=Limits)
    workers: int = 2
    """Worker processes for /sparql queries (embedded store)."""
    page_workers: int = 1
    """Worker processes for the server's own page queries, apart so that /sparql load cannot starve the pages."""
    memory_mb: int = 2048
    """Address-space limit of each worker process."""

    @property
    def graph(self) -> Path:
        return self.config.graph

    @property
    def queries(self) -> Path:
        return self.config.root / "queries"

    @property
    def yasgui(self) -> Path:
        return self.config.root / YASGUI_BUILD
