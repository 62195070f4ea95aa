"""Nothing in a web process holds state that a second replica would miss.

docker-compose.yml's `scale` profile runs two web replicas and a task worker behind a
round-robin proxy against one PostgreSQL (`docker compose --profile scale up`, then
http://127.0.0.1:8080). Here: the settings that keep a process stateless, the code that could
keep state of its own, the compose file and the proxy's configuration as written, and a second
replica for real, a process of its own (tests/replica.py) that answers requests against the
test database while this process answers others, one browser's cookies going to both.
"""

import ast
import importlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
import yaml
from axes.models import AccessAttempt
from django.conf import global_settings, settings
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from interventions.uploads import MAX_REPORT_SIZE
from tests.factories import TEST_PASSWORD, make_published
from tests.replica import PREFIX, answer
from wwidw.auth import PASSWORD_RESETS_PER_ADDRESS

ROOT = Path(__file__).resolve().parents[1]
APPS = ("wwidw", "interventions", "monitoring", "budgets", "archetypes", "events", "api")
# As tests/conftest.py's `_test_settings` sets them for this process.
TEST_SETTINGS = {"PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"]}


def configured(name: str):
    """A setting as wwidw/settings.py makes it (or Django's default), before any test changes
    it: what every replica runs with."""
    module = importlib.import_module("wwidw.settings")
    return getattr(module, name, getattr(global_settings, name, None))


# The settings


SHARED_CACHE_BACKENDS = {
    "django.core.cache.backends.db.DatabaseCache",
    "django.core.cache.backends.redis.RedisCache",
    "django.core.cache.backends.memcached.PyMemcacheCache",
}


def test_sessions_live_in_postgresql_or_in_the_signed_cookie():
    engine = configured("SESSION_ENGINE").removeprefix("django.contrib.sessions.backends.")
    if engine in {"cache", "cached_db"}:
        alias = configured("CACHES")[configured("SESSION_CACHE_ALIAS")]
        assert alias["BACKEND"] in SHARED_CACHE_BACKENDS
    else:
        assert engine in {"db", "signed_cookies"}
    # Messages go in a cookie or the session, never in the process.
    assert configured("MESSAGE_STORAGE") in {
        "django.contrib.messages.storage.fallback.FallbackStorage",
        "django.contrib.messages.storage.cookie.CookieStorage",
        "django.contrib.messages.storage.session.SessionStorage",
    }
    assert configured("CSRF_USE_SESSIONS") is False  # the CSRF secret is in its own cookie


def test_the_default_cache_is_shared_and_none_is_a_local_file():
    caches = configured("CACHES")
    # Login throttling of password resets, facet counts, document progress: all in `default`.
    assert caches["default"]["BACKEND"] in SHARED_CACHE_BACKENDS
    # A process-local level in front of it is allowed, when a version read from the database
    # decides whether its entries still hold; a cache in a local file is not.
    for alias in caches.values():
        assert alias["BACKEND"] != "django.core.cache.backends.filebased.FileBasedCache"


def test_login_throttling_counts_in_the_database():
    handler = configured("AXES_HANDLER") or "axes.handlers.database.AxesDatabaseHandler"
    assert handler == "axes.handlers.database.AxesDatabaseHandler"


def test_nothing_keeps_state_on_its_database_connection():
    """What a transaction-pooling PgBouncer would break: locks held by a connection rather than
    a transaction, LISTEN, prepared statements. Locks are row locks (`select_for_update`)."""
    assert configured("DATABASES")["default"]["OPTIONS"].get("server_side_binding") is not True
    sources = [
        path.read_text()
        for app in APPS
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts
    ]
    for statement in ["pg_advisory", "pg_try_advisory", "LISTEN ", "NOTIFY "]:
        assert not any(statement in source for source in sources), statement
    assert any("select_for_update(" in source for source in sources)


