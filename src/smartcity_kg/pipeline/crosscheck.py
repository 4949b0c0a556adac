"""The gazetteer checked against a second source: every district and subdistrict of TCAN against GeoThai.

The first source (TCAN v1.0.0, the tables of ontology/links.toml) is what tools/import_reference.py writes to
seeds/gazetteer/; the second (GeoThai 3.2.1, seeds/sources/geothai-3.2.1/) is compared with it, code by code:
the code itself, the parent, the Thai and the English name. Every disagreement is either covered by a declared
rule (a difference in letter case, spaces and hyphens only; the unit-type word GeoThai writes before the Thai
name of a Bangkok district) or by an entry of the curators' decision file, seeds/gazetteer/corrections.yaml,
which says which value is kept, from which source, which other names stay as skos:altLabel, of which kind the
difference is and why. Anything else is an unexplained disagreement, an error at the place it concerns: the
unit's name, parent or code in seeds/gazetteer/, or the row of the second source's table.

The decisions are data the import reads too (`decisions`): it leaves a replaced value out of the TCAN file and
writes the kept value, and the names of the second source kept as alternatives, to seeds/gazetteer/geothai.yaml,
in the named graph of that source. This module then checks that the graph says what the decisions say, each
name in the named graph of the source it is taken from.

Two more checks of the layer: two units of one parent with the same name (`check_same_names`; real cases are
declared in the decision file, `same_names`), and Thai names whose vowel and tone marks cannot form a Thai
word (`check_thai_word_forms`, warnings for a curator to review).
"""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from smartcity_kg.core import iri, outside
from smartcity_kg.core.config import GAZETTEER_FOLDER
from smartcity_kg.core.problems import Problem
from smartcity_kg.pipeline.read import JsonPath, SeedFile, read_file

if TYPE_CHECKING:
    from pyoxigraph import Store

    from smartcity_kg.core.config import Config
    from smartcity_kg.pipeline.integrity import Seeds

FIRST = "source/tcan-adm2-adm3-v1.0.0"
"""The source the import writes seeds/gazetteer/ from (its tables are those of ontology/links.toml)."""
SECOND = "source/geothai-3.2.1"
SECOND_FOLDER = "seeds/sources/geothai-3.2.1"
SECOND_TABLES = {"district": "districts.json", "subdistrict": "subdistricts.json"}
"""Rows [code, Thai name, English name, ...]; a unit's parent is its code without the last two digits."""
DECISIONS = f"seeds/{GAZETTEER_FOLDER}/corrections.yaml"
"""The curators' decisions on the disagreements: not an RDF document, so the loader leaves it to this module."""
SECOND_SEEDS = f"seeds/{GAZETTEER_FOLDER}/geothai.yaml"
"""What the import writes from the decisions: the names taken from the second source, in its named graph."""

KINDS = ("district", "subdistrict")
FIELDS = {"name_th": "th", "name_en": "en"}
"""The compared names: YAML key -> language (rdfs:label, and skos:altLabel for alternatives)."""
ASPECTS = ("code", "parent", "name_th", "name_en")
"""What can disagree, in the order the report lists them."""

# The kinds of difference a decision may name, with what each means (the report and the docs list them).
DIFFERENCES = {
    "wrong-name": "the first source gives another unit's name, or a name that does not render the Thai",
    "misspelling": "a letter error no romanisation system gives (or, in Thai, a missing or stray letter)",
    "incomplete-name": "the first source leaves out part of the name",
    "romanisation-variant": "two romanisations of the same Thai name, each in use",
    "alternate-name": "one source adds another name in parentheses",
}

LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
ALT_LABEL = "http://www.w3.org/2004/02/skos/core#altLabel"
WITHIN = "http://www.opengis.net/ont/geosparql#sfWithin"
TSC_CLASS = {"district": "District", "subdistrict": "Subdistrict"}


def _case_spaces_hyphens(first: str, second: str, kind: str) -> bool:
    squeeze = re.compile(r"[\s\-]+")
    return squeeze.sub("", first).casefold() == squeeze.sub("", second).casefold()


