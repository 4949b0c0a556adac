"""/reconcile: the W3C Reconciliation Service API 0.2 (as OpenRefine speaks it) over reconcile/service.py.

| route | what |
| --- | --- |
| `GET /reconcile` | the manifest (JSONP with `callback=`); with `queries=` or `extend=`, as POST |
| `POST /reconcile` | `queries=` a batch of queries, `extend=` data extension (form fields, or the JSON body itself) |
| `GET /reconcile/preview?id=` | a small bilingual card |
| `GET /reconcile/suggest/{entity,type,property}?prefix=` | suggest |
| `GET /reconcile/propose_properties?type=` | the properties data extension offers for a type |

Every answer carries `Access-Control-Allow-Origin: *`, as the specification asks, whether the request has an Origin or
not. The index is built from graph/ at the first request (about a second), in a thread.
"""

from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from smartcity_kg.reconcile.index import open_index
from smartcity_kg.reconcile.service import BadRequest, Service

CORS = {"access-control-allow-origin": "*"}
CALLBACK = re.compile(r"^[A-Za-z_$][\w$.]{0,99}$")


def json_response(data: Any, callback: str | None = None) -> Response:
    body = json.dumps(data, ensure_ascii=False)
    if callback:
        return Response(f"{callback}({body});", media_type="application/javascript; charset=utf-8", headers=CORS)
    return Response(body, media_type="application/json; charset=utf-8", headers=CORS)


def bad_request(message: str) -> Response:
    return Response(message + "\n", status_code=400, media_type="text/plain; charset=utf-8", headers=CORS)


class Reconciliation:
    """The routes of /reconcile, over the index of `graph` (built once, at the first request)."""

    def __init__(self, graph: Path, base: str) -> None:
        self.graph, self.base = graph, base
        self.built: Service | None = None
        self.lock = asyncio.Lock()

    async def service(self) -> Service:
        async with self.lock:
            if self.built is None:
                self.built = Service.of(await asyncio.to_thread(open_index, self.graph, self.base))
            return self.built

    async def fields(self, request: Request) -> dict[str, str]:
        """The request's parameters: the query string, and a POSTed form (or a JSON body, read as `queries`)."""
        found = dict(request.query_params)
        if request.method == "POST":
            body = (await request.body()).decode("utf-8", errors="replace")
            content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
            if content_type == "application/json":
                data = json.loads(body) if body.strip().startswith("{") else {}
                found.setdefault("extend" if "ids" in data else "queries", body)
            else:
                found |= {key: values[-1] for key, values in parse_qs(body, keep_blank_values=True, max_num_fields=16).items()}
        return found

    async def endpoint(self, request: Request) -> Response:
        if request.method == "OPTIONS":
            return Response(status_code=204, headers=CORS | {"allow": "GET, POST, OPTIONS"})
        callback = request.query_params.get("callback")
        if callback is not None and not CALLBACK.match(callback):
            return bad_request("callback must be a JavaScript name (letters, digits, _, $ and .)")
        try:
            fields = await self.fields(request)
            service = await self.service()
            if "queries" in fields:
                return json_response(await asyncio.to_thread(service.queries, fields["queries"]), callback)
            if "extend" in fields:
                return json_response(service.extend(fields["extend"]), callback)
            if request.method == "POST":
                raise BadRequest("POST queries=<JSON batch> or extend=<JSON request> (application/x-www-form-urlencoded)")
            root = str(request.url_for("reconcile")).rstrip("/")
            return json_response(service.manifest(root), callback)
        except BadRequest as error:
            return bad_request(str(error))
        except ValueError as error:
            return bad_request(f"the request could not be read: {error}")

    async def preview(self, request: Request) -> Response:
        ident = request.query_params.get("id")
        if not ident:
            return bad_request("give the entity: /reconcile/preview?id=district/4001")
        service = await self.service()
        card = service.preview(ident, str(request.url_for("id", path=service.index.local(ident))))
        if card is None:
            return Response(f"no entity {ident}\n", status_code=404, media_type="text/plain; charset=utf-8", headers=CORS)
        return HTMLResponse(card, headers=CORS)

    async def suggest(self, request: Request) -> Response:
        kind = request.path_params["kind"]
        params = request.query_params
        prefix = params.get("prefix")
        if prefix is None:
            return bad_request("give what to complete: ?prefix=...")
        service = await self.service()
        try:
            if kind == "entity":
                return json_response(service.suggest_entity(prefix, params.get("type")), params.get("callback"))
            if kind == "type":
                return json_response(service.suggest_type(prefix), params.get("callback"))
            if kind == "property":
                return json_response(service.suggest_property(prefix), params.get("callback"))
        except BadRequest as error:
            return bad_request(str(error))
        return Response("suggest is for entity, type or property\n", status_code=404, headers=CORS)

    async def propose(self, request: Request) -> Response:
        type_id = request.query_params.get("type")
        if not type_id:
            return bad_request("give the type: /reconcile/propose_properties?type=District")
        limit = request.query_params.get("limit")
        try:
            service = await self.service()
            return json_response(service.propose_properties(type_id, int(limit) if limit else None), request.query_params.get("callback"))
        except BadRequest as error:
            return bad_request(str(error))
        except ValueError:
            return bad_request("limit must be a whole number")