def test_tasks_wait_in_postgresql_for_any_worker():
    assert configured("TASKS")["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"


def test_uploads_go_to_media_root_and_static_files_have_content_hashed_names():
    storages = configured("STORAGES")
    # MEDIA_ROOT is a volume that every replica and the worker mount (the compose tests below).
    assert storages["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    # A page from one replica names static files by their content, which every replica built
    # from the same image serves alike.
    assert storages["staticfiles"]["BACKEND"] == (
        "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )


# The code: state a process could keep of its own

# Module-level state that a web process may keep, with why a second replica does not miss it.
# A memo of what cannot change while the process lives (a constant worked out once) is such
# state; a memo of data that a write can change is not, unless a version read from PostgreSQL
# on each request decides whether it still holds.
ALLOWED_PROCESS_STATE = {
    # Once every migration is applied it stays so: only a deployment (new processes) adds one.
    ("wwidw/health.py", "_migrations_applied"),
    # Configuration at start-up (WWIDW_PAGE_CACHE=0 for the benches), the same in every process.
    ("wwidw/settings.py", "CACHES"),
    # WeasyPrint's URL fetcher and a font configuration per thread, reused for every PDF: tools,
    # no data (wwidw/pdf.py).
    ("wwidw/pdf.py", "@cache _fetcher"),
    ("wwidw/pdf.py", "@cache _renderer"),
    # WeasyPrint's style sheet for HTML less its rules for every element: from its constant.
    ("wwidw/pdf.py", "@cache _user_agent_stylesheet"),
    ("wwidw/pdf.py", "import threading"),
    # The glossary's words as one pattern per language, from constants in the code.
    ("wwidw/templatetags/glossary.py", "@lru_cache _words"),
}
MUTATING_METHODS = {
    "add",
    "append",
    "clear",
    "discard",
    "extend",
    "insert",
    "pop",
    "popitem",
    "remove",
    "setdefault",
    "update",
}
PROCESS_LOCAL_MODULES = {"threading", "multiprocessing", "fcntl", "filelock"}


def _module_containers(tree: ast.Module) -> set[str]:
    """Names that a module binds to a dict, list or set."""
    literals = (ast.Dict, ast.List, ast.Set, ast.DictComp, ast.ListComp, ast.SetComp)
    factories = {"dict", "list", "set", "defaultdict", "OrderedDict", "Counter", "deque"}
    names = set()
    for node in tree.body:
        if not isinstance(node, ast.Assign | ast.AnnAssign) or node.value is None:
            continue
        value = node.value
        built = isinstance(value, ast.Call) and getattr(value.func, "id", "") in factories
        if isinstance(value, literals) or built:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names |= {target.id for target in targets if isinstance(target, ast.Name)}
    return names


def _process_state(tree: ast.Module) -> set[str]:
    """What a module keeps in the process at run time: names it rebinds with `global`, module
    containers it changes, caches on functions, locks and files of its own."""
    containers = _module_containers(tree)
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Global):
            found |= set(node.names)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            mutates = node.func.attr in MUTATING_METHODS
            if mutates and isinstance(owner, ast.Name) and owner.id in containers:
                found.add(owner.id)
        elif isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Store | ast.Del):
            if isinstance(node.value, ast.Name) and node.value.id in containers:
                found.add(node.value.id)
        elif isinstance(node, ast.FunctionDef):
            for decorator in node.decorator_list:
                target = decorator.func if isinstance(decorator, ast.Call) else decorator
                name = getattr(target, "attr", getattr(target, "id", ""))
                if name in {"cache", "lru_cache"}:
                    found.add(f"@{name} {node.name}")
        elif isinstance(node, ast.Import | ast.ImportFrom):
            modules = {alias.name.split(".")[0] for alias in node.names}
            if isinstance(node, ast.ImportFrom):
                modules = {(node.module or "").split(".")[0]}
            found |= {f"import {module}" for module in modules & PROCESS_LOCAL_MODULES}
    return found


def test_no_module_of_the_site_keeps_state_in_its_process():
    """A dict filled at run time, a `global` rebound, `lru_cache`, a thread lock or a file lock
    lives in one process: the other replica would not see it. Locks are row locks in PostgreSQL
    (`select_for_update`), counters and caches live in the database."""
    found = set()
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            tree = ast.parse(path.read_text(), filename=str(path))
            relative = path.relative_to(ROOT).as_posix()
            found |= {(relative, name) for name in _process_state(tree)}
    assert found == ALLOWED_PROCESS_STATE


def test_the_state_finder_sees_what_it_looks_for():
    source = """
import threading
from functools import lru_cache
SEEN = {}
CONSTANT = {"a": 1}
_ready = False

def remember(key, value):
    SEEN[key] = value

def mark():
    global _ready
    _ready = True

@lru_cache
def slow():
    return CONSTANT["a"]
"""
    found = _process_state(ast.parse(source))
    assert found == {"SEEN", "_ready", "@lru_cache slow", "import threading"}


# docker-compose.yml and deploy/nginx.conf


def compose_services() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]


