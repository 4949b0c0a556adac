"""The routes of `smartcity-kg serve` (Starlette): /sparql, /id/ -> /doc/, /def/, /, /query, dumps, releases.

| route | what |
| --- | --- |
| `/` | home page: what the dataset is, counts, entry points |
| `/query` | YASGUI, with the example questions of queries/ as tabs, named by question in the page's language |
| `/sparql` | SPARQL 1.1 Protocol: GET, POST form, POST direct; the service description without a query |
| `/id/{kind}/{key}` | 303 See Other to `/doc/{kind}/{key}.{html,ttl,jsonld,nt,rdf}` by Accept; 404 if unknown |
| `/doc/{kind}/{key}[.ext]` | the document about the entity, in the format of its extension (or by Accept without one) |
| `/def/[Term]` | ontology terms, by Accept, from graph/ontology.ttl and graph/shapes.ttl |
| `/def/{version}/` | the ontology document of a version its owl:versionIRI names (only the one graph/ holds) |
| `/graph/{path}`, `/context.jsonld` | the files of graph/ (exports/ too) and the JSON-LD context |
| `/releases` | the releases of releases/, newest first: notes, changelog, files with size and SHA-256 (HTML, th/en) |
| `/release/{version}/{path}` | a file of a release as it recorded it: from graph/ while it still holds it, else from git; 404 if neither |
| `/reconcile`, `/reconcile/...` | the Reconciliation Service API 0.2 for OpenRefine (web/reconciliation.py) |
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import AsyncIterator, Callable, Coroutine
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import parse_qs, quote

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from smartcity_kg import __version__
from smartcity_kg.core import iri, releases
from smartcity_kg.pipeline.write import FILES as DUMPS
from smartcity_kg.present import STATIC, TEMPLATES, conneg, history
from smartcity_kg.present.asks import document_query, iri_ref
from smartcity_kg.present.messages import LANGUAGES, pick_language, texts
from smartcity_kg.present.pages import Presenter
from smartcity_kg.present.statistics import Counts, counts, layer_graphs
from smartcity_kg.present.vocabulary import OUTSIDE_LABELS, Vocabulary
from smartcity_kg.rdf import examples, formats
from smartcity_kg.rdf.formats import Format
from smartcity_kg.rdf.results import GraphStyle, serialize_triples
from smartcity_kg.rdf.runners import Answer, Job, RemoteRunner, Runner
from smartcity_kg.rdf.sparql import QueryFailed, QueryRefused, check, graph_iris, with_prefixes
from smartcity_kg.rdf.workers import EmbeddedRunner, WorkerSettings
from smartcity_kg.web import service
from smartcity_kg.web.guard import Guard, error_response
from smartcity_kg.web.negotiation import DOCUMENT_FORMATS, HTML, negotiate, offers
from smartcity_kg.web.reconciliation import Reconciliation
from smartcity_kg.web.settings import ServeSettings

# ---------------------------------------------------------------------------------------------------
# The application
# ---------------------------------------------------------------------------------------------------


class Server:
    """State shared by the routes: runners, vocabulary, templates, cached counts."""

    def __init__(self, settings: ServeSettings) -> None:
        self.settings = settings
        config = settings.config
        self.base = config.base
        context_path = settings.graph / "context.jsonld"
        context = json.loads(context_path.read_text(encoding="utf-8"))["@context"] if context_path.exists() else {}
        self.prefixes = iri.prefixes(context)
        self.style = GraphStyle(self.prefixes, iri.document_context(context, self.base) if context else None)
        self.vocabulary = Vocabulary(
            {iri.def_base(self.base): settings.graph / "ontology.ttl", iri.def_base(self.base) + "shapes/": settings.graph / "shapes.ttl"},
            self.prefixes,
            settings.config.root / OUTSIDE_LABELS,
        )
        self.site = Presenter(self.base, self.vocabulary)
        self.versions = frozenset(self.vocabulary.versions(iri.def_base(self.base)))
        self.runner: Runner
        self.pages: Runner
        if settings.endpoint:
            self.runner = self.pages = RemoteRunner(settings.endpoint, settings.limits, self.style)
        else:
            # As `smartcity-kg query`: the named graphs of the dump (and of the gazetteer layer when graph/ has
            # it), and the ontology in the default graph.
            gazetteer = settings.graph / "gazetteer.nq.gz"
            files = (settings.graph / "smartcity.nq", *([gazetteer] if gazetteer.is_file() else []), settings.graph / "ontology.ttl")
            limits = settings.limits
            self.runner = EmbeddedRunner(
                WorkerSettings(files, self.style, limits.max_result, settings.memory_mb, nice=5), limits, settings.workers
            )
            self.pages = EmbeddedRunner(
                WorkerSettings(files, self.style, limits.max_result, settings.memory_mb), limits, settings.page_workers, name="pages"
            )
        self.templates = Environment(
            loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]), trim_blocks=True, lstrip_blocks=True
        )
        self.templates.filters["local"] = lambda value: self.site.href(value) or value
        self.templates.globals["link"] = lambda href: href  # the static site (site/render.py) makes links relative instead
        self.layer = layer_graphs(settings.graph / "gazetteer.nq.gz")  # for the home page's count per layer
        self.counts: dict[str, tuple[float, Counts]] = {}
        self.root = config.root
        self.releases = history.ReleasesPage(self.site, config.root, settings.graph)
        self.available: dict[tuple[tuple[str, int, int], ...], dict[str, set[str]]] = {}
        """The files of each release this copy has, by the state of releases/ they were looked up for."""
        self.counts_lock = asyncio.Lock()

    @contextlib.asynccontextmanager
    async def lifespan(self, app: Starlette) -> AsyncIterator[None]:
        runners = [self.runner] if self.runner is self.pages else [self.runner, self.pages]
        await asyncio.gather(*(r.start() for r in runners))
        try:
            yield
        finally:
            for runner in runners:
                await runner.close()

    # --- helpers -----------------------------------------------------------------------------------

    def language(self, request: Request) -> str:
        return pick_language(request.query_params.get("lang"), request.cookies.get("lang"), request.headers.get("accept-language"))

    def render(self, request: Request, template: str, status: int = 200, **values: Any) -> HTMLResponse:
        lang = self.language(request)
        page = self.templates.get_template(template).render(
            lang=lang,
            t=texts(lang),
            languages=LANGUAGES,
            path=request.url.path,
            version=__version__,
            base=self.base,
            **values,
        )
        response = HTMLResponse(page, status_code=status, headers={"vary": "Accept, Accept-Language, Cookie"})
        chosen = request.query_params.get("lang")
        if chosen in LANGUAGES:
            response.set_cookie("lang", chosen, max_age=365 * 24 * 3600, samesite="lax")
        return response

    def not_found(self, request: Request, subject: str | None = None) -> Response:
        # An IRI a release published and a later one removed or renamed: the 404 says when, and why.
        steps = self.history(subject, self.language(request)) if subject else []
        if self.wants_html(request):
            title = texts(self.language(request))["not_found"]
            if history.gone(steps):
                message = texts(self.language(request))["gone_text"]
                return self.render(request, "error.html", 404, title=title, message=message, subject=subject, history=steps)
            return self.render(request, "error.html", 404, title=title, subject=subject)
        if subject and (step := history.gone(steps)) is not None:
            why = f" ({step.why})" if step.why else ""
            to = f" to {step.other.iri}" if step.other else ""
            what = step.kind.replace("_", " ")
            return error_response(404, f"{subject} is no longer in the data: {what}{to} in release {step.version}{why}")
        return error_response(404, f"nothing is known about {subject}" if subject else "not found")

    def history(self, subject: str, lang: str) -> list[history.Step]:
        if not subject.startswith(iri.id_base(self.base)):
            return []
        return history.history(self.root, self.base, subject, self.site, lang)

    @staticmethod
    def wants_html(request: Request) -> bool:
        # Only an explicit text/html (as browsers send) picks HTML; */* (curl, libraries) gets text.
        offered = [("text/plain", formats.GRAPHS["ntriples"]), (HTML, DOCUMENT_FORMATS["html"])]
        return negotiate(request.headers.get("accept"), offered) is DOCUMENT_FORMATS["html"]

    async def cached_counts(self, lang: str) -> Counts:
        async with self.counts_lock:
            cached = self.counts.get(lang)
            if cached is None or time.monotonic() - cached[0] > 300:
                cached = (time.monotonic(), await counts(self.pages, self.site, lang, self.layer))
                self.counts[lang] = cached
            return cached[1]

    # --- /sparql -----------------------------------------------------------------------------------

    async def sparql(self, request: Request) -> Response:
        limits = self.settings.limits
        if request.method == "OPTIONS":
            return Response(status_code=204, headers={"allow": "GET, POST, OPTIONS"})
        params: dict[str, list[str]] = {}
        for key, value in request.query_params.multi_items():
            params.setdefault(key, []).append(value)
        if request.method == "POST":
            content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
            body = await request.body()
            if content_type == "application/sparql-update":
                raise QueryRefused("SPARQL Update is not allowed: this endpoint is read-only")
            if content_type == "application/x-www-form-urlencoded":
                try:
                    fields = parse_qs(body.decode("utf-8"), keep_blank_values=True, max_num_fields=64)
                except (UnicodeDecodeError, ValueError) as error:
                    raise QueryFailed(f"the form could not be read: {error}") from None
                for key, values in fields.items():
                    params.setdefault(key, []).extend(values)
            elif content_type == "application/sparql-query":
                try:
                    params.setdefault("query", []).append(body.decode("utf-8"))
                except UnicodeDecodeError:
                    raise QueryFailed("the query is not UTF-8") from None
            else:
                return error_response(415, "POST a query as application/x-www-form-urlencoded (query=...) or as application/sparql-query")
        if "update" in params:
            raise QueryRefused("SPARQL Update is not allowed: this endpoint is read-only")
        queries = params.get("query", [])
        if not queries:
            if request.method == "GET" and self.wants_html(request):
                return RedirectResponse("/query", status_code=303)
            return await self.service_description(request)
        if len(queries) > 1:
            raise QueryFailed("send exactly one query parameter")
        form = check(queries[0], limits.max_query_length)
        requested = next(iter(params.get("format") or params.get("output") or []), None)
        if requested:
            fmt = formats.named(requested, form)
            if fmt is None:
                names = ", ".join(f.name for f in formats.for_form(form).values())
                raise QueryFailed(f"unknown format {requested!r} for a {form} query; one of: {names}", 406)
        else:
            fmt = negotiate(request.headers.get("accept"), offers(formats.for_form(form)))
            if fmt is None:
                types = ", ".join(f.media_type for f in formats.for_form(form).values())
                raise QueryFailed(f"none of the accepted media types can carry a {form} answer; this endpoint sends: {types}", 406)
        # The prefixes of `smartcity-kg query` (the context's), so that its queries run here unchanged.
        job = Job(
            with_prefixes(queries[0], self.prefixes),
            form,
            fmt.name,
            graph_iris("default-graph-uri", params.get("default-graph-uri", [])),
            graph_iris("named-graph-uri", params.get("named-graph-uri", [])),
        )
        answer = await self.runner.run(job)
        return self.answer(answer, vary=not requested)

    @staticmethod
    def answer(answer: Answer, vary: bool = True, extra: dict[str, str] | None = None) -> Response:
        media_type = answer.media_type
        if media_type.startswith("text/") or media_type.endswith(("json", "+xml")):
            media_type += "; charset=utf-8"
        headers = {"vary": "Accept"} if vary else {}
        return Response(answer.body, headers=headers | (extra or {}), media_type=media_type)

    async def service_description(self, request: Request) -> Response:
        fmt = negotiate(request.headers.get("accept"), offers(formats.GRAPHS))
        if fmt is None:
            return error_response(406, "the service description is sent as " + ", ".join(f.media_type for f in formats.GRAPHS.values()))
        graphs = [(position, graph.iri) for position, (graph, _) in enumerate((await self.cached_counts("en")).graphs) if graph.iri]
        triples = service.description(
            str(request.url_for("sparql")), self.base, self.prefixes, self.vocabulary.expand, self.runner.union_default_graph, graphs
        )
        style = GraphStyle(self.prefixes | service.PREFIXES)
        body = await asyncio.to_thread(serialize_triples, triples, fmt.name, style, self.settings.limits.max_result)
        return self.answer(Answer(body, fmt.media_type))

    # --- linked data -------------------------------------------------------------------------------

    def subject(self, path: str, namespace: str) -> str:
        subject = namespace + path
        try:
            iri_ref(subject)
        except ValueError:
            raise HTTPException(404) from None
        return subject

    async def exists(self, subject: str) -> bool:
        s = iri_ref(subject)
        query = f"ASK {{ {{ {s} ?p ?o }} UNION {{ ?x ?q {s} }} UNION {{ GRAPH ?g {{ {s} ?p ?o }} }} UNION {{ GRAPH ?h {{ ?x ?q {s} }} }} }}"
        answer = await self.pages.run(Job(query, "ASK", "json"))
        return bool(json.loads(answer.body)["boolean"])

    async def identifier(self, request: Request) -> Response:
        """/id/...: 303 See Other to the document in the format Accept asks for."""
        path = request.path_params["path"]
        subject = self.subject(path, iri.id_base(self.base))
        if not await self.exists(subject):
            return self.not_found(request, subject)
        fmt = negotiate(request.headers.get("accept"), offers(DOCUMENT_FORMATS))
        if fmt is None:
            return error_response(406, "documents are sent as " + ", ".join(f.media_type for f in DOCUMENT_FORMATS.values()))
        location = f"/doc/{quote(path)}.{fmt.extension}" + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(location, status_code=303, headers={"vary": "Accept"})

    def document_format(self, request: Request, path: str) -> tuple[str, Format | None, bool]:
        """(path without extension, format, whether Accept chose it)."""
        stem, dot, extension = path.rpartition(".")
        if dot and extension in DOCUMENT_FORMATS:
            return stem, DOCUMENT_FORMATS[extension], False
        return path, negotiate(request.headers.get("accept"), offers(DOCUMENT_FORMATS)), True

    async def document(self, request: Request) -> Response:
        """/doc/...: the entity's page (HTML) or its triples (Turtle, JSON-LD, N-Triples, RDF/XML)."""
        path, fmt, negotiated = self.document_format(request, request.path_params["path"])
        subject = self.subject(path, iri.id_base(self.base))
        return await self.describe(request, subject, fmt, negotiated)

    async def term(self, request: Request) -> Response:
        """/def/...: a term of the ontology, served directly (no redirect), by Accept or extension."""
        if request.path_params.get("path", "") in self.versions:
            return await self.ontology_version(request)
        path, fmt, negotiated = self.document_format(request, request.path_params.get("path", ""))
        return await self.describe(request, self.subject(path, iri.def_base(self.base)), fmt, negotiated)

    async def ontology_version(self, request: Request) -> Response:
        """/def/<version>/ (the owl:versionIRI): the ontology document of that version, by Accept, served directly.

        Only the version graph/ holds has one; HTML is the ontology's page, RDF the whole ontology.
        """
        ontology = iri.def_base(self.base)
        fmt = negotiate(request.headers.get("accept"), offers(DOCUMENT_FORMATS))
        if fmt is None or fmt.name == "html":
            return await self.describe(request, ontology, fmt, True)
        body = serialize_triples(self.vocabulary.triples(ontology), fmt.name, self.style, self.settings.limits.max_result)
        return self.answer(Answer(body, fmt.media_type))

    async def describe(self, request: Request, subject: str, fmt: Format | None, negotiated: bool) -> Response:
        if fmt is None:
            return error_response(406, "documents are sent as " + ", ".join(f.media_type for f in DOCUMENT_FORMATS.values()))
        headers = {"vary": "Accept"} if negotiated else {}
        in_vocabulary = subject.startswith(iri.def_base(self.base))
        if fmt.name == "html":
            lang = self.language(request)
            entity = await self.site.describe(self.pages, subject, lang)
            if entity is None:
                return self.not_found(request, subject)
            instances = []
            if in_vocabulary and any(t.iri and t.iri.endswith("#Class") for t in entity.types):
                instances = await self.site.instances(self.pages, subject, lang)
            response = self.render(
                request,
                "entity.html",
                entity=entity,
                instances=instances,
                links=self.alternates(subject),
                history=self.history(subject, lang),
            )
            response.headers.update(headers)
            return response
        if in_vocabulary:
            triples = list(self.vocabulary.store.query(document_query(subject), use_default_graph_as_union=True))  # type: ignore[arg-type]
            if not triples:
                return self.not_found(request, subject)
            body = serialize_triples(triples, fmt.name, self.style, self.settings.limits.max_result)
            return self.answer(Answer(body, fmt.media_type), vary=negotiated)
        if not await self.exists(subject):
            return self.not_found(request, subject)
        answer = await self.pages.run(Job(document_query(subject), "CONSTRUCT", fmt.name))
        return self.answer(answer, vary=negotiated)

    def alternates(self, subject: str) -> list[tuple[str, str]]:
        local = self.site.href(subject) or ""
        return [(f.media_type, f"{local}.{ext}") for ext, f in DOCUMENT_FORMATS.items() if ext != "html"]

    # --- pages -------------------------------------------------------------------------------------

    async def home(self, request: Request) -> Response:
        lang = self.language(request)
        found = await self.cached_counts(lang)
        return self.render(
            request,
            "home.html",
            counts=found,
            runner=self.runner.description,
            dumps=[name for name in DUMPS if name != "README.md"],
            limits=self.settings.limits,
        )

    async def query_page(self, request: Request) -> Response:
        lang = self.language(request)
        found = examples.page_examples(self.settings.queries, first=FIRST_TAB)
        if not found:
            found = [examples.Example(Path("areas.rq"), DEFAULT_QUERY.replace(iri.DEFAULT_BASE, self.base))]
        # What query.js needs to show the results as a person reads them: the prefixes to compact IRIs with,
        # and the base whose IRIs this server answers for (linked to it, so that they dereference here).
        data = {
            "endpoint": str(request.url_for("sparql")),
            "base": self.base,
            "prefixes": self.prefixes,
            "tabs": [{"name": examples.question(e, lang), "query": e.text} for e in found],
        }
        return self.render(request, "query.html", data=data, yasgui=self.settings.yasgui.is_dir())

    async def dump(self, request: Request) -> Response:
        """/graph/<path>: a file of graph/, in a sub-folder too (exports/), typed as the static site's rules type it."""
        path = published_file(self.settings.graph, request.path_params["path"])
        if path is None:
            return self.not_found(request)
        return FileResponse(path, media_type=file_media_type(path.name))

    async def releases_page(self, request: Request) -> Response:
        """/releases: every release, newest first, with its notes, changelog and files (HTML: it is a page, <base>releases)."""
        stamp = releases.stamp(releases.folder(self.root))
        if stamp not in self.available:  # git is asked once per state of releases/, not on every view
            found = await asyncio.to_thread(
                lambda: {r.version: releases.available(r, self.root, self.settings.graph) for r in releases.read_all(self.root)}
            )
            self.available = {stamp: found}
        views = await self.releases.views(self.pages, self.language(request), self.available[stamp])
        return self.render(request, "releases.html", releases=views)

    async def release_file(self, request: Request) -> Response:
        """/release/<version>/<path>: a file of a release, the bytes it recorded (checked by SHA-256)."""
        version, name = request.path_params["version"], request.path_params["path"]
        release = releases.find(self.root, version) if releases.VERSION.fullmatch(version) else None
        if release is None or name not in release.files:
            return self.not_found(request)
        data = await asyncio.to_thread(releases.file_bytes, release, name, self.root, self.settings.graph)
        if data is None:
            blob = release.files[name].blob
            detail = (
                f"{name} of release {version} is not in this copy: graph/ no longer holds it and the git objects have no blob "
                f"{blob} (a copy without the history); a clone with its history has it"
            )
            if self.wants_html(request):
                t = texts(self.language(request))
                message = t["release_file_missing"].format(version=version)
                return self.render(request, "error.html", 404, title=t["not_found"], message=message, detail=detail)
            return error_response(404, detail)
        return Response(data, media_type=file_media_type(name))

    async def context(self, request: Request) -> Response:
        return FileResponse(self.settings.graph / "context.jsonld", media_type="application/ld+json")


