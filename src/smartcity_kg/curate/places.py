"""The graph's provinces, districts and subdistricts as a dictionary of place names, Thai and English.

Names are the gazetteer's (seeds/reference/provinces.yaml, seeds/gazetteer/*.yaml), with their alternative labels;
a place is resolved to the unit whose name it is, in the province (or district) the text gives with it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from smartcity_kg.curate.index import Entity, Index
from smartcity_kg.curate.wording import Wording

LEVELS = ("province", "district", "subdistrict")


@dataclass
class Gazetteer:
    """Names -> unit ids, per level and language; each unit's parent."""

    names: dict[tuple[str, str], dict[str, list[str]]] = field(default_factory=dict)
    """(level, language) -> name -> ids."""
    parent: dict[str, str] = field(default_factory=dict)
    """District -> province, subdistrict -> district."""
    entities: dict[str, Entity] = field(default_factory=dict)

    @classmethod
    def of(cls, index: Index, wording: Wording) -> Gazetteer:
        found = cls()
        for level in LEVELS:
            for language in ("th", "en"):
                table: dict[str, list[str]] = defaultdict(list)
                for entity in index.of_kind(level):
                    found.entities[entity.id] = entity
                    within = entity.first("within")
                    if within:
                        found.parent[entity.id] = within
                    for name in entity.names(language):
                        # Bangkok's khet and khwaeng are named with or without เขต / แขวง: both forms, and the bare one.
                        for form in {name, *(name.removeprefix(m) for m in (*wording.district_markers, *wording.subdistrict_markers))}:
                            if form and entity.id not in table[form]:
                                table[form].append(entity.id)
                found.names[(level, language)] = dict(table)
        provinces = found.names[("province", "th")]
        for short, ident in wording.province_abbreviations.items():
            provinces.setdefault(short, []).append(ident)
        for form in wording.bangkok:
            provinces.setdefault(form, [wording.bangkok_id])
        return found

    def province_of(self, unit: str) -> str:
        """The province a district or subdistrict lies in."""
        while unit.partition("/")[0] != "province" and unit in self.parent:
            unit = self.parent[unit]
        return unit

    def within(self, ids: list[str], container: str | None) -> list[str]:
        """The units of `ids` that lie in `container` (a province or a district), or all of them without one."""
        if container is None:
            return list(ids)
        return [ident for ident in ids if ident == container or self.parent.get(ident) == container or self.province_of(ident) == container]

    def name(self, ident: str, language: str = "th") -> str:
        entity = self.entities.get(ident)
        names = entity.names(language) if entity else []
        return names[0] if names else ident

    def all_names(self) -> set[str]:
        return {name for table in self.names.values() for name in table}