def _unit_type_word(first: str, second: str, kind: str) -> bool:
    return kind == "district" and second in ("เขต" + first, "อำเภอ" + first)


# Declared rules that make two values agree although they differ; corrections.yaml says which apply, and why.
RULES: dict[str, Callable[[str, str, str], bool]] = {
    "case-spaces-hyphens": _case_spaces_hyphens,
    "unit-type-word": _unit_type_word,
}


@dataclass(frozen=True)
class Unit:
    """A district or subdistrict as one source gives it."""

    kind: str
    code: str
    parent: str
    """The parent's DOPA code (a province's for a district)."""
    name_th: str
    name_en: str
    file: str
    line: int
    column: int = 0

    @property
    def entity(self) -> str:
        return f"{self.kind}/{self.code}"


@dataclass(frozen=True)
class Decision:
    """One entry of corrections.yaml: which of two disagreeing values is kept, and which names stay as alternatives."""

    code: str
    kind: str
    """district or subdistrict (from the length of the code)."""
    field: str
    imported: str
    """The first source's value, as the import reads it."""
    second: str
    """The second source's value."""
    kept: str
    source: str
    """The source of the kept value."""
    alt: tuple[str, ...]
    difference: str
    reason: str
    line: int
    """Its line in corrections.yaml."""

    @property
    def entity(self) -> str:
        return f"{self.kind}/{self.code}"

    @property
    def corrected(self) -> bool:
        """Whether the kept value replaces the first source's."""
        return self.source != FIRST

    def alt_source(self, value: str) -> str:
        """The source that gives an alternative name: the one whose value holds it (the second when both do)."""
        return SECOND if value in parts(self.second) else FIRST


@dataclass(frozen=True)
class SameName:
    """A declared real case of units of one parent that share a name."""

    parent: str
    """Local id of the parent (province/TH-14)."""
    language: str
    name: str
    units: tuple[str, ...]
    reason: str
    line: int


@dataclass
class Decisions:
    """corrections.yaml, read and checked."""

    rules: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Rule -> the fields it applies to."""
    entries: dict[tuple[str, str], Decision] = field(default_factory=dict)
    """(code, field) -> decision."""
    same_names: list[SameName] = field(default_factory=list)
    file: SeedFile | None = None

    def statements(self, kind: str) -> dict[str, dict[str, dict[str, Any]]]:
        """Per source, per code, the keys the import writes from the decisions: kept names, and alternatives."""
        found: dict[str, dict[str, dict[str, Any]]] = defaultdict(lambda: defaultdict(dict))
        for decision in sorted(self.entries.values(), key=lambda d: (d.code, d.field)):
            if decision.kind != kind:
                continue
            if decision.corrected:
                found[decision.source][decision.code][decision.field] = decision.kept
            for value in decision.alt:
                alt_key = "alt_name_" + FIELDS[decision.field]
                found[decision.alt_source(value)][decision.code].setdefault(alt_key, []).append(value)
        return found


def parts(value: str) -> tuple[str, ...]:
    """A name and the alternate it gives in parentheses: `ปอภาร (ปอพาน)` -> (`ปอภาร (ปอพาน)`, `ปอภาร`, `ปอพาน`)."""
    found = re.fullmatch(r"(.+?)\s*\((.+)\)", value)
    return (value, found.group(1).strip(), found.group(2).strip()) if found else (value,)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text.strip())


def read_first(root: Path) -> dict[str, dict[str, Unit]]:
    """The first source's units by kind and code, from the tables of ontology/links.toml (name_th, name_en columns)."""
    found: dict[str, dict[str, Unit]] = {}
    for kind in KINDS:
        table = outside.links().tables[kind]
        units: dict[str, Unit] = {}
        with (root / table.path).open(encoding="utf-8", newline="") as handle:
            for line, row in enumerate(csv.DictReader(handle), start=2):
                code = row[table.key]
                units[code] = Unit(kind, code, row[table.parent], nfc(row["name_th"]), nfc(row["name_en"]), table.path, line)
        found[kind] = units
    return found


