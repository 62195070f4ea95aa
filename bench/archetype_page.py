"""The archetype page with 200 linked descriptions, each with 5 effect indicators of 8
measurements: the page through gunicorn, the confrontation's SQL, and the monitoring PDF.

    DEBUG=1 .venv/bin/python bench/archetype_page.py                # fill once, measure all
    DEBUG=1 .venv/bin/python bench/archetype_page.py --requests 40 --runs 5
    DEBUG=1 .venv/bin/python bench/archetype_page.py --only sql     # or: http, pdf

Uses the database `wwidw_bench_archetypes` on the server of DATABASE_URL (created and migrated
when missing; filled once, reused after). Ten organisations share the monitoring of 200
published descriptions of one intervention type, all linked to one published archetype with
five research verdicts, four active ingredients and five recommended indicators. Each
description has the monitoring of bench/monitoring_reports.py (8 periods, 40 cost lines, 10
direct results, 8 valued outcomes), five intended effects and an effect indicator for each with
a nulmeting and 8 measurements (every other one with a comparison area); the figures are stored
as every save of the monitoring stores them.

1. SQL, in-process: the archetype page once with every statement captured; each statement is
   run again as bare SQL and timed (all of them, and those that read effect indicators). When
   `archetypes.confrontation` exists, its entry function is called with the archetype and timed,
   as a whole and as the bare SQL it runs.
2. HTTP: gunicorn (production settings, 2 workers), a member of an organisation that shares
   nothing requests the home page (the floor) and the archetype page; median and p95.
3. PDF: the monitoring report of one of the descriptions (`render_report_pdf`), median and
   maximum. Never part of the test suite.
"""

import argparse
import datetime
import os
import statistics
import time
from decimal import Decimal

from common import Client, p95, prepare_database, start_gunicorn, stop_gunicorn
from monitoring_reports import monitored_intervention

BENCH_DATABASE = "wwidw_bench_archetypes"
PORT = 8107
PASSWORD = "bench-wachtwoord-2026"
VIEWER = "lezer@archetype-bench.example"
SLUG = "bench-huismeester"
TYPE = "Huismeester / complexbeheerder"
DESCRIPTIONS = 200
ORGANISATIONS = 10
MEASUREMENTS = 8
PAGE_TARGET = 150  # ms, median through gunicorn
SQL_TARGET = 20  # ms, the confrontation's SQL
PDF_TARGET = 1.5  # s

# The five effects each description measures: (code, direction, baseline, yearly step).
EFFECTS = [
    ("LB.01", "hoger", Decimal("58.0"), Decimal("1.6")),
    ("WO.03", "hoger", Decimal("6.6"), Decimal("0.08")),
    ("VE.01", "lager", Decimal("120"), Decimal("-4")),
    ("WO.05", "lager", Decimal("11.5"), Decimal("-0.3")),
    ("LB.02", "lager", Decimal("85"), Decimal("-2")),
]
# Where the entry function of archetypes.confrontation may be called, first found wins.
CONFRONTATION_NAMES = [
    "confrontation",
    "confront",
    "archetype_confrontation",
    "effect_confrontation",
    "confrontation_rows",
    "confrontation_for",
    "rows",
]


# Filling


def _cast():
    """Ten organisations that share, and a viewer in an eleventh that shares nothing."""
    from django.contrib.auth.hashers import make_password

    from wwidw.models import Membership, Organisation, User

    organisations = [
        Organisation.objects.get_or_create(
            slug=f"archetype-bench-{number}",
            defaults={
                "name": f"Woonstichting Archetypebank {number}",
                "kind": "woningcorporatie",
                "city": "Utrecht",
            },
        )[0]
        for number in range(ORGANISATIONS)
    ]
    reader_organisation, _ = Organisation.objects.get_or_create(
        slug="archetype-bench-lezer",
        defaults={"name": "Gemeente Leesstad", "kind": "gemeente", "city": "Leesstad"},
    )
    viewer, _ = User.objects.get_or_create(
        email=VIEWER, defaults={"full_name": "Lezer", "password": make_password(PASSWORD)}
    )
    Membership.objects.get_or_create(user=viewer, organisation=reader_organisation)
    author, _ = User.objects.get_or_create(
        email="auteur@archetype-bench.example", defaults={"full_name": "Auteur"}
    )
    return organisations, author


