"""Stage 1, load: the YAML files of seeds/ -> documents with the source position of every value.

YAML is read strictly: no duplicate keys, no anchors, aliases or tags, no implicit dates or yes/no
booleans, UTF-8 only. Each document is then checked against the JSON-LD context (ontology/context.jsonld):
every key must be a term of it and every value must have the form the term declares. A key the context
does not know is an error here, because a JSON-LD processor would silently drop it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import gc
import multiprocessing
import os
import re
import unicodedata
import urllib.parse
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from smartcity_kg.core import iri
from smartcity_kg.core.config import GAZETTEER_FOLDER, Config
from smartcity_kg.core.problems import DataError, Problem
from smartcity_kg.core.terms import XSD, Term, Terms
from smartcity_kg.pipeline.cache import Cache

JsonPath = tuple[str | int, ...]
Mark = tuple[int, int]  # 1-based line and column

STR_TAG = "tag:yaml.org,2002:str"
TOP_KEYS = ("named_graph", "entities")
ENTITY_KEYWORDS = ("id", "type")
SOURCE_FOLDER = "sources"  # seeds/sources/ holds the source documents, not curated YAML
# Years at or above this in a Gregorian field are Buddhist-era years (CE 1857 + 543 = 2400).
BUDDHIST_ERA_FROM = 2400
# Seeds are entity lists with lists of values: anything nested deeper is a mistake (or an attack).
MAX_DEPTH = 8
TOO_DEEP = (f"nested more than {MAX_DEPTH} levels deep", "entities hold values or lists of values")


class Wrong(NamedTuple):
    """Why a value does not fit its key, how to fix it, and the rule (docs/errors.md)."""

    message: str
    hint: str
    rule: str = "value-type"


class StrictLoader(yaml.SafeLoader):
    """SafeLoader that resolves only null, true/false, decimal integers and plain floats.

    Dates stay strings (a `date:` is checked by its term, not turned into a Python date) and YAML 1.1's
    yes/no/on/off stay strings.
    """


StrictLoader.yaml_implicit_resolvers = {}
for _tag, _pattern, _first in (
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:bool", r"^(?:true|false)$", ["t", "f"]),
    ("tag:yaml.org,2002:int", r"^[-+]?(?:0|[1-9][0-9]*)$", list("-+0123456789")),
    ("tag:yaml.org,2002:float", r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$", list("-+.0123456789")),
):
    StrictLoader.add_implicit_resolver(_tag, re.compile(_pattern), _first)


@dataclass
class SeedFile:
    """One YAML file: its data, the named graph it fills, and where each value was written."""

    path: str
    """Relative to the repository root, with forward slashes."""
    data: dict[str, Any]
    keys: dict[JsonPath, Mark] = field(default_factory=dict)
    """Position of the key of each mapping member, or of each list item (filled by `locate`, when first needed)."""
    values: dict[JsonPath, Mark] = field(default_factory=dict)
    """Position of each value (filled by `locate`, when first needed)."""
    key: str = ""
    """The file's key in the build cache (cache.py): the digest of its bytes and of the code that read them."""
    source: Path | None = None
    """The file itself, read again for the positions when a problem must be located."""
    located: bool = False
    """Whether `keys` and `values` are filled."""
    nquads: bytes | None = None
    """The file's statements in N-Quads, when they were made with the reading (read_checked)."""

    @property
    def graph(self) -> str:
        return str(self.data["named_graph"])

    def entities(self) -> Iterator[tuple[int, dict[str, Any]]]:
        yield from enumerate(self.data["entities"])

    def mark(self, path: JsonPath, *, value: bool = False) -> Mark:
        if not self.located:
            self.locate()
        table = self.values if value else self.keys
        while path:
            if path in table:
                return table[path]
            path = path[:-1]
        return (1, 1)

    def locate(self) -> None:
        """Read the file again, noting where every key and value is written.

        Positions are only needed to report a problem; a million values' positions would take a gigabyte and
        a third of the reading time, so a valid file is read without them and only a file with a problem twice.
        """
        self.located = True
        if self.source is None:
            return
        events, failure = parse(self.source.read_bytes().decode("utf-8").removeprefix("\ufeff"))
        starts = [position for position, event in enumerate(events) if isinstance(event, yaml.DocumentStartEvent)]
        if failure is None and len(starts) == 1:
            with paused_collector():
                to_python(events, starts[0] + 1, (), self, [], track=True)


