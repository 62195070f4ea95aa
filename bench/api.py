"""The read API at 100,000 descriptions: median and p95 through gunicorn, beside the floor.

    DEBUG=1 .venv/bin/python bench/api.py                    # 30 requests per shape
    DEBUG=1 .venv/bin/python bench/api.py --requests 60 --repeat 20

Uses the database `wwidw_bench` that bench/search.py fills with 100,000 descriptions (run that
first; this bench only migrates it, adds a bench manager of Woonstichting De Maasoever and an
API key, revoked at the end). For every shape it requests the API once in-process with the key,
captures the SQL and times it bare (median of `--repeat`); then it starts gunicorn (two workers,
127.0.0.1:8105, production settings: DEBUG off behind an HTTPS proxy, no rate limit) and
requests each shape `--requests` times one after the other, after the floor: the home page of
the signed-in manager and a bare `SELECT 1`. Never part of the test suite.
"""

import argparse
import json
import os
import statistics
import time
import urllib.parse
import urllib.request
from collections.abc import Callable

from common import Client, p95, prepare_database, start_gunicorn, stop_gunicorn

BENCH_DATABASE = os.environ.get("BENCH_DATABASE", "wwidw_bench")
PORT = 8105
BENCH_EMAIL = "bench-api@wwidw.example"
BENCH_PASSWORD = "bench-api-wachtwoord-2026"
LIST = "/api/v1/descriptions"
MINIMUM_ROWS = 50_000

# (label, the path, built with a function that GETs JSON from the same server)
Shape = tuple[str, Callable[[Callable[[str], dict]], str]]


def prepare() -> tuple[object, str]:
    """The bench manager and the token of a new key of theirs."""
    from django.core.management import call_command

    from api import services
    from interventions.models import Intervention
    from wwidw.models import Membership, Organisation, User

    call_command("migrate", verbosity=0)
    if Intervention.objects.count() < MINIMUM_ROWS:
        raise SystemExit("Fill wwidw_bench first: DEBUG=1 .venv/bin/python bench/search.py")
    organisation = Organisation.objects.get(slug="maasoever")
    user = User.objects.filter(email=BENCH_EMAIL).first()
    if user is None:
        user = User.objects.create_user(BENCH_EMAIL, BENCH_PASSWORD, full_name="Bench API")
        Membership.objects.create(
            user=user, organisation=organisation, role=Membership.Role.MANAGER
        )
    _key, token = services.create_api_key(organisation=organisation, name="bench", by=user)
    return user, token