def _archetype(kind):
    from django.utils import timezone

    from archetypes.models import ActiveIngredient, Archetype, EffectVerdict, Reference
    from interventions.models import Effect
    from monitoring.models import StandardIndicator

    archetype = Archetype.objects.create(
        title="Huismeester in het complex (bench)",
        slug=SLUG,
        intervention_type=kind,
        status="gepubliceerd",
        published_at=timezone.now(),
        summary="Een vaste huismeester in het complex.",
        verdict="werkt_waarschijnlijk",
        evidence_level=3,
    )
    references = Reference.objects.bulk_create(
        Reference(archetype=archetype, authors=f"Auteur {index}", year=2000 + index, title="T")
        for index in range(2)
    )
    ActiveIngredient.objects.bulk_create(
        ActiveIngredient(
            archetype=archetype,
            position=index,
            name=f"Bestanddeel {index}",
            support="praktijk",
            is_essential=index < 2,
        )
        for index in range(4)
    )
    for code, *_rest in EFFECTS:
        verdict = EffectVerdict.objects.create(
            archetype=archetype, effect=Effect.objects.get(code=code), rating="+"
        )
        verdict.references.add(*references)
    archetype.recommended_indicators.add(
        *StandardIndicator.objects.filter(effect__code__in=[code for code, *_ in EFFECTS])
    )
    return archetype


def _effects(plans: list) -> None:
    """Five intended effects and five effect indicators of 8 measurements per description."""
    from interventions.models import Effect, IntendedEffect
    from monitoring.models import EffectIndicator, EffectMeasurement, StandardIndicator

    effects = {item.code: item for item in Effect.objects.filter(code__in=[e[0] for e in EFFECTS])}
    standards = {item.effect.code: item for item in StandardIndicator.objects.select_related()}
    IntendedEffect.objects.bulk_create(
        IntendedEffect(intervention_id=plan.intervention_id, effect=effects[code])
        for plan in plans
        for code, *_rest in EFFECTS
    )
    indicators, measurements = [], []
    for number, plan in enumerate(plans):
        for position, (code, direction, baseline, step) in enumerate(EFFECTS):
            compare = (number + position) % 2 == 0
            # Most improve, some not: the step turns against the direction for every fifth.
            sign = -1 if (number + position) % 5 == 0 else 1
            indicator = EffectIndicator(
                plan=plan,
                effect=effects[code],
                standard=standards.get(code),
                name=f"Indicator {code}",
                scale="score",
                direction=direction,
                method="enquete",
                baseline_value=baseline,
                baseline_date=datetime.date(2017, 3, 1),
                target_value=baseline + step * 5,
                comparison_area="Gemeente" if compare else "",
                comparison_baseline=baseline if compare else None,
            )
            indicators.append(indicator)
            measurements += [
                EffectMeasurement(
                    indicator=indicator,
                    date=datetime.date(2018 + year, 3, 1),
                    value=baseline + sign * step * (year + 1) * (1 + number % 3),
                    comparison_value=baseline + step * (year + 1) / 4 if compare else None,
                )
                for year in range(MEASUREMENTS)
            ]
    EffectIndicator.objects.bulk_create(indicators)
    EffectMeasurement.objects.bulk_create(measurements, batch_size=2000)


