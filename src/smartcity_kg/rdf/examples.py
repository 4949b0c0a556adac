"""The example queries of queries/: their comment headers, their expected results, and docs/queries.md.

Each `<name>.rq` starts with a comment header of `# key: value` lines (a value goes on over lines
starting `#   `): `question`, `question_th`, `result`, and `expected` (where the expected result was
read from); a quality check has `rule` (one sentence, the message of its problems), `why` and `fix`
instead of `expected`. Its expected result is `<name>.csv` or
`<name>.srj` (SPARQL 1.1 query results, CSV or JSON) or, for a CONSTRUCT, `<name>.ttl`. A query
named `*-violation.rq` is a quality check: it must return no rows, and every build runs it. A query
with a `federated` field (the endpoint its SERVICE clause calls) needs the internet: it has no expected
result file, and the tests only check that it parses and calls that endpoint alone.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from smartcity_kg.core import iri
from smartcity_kg.rdf.results import sparql_term

FOLDER = "queries"
VIOLATION_SUFFIX = "-violation"
EXPECTED_SUFFIXES = (".csv", ".srj", ".ttl")
QUESTION_FIELDS = ("question", "question_th", "result", "expected")
CHECK_FIELDS = ("question", "question_th", "rule", "why", "result", "fix")
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

# A term of a result as a comparable tuple: ("uri", iri), ("literal", text, datatype, language),
# ("bnode",) (blank node labels are not compared) or None when unbound.
Term = tuple[str, ...]
Row = tuple[Term | None, ...]


@dataclass(frozen=True)
class Table:
    """Rows of a SELECT result, or the answer of an ASK (`boolean`), as the expected files hold them."""

    variables: tuple[str, ...] = ()
    rows: tuple[Row, ...] = ()
    boolean: bool | None = None
    csv: bool = False
    """The cells are SPARQL 1.1 CSV text, which keeps an IRI or a lexical form and drops the rest."""


@dataclass(frozen=True)
class Example:
    """One query of queries/."""

    path: Path
    text: str = field(repr=False)

    @property
    def name(self) -> str:
        return self.path.stem

    @property
    def violation(self) -> bool:
        return self.name.endswith(VIOLATION_SUFFIX)

    @property
    def federated(self) -> str:
        """The endpoint a federated query calls (its `federated` field), or "" for a query of the local graph."""
        return self.fields.get("federated", "")

    @cached_property
    def fields(self) -> dict[str, str]:
        return header(self.text)

    @property
    def missing_fields(self) -> list[str]:
        return [key for key in (CHECK_FIELDS if self.violation else QUESTION_FIELDS) if not self.fields.get(key)]

    @property
    def expected(self) -> Path | None:
        found = [self.path.with_suffix(suffix) for suffix in EXPECTED_SUFFIXES if self.path.with_suffix(suffix).is_file()]
        return found[0] if len(found) == 1 else None

    @property
    def code(self) -> str:
        """The query without comments, strings and IRIs: where keywords are looked for."""
        return re.sub(r"<[^<>\"{}|^`\\\s]*>|\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'|#[^\n]*", " ", self.text)

    @property
    def form(self) -> str:
        """SELECT, ASK, CONSTRUCT or DESCRIBE."""
        match = re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", self.code, re.IGNORECASE)
        return match[1].upper() if match else ""

    @property
    def ordered(self) -> bool:
        """Whether the order of the rows is part of the answer (the query ends with ORDER BY)."""
        return re.search(r"\bORDER\s+BY\b[^{}]*$", self.code, re.IGNORECASE) is not None


def header(text: str) -> dict[str, str]:
    """The `# key: value` fields of the comment lines a query starts with."""
    fields: dict[str, str] = {}
    key = None
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        match = re.match(r"#\s?([a-z_]+):\s*(.*)$", line)
        if match:
            key = match[1]
            fields[key] = match[2].strip()
        elif key is not None and line.startswith("#   "):
            fields[key] += " " + line[1:].strip()
    return fields


def examples(folder: Path) -> list[Example]:
    """The queries of `folder`, by file name; none if there is no such folder."""
    return [Example(path, path.read_text(encoding="utf-8")) for path in sorted(folder.glob("*.rq"))]


# SELECT answers as a table, the other forms as a graph or a yes/no, which say less to a person at first.
PAGE_FORMS = ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK")


def page_examples(folder: Path, first: str = "") -> list[Example]:
    """The queries the query page offers, in the order of its tabs: the one named `first`, the other SELECT
    questions by file name, then CONSTRUCT, DESCRIBE and ASK.

    Left out: the quality checks (`*-violation.rq`, whose answer is no rows) and federated queries (the
    server refuses SERVICE). Read at each request, so a file that cannot be read now is skipped.
    """
    found = []
    for path in sorted(folder.glob("*.rq")) if folder.is_dir() else []:
        try:
            example = Example(path, path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            continue
        if not example.violation and not example.federated:
            found.append(example)

    def place(example: Example) -> tuple[bool, int]:
        form = PAGE_FORMS.index(example.form) if example.form in PAGE_FORMS else len(PAGE_FORMS)
        return example.name != first, form

    return sorted(found, key=place)  # stable: file order within a form


def question(example: Example, lang: str) -> str:
    """The question a query answers in `lang` (`question_th` or `question`), else in the other language, else its file name."""
    thai, english = example.fields.get("question_th", ""), example.fields.get("question", "")
    return (thai or english if lang == "th" else english or thai) or example.name


# ---------------------------------------------------------------------------------------------------
# Expected results
# ---------------------------------------------------------------------------------------------------


def literal(text: str, datatype: str | None = None, language: str | None = None) -> Term:
    """A literal in the comparable form: a simple literal is an xsd:string, a tagged one an rdf:langString."""
    if language:
        return ("literal", text, RDF_LANG_STRING, language.lower())
    return ("literal", text, datatype or XSD_STRING, "")


def json_term(binding: dict[str, str]) -> Term:
    """A term of SPARQL 1.1 query results JSON."""
    kind = binding["type"]
    if kind == "uri":
        return ("uri", binding["value"])
    if kind == "bnode":
        return ("bnode",)
    return literal(binding["value"], binding.get("datatype"), binding.get("xml:lang"))


def read_json(text: str) -> Table:
    document: dict[str, Any] = json.loads(text)
    if "boolean" in document:
        return Table(boolean=bool(document["boolean"]))
    variables = tuple(document["head"]["vars"])
    rows = tuple(tuple(json_term(binding[v]) if v in binding else None for v in variables) for binding in document["results"]["bindings"])
    return Table(variables, rows)


def read_csv(text: str) -> Table:
    """SPARQL 1.1 CSV results: a header of variable names, then one line per row; every cell is text."""
    lines = list(csv.reader(io.StringIO(text)))
    variables = tuple(lines[0])
    return Table(variables, tuple(tuple(("csv", cell) for cell in line) for line in lines[1:]), csv=True)


def read_expected(path: Path) -> Table:
    text = path.read_text(encoding="utf-8")
    return read_csv(text) if path.suffix == ".csv" else read_json(text)


def as_csv(term: Term | None) -> Term:
    """What SPARQL 1.1 CSV keeps of a term: its IRI or lexical form, and nothing else."""
    if term is None:
        return ("csv", "")
    if term[0] == "bnode":
        return ("csv", "_:b")
    return ("csv", term[1])


def comparable(actual: Table, expected: Table, ordered: bool) -> tuple[Any, Any]:
    """Both tables in the form to compare: CSV cells if the expected file is CSV; sorted unless the order is specified."""
    if expected.boolean is not None or actual.boolean is not None:
        return actual.boolean, expected.boolean
    rows = tuple(tuple(as_csv(term) for term in row) for row in actual.rows) if expected.csv else actual.rows

    def arranged(table_rows: tuple[Row, ...]) -> list[Row]:
        return list(table_rows) if ordered else sorted(table_rows, key=repr)

    return (actual.variables, arranged(rows)), (expected.variables, arranged(expected.rows))


def oxigraph_table(result: Any) -> Table:
    """A pyoxigraph SELECT or ASK result as a Table."""
    from pyoxigraph import QueryBoolean

    if isinstance(result, QueryBoolean):
        return Table(boolean=bool(result))
    variables = tuple(v.value for v in result.variables)
    # Through the serializer's own JSON of each term (results.sparql_term), so there is one conversion.
    rows = tuple(tuple(None if solution[v] is None else json_term(sparql_term(solution[v])) for v in variables) for solution in result)
    return Table(variables, rows)


# ---------------------------------------------------------------------------------------------------
# docs/queries.md
# ---------------------------------------------------------------------------------------------------

PAGE_ROWS = 12


def cell(term: Term | None, prefixes: dict[str, str], base: str) -> str:
    """A result term as a Markdown table cell: ids relative to <base>id/, other IRIs with the context's prefixes."""
    if term is None:
        return ""
    if term[0] == "bnode":
        return "_:b"
    text = term[1]
    if term[0] == "uri" or (term[0] == "csv" and re.match(r"https?://\S+$", text)):  # CSV keeps no term types
        ids = iri.id_base(base)
        text = text[len(ids) :] if text.startswith(ids) else iri.compact(text, prefixes)
        text = f"`{text}`"
    return " ".join(text.split()).replace("|", "\\|")


