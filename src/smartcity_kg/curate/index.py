"""What the graph already holds, as the assistant's dictionary: every entity of seeds/ by id with its names.

The seeds are read as `validate` reads them (pipeline/read.py), but a file that does not read is passed over
and named in the review, so that a draft elsewhere in seeds/drafts/ with open questions does not stop the next one.
The names of one entity are merged across files (the gazetteer's other spellings come from another source).
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from smartcity_kg.core import iri
from smartcity_kg.core.problems import Problem
from smartcity_kg.pipeline.read import read_file, relative

SOURCE_FOLDER = "sources"  # seeds/sources/: the source documents, no curated YAML (as pipeline/load.py)

NAME_KEYS = {"th": ("name_th", "alt_name_th", "pref_label_th", "title_th"), "en": ("name_en", "alt_name_en", "pref_label_en", "title_en")}


def values(entity: dict[str, Any], key: str) -> list[Any]:
    value = entity.get(key)
    return [] if value is None else value if isinstance(value, list) else [value]


def squeeze(text: str) -> str:
    """Spaces of any kind as one space, NFC: names are compared in this form."""
    return " ".join(unicodedata.normalize("NFC", text).split())


@dataclass
class Entity:
    """One entity of the graph, its statements merged from every file that writes about it."""

    id: str
    data: dict[str, list[Any]] = field(default_factory=dict)
    defined_in: str = ""
    """The file that gives its `type:`."""

    @property
    def kind(self) -> str:
        return self.id.partition("/")[0]

    def names(self, language: str | None = None) -> list[str]:
        languages = ("th", "en") if language is None else (language,)
        return [squeeze(str(v)) for lang in languages for key in NAME_KEYS[lang] for v in self.data.get(key, [])]

    def first(self, key: str) -> str | None:
        found = self.data.get(key)
        return str(found[0]) if found else None


@dataclass
class Index:
    """The entities of seeds/ by id, and lookups by kind and by name."""

    root: Path
    entities: dict[str, Entity]
    unread: list[Problem] = field(default_factory=list)
    """Problems of the seed files that could not be read (they are left out)."""

    @classmethod
    def load(cls, root: Path, leave_out: tuple[str, ...] = ()) -> Index:
        """Every YAML file of seeds/ but seeds/sources/ and the files of `leave_out` (paths from the root)."""
        entities: dict[str, Entity] = {}
        unread: list[Problem] = []
        seeds = root / "seeds"
        for path in sorted(seeds.rglob("*.yaml")):
            rel = relative(root, path)
            if path.relative_to(seeds).parts[0] == SOURCE_FOLDER or rel in leave_out:
                continue
            problems: list[Problem] = []
            seed = read_file(root, path, problems)
            entries = seed.data.get("entities") if seed is not None else None
            if not isinstance(entries, list):  # not a seed document (the gazetteer's decisions) or unreadable
                unread += problems
                continue
            for entry in entries:
                if not isinstance(entry, dict) or not isinstance(entry.get("id"), str) or iri.parse_local_id(entry["id"]) is None:
                    continue
                entity = entities.setdefault(entry["id"], Entity(entry["id"]))
                for key in entry:
                    if key != "id":
                        entity.data.setdefault(key, []).extend(values(entry, key))
                if "type" in entry:
                    entity.defined_in = rel
        return cls(root, entities, unread)

    def of_kind(self, kind: str) -> list[Entity]:
        return [entity for entity in self.entities.values() if entity.kind == kind]

    def names_of(self, kind: str, language: str | None = None) -> dict[str, list[str]]:
        """Name -> the ids of `kind` that have it."""
        found: dict[str, list[str]] = defaultdict(list)
        for entity in self.of_kind(kind):
            for name in entity.names(language):
                if entity.id not in found[name]:
                    found[name].append(entity.id)
        return found

    def local_copies(self) -> dict[str, str]:
        """Path of each text a source document keeps (local_copy) -> the source's id."""
        return {str(copy): entity.id for entity in self.of_kind("source") for copy in entity.data.get("local_copy", [])}
