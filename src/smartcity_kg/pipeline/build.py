"""Stage 2, build: checked documents -> RDF quads, by JSON-LD processing with the project's context.

Each YAML file is a JSON-LD document: the context of ontology/context.jsonld plus `@base` = <base>id/.
The code adds nothing of its own: what becomes which triple is decided by the context alone, so any
standard JSON-LD processor makes the same graph of the same YAML (tests/test_outputs.py compares with
PyLD). The processor used is pyoxigraph's (Rust): it reads a million statements in a few seconds, where
rdflib's takes minutes (benchmarks/RESULTS.md).

The dataset has two layers, both lists of pyoxigraph quads: the main layer (everything but seeds/gazetteer/)
and the gazetteer layer (seeds/gazetteer/: the districts and subdistricts), which has dumps of its own and
which a build may skip (docs/data-model.md, "The gazetteer layer"). Nothing on the way to graph/ goes through
rdflib: at a million triples its Graph alone costs more than the whole pipeline.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from smartcity_kg.core import iri
from smartcity_kg.core.config import GAZETTEER_FOLDER, Config

if TYPE_CHECKING:
    from pyoxigraph import Quad

    from smartcity_kg.pipeline.integrity import Seeds
    from smartcity_kg.pipeline.read import SeedFile


def jsonld_document(seed: SeedFile, context: dict[str, Any], base: str) -> dict[str, Any]:
    """The JSON-LD form of one YAML file: its data under the project context and the id base."""
    return {"@context": [context, {"@base": iri.id_base(base)}], **seed.data}


def in_gazetteer(seed: SeedFile) -> bool:
    """Whether a file belongs to the gazetteer layer (seeds/gazetteer/)."""
    return seed.path.startswith(f"seeds/{GAZETTEER_FOLDER}/")


def quads(seed: SeedFile, context: dict[str, Any], base: str) -> list[Quad]:
    """The statements of one file, by JSON-LD to RDF."""
    from pyoxigraph import RdfFormat, parse

    document = json.dumps(jsonld_document(seed, context, base), ensure_ascii=False).encode("utf-8")
    return list(parse(document, format=RdfFormat.JSON_LD))


def file_quads(seed: SeedFile, config: Config) -> bytes:
    """The statements of one file in N-Quads (what the build cache keeps)."""
    from pyoxigraph import RdfFormat, serialize

    return serialize(quads(seed, iri.load_context(config.ontology, config.base), config.base), format=RdfFormat.N_QUADS) or b""


def cached_quads(seed: SeedFile, seeds: Seeds, context: dict[str, Any], base: str) -> list[Quad]:
    """The statements of one file: made while it was read (load.read_checked), or kept in the build cache from an
    earlier build (N-Quads parse ten times faster than JSON-LD), or made now."""
    from pyoxigraph import BlankNode, RdfFormat, parse, serialize

    cache = seeds.cache
    made = seed.nquads
    if made is None and cache is not None and seed.key:
        found = cache.quads(seed.key)
        if found is not None:
            return list(parse(found, format=RdfFormat.N_QUADS))
    if made is None:
        made = serialize(quads(seed, context, base), format=RdfFormat.N_QUADS) or b""
    seed.nquads = None  # kept once, in the list returned
    result = list(parse(made, format=RdfFormat.N_QUADS))
    # Blank-node labels are per parse: two files read back from N-Quads could share one, so such files are not kept.
    if cache is not None and seed.key and not any(isinstance(term, BlankNode) for quad in result for term in quad):
        cache.write_quads(seed.key, made)
    return result


def layer(seeds: Seeds, config: Config, gazetteer: bool) -> list[Quad]:
    context = iri.load_context(config.ontology, config.base)
    return [quad for seed in seeds.files if in_gazetteer(seed) == gazetteer for quad in cached_quads(seed, seeds, context, config.base)]


def build(seeds: Seeds, config: Config) -> list[Quad]:
    """The main layer: one named graph per source (the `named_graph:` of the files); the default graph stays empty."""
    return layer(seeds, config, gazetteer=False)


def build_gazetteer(seeds: Seeds, config: Config) -> list[Quad]:
    """The gazetteer layer, in the order of the files and of their entries (empty when it was not loaded)."""
    return layer(seeds, config, gazetteer=True)
