"""The static site behind real web servers: Debian's nginx and Apache, each started here on 127.0.0.1 with the
rules `smartcity-kg site` generated (deploy/nginx.conf, .htaccess), asked for IRIs with different Accept headers.

`scripts/test.sh` installs nginx and apache2 with apt when they are missing; the servers run as processes
of the test (their own configuration, pid and logs in a temporary folder), never as system services.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from rdflib import Graph, URIRef

from smartcity_kg import conneg

from .conftest import BASE, ID, ROOT
from .processes import free_port, stop, wait_until_up

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
APACHE = shutil.which("apache2") or "/usr/sbin/apache2"
APACHE_MODULES = Path("/usr/lib/apache2/modules")
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
AREA = "area/nakhon-rayong"
W3ID_SITE = "https://example.github.io/thai-smart-city/"


@dataclass
class WebServer:
    name: str
    url: str
    log: Path

    def get(self, path: str, accept: str | None = None) -> httpx.Response:
        headers = {"accept": accept} if accept is not None else {}
        return httpx.get(self.url + path, headers=headers, follow_redirects=False, timeout=10)

    def follow(self, path: str, accept: str) -> httpx.Response:
        """The document a thing's 303 leads to."""
        redirect = self.get(path, accept)
        assert redirect.status_code == 303, (self.name, path, redirect.status_code)
        return httpx.get(httpx.URL(self.url).join(redirect.headers["location"]), timeout=10)


@pytest.fixture(scope="module")
def nginx(static_site: Path) -> Iterator[WebServer]:
    if not Path(NGINX).exists():
        pytest.fail("nginx is not installed: scripts/test.sh installs it (apt-get install nginx)")
    with tempfile.TemporaryDirectory(prefix="nginx-") as folder:
        prefix, port = Path(folder), free_port()
        for temp in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (prefix / temp).mkdir()
        (prefix / "nginx.conf").write_text(
            f"""daemon off;
master_process off;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log info;
events {{ worker_connections 64; }}
http {{
    access_log {prefix}/access.log;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    server {{
        listen 127.0.0.1:{port};
        root {static_site};
        include {static_site}/deploy/nginx.conf;
    }}
}}
""",
            encoding="utf-8",
        )
        log = prefix / "error.log"
        check = subprocess.run([NGINX, "-t", "-p", str(prefix), "-c", "nginx.conf", "-e", str(log)], capture_output=True, text=True)
        assert check.returncode == 0, check.stderr
        process = subprocess.Popen(
            [NGINX, "-p", str(prefix), "-c", "nginx.conf", "-e", str(log)], start_new_session=True, stdin=subprocess.DEVNULL
        )
        try:
            wait_until_up(f"http://127.0.0.1:{port}/", process, log, seconds=20, ready=lambda response: True)
            yield WebServer("nginx", f"http://127.0.0.1:{port}", log)
        finally:
            stop(process)


@pytest.fixture(scope="module")
def apache(static_site: Path) -> Iterator[WebServer]:
    if not Path(APACHE).exists():
        pytest.fail("Apache is not installed: scripts/test.sh installs it (apt-get install apache2)")
    with tempfile.TemporaryDirectory(prefix="apache-") as folder:
        prefix, port = Path(folder), free_port()
        prefix.chmod(0o755)
        # w3id.org's side too: its rules in a folder of their own, at /w3id/, redirecting to the site at W3ID_SITE.
        (prefix / "w3id").mkdir(mode=0o755)
        (prefix / "w3id" / ".htaccess").write_text(conneg.w3id_htaccess(W3ID_SITE), encoding="utf-8")
        (prefix / "w3id" / ".htaccess").chmod(0o644)
        modules = ("mpm_event", "authz_core", "mime", "rewrite", "dir", "headers", "alias")
        loads = "\n".join(f"LoadModule {m}_module {APACHE_MODULES}/mod_{m}.so" for m in modules)
        user = "User www-data\nGroup www-data" if os.geteuid() == 0 else ""  # Apache refuses to serve as root
        (prefix / "apache2.conf").write_text(
            f"""ServerRoot {prefix}
ServerName 127.0.0.1
Listen 127.0.0.1:{port}
PidFile {prefix}/apache2.pid
ErrorLog {prefix}/error.log
LogLevel warn
Mutex file:{prefix} default
{loads}
{user}
TypesConfig /etc/mime.types
DocumentRoot {static_site}
<Directory />
    AllowOverride None
    Require all denied
</Directory>
<Directory {static_site}>
    AllowOverride All
    Require all granted
</Directory>
Alias /w3id/ {prefix}/w3id/
<Directory {prefix}/w3id>
    AllowOverride All
    Require all granted
</Directory>
""",
            encoding="utf-8",
        )
        log = prefix / "error.log"
        env = {**os.environ, "APACHE_RUN_DIR": str(prefix), "APACHE_LOCK_DIR": str(prefix), "APACHE_LOG_DIR": str(prefix)}
        check = subprocess.run([APACHE, "-t", "-f", str(prefix / "apache2.conf")], capture_output=True, text=True, env=env)
        assert check.returncode == 0, check.stderr
        process = subprocess.Popen(
            [APACHE, "-f", str(prefix / "apache2.conf"), "-DFOREGROUND"], start_new_session=True, stdin=subprocess.DEVNULL, env=env
        )
        try:
            wait_until_up(f"http://127.0.0.1:{port}/", process, log, seconds=20, ready=lambda response: True)
            yield WebServer("apache", f"http://127.0.0.1:{port}", log)
        finally:
            stop(process)


