"""`smartcity-kg links`: the outgoing links of the graph per entity kind, and their agreement with the reference tables.

The schemes that join the graph to open data (Wikidata, GeoNames, OpenStreetMap, ISO 3166-2 and DOPA codes) and
the reference tables that state them are declared in ontology/links.toml (core/outside.py reads it).
The report counts, per kind of entity, how many have a link of each scheme, and lists those with none.
The check compares every link with the reference table the entity comes from (the copies in
seeds/sources/): a province's five identifiers with its row of the TCAN adm1 table, a district's or
subdistrict's code and parent with its row of the adm2 / adm3 table; and it refuses an identifier that two
entities claim. Every build runs the same check (checks.GRAPH_CHECKS), so a refused link is reported at
its YAML entry; `smartcity-kg links` runs it over graph/ as published. The report ends with the cross-check of
the gazetteer's two sources (crosscheck.py): counts per kind of unit, compared value and outcome, and any
disagreement left unexplained.
"""

from __future__ import annotations

import csv
import functools
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from smartcity_kg.core import iri, outside
from smartcity_kg.core.problems import Problem
from smartcity_kg.pipeline import crosscheck

if TYPE_CHECKING:
    from pyoxigraph import Store

    from smartcity_kg.core.config import Config
    from smartcity_kg.core.problems import Problem
    from smartcity_kg.pipeline.integrity import Seeds

# The things outside datasets describe: places, organisations, people (by their classes' alignments).
LINKABLE = ("http://www.opengis.net/ont/geosparql#Feature", "http://www.w3.org/ns/prov#Organization", "http://www.w3.org/ns/prov#Person")


@dataclass(frozen=True)
class Inconsistency:
    """A link that disagrees with a reference table or with another entity."""

    entity: str
    """Local id (province/TH-21)."""
    prop: str
    """Full IRI of the property at fault."""
    message: str


@dataclass
class Report:
    """Links per kind, entities without any, and the gaps the reference tables leave."""

    entities: Counter[str] = field(default_factory=Counter)
    linked: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    """Kind -> scheme -> entities with at least one link of it."""
    unlinked: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    gaps: list[str] = field(default_factory=list)
    problems: list[Inconsistency] = field(default_factory=list)
    crosscheck: crosscheck.CrossCheck | None = None
    """The gazetteer's two sources compared (None when graph/ has no gazetteer layer)."""

    @property
    def failed(self) -> bool:
        """Whether anything disagrees: a link with its table, or the gazetteer's sources without a decision."""
        found = self.crosscheck
        return bool(self.problems or (found is not None and (found.findings or found.problems)))

    def as_json(self) -> dict[str, Any]:
        kinds = {}
        for kind, count in sorted(self.entities.items()):
            kinds[kind] = {
                "entities": count,
                "links": {name: {"entities": n, "coverage_percent": percent(n, count)} for name, n in self.linked[kind].items()},
                "without_any_link": sorted(self.unlinked.get(kind, [])),
            }
        return {
            "kinds": kinds,
            "gaps": self.gaps,
            "problems": [{"entity": p.entity, "property": p.prop, "message": p.message} for p in self.problems],
            "crosscheck": self.crosscheck.as_json() if self.crosscheck is not None else None,
        }


def percent(part: int, whole: int) -> float:
    return round(100.0 * part / whole, 1) if whole else 0.0


def expand(compact: str, base: str, root: Path) -> str:
    return iri.expand(compact, context_prefixes(root, base))


@functools.cache
def context_prefixes(root: Path, base: str) -> dict[str, str]:
    """The prefixes of the context, once per run (expand is called for every link)."""
    return iri.prefixes(iri.load_context(root / "ontology", base))