@dataclass(frozen=True)
class Occurrence:
    """An entity as written in one file."""

    file: SeedFile
    index: int

    @property
    def data(self) -> dict[str, Any]:
        entity: dict[str, Any] = self.file.data["entities"][self.index]
        return entity

    @property
    def path(self) -> JsonPath:
        return ("entities", self.index)

    @property
    def defines(self) -> bool:
        return "type" in self.data


@dataclass
class Seeds:
    """All curated files, and every entity's occurrences across them."""

    files: list[SeedFile]
    terms: Terms
    occurrences: dict[str, list[Occurrence]] = field(default_factory=dict)
    cache: Cache | None = None
    """The build cache the files were read through (None: no cache)."""

    def __post_init__(self) -> None:
        for seed in self.files:
            for index, entity in seed.entities():
                self.occurrences.setdefault(entity["id"], []).append(Occurrence(seed, index))

    def problem(self, seed: SeedFile, path: JsonPath, message: str, **extra: Any) -> Problem:
        line, column = seed.mark(path, value=extra.pop("at_value", False))
        return Problem(seed.path, line, column, message, **extra)

    def locate(self, entity: str, prop: str | None = None, language: str | None = None) -> tuple[str, int, int]:
        """Where to point for a statement about `entity` (a local id): the key that made it, else the entity."""
        found = self.occurrences.get(entity, [])
        if prop is not None:
            keys = self.terms.keys_for(prop, language)
            for occurrence in found:
                for key in keys:
                    if key in occurrence.data:
                        line, column = occurrence.file.mark((*occurrence.path, key))
                        return occurrence.file.path, line, column
        for occurrence in sorted(found, key=lambda o: not o.defines):
            line, column = occurrence.file.mark(occurrence.path)
            return occurrence.file.path, line, column
        return "seeds", 0, 0


def load(config: Config) -> Seeds:
    """Read and check every curated YAML file; raise DataError listing all problems found.

    Files read before come from the build cache; the others are read in parallel, one process per core,
    when there is enough of them to pay for the processes. Each is also turned into quads there (build.py),
    since that too needs nothing but the file.
    """
    context = iri.load_context(config.ontology, config.base)
    terms = Terms(context, config.base)
    cache = Cache(config)
    problems: list[Problem] = []
    found: dict[Path, SeedFile | None] = {}
    unread: list[tuple[Path, str]] = []
    paths = seed_paths(config, problems)
    for path in paths:
        key = cache.key(path.read_bytes())
        data = cache.file(key)
        if data is None:
            unread.append((path, key))
        else:  # read and checked before, byte for byte the same, by the same code
            found[path] = SeedFile(relative(config.root, path), data, key=key, source=path)
    for (path, key), (seed, its_problems) in zip(unread, read_all(config, terms, unread), strict=True):
        problems += its_problems
        found[path] = seed
        if seed is not None:
            cache.write("files", key, seed.data)
    files = [seed for path in paths if (seed := found[path]) is not None]
    seeds = Seeds(files, terms, cache=cache)
    if not problems:
        check_entities(seeds, problems, unchecked=() if config.gazetteer else iri.GAZETTEER_KINDS)
        check_layers(seeds, problems)
    if problems:
        raise DataError(problems[: config.max_problems], total=len(problems))
    return seeds


# Below this many bytes to read, worker processes cost more than they save.
PARALLEL_FROM = 8_000_000


def read_all(config: Config, terms: Terms, unread: list[tuple[Path, str]]) -> list[tuple[SeedFile | None, list[Problem]]]:
    """read_checked for every (path, cache key), in worker processes (forked: they share `terms`) when it pays."""
    jobs = [(config, terms, path, key) for path, key in unread]
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1  # Linux / elsewhere
    workers = min(cores, len(jobs))
    # Forked workers share `terms` without pickling; where there is no fork (Windows), or in a daemon process,
    # which may not start processes, the files are read here.
    can_fork = "fork" in multiprocessing.get_all_start_methods() and not multiprocessing.current_process().daemon
    if workers < 2 or not can_fork or sum(path.stat().st_size for path, _ in unread) < PARALLEL_FROM:
        return [read_checked(*job) for job in jobs]
    # Largest first, so that no worker is left with a big file at the end.
    order = sorted(range(len(jobs)), key=lambda index: -unread[index][0].stat().st_size)
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
        done = dict(zip(order, pool.map(read_checked_job, [jobs[index] for index in order]), strict=True))
    return [done[index] for index in range(len(jobs))]


def read_checked_job(job: tuple[Config, Terms, Path, str]) -> tuple[SeedFile | None, list[Problem]]:
    return read_checked(*job)


