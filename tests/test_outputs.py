"""The files of graph/: they agree with each other, with a standard JSON-LD processor, and with a fresh build.

The tests read the session's build (conftest `written`); one test holds the committed graph/ to it.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess
from typing import Any

import pytest
import yaml
from pyld import jsonld
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic

from smartcity_kg.pipeline.built import Built
from smartcity_kg.pipeline.write import FILES

from .conftest import BASE, ID, ROOT, jsonld_js, offline, snapshot

COMMITTED = ROOT / "graph"  # what the repository publishes; only test_committed_graph_equals_a_fresh_build reads it
CONTEXT_IRI = BASE + "context.jsonld"


def quads_of(dataset: Dataset) -> set[tuple[str, ...]]:
    return {(s.n3(), p.n3(), o.n3(), g.n3()) for s, p, o, g in dataset.quads((None, None, None, None)) if g is not None}


def test_graph_folder_holds_exactly_the_generated_files(written: Path) -> None:
    assert sorted(snapshot(written)) == sorted(FILES)


@pytest.mark.parametrize("name", sorted(FILES))
def test_each_generated_file_says_it_is_generated(written: Path, name: str) -> None:
    if name.endswith(".csv"):  # a CSV file has no comments: the README beside it says so, and names it
        readme = (written / name).parent / "README.md"
        assert "do not edit" in readme.read_text(encoding="utf-8") and f"`{Path(name).name}`" in readme.read_text(encoding="utf-8")
        return
    data = (written / name).read_bytes()
    head = (gzip.decompress(data) if name.endswith(".gz") else data)[:400].decode("utf-8", errors="replace")
    assert "do not edit" in head


def test_turtle_ntriples_and_jsonld_parse_to_isomorphic_graphs(written: Path) -> None:
    turtle = Graph().parse(written / "smartcity.ttl", format="turtle")
    ntriples = Graph().parse(written / "smartcity.nt", format="nt")
    with offline():
        from_pyld = Graph().parse(
            data=jsonld.to_rdf(read_json(written / "smartcity.jsonld"), {"format": "application/n-quads"}), format="nt"
        )
        from_rdflib = Graph().parse(written / "smartcity.jsonld", format="json-ld")
    assert len(turtle) > 1500
    for other in (ntriples, from_pyld, from_rdflib):
        assert len(other) == len(turtle)
        assert isomorphic(turtle, other)


def read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def union_of_nquads(graph: Path) -> Graph:
    """The triples of graph/smartcity.nq, all named graphs merged: what the JSON-LD dump holds."""
    dataset = Dataset()
    dataset.parse(graph / "smartcity.nq", format="nquads")
    union = Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        union.add((s, p, o))
    return union


def three_processors(path: Path) -> dict[str, Graph]:
    """`path` read by rdflib, PyLD and jsonld.js, each with its default document loader and no network.

    Each is given the file's own URL as base, so a relative context reference would resolve beside it.
    """
    with offline():
        from_rdflib = Graph().parse(path, format="json-ld")
        nquads = jsonld.to_rdf(read_json(path), {"base": path.as_uri(), "format": "application/n-quads"})
    node = jsonld_js(path)
    assert node.returncode == 0, node.stderr
    return {
        "rdflib": from_rdflib,
        "pyld": Graph().parse(data=nquads, format="nt"),
        "jsonld.js": Graph().parse(data=node.stdout, format="nt"),
    }


@pytest.mark.slow  # three processors, one of them in node; test_turtle_ntriples_and_jsonld_parse... reads it with two, fast
@pytest.mark.parametrize("company", [pytest.param(("context.jsonld",), id="beside-its-context"), pytest.param((), id="alone")])
def test_the_jsonld_dump_parses_anywhere_offline_with_every_processor(written: Path, company: tuple[str, ...], tmp_path: Path) -> None:
    """Copied elsewhere, with graph/context.jsonld or alone: rdflib, PyLD and jsonld.js read the triples of smartcity.nq."""
    for name in ("smartcity.jsonld", *company):
        (tmp_path / name).write_bytes((written / name).read_bytes())
    expected = union_of_nquads(written)
    assert len(expected) > 1500
    for processor, graph in three_processors(tmp_path / "smartcity.jsonld").items():
        assert len(graph) == len(expected), processor
        assert isomorphic(graph, expected), processor


@pytest.mark.slow  # why the context is embedded: three processors, twice; not a check of the build
@pytest.mark.parametrize("reference", [CONTEXT_IRI, "context.jsonld"], ids=["published-iri", "relative"])
def test_a_dump_referring_to_its_context_would_not_parse_offline(written: Path, reference: str, tmp_path: Path) -> None:
    """Why the context is embedded: referred to by IRI or beside the file, some default loader cannot get it."""
    document = read_json(written / "smartcity.jsonld")
    document["@context"] = [reference, document["@context"][1]]
    (tmp_path / "smartcity.jsonld").write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "context.jsonld").write_bytes((written / "context.jsonld").read_bytes())
    with offline():
        if reference == CONTEXT_IRI:  # rdflib reads file: contexts, so only the IRI fails it
            with pytest.raises(OSError):
                Graph().parse(tmp_path / "smartcity.jsonld", format="json-ld")
        with pytest.raises(jsonld.JsonLdError):  # PyLD's default loader: requests, aiohttp, or none
            jsonld.to_rdf(document, {"base": (tmp_path / "smartcity.jsonld").as_uri()})
    node = jsonld_js(tmp_path / "smartcity.jsonld")
    assert node.returncode == 1 and "URL could not be dereferenced" in node.stderr  # its node loader: http and https only


def test_nquads_union_equals_the_turtle_graph_and_has_one_graph_per_source(written: Path) -> None:
    dataset = Dataset()
    dataset.parse(written / "smartcity.nq", format="nquads")
    union = Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        union.add((s, p, o))
    assert isomorphic(union, Graph().parse(written / "smartcity.ttl", format="turtle"))
    names = {str(g.identifier) for g in dataset.graphs() if len(g)}
    assert names == {
        ID + "source/article-mdes-subcommittee-1-2565",
        ID + "source/tcan-adm1-v1.0.0",
        ID + "source/reference-smart-city-areas",
        ID + "source/reference-smart-city-dimensions",
        ID + "source/reference-entity-names",
        ID + "source/project-curation",
    }


def test_the_gzip_dump_is_the_nquads_dump(written: Path) -> None:
    assert gzip.decompress((written / "smartcity.nq.gz").read_bytes()) == (written / "smartcity.nq").read_bytes()


def test_no_blank_nodes_in_the_data(written: Path) -> None:
    # Every node has an IRI: linkable, and byte-stable output without blank-node relabelling.
    text = (written / "smartcity.nt").read_text(encoding="utf-8")
    assert "_:" not in text


@pytest.mark.slow
def test_the_build_is_what_a_standard_jsonld_processor_makes_of_the_yaml(built: Built) -> None:
    """The context is the whole mapping: pyld, given each YAML file and the context, makes the same quads."""
    from pyoxigraph import RdfFormat, serialize

    context = json.loads((ROOT / "ontology" / "context.jsonld").read_text(encoding="utf-8"))["@context"]
    expected = Dataset()
    for path in sorted((ROOT / "seeds").rglob("*.yaml")):
        if "sources" in path.relative_to(ROOT / "seeds").parts[:1]:
            continue
        # libyaml where PyYAML has it: the gazetteer's 3 MB take PyYAML's own parser a quarter of a minute.
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        document = {"@context": [context, {"@base": ID}], **undate(data)}
        expected.parse(data=jsonld.to_rdf(document, {"format": "application/n-quads"}), format="nquads")
    # The build keeps the gazetteer layer out of rdflib, as pyoxigraph quads.
    ours = Dataset()
    ours.parse(data=built.dataset.serialize(format="nquads"), format="nquads")
    gazetteer = serialize(built.gazetteer, format=RdfFormat.N_QUADS)
    assert gazetteer is not None and len(built.gazetteer) > 100_000
    ours.parse(data=gazetteer.decode("utf-8"), format="nquads")
    assert quads_of(ours) == quads_of(expected)


def undate(value: Any) -> Any:
    """PyYAML's safe_load turns 2022-11-09 into a date; JSON-LD wants the text (the context types it)."""
    if isinstance(value, dict):
        return {k: undate(v) for k, v in value.items()}
    if isinstance(value, list):
        return [undate(v) for v in value]
    return value.isoformat() if isinstance(value, dt.date) else value


