"""Load, step 2: one document checked against the JSON-LD context (ontology/context.jsonld).

Every key must be a term of it and every value must have the form the term declares. A key the context does
not know is an error here, because a JSON-LD processor would silently drop it.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
import urllib.parse
from typing import Any, NamedTuple

from smartcity_kg.core import iri
from smartcity_kg.core.problems import Problem
from smartcity_kg.core.terms import XSD, Term, Terms
from smartcity_kg.pipeline.read import JsonPath, SeedFile

TOP_KEYS = ("named_graph", "entities")


ENTITY_KEYWORDS = ("id", "type")


# A question a draft asks a person (`smartcity-kg draft`, docs/curation.md): never RDF, refused until it is answered.
QUESTION_KEY = "question"


# Years at or above this in a Gregorian field are Buddhist-era years (CE 1857 + 543 = 2400).
BUDDHIST_ERA_FROM = 2400


class Wrong(NamedTuple):
    """Why a value does not fit its key, how to fix it, and the rule (docs/errors.md)."""

    message: str
    hint: str
    rule: str = "value-type"


def suggest(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.7)
    return f"did you mean '{close[0]}'?" if close else ""


def check_document(seed: SeedFile, terms: Terms, problems: list[Problem]) -> bool:
    """Check the file's shape and each entity's keys and values against the context; False if unusable."""
    before = len(problems)

    def add(path: JsonPath, message: str, hint: str = "", rule: str = "structure", at_value: bool = False, entity: str = "") -> None:
        line, column = seed.mark(path, value=at_value)
        problems.append(Problem(seed.path, line, column, message, hint=hint, rule=rule, entity=entity))

    data = seed.data
    for key in data:
        if key not in TOP_KEYS:
            add(
                (key,),
                f"unknown top-level key '{key}'",
                hint=suggest(key, list(TOP_KEYS)) or "a file has `named_graph:` and `entities:`",
                rule="unknown-key",
            )
    graph = data.get("named_graph")
    if not isinstance(graph, str):
        add(
            ("named_graph",) if "named_graph" in data else (),
            "`named_graph:` must name the source this file's facts come from (source/<key>)",
            hint="add for example `named_graph: source/article-mdes-subcommittee-1-2565`",
            rule="named-graph",
        )
    elif (reason := iri.check_local_id(graph)) or not graph.startswith("source/"):
        add(("named_graph",), f"named_graph: {reason or 'it must be a source id (source/<key>)'}", at_value=True, rule="named-graph")
    entities = data.get("entities")
    if not isinstance(entities, list) or not entities:
        add(("entities",) if "entities" in data else (), "`entities:` must be a non-empty list of entities", rule="structure")
        return len(problems) == before
    for index, entity in enumerate(entities):
        check_entity(seed, ("entities", index), entity, terms, add)
    return len(problems) == before


def check_entity(seed: SeedFile, path: JsonPath, entity: Any, terms: Terms, add: Any) -> None:
    if not isinstance(entity, dict):
        add(path, "each item of `entities:` must be a mapping with an `id:`")
        return
    ident = entity.get("id")
    if not isinstance(ident, str):
        add(path, "the entity has no `id:`", hint="add `id: <kind>/<key>`, for example `id: area/nakhon-rayong`", rule="missing-id")
        ident = ""
    elif reason := iri.check_local_id(ident):
        add((*path, "id"), f"id: {reason}", at_value=True, rule="id-form", entity=ident)
    for key, value in entity.items():
        where = (*path, key)
        if key == QUESTION_KEY:
            for position, question in enumerate(value if isinstance(value, list) else [value]):
                add(
                    (*where, position) if isinstance(value, list) else where,
                    f"open question: {question}",
                    hint="answer it in this entry (add or correct the value it asks for), then delete the question",
                    rule="open-question",
                    at_value=True,
                    entity=ident,
                )
            continue
        term = terms.by_key.get(key)
        if term is None or term.value == "class" or key in TOP_KEYS:
            known = [name for name, other in terms.by_key.items() if other.value != "class" and name not in TOP_KEYS]
            add(
                where,
                f"unknown key '{key}'",
                hint=suggest(key, known) or "see ontology/context.jsonld for the keys there are",
                rule="unknown-key",
                entity=ident,
            )
            continue
        if key == "id":
            continue
        values = value if isinstance(value, list) else [value]
        if isinstance(value, list) and not value:
            add(where, f"'{key}' is an empty list", hint="remove the key or give it values", rule="value-type", entity=ident)
        for position, item in enumerate(values):
            item_path = (*where, position) if isinstance(value, list) else where
            if key == "type":
                if not isinstance(item, str) or item not in terms.classes:
                    add(
                        item_path,
                        f"unknown type {item!r}",
                        hint=suggest(str(item), sorted(terms.classes)) or f"types are: {', '.join(sorted(terms.classes))}",
                        rule="unknown-type",
                        at_value=True,
                        entity=ident,
                    )
                continue
            wrong = check_value(term, item, terms)
            if wrong:
                add(item_path, f"'{key}': {wrong.message}", hint=wrong.hint, rule=wrong.rule, at_value=True, entity=ident)


def check_value(term: Term, value: Any, terms: Terms) -> Wrong | None:
    """Why `value` does not fit `term`, with a hint; None if it fits."""
    if value is None:
        return Wrong("has no value", "give a value or remove the key")
    if isinstance(value, (dict, list)):
        return Wrong(
            "a nested mapping is not allowed here" if isinstance(value, dict) else "a nested list is not allowed here",
            "write the other entity as its own item of `entities:` and refer to it by its id",
        )
    if term.value == "id":
        if not isinstance(value, str):
            return Wrong(
                f"expected a reference (kind/key or an IRI), found {value!r}", "write the id of the entity, for example province/TH-21"
            )
        return check_reference(value, terms, vocab=term.vocab)
    if term.value in ("language", "plain"):
        if not isinstance(value, str):
            return Wrong(f"expected text, found the {type(value).__name__} {value!r}", f"quote it: '{value}'")
        if not value.strip():
            return Wrong("is empty", "give a value or remove the key")
        if not unicodedata.is_normalized("NFC", value):
            return Wrong("text is not in Unicode NFC", "normalise the file to NFC (most editors: 'Normalize Unicode')")
        return None
    return check_typed(term.datatype or "", value)


REFERENCE_HINT = "refer to an entity by its id (kind/key), or give a full http(s) IRI or a known prefix (wd:Q1861)"


def check_reference(value: str, terms: Terms, *, vocab: bool = False) -> Wrong | None:
    """Why `value`, where the context expects an IRI (`@type: @id` or `@vocab`), makes no valid IRI; None if it does.

    The value is expanded as JSON-LD expands it: a term of the context (for @vocab), a compact IRI of one of its
    prefixes, an absolute IRI, or else a reference relative to <base>id/. Relative references must be ids
    (kind/key: their key patterns admit only characters an IRI may hold); everything else must expand to an
    http(s) IRI with a host that pyoxigraph accepts (RFC 3987), because its JSON-LD parser drops a statement
    with an invalid IRI without a word.
    """
    if vocab and value in terms.by_key and terms.by_key[value].value != "keyword":  # a term stands for its IRI
        return None
    scheme = iri.scheme_of(value)
    if scheme is None:
        reason = iri.check_local_id(value)
        if reason is None:
            return None
        if value.startswith("/") or "." in value.partition("/")[0]:  # not meant as an id: an address without its scheme
            return Wrong(
                f"'{value}' is a relative reference: it would be read as <{urllib.parse.urljoin(terms.ids, value)}>",
                "write the absolute IRI, with its scheme (https://...), or refer to an entity by its id (kind/key)",
                "iri",
            )
        return Wrong(reason, REFERENCE_HINT)
    local = value[len(scheme) + 1 :]
    if scheme in terms.prefixes and not local.startswith("//"):
        expanded = terms.expand(value)
    elif not iri.SCHEME.fullmatch(scheme):
        return Wrong(
            f"'{value}' does not begin with an IRI scheme: '{scheme}' is not one (RFC 3987: a letter, then letters, digits, + - .)",
            "write the scheme as http:// or https://, with nothing in between",
            "iri",
        )
    elif scheme.lower() not in iri.WEB_SCHEMES:
        return Wrong(
            f"'{scheme}:' is neither a prefix of the context nor http(s)",
            suggest(scheme, sorted(terms.prefixes))
            or f"use a prefix of ontology/context.jsonld ({', '.join(sorted(terms.prefixes))}) or an http(s) IRI",
            "iri",
        )
    elif not re.match(r"//[^/?#]", local):
        return Wrong(f"'{value}' has no host: an http(s) IRI is {scheme}://host/path", f"write the host after {scheme}://", "iri")
    else:
        expanded = value
    reason = iri.iri_error(expanded)
    if reason is None:
        return None
    shown = f"'{value}'" + (f" (<{expanded}>)" if expanded != value else "")
    found = iri.first_invalid(expanded)
    if found is None:
        return Wrong(f"{shown} is not a valid IRI: {reason}", "check the host and port; RFC 3987 gives the form of an IRI", "iri")
    fixed = iri.percent_encode_invalid(local if expanded != value else value)
    return Wrong(
        f"{shown} is not a valid IRI: {found} is not allowed in an IRI (RFC 3987), and the statement would be lost",
        f"percent-encode it: {scheme + ':' + fixed if expanded != value else fixed}",
        "iri",
    )


def check_typed(datatype: str, value: Any) -> Wrong | None:
    local = datatype.removeprefix(XSD)
    if local == "integer":
        if isinstance(value, bool) or not isinstance(value, int):
            return Wrong(f"expected a whole number, found {value!r}", "write digits only, without quotes")
        return None
    if local == "decimal":
        if isinstance(value, (bool, float)):
            return Wrong(
                f"expected a number, found {value!r}",
                "write whole numbers without quotes; quote decimals ('1.5') so they are kept exactly",
            )
        if isinstance(value, int) or (isinstance(value, str) and re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", value)):
            return None
        return Wrong(f"expected a number, found {value!r}", "write digits, for example 600000000")
    if local == "date":
        if not isinstance(value, str) or not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
            return Wrong(f"expected a date YYYY-MM-DD, found {value!r}", "write a Gregorian date such as 2022-11-09")
        year = int(value[:4])
        if year >= BUDDHIST_ERA_FROM:
            return Wrong(
                f"{value} has a Buddhist-era year ({year})",
                f"dates are Gregorian: subtract 543 from the year ({year} - 543 = {year - 543})",
            )
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            return Wrong(f"{value} is not a calendar date", "check the month and the day")
        return None
    if local == "gYear":
        text = str(value) if isinstance(value, int) and not isinstance(value, bool) else value
        if not isinstance(text, str) or not re.fullmatch(r"[0-9]{4}", text):
            return Wrong(f"expected a year YYYY, found {value!r}", "write a Gregorian year such as 2022")
        if int(text) >= BUDDHIST_ERA_FROM:
            return Wrong(f"{text} is a Buddhist-era year", f"years are Gregorian: subtract 543 ({text} - 543 = {int(text) - 543})")
        return None
    if local == "gYearMonth":
        if not isinstance(value, str) or not re.fullmatch(r"[0-9]{4}-(0[1-9]|1[0-2])", value):
            return Wrong(f"expected a month YYYY-MM, found {value!r}", "write a Gregorian year and month such as 2023-07, quoted")
        if int(value[:4]) >= BUDDHIST_ERA_FROM:
            year = int(value[:4])
            return Wrong(
                f"{value} has a Buddhist-era year ({year})",
                f"dates are Gregorian: subtract 543 from the year ({year} - 543 = {year - 543})",
            )
        return None
    return None
