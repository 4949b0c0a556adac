"""Checks that SHACL cannot make because they look outside the graph, looked up by name.

Each check takes the loaded seeds and the configuration and returns the problems it found. Checks of
GRAPH_CHECKS also take a pyoxigraph store of the dataset being built (both layers, the ontology in the
default graph): the SPARQL quality checks of queries/*-violation.rq.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from smartcity_kg.core.config import Config
from smartcity_kg.core.problems import Problem
from smartcity_kg.pipeline.crosscheck import check_gazetteer_crosscheck, check_same_names, check_thai_word_forms
from smartcity_kg.pipeline.integrity import Seeds
from smartcity_kg.pipeline.iri_shapes import check_iri_shapes
from smartcity_kg.pipeline.links import check_reference_links
from smartcity_kg.pipeline.release import check_breaking_changes
from smartcity_kg.pipeline.violations import check_violation_queries

if TYPE_CHECKING:
    from pyoxigraph import Store

# Properties by compact IRI, expanded with the context's prefixes (so they follow --base).
QUOTE = "tsc:sourceQuote"
LOCAL_COPY = "tsc:localCopy"
SOURCE = "dcterms:source"

Check = Callable[[Seeds, Config], list[Problem]]


def _values(entity: dict[str, object], keys: list[str]) -> list[tuple[str, int | None, str]]:
    """(key, list position or None, value) of the entity's values under any of `keys`."""
    found: list[tuple[str, int | None, str]] = []
    for key in keys:
        value = entity.get(key)
        if isinstance(value, list):
            found += [(key, position, str(item)) for position, item in enumerate(value)]
        elif value is not None:
            found.append((key, None, str(value)))
    return found


def local_copies(seeds: Seeds, source: str) -> list[str]:
    keys = seeds.terms.keys_for(seeds.terms.expand(LOCAL_COPY))
    return [value for o in seeds.occurrences.get(source, []) for _, _, value in _values(o.data, keys)]


def check_local_copies(seeds: Seeds, config: Config) -> list[Problem]:
    """Every local copy a source document names exists in the repository."""
    problems = []
    keys = seeds.terms.keys_for(seeds.terms.expand(LOCAL_COPY))
    for seed in seeds.files:
        for index, entity in seed.entities():
            for key, position, value in _values(entity, keys):
                path = Path(value)
                if path.is_absolute() or ".." in path.parts or not (config.root / path).is_file():
                    where = ("entities", index, key) + ((position,) if position is not None else ())
                    problems.append(
                        seeds.problem(
                            seed,
                            where,
                            f"local copy '{value}' is not a file of this repository",
                            at_value=True,
                            hint="give the path from the repository root, e.g. seeds/sources/<folder>/<file>",
                            entity=entity["id"],
                            rule="local-copy",
                        )
                    )
    return problems


def check_quotes(seeds: Seeds, config: Config) -> list[Problem]:
    """A quote must occur verbatim in the text of a source the same entry cites."""
    problems = []
    quote_keys = seeds.terms.keys_for(seeds.terms.expand(QUOTE))
    source_keys = seeds.terms.keys_for(seeds.terms.expand(SOURCE))
    texts: dict[str, str] = {}
    text_copies: dict[str, list[str]] = {}  # per source: a hundred thousand entries cite a handful of sources

    def copies_of(source: str) -> list[str]:
        if source not in text_copies:
            found = [c for c in local_copies(seeds, source) if c.endswith(".txt") and (config.root / c).is_file()]
            for copy in found:
                texts.setdefault(copy, (config.root / copy).read_text(encoding="utf-8"))
            text_copies[source] = found
        return text_copies[source]

    for seed in seeds.files:
        for index, entity in seed.entities():
            quotes = _values(entity, quote_keys)
            if not quotes:
                continue
            documents = [copy for _, _, source in _values(entity, source_keys) for copy in copies_of(source)]
            for key, position, quote in quotes:
                where = ("entities", index, key) + ((position,) if position is not None else ())
                if not documents:
                    problems.append(
                        seeds.problem(
                            seed,
                            where,
                            "a quote needs a cited source with a text copy (.txt) to be checked against",
                            hint="cite the source the quote is taken from in `source:`",
                            entity=entity["id"],
                            rule="quote-in-source",
                            at_value=True,
                        )
                    )
                elif not any(quote in texts[document] for document in documents):
                    problems.append(
                        seeds.problem(
                            seed,
                            where,
                            f"the quote is not in {', '.join(documents)}",
                            at_value=True,
                            hint="copy the words exactly as the source writes them (spaces and ฯ included)",
                            entity=entity["id"],
                            rule="quote-in-source",
                        )
                    )
    return problems


CHECKS: dict[str, Check] = {
    "local-copy": check_local_copies,
    "quote-in-source": check_quotes,
    "iri-shapes": check_iri_shapes,
}

# Checks of the dataset being built (before anything is written), such as SPARQL queries over it.
GraphCheck = Callable[["Store", Seeds, Config], list[Problem]]

GRAPH_CHECKS: dict[str, GraphCheck] = {
    "violation-queries": check_violation_queries,
    "reference-links": check_reference_links,
    "gazetteer-crosscheck": check_gazetteer_crosscheck,
    "gazetteer-same-names": check_same_names,
    "thai-word-form": check_thai_word_forms,
    "breaking-change": check_breaking_changes,
}
