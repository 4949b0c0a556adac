"""Start Debian's nginx and Apache over a static site with the rules `smartcity-kg site` generated
(deploy/nginx.conf, .htaccess), on 127.0.0.1 and a free port, and stop them again.

The servers run as processes of the test (their own configuration, pid and logs in a temporary folder),
never as system services; `scripts/test.sh` installs nginx and apache2 with apt when they are missing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from smartcity_kg.present import conneg

from .processes import free_port, stop, wait_until_up

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
APACHE = shutil.which("apache2") or "/usr/sbin/apache2"
APACHE_MODULES = Path("/usr/lib/apache2/modules")


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
        return httpx.get(httpx.URL(self.url).join(redirect.headers["location"]), headers={"accept": accept}, timeout=10)


@contextmanager
def nginx(site: Path) -> Iterator[WebServer]:
    """nginx with `site` as its root and the site's deploy/nginx.conf included."""
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
        root {site};
        include {site}/deploy/nginx.conf;
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


@contextmanager
def apache(site: Path, w3id_site: str, versions: tuple[str, ...] = ()) -> Iterator[WebServer]:
    """Apache with `site` as its document root (its .htaccess allowed), and at /w3id/ the rules of
    deploy/w3id.htaccess, as w3id.org would run them, redirecting to the site at `w3id_site`."""
    if not Path(APACHE).exists():
        pytest.fail("Apache is not installed: scripts/test.sh installs it (apt-get install apache2)")
    with tempfile.TemporaryDirectory(prefix="apache-") as folder:
        prefix, port = Path(folder), free_port()
        prefix.chmod(0o755)
        (prefix / "w3id").mkdir(mode=0o755)
        (prefix / "w3id" / ".htaccess").write_text(conneg.w3id_htaccess(w3id_site, versions), encoding="utf-8")
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
DocumentRoot {site}
<Directory />
    AllowOverride None
    Require all denied
</Directory>
<Directory {site}>
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