def read_checked(config: Config, terms: Terms, path: Path, key: str) -> tuple[SeedFile | None, list[Problem]]:
    """One file read and checked on its own (read_file, check_document), with its quads (build.file_quads)."""
    from smartcity_kg.pipeline.build import file_quads

    problems: list[Problem] = []
    seed = read_file(config.root, path, problems)
    if seed is None or not check_document(seed, terms, problems):
        return None, problems
    seed.key = key
    seed.nquads = file_quads(seed, config)
    return seed, problems


def relative(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def seed_paths(config: Config, problems: list[Problem]) -> list[Path]:
    """The curated YAML files: *.yaml anywhere under seeds/ except seeds/sources/."""
    if not config.seeds.is_dir():
        problems.append(Problem("seeds", 0, 0, "the seeds/ folder is missing", hint="run from the repository root"))
        return []
    paths = []
    for path in sorted(config.seeds.rglob("*")):
        if not path.is_file() or path.suffix not in (".yaml", ".yml"):
            continue
        rel = relative(config.root, path)
        inside_sources = path.relative_to(config.seeds).parts[0] == SOURCE_FOLDER
        if not config.gazetteer and path.relative_to(config.seeds).parts[0] == GAZETTEER_FOLDER:
            continue
        if inside_sources:
            problems.append(
                Problem(
                    rel,
                    0,
                    0,
                    "curated YAML inside seeds/sources/, the folder of source documents",
                    hint="move it to seeds/ or a subfolder such as seeds/article/; sources/ keeps the documents facts are taken from",
                    rule="file-placement",
                )
            )
        elif path.suffix == ".yml":
            problems.append(Problem(rel, 0, 0, "curated files end in .yaml", hint=f"rename it to {path.stem}.yaml", rule="file-placement"))
        else:
            paths.append(path)
    if not paths and not problems:
        problems.append(Problem("seeds", 0, 0, "no curated YAML files under seeds/", rule="file-placement"))
    return paths


def read_file(root: Path, path: Path, problems: list[Problem], raw: bytes | None = None) -> SeedFile | None:
    rel = relative(root, path)
    raw = path.read_bytes() if raw is None else raw
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        problems.append(
            Problem(
                rel,
                line,
                column,
                f"not UTF-8: byte 0x{raw[error.start]:02x} cannot be decoded",
                hint="save the file as UTF-8 (Thai text in TIS-620 or Windows-874 must be converted)",
                rule="encoding",
            )
        )
        return None
    text = text.removeprefix("\ufeff")
    if not text.strip() or all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()):
        problems.append(
            Problem(rel, 0, 0, "the file is empty", hint="add `named_graph:` and `entities:` or delete the file", rule="empty-file")
        )
        return None
    seed = SeedFile(rel, {}, source=path)
    events, failure = parse(text)
    before = len(problems)
    if any(mark in text for mark in "&*!"):  # an anchor, alias or tag needs one of these; most files have none
        refuse_yaml_features(events, rel, problems)
    if failure is not None:
        mark = getattr(failure, "problem_mark", None) or getattr(failure, "context_mark", None)
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        reason = getattr(failure, "problem", None) or getattr(failure, "context", None) or str(failure)
        problems.append(
            Problem(rel, line, column, f"YAML syntax error: {reason}", hint="check indentation, colons and quotes", rule="yaml-syntax")
        )
        return None
    if len(problems) > before:
        return None
    documents = [position for position, event in enumerate(events) if isinstance(event, yaml.DocumentStartEvent)]
    if len(documents) != 1:
        problems.append(
            Problem(rel, 0, 0, f"expected one YAML document, found {len(documents)}", hint="remove `---` separators", rule="yaml-syntax")
        )
        return None
    with paused_collector():
        value, _ = to_python(events, documents[0] + 1, (), seed, problems, track=False)
    if len(problems) > before:  # read it again with positions, to say where
        del problems[before:]
        seed.located = True
        with paused_collector():
            to_python(events, documents[0] + 1, (), seed, problems, track=True)
        return None
    if not isinstance(value, dict):
        problems.append(Problem(rel, 1, 1, "the file must be a mapping with `named_graph:` and `entities:`", rule="structure"))
        return None
    seed.data = value
    return seed


