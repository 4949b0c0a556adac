"""What the home page counts, by SPARQL, so that it describes whatever the runner answers from."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from smartcity_kg.core import iri
from smartcity_kg.present.asks import fetch_labels, iri_ref
from smartcity_kg.present.pages import Presenter, Value
from smartcity_kg.present.vocabulary import Labels
from smartcity_kg.rdf.runners import Runner, select


@dataclass
class Counts:
    """What the home page counts, by SPARQL, so that it describes whatever the runner answers from."""

    triples: int
    entities: int
    """Distinct typed subjects under <base>id/."""
    classes: list[tuple[Value, int]]
    graphs: list[tuple[Value, int]]
    data: int = 0
    """Distinct triples of the named graphs (the sources); the rest of `triples` is the ontology's."""
    layer: int = 0
    """Of `data`, those of the gazetteer layer's graphs."""
    main_sources: int = 0
    """The named graphs outside the layer."""

    @property
    def ontology(self) -> int:
        return self.triples - self.data

    @property
    def main(self) -> int:
        return self.data - self.layer


def layer_graphs(dump: Path) -> frozenset[str]:
    """The named graphs of a layer's dump (gzip N-Quads), such as graph/gazetteer.nq.gz; none without the file."""
    import gzip

    import pyoxigraph as ox

    if not dump.is_file():
        return frozenset()
    quads = ox.parse(gzip.decompress(dump.read_bytes()), format=ox.RdfFormat.N_QUADS)
    return frozenset(q.graph_name.value for q in quads if isinstance(q.graph_name, ox.NamedNode))


async def counts(runner: Runner, site: Presenter, lang: str, layer: frozenset[str] = frozenset()) -> Counts:
    """The counts of the home page; `layer`: the named graphs of the gazetteer layer (layer_graphs)."""
    def_base = iri.def_base(site.base)
    triples = await select(
        runner, "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } } }"
    )
    data = await select(runner, "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }")
    in_layer: list[dict[str, dict[str, str]]] = []
    if layer:
        graphs_in = ", ".join(iri_ref(g) for g in sorted(layer))
        in_layer = await select(
            runner,
            f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g IN ({graphs_in})) }} }}",
        )
    classes = await select(
        runner,
        "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { { ?s a ?c } UNION { GRAPH ?g { ?s a ?c } } "
        f'FILTER(STRSTARTS(STR(?c), "{def_base}")) }} GROUP BY ?c',
    )
    entities = await select(
        runner,
        "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { { ?s a ?c } UNION { GRAPH ?g { ?s a ?c } } "
        f'FILTER(STRSTARTS(STR(?s), "{iri.id_base(site.base)}")) }}',
    )
    graphs = await select(runner, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    labels = Labels(shortener=site.vocabulary.compact)
    await fetch_labels(runner, {b["g"]["value"] for b in graphs}, site.vocabulary, labels)

    def count(binding: dict[str, dict[str, str]]) -> int:
        return int(binding["n"]["value"])

    class_values = [
        (Value(site.vocabulary.labels.get(b["c"]["value"], lang), site.href(b["c"]["value"]), b["c"]["value"]), count(b)) for b in classes
    ]
    graph_values = [(site.value(b["g"], labels, lang), count(b)) for b in graphs]
    return Counts(
        triples=count(triples[0]) if triples else 0,
        entities=count(entities[0]) if entities else 0,
        classes=sorted(class_values, key=lambda pair: (-pair[1], pair[0].text)),
        graphs=sorted(graph_values, key=lambda pair: (-pair[1], pair[0].text)),
        data=count(data[0]) if data else 0,
        layer=count(in_layer[0]) if in_layer else 0,
        main_sources=len([b for b in graphs if b["g"]["value"] not in layer]),
    )
