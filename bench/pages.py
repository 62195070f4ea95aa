"""The pages people use most, under load: requests per second, p50 and p99 through gunicorn,
and per request in-process its time, its queries and their SQL time.

    DEBUG=1 .venv/bin/python bench/pages.py                      # every page, 8 s each
    DEBUG=1 .venv/bin/python bench/pages.py --pages home,description --seconds 4
    DEBUG=1 .venv/bin/python bench/pages.py --profile            # and where the time goes
    WWIDW_PAGE_CACHE=0 DEBUG=1 .venv/bin/python bench/pages.py   # every page built anew
    DEBUG=1 .venv/bin/python bench/pages.py --after-write         # in-process, after a write

Uses the database `wwidw_bench_pages` on the server of DATABASE_URL (created and migrated when
missing, loaded once with the demo data of `make run`). Runs with production settings (DEBUG
off, behind an HTTPS proxy), in-process as well as in gunicorn, whatever DEBUG says.

1. In-process, as a staff member of the demo's Woonstichting De Maasoever (the budget review
   page as its manager, the login page anonymous): each page `--repeat` times through Django's
   test client (median), once with its SQL captured, which is then run bare and timed; and
   the floor: a bare `SELECT 1`. With `--after-write` the site's data version changes before
   each of those requests, as a write by anyone to another description does: the page is
   built, with what is kept by a version of its own (monitoring/shared.py), and gunicorn is
   not started.
2. gunicorn with gunicorn.conf.py and `--workers` (2) workers: `--connections` (8) clients, each
   logged in with its own session and in its own thread, request the page as fast as it
   answers for `--seconds` (8): requests per second, p50, p99, and the CPU time per request of
   the workers and of the clients. The home page is always measured: the floor of a page.
3. With `--profile`: each page in-process under cProfile (10 requests): its own time by area
   (SQL driver, ORM, templates and forms, the site's code, django.utils, built-in functions,
   other), the 15 functions with the largest cumulative time (the request and template
   plumbing left out) and the 5 with the largest own time.
Never part of the test suite.
"""

import argparse
import cProfile
import gc
import os
import pstats
import re
import statistics
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from common import (
    Client,
    prepare_database,
    production_environment,
    start_gunicorn,
    stop_gunicorn,
)

BENCH_DATABASE = "wwidw_bench_pages"
PORT = 8108
MEMBER = "member"
MANAGER = "manager"
ANONYMOUS = ""
PAGE_NAMES = (
    "home",
    "list",
    "search",
    "description",
    "monitoring",
    "archetype",
    "events",
    "login",
    "review",
)
TRANSACTION_CONTROL = re.compile(r"(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE SAVEPOINT)\b")
SERVER_SIDE_CURSOR = re.compile(r'^DECLARE "[^"]+" [A-Z ]*CURSOR [A-Z ]*?FOR ')
APPS = ("wwidw", "interventions", "monitoring", "budgets", "archetypes", "events")
# Frames that only pass the request on: the test client, the handler, the middleware chain, the
# view decorators and the template engine's dispatch. Their cumulative time is all below them.
PLUMBING = (
    "django/test/",
    "django/core/handlers/",
    "django/utils/deprecation.py",
    "django/contrib/auth/decorators.py",
    "django/views/decorators/",
    "django/shortcuts.py",
    "django/template/base.py",
    "django/template/backends/",
    "django/template/loader.py",
    "django/template/response.py",
    "bench/pages.py",
)
# Own time by where the code lives; what is in none of these (the standard library, built-in
# functions, other packages) is "other".
AREAS = (
    ("SQL (psycopg)", ("psycopg/",)),
    ("ORM", ("django/db/",)),
    ("templates, forms", ("django/template", "templatetags/", "crispy_", "django/forms/")),
    ("site", tuple(f"{Path(__file__).resolve().parent.parent}/{app}/" for app in APPS)),
    ("django.utils (l10n, lazy text)", ("django/utils/",)),
    ("built-ins", ("~",)),
)


@dataclass(frozen=True)
class Page:
    name: str
    label: str
    path: str
    reader: str  # MEMBER, MANAGER or ANONYMOUS


@dataclass(frozen=True)
class InProcess:
    milliseconds: float
    queries: int
    sql_milliseconds: float


