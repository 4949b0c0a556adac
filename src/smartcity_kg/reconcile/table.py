"""`smartcity-kg reconcile`: a CSV table with a column of names matched, row by row, with the service's matcher; the
table written back with the columns of the match added, and the count of matched, ambiguous and not found rows."""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass

from smartcity_kg.reconcile.index import Index
from smartcity_kg.reconcile.matcher import Matcher, Query

# The columns added, after the table's own: the matched entity's IRI, official code, name (Thai) and the score.
ADDED = ("iri", "code", "name", "score")
MATCHED, AMBIGUOUS, NOT_FOUND = "matched", "ambiguous", "not found"


@dataclass(frozen=True)
class Reconciled:
    text: str
    """The table as CSV, with the added columns (prefixed by the name of the reconciled column)."""
    counts: Counter[str]
    """matched, ambiguous, not found -> rows."""


class TableError(Exception):
    """A table or a column that cannot be reconciled: the message says which."""


def reconcile(text: str, index: Index, column: str, type_id: str, province_column: str | None = None) -> Reconciled:
    """The rows of `text` (CSV with a header) whose `column` names an entity of `type_id` (in the province of `province_column`)."""
    if type_id not in index.policy.types:
        raise TableError(f"unknown type {type_id!r}; the types are {', '.join(index.policy.types)}")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    if not rows:
        raise TableError("the table is empty: a header row is needed")
    header = rows[0]
    for name in (column, province_column):
        if name is not None and name not in header:
            raise TableError(f"no column {name!r}; the columns are {', '.join(header)}")
    at = header.index(column)
    province_at = header.index(province_column) if province_column else None
    matcher = Matcher(index)
    counts: Counter[str] = Counter()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*header, *(f"{column}_{added}" for added in ADDED)])
    for row in rows[1:]:
        cells = row + [""] * (len(header) - len(row))
        within = (("province", (cells[province_at],)),) if province_at is not None and cells[province_at].strip() else ()
        found = matcher.match(Query(cells[at], (type_id,), within, limit=2)) if cells[at].strip() else []
        if found and found[0].match:
            entity = found[0].entity
            counts[MATCHED] += 1
            code = entity.codes[0] if entity.codes else ""
            writer.writerow([*cells, index.id_base + entity.id, code, entity.name("th"), f"{found[0].score:g}"])
        else:
            counts[AMBIGUOUS if found else NOT_FOUND] += 1
            writer.writerow([*cells, "", "", "", f"{found[0].score:g}" if found else ""])
    return Reconciled(out.getvalue(), counts)
