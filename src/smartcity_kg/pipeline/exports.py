"""Exports for people who do not use RDF: one CSV and one JSON file per kind of entity, in graph/exports/.

Each export is a SPARQL SELECT over the dataset being built (both layers), in sparql/exports/<name>.rq beside
this module: its variables are the columns, its rows the records, so the export is declared as data and runs on
any SPARQL store as well. Columns:
the local id and the IRI, the names in Thai and English, the province (ISO 3166-2) and the links (Wikidata,
GeoNames, OpenStreetMap, DOPA codes), and for places a latitude and longitude (from the centroid) that a
portal such as CKAN / data.go.th can put on a map. A missing value is an empty cell, never a guess.

CSV is UTF-8, comma-separated, with a header row (RFC 4180); a CSV file has no room for a comment, so
graph/exports/README.md says that the files are generated and how, and the JSON files say it themselves.
The dataset metadata (graph/void.ttl) describes every file as a DCAT distribution.

Each CSV file has its CSV on the Web (W3C CSVW) metadata beside it, <name>.csv-metadata.json (the name a CSVW
processor looks for first): the columns with their datatypes and languages, and which property of the graph each
one is, declared as data in sparql/exports/<name>.csvw.toml. A CSVW processor in minimal mode turns the CSV into
triples that the graph holds (tests/test_csvw.py runs one); a column that is not a triple of the graph in that
form (the local id, a label of the parent for reading, the latitude) is suppressed.
"""

from __future__ import annotations

import csv
import io
import json
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from smartcity_kg.core import iri
from smartcity_kg.core.config import Config
from smartcity_kg.pipeline.built import NOTICE, Built

FOLDER = "exports"
# The query of each export: sparql/exports/<name>.rq, beside this module.
QUERIES = Path(__file__).resolve().parent / "sparql" / "exports"


@dataclass(frozen=True)
class Export:
    """One kind of entity as a table."""

    title_en: str
    title_th: str
    gazetteer: bool = False
    """Made from the gazetteer layer: not written by a build without it."""


EXPORTS: dict[str, Export] = {
    "provinces": Export(
        "Provinces (76 and Bangkok) with their codes, region, links and centroid",
        "จังหวัด (76 จังหวัดและกรุงเทพมหานคร) พร้อมรหัส ภาค ลิงก์ และจุดศูนย์กลาง",
    ),
    "districts": Export(
        "Districts (amphoe and the khet of Bangkok) with their DOPA codes, province and centroid",
        "อำเภอและเขต พร้อมรหัสกรมการปกครอง จังหวัด และจุดศูนย์กลาง",
        gazetteer=True,
    ),
    "subdistricts": Export(
        "Subdistricts (tambon and the khwaeng of Bangkok) with their DOPA codes, district, province and centroid",
        "ตำบลและแขวง พร้อมรหัสกรมการปกครอง อำเภอ จังหวัด และจุดศูนย์กลาง",
        gazetteer=True,
    ),
    "areas": Export(
        "Smart city areas with their province, district, city, status and certification batch",
        "พื้นที่เมืองอัจฉริยะ พร้อมจังหวัด อำเภอ เมือง สถานะ และรอบการรับรอง",
    ),
    "cities": Export(
        "Cities and municipalities that the sources name, with their province and district",
        "เมืองและเทศบาลที่แหล่งที่มาระบุ พร้อมจังหวัดและอำเภอ",
    ),
}


def query_text(name: str) -> str:
    """The SPARQL SELECT of export `name`, for the default base: ?id (the local id, <kind>/<key>) and ?iri first, the
    other variables the columns, in order."""
    return (QUERIES / f"{name}.rq").read_text(encoding="utf-8")


def records(built: Built, name: str) -> tuple[list[str], list[dict[str, str]]]:
    """The columns and rows of an export, ordered by id; every value is text (an IRI, a code, a name)."""
    from pyoxigraph import QuerySolutions

    config = built.config
    text = iri.rebase(query_text(name), config.base)
    prefixes = iri.prefixes(iri.load_context(config.ontology, config.base))
    result = built.validation.store.query(text, use_default_graph_as_union=True, prefixes=prefixes)
    assert isinstance(result, QuerySolutions)
    columns = [variable.value for variable in result.variables]
    rows = []
    for solution in result:
        rows.append({column: getattr(solution[column], "value", "") for column in columns})
    return columns, rows


