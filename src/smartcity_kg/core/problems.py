"""Problems found in the curated data, each located at a file, line and column, printed like a compiler.

Most are errors, which fail the run; SHACL results of severity sh:Warning or sh:Info are warnings and infos,
which are reported the same way but let it succeed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True, order=True)
class Problem:
    """One thing a curator has to fix."""

    file: str
    """Path relative to the repository root (`seeds/article/areas-1-2565.yaml`)."""
    line: int
    """1-based line; 0 when the problem concerns the whole file."""
    column: int
    """1-based column; 0 when unknown."""
    message: str
    """What is wrong, in one sentence."""
    hint: str = ""
    """How to fix it."""
    entity: str = ""
    """The id of the entity concerned (`area/nakhon-rayong`), if any."""
    rule: str = ""
    """The check or SHACL shape that found it."""
    details: tuple[str, ...] = field(default=())
    """Further lines (a shape's Thai message, say)."""
    severity: str = "error"
    """"error" (the run fails), or "warning" or "info" (reported; the run goes on), from a SHACL result's sh:severity."""

    def location(self) -> str:
        if self.line <= 0:
            return self.file
        return f"{self.file}:{self.line}:{self.column}" if self.column > 0 else f"{self.file}:{self.line}"

    def render(self) -> str:
        subject = f" {self.entity}:" if self.entity else ""
        rule = f" [{self.rule}]" if self.rule else ""
        lines = [f"{self.location()}: {self.severity}:{subject} {self.message}{rule}"]
        lines += [f"  {detail}" for detail in self.details]
        if self.hint:
            lines.append(f"  hint: {self.hint}")
        return "\n".join(lines)


class DataError(Exception):
    """Raised by a stage when the data has problems; carries all of them (and the SHACL report, if any)."""

    def __init__(self, problems: list[Problem], total: int | None = None, report: Any = None) -> None:
        self.problems = sorted(set(problems))
        self.total = total if total is not None else len(self.problems)
        self.report = report
        super().__init__(f"{self.total} problem(s) in the curated data")


def render_text(problems: Iterable[Problem], total: int) -> str:
    """Problems grouped by file, in file order, then a count (`total`: the errors, of which some may not be shown)."""
    ordered = sorted(problems)
    out: list[str] = []
    current = None
    for problem in ordered:
        if problem.file != current:
            if current is not None:
                out.append("")
            current = problem.file
        out.append(problem.render())
    shown = sum(problem.severity == "error" for problem in ordered)
    summary = f"{total} error(s)" + (f", first {shown} shown" if shown < total else "")
    if len(ordered) > shown:
        summary += f", {len(ordered) - shown} warning(s)"
    out.append(("\n" if out else "") + summary)
    return "\n".join(out)


def render_json(problems: Iterable[Problem], total: int) -> str:
    items = [asdict(problem) for problem in sorted(problems)]
    for item in items:
        item["details"] = list(item["details"])
    warnings = sum(item["severity"] != "error" for item in items)
    return json.dumps({"errors": total, "warnings": warnings, "problems": items}, ensure_ascii=False, indent=2)
