"""Load, step 3: the rules across files (one definition per entity, no dangling reference, one layer per graph)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from smartcity_kg.core import iri
from smartcity_kg.core.config import GAZETTEER_FOLDER
from smartcity_kg.core.problems import Problem
from smartcity_kg.core.terms import Terms
from smartcity_kg.pipeline.cache import Cache
from smartcity_kg.pipeline.conform import suggest
from smartcity_kg.pipeline.read import JsonPath, SeedFile


@dataclass(frozen=True)
class Occurrence:
    """An entity as written in one file."""

    file: SeedFile
    index: int

    @property
    def data(self) -> dict[str, Any]:
        entity: dict[str, Any] = self.file.data["entities"][self.index]
        return entity

    @property
    def path(self) -> JsonPath:
        return ("entities", self.index)

    @property
    def defines(self) -> bool:
        return "type" in self.data


@dataclass
class Seeds:
    """All curated files, and every entity's occurrences across them."""

    files: list[SeedFile]
    terms: Terms
    occurrences: dict[str, list[Occurrence]] = field(default_factory=dict)
    cache: Cache | None = None
    """The build cache the files were read through (None: no cache)."""

    def __post_init__(self) -> None:
        for seed in self.files:
            for index, entity in seed.entities():
                self.occurrences.setdefault(entity["id"], []).append(Occurrence(seed, index))

    def problem(self, seed: SeedFile, path: JsonPath, message: str, **extra: Any) -> Problem:
        line, column = seed.mark(path, value=extra.pop("at_value", False))
        return Problem(seed.path, line, column, message, **extra)

    def locate(self, entity: str, prop: str | None = None, language: str | None = None) -> tuple[str, int, int]:
        """Where to point for a statement about `entity` (a local id): the key that made it, else the entity."""
        found = self.occurrences.get(entity, [])
        if prop is not None:
            keys = self.terms.keys_for(prop, language)
            for occurrence in found:
                for key in keys:
                    if key in occurrence.data:
                        line, column = occurrence.file.mark((*occurrence.path, key))
                        return occurrence.file.path, line, column
        for occurrence in sorted(found, key=lambda o: not o.defines):
            line, column = occurrence.file.mark(occurrence.path)
            return occurrence.file.path, line, column
        return "seeds", 0, 0


def check_layers(seeds: Seeds, problems: list[Problem]) -> None:
    """A named graph is in one layer: the gazetteer's graphs are written to graph/gazetteer.*, the others to graph/smartcity.*."""
    layers: dict[str, dict[bool, str]] = {}
    for seed in seeds.files:
        gazetteer = seed.path.startswith(f"seeds/{GAZETTEER_FOLDER}/")
        layers.setdefault(seed.graph, {}).setdefault(gazetteer, seed.path)
    for graph, files in layers.items():
        if len(files) > 1:
            problems.append(
                Problem(
                    files[True],
                    1,
                    1,
                    f"named graph {graph} is also filled by {files[False]}, outside seeds/{GAZETTEER_FOLDER}/",
                    hint="a source's statements are either in the gazetteer layer or not: give the file a source of its own",
                    rule="layer",
                )
            )


def check_entities(seeds: Seeds, problems: list[Problem], unchecked: tuple[str, ...] = ()) -> None:
    """Rules across files: one definition per entity, no dangling references, sources match the file's graph.

    References to the kinds in `unchecked` (those of a layer the run skipped) are not checked.
    """
    terms = seeds.terms
    for ident, occurrences in seeds.occurrences.items():
        definitions = [o for o in occurrences if o.defines]
        by_file: dict[str, Occurrence] = {}
        for occurrence in occurrences:
            first = by_file.setdefault(occurrence.file.path, occurrence)
            if first is not occurrence:
                line = first.file.mark(first.path)[0]
                problems.append(
                    seeds.problem(
                        occurrence.file,
                        occurrence.path,
                        f"'{ident}' is listed twice in this file (first at line {line})",
                        hint="merge the two entries",
                        entity=ident,
                        rule="duplicate-id",
                    )
                )
        if len(definitions) > 1:
            first = definitions[0]
            for other in definitions[1:]:
                problems.append(
                    seeds.problem(
                        other.file,
                        (*other.path, "type"),
                        f"'{ident}' is already defined (has a type) in {first.file.path}:{first.file.mark(first.path)[0]}",
                        hint="define an entity once; other files may add statements to it without `type:`",
                        entity=ident,
                        rule="duplicate-id",
                    )
                )
        if not definitions:
            for occurrence in occurrences:
                problems.append(
                    seeds.problem(
                        occurrence.file,
                        (*occurrence.path, "id"),
                        f"'{ident}' is not defined in any file (no entry gives its `type:`)",
                        hint=f"add `type:` here or define {ident} elsewhere; check the id for typos",
                        entity=ident,
                        rule="undefined-id",
                        at_value=True,
                    )
                )
    # A reverse reference (`replaces:`, dcterms:isReplacedBy) names what an entity took the place of: gone, as a rule.
    reference_keys = [key for key, term in terms.properties().items() if term.value == "id" and not term.reverse]
    for seed in seeds.files:
        for index, entity in seed.entities():
            ident = entity["id"]
            for key in reference_keys:
                if key not in entity:
                    continue
                values = entity[key] if isinstance(entity[key], list) else [entity[key]]
                for position, value in enumerate(values):
                    path = ("entities", index, key, position) if isinstance(entity[key], list) else ("entities", index, key)
                    local = iri.parse_local_id(value)
                    if local and local[0] not in unchecked and value not in seeds.occurrences:
                        close = suggest(value, [k for k in seeds.occurrences if k.split("/")[0] == value.split("/")[0]])
                        problems.append(
                            seeds.problem(
                                seed,
                                path,
                                f"'{key}' refers to '{value}', which no file defines",
                                hint=close or "define it, or correct the reference",
                                entity=ident,
                                rule="dangling-reference",
                                at_value=True,
                            )
                        )
            cited = entity.get("source")
            if cited is not None:
                cited_list = cited if isinstance(cited, list) else [cited]
                if seed.graph not in cited_list:
                    problems.append(
                        seeds.problem(
                            seed,
                            ("entities", index, "source"),
                            f"the file's statements come from {seed.graph} (its named_graph) but this entity does not cite it",
                            hint=f"add {seed.graph} to `source:`, or move the entity to a file of the source it cites",
                            entity=ident,
                            rule="source-graph",
                        )
                    )