def shapes() -> list[Shape]:
    from interventions.models import Intervention, InterventionType

    woonoverlast = InterventionType.objects.get(name="Aanpak woonoverlast").slug
    description = Intervention.objects.published().filter(visibility="partners").latest("pk")
    middle = Intervention.objects.order_by("updated_at", "pk").values_list("updated_at", flat=True)
    since = urllib.parse.quote(middle[Intervention.objects.count() // 2].isoformat())

    def second_page(get: Callable[[str], dict]) -> str:
        following = get(f"{LIST}?limit=50")["next"]
        return urllib.parse.urlsplit(following)._replace(scheme="", netloc="").geturl()

    return [
        ("list, first page of 50", lambda get: f"{LIST}?limit=50"),
        ("list, next page (cursor)", second_page),
        ("list, page of 200", lambda get: f"{LIST}?limit=200"),
        ("list, updated_since half", lambda get: f"{LIST}?limit=50&updated_since={since}"),
        ("list, type filter", lambda get: f"{LIST}?limit=50&type={woonoverlast}"),
        ("list, search straatcoach", lambda get: f"{LIST}?limit=50&q=straatcoach"),
        ("list, search buurt", lambda get: f"{LIST}?limit=50&q=buurt"),
        ("detail", lambda get: f"{LIST}/{description.pk}"),
        ("detail, 304", lambda get: f"{LIST}/{description.pk}#304"),
    ]


def _time_statements(statements: list[tuple[str, list]], repeat: int) -> list[float]:
    from django.db import connection

    times = []
    with connection.cursor() as cursor:
        for _ in range(repeat):
            started = time.perf_counter()
            for sql, params in statements:
                cursor.execute(sql, params)
                if cursor.description:
                    cursor.fetchall()
            times.append((time.perf_counter() - started) * 1000)
    return times


def measure_sql(token: str, repeat: int) -> tuple[dict[str, tuple[float, int]], float]:
    """Per shape: (median ms of its SQL run bare, its number of statements); and SELECT 1."""
    from django.db import connection
    from django.test import Client as TestClient
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    setup_test_environment()
    client = TestClient(HTTP_AUTHORIZATION=f"Bearer {token}")

    def get(path: str) -> dict:
        return client.get(path).json()

    results = {}
    for label, build in shapes():
        path, _, kind = build(get).partition("#")
        warm = client.get(path)  # the key's bookkeeping of this minute is then done
        headers = {"HTTP_IF_NONE_MATCH": warm["ETag"]} if kind == "304" else {}
        with CaptureQueriesContext(connection) as queries:
            status = client.get(path, **headers).status_code
        assert status in (200, 304), (label, status)
        # The key's per-minute count (an UPSERT) is left out: every request writes it alike.
        statements = [
            (query["sql"], [])
            for query in queries.captured_queries
            if query["sql"].lstrip().upper().startswith("SELECT")
        ]
        results[label] = (statistics.median(_time_statements(statements, repeat)), len(queries))
    floor = statistics.median(_time_statements([("SELECT 1", [])], repeat * 25))
    return results, floor


def _open(base: str, token: str, path: str):
    """The API's answer to GET `path` with the key, as behind the HTTPS proxy."""
    headers = {"Authorization": f"Bearer {token}", "X-Forwarded-Proto": "https"}
    return urllib.request.build_opener().open(
        urllib.request.Request(f"{base}{path}", headers=headers)
    )


def _get_json(base: str, token: str) -> Callable[[str], dict]:
    def get(path: str) -> dict:
        with _open(base, token, path) as response:
            return json.load(response)

    return get


def _timed(client: Client, path: str, requests: int, headers: dict) -> tuple[list, set]:
    client.request(path, headers=headers)  # warm up
    times, statuses = [], set()
    for _ in range(requests):
        started = time.perf_counter()
        statuses.add(client.request(path, headers=headers))
        times.append((time.perf_counter() - started) * 1000)
    return times, statuses


def _etag(base: str, token: str, path: str) -> str:
    with _open(base, token, path) as response:
        return response.headers["ETag"]


def measure_http(token: str, sql: dict, requests: int) -> None:
    base = f"http://127.0.0.1:{PORT}"
    os.environ["API_RATE_LIMIT"] = str(10**9)
    process = start_gunicorn(PORT, workers=2, quiet=True)
    try:
        browser = Client(base)
        browser.log_in(BENCH_EMAIL, BENCH_PASSWORD)
        api = Client(base)
        key = {"Authorization": f"Bearer {token}"}
        print(f"\nHTTP GET through gunicorn (2 workers), {requests} requests per shape (ms)")
        print(f"{'shape':28} {'median':>8} {'p95':>8} {'SQL':>7} {'queries':>8}  status")
        times, statuses = _timed(browser, "/", requests, {})
        _row("floor: home page (session)", times, statuses, None, None)
        get = _get_json(base, token)
        for label, build in shapes():
            path, _, kind = build(get).partition("#")
            headers = {**key, "If-None-Match": _etag(base, token, path)} if kind else key
            times, statuses = _timed(api, path, requests, headers)
            _row(label, times, statuses, *sql[label])
    finally:
        stop_gunicorn(process)


def _row(label: str, times: list, statuses: set, sql_ms: float | None, queries: int | None):
    status = ", ".join(str(code) for code in sorted(statuses))
    sql = "–" if sql_ms is None else f"{sql_ms:.2f}"
    print(
        f"{label:28} {statistics.median(times):>8.1f} {p95(times):>8.1f} {sql:>7} "
        f"{'–' if queries is None else queries:>8}  {status}"
    )


def revoke_bench_keys(user) -> None:
    from django.utils import timezone

    from api.models import ApiKey

    ApiKey.objects.filter(created_by=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_by=user
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=30, help="HTTP requests per shape")
    parser.add_argument("--repeat", type=int, default=20, help="SQL runs per shape")
    arguments = parser.parse_args()
    load_before = os.getloadavg()
    prepare_database(BENCH_DATABASE)
    from interventions.models import Intervention

    user, token = prepare()
    try:
        print(f"{Intervention.objects.count():,} descriptions in {BENCH_DATABASE}")
        sql, floor = measure_sql(token, arguments.repeat)
        measure_http(token, sql, arguments.requests)
        print(
            f"Floor: bare SELECT 1 {floor:.3f} ms. SQL: the shape's SELECT statements run bare, "
            "one after the other (median); queries: all of one request, the key's lookup and "
            "its per-minute count included."
        )
    finally:
        revoke_bench_keys(user)
    print(
        f"Machine: {os.cpu_count()} cores; load average {load_before[0]:.2f} before, "
        f"{os.getloadavg()[0]:.2f} after"
    )


if __name__ == "__main__":
    main()
