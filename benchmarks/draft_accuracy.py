"""Precision and recall of `smartcity-kg draft` over the announcements of tests/announcements/ and the seed article.

Each announcement's hand-written expectations (NAME.expected.yaml) are compared with its draft, per kind of fact:

- areas: (list, position, name as written) of every item drafted;
- provinces, districts: (list, position, unit) of every area's province, and of its district and subdistrict;
- dates: the Gregorian dates read from the text;
- references: the ids of the graph's entities the draft refers to or names.

The seed article is drafted from its scraped page with its own areas and meeting left out of the graph, and compared
with the curated facts of seeds/article/. Run: .venv/bin/python benchmarks/draft_accuracy.py
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import yaml

from smartcity_kg.curate.compose import Facts
from smartcity_kg.curate.draft import Assistant

ROOT = Path(__file__).resolve().parents[1]

KINDS = ("areas", "provinces", "districts", "dates", "references")
Fact = tuple[Any, ...]


def facts_of_draft(facts: Facts) -> dict[str, set[Fact]]:
    lists, previous = 0, 0
    found: dict[str, set[Fact]] = {kind: set() for kind in KINDS}
    for area in facts.areas:
        lists += area.position <= previous or not previous
        previous = area.position
        found["areas"].add((lists, area.position, area.name))
        if area.province:
            found["provinces"].add((lists, area.position, area.province))
        found["districts"] |= {(lists, area.position, unit) for unit in (area.district, area.subdistrict) if unit}
    found["dates"] = {(date,) for date in facts.dates}
    found["references"] = {(ident,) for ident in facts.references}
    return found


def facts_expected(expected: dict[str, Any]) -> dict[str, set[Fact]]:
    lists, previous = 0, 0
    found: dict[str, set[Fact]] = {kind: set() for kind in KINDS}
    for area in expected["areas"]:
        lists += area["position"] <= previous or not previous
        previous = area["position"]
        found["areas"].add((lists, area["position"], area["name"]))
        if area.get("province"):
            found["provinces"].add((lists, area["position"], area["province"]))
        found["districts"] |= {(lists, area["position"], area[key]) for key in ("district", "subdistrict") if area.get(key)}
    found["dates"] = {(date,) for date in expected["dates"]}
    found["references"] = {(ident,) for ident in expected["references"]}
    return found


def seed_article_expected() -> dict[str, Any]:
    """The curated facts of the seed article, in the form of an expectation file."""
    areas = [
        e
        for e in yaml.safe_load((ROOT / "seeds/article/areas-1-2565.yaml").read_text(encoding="utf-8"))["entities"]
        if e["type"] == "SmartCityArea"
    ]
    districts = {
        e["id"]: e["district"] for e in yaml.safe_load((ROOT / "seeds/curation/districts.yaml").read_text(encoding="utf-8"))["entities"]
    }
    return {
        "areas": [
            {
                "position": e["list_position"],
                "name": e.get("name_th") or e["name_en"],
                "province": e["province"],
                "district": districts.get(e["id"]),
            }
            for e in areas
        ],
        "dates": [],
        "references": None,  # the curated YAML does not list the entities the article names
    }


def main() -> None:
    totals: dict[str, Counter[str]] = {kind: Counter() for kind in KINDS}
    assistant = Assistant(ROOT)
    cases: list[tuple[str, Facts, dict[str, Any]]] = []
    for path in sorted((ROOT / "tests" / "announcements").glob("*.txt")):
        expected = yaml.safe_load(path.with_suffix(".expected.yaml").read_text(encoding="utf-8"))
        draft = assistant.draft(path.read_bytes(), path.name, path.stem, f"seeds/drafts/{path.stem}")
        cases.append((path.stem, draft.composition.facts, expected))
    fresh = Assistant(ROOT, leave_out=("seeds/article/areas-1-2565.yaml", "seeds/article/meeting-1-2565.yaml"))
    page = ROOT / "seeds/sources/article-mdes-subcommittee-1-2565/original.txt"
    cases.append(
        (
            "seed article",
            fresh.draft(page.read_bytes(), page.name, "article", "seeds/drafts/article").composition.facts,
            seed_article_expected(),
        )
    )
    for _name, facts, expected in cases:
        got, want = facts_of_draft(facts), facts_expected({**expected, "references": expected["references"] or []})
        for kind in KINDS:
            if kind == "references" and expected["references"] is None:
                continue
            totals[kind]["tp"] += len(got[kind] & want[kind])
            totals[kind]["fp"] += len(got[kind] - want[kind])
            totals[kind]["fn"] += len(want[kind] - got[kind])
    print(f"{len(cases)} announcements ({len(cases) - 1} of tests/announcements/ and the seed article)\n")
    print(f"| {'facts':<10} | {'expected':>8} | {'drafted':>7} | {'correct':>7} | {'precision':>9} | {'recall':>6} |")
    print(f"| {'-' * 10} | {'-' * 8}:| {'-' * 7}:| {'-' * 7}:| {'-' * 9}:| {'-' * 6}:|")
    for kind in KINDS:
        tp, fp, fn = totals[kind]["tp"], totals[kind]["fp"], totals[kind]["fn"]
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        print(f"| {kind:<10} | {tp + fn:>8} | {tp + fp:>7} | {tp:>7} | {precision:>9.2f} | {recall:>6.2f} |")


if __name__ == "__main__":
    main()