def parse(text: str) -> tuple[list[yaml.Event], yaml.YAMLError | None]:
    """The YAML events of `text`, and the syntax error that ended them, if any.

    libyaml (PyYAML's C parser) reads the seeds about ten times faster than PyYAML's own parser; when it
    finds an error, or is not installed, PyYAML's parser reads the file again, so that a curator gets the
    messages and positions PyYAML gives. Both are YAML 1.1 parsers and give the same events and marks.
    The cyclic garbage collector is paused meanwhile: events hold no cycles, and a collector walking
    hundreds of thousands of new objects again and again made reading the gazetteer five times slower.
    """
    fast = getattr(yaml, "CSafeLoader", None)
    with paused_collector():
        if fast is not None:
            try:
                return list(yaml.parse(text, Loader=fast)), None
            except yaml.YAMLError:
                pass
        events: list[yaml.Event] = []
        try:
            for event in yaml.parse(text, Loader=StrictLoader):
                events.append(event)
        except yaml.YAMLError as error:
            return events, error
        return events, None


@contextlib.contextmanager
def paused_collector() -> Iterator[None]:
    """Pause the cyclic garbage collector (reference counting still frees everything that holds no cycle)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def refuse_yaml_features(events: list[yaml.Event], rel: str, problems: list[Problem]) -> None:
    """Anchors, aliases and tags are refused: they hide data and can expand without bound."""
    for event in events:
        if not isinstance(event, yaml.NodeEvent):
            continue
        where = start(event)
        if isinstance(event, yaml.AliasEvent):
            problems.append(
                Problem(rel, *where, f"YAML alias *{event.anchor} is not allowed", hint="write the value out in full", rule="yaml-features")
            )
        elif event.anchor is not None:
            problems.append(
                Problem(
                    rel, *where, f"YAML anchor &{event.anchor} is not allowed", hint="write the value out in full", rule="yaml-features"
                )
            )
        if isinstance(event, (yaml.ScalarEvent, yaml.CollectionStartEvent)) and event.tag not in (None, "!"):
            problems.append(
                Problem(
                    rel,
                    *where,
                    f"YAML tag {event.tag} is not allowed",
                    hint="remove the tag; quote the value if it must be text",
                    rule="yaml-features",
                )
            )


def start(event: yaml.Event) -> Mark:
    """Where an event starts, 1-based."""
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)


def scalar_tag(event: yaml.ScalarEvent) -> str:
    """The tag StrictLoader resolves a scalar without an explicit tag to (plain scalars by their form)."""
    if event.implicit[0]:
        for tag, pattern in StrictLoader.yaml_implicit_resolvers.get(event.value[:1], []):
            if pattern.match(event.value):
                return str(tag)
    return STR_TAG


def skip(events: list[yaml.Event], position: int) -> int:
    """The position after the node that starts at `position`."""
    depth = 0
    while True:
        event = events[position]
        position += 1
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
        if depth == 0:
            return position


def to_python(
    events: list[yaml.Event], position: int, path: JsonPath, seed: SeedFile, problems: list[Problem], *, track: bool
) -> tuple[Any, int]:
    """The value of the node that starts at events[position], and the position after it; with `track`, marks go to `seed`.

    Without `track` the problems found carry no position: the caller reads the file again with it.
    """
    event = events[position]
    where = start(event) if track else (0, 0)
    if track:
        seed.values[path] = where
    if len(path) > MAX_DEPTH:
        problems.append(Problem(seed.path, *where, TOO_DEEP[0], hint=TOO_DEEP[1], rule="structure"))
        return None, skip(events, position)
    position += 1
    if isinstance(event, yaml.MappingStartEvent):
        result: dict[str, Any] = {}
        while not isinstance(events[position], yaml.MappingEndEvent):
            key_event = events[position]
            where = start(key_event) if track else (0, 0)
            if not isinstance(key_event, yaml.ScalarEvent) or scalar_tag(key_event) != STR_TAG:
                problems.append(Problem(seed.path, *where, "keys must be plain text", rule="structure"))
                position = skip(events, skip(events, position))
                continue
            key = str(key_event.value)
            if key in result:
                first = seed.keys.get((*path, key), (0, 0))
                problems.append(
                    Problem(
                        seed.path,
                        *where,
                        f"duplicate key '{key}' (first written at line {first[0]})",
                        hint="keep one of them; YAML would silently use the last",
                        rule="duplicate-key",
                    )
                )
                position = skip(events, position + 1)
                continue
            if track:
                seed.keys[(*path, key)] = where
            result[key], position = to_python(events, position + 1, (*path, key), seed, problems, track=track)
        return result, position + 1
    if isinstance(event, yaml.SequenceStartEvent):
        items: list[Any] = []
        while not isinstance(events[position], yaml.SequenceEndEvent):
            if track:
                seed.keys[(*path, len(items))] = start(events[position])
            item, position = to_python(events, position, (*path, len(items)), seed, problems, track=track)
            items.append(item)
        return items, position + 1
    assert isinstance(event, yaml.ScalarEvent), event  # aliases were refused before
    text = str(event.value)
    tag = scalar_tag(event)
    if tag.endswith(":null"):
        return None, position
    if tag.endswith(":bool"):
        return text == "true", position
    if tag.endswith(":int"):
        return int(text), position
    if tag.endswith(":float"):
        return float(text), position
    return text, position


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
    return None


def check_layers(seeds: Seeds, problems: list[Problem]) -> None:
    """A named graph is in one layer: the gazetteer's graphs are written to graph/gazetteer.*, the others to graph/smartcity.*."""
    layers: dict[str, dict[bool, str]] = {}
    for seed in seeds.files:
        gazetteer = seed.path.startswith(f"seeds/{GAZETTEER_FOLDER}/")
        layers.setdefault(seed.graph, {}).setdefault(gazetteer, seed.path)
    for graph, files in layers.items():
        if len(files) > 1:
            problems.append(
                Problem(
                    files[True],
                    1,
                    1,
                    f"named graph {graph} is also filled by {files[False]}, outside seeds/{GAZETTEER_FOLDER}/",
                    hint="a source's statements are either in the gazetteer layer or not: give the file a source of its own",
                    rule="layer",
                )
            )