def read_second(root: Path) -> dict[str, dict[str, Unit]]:
    """The second source's units by kind and code, each with the line and column of its row in the JSON file."""
    found: dict[str, dict[str, Unit]] = {}
    for kind, name in SECOND_TABLES.items():
        path = f"{SECOND_FOLDER}/{name}"
        text = (root / path).read_text(encoding="utf-8")
        units: dict[str, Unit] = {}
        position = 0
        for row in json.loads(text):
            code, name_th, name_en = (str(cell) for cell in row[:3])
            position = text.find(json.dumps(code), position)
            line = text.count("\n", 0, position) + 1
            column = position - (text.rfind("\n", 0, position) + 1) + 1
            units[code] = Unit(kind, code, code[:-2], nfc(name_th), nfc(name_en), path, line, column)
        found[kind] = units
    return found


# --- the decision file ---------------------------------------------------------------------------------------------

ENTRY_KEYS = {
    "code": "the unit's DOPA code, quoted",
    "field": "name_th or name_en",
    "imported": "the first source's value",
    "second": "the second source's value",
    "kept": "the value the graph states as the name",
    "source": "the source of the kept value",
    "alt": "names kept as skos:altLabel (a list; may be empty)",
    "kind": "the kind of difference",
    "reason": "why, in a sentence",
}
RULE_KEYS = {"rule": "a rule's name", "fields": "the fields it applies to", "reason": "why"}
SAME_KEYS = {"parent": "local id", "language": "th or en", "name": "the shared name", "units": "local ids", "reason": "why"}
TOP_KEYS = ("rules", "same_names", "corrections")


class _Reader:
    """Checks the shape of corrections.yaml, noting each problem at its line."""

    def __init__(self, seed: SeedFile, problems: list[Problem]) -> None:
        self.seed = seed
        self.problems = problems

    def problem(self, path: JsonPath, message: str, hint: str = "", value: bool = False) -> None:
        line, column = self.seed.mark(path, value=value)
        self.problems.append(Problem(self.seed.path, line, column, message, hint=hint, rule="gazetteer-decisions"))

    def items(self, key: str, keys: dict[str, str]) -> Iterable[tuple[int, dict[str, Any]]]:
        """The well-formed mappings of list `key`; the others are reported."""
        values = self.seed.data.get(key, [])
        if not isinstance(values, list):
            self.problem((key,), f"`{key}` must be a list")
            return
        for index, item in enumerate(values):
            path: JsonPath = (key, index)
            if not isinstance(item, dict):
                self.problem(path, f"an entry of `{key}` must be a mapping")
                continue
            unknown = sorted(set(item) - set(keys))
            missing = [name for name in keys if name not in item and name != "alt"]
            for name in unknown:
                self.problem((*path, name), f"unknown key `{name}`", hint="the keys are " + ", ".join(keys))
            for name in missing:
                self.problem(path, f"the entry has no `{name}` ({keys[name]})")
            wrong = [name for name, value in item.items() if name in keys and not _well_typed(name, value)]
            for name in wrong:
                self.problem((*path, name), f"`{name}` must be " + ("a list of texts" if name in LIST_KEYS else "a text"), value=True)
            if not unknown and not missing and not wrong:
                yield index, item


LIST_KEYS = ("alt", "fields", "units")


def _well_typed(name: str, value: Any) -> bool:
    if name in LIST_KEYS:
        return isinstance(value, list) and all(isinstance(item, str) and item.strip() for item in value)
    return isinstance(value, str) and bool(value.strip())


