"""The monitoring reports at their intended size: time the PDF of one intervention and of a
portfolio of 50.

    DEBUG=1 .venv/bin/python bench/monitoring_reports.py               # fill once, time both
    DEBUG=1 .venv/bin/python bench/monitoring_reports.py --runs 10
    DEBUG=1 .venv/bin/python bench/monitoring_reports.py --only plan   # or: portfolio

Uses the database `wwidw_bench_monitoring` on the server of DATABASE_URL (created and migrated
when missing; filled once with one organisation of 50 monitored interventions, reused after).
Each intervention has 8 quarterly periods, 40 cost lines, 10 direct results with a value in
every period, 3 financiers and 8 valued outcomes. A run loads the plans with `with_details()`
and renders the PDF, as the views do; it prints the median and the maximum. Then each report is
downloaded again without a change, as the view and the task serve it: the kept PDF
(RenderedReport), from the queries and the HTML that tell it is still the same. Never part of
the test suite.

Machines of one kind differ by two times or more, so each run first prints its floor: a bare
`SELECT 1`, and WeasyPrint's own cost of a block of text (a page of 100 short paragraphs with no
style, through the same renderer). Each report is also given as a multiple of that block: on
another machine, the report's time there is about that multiple of its own floor.
"""

import argparse
import os
import statistics
import time
from datetime import date
from decimal import Decimal

from common import prepare_database

BENCH_DATABASE = "wwidw_bench_monitoring"
ORGANISATION_SLUG = "bench-monitoring"
INTERVENTIONS = 50
PERIODS = 8
COST_LINES = 40
OUTPUTS = 10
OUTCOMES = 8
PLAN_TARGET = 1.5  # seconds, issue 4
PORTFOLIO_TARGET = 10.0


# Generated monitoring: the same shape for every intervention, with figures that vary by number.

CATEGORIES = ["personeel", "materiaal", "inhuur", "activiteiten", "overhead"]
BEARERS = ["", "Gemeente", "Welzijnsorganisatie"]  # "": the organisation itself
ACTORS = ["Bewoners", "Corporatie", "Gemeente", "Zorg", "Politie"]
OUTCOME_NAMES = [
    "Minder vandalismeherstel",
    "Voorkomen ontruimingen",
    "Woongenot",
    "Minder verhuizingen",
    "Minder meldingen van overlast",
    "Meer contact tussen buren",
    "Minder eenzaamheid",
    "Schonere portieken",
]


def _periods(plan) -> list:
    from monitoring.models import ReportingPeriod

    periods = []
    for index in range(PERIODS):
        year, quarter = 2025 + index // 4, index % 4 + 1
        start = date(year, 3 * quarter - 2, 1)
        end = date(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1)
        periods.append(
            ReportingPeriod(
                plan=plan,
                label=f"{year} K{quarter}",
                start_date=start,
                end_date=date.fromordinal(end.toordinal() - 1),
                narrative="Huisbezoeken afgelegd, spreekuur gehouden, portieken schoongemaakt.",
            )
        )
    return ReportingPeriod.objects.bulk_create(periods)


def _cost_lines(plan, periods: list, number: int) -> list:
    from monitoring.models import CostLine

    lines = []
    for index in range(COST_LINES):
        category = CATEGORIES[index % len(CATEGORIES)]
        hours = category == "personeel"
        lines.append(
            CostLine(
                plan=plan,
                period=periods[index % PERIODS],
                category=category,
                description=f"Kostenpost {index + 1}",
                amount=None if hours else Decimal(500 + 37 * ((index + number) % 40)),
                hours=Decimal(60 + index) if hours else None,
                hourly_rate=Decimal(42) if hours else None,
                bearer_name=BEARERS[index % len(BEARERS)],
                source="Financiële administratie",
            )
        )
    return CostLine.objects.bulk_create(lines)


def _outputs(plan, periods: list) -> None:
    from monitoring.models import OutputIndicator, OutputValue

    indicators = OutputIndicator.objects.bulk_create(
        OutputIndicator(
            plan=plan, name=f"Resultaat {index + 1}", unit="bezoeken", target=Decimal(80)
        )
        for index in range(OUTPUTS)
    )
    OutputValue.objects.bulk_create(
        OutputValue(
            indicator=indicator,
            period=period,
            target=Decimal(10),
            realised=Decimal(6 + (index + position) % 6),
            source="Registratie huismeester",
        )
        for index, indicator in enumerate(indicators)
        for position, period in enumerate(periods)
    )