@dataclass(frozen=True)
class Load:
    requests: int
    per_second: float
    p50: float
    p99: float
    worker_cpu: float  # ms of the workers' CPU per request
    client_cpu: float  # ms of this process's CPU per request: the clients themselves
    statuses: str


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def parse_arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--pages",
        default=",".join(PAGE_NAMES),
        help=f"comma-separated, of: {', '.join(PAGE_NAMES)} (the home page always runs)",
    )
    parser.add_argument("--seconds", type=float, default=8, help="under load, per page")
    parser.add_argument("--connections", type=int, default=8, help="concurrent clients")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--repeat", type=int, default=20, help="in-process requests per page")
    parser.add_argument("--profile", action="store_true", help="cProfile each page in-process")
    parser.add_argument(
        "--after-write",
        action="store_true",
        help="in-process only, the data version changed before each request",
    )
    arguments = parser.parse_args(argv)
    names = [name.strip() for name in arguments.pages.split(",") if name.strip()]
    unknown = sorted(set(names) - set(PAGE_NAMES))
    if unknown:
        parser.error(f"unknown pages: {', '.join(unknown)}")
    arguments.pages = [name for name in PAGE_NAMES if name == "home" or name in names]
    return arguments


# The database and the readers.


def prepare() -> None:
    """Migrate, load the demo data once, collect the static files the production site needs."""
    from django.core.management import call_command

    from interventions.models import Intervention

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    if not Intervention.objects.exists():
        started = time.perf_counter()
        call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
        print(f"Demo data loaded in {time.perf_counter() - started:.0f} s")
    call_command("collectstatic", interactive=False, verbosity=0)


def reader_email(reader: str) -> str:
    """The demo's manager or its first staff member of Woonstichting De Maasoever."""
    from demo import accounts

    (maasoever,) = [item for item in accounts.ORGANISATIONS if item.slug == "maasoever"]
    role = "manager" if reader == MANAGER else "medewerker"
    return next(email for _, email, their in accounts.members_of(maasoever) if their == role)


def pages(names: list[str]) -> list[Page]:
    """The pages by name; the description is the reader's first with monitoring, the archetype
    the published one with the most descriptions, the round the manager's with the most
    applications to review."""
    from django.db.models import Count, Q
    from django.urls import reverse

    from archetypes.models import Archetype
    from budgets.filters import REVIEW_STATUSES
    from budgets.models import BudgetRound
    from interventions.models import Intervention

    description = Intervention.objects.filter(
        organisation__slug="maasoever", monitoring__isnull=False
    ).order_by("pk")[0]
    archetype = (
        Archetype.objects.published()
        .annotate(linked=Count("interventions"))
        .order_by("-linked", "pk")[0]
    )
    to_review = Count("applications", filter=Q(applications__status__in=REVIEW_STATUSES))
    budget_round = (
        BudgetRound.objects.filter(organisation__slug="maasoever")
        .annotate(to_review=to_review)
        .order_by("-to_review", "pk")[0]
    )
    every = [
        Page("home", "home /", "/", MEMBER),
        Page("list", "/kennisbank/", "/kennisbank/", MEMBER),
        Page("search", "/kennisbank/?q=overlast", "/kennisbank/?q=overlast", MEMBER),
        Page("description", "description", description.get_absolute_url(), MEMBER),
        Page(
            "monitoring",
            "its monitoring overview",
            reverse("monitoring:detail", kwargs={"pk": description.pk}),
            MEMBER,
        ),
        Page("archetype", "archetype page", archetype.get_absolute_url(), MEMBER),
        Page("events", "/bijeenkomsten/", "/bijeenkomsten/", MEMBER),
        Page("login", "login page, anonymous", reverse("login"), ANONYMOUS),
        Page(
            "review",
            "budget review page",
            reverse("budgets:round_review", kwargs={"pk": budget_round.pk}),
            MANAGER,
        ),
    ]
    return [page for page in every if page.name in names]


# 1. In-process


def _test_client(reader: str):
    """Django's test client as a request through the HTTPS proxy, signed in as `reader`."""
    from django.test import Client as TestClient

    from wwidw.models import User

    client = TestClient(headers={"host": "127.0.0.1", "x-forwarded-proto": "https"})
    if reader:
        client.force_login(User.objects.get(email=reader_email(reader)))
    return client


def _get(client, path: str):
    response = client.get(path)
    if response.status_code != 200:
        raise SystemExit(f"{path} answered {response.status_code} in-process")
    return response


def _time_statements(statements: list[str], repeat: int) -> list[float]:
    """Total ms of running the statements one after the other, `repeat` times; in a transaction
    that is rolled back, should a page write."""
    from django.db import IntegrityError, connection, transaction

    totals = [0.0] * repeat
    with transaction.atomic(), connection.cursor() as cursor:
        for declared in statements:
            # A server-side cursor (QuerySet.iterator()) is captured as its DECLARE: run its query.
            statement = SERVER_SIDE_CURSOR.sub("", declared, count=1)
            if TRANSACTION_CONTROL.match(statement):
                continue  # the page's own transactions: each statement below runs in a savepoint
            for index in range(repeat):
                started = time.perf_counter()
                try:
                    with transaction.atomic():
                        cursor.execute(statement)
                        if cursor.description is not None:
                            cursor.fetchall()
                except IntegrityError:
                    pass  # a row the page wrote (a cache entry) written again: timed all the same
                totals[index] += (time.perf_counter() - started) * 1000
        transaction.set_rollback(True)
    return totals