def read_decisions(root: Path, first: dict[str, dict[str, Unit]], second: dict[str, dict[str, Unit]]) -> tuple[Decisions, list[Problem]]:
    """corrections.yaml, each entry checked against the two tables; problems at the entry's line."""
    problems: list[Problem] = []
    seed = read_file(root, root / DECISIONS, problems)
    decisions = Decisions(file=seed)
    if seed is None:
        return decisions, problems
    reader = _Reader(seed, problems)
    for key in sorted(set(seed.data) - set(TOP_KEYS)):
        reader.problem((key,), f"unknown key `{key}`", hint="the file has " + ", ".join(TOP_KEYS))
    for index, item in reader.items("rules", RULE_KEYS):
        if item["rule"] not in RULES:
            reader.problem(
                ("rules", index, "rule"), f"no rule is named {item['rule']}", hint="the rules are " + ", ".join(RULES), value=True
            )
        elif bad := [name for name in item["fields"] if name not in FIELDS]:
            reader.problem(("rules", index, "fields"), f"no field is named {', '.join(bad)}", hint="name_th or name_en", value=True)
        else:
            decisions.rules[item["rule"]] = tuple(item["fields"])
    for index, item in reader.items("corrections", ENTRY_KEYS):
        decision = _decision(reader, index, item, first, second, decisions)
        if decision is not None:
            decisions.entries[(decision.code, decision.field)] = decision
    for index, item in reader.items("same_names", SAME_KEYS):
        line = seed.mark(("same_names", index))[0]
        case = SameName(item["parent"], item["language"], nfc(item["name"]), tuple(sorted(item["units"])), item["reason"], line)
        if case.language not in FIELDS.values() or len(case.units) < 2:
            reader.problem(("same_names", index), "a shared name needs a language (th or en) and two units or more")
        else:
            decisions.same_names.append(case)
    return decisions, problems


def _decision(
    reader: _Reader,
    index: int,
    item: dict[str, Any],
    first: dict[str, dict[str, Unit]],
    second: dict[str, dict[str, Unit]],
    decisions: Decisions,
) -> Decision | None:
    path: JsonPath = ("corrections", index)
    code, name = item["code"], item["field"]
    kind = "district" if len(code) == 4 else "subdistrict"
    if name not in FIELDS:
        reader.problem((*path, "field"), f"no field is named {name}", hint="name_th or name_en", value=True)
        return None
    if code not in first[kind] or code not in second[kind]:
        reader.problem((*path, "code"), f"{code} is not a {kind} of both sources", hint="give the DOPA code, quoted", value=True)
        return None
    if (code, name) in decisions.entries:
        reader.problem(path, f"{kind}/{code} {name} is decided twice (first at line {decisions.entries[(code, name)].line})")
        return None
    decision = Decision(
        code,
        kind,
        name,
        nfc(item["imported"]),
        nfc(item["second"]),
        nfc(item["kept"]),
        item["source"],
        tuple(nfc(value) for value in item.get("alt", [])),
        item["kind"],
        " ".join(item["reason"].split()),
        reader.seed.mark(path)[0],
    )
    have_first, have_second = getattr(first[kind][code], name), getattr(second[kind][code], name)
    failed = len(reader.problems)
    if decision.imported != have_first:
        reader.problem((*path, "imported"), f"the first source gives {have_first!r}, not {decision.imported!r}", value=True)
    if decision.second != have_second:
        reader.problem((*path, "second"), f"the second source gives {have_second!r}, not {decision.second!r}", value=True)
    if decision.difference not in DIFFERENCES:
        reader.problem((*path, "kind"), f"no kind of difference is named {decision.difference}", hint=", ".join(DIFFERENCES), value=True)
    if decision.source not in (FIRST, SECOND):
        reader.problem((*path, "source"), f"{decision.source} is neither {FIRST} nor {SECOND}", value=True)
    elif decision.kept != (have_first if decision.source == FIRST else have_second):
        reader.problem((*path, "kept"), f"{decision.kept!r} is not the value {decision.source} gives", value=True)
    offered = parts(decision.imported) + parts(decision.second)
    for position, value in enumerate(decision.alt):
        if value not in offered or value == decision.kept:
            reader.problem((*path, "alt", position), f"{value!r} is neither source's other name", value=True)
    if len(reader.problems) == failed and (have_first == have_second or _ruled(decisions, name, have_first, have_second, kind)):
        reader.problem(path, f"{kind}/{code}: the sources agree on {name}; there is nothing to decide", hint="remove the entry")
    return decision if len(reader.problems) == failed else None


