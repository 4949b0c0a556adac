"""The IRI patterns of ontology/shapes.ttl, generated from the IRI policy (ontology/iri-policy.toml).

Each node shape that targets a class of the policy carries, on its focus node, the sh:pattern
`^<base>id/<kind>/<key>$` of that class's kinds; each property shape on a property of the policy carries the
same on its values. The rest of shapes.ttl (messages, other constraints) is hand-edited: `regenerate` rewrites
only those pattern lines, in place, so that the file stays one readable document and graph/shapes.ttl its copy.
`smartcity-kg iri-shapes` writes the result; every build refuses shapes whose patterns disagree with the policy
(the check `iri-shapes`, at the line of the shape).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from pathlib import Path

from smartcity_kg.core import iri
from smartcity_kg.core.config import Config
from smartcity_kg.core.problems import Problem

SHAPES_FILE = "shapes.ttl"
# Shapes are written one block per subject, the subject at the start of a line; their own statements are
# indented by four spaces (those of nested blank nodes by more).
SUBJECT = re.compile(r"(tscsh:[A-Za-z0-9]+) a sh:(?:NodeShape|PropertyShape) ;")
TARGET = re.compile(r"    sh:targetClass ([a-z][a-z0-9]*:[A-Za-z0-9]+) ;")
PATH = re.compile(r"    sh:path ([a-z][a-z0-9]*:[A-Za-z0-9]+) ;")
CLOSED = re.compile(r"    sh:closed (?:true|false) ;")
# The base as shapes.ttl writes it inside a Turtle string: the dots escaped for the regular expression, the
# backslash escaped for Turtle.
TURTLE_BASE = iri.id_base(iri.DEFAULT_BASE).replace(".", "\\\\.")
ID_PATTERN = re.compile(r'    sh:pattern "\^' + re.escape(TURTLE_BASE) + r'[^"]*" ([;.])')


def key_pattern(kinds: list[iri.Kind]) -> str:
    """The regular expression of the IRIs of `kinds`, under the default base (which a build with --base rewrites)."""
    names = sorted(kind.name for kind in kinds)
    keys = {kind.key for kind in kinds}
    if len(names) == 1:
        tail = f"{names[0]}/{kinds[0].key}"
    elif len(keys) == 1:
        tail = f"({'|'.join(names)})/{keys.pop()}"
    else:
        by_name = {kind.name: kind.key for kind in kinds}
        tail = "(?:" + "|".join(f"{name}/{by_name[name]}" for name in names) + ")"
    return "^" + iri.id_base(iri.DEFAULT_BASE).replace(".", "\\.") + tail + "$"


def turtle_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


@dataclass(frozen=True)
class Change:
    """A pattern line that the policy decides differently from the file."""

    line: int
    """1-based line in the file as it is (of the pattern, or of the shape where one is missing)."""
    shape: str
    message: str


def regenerate(text: str, kinds: dict[str, iri.Kind]) -> tuple[str, list[Change]]:
    """`text` (shapes.ttl) with the IRI pattern of every shape as the policy states it, and what changed."""
    of_class: dict[str, list[iri.Kind]] = {}
    of_property: dict[str, list[iri.Kind]] = {}
    for kind in kinds.values():
        for cls in kind.classes:
            of_class.setdefault(cls, []).append(kind)
        for prop in kind.properties:
            of_property.setdefault(prop, []).append(kind)
    lines = text.splitlines(keepends=True)
    starts = [number for number, line in enumerate(lines) if SUBJECT.match(line)] + [len(lines)]
    out = lines[: starts[0]]
    changes: list[Change] = []
    shaped: set[tuple[str, str]] = set()
    for start, end in itertools.pairwise(starts):
        block = lines[start:end]
        shape = SUBJECT.match(block[0])[1]  # type: ignore[index]
        wanted: list[iri.Kind] | None = None
        anchor = 0
        for index, line in enumerate(block):
            if match := TARGET.match(line):
                wanted, anchor = of_class.get(match[1]), index
                shaped.add(("class", match[1]))
            elif (match := PATH.match(line)) and "PropertyShape" in block[0]:
                wanted, anchor = of_property.get(match[1]), index
                shaped.add(("property", match[1]))
            elif CLOSED.match(line) and anchor:
                anchor = index
        found = [index for index, line in enumerate(block) if ID_PATTERN.match(line)]
        desired = f"    sh:pattern {turtle_string(key_pattern(wanted))} ;\n" if wanted else None
        if found and desired is None:
            index = found[0]
            changes.append(Change(start + index + 1, shape, f"{shape} has an IRI pattern, but the IRI policy gives its class no kind"))
            del block[index]
        elif found and desired is not None:
            index = found[0]
            ending = ID_PATTERN.match(block[index])[1]  # type: ignore[index]
            line = desired[: -len(";\n")] + ending + "\n"
            if block[index] != line:
                changes.append(Change(start + index + 1, shape, f"the IRI pattern of {shape} is not the policy's, {desired.strip()[:-2]}"))
                block[index] = line
        elif desired is not None:
            changes.append(Change(start + 1, shape, f"{shape} has no IRI pattern; the IRI policy gives it {desired.strip()[:-2]}"))
            block.insert(anchor + 1, desired)
        out += block
    for cls in sorted(of_class):
        if ("class", cls) not in shaped:
            changes.append(Change(0, "", f"no node shape targets {cls}, a class of the IRI policy, so its IRIs are not checked"))
    for prop in sorted(of_property):
        if ("property", prop) not in shaped:
            changes.append(Change(0, "", f"no property shape has the path {prop}, a property of the IRI policy"))
    return "".join(out), changes


def write(ontology: Path) -> list[Change]:
    """Rewrite the IRI patterns of <ontology>/shapes.ttl from the policy; what changed (nothing: the file is left alone)."""
    path = ontology / SHAPES_FILE
    text = path.read_text(encoding="utf-8")
    fresh, changes = regenerate(text, iri.policy())
    if fresh != text:
        path.write_text(fresh, encoding="utf-8")
    return changes


def check_iri_shapes(seeds: object, config: Config) -> list[Problem]:
    """The build's check: the IRI patterns of ontology/shapes.ttl are the ones the IRI policy generates."""
    label = f"ontology/{SHAPES_FILE}"
    _, changes = regenerate((config.ontology / SHAPES_FILE).read_text(encoding="utf-8"), iri.policy())
    return [
        Problem(
            label,
            change.line,
            0,
            change.message,
            hint=f"the patterns are generated from {iri.POLICY_LABEL}: run `smartcity-kg iri-shapes`, or edit the policy",
            entity="",
            rule="iri-shapes",
        )
        for change in changes
    ]
