"""The outside links, declared in ontology/links.toml: the identifier schemes the graph links to and the reference
tables that state them. Read once, when first needed, from the ontology of this code's repository (as the IRI policy).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from smartcity_kg.core import datafile, iri

LINKS_FILE = "links.toml"
LINKS_PATH = iri.POLICY_PATH.parent / LINKS_FILE
LINKS_LABEL = "ontology/" + LINKS_FILE
SCHEME_KEYS = {
    "title": "its name",
    "property": "the compact IRI of the property that links to it",
    "prefix": "the context prefix that begins a link, for links that are IRIs",
    "suffix": "what ends a link after the identifier",
    "homepage": "the dataset a VoID linkset points to",
}
TABLE_KEYS = {
    "path": "the CSV file, relative to the repository root",
    "key": "the column of the entity's key",
    "columns": "scheme -> column",
    "parent": "the column of the parent's DOPA code",
    "parent_kind": "the kind of the parent",
}


@dataclass(frozen=True)
class Scheme:
    """An outside identifier scheme and the property that links to it."""

    name: str
    title: str
    prop: str
    """Compact IRI, expanded with the context's prefixes (so it follows --base)."""
    prefix: str = ""
    """Prefix of ontology/context.jsonld whose namespace begins a link that is an IRI; "" for codes (literals)."""
    suffix: str = ""
    """What ends a link after the identifier (`/` for GeoNames)."""
    homepage: str = ""
    """The outside dataset, as a VoID linkset's void:objectsTarget."""


@dataclass(frozen=True)
class Table:
    """A reference table that states links of one kind of entity: which column holds which scheme."""

    kind: str
    path: str
    """Relative to the repository root."""
    key: str
    """The column whose value is the entity's key (province/<key>)."""
    columns: dict[str, str] = field(default_factory=dict)
    """Scheme name -> column."""
    parent: str = ""
    """The column of the parent's DOPA code, for units whose parent is checked."""
    parent_kind: str = ""


@dataclass(frozen=True)
class Links:
    schemes: dict[str, Scheme]
    tables: dict[str, Table]

    def iri_schemes(self) -> dict[str, Scheme]:
        """The schemes whose links are IRIs (to Wikidata, GeoNames, OSM): linksets, and the pages' box of outside links."""
        return {name: scheme for name, scheme in self.schemes.items() if scheme.prefix}


def read_links(path: Path = LINKS_PATH, label: str = LINKS_LABEL) -> Links:
    """The schemes and tables of ontology/links.toml; a wrong entry is a DataError at its line."""
    source = datafile.read(path, label)
    datafile.only_keys(source, (), source.data, {"scheme": "the identifier schemes", "table": "the reference tables"}, ("scheme",))
    schemes: dict[str, Scheme] = {}
    for name, value in datafile.table_of(source, ("scheme",), source.data["scheme"]).items():
        where = ("scheme", name)
        entry = datafile.table_of(source, where, value)
        datafile.only_keys(source, where, entry, SCHEME_KEYS, ("title", "property"))
        text = {key: datafile.string_of(source, (*where, key), item) for key, item in entry.items()}
        if ":" not in text["property"] or "/" in text["property"]:
            raise source.error((*where, "property"), f"the property of the scheme {name} must be a compact IRI (tsc:wikidata)")
        if ("homepage" in text) != ("prefix" in text):
            raise source.error(where, f"the scheme {name} has a homepage or a prefix but not both: a linkset needs both")
        schemes[name] = Scheme(
            name, text["title"], text["property"], text.get("prefix", ""), text.get("suffix", ""), text.get("homepage", "")
        )
    tables: dict[str, Table] = {}
    kinds = iri.kinds()
    for kind, value in datafile.table_of(source, ("table",), source.data.get("table", {})).items():
        where = ("table", kind)
        entry = datafile.table_of(source, where, value)
        datafile.only_keys(source, where, entry, TABLE_KEYS, ("path", "key", "columns"))
        if kind not in kinds:
            raise source.error(where, f"the table of {kind!r}: not a kind of the IRI policy ({iri.POLICY_LABEL})")
        columns = datafile.table_of(source, (*where, "columns"), entry["columns"])
        for scheme, column in columns.items():
            if scheme not in schemes:
                raise source.error((*where, "columns"), f"the table of {kind} names the scheme {scheme!r}, which [scheme] does not declare")
            datafile.string_of(source, (*where, "columns"), column)
        parent_kind = datafile.string_of(source, (*where, "parent_kind"), entry.get("parent_kind", ""))
        if ("parent" in entry) != bool(parent_kind):
            raise source.error(where, f"the table of {kind} has a parent or a parent_kind but not both")
        if parent_kind and parent_kind not in tables:
            raise source.error((*where, "parent_kind"), f"the parent kind {parent_kind!r} of {kind} has no table above this one")
        tables[kind] = Table(
            kind,
            datafile.string_of(source, (*where, "path"), entry["path"]),
            datafile.string_of(source, (*where, "key"), entry["key"]),
            dict(columns),
            datafile.string_of(source, (*where, "parent"), entry.get("parent", "")),
            parent_kind,
        )
    return Links(schemes, tables)


@lru_cache(maxsize=1)
def links() -> Links:
    """The outside links of ontology/links.toml, read once."""
    return read_links()