def _ruled(decisions: Decisions, name: str, first: str, second: str, kind: str) -> str:
    """The declared rule under which the two values agree, or ""."""
    return next((rule for rule, fields in decisions.rules.items() if name in fields and RULES[rule](first, second, kind)), "")


# --- the comparison ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """A disagreement nobody explained, or a graph not in step with the decisions."""

    aspect: str
    """code, parent, name_th, name_en, or graph."""
    entity: str
    message: str
    prop: str = ""
    language: str | None = None
    file: str = ""
    """When set, where to point instead of the entity's YAML (a row of a table, an entry of corrections.yaml)."""
    line: int = 0
    column: int = 0


@dataclass
class CrossCheck:
    """What the comparison found: counts per kind of unit, aspect and outcome, and the findings."""

    counts: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    """(kind, aspect, outcome) -> units; outcome: agreed, rule:<name>, corrected, recorded, unexplained."""
    differences: Counter[str] = field(default_factory=Counter)
    """Kind of difference (of the decisions) -> entries."""
    alt_labels: int = 0
    findings: list[Finding] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    """Problems of corrections.yaml itself."""

    def total(self, outcome: str) -> int:
        return sum(n for (_, _, found), n in self.counts.items() if found == outcome or found.startswith(outcome + ":"))

    def as_json(self) -> dict[str, Any]:
        table: dict[str, dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
        for (kind, aspect, outcome), n in sorted(self.counts.items()):
            table[kind][aspect][outcome] = n
        return {
            "units": {kind: {aspect: dict(outcomes) for aspect, outcomes in aspects.items()} for kind, aspects in table.items()},
            "agreed": self.total("agreed"),
            "agreed_under_a_rule": self.total("rule"),
            "corrected": self.total("corrected"),
            "recorded_differences": self.total("recorded"),
            "unexplained": self.total("unexplained"),
            "kinds_of_difference": dict(sorted(self.differences.items())),
            "alternative_labels": self.alt_labels,
            "findings": [{"entity": f.entity, "aspect": f.aspect, "message": f.message} for f in self.findings],
            "decision_problems": [p.render() for p in self.problems],
        }


def compare(root: Path) -> tuple[CrossCheck, Decisions, dict[str, dict[str, Unit]]]:
    """Both sources, unit by unit, against the decisions; also returns the decisions and the first source's units."""
    first, second = read_first(root), read_second(root)
    decisions, problems = read_decisions(root, first, second)
    found = CrossCheck(problems=problems)
    for kind in KINDS:
        ours, theirs = first[kind], second[kind]
        for code in sorted(set(ours) | set(theirs)):
            mine, other = ours.get(code), theirs.get(code)
            if mine is None or other is None:
                missing = "second" if other is None else "first"
                unit = mine or other
                assert unit is not None
                found.counts[(kind, "code", "unexplained")] += 1
                message = f"{kind} {code} ({unit.name_th}, {unit.file} line {unit.line}) is not in the {missing} source"
                if mine is not None:  # at the unit's entry in seeds/gazetteer/
                    found.findings.append(Finding("code", unit.entity, message))
                else:  # at the row of the second source's table: the first has no entry for it
                    found.findings.append(Finding("code", unit.entity, message, file=unit.file, line=unit.line, column=unit.column))
                continue
            found.counts[(kind, "code", "agreed")] += 1
            if mine.parent == other.parent:
                found.counts[(kind, "parent", "agreed")] += 1
            else:
                found.counts[(kind, "parent", "unexplained")] += 1
                message = (
                    f"{mine.entity}: the parent is {mine.parent} in {mine.file} (line {mine.line}) but {other.parent}"
                    f" in {other.file} (line {other.line})"
                )
                found.findings.append(Finding("parent", mine.entity, message, WITHIN))
            for name, language in FIELDS.items():
                a, b = getattr(mine, name), getattr(other, name)
                decision = decisions.entries.get((code, name))
                rule = _ruled(decisions, name, a, b, kind) if a != b else ""
                if a == b:
                    outcome = "agreed"
                elif rule:
                    outcome = "rule:" + rule
                elif decision is not None:
                    outcome = "corrected" if decision.corrected else "recorded"
                    found.differences[decision.difference] += 1
                    found.alt_labels += len(decision.alt)
                else:
                    outcome = "unexplained"
                    message = f"{mine.entity}: {name} is {a!r} in {mine.file} (line {mine.line})"
                    message += f" but {b!r} in {other.file} (line {other.line})"
                    found.findings.append(Finding(name, mine.entity, message, LABEL, language))
                found.counts[(kind, name, outcome)] += 1
    return found, decisions, first


def expected_names(decisions: Decisions, first: dict[str, dict[str, Unit]]) -> dict[str, set[tuple[str, str, str, str]]]:
    """Entity -> the names the graph must state: (property, language, value, source), as the decisions have them."""
    expected: dict[str, set[tuple[str, str, str, str]]] = {}
    for kind in KINDS:
        for code, unit in first[kind].items():
            names = set()
            for name, language in FIELDS.items():
                decision = decisions.entries.get((code, name))
                if decision is None:
                    names.add((LABEL, language, getattr(unit, name), FIRST))
                    continue
                names.add((LABEL, language, decision.kept, decision.source))
                names |= {(ALT_LABEL, language, value, decision.alt_source(value)) for value in decision.alt}
            expected[unit.entity] = names
    return expected


def stated_names(store: Store, base: str) -> dict[str, set[tuple[str, str, str, str]]]:
    """Entity -> the rdfs:label and skos:altLabel of districts and subdistricts in the store, with their named graphs."""
    from pyoxigraph import Literal, NamedNode

    ids = iri.id_base(base)
    prefixes = tuple(ids + kind + "/" for kind in KINDS)
    found: dict[str, set[tuple[str, str, str, str]]] = defaultdict(set)
    for prop in (LABEL, ALT_LABEL):
        for quad in store.quads_for_pattern(None, NamedNode(prop), None, None):
            subject, value, graph = quad.subject, quad.object, quad.graph_name
            if isinstance(subject, NamedNode) and subject.value.startswith(prefixes) and isinstance(value, Literal):
                source = graph.value.removeprefix(ids) if isinstance(graph, NamedNode) else ""
                found[subject.value.removeprefix(ids)].add((prop, value.language or "", value.value, source))
    return found


def check(store: Store, base: str, root: Path) -> CrossCheck:
    """The comparison of the sources, and the graph's names against the decisions."""
    found, decisions, first = compare(root)
    if found.problems:
        return found
    stated = stated_names(store, base)
    for entity, names in sorted(expected_names(decisions, first).items()):
        have = stated.get(entity, set())
        for prop, language, value, source in sorted(names - have):
            what = "name" if prop == LABEL else "alternative name"
            message = f"{entity}: the graph lacks the {what} {value!r}@{language} in the graph of {source}"
            found.findings.append(Finding("graph", entity, message, prop, language))
        for prop, language, value, source in sorted(have - names):
            if language in FIELDS.values():
                what = "name" if prop == LABEL else "alternative name"
                message = f"{entity}: the graph states the {what} {value!r}@{language} in {source}, which the decisions do not keep"
                found.findings.append(Finding("graph", entity, message, prop, language))
    return found


def render(found: CrossCheck) -> list[str]:
    """The cross-check's part of the `links` report: counts per kind of unit, aspect and outcome."""
    outcomes = ["agreed", *sorted({o for (_, _, o) in found.counts if o.startswith("rule:")}), "corrected", "recorded", "unexplained"]
    header = ["unit", "compared", *outcomes]
    rows = []
    for kind in KINDS:
        for aspect in ASPECTS:
            row = [kind, aspect, *(str(found.counts[(kind, aspect, outcome)]) for outcome in outcomes)]
            rows.append(row)
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    out = [f"Cross-check of the gazetteer: {FIRST} against {SECOND} ({DECISIONS}):", ""]
    out += ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in [header, *rows]]
    out += [
        "",
        f"agreed {found.total('agreed')}, agreed under a declared rule {found.total('rule')}, corrected {found.total('corrected')},"
        f" recorded differences {found.total('recorded')}, alternative labels added {found.alt_labels},"
        f" unexplained {found.total('unexplained')}",
        "kinds of difference decided: " + (", ".join(f"{kind} {n}" for kind, n in sorted(found.differences.items())) or "none"),
    ]
    out += [f"  error: {problem.render()}" for problem in found.problems]
    out += [f"  error: {finding.message}" for finding in found.findings]
    return out


