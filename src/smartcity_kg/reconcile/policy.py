"""The matching policy (matching.toml beside this file), read once into typed tables."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from smartcity_kg.core import datafile

POLICY_FILE = Path(__file__).with_name("matching.toml")


@dataclass(frozen=True)
class EntityType:
    """A type of the service."""

    id: str
    """Its id, relative to the schemaSpace (<base>def/): District."""
    cls: str
    """The class, a prefixed name of the context (tsc:District); its subclasses belong to the type too."""
    name: str
    """Shown by OpenRefine, in English and Thai."""
    words: str
    """Which prefix words of [thai] its names are written with: province, district, subdistrict, municipality or none."""


@dataclass(frozen=True)
class Condition:
    """A property condition of a query: the unit a candidate lies in."""

    id: str
    name: str
    type: str
    """The type of the unit, an id of `types`."""


@dataclass(frozen=True)
class Extension:
    """A property of data extension."""

    id: str
    name: str
    value: str
    """str, province, district or wkt."""
    predicate: str = ""
    """The prefixed name of the property read (for `str`)."""
    language: str = ""
    """Only literals of this language (for names)."""


@dataclass(frozen=True)
class Scores:
    """Scores 0-100 of each kind of agreement, and when a candidate is a match (see matching.toml)."""

    label: float
    alt_label: float
    folded: float
    code: float
    fuzzy_penalty: float
    fuzzy_floor: float
    unknown_condition: float
    match_score: float
    margin: float


@dataclass(frozen=True)
class Policy:
    """The tables of matching.toml."""

    name: str
    preview_width: int
    preview_height: int
    default_limit: int
    max_limit: int
    max_queries: int
    scores: Scores
    markers: dict[str, tuple[str, ...]]
    """Kind of unit (province, district, subdistrict, municipality) -> its Thai prefix words, longest first."""
    dropped: str
    capital_district: tuple[str, ...]
    abbreviations: dict[str, str]
    """A short name (cleaned as written) -> the id of the province it names."""
    english_prefixes: tuple[str, ...]
    english_suffixes: tuple[str, ...]
    folds: tuple[tuple[str, str], ...]
    types: dict[str, EntityType]
    conditions: dict[str, Condition]
    extensions: dict[str, Extension]


def strings(value: Any) -> tuple[str, ...]:
    assert isinstance(value, list) and all(isinstance(item, str) for item in value), value
    return tuple(value)


def longest_first(words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def policy(path: Path = POLICY_FILE) -> Policy:
    data = datafile.read(path, f"src/smartcity_kg/{path.parent.name}/{path.name}").data  # a syntax error at its line
    service, thai, english = data["service"], data["thai"], data["english"]
    return Policy(
        name=str(service["name"]),
        preview_width=int(service["preview_width"]),
        preview_height=int(service["preview_height"]),
        default_limit=int(service["default_limit"]),
        max_limit=int(service["max_limit"]),
        max_queries=int(service["max_queries"]),
        scores=Scores(**{key: float(value) for key, value in data["scores"].items()}),
        markers={kind: longest_first(strings(thai[kind])) for kind in ("province", "district", "subdistrict", "municipality")},
        dropped=str(thai["dropped"]),
        capital_district=strings(thai["capital_district"]),
        abbreviations={str(short): str(ident) for short, ident in thai["abbreviations"].items()},
        english_prefixes=longest_first(strings(english["prefixes"])),
        english_suffixes=longest_first(strings(english["suffixes"])),
        folds=tuple((str(a), str(b)) for a, b in english["folds"]),
        types={t["id"]: EntityType(t["id"], t["class"], t["name"], t["words"]) for t in data["types"]},
        conditions={c["id"]: Condition(c["id"], c["name"], c["type"]) for c in data["conditions"]},
        extensions={e["id"]: Extension(**e) for e in data["extend"]},
    )
