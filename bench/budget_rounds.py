"""A liveability budget round at the size of a large corporation: the review page, the round
report, and managers deciding at the same moment through real HTTP.

    DEBUG=1 .venv/bin/python bench/budget_rounds.py
    DEBUG=1 .venv/bin/python bench/budget_rounds.py --applications 200 --requests 20

Uses the database `wwidw_bench_budgets` on the server of DATABASE_URL (created and migrated when
missing). Every run builds its round again: one organisation, `--applications` submitted
applications of monitored descriptions (each with a monitoring of 8 periods, 40 cost lines and
10 direct results, as bench/monitoring_reports.py makes them), half of them awarded, and
`--contested` more applications of € 3.000 each in a second round that has room for only a
third of them.

1. In-process, as the views do: the round report as PDF and as xlsx (median and maximum).
2. gunicorn (production settings, behind an HTTPS proxy): a manager requests the review page
   (all applications side by side) and the round page; median and p95.
3. The contested round: one client per application, logged in as one of eight managers, POSTs
   "toegekend" at the same moment (a barrier). Prints how many were awarded, the total against
   the budget, the refusals and the errors. Never part of the test suite.
"""

import argparse
import datetime
import io
import statistics
import threading
import time
import urllib.parse
from decimal import Decimal

from common import Client, p95, prepare_database, start_gunicorn, stop_gunicorn
from monitoring_reports import monitored_intervention

BENCH_DATABASE = "wwidw_bench_budgets"
PORT = 8106
PASSWORD = "bench-wachtwoord-2026"
MANAGERS = 8
CONTESTED_AMOUNT = Decimal("3000.00")


def manager_email(number: int) -> str:
    return f"manager{number}@budget-bench.example"


def _cast():
    """The organisation and its eight managers, made once."""
    from django.contrib.auth.hashers import make_password

    from wwidw.models import Membership, Organisation, User

    organisation, _ = Organisation.objects.get_or_create(
        slug="budget-bench",
        defaults={"name": "Woonstichting Budgetbank", "kind": "woningcorporatie", "city": "Delft"},
    )
    password = make_password(PASSWORD)
    managers = []
    for number in range(MANAGERS):
        user, _ = User.objects.get_or_create(
            email=manager_email(number),
            defaults={"full_name": f"Manager {number}", "password": password},
        )
        Membership.objects.get_or_create(
            user=user, organisation=organisation, defaults={"role": Membership.Role.MANAGER}
        )
        managers.append(user)
    return organisation, managers


def _applicant(organisation):
    """A staff member who applies: a manager does not decide on their own application."""
    from wwidw.models import Membership, User

    user, _ = User.objects.get_or_create(
        email="applicant@budget-bench.example", defaults={"full_name": "Aanvrager"}
    )
    Membership.objects.get_or_create(user=user, organisation=organisation)
    return user


def _descriptions(organisation, user, count: int) -> list:
    """`count` monitored descriptions of the organisation, made once and reused."""
    from interventions.models import Intervention

    existing = Intervention.objects.filter(organisation=organisation, monitoring__isnull=False)
    for number in range(existing.count() + 1, count + 1):
        monitored_intervention(organisation, user, number)
    return list(existing.order_by("pk")[:count])


def _round(organisation, name: str, budget: Decimal):
    from budgets.models import BudgetRound

    today = datetime.date.today()
    return BudgetRound.objects.create(
        organisation=organisation,
        name=f"{name} {time.strftime('%H:%M:%S')}",
        year=today.year,
        total_budget=budget,
        opening_date=today - datetime.timedelta(days=30),
        closing_date=today - datetime.timedelta(days=1),
        threshold=Decimal("25000.00"),
        status=BudgetRound.Status.REVIEW,
    )


def _submitted(budget_round, descriptions, applicant, amount) -> list:
    from django.utils import timezone

    from budgets.models import BudgetApplication

    return BudgetApplication.objects.bulk_create(
        BudgetApplication(
            round=budget_round,
            intervention=description,
            applicant=applicant,
            amount_requested=amount(number),
            co_financing=Decimal("2500.00"),
            motivation="Aanvraag van de benchmark.",
            status=BudgetApplication.Status.SUBMITTED,
            submitted_at=timezone.now(),
        )
        for number, description in enumerate(descriptions)
    )


