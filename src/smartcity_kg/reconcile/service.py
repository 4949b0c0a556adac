"""The W3C Reconciliation Service API 0.2 over the matcher, as plain data: the manifest, batches of queries, suggest,
preview and data extension. No HTTP here: web/app.py routes requests to these functions and sends what they return;
a request that breaks the protocol raises BadRequest (400 with its message)."""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from typing import Any

from smartcity_kg import __version__
from smartcity_kg.reconcile.index import Entity, Index
from smartcity_kg.reconcile.matcher import Candidate, Matcher, Query
from smartcity_kg.reconcile.names import is_thai

VERSIONS = ["0.2"]
QUERY_KEYS = {"query", "type", "limit", "properties", "type_strict"}


class BadRequest(Exception):
    """A request the protocol does not allow: sent back as 400 with this message."""


@dataclass
class Service:
    index: Index
    matcher: Matcher

    @classmethod
    def of(cls, index: Index) -> Service:
        return cls(index, Matcher(index))

    # --- the manifest ---------------------------------------------------------------------------------

    def manifest(self, root: str) -> dict[str, Any]:
        """The service manifest; `root` is the URL of /reconcile without its trailing slash."""
        rules = self.index.policy
        served = root.removesuffix("/reconcile")
        return {
            "versions": VERSIONS,
            "name": rules.name,
            "identifierSpace": self.index.id_base,
            "schemaSpace": self.index.def_base,
            "serviceVersion": __version__,
            "view": {"url": served + "/id/{{id}}"},
            "preview": {"url": root + "/preview?id={{id}}", "width": rules.preview_width, "height": rules.preview_height},
            "defaultTypes": [self.type_of(type_id) for type_id in rules.types],
            "suggest": {
                kind: {"service_url": served, "service_path": f"/reconcile/suggest/{kind}"} for kind in ("entity", "type", "property")
            },
            "extend": {
                "propose_properties": {"service_url": served, "service_path": "/reconcile/propose_properties"},
                "property_settings": [],
            },
        }

    def type_of(self, type_id: str) -> dict[str, str]:
        return {"id": type_id, "name": self.index.policy.types[type_id].name}

    # --- queries ---------------------------------------------------------------------------------------

    def queries(self, text: str) -> dict[str, Any]:
        """The answer to a batch (`queries=` of OpenRefine): an object of query id -> {"result": [candidates]}."""
        batch = parse(text, "queries")
        if not isinstance(batch, dict):
            raise BadRequest("queries must be a JSON object of query id -> query")
        if len(batch) > self.index.policy.max_queries:
            raise BadRequest(f"a batch holds at most {self.index.policy.max_queries} queries; this one has {len(batch)}")
        parsed = {key: self.query(key, value) for key, value in batch.items()}
        return {key: {"result": [self.candidate(c, is_thai(q.text)) for c in self.matcher.match(q)]} for key, q in parsed.items()}

    def query(self, key: str, value: Any) -> Query:
        rules = self.index.policy
        where = f"query {key!r}"
        if not isinstance(value, dict):
            raise BadRequest(f"{where} must be an object with query, type, limit, properties")
        if unknown := set(value) - QUERY_KEYS:
            raise BadRequest(f"{where} has unknown keys: {', '.join(sorted(unknown))} (known: {', '.join(sorted(QUERY_KEYS))})")
        text = value.get("query", "")
        if not isinstance(text, str):
            raise BadRequest(f"{where}: query must be a string")
        types = value.get("type", [])
        types = [types] if isinstance(types, str) else types
        if not isinstance(types, list) or not all(isinstance(t, str) for t in types):
            raise BadRequest(f"{where}: type must be a type id or a list of them")
        types = [t.removeprefix(self.index.def_base) for t in types]
        if unknown_types := [t for t in types if t not in rules.types]:
            raise BadRequest(f"{where}: unknown type {unknown_types[0]!r}; the types are {', '.join(rules.types)}")
        limit = value.get("limit", rules.default_limit)
        if isinstance(limit, bool) or not isinstance(limit, int | float) or limit < 1:
            raise BadRequest(f"{where}: limit must be a positive number")
        within = []
        properties = value.get("properties", [])
        if not isinstance(properties, list):
            raise BadRequest(f"{where}: properties must be a list of {{pid, v}}")
        for item in properties:
            if not isinstance(item, dict) or "pid" not in item or "v" not in item:
                raise BadRequest(f"{where}: each property needs pid and v")
            pid = str(item["pid"]).removeprefix(self.index.def_base)
            if pid not in rules.conditions:
                raise BadRequest(f"{where}: unknown property {pid!r}; the properties are {', '.join(rules.conditions)}")
            values = item["v"] if isinstance(item["v"], list) else [item["v"]]
            texts = tuple(str(v["id"] if isinstance(v, dict) and "id" in v else v) for v in values if str(v).strip())
            if texts:
                within.append((pid, texts))
        if not text.strip() and not within:
            raise BadRequest(f"{where}: give a query string (or properties)")
        return Query(text, tuple(types), tuple(within), min(int(limit), rules.max_limit))

    def candidate(self, candidate: Candidate, thai: bool) -> dict[str, Any]:
        entity = candidate.entity
        return {
            "id": entity.id,
            "name": entity.name("th" if thai else "en"),
            "description": self.description(entity, "th" if thai else "en"),
            "type": [self.type_of(t) for t in sorted(entity.types)],
            "score": round(candidate.score, 1),
            "match": candidate.match,
        }

    def description(self, entity: Entity, language: str) -> str:
        """What tells namesakes apart: the other language's name, and the units it lies in."""
        other = entity.name("en" if language == "th" else "th")
        chain = [self.index.entities[u].name(language) for u in self.index.ancestors.get(entity.id, ())]
        return " · ".join(part for part in (other, *chain, entity.id) if part)

    # --- suggest ---------------------------------------------------------------------------------------

    def suggest_entity(self, prefix: str, type_id: str | None, limit: int = 10) -> dict[str, Any]:
        types = (type_id.removeprefix(self.index.def_base),) if type_id else ()
        if types and types[0] not in self.index.policy.types:
            raise BadRequest(f"unknown type {types[0]!r}")
        found = self.matcher.match(Query(prefix, types, limit=limit)) if prefix.strip() else []
        key = self.index.cleaner.key(prefix)
        # Names that begin with the prefix as typed so far, after the near matches of the whole of it.
        seen = {c.entity.id for c in found}
        starts = [
            e
            for e in self.index.entities.values()
            if e.id not in seen
            and (not types or e.types & set(types))
            and key
            and any(self.index.cleaner.key(n).startswith(key) for n, _ in self.index.names(e))
        ]
        entities = [c.entity for c in found] + sorted(starts, key=lambda e: (len(e.name()), e.id))
        thai = is_thai(prefix)
        return {
            "result": [
                {
                    "id": e.id,
                    "name": e.name("th" if thai else "en"),
                    "description": self.description(e, "th" if thai else "en"),
                    "notable": [self.type_of(t) for t in sorted(e.types)],
                }
                for e in entities[:limit]
            ]
        }

    def suggest_type(self, prefix: str) -> dict[str, Any]:
        words = prefix.casefold().strip()
        return {
            "result": [
                self.type_of(t.id) for t in self.index.policy.types.values() if words in t.id.casefold() or words in t.name.casefold()
            ]
        }

    def suggest_property(self, prefix: str) -> dict[str, Any]:
        words = prefix.casefold().strip()
        rules = self.index.policy
        named = {c.id: c.name for c in rules.conditions.values()} | {e.id: e.name for e in rules.extensions.values()}
        return {"result": [{"id": k, "name": v} for k, v in named.items() if words in k.casefold() or words in v.casefold()]}

    # --- data extension -------------------------------------------------------------------------------

    def propose_properties(self, type_id: str, limit: int | None = None) -> dict[str, Any]:
        type_id = type_id.removeprefix(self.index.def_base)
        if type_id not in self.index.policy.types:
            raise BadRequest(f"unknown type {type_id!r}; the types are {', '.join(self.index.policy.types)}")
        properties = [{"id": e.id, "name": e.name} for e in self.index.policy.extensions.values()]
        return {"type": type_id, "properties": properties[:limit] if limit else properties}

    def extend(self, text: str) -> dict[str, Any]:
        request = parse(text, "extend")
        if not isinstance(request, dict) or not isinstance(request.get("ids"), list) or not isinstance(request.get("properties"), list):
            raise BadRequest('extend must be a JSON object {"ids": [...], "properties": [{"id": ...}]}')
        rules = self.index.policy
        wanted = []
        for item in request["properties"]:
            pid = item.get("id") if isinstance(item, dict) else None
            if pid not in rules.extensions:
                raise BadRequest(f"unknown property {pid!r}; the properties are {', '.join(rules.extensions)}")
            wanted.append(pid)
        rows: dict[str, dict[str, list[dict[str, Any]]]] = {}
        for raw in request["ids"]:
            ident = self.index.local(str(raw))
            entity = self.index.entities.get(ident)
            rows[str(raw)] = {pid: self.values(entity, pid) if entity else [] for pid in wanted}
        meta = []
        for pid in wanted:
            extension = rules.extensions[pid]
            entry: dict[str, Any] = {"id": pid, "name": extension.name}
            if extension.value in ("province", "district"):
                entry["type"] = self.type_of(extension.value.capitalize())
            meta.append(entry)
        return {"meta": meta, "rows": rows}

    def values(self, entity: Entity, pid: str) -> list[dict[str, Any]]:
        extension = self.index.policy.extensions[pid]
        if extension.value == "wkt":
            return [{"str": entity.wkt}] if entity.wkt else []
        if extension.value in ("province", "district"):
            unit = self.index.ancestor(entity.id, extension.value.capitalize())
            return [{"id": unit.id, "name": unit.name("th")}] if unit else []
        predicate = self.index.expand(extension.predicate)
        return [
            {"str": value}
            for value, lang in sorted(entity.values.get(predicate, []))
            if not extension.language or lang == extension.language
        ]

    # --- preview ---------------------------------------------------------------------------------------

    def preview(self, raw: str, page: str) -> str | None:
        """A small bilingual card (HTML) of the entity, with a link to its page `page`; None if unknown."""
        entity = self.index.entities.get(self.index.local(raw))
        if entity is None:
            return None
        e = html.escape
        chain = " · ".join(
            e(self.index.entities[u].name("th")) + " / " + e(self.index.entities[u].name("en")) for u in self.index.ancestors[entity.id]
        )
        types = ", ".join(e(self.index.policy.types[t].name) for t in sorted(entity.types))
        code = ", ".join(e(c) for c in entity.codes)
        return (
            '<!DOCTYPE html><html lang="th"><head><meta charset="utf-8"><title>' + e(entity.name("th")) + "</title>"
            "<style>body{font:14px/1.4 sans-serif;margin:6px}h1{font-size:16px;margin:0}p{margin:2px 0;color:#444}</style></head><body>"
            f'<h1 lang="th">{e(entity.name("th"))}</h1><p lang="en"><b>{e(entity.name("en"))}</b></p>'
            f"<p>{types}{' · ' + code if code else ''}</p>"
            + (f"<p>{chain}</p>" if chain else "")
            + f'<p><a href="{e(page)}" target="_blank">{e(entity.id)}</a></p></body></html>'
        )


def parse(text: str, what: str) -> Any:
    try:
        return json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise BadRequest(f"{what} is not JSON: {error}") from None
