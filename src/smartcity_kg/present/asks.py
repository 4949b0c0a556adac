"""The SPARQL the pages send: an entity's rows, its document, the labels of what it links to."""

from __future__ import annotations

import re

from smartcity_kg.present.vocabulary import LABELS, Labels, Vocabulary
from smartcity_kg.rdf.runners import Runner, select

_IRI_FORBIDDEN = re.compile(r'[<>"{}|^`\\\x00-\x20]')


def iri_ref(value: str) -> str:
    """`<value>` for a SPARQL query; ValueError for anything that could break out of the IRI."""
    if _IRI_FORBIDDEN.search(value):
        raise ValueError(f"not an IRI: {value!r}")
    return f"<{value}>"


def describe_query(subject: str, limit: int) -> str:
    """Statements about `subject` both ways, with the named graph each comes from.

    Written for any endpoint: the default graph may be the union of the named graphs (the embedded
    store, Virtuoso) or hold data of its own (Oxigraph server, Fuseki); default-graph statements that are
    also in a named graph are listed once, with their graph.
    """
    s = iri_ref(subject)
    return f"""SELECT ?dir ?p ?v ?g WHERE {{
  {{ GRAPH ?g {{ {s} ?p ?v }} BIND("out" AS ?dir) }}
  UNION {{ {s} ?p ?v BIND("out" AS ?dir) FILTER NOT EXISTS {{ GRAPH ?h {{ {s} ?p ?v }} }} }}
  UNION {{ GRAPH ?g {{ ?v ?p {s} }} BIND("in" AS ?dir) }}
  UNION {{ ?v ?p {s} BIND("in" AS ?dir) FILTER NOT EXISTS {{ GRAPH ?h {{ ?v ?p {s} }} }} }}
}} LIMIT {limit}"""


def document_query(subject: str) -> str:
    """The triples of an entity's document: what it says and what points at it."""
    s = iri_ref(subject)
    return f"""CONSTRUCT {{ {s} ?p ?o . ?x ?q {s} }} WHERE {{
  {{ {s} ?p ?o }} UNION {{ GRAPH ?g {{ {s} ?p ?o }} }} UNION {{ ?x ?q {s} }} UNION {{ GRAPH ?h {{ ?x ?q {s} }} }}
}}"""


def labels_query(subjects: list[str], vocabulary: Vocabulary) -> str:
    values = " ".join(iri_ref(s) for s in subjects)
    path = "|".join(iri_ref(vocabulary.expand(p)) for p in LABELS)
    return f"SELECT ?x ?label WHERE {{ VALUES ?x {{ {values} }} {{ ?x {path} ?label }} UNION {{ GRAPH ?g {{ ?x {path} ?label }} }} }}"


async def fetch_labels(runner: Runner, subjects: set[str], vocabulary: Vocabulary, labels: Labels, chunk: int = 200) -> None:
    ordered = sorted(s for s in subjects if not _IRI_FORBIDDEN.search(s))
    for start in range(0, len(ordered), chunk):
        for binding in await select(runner, labels_query(ordered[start : start + chunk], vocabulary)):
            label = binding["label"]
            labels.add(binding["x"]["value"], label["value"], label.get("xml:lang"))