def prepare():
    """The archetype with its 200 linked descriptions, made once."""
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from archetypes.models import Archetype, ArchetypeIntervention
    from interventions.models import Intervention, InterventionType
    from monitoring.models import MonitoringPlan

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    archetype = Archetype.objects.filter(slug=SLUG).first()
    if archetype is not None:
        return archetype
    started = time.perf_counter()
    organisations, author = _cast()
    kind = InterventionType.objects.get(name=TYPE)
    with transaction.atomic():
        for number in range(DESCRIPTIONS):
            monitored_intervention(organisations[number % ORGANISATIONS], author, number)
        descriptions = Intervention.objects.filter(organisation__in=organisations)
        descriptions.update(
            status="gepubliceerd",
            visibility="partners",
            phase="in_uitvoering",
            summary="Een vaste huismeester in de portiekflats.",
            main_goal="Schone, veilige portieken.",
            published_at=timezone.now(),
            end_date=datetime.date(2027, 12, 31),
        )
        ids = list(descriptions.values_list("pk", flat=True))
        Intervention.intervention_types.through.objects.bulk_create(
            Intervention.intervention_types.through(intervention_id=pk, interventiontype=kind)
            for pk in ids
        )
        plans = list(MonitoringPlan.objects.filter(intervention__in=ids).order_by("pk"))
        MonitoringPlan.objects.filter(pk__in=[plan.pk for plan in plans]).update(is_shared=True)
        _effects(plans)
        archetype = _archetype(kind)
        ArchetypeIntervention.objects.bulk_create(
            ArchetypeIntervention(
                archetype=archetype,
                intervention_id=pk,
                role="afwijkend" if index % 40 == 0 else "typisch",
            )
            for index, pk in enumerate(ids)
        )
        for index, ingredient in enumerate(archetype.active_ingredients.all()):
            ingredient.applied_in.add(*ids[index % 2 :: 2])
        for plan in MonitoringPlan.objects.filter(pk__in=[p.pk for p in plans]).with_details():
            plan.store_figures()
    print(f"filled {DESCRIPTIONS} linked descriptions in {time.perf_counter() - started:.1f} s")
    return archetype


# 1. SQL


def _time_statements(statements: list[str], repeat: int) -> list[float]:
    """Total ms of running the statements one after the other, `repeat` times."""
    from django.db import connection

    totals = [0.0] * repeat
    with connection.cursor() as cursor:
        for statement in statements:
            for index in range(repeat):
                started = time.perf_counter()
                cursor.execute(statement)
                cursor.fetchall()
                totals[index] += (time.perf_counter() - started) * 1000
    return totals


def _line(label: str, times: list[float], count: int | None = None) -> str:
    statements = f" ({count} statements)" if count is not None else ""
    return (
        f"  {label:44} median {statistics.median(times):7.1f}  p95 {p95(times):7.1f}{statements}"
    )


def confrontation_function():
    """The entry function of archetypes.confrontation, found by name, or None with why."""
    import importlib

    try:
        module = importlib.import_module("archetypes.confrontation")
    except ModuleNotFoundError:
        return None, "archetypes.confrontation does not exist in this code"
    for name in CONFRONTATION_NAMES:
        function = getattr(module, name, None)
        if callable(function):
            return function, f"archetypes.confrontation.{name}"
    public = [name for name in dir(module) if callable(getattr(module, name))]
    public = [name for name in public if not name.startswith("_")]
    return None, (
        f"archetypes.confrontation has none of {', '.join(CONFRONTATION_NAMES)}; "
        f"its functions: {', '.join(public)}"
    )


def _slowest(statements: list[str], repeat: int, count: int = 3) -> None:
    """The statements that take longest, each as bare SQL (median ms), with their start."""
    timed = [(statistics.median(_time_statements([sql], repeat)), sql) for sql in statements]
    for milliseconds, sql in sorted(timed, reverse=True)[:count]:
        print(f"    {milliseconds:7.1f} ms  {' '.join(sql.split())[:110]}")


def _call(function, archetype, viewer) -> None:
    """Call the entry function as its signature asks, and read a lazy result through."""
    import inspect

    parameters = inspect.signature(function).parameters
    result = function(archetype, user=viewer) if "user" in parameters else function(archetype)
    if hasattr(result, "__iter__") and not isinstance(result, (dict, list, tuple, str)):
        list(result)


