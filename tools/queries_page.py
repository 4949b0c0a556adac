"""Regenerate docs/queries.md from the comment headers and expected results of queries/*.rq.

Run from anywhere: .venv/bin/python tools/queries_page.py (a test fails while the page is out of date).
"""

from __future__ import annotations

from pathlib import Path

from smartcity_kg.rdf.examples import page

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    target = ROOT / "docs" / "queries.md"
    target.write_text(page(ROOT), encoding="utf-8")
    print(f"wrote {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
