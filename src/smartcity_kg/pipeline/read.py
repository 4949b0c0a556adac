"""Load, step 1: a YAML file of seeds/ read strictly, with the source position of every value.

No duplicate keys, no anchors, aliases or tags, no implicit dates or yes/no booleans, UTF-8 only; positions
are found again only for a file with a problem (SeedFile.locate).
"""

from __future__ import annotations

import contextlib
import gc
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from smartcity_kg.core.problems import Problem

JsonPath = tuple[str | int, ...]


Mark = tuple[int, int]  # 1-based line and column


STR_TAG = "tag:yaml.org,2002:str"


# Seeds are entity lists with lists of values: anything nested deeper is a mistake (or an attack).
MAX_DEPTH = 8


TOO_DEEP = (f"nested more than {MAX_DEPTH} levels deep", "entities hold values or lists of values")


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


def relative(root: Path, path: Path) -> str:
    """`path` relative to the repository root, with forward slashes."""
    return path.relative_to(root).as_posix()


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