def problems_of(found: CrossCheck, seeds: Seeds, rule: str) -> list[Problem]:
    """Findings as problems: at the row or entry they name, else at the YAML key that states the value concerned."""
    problems = list(found.problems)
    for finding in found.findings:
        if finding.file:
            file, line, column = finding.file, finding.line, finding.column
        else:
            file, line, column = seeds.locate(finding.entity, finding.prop or None, finding.language)
        hint = {
            "graph": "run tools/import_reference.py, which writes seeds/gazetteer/ from the tables and corrections.yaml",
            "code": "a unit in one source only: check both copies, and the DOPA list of the year they were taken",
        }.get(finding.aspect, f"decide it in {DECISIONS}: the value kept, its source, the kind of difference and a reason")
        problems.append(Problem(file, line, column, finding.message, hint=hint, entity=finding.entity, rule=rule))
    return problems


def inputs(root: Path) -> list[str]:
    """The files the cross-check reads: both sources' tables and the decisions (relative to the repository root)."""
    first = [outside.links().tables[kind].path for kind in KINDS]
    return [*first, *(f"{SECOND_FOLDER}/{name}" for name in SECOND_TABLES.values()), DECISIONS]


def applies(seeds: Seeds, config: Config) -> bool:
    """Whether the run has a gazetteer to check: the layer is on and some file of seeds/gazetteer/ was loaded."""
    return config.gazetteer and any(seed.path.startswith(f"seeds/{GAZETTEER_FOLDER}/") for seed in seeds.files)