def prepare(applications: int, contested: int):
    """The review round (half of it awarded through the service) and the contested round."""
    from django.core.management import call_command
    from django.db import transaction

    from budgets import services

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    organisation, managers = _cast()
    with transaction.atomic():
        started = time.perf_counter()
        descriptions = _descriptions(organisation, managers[0], applications + contested)
        print(
            f"{len(descriptions)} monitored descriptions ready in "
            f"{time.perf_counter() - started:.1f} s"
        )
        review = _round(organisation, "Leefbaarheidsbudget (review)", Decimal("10000000.00"))
        amounts = _submitted(
            review,
            descriptions[:applications],
            _applicant(organisation),
            lambda number: Decimal(5000 + 250 * number),
        )
        for application in amounts[::2]:
            services.decide_application(
                application=application,
                status="toegekend",
                awarded_amount=None,
                reason="",
                by=managers[0],
                notify=False,
            )
        budget = CONTESTED_AMOUNT * (contested // 3) + Decimal("1000.00")
        contest = _round(organisation, "Leefbaarheidsbudget (contested)", budget)
        contested_applications = _submitted(
            contest,
            descriptions[applications:],
            _applicant(organisation),
            lambda number: CONTESTED_AMOUNT,
        )
    return review, contest, contested_applications


def measure_reports(review, runs: int) -> None:
    from pypdf import PdfReader

    from budgets.documents import render_round_pdf
    from budgets.exports import round_xlsx

    for label, render in (("round report PDF", render_round_pdf), ("round xlsx", round_xlsx)):
        render(review)  # warm up: templates, fonts
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            content = render(review)
            times.append(time.perf_counter() - started)
        pages = (
            f"{len(PdfReader(io.BytesIO(content)).pages)} pages, " if label.endswith("PDF") else ""
        )
        print(
            f"{label}: median {statistics.median(times):.2f} s, max {max(times):.2f} s over "
            f"{runs} runs ({pages}{len(content) // 1024} KiB)"
        )


def measure_pages(review, requests: int) -> None:
    from django.urls import reverse

    client = Client(f"http://127.0.0.1:{PORT}")
    client.log_in(manager_email(0), PASSWORD)
    pages = [
        ("review page", reverse("budgets:round_review", kwargs={"pk": review.pk})),
        ("round page", review.get_absolute_url()),
    ]
    count = review.applications.count()
    print(f"\nHTTP GET as a manager, {count} applications, {requests} requests each (ms)")
    for label, path in pages:
        for _ in range(8):  # warm up every worker: templates, connections
            client.request(path)
        times, statuses = [], set()
        for _ in range(requests):
            started = time.perf_counter()
            statuses.add(client.request(path))
            times.append((time.perf_counter() - started) * 1000)
        print(
            f"  {label:12} median {statistics.median(times):7.1f}  p95 {p95(times):7.1f}  "
            f"status {', '.join(str(code) for code in sorted(statuses))}"
        )


def decide_all_at_once(contest, applications: list) -> tuple[dict, float]:
    """One client per application POSTs "toegekend" at the same moment."""
    from django.urls import reverse

    clients = []
    for number in range(len(applications)):
        client = Client(f"http://127.0.0.1:{PORT}")
        client.log_in(manager_email(number % MANAGERS), PASSWORD)
        clients.append(client)
    barrier = threading.Barrier(len(clients) + 1)
    statuses: dict[str, int] = {}
    lock = threading.Lock()

    def post(client: Client, application) -> None:
        path = reverse("budgets:application_decide", kwargs={"pk": application.pk})
        data = urllib.parse.urlencode(
            {
                "status": "toegekend",
                "awarded_amount": "",
                "reason": "",
                "csrfmiddlewaretoken": client.cookies["csrftoken"],
            }
        ).encode()
        barrier.wait()
        try:
            outcome = str(client.request(path, data=data, headers=client.referer(path)))
        except OSError as error:
            outcome = type(error).__name__
        with lock:
            statuses[outcome] = statuses.get(outcome, 0) + 1

    threads = [
        threading.Thread(target=post, args=(client, application))
        for client, application in zip(clients, applications, strict=True)
    ]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    return statuses, time.perf_counter() - started


def report_contest(contest, statuses: dict, seconds: float) -> bool:
    from budgets.models import BudgetApplication
    from monitoring.models import Financing

    contest.refresh_from_db()
    awarded = contest.applications.awarded()
    total = contest.awarded_total()
    expected = int(contest.total_budget // CONTESTED_AMOUNT)
    lines = Financing.objects.filter(application__round=contest).count()
    refused = contest.applications.filter(status=BudgetApplication.Status.SUBMITTED).count()
    errors = sum(count for status, count in statuses.items() if status not in ("200", "302"))
    print(
        f"\n{sum(statuses.values())} managers' decisions at the same moment, budget "
        f"€ {contest.total_budget} (room for {expected} awards of € {CONTESTED_AMOUNT})"
    )
    print(
        f"  responses: {', '.join(f'{k}: {v}' for k, v in sorted(statuses.items()))} "
        "(302: saved, 200: the form again with the refusal)"
    )
    print(
        f"  awarded:   {awarded.count()}, total € {total}, within the budget: "
        f"{total <= contest.total_budget}"
    )
    print(f"  refused:   {refused} still submitted; financing lines: {lines}")
    print(f"  errors:    {errors}")
    print(f"  time:      {seconds:.2f} s from the common start to the last response")
    return awarded.count() == expected == lines and total <= contest.total_budget and not errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applications", type=int, default=100)
    parser.add_argument("--contested", type=int, default=60)
    parser.add_argument("--runs", type=int, default=5, help="renders of each report")
    parser.add_argument("--requests", type=int, default=20, help="HTTP requests per page")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=8, help="threads per gunicorn worker")
    arguments = parser.parse_args()
    prepare_database(BENCH_DATABASE)
    from django.utils import translation

    translation.activate("nl")
    review, contest, contested = prepare(arguments.applications, arguments.contested)
    measure_reports(review, arguments.runs)
    process = start_gunicorn(
        PORT, workers=arguments.workers, threads=arguments.threads, timeout=120, quiet=True
    )
    try:
        measure_pages(review, arguments.requests)
        statuses, seconds = decide_all_at_once(contest, contested)
    finally:
        stop_gunicorn(process)
    if not report_contest(contest, statuses, seconds):
        raise SystemExit("The contested decisions did not come out as expected.")


if __name__ == "__main__":
    main()
