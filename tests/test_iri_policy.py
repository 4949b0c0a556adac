"""The IRI policy is declared once, in ontology/iri-policy.toml: the ids of the seeds are checked against it and
the IRI patterns of ontology/shapes.ttl are generated from it (`smartcity-kg iri-shapes`); a wrong entry of the
policy is refused at its line."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, SH

from smartcity_kg.core import iri
from smartcity_kg.core.config import Config
from smartcity_kg.core.problems import DataError
from smartcity_kg.pipeline import iri_shapes

from .conftest import ROOT

POLICY = ROOT / "ontology" / "iri-policy.toml"
SHAPES = ROOT / "ontology" / "shapes.ttl"
ID = "https://w3id.org/thai-smart-city/id/"


def test_the_shapes_carry_the_patterns_the_policy_generates() -> None:
    text = SHAPES.read_text(encoding="utf-8")
    fresh, changes = iri_shapes.regenerate(text, iri.policy())
    assert changes == [], "run `smartcity-kg iri-shapes`"
    assert fresh == text


def pattern_of(graph: Graph, shape: str) -> str:
    (pattern,) = graph.objects(URIRef("https://w3id.org/thai-smart-city/def/shapes/" + shape), SH.pattern)
    return str(pattern)


@pytest.mark.parametrize(
    ("shape", "good", "bad"),
    [
        ("ProvinceShape", ["province/TH-21", "province/TH-10"], ["province/th-21", "province/TH-2", "province/21", "area/TH-21"]),
        ("DistrictShape", ["district/2104"], ["district/210", "district/21040", "subdistrict/2104"]),
        ("CentroidShape", ["centroid/21", "centroid/2104", "centroid/210401"], ["centroid/2", "centroid/210", "centroid/21040101"]),
        ("GovernmentAgencyShape", ["agency/depa", "city/yala"], ["committee/depa", "agency/DEPA"]),
        ("MinistryShape", ["agency/mdes"], ["city/mdes"]),
        ("SmartCityAreaShape", ["area/nakhon-rayong", "area/a.b", "area/x"], ["area/-x", "area/x-", "area/Nakhon", "area/x/y", "area/"]),
        ("CertificationBatchShape", ["batch/1", "batch/12"], ["batch/one", "batch/"]),
        ("districtProperty", ["district/9601"], ["district/96", "province/TH-96"]),
    ],
)
def test_the_generated_patterns_accept_the_iris_of_their_kinds_only(shape: str, good: list[str], bad: list[str]) -> None:
    pattern = pattern_of(Graph().parse(SHAPES, format="turtle"), shape)
    for local in good:
        assert re.search(pattern, ID + local), (shape, local)
    for local in bad:
        assert not re.search(pattern, ID + local), (shape, local)
    assert not re.search(pattern, "https://example.org/id/" + good[0])


def test_every_class_of_the_policy_is_a_class_of_the_ontology() -> None:
    ontology = Graph().parse(ROOT / "ontology" / "smartcity.ttl", format="turtle")
    prefixes = iri.prefixes(iri.load_context(ROOT / "ontology"))
    own = [cls for kind in iri.policy().values() for cls in kind.classes if cls.startswith("tsc:")]
    assert own
    assert [cls for cls in own if (URIRef(iri.expand(cls, prefixes)), RDF.type, OWL.Class) not in ontology] == []
    props = [prop for kind in iri.policy().values() for prop in kind.properties]
    assert [prop for prop in props if (URIRef(iri.expand(prop, prefixes)), RDF.type, OWL.ObjectProperty) not in ontology] == []


def test_the_policy_states_the_kinds_and_key_forms_of_the_data_model() -> None:
    # Written from docs/data-model.md ("IRIs"), not from the policy file.
    kinds = iri.kinds()
    assert kinds["province"] == "TH-[0-9]{2}"
    assert kinds["district"] == "[0-9]{4}"
    assert kinds["subdistrict"] == "[0-9]{6}"
    assert kinds["batch"] == "[0-9]+"
    assert kinds["area"] == kinds["person"] == "[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?"
    assert iri.gazetteer_kinds() == ("district", "subdistrict")
    assert iri.check_local_id("area/nakhon-rayong") is None
    assert "unknown kind 'town'" in (iri.check_local_id("town/x") or "")


def test_regenerating_from_a_changed_policy_rewrites_only_the_patterns_it_changes() -> None:
    text = SHAPES.read_text(encoding="utf-8")
    policy = dict(iri.policy())
    policy["area"] = iri.Kind("area", "[0-9]{3}", "three-digits", ("tsc:SmartCityArea",))
    policy["region"] = iri.Kind("region", "[a-z]+", "letters")  # no class: RegionShape loses its pattern
    policy["town"] = iri.Kind("town", "[a-z]+", "letters", ("tsc:Town",))  # no shape targets it
    fresh, changes = iri_shapes.regenerate(text, policy)
    removed = [line for line in text.splitlines() if line not in fresh.splitlines()]
    added = [line for line in fresh.splitlines() if line not in text.splitlines()]
    assert added == ['    sh:pattern "^https://w3id\\\\.org/thai-smart-city/id/area/[0-9]{3}$" ;']
    assert len(removed) == 2 and "/id/area/" in removed[0] and "/id/region/" in removed[1]
    lines = text.splitlines()
    placed = {change.shape: change for change in changes if change.line}
    assert set(placed) == {"tscsh:SmartCityAreaShape", "tscsh:RegionShape"}
    assert "/id/area/" in lines[placed["tscsh:SmartCityAreaShape"].line - 1]
    assert "/id/region/" in lines[placed["tscsh:RegionShape"].line - 1]
    assert [change.message for change in changes if not change.line] == [
        "no node shape targets tsc:Town, a class of the IRI policy, so its IRIs are not checked"
    ]


def test_kinds_of_one_class_with_different_key_forms_are_alternatives() -> None:
    kinds = [iri.Kind("agency", "[a-z]+", "a"), iri.Kind("city", "[0-9]+", "b")]
    assert iri_shapes.key_pattern(kinds) == "^https://w3id\\.org/thai-smart-city/id/(?:agency/[a-z]+|city/[0-9]+)$"
    assert iri_shapes.key_pattern(kinds[:1]) == "^https://w3id\\.org/thai-smart-city/id/agency/[a-z]+$"


def test_a_shape_without_its_pattern_gets_it_after_sh_closed() -> None:
    text = SHAPES.read_text(encoding="utf-8")
    line = next(line for line in text.splitlines(keepends=True) if "/id/province/" in line and "sh:pattern" in line)
    fresh, changes = iri_shapes.regenerate(text.replace(line, ""), iri.policy())
    assert fresh == text
    assert [change.shape for change in changes] == ["tscsh:ProvinceShape"]


def test_the_build_refuses_shapes_that_disagree_with_the_policy(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "ontology", tmp_path / "ontology")
    shapes = tmp_path / "ontology" / "shapes.ttl"
    text = shapes.read_text(encoding="utf-8")
    tampered = text.replace("/id/province/TH-[0-9]{2}$", "/id/province/TH-[0-9]{3}$")
    shapes.write_text(tampered, encoding="utf-8")
    (problem,) = iri_shapes.check_iri_shapes(None, Config(tmp_path))
    assert problem.file == "ontology/shapes.ttl"
    assert "TH-[0-9]{3}" in tampered.splitlines()[problem.line - 1]
    assert problem.rule == "iri-shapes"
    assert "tscsh:ProvinceShape" in problem.message
    assert "smartcity-kg iri-shapes" in problem.hint


def test_the_command_rewrites_the_patterns(tmp_path: Path, cli: Callable[..., CompletedProcess[str]]) -> None:
    shutil.copytree(ROOT / "ontology", tmp_path / "ontology")
    shapes = tmp_path / "ontology" / "shapes.ttl"
    text = shapes.read_text(encoding="utf-8")
    shapes.write_text(text.replace("/id/batch/[0-9]+$", "/id/batch/[0-9]*$"), encoding="utf-8")
    checked = cli("iri-shapes", "--check", "--root", str(tmp_path), cwd=tmp_path)
    assert checked.returncode == 1, checked.stderr
    assert "tscsh:CertificationBatchShape" in checked.stdout
    written = cli("iri-shapes", "--root", str(tmp_path), cwd=tmp_path)
    assert written.returncode == 0, written.stderr
    assert shapes.read_text(encoding="utf-8") == text
    assert cli("iri-shapes", "--check", "--root", str(tmp_path), cwd=tmp_path).returncode == 0


ENTRY = 'area = { key = "curator", classes = ["tsc:SmartCityArea"] }'


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (ENTRY, 'area = { key = "curator", clases = ["tsc:SmartCityArea"] }', "unknown key kinds.area.clases"),
        (
            ENTRY,
            'area = { key = "slug", classes = ["tsc:SmartCityArea"] }',
            "the kind area has the key form 'slug', which [keys] does not define",
        ),
        (ENTRY, 'area = { classes = ["tsc:SmartCityArea"] }', "kinds.area has no key"),
        (ENTRY, 'area = { key = "curator", classes = "tsc:SmartCityArea" }', "kinds.area.classes must be a list of strings, not a string"),
        (ENTRY, 'area = { key = "curator", classes = ["SmartCityArea"] }', "is not a compact IRI of a class"),
        (ENTRY, 'area = { key = "curator", classes = ["tsc:SmartCityArea"], layer = "main" }', "the kind area is in the layer 'main'"),
        (ENTRY, 'Area = { key = "curator", classes = ["tsc:SmartCityArea"] }', "the kind 'Area' is not lower-case"),
        (ENTRY, 'area = { key = "curator", classes = ["tsc:SmartCityArea"] ', "not valid TOML"),
        ("number = '[0-9]+'", "number = '([0-9]+)'", "the key form number has a capturing group"),
        ("number = '[0-9]+'", "number = '[0-9'", "the key form number is not a regular expression"),
        ("number = '[0-9]+'", "number = '[0-9]*'", "the key form number matches the empty key"),
        ("number = '[0-9]+'", "number = 1", "keys.number must be a string, not an integer"),
    ],
)
def test_a_wrong_entry_of_the_policy_is_refused_at_its_line(tmp_path: Path, old: str, new: str, message: str) -> None:
    text = POLICY.read_text(encoding="utf-8")
    assert old in text
    lines = text.splitlines()
    expected = next(number for number, line in enumerate(lines, start=1) if line.startswith(old))
    path = tmp_path / "iri-policy.toml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    with pytest.raises(DataError) as raised:
        iri.read_policy(path, "ontology/iri-policy.toml")
    (problem,) = raised.value.problems
    assert problem.file == "ontology/iri-policy.toml"
    assert problem.line == expected, problem.render()
    assert message in problem.message, problem.render()


def test_the_kinds_table_of_the_data_model_shows_the_policy() -> None:
    text = (ROOT / "docs" / "data-model.md").read_text(encoding="utf-8")
    section = text.split("## Kinds", 1)[1].split("\n## ", 1)[0]
    shown: dict[str, str] = {}
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        if len(cells) == 3 and cells[0].startswith("`"):
            for kind in re.findall(r"`([a-z-]+)`", cells[0]):
                shown[kind] = cells[1]
    assert sorted(shown) == sorted(iri.policy())
    for name, kind in iri.policy().items():
        assert all(f"`{cls}`" in shown[name] for cls in kind.classes), (name, kind.classes, shown[name])