def running(profile: str | None = None) -> dict:
    """The services that `docker compose [--profile …] up` starts: those without a profile, and
    those of the profile asked for."""
    return {
        name: service
        for name, service in compose_services().items()
        if not service.get("profiles") or profile in service["profiles"]
    }


def web_replicas(services: dict) -> dict:
    """Services that run the image's command: gunicorn with gunicorn.conf.py (Dockerfile)."""
    return {
        name: service
        for name, service in services.items()
        if service.get("build") == "." and "command" not in service
    }


def workers(services: dict) -> dict:
    return {
        name: service
        for name, service in services.items()
        if "db_worker" in service.get("command", [])
    }


def test_plain_compose_up_runs_the_demo_as_before():
    services = running()
    assert set(services) == {"db", "web", "worker"}
    assert services["web"]["ports"] == ["127.0.0.1:8000:8000"]
    assert services["web"]["environment"]["SEED_DEMO"] == "1"


def test_the_scale_profile_runs_two_replicas_and_a_worker_behind_a_proxy_on_one_database():
    services = running("scale")
    assert set(web_replicas(services)) == {"web", "web-2"}
    assert set(workers(services)) == {"worker"}
    [proxy] = [name for name, service in services.items() if "nginx" in service.get("image", "")]
    [database] = [
        name for name, service in services.items() if "postgres" in service.get("image", "")
    ]
    assert services[proxy]["image"].startswith("nginx:")  # the official image
    assert "./deploy/nginx.conf:/etc/nginx/conf.d/default.conf:ro" in services[proxy]["volumes"]
    assert set(services[proxy]["depends_on"]) == {"web", "web-2"}
    for name in [*web_replicas(services), *workers(services)]:
        url = services[name]["environment"]["DATABASE_URL"]
        assert url.split("@")[1].startswith(f"{database}:5432/")


def test_replicas_and_worker_share_settings_and_the_media_volume():
    services = running("scale")
    app = {**web_replicas(services), **workers(services)}
    volumes = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["volumes"]
    for service in app.values():
        # MEDIA_ROOT is /app/media (the Dockerfile's WORKDIR), not changed by the environment.
        assert "media:/app/media" in service["volumes"]
        assert "MEDIA_ROOT" not in service["environment"]
    assert "media" in volumes
    # The replicas differ only in what the first does once: load the demo data.
    first, second = services["web"]["environment"], services["web-2"]["environment"]
    assert {key: value for key, value in first.items() if key != "SEED_DEMO"} == second
    assert services["web-2"]["depends_on"]["web"]["condition"] == "service_healthy"
    assert services["web-2"]["healthcheck"] == services["web"]["healthcheck"]


def nginx_directives(text: str) -> list[tuple[str, list[str]]]:
    """deploy/nginx.conf's directives in order, comments left out: (name, arguments)."""
    text = re.sub(r"#[^\n]*", "", text)
    return [
        (parts[0], parts[1:])
        for statement in re.split(r"[;{}]", text)
        if (parts := statement.split())
    ]


