"""Time `smartcity-kg diff` on two synthetic graphs of about a million quads each.

Prints numbers; asserts nothing (tests/test_diff.py checks the results). Run from the repository root:

    .venv/bin/python benchmarks/diff.py [--entities 100000] [--repeat 3]

OLD has --entities things of 10 quads each, in 7 named graphs; every tenth has a blank-node structure (a
Quantity of 3 quads with a unit of its own). NEW is OLD with 1 % of the things removed, 1 % added, 1 % with a
changed value, 0.5 % renamed with a successor (`dcterms:isReplacedBy`) and every blank node relabelled and
the lines shuffled. Both are written as smartcity.nq into folders and read as `diff` reads folders; the
command is timed as a user runs it (interpreter start included) and in its parts.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from smartcity_kg.core import iri
from smartcity_kg.rdf import diff

ROOT = Path(__file__).resolve().parents[1]
ID = iri.id_base(iri.DEFAULT_BASE)
DEF = iri.def_base(iri.DEFAULT_BASE)
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"


def thing(i: int, name: str, value: int, blank: str) -> list[str]:
    s, g = f"<{ID}thing/{name}>", f"<{ID}source/s{i % 7}>"
    lines = [
        f"{s} {TYPE} <{DEF}Thing{i % 5}> {g} .",
        f'{s} <{RDFS}label> "สิ่งที่ {i}"@th {g} .',
        f'{s} <{RDFS}label> "Thing {i}"@en {g} .',
        f'{s} <{DEF}value> "{value}"^^<http://www.w3.org/2001/XMLSchema#integer> {g} .',
        *(f'{s} <{DEF}p{k}> "{i}-{k}" {g} .' for k in range(6 if i % 10 else 2)),
    ]
    if i % 10 == 0:  # 4 more quads: a Quantity with a unit, both blank nodes
        lines += [
            f"{s} <{DEF}area> _:{blank}q {g} .",
            f'_:{blank}q <{DEF}value> "{i}.5" {g} .',
            f"_:{blank}q <{DEF}unit> _:{blank}u {g} .",
            f'_:{blank}u <{RDFS}label> "km²"@en {g} .',
        ]
    return lines


def versions(entities: int) -> tuple[list[str], list[str]]:
    old: list[str] = []
    new: list[str] = []
    for i in range(entities):
        old += thing(i, str(i), i, f"o{i}")
        if i % 100 == 1:  # removed
            continue
        if i % 100 == 2:  # renamed, with a successor
            new += thing(i, f"{i}-v2", i, f"n{i}")
            new.append(f"<{ID}thing/{i}> <http://purl.org/dc/terms/isReplacedBy> <{ID}thing/{i}-v2> <{ID}source/s{i % 7}> .")
            continue
        new += thing(i, str(i), i + 1 if i % 100 == 3 else i, f"n{i}")
    for i in range(entities, entities + entities // 100):  # added
        new += thing(i, str(i), i, f"n{i}")
    random.Random(17).shuffle(new)
    return old, new


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--entities", type=int, default=100_000)
    options.add_argument("--repeat", type=int, default=3)
    args = options.parse_args()
    old, new = versions(args.entities)
    print(f"OLD {len(old):,} quads, NEW {len(new):,} quads")
    with tempfile.TemporaryDirectory() as temporary:
        folders = Path(temporary) / "old", Path(temporary) / "new"
        for folder, lines in zip(folders, (old, new), strict=True):
            folder.mkdir()
            (folder / diff.DATA_FILE).write_text("\n".join(lines) + "\n", encoding="utf-8")
        start = time.perf_counter()
        a, b = (diff.read_folder(folder) for folder in folders)
        read = time.perf_counter() - start
        start = time.perf_counter()
        result = diff.compare(a, b)
        compared = time.perf_counter() - start
        print(f"read both: {read:.2f} s; compare: {compared:.2f} s; {diff.summary(result)}")
        view = diff.View({})
        for name, render in diff.FORMATS.items():
            start = time.perf_counter()
            render(result, view)
            print(f"  {name}: {time.perf_counter() - start:.2f} s")
        for fmt in diff.FORMATS:
            runs = []
            for _ in range(args.repeat):
                start = time.perf_counter()
                command = [sys.executable, "-m", "smartcity_kg", "diff", *map(str, folders), "--format", fmt, "--root", str(ROOT)]
                subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
                runs.append(time.perf_counter() - start)
            print(f"smartcity-kg diff --format {fmt}: best of {args.repeat} {min(runs):.2f} s")


if __name__ == "__main__":
    main()