def written(config: Config, name: str) -> bool:
    """Whether a build writes export `name`: the configuration asks for it (exports.write of smartcity-kg.toml) and
    the layer it comes from is built."""
    export = EXPORTS[name]
    return (config.exports is None or name in config.exports) and (config.gazetteer or not export.gazetteer)


def table(built: Built, name: str) -> tuple[list[str], list[dict[str, str]]] | None:
    """The columns and rows of export `name`, queried once for its CSV and its JSON; None when the build
    skipped the layer it comes from."""
    if not written(built.config, name):
        return None
    if name not in built.tables:
        built.tables[name] = records(built, name)
    return built.tables[name]


def write_csv(name: str) -> Callable[[Built], bytes | None]:
    def write(built: Built) -> bytes | None:
        found = table(built, name)
        if found is None:
            return None
        columns, rows = found
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)
        return out.getvalue().encode("utf-8")

    return write


def write_json(name: str) -> Callable[[Built], bytes | None]:
    def write(built: Built) -> bytes | None:

        found = table(built, name)
        if found is None:
            return None
        columns, rows = found
        export = EXPORTS[name]
        about: dict[str, Any] = {
            "$comment": NOTICE,
            "title": {"en": export.title_en, "th": export.title_th},
            "license": LICENSE,
            "columns": columns,
        }
        # One record a line: 7,436 subdistricts are 7,436 lines (a diff shows the units that changed),
        # not 89,000 lines of indented fields.
        head = json.dumps(about, ensure_ascii=False, indent=1).removesuffix("\n}")
        lines = ",\n".join("  " + json.dumps(row, ensure_ascii=False) for row in rows)
        return (head + ',\n "records": [\n' + lines + ("\n" if rows else "") + " ]\n}\n").encode("utf-8")

    return write


LICENSE = "https://creativecommons.org/licenses/by/4.0/"


def write_readme(built: Built) -> bytes:

    lines = [
        "# graph/exports/",
        "",
        NOTICE,
        "",
        "Tables for people who do not use RDF, ready to upload to a CKAN portal such as data.go.th: one CSV",
        "(UTF-8, comma-separated, header row, RFC 4180) and one JSON file (`records`, with the columns and a",
        "title) per kind of entity. Each is a SPARQL query over the graph (src/smartcity_kg/pipeline/sparql/exports/); an empty",
        "cell is a value no source gives. Latitude and longitude are the centroid of the unit (WGS 84). Licence:",
        "CC BY 4.0; the provinces, districts and subdistricts come from W. J. Reynolds, Thailand Canonical",
        "Administrative-Names Reference v1.0.0 (CC BY 4.0). graph/void.ttl describes each file as a DCAT",
        "distribution of the dataset. Each CSV file has its CSV on the Web (W3C CSVW) metadata beside it,",
        f"`<name>.csv{METADATA_SUFFIX}`: the columns, their datatypes and the properties of the graph they are, so",
        "that a CSVW processor (csv2rdf, minimal mode) turns the CSV into triples of the graph.",
        "",
        "| file | what |",
        "| --- | --- |",
    ]
    for name, export in EXPORTS.items():
        if not written(built.config, name):
            continue
        lines += [f"| `{name}.csv`, `{name}.json`, `{name}.csv{METADATA_SUFFIX}` | {export.title_en} |"]
    return ("\n".join(lines) + "\n").encode("utf-8")


CSVW = "http://www.w3.org/ns/csvw"
"""The CSVW namespace and context; a metadata document names it as its @context, and DCAT as the standard it follows."""
METADATA_SUFFIX = "-metadata.json"
"""<table>.csv-metadata.json: the first place a CSVW processor looks for the metadata of <table>.csv."""
COLUMN_KEYS = frozenset(("datatype", "lang", "property", "value", "suppress"))
"""What a column of sparql/exports/<name>.csvw.toml may say (the comment at the top of each file says what they mean)."""
TABLE_KEYS = frozenset(("about", "types", "broader", "columns"))