def test_the_proxy_sends_requests_to_both_replicas_in_turn_and_keeps_nothing():
    directives = nginx_directives((ROOT / "deploy" / "nginx.conf").read_text())
    names = [name for name, _ in directives]
    servers = {arguments[0] for name, arguments in directives if name == "server" and arguments}
    assert servers == {f"{name}:8000" for name in web_replicas(running("scale"))}
    assert ("upstream", ["wwidw"]) in directives
    assert ("proxy_pass", ["http://wwidw"]) in directives
    # Round-robin without stickiness; no cache, no files of its own.
    for directive in ["ip_hash", "hash", "sticky", "least_conn", "proxy_cache", "root", "alias"]:
        assert directive not in names
    # The host with its port, or a POST's Origin would not match it (CSRF).
    assert ("proxy_set_header", ["Host", "$http_host"]) in directives
    [size] = [arguments[0] for name, arguments in directives if name == "client_max_body_size"]
    assert int(size.removesuffix("m")) * 1024 * 1024 > MAX_REPORT_SIZE


# A second replica, a process of its own


class SecondReplica:
    def __init__(self, process: subprocess.Popen):
        self.process = process

    def __call__(self, message: dict) -> dict:
        self.process.stdin.write(json.dumps(message) + "\n")
        self.process.stdin.flush()
        for line in self.process.stdout:
            if line.startswith(PREFIX):
                reply = json.loads(line.removeprefix(PREFIX))
                assert "error" not in reply, reply["error"]
                return reply
        raise AssertionError("the second replica stopped")


