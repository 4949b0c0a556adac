"""What the JSON-LD context says about each YAML key: the property it maps to and the values it takes.

This module interprets ontology/context.jsonld; it holds no knowledge of particular keys.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from smartcity_kg.core import iri

XSD = "http://www.w3.org/2001/XMLSchema#"


@dataclass(frozen=True)
class Term:
    """One term of the context that can be a key of an entity."""

    key: str
    """The YAML key."""
    iri: str
    """The property (or class, for class terms) it expands to."""
    value: str
    """What its values are: "id", "language", "datatype", "plain", "keyword" or "class"."""
    language: str | None = None
    """For language-tagged terms: the language tag."""
    datatype: str | None = None
    """For typed terms: the expanded datatype IRI."""
    keyword: str | None = None
    """For keyword aliases: the keyword (@id, @type, @graph)."""
    vocab: bool = False
    """For references: whether a value may also be a term of the context (`@type: @vocab`)."""
    reverse: bool = False
    """A reverse property (`@reverse`): the statement is `<value> <iri> <entity>`, about the entity the value names."""


class Terms:
    """The terms of a context, looked up by YAML key or by property IRI."""

    def __init__(self, context: dict[str, Any], base: str = iri.DEFAULT_BASE) -> None:
        self.context = context
        self.ids = iri.id_base(base)  # what relative references resolve against: the documents' @base

    def expand(self, value: str) -> str:
        return iri.expand(value, self.prefixes)

    @cached_property
    def prefixes(self) -> dict[str, str]:
        return iri.prefixes(self.context)

    @cached_property
    def by_key(self) -> dict[str, Term]:
        terms: dict[str, Term] = {}
        for key, definition in self.context.items():
            if key.startswith("@") or key in self.prefixes:
                continue
            if isinstance(definition, str):
                if definition.startswith("@"):
                    terms[key] = Term(key, definition, "keyword", keyword=definition)
                else:  # a simple term naming a class
                    terms[key] = Term(key, self.expand(definition), "class")
                continue
            reverse = "@reverse" in definition
            iri = self.expand(definition["@reverse"] if reverse else definition["@id"])
            coercion = definition.get("@type")
            if "@language" in definition:
                terms[key] = Term(key, iri, "language", language=definition["@language"])
            elif coercion in ("@id", "@vocab"):
                terms[key] = Term(key, iri, "id", vocab=coercion == "@vocab", reverse=reverse)
            elif coercion is not None:
                terms[key] = Term(key, iri, "datatype", datatype=self.expand(coercion))
            else:
                terms[key] = Term(key, iri, "plain")
        return terms

    @cached_property
    def classes(self) -> dict[str, str]:
        """Class term -> class IRI."""
        return {key: term.iri for key, term in self.by_key.items() if term.value == "class"}

    @cached_property
    def class_keys(self) -> dict[str, str]:
        """Class IRI -> class term."""
        return {iri: key for key, iri in self.classes.items()}

    def properties(self) -> dict[str, Term]:
        return {key: term for key, term in self.by_key.items() if term.value not in ("class", "keyword")}

    def keys_for(self, iri: str, language: str | None = None) -> list[str]:
        """The YAML keys that map to property `iri` (narrowed to a language where it decides)."""
        keys = [key for key, term in self.properties().items() if term.iri == iri and not term.reverse]
        narrowed = [key for key in keys if self.by_key[key].language == language]
        return narrowed or keys
