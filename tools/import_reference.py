"""Write curated YAML in seeds/reference/ from the checked reference tables.

A curator's tool, run by hand when a reference table changes; the build never runs it and never reads
outside the repository. It reads the copies kept in seeds/sources/, so its output can be reproduced from
a fresh clone:

    python tools/import_reference.py

Only columns the graph uses are carried over; blank cells stay absent. The gazetteer also follows the curators'
decisions of seeds/gazetteer/corrections.yaml (read by smartcity_kg.pipeline.crosscheck, as every build reads it):
a TCAN value it replaces is left out of the TCAN files, and the names it keeps from the second source (GeoThai) go
to seeds/gazetteer/geothai.yaml, in that source's named graph. Run it with the project's Python (.venv/bin/python).
"""

from __future__ import annotations

import csv
import unicodedata
from pathlib import Path
from typing import Any

import yaml

from smartcity_kg.pipeline import crosscheck

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "seeds" / "sources"
OUT = ROOT / "seeds" / "reference"
GAZETTEER = ROOT / "seeds" / "gazetteer"

TCAN = "source/tcan-adm1-v1.0.0"
TCAN_UNITS = "source/tcan-adm2-adm3-v1.0.0"
DIMENSIONS = "source/reference-smart-city-dimensions"
AREAS = "source/reference-smart-city-areas"

# Curator-chosen keys for the six regions of the TCAN table (its `region` column).
REGION_KEYS = {
    "Central": "central",
    "East": "east",
    "North": "north",
    "Northeast": "northeast",
    "South": "south",
    "West": "west",
}

# Curator-chosen keys for the seven dimensions (the table has no code column).
DIMENSION_KEYS = {
    "Smart Environment": "environment",
    "Smart Mobility": "mobility",
    "Smart Living": "living",
    "Smart People": "people",
    "Smart Energy": "energy",
    "Smart Economy": "economy",
    "Smart Governance": "governance",
}


# Curator choices for the rows of smart_city_areas.csv that the graph uses, by (batch, seq_in_source):
# the area's key, and, where the table's English name carries a variant in brackets, the split into
# name and alternative name. Batch 2 rows add English names and web sources to areas the article defines.
# Rows not listed (batch 2 items 8-15, whose names the table has not seen) are not used.
AREA_ROWS: dict[tuple[str, str], dict[str, Any]] = {
    ("1 (2021)", "1/5"): {"key": "phuket"},
    ("1 (2021)", "2/5"): {"key": "khon-kaen"},
    ("1 (2021)", "3/5"): {"key": "mae-moh", "name_en": "Mae Moh Livable City", "alt_name_en": ["Mae Moh Smart City"]},
    ("1 (2021)", "4/5"): {"key": "sam-yan"},
    ("1 (2021)", "5/5"): {"key": "wangchan-valley"},
    ("1 (2021)", "1/10"): {
        "key": "rama-4",
        "name_en": "Rama IV area smart city",
        "alt_name_en": ["Rama 4 area smart city"],
    },
    ("1 (2021)", "2/10"): {"key": "phadung-krung-kasem"},
    ("1 (2021)", "3/10"): {"key": "makkasan"},
    ("1 (2021)", "4/10"): {"key": "chiang-mai-old-town", "city": "city/chiang-mai-city-municipality"},
    ("1 (2021)", "5/10"): {"key": "chiang-mai-university"},
    ("1 (2021)", "6/10"): {"key": "si-trang"},
    ("1 (2021)", "7/10"): {"key": "yala", "city": "city/yala-city-municipality"},
    ("1 (2021)", "8/10"): {"key": "chachoengsao"},
    ("1 (2021)", "9/10"): {"key": "chon-buri-2021", "name_en": None},
    ("1 (2021)", "10/10"): {"key": "nakhon-sawan"},
    ("2 (2022)", "1/15"): {"key": "nakhon-rayong"},
    ("2 (2022)", "2/15"): {"key": "khan-song-model"},
    ("2 (2022)", "3/15"): {"key": "phitsanulok-areas"},
    ("2 (2022)", "4/15"): {"key": "phitsanulok-sustainable"},
    ("2 (2022)", "5/15"): {"key": "nakhon-chiang-rai"},
    ("2 (2022)", "6/15"): {"key": "mueang-nan"},
    ("2 (2022)", "7/15"): {"key": "korat"},
    # Batch 3 (2023): proposed, English names as the news printed them; two rows give only the province.
    ("3 (2023)", "1/6"): {"key": "lampang-2023", "name_en": None},
    ("3 (2023)", "2/6"): {"key": "muang-taiyong-buak-khang"},
    ("3 (2023)", "3/6"): {"key": "samut-prakan-2023", "name_en": None},
    ("3 (2023)", "4/6"): {"key": "theppharat"},
    ("3 (2023)", "5/6"): {"key": "nikhom-phatthana"},
    ("3 (2023)", "6/6"): {"key": "nakhon-si-thammarat-municipality"},
    # 2025: certified on 2025-08-27; the Nation printed the name as "Phuket Silicon Valley".
    ("4 (2025)", "1/1"): {"key": "phuket-tinicon-valley", "name_en": "Phuket Tinicon Valley", "alt_name_en": ["Phuket Silicon Valley"]},
}

