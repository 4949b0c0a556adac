"""`smartcity-kg query`: tables aligned for Thai text, the W3C result formats, Turtle and JSON-LD, usage errors."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess
from typing import Any

import pytest

from smartcity_kg.rdf.examples import comparable, read_csv, read_expected, read_json
from smartcity_kg.rdf.query import width

from .conftest import BASE, ID, ROOT, offline

TSC = BASE + "def/"

Cli = Callable[..., CompletedProcess[str]]
SEVERAL = "queries/provinces-with-several-areas.rq"
PAGE = "queries/area-page.rq"


@pytest.mark.parametrize(
    ("text", "columns"),
    [
        ("abc", 3),
        ("ที่นี่", 2),  # two consonants, each with a vowel above and a tone mark: zero width
        ("น้ำ", 2),  # tone mark (zero) and SARA AM (one column)
        ("กรุงเทพมหานคร", 12),  # 13 code points, one of them a vowel below
        ("ผู้อำนวยการใหญ่", 12),
        ("東京", 4),  # wide characters take two columns
    ],
)
def test_display_width(text: str, columns: int) -> None:
    assert width(text) == columns


def test_table_aligns_thai_text(repo: Path, cli: Cli) -> None:
    result = cli("query", SEVERAL, cwd=repo)
    assert result.returncode == 0, result.stderr
    # Column widths counted by hand: province_th is 12 columns wide (กรุงเทพมหานคร); ระยอง takes 5, เชียงใหม่ 7,
    # ชลบุรี 4, ฉะเชิงเทรา 9, ลำปาง 5, พิษณุโลก 6, ภูเก็ต 4 (marks above or below a letter take none); province_en is
    # as wide as Chachoengsao, 12.
    rows = [("TH-10", "กรุงเทพมหานคร", 12, "Bangkok", 4), ("TH-21", "ระยอง", 5, "Rayong", 3), ("TH-50", "เชียงใหม่", 7, "Chiang Mai", 3)]
    rows += [("TH-20", "ชลบุรี", 4, "Chon Buri", 2), ("TH-24", "ฉะเชิงเทรา", 9, "Chachoengsao", 2), ("TH-52", "ลำปาง", 5, "Lampang", 2)]
    rows += [("TH-65", "พิษณุโลก", 6, "Phitsanulok", 2), ("TH-83", "ภูเก็ต", 4, "Phuket", 2)]
    expected = ["iso_code  province_th   province_en   areas", "--------  ------------  ------------  -----"]
    expected += [f"{iso}     {thai}{' ' * (12 - columns)}  {english:<12}  {areas}" for iso, thai, columns, english, areas in rows]
    expected.append("(8 rows)")
    assert result.stdout.splitlines() == expected


@pytest.mark.slow
def test_table_of_values_with_marks_in_the_first_column(repo: Path, cli: Cli) -> None:
    text = 'SELECT ?name ?n WHERE { VALUES (?name ?n) { ("น้ำ" 1) ("ที่นี่" 22) ("abc" 333) } } ORDER BY ?n'
    result = cli("query", "--query", text, cwd=repo)
    assert result.stdout == "name  n\n----  ---\nน้ำ    1\nที่นี่    22\nabc   333\n(3 rows)\n"


@pytest.mark.parametrize("name", ["json", *(pytest.param(name, marks=pytest.mark.slow) for name in ("csv", "xml", "tsv"))])
def test_select_in_the_w3c_result_formats(repo: Path, name: str, cli: Cli) -> None:
    from pyoxigraph import QueryResultsFormat, parse_query_results

    from smartcity_kg.rdf.examples import oxigraph_table

    result = cli("query", SEVERAL, "--format", name, cwd=repo)
    assert result.returncode == 0, result.stderr
    expected = read_expected(ROOT / "queries" / "provinces-with-several-areas.csv")
    if name == "csv":
        table = read_csv(result.stdout)
    elif name == "json":
        table = read_json(result.stdout)
    else:
        table = oxigraph_table(parse_query_results(result.stdout.encode("utf-8"), format=getattr(QueryResultsFormat, name.upper())))
    ours, theirs = comparable(table, expected, ordered=True)
    assert ours == theirs
    if name == "tsv":
        assert '"กรุงเทพมหานคร"@th' in result.stdout  # TSV keeps the term types CSV drops


@pytest.mark.slow
def test_ask_prints_its_answer(repo: Path, cli: Cli) -> None:
    ask = "queries/approved-areas-are-certified.rq"
    assert cli("query", ask, cwd=repo).stdout == "true\n"
    assert json.loads(cli("query", ask, "--format", "json", cwd=repo).stdout) == {"head": {}, "boolean": True}


def test_construct_prints_turtle_by_default(repo: Path, cli: Cli) -> None:
    from rdflib import Graph
    from rdflib.compare import isomorphic

    result = cli("query", PAGE, cwd=repo)
    assert result.returncode == 0, result.stderr
    assert "@prefix tsc: <https://w3id.org/thai-smart-city/def/> ." in result.stdout
    assert isomorphic(Graph().parse(data=result.stdout, format="turtle"), Graph().parse(ROOT / "queries" / "area-page.ttl"))
    assert cli("query", PAGE, "--format", "turtle", cwd=repo).stdout == result.stdout


def test_construct_as_jsonld_reads_like_the_yaml(repo: Path, written: Path, cli: Cli) -> None:
    from pyld import jsonld
    from rdflib import Graph
    from rdflib.compare import isomorphic

    result = cli("query", PAGE, "--format", "jsonld", cwd=repo)
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    published = json.loads((written / "context.jsonld").read_text(encoding="utf-8"))["@context"]
    assert document["@context"] == [published, {"@base": ID}]  # embedded, as in graph/smartcity.jsonld
    area = next(e for e in document["entities"] if e["id"] == "area/nakhon-rayong")
    assert area["province"] == "province/TH-21" and area["name_th"] == "นครระยองเมืองอัจฉริยะและน่าอยู่"
    expected = Graph().parse(ROOT / "queries" / "area-page.ttl")
    with offline():  # the default document loaders: nothing to fetch
        assert isomorphic(Graph().parse(data=result.stdout, format="json-ld"), expected)
        assert isomorphic(Graph().parse(data=jsonld.to_rdf(document, {"format": "application/n-quads"}), format="nt"), expected)


# One blank node per area, made by the template: the answer is not in the data, which has no blank nodes.
BLANK_NODES = f"""PREFIX tsc: <{TSC}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
CONSTRUCT {{ ?area tsc:province ?province ; rdfs:seeAlso _:note . _:note rdfs:label ?name ; rdfs:comment "ไม่มี IRI"@th }}
WHERE {{ ?area a tsc:SmartCityArea ; tsc:province ?province ; rdfs:label ?name FILTER(LANG(?name) = "th") }}"""


@pytest.mark.slow
def test_construct_with_blank_nodes_as_jsonld_keeps_them_blank(repo: Path, written: Path, cli: Cli) -> None:
    """JSON-LD 1.1: a blank node is a node whose @id starts with `_:`; PyLD and rdflib read the answer back as the graph
    rdflib's own SPARQL engine constructs from smartcity.nt, isomorphic to the command's Turtle."""
    from pyld import jsonld
    from rdflib import BNode, Graph
    from rdflib.compare import isomorphic

    expected = Graph()
    for triple in Graph().parse(written / "smartcity.nt", format="nt").query(BLANK_NODES):
        expected.add(triple)  # type: ignore[arg-type]
    blank = {s for s in expected.subjects() if isinstance(s, BNode)}
    assert len(blank) > 20  # a note per area with a Thai name
    turtle = cli("query", "--query", BLANK_NODES, cwd=repo)
    result = cli("query", "--query", BLANK_NODES, "--format", "jsonld", cwd=repo)
    assert result.returncode == 0 and turtle.returncode == 0, result.stderr + turtle.stderr
    document = json.loads(result.stdout)
    notes = [node for node in document["entities"] if not node["id"].startswith("area/")]
    assert len(notes) == len(blank) and all(node["id"].startswith("_:") for node in notes)
    with offline():
        from_rdflib = Graph().parse(data=result.stdout, format="json-ld")
        from_pyld = Graph().parse(data=jsonld.to_rdf(document, {"format": "application/n-quads"}), format="nt")
    from_turtle = Graph().parse(data=turtle.stdout, format="turtle")
    for graph in (from_rdflib, from_pyld, from_turtle):
        assert len(graph) == len(expected) == 4 * len(blank)
        assert isomorphic(graph, expected)
    # The engine's labels are random: the same query prints the same text, in both formats.
    assert cli("query", "--query", BLANK_NODES, "--format", "jsonld", cwd=repo).stdout == result.stdout
    assert cli("query", "--query", BLANK_NODES, cwd=repo).stdout == turtle.stdout


XSD = "http://www.w3.org/2001/XMLSchema#"
# Two areas; per solution one blank node bound to two variables, and another.
TERMS = f"""SELECT ?area ?name ?code ?length ?note ?same ?other ?missing WHERE {{
  VALUES ?area {{ <{ID}area/nakhon-rayong> <{ID}area/phuket> }}
  ?area <http://www.w3.org/2000/01/rdf-schema#label> ?name FILTER(LANG(?name) = "th")
  OPTIONAL {{ ?area <urn:x-nothing:says> ?missing }}
  BIND(STR(?area) AS ?code) BIND(STRLEN(?name) AS ?length) BIND(BNODE() AS ?note) BIND(?note AS ?same) BIND(BNODE() AS ?other)
}} ORDER BY ?area"""


def check_sparql_json_terms(results: dict[str, Any]) -> None:
    """What the SPARQL 1.1 Query Results JSON Format (section 3.2.2) says TERMS gives: written from the spec."""
    names = {"nakhon-rayong": "นครระยองเมืองอัจฉริยะและน่าอยู่", "phuket": "ภูเก็ตเมืองอัจฉริยะ"}
    assert results["head"] == {"vars": ["area", "name", "code", "length", "note", "same", "other", "missing"]}
    bindings = results["results"]["bindings"]
    assert [b["area"] for b in bindings] == [{"type": "uri", "value": f"{ID}area/{key}"} for key in names]
    labels = []
    for binding, (key, name) in zip(bindings, names.items(), strict=True):
        assert binding["name"] == {"type": "literal", "value": name, "xml:lang": "th"}  # no datatype beside xml:lang
        assert binding["code"] == {"type": "literal", "value": f"{ID}area/{key}"}  # a simple literal: no datatype
        assert binding["length"] == {"type": "literal", "value": str(len(name)), "datatype": XSD + "integer"}
        assert "missing" not in binding  # unbound: absent
        for variable in ("note", "same", "other"):
            assert binding[variable]["type"] == "bnode" and set(binding[variable]) == {"type", "value"}
            assert binding[variable]["value"] and not binding[variable]["value"].startswith("_:")  # the label alone
        assert binding["note"] == binding["same"] != binding["other"]
        labels += [binding["note"]["value"], binding["other"]["value"]]
    assert len(set(labels)) == 4  # BNODE() makes a new node each time: a label for each


@pytest.mark.slow
def test_select_with_blank_nodes_in_sparql_json(repo: Path, cli: Cli) -> None:
    result = cli("query", "--query", TERMS, "--format", "json", cwd=repo)
    assert result.returncode == 0, result.stderr
    check_sparql_json_terms(json.loads(result.stdout))
    assert cli("query", "--query", TERMS, "--format", "json", cwd=repo).stdout == result.stdout  # stable labels


@pytest.mark.slow
def test_construct_as_a_table(repo: Path, cli: Cli) -> None:
    lines = cli("query", PAGE, "--format", "table", cwd=repo).stdout.splitlines()
    assert lines[0].split() == ["subject", "predicate", "object"]
    assert any(line.split()[:3] == ["area/nakhon-rayong", "tsc:province", "province/TH-21"] for line in lines)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((SEVERAL, "--format", "turtle"), "--format turtle does not fit a SELECT or ASK query"),
        pytest.param((PAGE, "--format", "csv"), "--format csv does not fit a CONSTRUCT or DESCRIBE query", marks=pytest.mark.slow),
        (("--query", "SELECT * WHERE { SERVICE <http://localhost:1/sparql> { ?s ?p ?o } }"), "SERVICE is refused"),
        # Further usage errors, each a CLI run of its own: the whole suite's.
        pytest.param(("--query", "SELECT * WHERE { ?s ?p "), "not a SPARQL 1.1 query", marks=pytest.mark.slow),
        pytest.param((SEVERAL, "--query", "ASK {}"), "one of them", marks=pytest.mark.slow),
        pytest.param((), "one of them", marks=pytest.mark.slow),
        pytest.param(("queries/no-such-query.rq",), "no such file", marks=pytest.mark.slow),
    ],
)
def test_usage_errors(repo: Path, args: tuple[str, ...], message: str, cli: Cli) -> None:
    result = cli("query", *args, cwd=repo)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


@pytest.mark.slow
def test_the_word_service_in_a_string_or_iri_is_not_refused(repo: Path, cli: Cli) -> None:
    text = 'SELECT ?x WHERE { BIND("SERVICE" AS ?x) FILTER(?x != <http://example.org/SERVICE>) } # SERVICE'
    assert cli("query", "--query", text, "--format", "csv", cwd=repo).stdout.splitlines() == ["x", "SERVICE"]


def test_without_a_graph_it_says_to_build_first(cli: Cli, tmp_path: Path) -> None:
    result = cli("query", "--query", "ASK {}", cwd=tmp_path)
    assert result.returncode == 2
    assert "run `smartcity-kg build` first" in result.stderr


@pytest.mark.slow
def test_query_works_on_a_graph_built_under_another_base(repo_copy: Path, cli: Cli) -> None:
    base = "https://data.example.go.th/smart-city/"
    assert cli("build", "--base", base, "--without-gazetteer", cwd=repo_copy).returncode == 0
    result = cli("query", str(ROOT / SEVERAL), "--base", base, "--format", "csv", cwd=repo_copy)
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[1] == ["TH-10", "กรุงเทพมหานคร", "Bangkok", "4"]
    area = cli("query", "--query", "SELECT ?p WHERE { <area/satun> ?p ?o }", "--base", base, "--format", "csv", cwd=repo_copy)
    assert "https://data.example.go.th/smart-city/def/province" in area.stdout


def test_query_help_loads_no_engine() -> None:
    code = (
        "import sys; from smartcity_kg.cli.main import parser\n"
        "try:\n    parser().parse_args(['query', '--help'])\nexcept SystemExit:\n    pass\n"
        "print('loaded:', sorted(m for m in ('pyoxigraph', 'rdflib', 'pyld') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "--format {table,csv,tsv,json,xml,turtle,jsonld}" in result.stdout
    assert result.stdout.strip().splitlines()[-1] == "loaded: []"