def write_elsewhere() -> None:
    """What a committed write to another description does to the pages: a new data version."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("UPDATE interventions_listversion SET number = number + 1 WHERE id = 1")


def measure_in_process(page: Page, repeat: int, after_write: bool = False) -> InProcess:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = _test_client(page.reader)
    _get(client, page.path)  # warm: templates, connection, caches
    times = []
    for _ in range(repeat):
        if after_write:
            write_elsewhere()
        started = time.perf_counter()
        _get(client, page.path)
        times.append((time.perf_counter() - started) * 1000)
    if after_write:
        write_elsewhere()
    with CaptureQueriesContext(connection) as captured:
        _get(client, page.path)
    statements = [query["sql"] for query in captured.captured_queries]
    sql = _time_statements(statements, max(5, repeat // 4))
    return InProcess(statistics.median(times), len(statements), statistics.median(sql))


def select_one(repeat: int = 500) -> float:
    """Median ms of a bare `SELECT 1`: the round trip to PostgreSQL."""
    return statistics.median(_time_statements(["SELECT 1"], repeat))


# 2. Under load


def _worker_pids(master: int) -> list[int]:
    path = Path(f"/proc/{master}/task/{master}/children")
    return [int(pid) for pid in path.read_text().split()] if path.exists() else []


def _cpu_seconds(pids: list[int]) -> float:
    """User and system CPU time of the processes, from /proc."""
    ticks = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def clients(reader: str, count: int) -> list[Client]:
    """`count` clients, each signed in with its own session (in parallel: hashing the password
    takes a while)."""
    from demo.accounts import DEMO_PASSWORD

    made = [Client(f"http://127.0.0.1:{PORT}") for _ in range(count)]
    if reader:
        email = reader_email(reader)
        threads = [
            threading.Thread(target=client.log_in, args=(email, DEMO_PASSWORD)) for client in made
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    return made


def _hammer(path: str, pool: list[Client], until: float, times: list, statuses: dict) -> None:
    lock = threading.Lock()

    def work(client: Client) -> None:
        mine, codes = [], {}
        while time.perf_counter() < until:
            started = time.perf_counter()
            code = client.request(path)
            mine.append((time.perf_counter() - started) * 1000)
            codes[code] = codes.get(code, 0) + 1
        with lock:
            times.extend(mine)
            for code, count in codes.items():
                statuses[code] = statuses.get(code, 0) + count

    threads = [threading.Thread(target=work, args=(client,)) for client in pool]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def measure_load(page: Page, pool: list[Client], seconds: float, workers: list[int]) -> Load:
    """Every client requests the page as fast as it answers, for `seconds` (after a second of
    the same to warm the workers up)."""
    _hammer(page.path, pool, time.perf_counter() + 1, [], {})
    times: list[float] = []
    statuses: dict[int, int] = {}
    cpu, own_cpu = _cpu_seconds(workers), time.process_time()
    started = time.perf_counter()
    _hammer(page.path, pool, started + seconds, times, statuses)
    elapsed = time.perf_counter() - started
    cpu, own_cpu = _cpu_seconds(workers) - cpu, time.process_time() - own_cpu
    return Load(
        requests=len(times),
        per_second=len(times) / elapsed,
        p50=statistics.median(times),
        p99=percentile(times, 0.99),
        worker_cpu=cpu * 1000 / len(times),
        client_cpu=own_cpu * 1000 / len(times),
        statuses=", ".join(f"{code}×{count}" for code, count in sorted(statuses.items())),
    )


def run_load(chosen: list[Page], arguments) -> dict[str, Load]:
    process = start_gunicorn(PORT, workers=arguments.workers, quiet=True)
    try:
        workers = _worker_pids(process.pid)
        readers = {page.reader for page in chosen}
        pools = {reader: clients(reader, arguments.connections) for reader in readers}
        return {
            page.name: measure_load(page, pools[page.reader], arguments.seconds, workers)
            for page in chosen
        }
    finally:
        stop_gunicorn(process)


# 3. Profile


def _where(filename: str, line: int, function: str) -> str:
    for marker in ("site-packages/", f"{Path(__file__).resolve().parent.parent}/"):
        if marker in filename:
            filename = filename.split(marker, 1)[1]
    return f"{filename}:{line}({function})" if line else function


def profile(page: Page, requests: int = 10) -> None:
    client = _test_client(page.reader)
    _get(client, page.path)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(requests):
        _get(client, page.path)
    profiler.disable()
    stats = pstats.Stats(profiler).stats
    rows = [
        (cumulative / requests * 1000, own / requests * 1000, calls / requests, key)
        for key, (_, calls, own, cumulative, _) in stats.items()
        if not any(part in key[0] for part in PLUMBING) and key[2] != "__call__"
    ]
    areas = dict.fromkeys([name for name, _ in AREAS] + ["other"], 0.0)
    for (filename, _, _), (_, _, own, _, _) in stats.items():
        area = next((name for name, parts in AREAS if any(p in filename for p in parts)), "other")
        areas[area] += own * 1000 / requests
    print(f"\n{page.label} ({page.path}): {sum(areas.values()):.1f} ms per request profiled")
    print("  own time by area: " + ", ".join(f"{name} {ms:.1f}" for name, ms in areas.items()))
    print(f"  {'cum ms':>7} {'own ms':>7} {'calls':>7}  function")
    for cumulative, own, calls, key in sorted(rows, reverse=True)[:15]:
        print(f"  {cumulative:7.1f} {own:7.1f} {calls:7.0f}  {_where(*key)}")
    print("  largest own time:")
    for cumulative, own, calls, key in sorted(rows, key=lambda row: -row[1])[:5]:
        print(f"  {cumulative:7.1f} {own:7.1f} {calls:7.0f}  {_where(*key)}")


# The run.


def print_table(chosen: list[Page], inside: dict, load: dict, arguments) -> None:
    print(
        f"\ngunicorn {arguments.workers} workers, {arguments.connections} connections, "
        f"{arguments.seconds:g} s per page; in-process median of {arguments.repeat}"
    )
    header = (
        f"{'page':26} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} {'CPU ms':>7} {'client':>7} "
        f"{'in-proc':>8} {'queries':>7} {'SQL ms':>7}  statuses"
    )
    print(header)
    print("-" * len(header))
    for page in chosen:
        here, there = inside[page.name], load[page.name]
        print(
            f"{page.label:26} {there.per_second:7.0f} {there.p50:7.1f} {there.p99:7.1f} "
            f"{there.worker_cpu:7.1f} {there.client_cpu:7.1f} {here.milliseconds:8.1f} "
            f"{here.queries:7d} {here.sql_milliseconds:7.1f}  {there.statuses}"
        )
    print(
        "CPU ms: the gunicorn workers' CPU time per request under load; client: the CPU time "
        "of the clients (this process) per request; in-proc: ms of one request through "
        "Django's test client; SQL ms: its statements run bare, one after the other."
    )


def print_in_process(chosen: list[Page], inside: dict, floor: float) -> None:
    print("\nIn-process, the data version changed before each request (a write elsewhere)")
    header = f"{'page':26} {'in-proc':>8} {'queries':>7} {'SQL ms':>7}"
    print(header)
    print("-" * len(header))
    for page in chosen:
        here = inside[page.name]
        print(
            f"{page.label:26} {here.milliseconds:8.1f} {here.queries:7d} "
            f"{here.sql_milliseconds:7.1f}"
        )
    print(f"Floor: bare SELECT 1 {floor:.3f} ms (the home page above is built too)")


def main() -> None:
    arguments = parse_arguments()
    load_before = os.getloadavg()
    os.environ.update(production_environment(PORT))
    prepare_database(BENCH_DATABASE)
    prepare()
    # As gunicorn.conf.py does in the master: the start-up objects (here also the migrations')
    # out of the collector's way, so that in-process requests pay for their own garbage only.
    gc.collect()
    gc.freeze()
    chosen = pages(arguments.pages)
    print(f"Pages: {', '.join(f'{page.name} {page.path}' for page in chosen)}")
    floor = select_one()
    inside = {
        page.name: measure_in_process(page, arguments.repeat, arguments.after_write)
        for page in chosen
    }
    if arguments.after_write:
        print_in_process(chosen, inside, floor)
        return
    load = run_load(chosen, arguments)
    print_table(chosen, inside, load, arguments)
    home = load["home"]
    print(
        f"Floor: home page {home.per_second:.0f} req/s, p50 {home.p50:.1f} ms; bare SELECT 1 "
        f"{floor:.3f} ms"
    )
    cached = os.environ.get("WWIDW_PAGE_CACHE", "1") != "0"
    print(
        "Cached parts of pages (wwidw/pagecache.py): "
        + ("on; WWIDW_PAGE_CACHE=0 builds every page" if cached else "off, every page built")
    )
    print(
        f"Machine: {os.cpu_count()} cores; load average {load_before[0]:.2f} before, "
        f"{os.getloadavg()[0]:.2f} after the load"
    )
    if arguments.profile:
        for page in chosen:
            profile(page)


if __name__ == "__main__":
    main()