def markdown_table(table: Table, prefixes: dict[str, str], base: str, source: str) -> list[str]:
    if table.boolean is not None:
        return [f"Answer: `{'true' if table.boolean else 'false'}`"]
    if not table.rows:
        return ["No rows."]
    lines = ["| " + " | ".join(table.variables) + " |", "|" + " --- |" * len(table.variables)]
    lines += ["| " + " | ".join(cell(term, prefixes, base) for term in row) + " |" for row in table.rows[:PAGE_ROWS]]
    if len(table.rows) > PAGE_ROWS:
        lines += ["", f"… {len(table.rows) - PAGE_ROWS} more rows ({len(table.rows)} in all) in [`{source}`](../{source})."]
    return lines


def section(example: Example, prefixes: dict[str, str], base: str) -> list[str]:
    fields = example.fields
    title = fields.get("question", example.name)
    lines = [
        f"### {title}",
        "",
        fields.get("question_th", ""),
        "",
        f"File: [`{FOLDER}/{example.path.name}`](../{FOLDER}/{example.path.name})",
        "",
    ]
    if example.violation:
        lines += [f"Rule: {fields.get('rule', '')}.", "", f"Why: {fields.get('why', '')}", "", f"Fix: {fields.get('fix', '')}", ""]
    lines += [f"Result: {fields.get('result', '')}", ""]
    if example.federated:
        lines += [f"Federated: calls {example.federated} (needs internet; not run by the tests).", ""]
    if "expected" in fields:
        lines += [f"Expected result written from: {fields['expected']}", ""]
    body = "\n".join(line for line in example.text.splitlines() if not line.startswith("#")).strip()
    lines += ["```sparql", body, "```", ""]
    expected = example.expected
    if example.violation:
        lines += ["Expected: no rows.", ""]
    elif expected is not None and expected.suffix == ".ttl":
        lines += ["Expected graph:", "", "```turtle", expected.read_text(encoding="utf-8").strip(), "```", ""]
    elif expected is not None:
        lines += ["Expected:", "", *markdown_table(read_expected(expected), prefixes, base, f"{FOLDER}/{expected.name}"), ""]
    return lines


