"""The one prefix map (ontology/context.jsonld) turns IRIs into prefix:local and back; the IRIs of the seeds are
checked as RFC 3987 and pyoxigraph read them."""

from __future__ import annotations

import pytest

from smartcity_kg.core import iri
from smartcity_kg.core.terms import Terms
from smartcity_kg.pipeline.conform import Wrong, check_reference

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


# RFC 3987 section 2.2: the printable ASCII characters no part of an IRI may hold (besides the controls); '[' and
# ']' are allowed only around an IPv6 host, '%' only as %XX.
NEVER = ' "<>\\^`{|}'
IN_PATH_TOO = "[]"
ALLOWED = "-._~:/?#@!$&'()*+,;=" + "ก\u00a0"  # unreserved, the delimiters, and ucschar (Thai, no-break space)


def reference_problem(value: str) -> Wrong | None:
    return check_reference(value, Terms(iri.load_context(ROOT / "ontology")))


@pytest.mark.parametrize("char", list(NEVER + IN_PATH_TOO))
def test_characters_rfc_3987_forbids_are_refused_with_their_percent_encoding(char: str) -> None:
    wrong = reference_problem(f"https://example.org/a{char}b")
    assert wrong is not None
    assert wrong.rule == "iri"
    encoded = "%" + char.encode("utf-8").hex().upper()
    assert wrong.hint == f"percent-encode it: https://example.org/a{encoded}b"


@pytest.mark.parametrize("char", list(ALLOWED))
def test_characters_rfc_3987_allows_are_accepted(char: str) -> None:
    assert reference_problem(f"https://example.org/a{char}b") is None
    assert reference_problem(f"https://example.org/a?q={char}") is None


@pytest.mark.parametrize("code", [f"{code:02X}" for code in range(0x20, 0x7F)] + ["zz", "4", ""])
def test_percent_signs_are_accepted_only_before_two_hexadecimal_digits(code: str) -> None:
    found = reference_problem(f"https://example.org/a%{code}")
    hexadecimal = len(code) == 2 and all(c in "0123456789abcdefABCDEF" for c in code)
    assert (found is None) == hexadecimal, found


@pytest.mark.parametrize("point", [*range(0x20, 0x7F), 0x85, 0xA0, 0x0E01, 0x200B, 0xE000, 0xFFFE, 0x1F600, 0xE0001])
@pytest.mark.parametrize("template", ["https://example.org/a{}b", "https://example.org/a?q={}", "https://example.org/a#f{}", "wd:Q1{}"])
def test_the_loader_refuses_exactly_what_pyoxigraph_refuses_and_its_fix_is_an_iri(point: int, template: str) -> None:
    # pyoxigraph's JSON-LD parser drops what NamedNode refuses: refusing more would reject data, less would lose it.
    prefixes = iri.prefixes(iri.load_context(ROOT / "ontology"))
    value = template.format(chr(point))
    wrong = reference_problem(value)
    assert (wrong is None) == (iri.iri_error(iri.expand(value, prefixes)) is None), wrong
    if wrong is not None:
        fixed = wrong.hint.removeprefix("percent-encode it: ")
        assert iri.iri_error(iri.expand(fixed, prefixes)) is None, wrong


@pytest.mark.parametrize("kind", sorted(iri.kinds()))
def test_every_id_of_a_kind_is_a_valid_iri(kind: str) -> None:
    # Ids are relative references; their key patterns alone decide whether <base>id/<kind>/<key> is an IRI.
    from hypothesis import given, settings
    from hypothesis import strategies as st

    @settings(max_examples=40, deadline=None)
    @given(st.from_regex(iri.kinds()[kind], fullmatch=True))
    def made(key: str) -> None:
        assert iri.check_local_id(f"{kind}/{key}") is None
        assert iri.iri_error(iri.id_base(iri.DEFAULT_BASE) + f"{kind}/{key}") is None

    made()


def test_a_vocab_term_may_name_a_term_of_the_context_and_json_ld_makes_its_triple() -> None:
    import json

    from pyoxigraph import RdfFormat, parse

    context = {"ex": "https://example.org/", "kind": {"@id": "ex:kind", "@type": "@vocab"}, "link": {"@id": "ex:link", "@type": "@id"}}
    context["Town"] = "ex:Town"
    terms = Terms(context)
    assert check_reference("Town", terms, vocab=terms.by_key["kind"].vocab) is None
    assert check_reference("Town", terms, vocab=terms.by_key["link"].vocab) is not None  # @id: not a term, not kind/key
    document = {"@context": [context, {"@base": "https://example.org/id/"}], "@id": "area/x", "kind": "Town"}
    (quad,) = parse(json.dumps(document).encode(), format=RdfFormat.JSON_LD)
    assert quad.object.value == "https://example.org/Town"