def _outcomes(plan, number: int) -> None:
    from monitoring.models import ValuedOutcome

    ValuedOutcome.objects.bulk_create(
        ValuedOutcome(
            plan=plan,
            outcome=OUTCOME_NAMES[index],
            beneficiary=ACTORS[(index + number) % len(ACTORS)],
            quantity=Decimal(5 + 10 * index),
            proxy=Decimal(150 + 250 * index),
            proxy_source="Indicatief kengetal, prijspeil 2024",
            deadweight=Decimal(10 + 5 * (index % 4)),
            displacement=Decimal(5 * (index % 2)),
            attribution=Decimal(20 + 5 * (index % 3)),
            drop_off=Decimal(25 * (index % 2)),
            duration_years=1 + index % 5,
            justification="Onderbouwd met registraties van de corporatie en interviews.",
        )
        for index in range(OUTCOMES)
    )


def _financing(plan) -> None:
    from monitoring.models import Financing

    Financing.objects.bulk_create(
        [
            Financing(plan=plan, kind="eigen_middelen", committed=Decimal(40000)),
            Financing(
                plan=plan,
                kind="wijkbudget",
                funder_name="Gemeente",
                committed=Decimal(20000),
                received=Decimal(15000),
            ),
            Financing(
                plan=plan,
                kind="fonds",
                funder_name="Oranje Fonds",
                committed=Decimal(10000),
                received=Decimal(10000),
            ),
        ]
    )


def monitored_intervention(organisation, user, number: int) -> None:
    from interventions.models import Intervention
    from monitoring.models import MonitoringPlan

    intervention = Intervention.objects.create(
        organisation=organisation,
        created_by=user,
        title=f"Huismeester portiekflats {number:02d}",
        start_date=date(2025, 1, 1),
    )
    plan = MonitoringPlan.objects.create(
        intervention=intervention,
        organisation=organisation,
        start_date=date(2025, 1, 1),
        evidence_notes="Uren uit de planning, resultaten uit de registratie van de huismeester.",
    )
    periods = _periods(plan)
    _cost_lines(plan, periods, number)
    _outputs(plan, periods)
    _outcomes(plan, number)
    _financing(plan)


def prepare():
    """The bench organisation with its 50 monitored interventions, made once."""
    from django.core.management import call_command
    from django.db import transaction

    from wwidw.models import Organisation, User

    call_command("migrate", verbosity=0)
    organisation, _ = Organisation.objects.get_or_create(
        slug=ORGANISATION_SLUG,
        defaults={
            "name": "Woonstichting Benchmark",
            "kind": "woningcorporatie",
            "city": "Utrecht",
        },
    )
    count = organisation.monitoring_plans.count()
    if count < INTERVENTIONS:
        user, _ = User.objects.get_or_create(
            email="bench-monitoring@wwidw.example", defaults={"full_name": "Bench"}
        )
        started = time.perf_counter()
        with transaction.atomic():
            for number in range(count + 1, INTERVENTIONS + 1):
                monitored_intervention(organisation, user, number)
        seconds = time.perf_counter() - started
        print(f"filled {INTERVENTIONS - count} interventions in {seconds:.1f} s")
    return organisation


def _timed(function, runs: int) -> tuple[list[float], list[float], bytes]:
    """Wall-clock and CPU seconds of each run: on a busy machine the CPU time tells what the
    report itself costs."""
    walls, cpus, content = [], [], b""
    for _ in range(runs):
        started, cpu_started = time.perf_counter(), time.process_time()
        content = function()
        walls.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu_started)
    return walls, cpus, content


FLOOR_BLOCKS = 100
FLOOR_HTML = (
    "<!doctype html><html><body>"
    + "".join(f"<p>Regel {number}</p>" for number in range(FLOOR_BLOCKS))
    + "</body></html>"
)
EMPTY_HTML = "<!doctype html><html><body><p>Regel</p></body></html>"


def measure_floor(runs: int) -> float:
    """This run's floor, printed: a bare statement, and WeasyPrint's CPU time per paragraph (the
    page of FLOOR_BLOCKS paragraphs less a page of one), which it returns."""
    from django.db import connection

    from wwidw.pdf import html_to_pdf

    with connection.cursor() as cursor:
        statements = []
        for _ in range(200):
            started = time.perf_counter()
            cursor.execute("SELECT 1")
            cursor.fetchone()
            statements.append(time.perf_counter() - started)
    html_to_pdf(FLOOR_HTML), html_to_pdf(EMPTY_HTML)  # warm up: fonts
    runs = max(runs, 9)
    page = statistics.median(_timed(lambda: html_to_pdf(FLOOR_HTML), runs)[1])
    empty = statistics.median(_timed(lambda: html_to_pdf(EMPTY_HTML), runs)[1])
    paragraph = (page - empty) / (FLOOR_BLOCKS - 1)
    print(
        f"floor: SELECT 1 {statistics.median(statements) * 1000:.2f} ms; "
        f"WeasyPrint {empty * 1000:.1f} ms for a page of one paragraph, "
        f"{paragraph * 1000:.2f} ms of CPU per further paragraph"
    )
    return paragraph


