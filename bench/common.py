"""What the benchmarks share: their own database next to DATABASE_URL's with Django on it, and
gunicorn with production settings and a browser-like client for the HTTP measurements."""

import logging
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://wwidw@127.0.0.1:54329/wwidw"


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def prepare_database(name: str) -> str:
    """Create the database `name` on the server of DATABASE_URL when missing, point Django at
    it and set Django up; the database's URL."""
    parts = urllib.parse.urlsplit(os.environ.get("DATABASE_URL", DEFAULT_URL))
    url = urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))
    server = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(server, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DEBUG", "1")
    os.environ["DJANGO_SETTINGS_MODULE"] = "wwidw.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    logging.disable(logging.WARNING)
    return url


class Client:
    """A browser-like client for the production server behind an HTTPS proxy.

    Production cookies are Secure, which urllib's cookie jar keeps from plain-HTTP requests;
    this client keeps them itself and says, as a proxy would, that the request came over HTTPS.
    """

    class _NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    def __init__(self, base: str):
        self.base = base
        self.cookies: dict[str, str] = {}
        self.opener = urllib.request.build_opener(self._NoRedirect)

    def request(self, path: str, data: bytes | None = None, headers=None) -> int:
        cookie = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        all_headers = {"X-Forwarded-Proto": "https", "Cookie": cookie, **(headers or {})}
        request = urllib.request.Request(f"{self.base}{path}", data=data, headers=all_headers)
        try:
            response = self.opener.open(request)
        except urllib.error.HTTPError as error:
            response = error
        response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status if hasattr(response, "status") else response.code

    def log_in(self, email: str, password: str) -> None:
        self.request("/account/inloggen/")
        data = urllib.parse.urlencode(
            {
                "username": email,
                "password": password,
                "csrfmiddlewaretoken": self.cookies["csrftoken"],
            }
        ).encode()
        self.request("/account/inloggen/", data=data, headers=self.referer("/account/inloggen/"))
        if "sessionid" not in self.cookies:
            raise SystemExit(f"Logging in {email} failed.")

    def referer(self, path: str) -> dict[str, str]:
        """The Referer of a form on `path`, as the HTTPS site's CSRF check wants it."""
        return {"Referer": f"https://{urllib.parse.urlsplit(self.base).netloc}{path}"}


def production_environment(port: int) -> dict[str, str]:
    """The environment of the production site behind an HTTPS proxy on 127.0.0.1:`port`: DEBUG
    off, hashed static files, e-mail to the console."""
    return {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-" + secrets.token_urlsafe(40),
        "ALLOWED_HOSTS": "127.0.0.1",
        "CSRF_TRUSTED_ORIGINS": f"https://127.0.0.1:{port}",
        "SECURE_PROXY_SSL": "1",
        "EMAIL_URL": "console://",
    }


def start_gunicorn(
    port: int, *, workers: int, threads: int = 1, timeout: int = 60, quiet: bool = False
) -> subprocess.Popen:
    """gunicorn on 127.0.0.1:`port` with production settings and the site's gunicorn.conf.py
    (preloaded, start-up objects frozen), as behind an HTTPS proxy; returns once it answers."""
    env = production_environment(port)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
        cwd=ROOT,
        env={**env, "DEBUG": "1"},
        check=True,
    )
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "--config=gunicorn.conf.py",
        "wwidw.wsgi",
        f"--workers={workers}",
        f"--threads={threads}",
        f"--bind=127.0.0.1:{port}",
        "--backlog=512",
        "--log-level=warning",
        # Written as in production, but not onto the benchmark's output.
        "--access-logfile=/dev/null",
        f"--timeout={timeout}",
    ]
    # The console mailer writes every e-mail to stdout: `quiet` discards them.
    output = subprocess.DEVNULL if quiet else None
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output)
    _wait_for(f"http://127.0.0.1:{port}", process)
    return process


def stop_gunicorn(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _wait_for(base: str, process: subprocess.Popen) -> None:
    for _ in range(100):
        if process.poll() is not None:
            stop_gunicorn(process)
            raise SystemExit("gunicorn stopped; see its output above.")
        try:
            Client(base).request("/account/inloggen/")
            return
        except OSError:
            time.sleep(0.2)
    stop_gunicorn(process)
    raise SystemExit("gunicorn did not answer in 20 s.")
