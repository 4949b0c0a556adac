"""A query (a cell, the types asked for, the units it lies in) answered with scored candidates.

Candidates come from, in order of trust: an official code or id; a name of the graph equal to the cleaned cell
(label or alternative label; a short name of a province; อ.เมือง with its province); the same name in another
romanisation; a near spelling (rapidfuzz). The units a query names (property conditions, or the rest of the cell)
keep only the candidates inside them. The scores are matching.toml's.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from smartcity_kg.reconcile.index import Entity, Index
from smartcity_kg.reconcile.names import is_thai

# The type of unit a part of a cell names, by its prefix word (none: a province, else a district).
PART_TYPES = {"": ("Province", "District"), "province": ("Province",), "district": ("District",)}


@dataclass(frozen=True)
class Query:
    """What one cell asks."""

    text: str
    types: tuple[str, ...] = ()
    """Type ids of the policy; none: every type."""
    within: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """(condition id, values): the units a candidate must lie in, by name, code or id."""
    limit: int = 5


@dataclass(frozen=True)
class Candidate:
    entity: Entity
    score: float
    match: bool = False


@dataclass
class Matcher:
    index: Index
    choices: dict[tuple[frozenset[str], str, bool], tuple[list[str], list[str]]] = field(default_factory=dict)
    """(types, container, Thai) -> the cleaned names and their entity ids, for near spellings."""

    def match(self, query: Query) -> list[Candidate]:
        index, scores = self.index, self.index.policy.scores
        name, parts = index.cleaner.split(query.text)
        types = frozenset(query.types) or frozenset(index.policy.types)
        containers: list[set[str]] = []
        penalty = 0.0
        for condition, values in query.within:
            found = {unit for value in values if (unit := self.unit(value, index.policy.conditions[condition].type))}
            if found:
                containers.append(found)
            else:
                penalty += scores.unknown_condition
        for part in parts:  # ..., อ.เมืองขอนแก่น จ.ขอนแก่น: what the cell itself says it lies in
            kinds = (
                ("Province", "District") if part.kind == "" else {"province": ("Province",), "district": ("District",)}.get(part.kind, ())
            )
            found = {unit for kind in kinds if (unit := self.unit(part.text, kind))}
            if found:
                containers.append(found)
        scored = self.scored(name, types, containers)
        ranked = sorted(
            (Candidate(index.entities[ident], max(0.0, score - penalty)) for ident, score in scored.items()),
            key=lambda c: (-c.score, c.entity.id),
        )[: max(1, query.limit)]
        if ranked and ranked[0].score >= scores.match_score and (len(ranked) == 1 or ranked[1].score <= ranked[0].score - scores.margin):
            ranked[0] = Candidate(ranked[0].entity, ranked[0].score, True)
        return ranked

    def scored(self, name: str, types: frozenset[str], containers: list[set[str]]) -> dict[str, float]:
        """Entity id -> score of the candidates for `name` of `types` inside every set of `containers`."""
        index, scores = self.index, self.index.policy.scores
        found: dict[str, float] = {}

        def add(ident: str, score: float) -> None:
            entity = index.entities[ident]
            if entity.types & types and all(ident in c or set(index.ancestors[ident]) & c for c in containers):
                found[ident] = max(found.get(ident, 0.0), score)

        key = index.cleaner.key(name)
        if not key:
            return found
        for code in (name, key, index.local(name)):
            if (ident := index.codes.get(code.casefold())) is not None:
                add(ident, scores.code)
        for ident, alternative in index.keys.get(key, ()):
            add(ident, scores.alt_label if alternative else scores.label)
        if (province := index.cleaner.abbreviation(name)) is not None and province in index.entities:
            add(province, scores.alt_label)
        if key in index.policy.capital_district:
            # อ.เมือง alone: the capital district of the province the query gives.
            for container in containers:
                for unit in container:
                    if "Province" in index.entities[unit].types:
                        for ident, _ in index.keys.get(index.cleaner.key("เมือง" + index.entities[unit].name("th")), ()):
                            add(ident, scores.label)
        folded = index.cleaner.folded(key)
        for ident in index.folded.get(folded, ()):
            add(ident, scores.folded)
        if not found or max(found.values()) < scores.folded:
            self.near(key if is_thai(key) else folded, types, containers, add)
        return found

    def near(self, form: str, types: frozenset[str], containers: list[set[str]], add: object) -> None:
        """Near spellings of `form` among the names of `types` (inside the smallest container, when there is one)."""
        index, scores = self.index, self.index.policy.scores
        smallest = min(containers, key=lambda c: sum(len(index.members[u]) for u in c)) if containers else set()
        thai = is_thai(form)
        names: list[str] = []
        owners: list[str] = []
        for unit in sorted(smallest) or [""]:
            cached = self.choices.get((types, unit, thai))
            if cached is None:
                cached = self.names_of(types, unit, thai)
                self.choices[(types, unit, thai)] = cached
            names += cached[0]
            owners += cached[1]
        assert callable(add)
        cutoff = scores.fuzzy_floor + scores.fuzzy_penalty
        for _, similarity, position in process.extract(form, names, scorer=fuzz.ratio, limit=20, score_cutoff=cutoff):
            add(owners[position], similarity - scores.fuzzy_penalty)

    def names_of(self, types: frozenset[str], unit: str, thai: bool) -> tuple[list[str], list[str]]:
        index = self.index
        idents = index.members[unit] if unit else list(index.entities)
        names, owners = [], []
        for ident in idents:
            entity = index.entities[ident]
            if not entity.types & types:
                continue
            for name, _ in index.names(entity):
                if is_thai(name) == thai:
                    key = index.cleaner.key(name)
                    names.append(key if thai else index.cleaner.folded(key))
                    owners.append(ident)
        return names, owners

    def unit(self, value: str, type_id: str) -> str | None:
        """The one unit of `type_id` that `value` (a name, a code, an id or IRI) names certainly, or None."""
        candidates = self.match(Query(value, (type_id,), limit=2))
        return candidates[0].entity.id if candidates and candidates[0].match else None