def page(root: Path) -> str:
    """docs/queries.md: every query of queries/ with its question, text and expected result."""
    context = iri.load_context(root / "ontology")
    prefixes = iri.prefixes(context)
    found = examples(root / FOLDER)
    questions = [e for e in found if not e.violation]
    checks = [e for e in found if e.violation]
    lines = [
        "# Example queries",
        "",
        "Generated by `tools/queries_page.py` from the comment headers of `queries/*.rq` and their expected",
        "results; do not edit, edit those and run the tool (a test checks that this page is up to date).",
        "",
        "Run any of them with `smartcity-kg query queries/<name>.rq` (add `--format csv|tsv|json|xml` for",
        "SELECT and ASK, `--format turtle|jsonld` for CONSTRUCT). The tests run every query on pyoxigraph and",
        "on rdflib and compare both with the expected result, which was written from the source documents,",
        "not from an engine's output. In the tables, ids are shown relative to `https://w3id.org/thai-smart-city/id/`.",
        "",
        f"## Questions ({len(questions)})",
        "",
    ]
    lines += [f"- [{e.fields.get('question', e.name)}](#{anchor(e.fields.get('question', e.name))})" for e in questions]
    lines += ["", f"## Quality checks ({len(checks)})", ""]
    lines += [
        "Every `build` and `validate` runs these; a row is a problem, reported at the YAML entry it concerns.",
        "",
    ]
    lines += [f"- [{e.fields.get('question', e.name)}](#{anchor(e.fields.get('question', e.name))})" for e in checks]
    lines += ["", "## The questions", ""]
    for example in questions:
        lines += section(example, prefixes, iri.DEFAULT_BASE)
    lines += ["## The quality checks", ""]
    for example in checks:
        lines += section(example, prefixes, iri.DEFAULT_BASE)
    return "\n".join(lines).rstrip() + "\n"


def anchor(title: str) -> str:
    """GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens."""
    return re.sub(r"[^\w\- ]", "", title.lower()).replace(" ", "-")
