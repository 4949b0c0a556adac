"""What the build counts, by the SPARQL of sparql/statistics/: entities per class, triples per graph, dated
things; and the summary `build` prints."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from smartcity_kg.core import iri
from smartcity_kg.pipeline.build import in_gazetteer
from smartcity_kg.pipeline.built import Built, Counts

if TYPE_CHECKING:
    pass


# The queries of the counts, beside this module.
STATISTICS = Path(__file__).resolve().parent / "sparql" / "statistics"


# One example resource per class, the first by IRI (VoID void:exampleResource).
EXAMPLE_CLASSES = ("SmartCityArea", "Province", "Meeting", "Decision", "SmartCityDimension")


def counts(built: Built) -> Counts:
    """The counts of a build, computed once (a lock: render computes them on a second thread)."""
    with built.lock:
        if built.counts is None:
            built.counts = count(built)
        return built.counts


def count(built: Built) -> Counts:
    from pyoxigraph import Literal as OxLiteral
    from rdflib import Literal, URIRef

    store = built.validation.store
    ids = iri.id_base(built.config.base)

    def rows(name: str) -> list[tuple[object, ...]]:
        """The solutions of sparql/statistics/<name>.rq, moved to the base of the build."""
        text = iri.rebase((STATISTICS / f"{name}.rq").read_text(encoding="utf-8"), built.config.base)
        return [tuple(solution) for solution in store.query(text)]  # type: ignore[union-attr]

    found = Counts(layer={ids + seed.graph for seed in built.seeds.files if in_gazetteer(seed)})
    found.graphs = {g.value: int(n.value) for g, n in rows("graph-sizes")}  # type: ignore[attr-defined]
    found.predicates = {p.value: int(n.value) for p, n in rows("predicate-counts")}  # type: ignore[attr-defined]
    [(subjects,)] = rows("distinct-subjects")
    found.subjects = int(subjects.value)  # type: ignore[attr-defined]
    [(typed,)] = rows("typed-entities")
    found.typed = int(typed.value)  # type: ignore[attr-defined]
    for cls, n, first in rows("class-partitions"):
        found.classes[cls.value] = int(n.value)  # type: ignore[attr-defined]
        found.first[cls.value] = first.value  # type: ignore[attr-defined]
    for subject, value in rows("dated-things"):
        assert isinstance(value, OxLiteral)
        found.dates.append((subject.value, Literal(value.value, datatype=URIRef(value.datatype.value))))  # type: ignore[attr-defined]
    return found


def summary(built: Built) -> str:
    """What `build` prints: entities per class, triples, graphs, validation result."""
    from rdflib import Namespace

    config = built.config
    found = counts(built)
    width = max((len(c.rsplit("/", 1)[-1]) for c in found.classes), default=10)
    lines = ["entities per class:"]
    lines += [f"  {cls.rsplit('/', 1)[-1]:<{width}}  {number:>5}" for cls, number in sorted(found.classes.items())]
    lines.append(f"triples: {found.triples} in {len(found.graphs)} named graphs (one per source)")
    if config.gazetteer:
        lines.append(f"gazetteer layer: {found.layer_triples} of them, in {', '.join(sorted(found.layer))} (graph/gazetteer.*)")
    else:
        lines.append("gazetteer layer: skipped (--without-gazetteer); references to districts were not checked")
    sh = Namespace("http://www.w3.org/ns/shacl#")
    conforms = all(str(value) == "true" for value in built.validation.report.objects(None, sh.conforms))
    lines.append(f"validation: {'conforms to ontology/shapes.ttl' if conforms else 'FAILED'}")
    return "\n".join(lines)