def missing_inputs(config: Config) -> list[Problem]:
    return [
        Problem(
            path,
            0,
            0,
            "a file the cross-check of the gazetteer reads is missing",
            hint="restore it from the repository",
            rule="gazetteer-crosscheck",
        )
        for path in inputs(config.root)
        if not (config.root / path).is_file()
    ]


def check_gazetteer_crosscheck(store: Store, seeds: Seeds, config: Config) -> list[Problem]:
    """The build's check: no disagreement of the two sources without a decision; the graph as the decisions say."""
    if not applies(seeds, config):
        return []
    return missing_inputs(config) or problems_of(check(store, config.base, config.root), seeds, "gazetteer-crosscheck")


# --- units of one parent with one name -----------------------------------------------------------------------------


def same_names(store: Store, base: str) -> dict[tuple[str, str, str], list[str]]:
    """(parent, language, name folded) -> the districts or subdistricts of that parent with that rdfs:label."""
    from pyoxigraph import NamedNode, QuerySolutions

    ids = iri.id_base(base)
    text = f"""
        SELECT ?unit ?parent ?name WHERE {{
          VALUES ?class {{ <{iri.def_base(base)}District> <{iri.def_base(base)}Subdistrict> }}
          ?unit a ?class ; <{WITHIN}> ?parent ; <{LABEL}> ?name .
        }}"""
    result = store.query(text, use_default_graph_as_union=True)
    assert isinstance(result, QuerySolutions)
    groups: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for row in result:
        unit, parent, name = row["unit"], row["parent"], row["name"]
        if isinstance(unit, NamedNode) and isinstance(parent, NamedNode):
            language = getattr(name, "language", None) or ""
            groups[(parent.value.removeprefix(ids), language, nfc(name.value).casefold())].add(unit.value.removeprefix(ids))
    return {key: sorted(units) for key, units in groups.items() if len(units) > 1}