def file_media_type(name: str) -> str:
    """The type a file of graph/ (or of a release) is sent with: the static site's rules type it the same way."""
    extension = PurePosixPath(name).suffix[1:]
    media_type = conneg.MEDIA_TYPES.get(extension, "application/octet-stream")
    return media_type + ("; charset=utf-8" if extension in conneg.TEXT else "")


def published_file(folder: Path, path: str) -> Path | None:
    """The file at `path` (`exports/areas.csv`) in `folder`, or None: no dotfile or dot segment (`..`) on the
    way, and nothing a symbolic link leads to outside `folder`."""
    parts = path.split("/")
    if any(not part or part.startswith(".") for part in parts):
        return None
    root = folder.resolve()
    found = root.joinpath(*parts).resolve()
    return found if found.is_relative_to(root) and found.is_file() else None


# The article's list of the areas approved at meeting 1/2565: the question most visitors come with.
FIRST_TAB = "areas-approved-1-2565"
# The query page's only tab when queries/ has none.
DEFAULT_QUERY = """# question: Which smart city areas are there, and in which province is each?
# question_th: มีพื้นที่เมืองอัจฉริยะใดบ้าง และแต่ละพื้นที่อยู่ในจังหวัดใด
PREFIX tsc: <https://w3id.org/thai-smart-city/def/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?area ?name ?province ?provinceName WHERE {
  ?area a tsc:SmartCityArea ; rdfs:label ?name ; tsc:province ?province .
  ?province rdfs:label ?provinceName .
  FILTER(LANG(?name) = "th" && LANG(?provinceName) = "th")
}
ORDER BY ?provinceName ?name
"""


