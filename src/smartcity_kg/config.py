"""Where the pipeline reads and writes, and under which base IRI it publishes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from smartcity_kg.iri import DEFAULT_BASE

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