def _report(
    label: str,
    timed: tuple[list[float], list[float], bytes],
    target: float,
    paragraph: float | None = None,
) -> None:
    """One line of figures; with `paragraph` (the floor's), the CPU time as a multiple of it."""
    import io

    from pypdf import PdfReader

    walls, cpus, content = timed
    pages = len(PdfReader(io.BytesIO(content)).pages)
    verdict = "within" if max(walls) < target else "OVER"
    floors = ""
    if paragraph:
        floors = f", {statistics.median(cpus) / paragraph:,.0f} × the floor's paragraph"
    print(
        f"{label}: median {statistics.median(walls):.2f} s, max {max(walls):.2f} s "
        f"over {len(walls)} runs (CPU median {statistics.median(cpus):.2f} s, "
        f"max {max(cpus):.2f} s{floors}; {pages} pages, "
        f"{len(content) // 1024} KiB) — {verdict} the target of {target} s; "
        f"load average {os.getloadavg()[0]:.1f}"
    )


def measure_plan(organisation, runs: int, paragraph: float) -> None:
    from monitoring.documents import render_report_pdf
    from monitoring.models import MonitoringPlan

    pk = organisation.monitoring_plans.order_by("pk").values_list("pk", flat=True).first()

    def render() -> bytes:
        return render_report_pdf(MonitoringPlan.objects.with_details().get(pk=pk))

    render()  # warm up: templates, fonts
    _report("report of one intervention", _timed(render, runs), PLAN_TARGET, paragraph)


def measure_portfolio(organisation, runs: int, paragraph: float) -> None:
    from monitoring.documents import render_portfolio_pdf
    from monitoring.models import MonitoringPlan

    def render() -> bytes:
        plans = MonitoringPlan.objects.filter(organisation=organisation).with_details()
        return render_portfolio_pdf(organisation, list(plans.order_by("intervention__title")))

    label = f"portfolio of {INTERVENTIONS} interventions"
    _report(label, _timed(render, runs), PORTFOLIO_TARGET, paragraph)


def measure_kept(organisation, runs: int) -> None:
    """Both reports downloaded again without a change: the kept PDFs, as the view and the task
    serve them (monitoring/documents.py)."""
    from django.db.models import OuterRef
    from django.utils.translation import get_language

    from monitoring.documents import portfolio_pdf, report_pdf
    from monitoring.models import MonitoringPlan, RenderedReport
    from wwidw.models import Organisation

    pk = organisation.monitoring_plans.order_by("pk").values_list("pk", flat=True).first()
    language = get_language()
    kept = RenderedReport.objects.annotations(language, organisation=OuterRef("pk"), plan=None)

    def report() -> bytes:
        plans = MonitoringPlan.objects.with_details().with_rendered_report(language)
        return report_pdf(plans.get(pk=pk))

    def portfolio() -> bytes:
        annotated = Organisation.objects.annotate(**kept).get(pk=organisation.pk)
        plans = MonitoringPlan.objects.filter(organisation=organisation).with_details()
        return portfolio_pdf(annotated, list(plans.order_by("intervention__title")))

    report(), portfolio()  # rendered and kept, unless they were already
    _report("report downloaded again (kept)", _timed(report, runs), PLAN_TARGET)
    _report("portfolio made again (kept)", _timed(portfolio, runs), PORTFOLIO_TARGET)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="renders of each report")
    parser.add_argument("--only", choices=["plan", "portfolio"])
    arguments = parser.parse_args()
    prepare_database(BENCH_DATABASE)
    from django.utils import translation

    translation.activate("nl")
    organisation = prepare()
    paragraph = measure_floor(arguments.runs)
    if arguments.only != "portfolio":
        measure_plan(organisation, arguments.runs, paragraph)
    if arguments.only != "plan":
        measure_portfolio(organisation, arguments.runs, paragraph)
    if arguments.only is None:
        measure_kept(organisation, arguments.runs)


if __name__ == "__main__":
    main()
