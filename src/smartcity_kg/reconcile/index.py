"""The entities of the service's types read from the store of graph/: their names, codes, parents and the values data
extension gives, with the lookup tables the matcher uses (built once, when the service or the command starts)."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from string import Template
from typing import TYPE_CHECKING

from smartcity_kg.core import iri
from smartcity_kg.rdf.query import open_store, select_rows
from smartcity_kg.reconcile.names import Cleaner
from smartcity_kg.reconcile.policy import Policy, policy

if TYPE_CHECKING:
    from pyoxigraph import Store

SPARQL = Path(__file__).with_name("sparql")
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
LABEL, PREF_LABEL, ALT_LABEL, NOTATION, IDENTIFIER, BROADER = (
    RDFS + "label",
    SKOS + "prefLabel",
    SKOS + "altLabel",
    SKOS + "notation",
    DCTERMS + "identifier",
    SKOS + "broader",
)


@dataclass
class Entity:
    """One entity the service can match."""

    id: str
    """Relative to the identifierSpace (<base>id/): district/4001."""
    types: set[str] = field(default_factory=set)
    """The ids of the policy's types it belongs to."""
    labels: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    """Language -> rdfs:label and skos:prefLabel."""
    alt_labels: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    """Language -> skos:altLabel."""
    codes: list[str] = field(default_factory=list)
    parent: str | None = None
    """The unit it lies in (skos:broader), or the province of an area (tsc:province)."""
    values: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))
    """Predicate IRI -> (value, language) for data extension."""
    wkt: str | None = None

    def name(self, language: str = "th") -> str:
        """Its label in `language`, else in the other one, else its id."""
        for lang in (language, "en" if language == "th" else "th", ""):
            if self.labels.get(lang):
                return sorted(self.labels[lang])[0]
        return self.id


@dataclass
class Index:
    """The entities, and the tables of their cleaned names."""

    policy: Policy
    base: str
    entities: dict[str, Entity]
    cleaner: Cleaner
    prefixes: dict[str, str]
    """Prefix -> namespace, of graph/context.jsonld: policy names such as tsc:dopaCode expand with it."""
    keys: dict[str, list[tuple[str, bool]]] = field(default_factory=lambda: defaultdict(list))
    """Cleaned name -> (entity id, is an alternative label)."""
    folded: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    """Cleaned name in Latin letters, romanisation folded -> entity ids."""
    codes: dict[str, str] = field(default_factory=dict)
    """Code (case folded) or id -> entity id."""
    ancestors: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Entity id -> the units it lies in, nearest first."""
    members: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    """A unit -> every entity that lies in it."""

    @property
    def id_base(self) -> str:
        return iri.id_base(self.base)

    @property
    def def_base(self) -> str:
        return iri.def_base(self.base)

    def names(self, entity: Entity) -> list[tuple[str, bool]]:
        """Every name of `entity`, with whether it is an alternative label."""
        return [(n, False) for ns in entity.labels.values() for n in ns] + [(n, True) for ns in entity.alt_labels.values() for n in ns]

    def finish(self) -> Index:
        for entity in self.entities.values():
            for name, alternative in self.names(entity):
                key = self.cleaner.key(name)
                if key and (entity.id, alternative) not in self.keys[key]:
                    self.keys[key].append((entity.id, alternative))
                folded = self.cleaner.folded(key)
                if folded != key and entity.id not in self.folded[folded]:
                    self.folded[folded].append(entity.id)
            for code in (*entity.codes, entity.id):
                self.codes.setdefault(code.casefold(), entity.id)
        for ident in self.entities:
            chain, unit = [], self.entities[ident].parent
            while unit is not None and unit not in chain and unit in self.entities:
                chain.append(unit)
                unit = self.entities[unit].parent
            self.ancestors[ident] = tuple(chain)
            for unit in chain:
                self.members[unit].append(ident)
        # The alternative label that is also a label elsewhere stays: ambiguity is the matcher's to weigh.
        return self

    def ancestor(self, ident: str, type_id: str) -> Entity | None:
        """The unit of type `type_id` that `ident` lies in (its province, its district)."""
        for unit in self.ancestors.get(ident, ()):
            if type_id in self.entities[unit].types:
                return self.entities[unit]
        return None

    def expand(self, name: str) -> str:
        prefix, _, local = name.partition(":")
        return self.prefixes[prefix] + local

    def local(self, value: str) -> str:
        """An entity id from a full IRI of the graph, or the id itself."""
        return value.removeprefix(self.id_base)


def load(store: Store, base: str, prefixes: dict[str, str], rules: Policy | None = None) -> Index:
    """The index of `store` (rdf/query.open_store of graph/), published under `base`."""
    rules = rules or policy()

    def expand(name: str) -> str:
        prefix, _, local = name.partition(":")
        return prefixes[prefix] + local

    classes = {expand(t.cls): t.id for t in rules.types.values()}
    predicates = {LABEL, PREF_LABEL, ALT_LABEL, IDENTIFIER, BROADER, expand("tsc:province")}
    predicates |= {expand(e.predicate) for e in rules.extensions.values() if e.predicate}
    text = Template((SPARQL / "entities.rq").read_text(encoding="utf-8")).substitute(
        types=" ".join(f"<{c}>" for c in sorted(classes)), properties=" ".join(f"<{p}>" for p in sorted(predicates))
    )
    ids = iri.id_base(base)
    entities: dict[str, Entity] = {}
    broader, province = BROADER, expand("tsc:province")
    for row in select_rows(store, text):
        subject = row["entity"].value
        if not subject.startswith(ids):
            continue
        entity = entities.setdefault(subject[len(ids) :], Entity(subject[len(ids) :]))
        entity.types.add(classes[row["type"].value])
        predicate, value = row["property"].value, row["value"]
        language = getattr(value, "language", None) or ""
        if predicate in (LABEL, PREF_LABEL):
            if value.value not in entity.labels[language]:
                entity.labels[language].append(value.value)
        elif predicate == ALT_LABEL:
            entity.alt_labels[language].append(value.value)
        elif predicate == IDENTIFIER:
            entity.codes.append(value.value)
        elif predicate in (broader, province) and value.value.startswith(ids) and (entity.parent is None or predicate == broader):
            # An area's province, a district's province, a subdistrict's district: one parent each (skos:broader wins).
            entity.parent = value.value[len(ids) :]
        if predicate not in (broader, province):
            entity.values[predicate].append((value.value, language))
    for row in select_rows(store, (SPARQL / "centroids.rq").read_text(encoding="utf-8")):
        ident = row["entity"].value.removeprefix(ids)
        if ident in entities:
            entities[ident].wkt = row["value"].value
    # A type's subclasses belong to it: a Municipality is a City and a GovernmentAgency (ontology), and a
    # Subcommittee a Committee, because entities.rq follows rdfs:subClassOf* from each class of the policy.
    return Index(rules, base, entities, Cleaner(rules), prefixes).finish()


def open_index(graph_dir: Path, base: str, rules: Policy | None = None) -> Index:
    """The index of the files of graph/ (the store `smartcity-kg query` and `serve` read)."""
    context = json.loads((graph_dir / "context.jsonld").read_text(encoding="utf-8"))["@context"]
    return load(open_store(graph_dir), base, iri.prefixes(context), rules)