@pytest.fixture(params=["nginx", "apache"])
def server(request: pytest.FixtureRequest) -> WebServer:
    found: WebServer = request.getfixturevalue(request.param)
    return found


@pytest.mark.parametrize(
    ("accept", "extension", "media_type"),
    [
        ("text/html", "html", "text/html"),
        (BROWSER, "html", "text/html"),
        ("text/turtle", "ttl", "text/turtle"),
        ("application/ld+json", "jsonld", "application/ld+json"),
        ("application/n-triples", "nt", "application/n-triples"),
        ("application/rdf+xml", "rdf", "application/rdf+xml"),
        ("text/turtle;q=0.9, application/json;q=0.1", "ttl", "text/turtle"),
        ("*/*", "html", "text/html"),
        (None, "html", "text/html"),
    ],
)
def test_a_thing_is_303_to_its_document_in_the_format_accept_asks_for(
    server: WebServer, accept: str | None, extension: str, media_type: str
) -> None:
    response = server.get(f"/id/{AREA}", accept)
    assert response.status_code == 303, (server.name, response.text[:300])
    assert response.headers["location"] in (f"/doc/{AREA}.{extension}", f"{server.url}/doc/{AREA}.{extension}")
    assert "accept" in response.headers.get("vary", "").lower()
    document = server.follow(f"/id/{AREA}", accept or "*/*")
    assert document.status_code == 200
    assert document.headers["content-type"].split(";")[0] == media_type


def test_the_documents_say_what_the_graph_says(server: WebServer) -> None:
    area = URIRef(ID + AREA)
    html = server.follow(f"/id/{AREA}", "text/html")
    assert "<h1>นครระยองเมืองอัจฉริยะและน่าอยู่</h1>" in html.text and "charset=utf-8" in html.headers["content-type"].lower()
    turtle = server.follow(f"/id/{AREA}", "text/turtle")
    graph = Graph().parse(data=turtle.text, format="turtle")
    assert (area, URIRef(BASE + "def/province"), URIRef(ID + "province/TH-21")) in graph
    jsonld = server.follow(f"/id/{AREA}", "application/ld+json")
    assert json.loads(jsonld.content)["@context"][0] == BASE + "context.jsonld"
    province = server.get("/id/province/TH-21", "text/turtle")
    assert province.status_code == 303 and province.headers["location"].endswith("/doc/province/TH-21.ttl")


UNKNOWN = ["/id/area/no-such-area", "/id/province/TH-99", "/id/nokind/x", "/id/area/", "/id/area/nakhon-rayong.html"]


@pytest.mark.parametrize("path", UNKNOWN)
def test_an_iri_the_site_does_not_know_is_404(server: WebServer, path: str) -> None:
    for accept in ("text/html", "text/turtle"):
        assert server.get(path, accept).status_code == 404, (server.name, path, accept)


def test_ontology_terms_are_served_directly_by_accept(server: WebServer) -> None:
    html = server.get("/def/SmartCityArea", "text/html")
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    assert "smart city area" in html.text or "พื้นที่เมืองอัจฉริยะ" in html.text
    turtle = server.get("/def/SmartCityArea", "text/turtle")
    assert turtle.status_code == 200 and turtle.headers["content-type"].startswith("text/turtle")
    graph = Graph().parse(data=turtle.text, format="turtle")
    assert (URIRef(BASE + "def/SmartCityArea"), None, None) in graph
    ontology = server.get("/def/", "text/html")
    assert ontology.status_code == 200 and 'id="SmartCityArea"' in ontology.text  # the ontology documentation
    header = server.get("/def/", "application/ld+json")
    assert header.status_code == 200 and header.headers["content-type"].startswith("application/ld+json")
    assert server.get("/def/NoSuchTerm", "text/turtle").status_code == 404


def test_dumps_and_the_context_are_served_as_they_are(server: WebServer) -> None:
    dump = httpx.get(server.url + "/graph/smartcity.nq.gz", timeout=10)
    assert dump.status_code == 200
    assert "content-encoding" not in dump.headers  # a file to download, not a compressed transfer
    assert gzip.decompress(dump.content) == (ROOT / "graph" / "smartcity.nq").read_bytes()
    context = httpx.get(server.url + "/context.jsonld", timeout=10)
    assert context.headers["content-type"].startswith("application/ld+json")
    home = httpx.get(server.url + "/", timeout=10)
    assert home.status_code == 200 and "smartcity.nq.gz" in home.text


@pytest.mark.parametrize(
    ("path", "accept", "status", "location"),
    [
        (f"/w3id/id/{AREA}", "text/turtle", 303, f"{W3ID_SITE}doc/{AREA}.ttl"),
        (f"/w3id/id/{AREA}", BROWSER, 303, f"{W3ID_SITE}doc/{AREA}.html"),
        ("/w3id/id/province/TH-21", "application/ld+json", 303, f"{W3ID_SITE}doc/province/TH-21.jsonld"),
        ("/w3id/def/SmartCityArea", "text/turtle", 303, f"{W3ID_SITE}def/SmartCityArea.ttl"),
        ("/w3id/def/", "text/html", 303, f"{W3ID_SITE}def/index.html"),
        ("/w3id/graph/smartcity.nq.gz", "*/*", 302, f"{W3ID_SITE}graph/smartcity.nq.gz"),
    ],
)
def test_w3id_rules_negotiate_and_redirect_to_the_hosted_site(
    apache: WebServer, path: str, accept: str, status: int, location: str
) -> None:
    """deploy/w3id.htaccess, as w3id.org would run it (Apache, in the folder of the base)."""
    response = apache.get(path, accept)
    assert response.status_code == status
    assert response.headers["location"] == location