# The batches whose rows define their areas (batch 2 is defined by the article): the batch and the status the
# table's event gives them (batch 3 was proposed; its certification is not in the sources).
BATCH_ROWS: dict[str, tuple[str, str]] = {
    "1 (2021)": ("batch/1", "status/certified"),
    "3 (2023)": ("batch/3", "status/proposed"),
    "4 (2025)": ("batch/4", "status/certified"),
}


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text.strip())


def cited_urls(cell: str) -> list[str]:
    """The web addresses a `sources` cell cites: `url (comment); url; name` -> [url, url]."""
    urls = (part.strip().split(" ")[0] for part in cell.split(";"))
    return sorted({url for url in urls if url.startswith(("http://", "https://"))})


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def dump(path: Path, header: str, document: dict[str, Any]) -> None:
    body = yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=110)
    path.write_text(header + body, encoding="utf-8")
    print(f"wrote {path.relative_to(ROOT)}")


def dump_lines(path: Path, header: str, graph: str, entities: list[dict[str, Any]]) -> None:
    """A long list written one entity per line (YAML flow mappings), so that a diff shows the rows that changed."""
    lines = [f"named_graph: {graph}", "entities:"]
    for entity in entities:
        flow = yaml.safe_dump(entity, allow_unicode=True, sort_keys=False, default_flow_style=True, width=1_000_000)
        lines.append("- " + flow.strip())
    path.write_text(header + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {path.relative_to(ROOT)} ({len(entities)} entities)")


def point(lat: str, lon: str) -> str:
    """A WKT point in the default CRS of GeoSPARQL (CRS84: longitude first), the table's digits unchanged."""
    return f"POINT({lon} {lat})"


def centroid(code: str, lat: str, lon: str, source: str) -> dict[str, Any]:
    """The centroid of the unit with DOPA code `code`, as an entity of its own (GeoSPARQL geometry)."""
    return {"id": f"centroid/{code}", "type": "Centroid", "wkt": point(lat, lon), "source": [source]}


def provinces() -> None:
    rows = read_csv(SOURCES / "tcan-adm1-v1.0.0" / "thailand-adm1-provinces-v1.0.0.csv")
    iso_of = {row["tis1099_code"]: row["iso3166_2"] for row in rows}
    entities: list[dict[str, Any]] = []
    for row in rows:
        entity: dict[str, Any] = {
            "id": f"province/{row['iso3166_2']}",
            "type": "Province",
            "identifier": row["iso3166_2"],
            "name_th": nfc(row["name_th"]),
            "name_en": nfc(row["name_en_canonical"]),
        }
        alternates = [nfc(a) for a in row["name_alternates_en"].split("|") if a.strip()]
        if alternates:
            entity["alt_name_en"] = alternates
        entity["iso_code"] = row["iso3166_2"]
        entity["dopa_code"] = row["tis1099_code"]
        entity["subdivision_type"] = row["iso_subdivision_type"]
        entity["region"] = f"region/{REGION_KEYS[row['region']]}"
        if row["wikidata_qid"]:
            entity["wikidata"] = f"wd:{row['wikidata_qid']}"
        if row["geonames_id"]:
            entity["geonames"] = f"gn:{row['geonames_id']}/"
        if row["osm_relation_id"]:
            entity["openstreetmap"] = f"osmrel:{row['osm_relation_id']}"
        neighbours = [f"province/{iso_of[code]}" for code in row["neighbors"].split("|") if code]
        if neighbours:
            entity["adjacent_to"] = neighbours
        if row["centroid_lat"] and row["centroid_lon"]:
            entity["centroid"] = f"centroid/{row['tis1099_code']}"
        entity["source"] = [TCAN]
        entities.append(entity)
        if row["centroid_lat"] and row["centroid_lon"]:
            entities.append(centroid(row["tis1099_code"], row["centroid_lat"], row["centroid_lon"], TCAN))
    header = (
        "# Generated by tools/import_reference.py from\n"
        "# seeds/sources/tcan-adm1-v1.0.0/thailand-adm1-provinces-v1.0.0.csv; edit the tool, not this file.\n"
        "# 77 first-level units (76 provinces and Bangkok), each followed by its centroid (`neighbors` are DOPA\n"
        "# codes in the table, written here as the ISO 3166-2 ids of the same rows). Blank cells are left out.\n"
    )
    dump(OUT / "provinces.yaml", header, {"named_graph": TCAN, "entities": entities})

    regions = [
        {
            "id": f"region/{key}",
            "type": "Region",
            "name_en": name,
            "source": [TCAN],
        }
        for name, key in REGION_KEYS.items()
    ]
    header = (
        "# Generated by tools/import_reference.py: the values of the `region` column of\n"
        "# seeds/sources/tcan-adm1-v1.0.0/thailand-adm1-provinces-v1.0.0.csv (English only in the table).\n"
    )
    dump(OUT / "regions.yaml", header, {"named_graph": TCAN, "entities": regions})


def gazetteer() -> None:
    """The districts and subdistricts of the TCAN tables, keyed by DOPA code, each followed by its centroid; with the
    decisions of corrections.yaml applied: replaced values left out here, kept names of GeoThai in geothai.yaml."""
    first, second = crosscheck.read_first(ROOT), crosscheck.read_second(ROOT)
    decisions, problems = crosscheck.read_decisions(ROOT, first, second)
    if problems:
        raise SystemExit("\n".join(problem.render() for problem in problems))
    adm1 = read_csv(SOURCES / "tcan-adm1-v1.0.0" / "thailand-adm1-provinces-v1.0.0.csv")
    provinces = {row["tis1099_code"]: row["iso3166_2"] for row in adm1}
    folder = SOURCES / "tcan-adm2-adm3-v1.0.0"
    tables = (
        ("districts", "thailand-adm2-districts-v1.0.0.csv", "District", "tis1099_district_code", "district"),
        ("subdistricts", "thailand-adm3-subdistricts-v1.0.0.csv", "Subdistrict", "tis1099_subdistrict_code", "subdistrict"),
    )
    second_entities: list[dict[str, Any]] = []
    for name, table, cls, code_column, kind in tables:
        statements = decisions.statements(kind)
        entities: list[dict[str, Any]] = []
        for row in read_csv(folder / table):
            code = row[code_column]
            if kind == "district":
                parent = f"province/{provinces[row['parent_province_tis1099_code']]}"
            else:
                parent = f"district/{row['parent_district_tis1099_code']}"
            entity: dict[str, Any] = {"id": f"{kind}/{code}", "type": cls, "identifier": code, "dopa_code": code}
            replaced = {key for key, value in statements.get(crosscheck.SECOND, {}).get(code, {}).items() if key in crosscheck.FIELDS}
            for key in crosscheck.FIELDS:
                if row[key] and key not in replaced:
                    entity[key] = nfc(row[key])
            entity.update(statements.get(crosscheck.FIRST, {}).get(code, {}))
            entity["within"] = parent
            entity["broader"] = parent
            located = bool(row["centroid_lat"] and row["centroid_lon"])
            if located:
                entity["centroid"] = f"centroid/{code}"
            entity["source"] = [TCAN_UNITS]
            entities.append(entity)
            if located:
                entities.append(centroid(code, row["centroid_lat"], row["centroid_lon"], TCAN_UNITS))
            taken = statements.get(crosscheck.SECOND, {}).get(code)
            if taken:
                second_entities.append({"id": f"{kind}/{code}", **taken, "source": [crosscheck.SECOND]})
        header = (
            f"# Generated by tools/import_reference.py from\n"
            f"# seeds/sources/tcan-adm2-adm3-v1.0.0/{table}; edit the tool, not this file.\n"
            f"# One line per {kind} (keyed by its DOPA code; parent from the table's parent code), each followed\n"
            f"# by its centroid. Blank cells are left out: a unit without coordinates has no centroid. A name that\n"
            f"# seeds/gazetteer/corrections.yaml replaces is left out too (the kept one is in geothai.yaml).\n"
        )
        dump_lines(GAZETTEER / f"{name}.yaml", header, TCAN_UNITS, entities)
    header = (
        "# Generated by tools/import_reference.py from seeds/gazetteer/corrections.yaml and\n"
        "# seeds/sources/geothai-3.2.1/; edit corrections.yaml, not this file. The names of districts and subdistricts\n"
        "# that the curators take from the second source (GeoThai 3.2.1): names that replace TCAN's (name_th, name_en)\n"
        "# and other names kept as alternatives (alt_name_th, alt_name_en), in the named graph of that source.\n"
    )
    dump_lines(ROOT / crosscheck.SECOND_SEEDS, header, crosscheck.SECOND, second_entities)


def dimensions() -> None:
    rows = read_csv(SOURCES / "reference-smart-city" / "smart_city_dimensions.csv")
    scheme = "scheme/smart-city-dimensions"
    entities: list[dict[str, Any]] = [
        {
            "id": scheme,
            "type": "ConceptScheme",
            "pref_label_en": "Smart city dimensions of Thailand",
            "source": [DIMENSIONS],
        }
    ]
    for row in rows:
        entity: dict[str, Any] = {
            "id": f"dimension/{DIMENSION_KEYS[row['dimension_en']]}",
            "type": ["SmartCityDimension", "Concept"],
            "pref_label_en": nfc(row["dimension_en"]),
        }
        if row["dimension_th"]:
            entity["pref_label_th"] = nfc(row["dimension_th"])
        if row["alt_en_label"] and row["alt_en_label"] != row["dimension_en"]:
            entity["alt_name_en"] = [nfc(row["alt_en_label"])]
        entity["in_scheme"] = scheme
        entity["top_concept_of"] = scheme
        notes = [nfc(row["notes"])] if row["notes"] else []
        others = [part.strip() for part in row["sources"].split(";") if not part.strip().startswith("http")]
        if others:
            notes.append("The reference table also cites: " + "; ".join(others) + ".")
        if notes:
            entity["note"] = notes
        entity["derived_from"] = cited_urls(row["sources"])
        entity["source"] = [DIMENSIONS]
        entities.append(entity)
    header = (
        "# Generated by tools/import_reference.py from\n"
        "# seeds/sources/reference-smart-city/smart_city_dimensions.csv; edit the tool, not this file.\n"
        "# Blank Thai labels were not found in any source and stay blank.\n"
    )
    dump(OUT / "dimensions.yaml", header, {"named_graph": DIMENSIONS, "entities": entities})


def areas() -> None:
    rows = read_csv(SOURCES / "reference-smart-city" / "smart_city_areas.csv")
    entities: list[dict[str, Any]] = []
    for row in rows:
        choice = AREA_ROWS.get((row["batch"], row["seq_in_source"]))
        if choice is None:
            continue
        defined = BATCH_ROWS.get(row["batch"])  # None: an area of the article, to which the row adds names
        entity: dict[str, Any] = {"id": f"area/{choice['key']}"}
        if defined:
            entity["type"] = "SmartCityArea"
            if row["name_th"]:
                entity["name_th"] = nfc(row["name_th"])
        name_en = choice.get("name_en", nfc(row["name_en"]))
        if name_en:
            entity["name_en"] = name_en
        if "alt_name_en" in choice:
            entity["alt_name_en"] = choice["alt_name_en"]
        if defined:
            entity["province"] = f"province/{row['iso_3166_2']}"
            if "city" in choice:
                entity["city"] = choice["city"]
            entity["batch"], entity["status"] = defined
            entity["status"] = entity.pop("status")  # status first, then batch, as the file has always had them
            entity["batch"] = entity.pop("batch")
            notes = [nfc(row["notes"])] if row["notes"] else []
            if not row["name_th"]:
                notes.append("The Thai name was not found in the sources of the reference table.")
            if not name_en:
                notes.append("The project name was not found in the sources of the reference table.")
            if notes:
                entity["note"] = notes
        entity["derived_from"] = cited_urls(row["source_urls"])
        entity["source"] = [AREAS]
        entities.append(entity)
    header = (
        "# Generated by tools/import_reference.py from\n"
        "# seeds/sources/reference-smart-city/smart_city_areas.csv; edit the tool, not this file.\n"
        "# Batch 1 (2021): the 15 areas certified before the article. Batch 2: English names and web sources\n"
        "# for the article's areas 1-7. Batch 3 (2023): the 6 areas proposed in July 2023. Batch 4 (2025): the\n"
        "# area certified on 2025-08-27. Blank names were not found in any source and stay blank.\n"
    )
    dump(OUT / "smart-city-areas.yaml", header, {"named_graph": AREAS, "entities": entities})


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    GAZETTEER.mkdir(parents=True, exist_ok=True)
    provinces()
    gazetteer()
    dimensions()
    areas()
