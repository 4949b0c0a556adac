"""The quality checks queries/*-violation.rq, run by every build and validate: each row they return is a problem.

A check's first variable names what the problem is about: an entity (the problem is reported at its
YAML entry) or an ontology term (at its line of ontology/smartcity.ttl). A variable named `property`
(an IRI, narrowed by one named `language`) points at the YAML key that made the statement, one named
`graph` at the file of that named graph. Every variable of the row is shown with the problem, after the
check's `rule:` and above its `fix:`.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from smartcity_kg.core import iri
from smartcity_kg.core.config import Config
from smartcity_kg.core.problems import Problem
from smartcity_kg.rdf import query
from smartcity_kg.rdf.examples import FOLDER, Example, examples

if TYPE_CHECKING:
    from pyoxigraph import QuerySolution, Store

    from smartcity_kg.pipeline.integrity import Seeds

ONTOLOGY_FILE = "smartcity.ttl"


def check_violation_queries(store: Store, seeds: Seeds, config: Config) -> list[Problem]:
    """Every queries/*-violation.rq returns no rows on the dataset being built (with the ontology)."""
    from pyoxigraph import QuerySolutions

    checks = [example for example in examples(config.root / FOLDER) if example.violation]
    if not checks:
        return []
    problems = []
    for check in checks:
        where = f"{FOLDER}/{check.path.name}"
        try:
            result = query.run(store, check.text, config.base)
        except query.QueryError as error:
            problems.append(Problem(where, 0, 0, f"the check cannot run: {error}", rule=check.name))
            continue
        if not isinstance(result, QuerySolutions):
            problems.append(
                Problem(where, 0, 0, "a *-violation.rq check must be a SELECT query: its rows are the problems", rule=check.name)
            )
            continue
        names = [variable.value for variable in result.variables]
        problems += [problem(check, names, solution, seeds, config) for solution in result]
    return problems


def problem(check: Example, names: list[str], solution: QuerySolution, seeds: Seeds, config: Config) -> Problem:
    """The problem one row of `check` reports, at the YAML entry (or ontology line) it is about."""
    from pyoxigraph import Literal, NamedNode

    ids = iri.id_base(config.base)
    values = {name: solution[name] for name in names if solution[name] is not None}
    first = solution[names[0]] if names else None
    about = first.value if isinstance(first, NamedNode) else ""
    entity = about.removeprefix(ids) if about.startswith(ids) else ""
    prop, language, graph = values.get("property"), values.get("language"), values.get("graph")
    located = locate(
        entity,
        prop.value if isinstance(prop, NamedNode) else None,
        language.value if isinstance(language, Literal) else None,
        graph.value.removeprefix(ids) if isinstance(graph, NamedNode) else None,
        seeds,
    ) or term_line(about, config)
    where = f"{FOLDER}/{check.path.name}"
    file, line, column = located or (where, 0, 0)
    row = ", ".join(f"{name}={readable(term, config)}" for name, term in values.items())
    return Problem(
        file,
        line,
        column,
        f"breaks the check {where}: {check.fields.get('rule', check.fields.get('question', check.name))}",
        hint=check.fields.get("fix", ""),
        entity=entity if entity in seeds.occurrences else "",
        rule=check.name,
        details=(f"row: {row}",),
    )


def locate(entity: str, prop: str | None, language: str | None, graph: str | None, seeds: Seeds) -> tuple[str, int, int] | None:
    """The YAML entry of `entity`: in the file of named graph `graph` if given, at the key of `prop` if it has one."""
    occurrences = seeds.occurrences.get(entity, [])
    if not occurrences:
        return None
    in_graph = [o for o in occurrences if o.file.graph == graph]
    if in_graph:
        line, column = in_graph[0].file.mark(in_graph[0].path)
        return in_graph[0].file.path, line, column
    if prop is not None and language is not None:
        # A value missing in one language: point at the entry, not at the key of the other language.
        keys = seeds.terms.keys_for(prop, language)
        if not any(key in o.data and seeds.terms.by_key[key].language == language for o in occurrences for key in keys):
            prop = None
    return seeds.locate(entity, prop, language)


def term_line(term: str, config: Config) -> tuple[str, int, int] | None:
    """The line of ontology/smartcity.ttl where `term` is described (`tsc:Term a owl:Class ;`)."""
    if not term:
        return None
    prefixes = iri.prefixes(iri.load_context(config.ontology, config.base))
    names = [f"{prefix}:{term[len(ns) :]}" for prefix, ns in prefixes.items() if term.startswith(ns)]
    names.append(
        f"<{iri.DEFAULT_BASE + term.removeprefix(config.base) if term.startswith(config.base) else term}>"
    )  # the file is written for the default base
    path = config.ontology / ONTOLOGY_FILE
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if any(text.startswith(name) and text[len(name) : len(name) + 1] in (" ", "\t", "") for name in names):
            return path.relative_to(config.root).as_posix(), number, 1
    return None


def readable(term: object, config: Config) -> str:
    """A value of a row as a curator writes it: `area/satun`, `tsc:province`, `"Satun"@en`, `30`."""
    from pyoxigraph import Literal, NamedNode

    ids = iri.id_base(config.base)
    if isinstance(term, NamedNode):
        if term.value.startswith(ids):
            return term.value.removeprefix(ids)
        return iri.compact(term.value, iri.prefixes(iri.load_context(config.ontology, config.base)))
    if isinstance(term, Literal):
        if term.language:
            return f"{json.dumps(term.value, ensure_ascii=False)}@{term.language}"
        if term.datatype.value == "http://www.w3.org/2001/XMLSchema#integer":
            return term.value
        return json.dumps(term.value, ensure_ascii=False)
    return str(term)