def guarded(
    handler: Callable[[Request], Coroutine[Any, Any, Response]], server: Server
) -> Callable[[Request], Coroutine[Any, Any, Response]]:
    """Query errors (refused, too large, timed out, bad syntax) with their status: a page in the reader's language
    for a browser, plain text (English) for programs."""

    async def run(request: Request) -> Response:
        try:
            return await handler(request)
        except QueryFailed as error:
            response: Response
            if server.wants_html(request):
                t = texts(server.language(request))
                message = t.get(f"error_{error.kind}") if error.kind else None
                response = server.render(
                    request, "error.html", error.status, title=t["error"], message=message or t["error_text"], detail=error.message
                )
            else:
                response = error_response(error.status, error.message)
            if error.status == 503:
                response.headers["retry-after"] = "5"
            return response

    return run


def application(settings: ServeSettings) -> Starlette:
    server = Server(settings)
    reconciliation = Reconciliation(settings.graph, settings.config.base)
    routes = [
        Route("/", guarded(server.home, server), name="home"),
        Route("/query", guarded(server.query_page, server), name="query"),
        Route("/sparql", guarded(server.sparql, server), methods=["GET", "POST", "OPTIONS"], name="sparql"),
        Route("/id/{path:path}", guarded(server.identifier, server), name="id"),
        Route("/doc/{path:path}", guarded(server.document, server), name="doc"),
        Route("/def/", guarded(server.term, server), name="ontology"),
        Route("/def/{path:path}", guarded(server.term, server), name="def"),
        Route("/graph/{path:path}", guarded(server.dump, server), name="graph"),
        Route("/context.jsonld", guarded(server.context, server), name="context"),
        Route("/releases", guarded(server.releases_page, server), name="releases"),
        Route("/release/{version}/{path:path}", guarded(server.release_file, server), name="release"),
        Route("/reconcile", reconciliation.endpoint, methods=["GET", "POST", "OPTIONS"], name="reconcile"),
        Route("/reconcile/preview", reconciliation.preview, name="reconcile-preview"),
        Route("/reconcile/suggest/{kind}", reconciliation.suggest, name="reconcile-suggest"),
        Route("/reconcile/propose_properties", reconciliation.propose, name="reconcile-propose"),
        Route("/favicon.ico", lambda request: Response(status_code=204)),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    if settings.yasgui.is_dir():
        routes.insert(-1, Mount("/static/yasgui", StaticFiles(directory=settings.yasgui), name="yasgui"))

    async def not_found(request: Request, exc: Exception) -> Response:
        return server.not_found(request)

    return Starlette(
        routes=routes,
        lifespan=server.lifespan,
        middleware=[
            Middleware(Guard, max_body=settings.limits.max_body, larger={"/reconcile": settings.limits.max_reconcile_body}),
            Middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST", "OPTIONS"], allow_headers=["*"], max_age=86400),
        ],
        exception_handlers={404: not_found},
    )
