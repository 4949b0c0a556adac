"""The one prefix map (ontology/context.jsonld) turns IRIs into prefix:local and back."""

from __future__ import annotations

import pytest

from smartcity_kg import iri

from .conftest import ROOT

PREFIXES = iri.prefixes(iri.load_context(ROOT / "ontology"))


@pytest.mark.parametrize(
    ("full", "short"),
    [
        ("http://www.w3.org/ns/org#Post", "org:Post"),
        ("https://w3id.org/thai-smart-city/def/SmartCityArea", "tsc:SmartCityArea"),
        ("http://example.org/unknown", "http://example.org/unknown"),
    ],
)
def test_compact_and_expand(full: str, short: str) -> None:
    assert iri.compact(full, PREFIXES) == short
    assert iri.expand(short, PREFIXES) == full


@pytest.mark.parametrize("value", ["https://example.org/x", "nosuchprefix:x", "plain"])
def test_expand_leaves_what_is_not_a_known_compact_iri(value: str) -> None:
    assert iri.expand(value, PREFIXES) == value


def test_compact_takes_the_longest_namespace_that_fits() -> None:
    nested = {"tsc": "https://w3id.org/thai-smart-city/def/", "tscsh": "https://w3id.org/thai-smart-city/def/shapes/"}
    assert iri.compact("https://w3id.org/thai-smart-city/def/shapes/AreaShape", nested) == "tscsh:AreaShape"
    assert iri.compact("https://w3id.org/thai-smart-city/def/shapes/AreaShape", dict(reversed(nested.items()))) == "tscsh:AreaShape"