def measure_sql(archetype, repeat: int) -> None:
    from django.db import connection
    from django.test import Client as TestClient
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from wwidw.models import User

    setup_test_environment()
    client = TestClient()
    viewer = User.objects.get(email=VIEWER)
    client.force_login(viewer)
    path = archetype.get_absolute_url()
    client.get(path)  # warm: sessions, caches, templates
    renders = []
    for _ in range(repeat):
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        renders.append((time.perf_counter() - started) * 1000)
    if response.status_code != 200:
        raise SystemExit(f"{path} answered {response.status_code}")
    page = [query["sql"] for query in captured.captured_queries]
    effects = [sql for sql in page if "monitoring_effectindicator" in sql]
    print(f"\nIn-process, {repeat} runs (ms), as a member of an organisation that shares nothing")
    print(_line("archetype page, rendered by the test client", renders))
    print(_line("its SQL, bare", _time_statements(page, repeat), len(page)))
    label = "its SQL that reads effect indicators, bare"
    print(_line(label, _time_statements(effects, repeat), len(effects)))
    _slowest(page, repeat)
    function, name = confrontation_function()
    if function is None:
        print(f"  confrontation: not measured: {name}")
        return
    calls = []
    for _ in range(repeat):
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            _call(function, archetype, viewer)
        calls.append((time.perf_counter() - started) * 1000)
    statements = [query["sql"] for query in captured.captured_queries]
    sql = _time_statements(statements, repeat)
    verdict = "within" if statistics.median(sql) < SQL_TARGET else "OVER"
    print(_line(f"{name}(archetype), whole call", calls))
    print(
        _line(f"{name}(archetype), its SQL, bare", sql, len(statements))
        + f"  — {verdict} the target of {SQL_TARGET} ms"
    )


# 2. HTTP


def measure_http(archetype, requests: int) -> None:
    client = Client(f"http://127.0.0.1:{PORT}")
    client.log_in(VIEWER, PASSWORD)
    pages = [("home page (the floor)", "/"), ("archetype page", archetype.get_absolute_url())]
    print(f"\nHTTP GET through gunicorn (2 workers), {requests} requests each (ms)")
    for label, path in pages:
        for _ in range(8):  # warm up every worker: templates, connections
            client.request(path)
        times, statuses = [], set()
        for _ in range(requests):
            started = time.perf_counter()
            statuses.add(client.request(path))
            times.append((time.perf_counter() - started) * 1000)
        target = ""
        if path != "/":
            within = statistics.median(times) < PAGE_TARGET
            target = f"  — {'within' if within else 'OVER'} the target of {PAGE_TARGET} ms"
        print(
            f"  {label:22} median {statistics.median(times):7.1f}  p95 {p95(times):7.1f}  "
            f"status {', '.join(str(code) for code in sorted(statuses))}{target}"
        )


# 3. PDF


def measure_pdf(archetype, runs: int) -> None:
    import io

    from pypdf import PdfReader

    from monitoring.documents import render_report_pdf
    from monitoring.models import MonitoringPlan

    pk = (
        MonitoringPlan.objects.filter(intervention__archetype_links__archetype=archetype)
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )

    def render() -> bytes:
        return render_report_pdf(MonitoringPlan.objects.with_details().get(pk=pk))

    render()  # warm up: templates, fonts
    walls, cpus = [], []
    for _ in range(runs):
        started, cpu_started = time.perf_counter(), time.process_time()
        content = render()
        walls.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu_started)
    pages = len(PdfReader(io.BytesIO(content)).pages)
    verdict = "within" if statistics.median(walls) < PDF_TARGET else "OVER"
    print(
        f"\nmonitoring report PDF, 5 effect indicators × {MEASUREMENTS} measurements (and 40 "
        f"cost lines, 10 results, 8 outcomes): median {statistics.median(walls):.2f} s, max "
        f"{max(walls):.2f} s over {runs} runs (CPU median {statistics.median(cpus):.2f} s; "
        f"{pages} pages) — {verdict} the target of {PDF_TARGET} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=30, help="HTTP requests per page")
    parser.add_argument("--repeat", type=int, default=10, help="in-process runs of the SQL")
    parser.add_argument("--runs", type=int, default=5, help="renders of the PDF")
    parser.add_argument("--only", choices=["sql", "http", "pdf"])
    arguments = parser.parse_args()
    prepare_database(BENCH_DATABASE)
    from django.utils import translation

    translation.activate("nl")
    archetype = prepare()
    print(f"load average {os.getloadavg()[0]:.1f}")
    if arguments.only in (None, "sql"):
        measure_sql(archetype, arguments.repeat)
    if arguments.only in (None, "http"):
        process = start_gunicorn(PORT, workers=2, quiet=True)
        try:
            measure_http(archetype, arguments.requests)
        finally:
            stop_gunicorn(process)
    if arguments.only in (None, "pdf"):
        measure_pdf(archetype, arguments.runs)


if __name__ == "__main__":
    main()