def check_same_names(store: Store, seeds: Seeds, config: Config) -> list[Problem]:
    """Two districts of one province, or two subdistricts of one district, with one name fail unless declared."""
    if not applies(seeds, config) or missing_inputs(config):
        return []  # a missing file is reported by gazetteer-crosscheck
    first, second = read_first(config.root), read_second(config.root)
    decisions, problems = read_decisions(config.root, first, second)
    if problems:
        return []  # reported by gazetteer-crosscheck
    declared = {(case.parent, case.language, case.name.casefold()): case for case in decisions.same_names}
    found = same_names(store, config.base)
    out = []
    for (parent, language, name), units in sorted(found.items()):
        case = declared.get((parent, language, name))
        if case is not None and tuple(units) == case.units:
            continue
        for unit in units:
            others = ", ".join(u for u in units if u != unit)
            file, line, column = seeds.locate(unit, LABEL, language)
            message = f"{unit} has the {language} name of {others}, in the same {parent}"
            hint = f"correct the name in {DECISIONS} (corrections), or declare a real case there (same_names) with a reason"
            out.append(Problem(file, line, column, message, hint=hint, entity=unit, rule="gazetteer-same-names"))
    for key, case in sorted(declared.items()):
        if tuple(found.get(key, ())) != case.units:
            line = case.line
            message = f"the declared shared name {case.name!r} of {', '.join(case.units)} in {case.parent} is not what the graph has"
            out.append(Problem(DECISIONS, line, 5, message, hint="update or remove the declaration", rule="gazetteer-same-names"))
    return out


# --- Thai word forms -----------------------------------------------------------------------------------------------

_CONSONANT = "ก-ฮ"
_ABOVE_BELOW = "\u0e31\u0e34-\u0e3a"  # ั ิ ี ึ ื ุ ู ฺ
_TONE = "\u0e47-\u0e4e"  # ็ ่ ้ ๊ ๋ ์ ํ ๎
THAI_FORMS = {
    "a vowel or tone mark follows no consonant": re.compile(
        f"(?:^|[^{_CONSONANT}{_ABOVE_BELOW}])[{_ABOVE_BELOW}]|(?:^|[^{_CONSONANT}{_ABOVE_BELOW}])[{_TONE}]"
    ),
    "two vowel marks, or two tone marks, on one consonant": re.compile(f"[{_ABOVE_BELOW}]{{2}}|[{_TONE}]{{2}}"),
    "a leading vowel (เ แ โ ใ ไ) no consonant follows": re.compile(f"[เ-ไ](?![{_CONSONANT}])"),
    "a following vowel (ะ า ำ) at the start of a word or doubled": re.compile(r"(?:^|\s)[ะาำ]|ะะ|าา|ำำ|ะ[าำ]|ำ[ะา]"),
}
"""Sequences of Thai letters that cannot begin or make a Thai syllable: a stray, doubled or misplaced mark."""


def thai_word_form(name: str) -> list[str]:
    """What is implausible in a Thai name (empty when nothing is)."""
    return [what for what, pattern in THAI_FORMS.items() if pattern.search(name)]


def check_thai_word_forms(store: Store, seeds: Seeds, config: Config) -> list[Problem]:
    """Warnings: Thai names of districts and subdistricts (labels and alternatives) that no Thai word could be."""
    if not applies(seeds, config):
        return []
    out = []
    for entity, names in sorted(stated_names(store, config.base).items()):
        for prop, language, value, _ in sorted(names):
            if language != "th" or not (found := thai_word_form(value)):
                continue
            file, line, column = seeds.locate(entity, prop, language)
            message = f"{entity}: the Thai name {value!r} has " + "; ".join(found)
            hint = "compare the name with the second source and the DOPA list; correct it in corrections.yaml if it is wrong"
            out.append(Problem(file, line, column, message, hint=hint, entity=entity, rule="thai-word-form", severity="warning"))
    return out