def check_entities(seeds: Seeds, problems: list[Problem], unchecked: tuple[str, ...] = ()) -> None:
    """Rules across files: one definition per entity, no dangling references, sources match the file's graph.

    References to the kinds in `unchecked` (those of a layer the run skipped) are not checked.
    """
    terms = seeds.terms
    for ident, occurrences in seeds.occurrences.items():
        definitions = [o for o in occurrences if o.defines]
        by_file: dict[str, Occurrence] = {}
        for occurrence in occurrences:
            first = by_file.setdefault(occurrence.file.path, occurrence)
            if first is not occurrence:
                line = first.file.mark(first.path)[0]
                problems.append(
                    seeds.problem(
                        occurrence.file,
                        occurrence.path,
                        f"'{ident}' is listed twice in this file (first at line {line})",
                        hint="merge the two entries",
                        entity=ident,
                        rule="duplicate-id",
                    )
                )
        if len(definitions) > 1:
            first = definitions[0]
            for other in definitions[1:]:
                problems.append(
                    seeds.problem(
                        other.file,
                        (*other.path, "type"),
                        f"'{ident}' is already defined (has a type) in {first.file.path}:{first.file.mark(first.path)[0]}",
                        hint="define an entity once; other files may add statements to it without `type:`",
                        entity=ident,
                        rule="duplicate-id",
                    )
                )
        if not definitions:
            for occurrence in occurrences:
                problems.append(
                    seeds.problem(
                        occurrence.file,
                        (*occurrence.path, "id"),
                        f"'{ident}' is not defined in any file (no entry gives its `type:`)",
                        hint=f"add `type:` here or define {ident} elsewhere; check the id for typos",
                        entity=ident,
                        rule="undefined-id",
                        at_value=True,
                    )
                )
    reference_keys = [key for key, term in terms.properties().items() if term.value == "id"]
    for seed in seeds.files:
        for index, entity in seed.entities():
            ident = entity["id"]
            for key in reference_keys:
                if key not in entity:
                    continue
                values = entity[key] if isinstance(entity[key], list) else [entity[key]]
                for position, value in enumerate(values):
                    path = ("entities", index, key, position) if isinstance(entity[key], list) else ("entities", index, key)
                    local = iri.parse_local_id(value)
                    if local and local[0] not in unchecked and value not in seeds.occurrences:
                        close = suggest(value, [k for k in seeds.occurrences if k.split("/")[0] == value.split("/")[0]])
                        problems.append(
                            seeds.problem(
                                seed,
                                path,
                                f"'{key}' refers to '{value}', which no file defines",
                                hint=close or "define it, or correct the reference",
                                entity=ident,
                                rule="dangling-reference",
                                at_value=True,
                            )
                        )
            cited = entity.get("source")
            if cited is not None:
                cited_list = cited if isinstance(cited, list) else [cited]
                if seed.graph not in cited_list:
                    problems.append(
                        seeds.problem(
                            seed,
                            ("entities", index, "source"),
                            f"the file's statements come from {seed.graph} (its named_graph) but this entity does not cite it",
                            hint=f"add {seed.graph} to `source:`, or move the entity to a file of the source it cites",
                            entity=ident,
                            rule="source-graph",
                        )
                    )