@pytest.fixture(scope="module")
def other_replica(django_db_setup):
    database = connection.settings_dict
    credentials = quote(database["USER"], safe="")
    if database["PASSWORD"]:
        credentials += ":" + quote(database["PASSWORD"], safe="")
    host = quote(database["HOST"], safe="")  # a socket's directory too
    port = f":{database['PORT']}" if database["PORT"] else ""
    url = f"postgres://{credentials}@{host}{port}/{database['NAME']}"
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "wwidw.settings",
        "DATABASE_URL": url,
        "REPLICA_SETTINGS": json.dumps(TEST_SETTINGS),
    }
    environment.pop("TEST_DATABASE_NAME", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.replica"],
        cwd=ROOT,
        env=environment,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        yield SecondReplica(process)
    finally:
        process.stdin.close()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def this_replica(message: dict) -> dict:
    return answer(message)


class Browser:
    """One browser behind a round-robin proxy: its cookies go to whichever replica answers."""

    def __init__(self):
        self.cookies = {}

    def send(
        self, replica, method: str, path: str, data: dict | None = None, find: list | None = None
    ) -> dict:
        message = {"method": method, "path": path, "data": data, "cookies": dict(self.cookies)}
        message["find"] = find or []
        reply = replica(message)
        for name, value in reply["set_cookies"].items():
            if value:
                self.cookies[name] = value
            else:
                self.cookies.pop(name, None)
        return reply


@pytest.mark.django_db(transaction=True)
def test_signed_in_on_one_replica_is_signed_in_on_the_other(
    reference_data, member_a, other_replica
):
    browser = Browser()
    form = browser.send(this_replica, "GET", reverse("login"))
    credentials = {"username": member_a.email, "password": TEST_PASSWORD}

    # The form came from this process; the other checks its CSRF token and signs the user in.
    signed_in = browser.send(
        other_replica,
        "POST",
        reverse("login"),
        {**credentials, "csrfmiddlewaretoken": form["csrf_token"]},
    )
    assert (signed_in["status"], signed_in["user"]) == (302, member_a.email)
    assert signed_in["pid"] != os.getpid()

    # This process knows the session that the other one started.
    page = browser.send(this_replica, "GET", reverse("interventions:list"))
    assert (page["status"], page["user"]) == (200, member_a.email)

    # A form token from this process signs out on the other, and the session ends for both.
    signed_out = browser.send(
        other_replica, "POST", reverse("logout"), {"csrfmiddlewaretoken": page["csrf_token"]}
    )
    assert signed_out["status"] == 302
    for replica in (this_replica, other_replica):
        page = browser.send(replica, "GET", reverse("interventions:list"))
        assert (page["status"], page["user"]) == (302, "")


@pytest.mark.django_db(transaction=True)
def test_failed_logins_on_both_replicas_count_toward_one_lockout(
    reference_data, member_a, other_replica
):
    browser = Browser()
    token = browser.send(this_replica, "GET", reverse("login"))["csrf_token"]
    wrong = {"username": member_a.email, "password": "fout-wachtwoord-123"}
    replicas = [this_replica, other_replica]
    for attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        reply = browser.send(
            replicas[attempt % 2],
            "POST",
            reverse("login"),
            {**wrong, "csrfmiddlewaretoken": token},
        )
        assert reply["status"] == 200  # the form again, with its message
    # The fifth, on the other replica, locks the account out on both.
    browser.send(other_replica, "POST", reverse("login"), {**wrong, "csrfmiddlewaretoken": token})
    assert AccessAttempt.objects.get().failures_since_start == settings.AXES_FAILURE_LIMIT

    right = {"username": member_a.email, "password": TEST_PASSWORD, "csrfmiddlewaretoken": token}
    for replica in replicas:
        reply = browser.send(replica, "POST", reverse("login"), right)
        assert (reply["status"], reply["user"]) == (429, "")


@pytest.mark.django_db(transaction=True)
def test_reset_links_are_counted_on_both_replicas_and_mailed_by_the_worker(
    reference_data, member_a, other_replica, database_tasks, mailoutbox
):
    browser = Browser()
    token = browser.send(other_replica, "GET", reverse("password_reset"))["csrf_token"]
    data = {"email": member_a.email, "csrfmiddlewaretoken": token}
    replicas = [this_replica, other_replica]
    for attempt in range(PASSWORD_RESETS_PER_ADDRESS + 1):
        reply = browser.send(replicas[attempt % 2], "POST", reverse("password_reset"), data)
        assert reply["location"] == reverse("password_reset_done")

    # The first three were queued (the second by the other process) and the fourth, on the
    # other process, refused. This process, as the worker, sends what both queued.
    assert DBTaskResult.objects.ready().count() == PASSWORD_RESETS_PER_ADDRESS
    assert database_tasks() == PASSWORD_RESETS_PER_ADDRESS
    assert [message.to for message in mailoutbox] == [
        [member_a.email]
    ] * PASSWORD_RESETS_PER_ADDRESS


@pytest.mark.django_db(transaction=True)
def test_what_one_replica_caches_the_other_reads(reference_data, other_replica):
    cache.set("scale-out:check", {"written by": os.getpid()})
    assert other_replica({"cache_get": "scale-out:check"}) == {
        "value": {"written by": os.getpid()}
    }


@pytest.mark.django_db(transaction=True)
def test_a_page_part_cached_by_one_replica_is_never_stale_after_a_write_on_the_other(
    reference_data, member_a, member_b, partner_a, other_replica
):
    """Each replica keeps the cached parts of pages in its own memory (wwidw/pagecache.py),
    keyed by the version that a committed write in PostgreSQL changes."""
    description = make_published(partner_a, member_a, title="Huismeester Tarwewijk")
    client = Client()
    client.force_login(member_b)
    browser = Browser()
    browser.cookies = {name: morsel.value for name, morsel in client.cookies.items()}
    path = description.get_absolute_url()
    titles = ["Huismeester Tarwewijk", "Huismeester Oud-Charlois"]
    for _ in range(2):  # the second from the other replica's cache
        assert browser.send(other_replica, "GET", path, find=titles)["found"] == [True, False]
    assert client.get(path).status_code == 200  # cached in this process too
    type(description).objects.filter(pk=description.pk).update(title=titles[1])
    for replica in (other_replica, this_replica):
        assert browser.send(replica, "GET", path, find=titles)["found"] == [False, True]
