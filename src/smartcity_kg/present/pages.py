"""The page of a thing, as the server and the static site show it: its properties grouped and ordered,
values with their labels in the reader's language, sources and quotes, links out.

Everything about the data comes from SPARQL through a runner (embedded, remote or local), so the pages
are the same whatever answers the queries. The texts are in messages.py, the names of terms in
vocabulary.py, the queries in asks.py, the home page's counts in statistics.py.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from smartcity_kg.core import iri, outside
from smartcity_kg.present.asks import describe_query, fetch_labels, iri_ref
from smartcity_kg.present.messages import LANGUAGES
from smartcity_kg.present.vocabulary import LABELS, RDF_TYPE, Labels, Vocabulary
from smartcity_kg.rdf.runners import Runner, select

# Properties shown in their own boxes rather than in the table: provenance and outside links.
SOURCE, QUOTE = "dcterms:source", "tsc:sourceQuote"


def outside_links() -> dict[str, str]:
    """The properties of the outside links shown in their own box, with the name of their dataset (ontology/links.toml)."""
    return {scheme.prop: scheme.title for scheme in outside.links().iri_schemes().values()}


THAI_LEADING_VOWELS = "\u0e40\u0e41\u0e42\u0e43\u0e44"
"""เ แ โ ใ ไ: written before the consonant they follow in speech, and sorted by that consonant in Thai dictionaries."""


THAI_TONE_MARKS = dict.fromkeys(range(0x0E48, 0x0E4C))
"""่ ้ ๊ ๋: ignored at the first level of Thai dictionary order."""


def collation_key(text: str) -> tuple[str, str]:
    """A sort key close to Thai dictionary order without ICU (PyICU is not installed here): NFC, each leading
    vowel moved after its consonant, tone marks compared last. Latin text sorts case-insensitively."""
    chars = list(unicodedata.normalize("NFC", text).casefold())
    for i in range(len(chars) - 1):
        if chars[i] in THAI_LEADING_VOWELS:
            chars[i], chars[i + 1] = chars[i + 1], chars[i]
    swapped = "".join(chars)
    return swapped.translate(THAI_TONE_MARKS), swapped


def ordered(values: list[Value], lang: str) -> list[Value]:
    """The one order of values on a page, for serve and site alike: those in the page's language (or none) first,
    then by their text as Thai or English readers sort it, then by IRI."""
    return sorted(values, key=lambda v: (v.lang not in (lang, None), collation_key(v.text), v.iri or "", v.lang or ""))


@dataclass
class Value:
    """One value on a page: a literal, or a link (local page or outside IRI)."""

    text: str
    href: str | None = None
    iri: str | None = None
    lang: str | None = None
    """The language of `text` (a link's too: its label may be in the other language)."""
    datatype: str | None = None
    """A label for the datatype when it tells the reader something (datatype_label), else None."""
    graphs: list[str] = field(default_factory=list)
    notes: list[int] = field(default_factory=list)
    """The numbers of the named graphs (sources) that state it, in Entity.graphs."""
    only: bool = False
    """Shown in another language than the page's because the data has no other: the page says so."""


@dataclass
class Property:
    iri: str
    label: str
    compact: str
    values: list[Value] = field(default_factory=list)
    also: list[str] = field(default_factory=list)
    """Other properties (compact) that state exactly the same values, shown once under this one."""


@dataclass
class Entity:
    """Everything an entity page shows."""

    iri: str
    label: str
    other_labels: list[Value]
    types: list[Value]
    properties: list[Property]
    incoming: list[Property]
    sources: list[Value]
    graphs: list[Value]
    quotes: list[Value]
    external: list[tuple[str, Value]]
    comment: str = ""
    truncated: bool = False
    label_lang: str | None = None
    comment_lang: str | None = None


def row_key(binding: dict[str, Any]) -> str:
    return json.dumps(binding, sort_keys=True, ensure_ascii=False)


class Presenter:
    """Turns IRIs into the server's own paths and builds page models."""

    def __init__(self, base: str, vocabulary: Vocabulary) -> None:
        self.base = base
        self.vocabulary = vocabulary

    def href(self, value: str) -> str | None:
        """The local path of an IRI under the base (entities go straight to their document)."""
        if value.startswith(iri.id_base(self.base)):
            return "/doc/" + value[len(iri.id_base(self.base)) :]
        if value.startswith(self.base):
            return "/" + value[len(self.base) :]
        return None

    def value(self, term: dict[str, str], labels: Labels, lang: str) -> Value:
        if term["type"] == "uri":
            text, text_lang = labels.pick(term["value"], lang)
            return Value(text, self.href(term["value"]) or term["value"], term["value"], lang=text_lang)
        if term["type"] == "bnode":
            return Value("_:" + term["value"])
        return Value(term["value"], lang=term.get("xml:lang"), datatype=self.vocabulary.datatype_label(term.get("datatype"), lang))

    def entity(self, subject: str, rows: list[dict[str, Any]], labels: Labels, lang: str, limit: int) -> Entity:
        expand = self.vocabulary.expand
        label_properties = {expand(p) for p in LABELS}
        special = {expand(p): p for p in (SOURCE, QUOTE, *outside_links())}
        outgoing: dict[tuple[str, str], Value] = {}
        incoming: dict[tuple[str, str], Value] = {}
        graphs: dict[str, Value] = {}
        for binding in sorted(rows, key=row_key):  # whatever order the endpoint sent them in
            target = outgoing if binding["dir"]["value"] == "out" else incoming
            p, v = binding["p"]["value"], binding["v"]
            key = (p, v["type"] + v["value"] + v.get("xml:lang", "") + v.get("datatype", ""))
            item = target.get(key) or target.setdefault(key, self.value(v, labels, lang))
            graph = binding.get("g", {}).get("value")
            if graph and graph not in item.graphs:
                item.graphs.append(graph)
            if graph and graph not in graphs:
                graphs[graph] = self.value(binding["g"], labels, lang)
        sources = ordered(list(graphs.values()), lang)
        number = {value.iri: position for position, value in enumerate(sources, 1)}
        for item in [*outgoing.values(), *incoming.values()]:
            item.notes = sorted(number[g] for g in item.graphs)

        def grouped(items: dict[tuple[str, str], Value], skip: set[str], inverse: bool) -> list[Property]:
            properties: dict[str, Property] = {}
            for (p, _), item in items.items():
                if p in skip:
                    continue
                if p not in properties:
                    name, named = self.vocabulary.inverse_label(p, lang) if inverse else (self.vocabulary.labels.get(p, lang), True)
                    properties[p] = Property(p, name if named else "← " + name, self.vocabulary.compact(p))
                properties[p].values.append(item)
            for prop in properties.values():
                prop.values = ordered(prop.values, lang)
                tagged = [v for v in prop.values if v.lang and v.href is None]
                if tagged and not any(v.lang == lang for v in tagged):
                    for v in tagged:
                        v.only = True
            found = sorted(properties.values(), key=lambda prop: (prop.iri != RDF_TYPE, collation_key(prop.label), prop.iri))
            # The same things under two properties (a district is geo:sfWithin and skos:broader its province): once.
            kept: dict[tuple[str | None, ...], Property] = {}
            for prop in found:
                same = tuple(v.iri for v in prop.values)
                if None not in same and same in kept:
                    kept[same].also.append(prop.compact)
                else:
                    kept[same if None not in same else (prop.iri, None)] = prop
            return list(kept.values())

        def values_of(p: str) -> list[Value]:
            return ordered([item for (prop, _), item in outgoing.items() if prop == p], lang)

        names = [item for (p, _), item in outgoing.items() if p in label_properties]
        title, title_lang = labels.pick(subject, lang) if labels.has(subject) else self.vocabulary.labels.pick(subject, lang)
        comment, comment_lang = self.vocabulary.comments.pick(subject, lang)
        links = outside_links()
        external = [(links[special[p]], item) for (p, _), item in outgoing.items() if special.get(p) in links]
        types = []
        for item in values_of(RDF_TYPE):
            if item.iri is not None:
                text, text_lang = self.vocabulary.labels.pick(item.iri, lang)
                types.append(Value(text, item.href, item.iri, lang=text_lang))
        cited = values_of(expand(SOURCE))
        for source in [*sources, *cited]:
            source.only = source.lang not in (lang, None)
        return Entity(
            iri=subject,
            label=title,
            other_labels=ordered([n for n in names if n.text != title], lang),
            types=ordered(types, lang),
            properties=grouped(outgoing, {RDF_TYPE, *special}, inverse=False),
            incoming=grouped(incoming, set(), inverse=True),
            sources=cited,
            graphs=sources,
            quotes=values_of(expand(QUOTE)),
            external=sorted(external, key=lambda pair: (pair[0], pair[1].iri or "")),
            comment=comment,
            truncated=len(rows) >= limit,
            label_lang=title_lang,
            comment_lang=comment_lang if comment else None,
        )

    async def describe(self, runner: Runner, subject: str, lang: str, limit: int = 5000) -> Entity | None:
        found = await self.statements(runner, subject, limit)
        if found is None:
            return None
        rows, labels = found
        return self.entity(subject, rows, labels, lang, limit)

    async def statements(self, runner: Runner, subject: str, limit: int = 5000) -> tuple[list[dict[str, Any]], Labels] | None:
        """The rows of `describe_query` about `subject` and the labels of everything they name, in every language."""
        rows: list[dict[str, Any]]
        if subject.startswith(iri.def_base(self.base)):
            rows = self.vocabulary.describe(subject)
        else:
            rows = await select(runner, describe_query(subject, limit))
        if not rows:
            return None
        labels = Labels(shortener=self.vocabulary.compact)
        local, terms = self.named(subject, rows)
        await fetch_labels(runner, local, self.vocabulary, labels)
        self.term_labels(terms, labels)
        return rows, labels

    def named(self, subject: str, rows: list[dict[str, Any]]) -> tuple[set[str], set[str]]:
        """The IRIs a page about `subject` names: those whose labels the data gives, and the terms of the vocabulary."""
        wanted = {subject} | {b["v"]["value"] for b in rows if b["v"]["type"] == "uri"} | {b["g"]["value"] for b in rows if "g" in b}
        local = {w for w in wanted if w.startswith(iri.id_base(self.base)) or not w.startswith(self.base)}
        return local, wanted - local

    def term_labels(self, terms: set[str], labels: Labels) -> None:
        for w in terms:
            for lang_ in LANGUAGES:
                if w in self.vocabulary.labels.by_iri:
                    labels.add(w, self.vocabulary.labels.get(w, lang_), lang_)

    async def instances(self, runner: Runner, cls: str, lang: str, limit: int = 1000) -> list[Value]:
        query = f"SELECT DISTINCT ?s WHERE {{ {{ ?s a {iri_ref(cls)} }} UNION {{ GRAPH ?g {{ ?s a {iri_ref(cls)} }} }} }} LIMIT {limit}"
        subjects = [b["s"]["value"] for b in await select(runner, query) if b["s"]["type"] == "uri"]
        labels = Labels(shortener=self.vocabulary.compact)
        await fetch_labels(runner, set(subjects), self.vocabulary, labels)
        found = []
        for s in subjects:
            text, text_lang = labels.pick(s, lang)
            found.append(Value(text, self.href(s) or s, s, lang=text_lang))
        return ordered(found, lang)
