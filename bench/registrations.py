"""200 registrations at the same moment for a session with 30 places, through real HTTP.

    DEBUG=1 .venv/bin/python bench/registrations.py
    DEBUG=1 .venv/bin/python bench/registrations.py --accounts 100 --capacity 10 --workers 2

Uses the database `wwidw_bench_events` on the server of DATABASE_URL (created and migrated when
missing; the accounts and the session are made once and reused, the session's registrations are
removed at the start of every run). Starts gunicorn on 127.0.0.1:8105 with production settings
(DEBUG off, behind an HTTPS proxy: requests carry X-Forwarded-Proto), logs every account in with
its own client, then lets every client POST `events:register` at the same moment (a barrier,
one thread and one connection per client). Prints how many were confirmed and put on the waiting
list, whether the waiting positions are distinct, the errors and the time it took. Never part of
the test suite.
"""

import argparse
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from common import Client, prepare_database, start_gunicorn, stop_gunicorn

BENCH_DATABASE = "wwidw_bench_events"
PORT = 8105
PASSWORD = "bench-wachtwoord-2026"
SESSION_SLUG = "bench-wat-werkt-in-de-huismeesterij"


def email(number: int) -> str:
    return f"deelnemer{number:03d}@bench.example"


def prepare(accounts: int, capacity: int):
    """The accounts (members of one organisation), and the session, open and empty."""
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.utils import timezone

    from events.models import ThemeSession
    from wwidw.models import Membership, Organisation, User

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    organisation, _ = Organisation.objects.get_or_create(
        slug="benchmark",
        defaults={
            "name": "Woonstichting Benchmark",
            "kind": Organisation.Kind.HOUSING_CORPORATION,
            "city": "Utrecht",
        },
    )
    existing = set(
        User.objects.filter(email__endswith="@bench.example").values_list("email", flat=True)
    )
    password = make_password(PASSWORD)
    users = User.objects.bulk_create(
        User(email=email(n), full_name=f"Deelnemer {n}", password=password)
        for n in range(accounts)
        if email(n) not in existing
    )
    Membership.objects.bulk_create(
        Membership(user=user, organisation=organisation) for user in users
    )
    starts_at = (timezone.now() + timedelta(days=14)).replace(microsecond=0)
    session, _ = ThemeSession.objects.update_or_create(
        slug=SESSION_SLUG,
        defaults={
            "title": "Wat werkt in de huismeesterij (benchmark)",
            "starts_at": starts_at,
            "ends_at": starts_at + timedelta(hours=3),
            "venue": "Buurthuis De Schakel",
            "capacity": capacity,
            "places_per_organisation": None,
            "registration_opens_at": starts_at - timedelta(days=30),
            "registration_closes_at": starts_at - timedelta(days=1),
            "status": ThemeSession.Status.PLANNED,
        },
    )
    session.registrations.all().delete()
    return session, organisation


def log_in(number: int) -> Client:
    client = Client(f"http://127.0.0.1:{PORT}")
    client.log_in(email(number), PASSWORD)
    return client


def register_all_at_once(clients: list[Client], session, organisation) -> tuple[dict, float]:
    """Every client POSTs the registration form at the same moment; the status codes counted."""
    from django.urls import reverse

    path = reverse("events:register", kwargs={"slug": session.slug})
    referer = {"Referer": f"https://127.0.0.1:{PORT}{session.get_absolute_url()}"}
    barrier = threading.Barrier(len(clients) + 1)
    statuses: dict[str, int] = {}
    lock = threading.Lock()

    def post(client: Client) -> None:
        data = urllib.parse.urlencode(
            {"organisation": organisation.pk, "csrfmiddlewaretoken": client.cookies["csrftoken"]}
        ).encode()
        barrier.wait()
        try:
            outcome = str(client.request(path, data=data, headers=referer))
        except OSError as error:
            outcome = type(error).__name__
        with lock:
            statuses[outcome] = statuses.get(outcome, 0) + 1

    threads = [threading.Thread(target=post, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    return statuses, time.perf_counter() - started


def report(session, accounts: int, statuses: dict, seconds: float) -> bool:
    from events.models import Registration

    registrations = list(session.registrations.order_by("created_at", "pk"))
    confirmed = [r for r in registrations if r.status == Registration.Status.CONFIRMED]
    waiting = [r for r in registrations if r.status == Registration.Status.WAITING]
    positions = [r.waiting_position() for r in waiting]
    distinct = sorted(positions) == list(range(1, len(waiting) + 1))
    users = {r.user_id for r in registrations}
    errors = sum(count for status, count in statuses.items() if status != "302")
    print(f"{accounts} concurrent registration attempts, {session.capacity} places")
    print(f"  responses:  {', '.join(f'{k}: {v}' for k, v in sorted(statuses.items()))}")
    print(f"  confirmed:  {len(confirmed)}")
    print(f"  waiting:    {len(waiting)}, positions 1–{len(waiting)} distinct: {distinct}")
    print(f"  one registration per account: {len(users) == len(registrations) == accounts}")
    print(f"  errors:     {errors}")
    print(f"  time:       {seconds:.2f} s from the common start to the last response")
    return (
        len(confirmed) == session.capacity
        and len(waiting) == accounts - session.capacity
        and distinct
        and errors == 0
        and len(users) == len(registrations) == accounts
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=200)
    parser.add_argument("--capacity", type=int, default=30)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=8, help="threads per gunicorn worker")
    arguments = parser.parse_args()
    prepare_database(BENCH_DATABASE)
    session, organisation = prepare(arguments.accounts, arguments.capacity)
    process = start_gunicorn(
        PORT, workers=arguments.workers, threads=arguments.threads, timeout=120, quiet=True
    )
    try:
        with ThreadPoolExecutor(max_workers=8) as pool:
            clients = list(pool.map(log_in, range(arguments.accounts)))
        print(
            f"gunicorn: {arguments.workers} workers × {arguments.threads} threads; "
            f"{len(clients)} accounts logged in"
        )
        statuses, seconds = register_all_at_once(clients, session, organisation)
    finally:
        stop_gunicorn(process)
    if not report(session, arguments.accounts, statuses, seconds):
        raise SystemExit("The registrations did not come out as expected.")


if __name__ == "__main__":
    main()
