"""Stage 5, publish: `smartcity-kg serve`, a SPARQL endpoint and dereferenceable linked data over graph/.

The entry points: the application of some settings (settings.py) with its routes (app.py), and uvicorn
running it. The options are cli/serve.py's, which imports this module only when the server starts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from smartcity_kg.core.config import Config
from smartcity_kg.rdf.runners import Limits
from smartcity_kg.web.app import application
from smartcity_kg.web.settings import ServeSettings

if TYPE_CHECKING:
    from starlette.applications import Starlette


def create_app(settings: ServeSettings) -> Starlette:
    """The ASGI application (Starlette)."""
    return application(settings)


def serve(
    config: Config,
    host: str = "127.0.0.1",
    port: int = 8000,
    endpoint: str | None = None,
    limits: Limits | None = None,
    workers: int = 2,
    memory_mb: int = 2048,
    log_level: str = "info",
) -> None:
    """Run the server until interrupted."""
    import uvicorn

    limits = limits or Limits()
    settings = ServeSettings(config, endpoint, limits, workers=workers, memory_mb=memory_mb)
    uvicorn.run(
        create_app(settings),
        host=host,
        port=port,
        log_level=log_level,
        server_header=False,
        proxy_headers=False,
        timeout_keep_alive=5,
        limit_concurrency=512,  # more open connections than this get 503 at once
        h11_max_incomplete_event_size=limits.max_body + 16_384,  # request line and headers; bodies are capped in guard.py
    )