def test_jsonld_reads_like_the_yaml(written: Path) -> None:
    document = json.loads((written / "smartcity.jsonld").read_text(encoding="utf-8"))
    # The published context, embedded (iri.document_context), and the base of the ids.
    assert document["@context"] == [read_json(written / "context.jsonld")["@context"], {"@base": ID}]
    nodes = {node["id"]: node for node in document["entities"]}  # the context aliases @graph as `entities`
    area = nodes["area/nakhon-rayong"]
    assert area["type"] == "SmartCityArea"
    assert area["province"] == "province/TH-21"
    assert area["name_th"] == "นครระยองเมืองอัจฉริยะและน่าอยู่"


def test_the_published_context_is_the_ontology_context(written: Path) -> None:
    published = json.loads((written / "context.jsonld").read_text(encoding="utf-8"))
    source = json.loads((ROOT / "ontology" / "context.jsonld").read_text(encoding="utf-8"))
    assert published["@context"] == source["@context"]


def test_committed_graph_equals_a_fresh_build(written: Path) -> None:
    """The one test of the committed graph/: it is what a build of the working tree writes, byte for byte, every file
    (the session's build, `written`, made as `smartcity-kg build` makes it). Every other test reads that build."""
    committed, fresh = snapshot(COMMITTED), snapshot(written)
    assert sorted(committed) == sorted(fresh), "graph/ holds other files than a fresh build: run scripts/build.sh"
    for name, data in fresh.items():
        assert committed[name] == data, f"graph/{name} differs from a fresh build: run scripts/build.sh"


@pytest.mark.slow
def test_two_builds_are_byte_identical_whatever_the_hash_seed(
    repo_copy: Path, cli: Callable[..., CompletedProcess[str]], tmp_path: Path
) -> None:
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"out-{seed}"
        result = cli("build", "--out", str(out), cwd=repo_copy, env={"PYTHONHASHSEED": seed})
        assert result.returncode == 0, result.stderr
        outputs.append({name: (out / name).read_bytes() for name in FILES})
    assert outputs[0] == outputs[1]


@pytest.mark.slow
def test_another_base_moves_every_iri(repo_copy: Path, cli: Callable[..., CompletedProcess[str]], tmp_path: Path) -> None:
    out = tmp_path / "moved"
    result = cli("build", "--base", "https://data.example.org/sc/", "--out", str(out), cwd=repo_copy)
    assert result.returncode == 0, result.stderr
    graph = Graph().parse(out / "smartcity.nt", format="nt")
    assert (URIRef("https://data.example.org/sc/id/area/nakhon-rayong"), None, None) in graph
    assert "w3id.org/thai-smart-city" not in (out / "smartcity.nt").read_text(encoding="utf-8")
