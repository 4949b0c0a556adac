"""Stage 2, build: checked documents -> an RDF dataset, by JSON-LD processing with the project's context.

Each YAML file is a JSON-LD document: the context of ontology/context.jsonld plus `@base` = <base>id/.
The code adds nothing of its own: what becomes which triple is decided by the context alone, so any
standard JSON-LD processor makes the same graph of the same YAML.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from smartcity_kg import iri
from smartcity_kg.config import Config

if TYPE_CHECKING:
    from rdflib import Dataset

    from smartcity_kg.load import SeedFile, Seeds


def jsonld_document(seed: SeedFile, context: dict[str, Any], base: str) -> dict[str, Any]:
    """The JSON-LD form of one YAML file: its data under the project context and the id base."""
    return {"@context": [context, {"@base": iri.id_base(base)}], **seed.data}


def build(seeds: Seeds, config: Config) -> Dataset:
    """One named graph per source (the `named_graph:` of the files); the default graph stays empty."""
    from rdflib import Dataset

    context = iri.load_context(config.ontology, config.base)
    parsed = Dataset()
    for seed in seeds.files:
        document = jsonld_document(seed, context, config.base)
        parsed.parse(data=json.dumps(document, ensure_ascii=False), format="json-ld")
    return relexed(parsed)


def relexed(parsed: Dataset) -> Dataset:
    """The same quads with every typed literal rebuilt from its lexical form.

    rdflib's JSON-LD parser can keep a typed literal's Python value in a form that does not match its
    datatype (a YAML integer under `"@type": "xsd:decimal"` stays an int, which sh:datatype rejects);
    reading the lexical form again gives what any N-Quads parser gives.
    """
    from rdflib import Dataset, Literal

    dataset = Dataset()
    for graph in parsed.graphs():
        target = dataset.graph(graph.identifier)
        for s, p, o in graph:
            if isinstance(o, Literal) and o.datatype is not None:
                o = Literal(str(o), datatype=o.datatype)
            target.add((s, p, o))
    return dataset