def links_of(store: Store, base: str, root: Path) -> dict[str, dict[str, set[str]]]:
    """Entity (local id) -> scheme -> identifiers (the local part of an IRI link, the text of a code)."""
    from pyoxigraph import NamedNode

    ids = iri.id_base(base)
    found: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for name, scheme in outside.links().schemes.items():
        namespace = context_prefixes(root, base)[scheme.prefix] if scheme.prefix else ""
        for quad in store.quads_for_pattern(None, NamedNode(expand(scheme.prop, base, root)), None):
            subject, value = quad.subject, quad.object
            if not isinstance(subject, NamedNode) or not subject.value.startswith(ids):
                continue
            text = getattr(value, "value", str(value))
            if namespace and text.startswith(namespace) and text.endswith(scheme.suffix):
                text = text[len(namespace) : len(text) - len(scheme.suffix)]
            found[subject.value.removeprefix(ids)][name].add(text)
    return found


def typed_entities(store: Store, base: str, linkable: bool = False) -> set[str]:
    """Local ids of the typed things under <base>id/ (only places, organisations and people if `linkable`)."""
    from pyoxigraph import NamedNode, QuerySolutions

    ids = iri.id_base(base)
    tops = " ".join(f"<{top}>" for top in LINKABLE)
    restrict = f"?class <http://www.w3.org/2000/01/rdf-schema#subClassOf>* ?top . VALUES ?top {{ {tops} }}" if linkable else ""
    text = f"SELECT DISTINCT ?entity {{ ?entity a ?class . {restrict} FILTER (STRSTARTS(STR(?entity), {json.dumps(ids)})) }}"
    result = store.query(text, use_default_graph_as_union=True)
    assert isinstance(result, QuerySolutions)
    return {row["entity"].value.removeprefix(ids) for row in result if isinstance(row["entity"], NamedNode)}


def read_table(root: Path, table: outside.Table) -> dict[str, tuple[int, dict[str, str]]]:
    """Key -> (line number, row)."""
    with (root / table.path).open(encoding="utf-8", newline="") as handle:
        return {row[table.key]: (number, row) for number, row in enumerate(csv.DictReader(handle), start=2)}


def check(store: Store, base: str, root: Path) -> tuple[list[Inconsistency], list[str]]:
    """The links that disagree with the reference tables or are claimed twice; and the tables' gaps."""
    from pyoxigraph import NamedNode

    ids = iri.id_base(base)
    links = links_of(store, base, root)
    entities = typed_entities(store, base)
    within = NamedNode("http://www.opengis.net/ont/geosparql#sfWithin")
    problems: list[Inconsistency] = []
    gaps: list[str] = []
    province_of_code = {}
    schemes = outside.links().schemes
    for kind, table in outside.links().tables.items():
        rows = read_table(root, table)
        name = Path(table.path).name
        if kind == "province":
            province_of_code = {row[table.columns["dopa"]]: key for key, (_, row) in rows.items()}
        for entity in sorted(e for e in entities if e.startswith(kind + "/")):
            key = entity.split("/", 1)[1]
            if key not in rows:
                problems.append(Inconsistency(entity, "", f"{entity} is not a row of {name} (no {table.key} {key})"))
                continue
            line, row = rows[key]
            for scheme_name, column in table.columns.items():
                scheme = schemes[scheme_name]
                prop = expand(scheme.prop, base, root)
                have, want = links.get(entity, {}).get(scheme_name, set()), {row[column]} if row[column] else set()
                if not want and not have:
                    gaps.append(f"{entity}: no {scheme.title} id in {name} (line {line}); none is given")
                elif have != want:
                    stated = ", ".join(sorted(have)) or "none"
                    problems.append(
                        Inconsistency(
                            entity, prop, f"{entity} has {scheme.title} {stated}, but {name} (line {line}) gives {row[column] or 'none'}"
                        )
                    )
            if table.parent:
                parent_code = row[table.parent]
                expected = f"district/{parent_code}"
                if table.parent_kind == "province":
                    expected = f"province/{province_of_code.get(parent_code, '?')}"
                found = store.quads_for_pattern(NamedNode(ids + entity), within, None)
                parents = {q.object.value.removeprefix(ids) for q in found if isinstance(q.object, NamedNode)}
                if parents != {expected} or not key.startswith(parent_code):
                    problems.append(
                        Inconsistency(
                            entity,
                            within.value,
                            f"{entity} lies in {', '.join(sorted(parents)) or 'nothing'}, but {name} (line {line}) gives parent"
                            f" {parent_code}" + ("" if key.startswith(parent_code) else f", and the code {key} does not begin with it"),
                        )
                    )
    claimed: dict[tuple[str, str], list[str]] = defaultdict(list)
    for entity, by_scheme in links.items():
        for scheme_name, values in by_scheme.items():
            for value in values:
                claimed[(scheme_name, value)].append(entity)
    for (scheme_name, value), owners in sorted(claimed.items()):
        if len(owners) > 1:
            scheme = schemes[scheme_name]
            for entity in sorted(owners):
                others = ", ".join(o for o in sorted(owners) if o != entity)
                message = f"{entity} and {others} claim the same {scheme.title} id {value}"
                problems.append(Inconsistency(entity, expand(scheme.prop, base, root), message))
    return problems, gaps


