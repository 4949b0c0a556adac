"""Where the pipeline reads and writes, and under which base IRI it publishes: the project configuration,
smartcity-kg.toml at the repository root, read into the frozen `Config` every stage takes (flags override it)."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from smartcity_kg.core import datafile
from smartcity_kg.core.iri import DEFAULT_BASE, id_base, iri_error
from smartcity_kg.core.problems import DataError, Problem

PROJECT_FILE = "smartcity-kg.toml"

BASE_HELP = f"base IRI of the data (default: the one graph/void.ttl was built with, else {DEFAULT_BASE})"


def slashed(base: str) -> str:
    """A base IRI ends in / or #: <base>id/... must not glue onto its last segment."""
    return base if base.endswith(("/", "#")) else base + "/"


def built_base(graph: Path) -> str | None:
    """The base IRI graph/ was built with, read from the void:uriSpace of graph/void.ttl (None if there is none)."""
    try:
        text = (graph / "void.ttl").read_text(encoding="utf-8")
    except OSError:
        return None
    match = re.search(r'void:uriSpace\s+"([^"]+)id/"', text)
    return match[1] if match else None


def reading_base(explicit: str | None, graph: Path) -> str:
    """The base of a command that reads graph/ (query, links, publish, serve, site): --base if given, else the one
    graph/ was built with, else the one of the project configuration (smartcity-kg.toml beside graph/); so after
    `build --base X` every command works under X unasked."""
    return slashed(explicit or built_base(graph) or project(graph.parent).base)


# seeds/gazetteer/: the districts and subdistricts, a layer of its own (graph/gazetteer.*) that a build may skip.
GAZETTEER_FOLDER = "gazetteer"


@dataclass(frozen=True)
class Config:
    """Settings of one run; every stage takes this."""

    root: Path
    """Repository root: holds seeds/ and ontology/."""
    base: str = DEFAULT_BASE
    """Base IRI of the dataset; things are minted under <base>id/, terms under <base>def/."""
    out: Path | None = None
    """Output folder of `build`; <root>/graph when not set."""
    max_problems: int = 200
    """Stop listing problems after this many (the count is still reported)."""
    gazetteer: bool = True
    """Load, check and write the gazetteer layer (seeds/gazetteer/); without it, references to districts are not checked."""
    cache: bool = True
    """Keep and use the build cache (<root>/.cache/smartcity-kg/, cache.py)."""
    exports: tuple[str, ...] | None = None
    """The tables of graph/exports/ to write, by name (pipeline/exports.py); None: all of them."""
    checks: tuple[str, ...] | None = None
    """The checks to run besides SHACL, by name (pipeline/checks.py: CHECKS and GRAPH_CHECKS); None: all of them."""

    @property
    def seeds(self) -> Path:
        return self.root / "seeds"

    @property
    def ontology(self) -> Path:
        return self.root / "ontology"

    @property
    def graph(self) -> Path:
        return self.out if self.out is not None else self.root / "graph"


# smartcity-kg.toml: key path -> (field of Config, type). Every key of the file is one of these.
SETTINGS: dict[tuple[str, ...], tuple[str, type]] = {
    ("base",): ("base", str),
    ("max_problems",): ("max_problems", int),
    ("layers", "gazetteer"): ("gazetteer", bool),
    ("build", "cache"): ("cache", bool),
    ("exports", "write"): ("exports", list),
    ("checks", "run"): ("checks", list),
}
TABLES = {"layers": "the layers to build", "build": "the build cache", "exports": "the exports to write", "checks": "the checks to run"}


def read_project(path: Path, root: Path | None = None) -> Config:
    """The Config of a project file (its settings; `root` is the folder it lies in); a wrong key is a DataError at its line."""
    source = datafile.read(path, path.name)
    docs = {field.name: field.type for field in fields(Config)}
    values: dict[str, Any] = {}
    allowed_top = {key[0]: "a setting" for key in SETTINGS if len(key) == 1} | TABLES
    datafile.only_keys(source, (), source.data, allowed_top)
    for table in TABLES:
        if table in source.data:
            entry = datafile.table_of(source, (table,), source.data[table])
            datafile.only_keys(source, (table,), entry, {key[1]: str(docs[SETTINGS[key][0]]) for key in SETTINGS if key[0] == table})
    for key, (name, kind) in SETTINGS.items():
        value: Any = source.data
        for part in key:
            value = value.get(part) if isinstance(value, dict) else None
        if value is None:
            continue
        if kind is list:
            values[name] = datafile.strings_of(source, key, value)
        elif not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise source.error(key, f"{'.'.join(key)} must be {datafile.type_name(kind())}, not {datafile.type_name(value)}")
        else:
            values[name] = value
    if "base" in values:
        values["base"] = slashed(values["base"])
        if reason := iri_error(id_base(values["base"])):
            raise source.error(("base",), f"base {values['base']} is not an absolute IRI: {reason}")
    if values.get("max_problems", 1) < 1:
        raise source.error(("max_problems",), "max_problems must be 1 or more")
    return Config(root or path.parent, **values)


@lru_cache(maxsize=8)
def project(root: Path) -> Config:
    """The configuration of the project at `root`: its smartcity-kg.toml, or the defaults when it has none."""
    path = root / PROJECT_FILE
    return read_project(path) if path.is_file() else Config(root)


def configured(root: Path, **overrides: Any) -> Config:
    """The project's configuration with the settings given on the command line (those not None) instead of its own."""
    return replace(project(root), **{name: value for name, value in overrides.items() if value is not None})


def refuse_unknown(config: Config, known: dict[str, tuple[str, ...]]) -> None:
    """Refuse names of exports or checks that do not exist (`known`: field -> the names there are), at their line."""
    for name, names in known.items():
        chosen = getattr(config, name)
        for item in chosen or ():
            if item not in names:
                path = config.root / PROJECT_FILE
                key = next(key for key, (field, _) in SETTINGS.items() if field == name)
                line = datafile.read(path, PROJECT_FILE).line(*key) if path.is_file() else 0
                problem = Problem(PROJECT_FILE, line, 0, f"{'.'.join(key)} names {item!r}, which is none of {', '.join(names)}")
                raise DataError([problem])
