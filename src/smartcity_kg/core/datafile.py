"""The project's declarations in TOML (the IRI policy, the outside links, the project configuration), read with
the line of every key, so that a wrong entry is reported at `file:line` like a problem in the seeds.

tomllib keeps no positions; the lines are found again in the text, which these files keep simple: a table
header (`[kinds]`, `[scheme.wikidata]`) or a `key = value` assignment begins a line, and an entry is a table
of its own or one inline table on one line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from smartcity_kg.core.problems import DataError, Problem

HEADER = re.compile(r"\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")
ASSIGNMENT = re.compile(r"\s*((?:[A-Za-z0-9_-]+|\"[^\"]*\"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|\"[^\"]*\"|'[^']*'))*)\s*=")
KEY_PART = re.compile(r"[A-Za-z0-9_-]+|\"[^\"]*\"|'[^']*'")
TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


def dotted(text: str) -> tuple[str, ...]:
    """`scheme."iso3166-2"` -> ("scheme", "iso3166-2")."""
    return tuple(part.strip("\"'") for part in KEY_PART.findall(text))


@dataclass(frozen=True)
class DataFile:
    """A TOML file as read: its data and where each key is defined."""

    path: Path
    label: str
    """How problems name the file (relative to the repository root: `ontology/iri-policy.toml`)."""
    data: dict[str, Any]
    lines: dict[tuple[str, ...], int]
    """Key path -> line of its table header or assignment."""

    def line(self, *keys: str) -> int:
        """The line of the longest prefix of `keys` that the file defines (an inline table's fields are on its line)."""
        for end in range(len(keys), 0, -1):
            if keys[:end] in self.lines:
                return self.lines[keys[:end]]
        return 0

    def problem(self, keys: tuple[str, ...], message: str, hint: str = "") -> Problem:
        return Problem(self.label, self.line(*keys), 0, message, hint=hint, rule="declaration")

    def error(self, keys: tuple[str, ...], message: str, hint: str = "") -> DataError:
        return DataError([self.problem(keys, message, hint)])


def key_lines(text: str) -> dict[tuple[str, ...], int]:
    """Key path -> line, for table headers and for assignments (relative to the table they are in)."""
    found: dict[tuple[str, ...], int] = {}
    table: tuple[str, ...] = ()
    for number, line in enumerate(text.splitlines(), start=1):
        if line.lstrip().startswith("#"):
            continue
        if header := HEADER.match(line):
            table = dotted(header[1])
            found.setdefault(table, number)
        elif assignment := ASSIGNMENT.match(line):
            found.setdefault(table + dotted(assignment[1]), number)
    return found


def read(path: Path, label: str) -> DataFile:
    """Read a TOML declaration; a syntax error is a DataError at its line."""
    import tomllib  # here, not at import: `--help` reads no declaration

    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise DataError([Problem(label, 0, 0, f"cannot read {label}: {error.strerror}", rule="declaration")]) from error
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        position = TOML_POSITION.search(str(error))
        line, column = (int(position[1]), int(position[2])) if position else (0, 0)
        message = TOML_POSITION.sub("", str(error)).strip()
        raise DataError([Problem(label, line, column, f"not valid TOML: {message}", rule="declaration")]) from error
    return DataFile(path, label, data, key_lines(text))


def table_of(source: DataFile, keys: tuple[str, ...], value: Any) -> dict[str, Any]:
    """`value` (the value at `keys`) as a table, or a DataError saying it is none."""
    if not isinstance(value, dict):
        raise source.error(keys, f"{'.'.join(keys)} must be a table, not {type_name(value)}")
    return value


def string_of(source: DataFile, keys: tuple[str, ...], value: Any) -> str:
    if not isinstance(value, str):
        raise source.error(keys, f"{'.'.join(keys)} must be a string, not {type_name(value)}")
    return value


def strings_of(source: DataFile, keys: tuple[str, ...], value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise source.error(keys, f"{'.'.join(keys)} must be a list of strings, not {type_name(value)}")
    return tuple(value)


def only_keys(
    source: DataFile, keys: tuple[str, ...], table: dict[str, Any], allowed: dict[str, str], required: tuple[str, ...] = ()
) -> None:
    """Refuse a key of `table` that is not in `allowed` (key -> what it is, for the hint), and a missing required one."""
    for key in table:
        if key not in allowed:
            known = "; ".join(f"{name}: {what}" for name, what in allowed.items())
            raise source.error((*keys, key), f"unknown key {'.'.join((*keys, key))}", hint=f"the keys of {'.'.join(keys)} are {known}")
    for key in required:
        if key not in table:
            raise source.error(keys, f"{'.'.join(keys)} has no {key} ({allowed[key]})")


def type_name(value: Any) -> str:
    names = {str: "a string", bool: "a boolean", int: "an integer", float: "a number", list: "a list", dict: "a table"}
    return names.get(type(value), type(value).__name__)