def report(store: Store, base: str, root: Path) -> Report:
    found = Report()
    links = links_of(store, base, root)
    for entity in sorted(typed_entities(store, base, linkable=True)):
        kind = entity.split("/", 1)[0]
        found.entities[kind] += 1
        by_scheme = links.get(entity, {})
        for name in outside.links().schemes:
            found.linked[kind][name] += 1 if by_scheme.get(name) else 0
        if not any(by_scheme.values()):
            found.unlinked[kind].append(entity)
    found.problems, found.gaps = check(store, base, root)
    if found.entities.get("district"):
        found.crosscheck = crosscheck.check(store, base, root)
    return found


def render(found: Report, limit: int = 10) -> str:
    schemes = outside.links().schemes
    titles = [scheme.title for scheme in schemes.values()]
    header = ["kind", "entities", *titles, "no link"]
    lines = []
    for kind, count in sorted(found.entities.items()):
        cells = [f"{found.linked[kind][name]} ({percent(found.linked[kind][name], count):.1f}%)" for name in schemes]
        lines.append([kind, str(count), *cells, str(len(found.unlinked.get(kind, [])))])
    widths = [max(len(row[i]) for row in [header, *lines]) for i in range(len(header))]
    out = ["Outgoing links per kind of place, organisation and person (entities with a link of each scheme, coverage):", ""]
    out += ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in [header, *lines]]
    out += ["", "Entities without any link:"]
    for kind, entities in sorted(found.unlinked.items()):
        shown = ", ".join(entities[:limit]) + (f", ... and {len(entities) - limit} more" if len(entities) > limit else "")
        out.append(f"  {kind} ({len(entities)}): {shown}")
    out += ["", f"Gaps in the reference tables ({len(found.gaps)}), left as gaps:"]
    out += [f"  {gap}" for gap in found.gaps] or ["  none"]
    out += ["", f"Consistency with the reference tables: {len(found.problems)} problem(s)"]
    out += [f"  error: {problem.message}" for problem in found.problems]
    if found.crosscheck is not None:
        out += ["", *crosscheck.render(found.crosscheck)]
    return "\n".join(out)


def check_reference_links(store: Store, seeds: Seeds, config: Config) -> list[Problem]:
    """The build's check: links that disagree with the reference tables, reported at their YAML entries."""

    problems, _ = check(store, config.base, config.root)
    found = []
    for item in problems:
        file, line, column = seeds.locate(item.entity, item.prop or None)
        found.append(
            Problem(
                file,
                line,
                column,
                item.message,
                hint="take the value from the reference table (tools/import_reference.py), or correct the table copy if its source does",
                entity=item.entity,
                rule="reference-links",
            )
        )
    return found