def metadata_name(name: str) -> str:
    """The file of graph/ that holds the CSVW metadata of export `name`."""
    return f"{FOLDER}/{name}.csv{METADATA_SUFFIX}"


def columns_file(name: str) -> Path:
    return QUERIES / f"{name}.csvw.toml"


def read_columns(name: str) -> dict[str, Any]:
    """The CSVW declarations of export `name` (sparql/exports/<name>.csvw.toml); an unknown key is an error."""
    path = columns_file(name)
    with path.open("rb") as handle:
        declared = tomllib.load(handle)
    unknown = sorted(set(declared) - TABLE_KEYS) + sorted(
        f"columns.{column}.{key}" for column, keys in declared.get("columns", {}).items() for key in set(keys) - COLUMN_KEYS
    )
    if unknown:
        raise ValueError(f"{path.name}: unknown keys {', '.join(unknown)}")
    return declared


def metadata(built: Built, name: str, columns: list[str]) -> dict[str, Any]:
    """The CSVW metadata document of export `name`, whose CSV has `columns`: a table with its schema."""
    config = built.config
    declared = read_columns(name)
    prefixes = iri.prefixes(iri.load_context(config.ontology, config.base))
    if list(declared["columns"]) != columns:
        raise ValueError(f"{columns_file(name).name} declares the columns {list(declared['columns'])}, the query gives {columns}")

    def full(curie: str) -> str:
        found = iri.expand(curie, prefixes)
        if found == curie:
            raise ValueError(f"{columns_file(name).name}: {curie} has no prefix of the context")
        return found

    schema_columns: list[dict[str, Any]] = []
    for column, declaration in declared["columns"].items():
        described: dict[str, Any] = {"name": column, "titles": column, "datatype": declaration.get("datatype", "string")}
        if "lang" in declaration:
            described["lang"] = declaration["lang"]
        if "suppress" in declaration:
            described["suppressOutput"] = True
            described["rdfs:comment"] = declaration["suppress"]
        else:
            described["propertyUrl"] = full(declaration["property"])
        if "value" in declaration:
            described["valueUrl"] = iri.rebase(declaration["value"], config.base)
        schema_columns.append(described)
    # Virtual columns: triples of every row that no cell holds (its classes, its parent in the hierarchy).
    virtual = [(f"rdf_type{number or ''}", full("rdf:type"), full(cls)) for number, cls in enumerate(declared.get("types", []))]
    if "broader" in declared:
        virtual.append(("skos_broader", full("skos:broader"), iri.rebase(declared["broader"], config.base)))
    for key, predicate, template in virtual:
        schema_columns.append({"name": key, "virtual": True, "propertyUrl": predicate, "valueUrl": template})
    export = EXPORTS[name]
    return {
        "@context": CSVW,
        "rdfs:comment": NOTICE,
        "dc:title": [{"@value": export.title_en, "@language": "en"}, {"@value": export.title_th, "@language": "th"}],
        "dc:license": {"@id": LICENSE},
        "url": f"{name}.csv",
        "tableSchema": {"aboutUrl": declared["about"], "primaryKey": "id", "columns": schema_columns},
    }


def write_metadata(name: str) -> Callable[[Built], bytes | None]:
    def write(built: Built) -> bytes | None:
        found = table(built, name)
        if found is None:
            return None
        document = metadata(built, name, found[0])
        # Keys in the order they are made, not sorted: csvw_functions takes a value object only as @value first.
        return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")

    return write


def formats() -> dict[str, tuple[str, Callable[[Built], bytes | None]]]:
    """The files of graph/exports/, for write.FILES."""
    files: dict[str, tuple[str, Callable[[Built], bytes | None]]] = {}
    for name, export in EXPORTS.items():
        files[f"{FOLDER}/{name}.csv"] = (f"{export.title_en} (CSV)", write_csv(name))
        files[metadata_name(name)] = (f"its CSV on the Web metadata: columns, datatypes, properties ({name}.csv)", write_metadata(name))
        files[f"{FOLDER}/{name}.json"] = (f"{export.title_en} (JSON)", write_json(name))
    files[f"{FOLDER}/README.md"] = ("what the exports are, their licence and source", write_readme)
    return files
