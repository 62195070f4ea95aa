"""Search at 100,000 descriptions: fill a separate database, time the queries, then the pages.

    DEBUG=1 .venv/bin/python bench/search.py                 # fill once, time SQL and HTTP
    DEBUG=1 .venv/bin/python bench/search.py --sql-only      # no web server
    DEBUG=1 .venv/bin/python bench/search.py --rows 20000 --requests 20

Uses the database `wwidw_bench` on the server of DATABASE_URL (created and migrated when
missing; filled once with generated descriptions, reused after). The web part collects the static
files and starts gunicorn with two workers on 127.0.0.1:8104 with production settings (DEBUG off,
behind an HTTPS proxy: requests carry X-Forwarded-Proto), logs in a bench account and requests
the knowledge base; it stops gunicorn when done. Never part of the test suite.
"""

import argparse
import importlib
import os
import random
import re
import statistics
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import psycopg
from common import Client, p95, prepare_database, start_gunicorn, stop_gunicorn

BENCH_DATABASE = os.environ.get("BENCH_DATABASE", "wwidw_bench")
PORT = 8104
SEED = 20261125
BENCH_EMAIL = "bench@wwidw.example"
BENCH_PASSWORD = "bench-wachtwoord-2026"
RARE_WORD = "zwaluwhof"  # planted in a handful of descriptions
PAGE_SIZE = 20


# Generated text. Words fall in three bands: a few in nearly every description (buurt, wijk,
# bewoners), the words of each kind of intervention in a few percent, and place-like names that
# each occur in a handful of descriptions.

SUBJECTS = [
    "De woonconsulent",
    "Het wijkteam",
    "De huismeester",
    "Een groep bewoners",
    "De gemeente",
    "De wijkagent",
    "Het opbouwwerk",
    "De projectleider",
    "Een vrijwilliger",
    "De corporatie",
    "Het jongerenwerk",
    "De bewonerscommissie",
    "Een buurtcoach",
    "De schuldhulpverlener",
]
VERBS = [
    "bespreekt",
    "organiseert",
    "signaleert",
    "onderzoekt",
    "begeleidt",
    "ondersteunt",
    "evalueert",
    "verbetert",
    "plant",
    "regelt",
    "bezoekt",
    "coördineert",
    "financiert",
]
OBJECTS = [
    "de overlast in de portieken",
    "de schoonmaak van de galerijen",
    "een buurtfeest",
    "de huurachterstanden",
    "het onderhoud van de speeltuin",
    "de wachtlijst",
    "het spreekuur",
    "de inrichting van het plein",
    "de verhuizing van ouderen",
    "de veiligheid rond het winkelcentrum",
    "het contact met nieuwe huurders",
    "de taalles voor nieuwkomers",
    "het groenbeheer",
    "de energierekening",
    "de zorg voor kwetsbare huishoudens",
    "de meldingen van vandalisme",
]
ENDINGS = [
    "samen met de bewoners van de buurt",
    "in overleg met de wijk",
    "voor alle bewoners",
    "zodat de buurt schoner wordt",
    "omdat bewoners daarom vroegen",
    "elke week opnieuw",
    "met steun van de gemeente",
    "binnen het budget van de wijk",
]
REMARKS = [
    "Bewoners gaven het project een {n} als rapportcijfer.",
    "In {year} deden {n} huishoudens mee.",
    "De kosten bleven binnen de begroting van {money} euro.",
    "Na {n} maanden was het aantal meldingen gehalveerd.",
    "Er werkten {n} vrijwilligers mee.",
    "De evaluatie laat een wisselend beeld zien.",
    "Niet alle partners waren even betrokken.",
    "Vooral de kinderen in de buurt waren enthousiast.",
]
SYLLABLES_A = [
    "zwa",
    "mee",
    "lin",
    "ber",
    "hol",
    "kas",
    "ros",
    "wil",
    "dor",
    "gaa",
    "hee",
    "kor",
    "lau",
    "mar",
    "nie",
    "oos",
    "pla",
    "rij",
    "sta",
    "ter",
    "vel",
    "wes",
    "zon",
    "bra",
    "fle",
    "gro",
]
SYLLABLES_B = [
    "luw",
    "ren",
    "den",
    "gen",
    "ken",
    "mer",
    "ner",
    "per",
    "ster",
    "ver",
    "wer",
    "zer",
    "lan",
    "ber",
    "dam",
    "hof",
    "lin",
    "mos",
    "rik",
    "sel",
    "tol",
    "wen",
    "zil",
    "bos",
    "dal",
    "ven",
]
STREET_ENDS = ["hof", "straat", "plein", "laan", "weg", "kade", "singel", "park", "erf"]


def rare_names() -> list[str]:
    """About 6,000 place-like names; each ends up in a few dozen descriptions."""
    names = [a + b + end for a in SYLLABLES_A for b in SYLLABLES_B for end in STREET_ENDS]
    return sorted(set(names) - {RARE_WORD})


class TextMaker:
    def __init__(self, rng: random.Random):
        from demo.interventions import PLACES, PRACTICES

        self.rng = rng
        self.practices = PRACTICES
        self.places = [
            (town, code, neighbourhood)
            for town, code, neighbourhoods in PLACES.values()
            for neighbourhood in neighbourhoods
        ]
        self.names = rare_names()

    def sentence(self) -> str:
        words = [self.rng.choice(pool) for pool in (SUBJECTS, VERBS, OBJECTS, ENDINGS)]
        return " ".join(words) + "."

    def remark(self) -> str:
        rng = self.rng
        return rng.choice(REMARKS).format(
            n=rng.randint(3, 90), year=rng.randint(2012, 2026), money=rng.randint(10, 900) * 1000
        )

    def paragraph(self, practice_texts: list[str], sentences: int) -> str:
        rng = self.rng
        parts = [rng.choice(practice_texts)]
        for _ in range(sentences):
            roll = rng.random()
            if roll < 0.55:
                parts.append(self.sentence())
            elif roll < 0.8:
                parts.append(self.remark())
            elif roll < 0.93:
                parts.append(rng.choice(practice_texts))
            else:
                name = rng.choice(self.names)
                parts.append(f"Rond de {name.capitalize()} speelt dit het sterkst.")
        return " ".join(parts)

    def row_texts(self, number: int) -> dict:
        rng = self.rng
        practice = self.practices[number % len(self.practices)]
        town, code, neighbourhood = rng.choice(self.places)

        def fill(text: str) -> str:
            return text.format(wijk=neighbourhood)

        texts = [fill(text) for text in (practice.summary, practice.problem, practice.approach)]
        texts += [f"Als {a}, dan {b}, omdat {c}." for a, b, c in practice.steps]
        texts += [f"{name}: {explanation}" for name, explanation in practice.ingredients]
        fields = {
            "title": f"{fill(practice.title)} ({rng.choice(self.names).capitalize()})",
            "summary": self.paragraph([fill(practice.summary)], 3)[:1500],
            "keywords": practice.keywords,
            "municipality": town,
            "neighbourhood": neighbourhood,
            "cbs_codes": code,
            "occasion": fill(practice.occasion) + " " + self.paragraph(texts, 2),
            "problem_analysis": self.paragraph(texts, 6),
            "causes": self.paragraph(texts, 2),
            "main_goal": fill(practice.goal),
            "approach": self.paragraph(texts, 8),
            "preconditions": self.paragraph(texts, 2),
            "risks": self.paragraph(texts, 2),
            "results": self.paragraph([fill(practice.results)], 3),
            "lessons": self.paragraph([fill(practice.lessons)], 2),
        }
        if number % 9973 == 17 or number % 10007 == 5:
            fields["approach"] += f" De werkplaats aan de {RARE_WORD.capitalize()} deed mee."
        return {"practice": practice, **fields}


def fill_database(rows: int) -> None:
    """Add generated descriptions until there are `rows`; search vectors computed in SQL."""
    from django.db import connection

    from interventions.models import Intervention

    have = Intervention.objects.count()
    if have >= rows:
        print(f"{have} descriptions present; reusing them.")
        return
    started = time.perf_counter()
    rng = random.Random(SEED + have)
    maker = TextMaker(rng)
    indexes = _drop_search_indexes(connection)
    triggers = _list_version_triggers()
    _switch_triggers(connection, triggers, "DISABLE")
    try:
        first_id = _copy_rows(connection, range(have, rows), maker, rng)
        print(f"  {rows - have} rows copied in {time.perf_counter() - started:.0f} s")
        _add_monitoring(connection, first_id)
        print(f"  monitoring added after {time.perf_counter() - started:.0f} s")
        _compute_search_vectors(first_id)
        print(f"  search vectors computed after {time.perf_counter() - started:.0f} s")
    finally:
        _switch_triggers(connection, triggers, "ENABLE")
        _restore_indexes(connection, indexes)
    print(f"  filled in {time.perf_counter() - started:.0f} s")


def _list_version_triggers() -> list[tuple[str, str]]:
    """(table, trigger) of the list version's row triggers (interventions.ListVersion)."""
    migrations = [
        "interventions.migrations.0006_list_version",
        "interventions.migrations.0007_find_by_effect_and_phase",
        "monitoring.migrations.0012_list_version_of_monitoring",
    ]
    return [
        (table, f"{table}_list_version")
        for name in migrations
        for table in importlib.import_module(name).COUNTED_TABLES
    ]


def _switch_triggers(connection, triggers: list[tuple[str, str]], switch: str) -> None:
    """Off during the bulk load: a deferred trigger per row, each bumping the same row, makes
    a commit of 100,000 rows take minutes. Back on, the version is bumped once."""
    with connection.cursor() as cursor:
        for table, trigger in triggers:
            cursor.execute(f'ALTER TABLE "{table}" {switch} TRIGGER "{trigger}"')
        if switch == "ENABLE":
            cursor.execute("UPDATE interventions_listversion SET number = number + 1")


def _copy_rows(connection, numbers: range, maker: "TextMaker", rng: random.Random) -> int:
    """COPY the generated rows and their type and theme links; return the first new id."""
    from interventions.models import Effect, Intervention, InterventionType
    from wwidw.models import Membership

    types = {item.name: item.pk for item in InterventionType.objects.all()}
    effects = list(Effect.objects.values_list("pk", flat=True))
    members = list(Membership.objects.values_list("organisation_id", "user_id"))
    fields = [
        field
        for field in Intervention._meta.concrete_fields
        if not field.primary_key and field.name != "search_vector"
    ]
    columns = ", ".join(field.column for field in fields)
    type_links = []
    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(id), 0) FROM interventions_intervention")
        first_id = cursor.fetchone()[0] + 1
    with connection.connection.cursor() as cursor:
        with cursor.copy(f"COPY interventions_intervention ({columns}) FROM STDIN") as copy:
            for number in numbers:
                row = _generated_row(number, maker, rng, members)
                type_links.append(types[row.pop("practice").type])
                copy.write_row([row.get(field.attname, _default(field)) for field in fields])
        cursor.execute(
            "SELECT id FROM interventions_intervention WHERE id >= %s ORDER BY id", [first_id]
        )
        ids = [row[0] for row in cursor.fetchall()]
        with cursor.copy(
            "COPY interventions_intervention_intervention_types "
            "(intervention_id, interventiontype_id) FROM STDIN"
        ) as copy:
            for pk, type_id in zip(ids, type_links, strict=True):
                copy.write_row([pk, type_id])
        # One to three intended effects each.
        with cursor.copy(
            "COPY interventions_intendedeffect "
            "(intervention_id, effect_id, level, indicator, target_value) FROM STDIN"
        ) as copy:
            for pk in ids:
                for effect_id in rng.sample(effects, rng.randint(1, 3)):
                    copy.write_row([pk, effect_id, "einddoel", "", ""])
        cursor.execute(
            "INSERT INTO interventions_intervention_themes (intervention_id, theme_id) "
            "SELECT link.intervention_id, kind.theme_id "
            "FROM interventions_intervention_intervention_types link "
            "JOIN interventions_interventiontype kind ON kind.id = link.interventiontype_id "
            "WHERE link.intervention_id >= %s",
            [first_id],
        )
    return first_id


def _add_monitoring(connection, first_id: int) -> None:
    """Monitoring for about 40 % of the descriptions, of which half is shared: a period and
    a cost line for most, a stored SROI for some, and effect indicators for about a third,
    measured or not. Enough for the facets "met monitoring / effectmeting / SROI"."""
    statements = [
        "INSERT INTO monitoring_monitoringplan (intervention_id, organisation_id, granularity, "
        "discount_rate, is_shared, evidence_notes, updated_at, total_cost, pv_benefits, "
        "pv_costs, sroi_ratio) "
        "SELECT id, organisation_id, 'jaar', 3.5, id %% 2 = 0, '', now(), "
        "CASE WHEN id %% 7 < 5 THEN 50000 END, CASE WHEN id %% 7 < 2 THEN 80000 ELSE 0 END, "
        "CASE WHEN id %% 7 < 5 THEN 50000 END, CASE WHEN id %% 7 < 5 THEN "
        "CASE WHEN id %% 7 < 2 THEN 1.6 ELSE 0 END END "
        "FROM interventions_intervention WHERE id >= %s AND id %% 5 IN (0, 1)",
        "INSERT INTO monitoring_reportingperiod (plan_id, label, start_date, end_date, status, "
        "narrative) SELECT plan.id, '2024', '2024-01-01', '2024-12-31', 'open', '' "
        "FROM monitoring_monitoringplan plan WHERE plan.intervention_id >= %s",
        "INSERT INTO monitoring_costline (plan_id, period_id, category, description, amount, "
        "bearer_name, is_budget, is_in_kind, source) "
        "SELECT period.plan_id, period.id, 'materiaal', '', 50000, '', false, false, '' "
        "FROM monitoring_reportingperiod period JOIN monitoring_monitoringplan plan "
        "ON plan.id = period.plan_id WHERE plan.intervention_id >= %s "
        "AND plan.intervention_id %% 7 < 5",
        "INSERT INTO monitoring_effectindicator (plan_id, effect_id, name, scale, unit, "
        "direction, method, baseline_value, baseline_date, comparison_area, note, status) "
        "SELECT plan.id, link.effect_id, 'Bewoners die zich veilig voelen', 'procent', '%%', "
        "'hoger', 'enquete', 62, '2020-03-01', '', '', "
        "(ARRAY['verbeterd', 'gelijk', 'verslechterd', 'niet_gemeten'])[plan.id %% 4 + 1] "
        "FROM monitoring_monitoringplan plan "
        "JOIN LATERAL (SELECT effect_id FROM interventions_intendedeffect "
        "WHERE intervention_id = plan.intervention_id LIMIT 1) link ON true "
        "WHERE plan.intervention_id >= %s AND plan.intervention_id %% 3 = 0",
    ]
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement, [first_id])


def _default(field):
    if field.has_default():
        return field.get_default()
    return None if field.null else ""


def _generated_row(number: int, maker: TextMaker, rng: random.Random, members) -> dict:
    row = maker.row_texts(number)
    organisation_id, user_id = rng.choice(members)
    roll = rng.random()
    status = "gepubliceerd" if roll < 0.8 else ("concept" if roll < 0.92 else "gearchiveerd")
    updated = datetime(2015, 1, 1, tzinfo=UTC) + timedelta(minutes=rng.randint(0, 5_900_000))
    start = date(2012, 1, 1) + timedelta(days=rng.randint(0, 5000))
    row.update(
        organisation_id=organisation_id,
        created_by_id=user_id,
        status=status,
        visibility="partners" if rng.random() < 0.5 else "organisatie",
        completeness=100,
        created_at=updated - timedelta(days=rng.randint(0, 400)),
        updated_at=updated,
        published_at=updated if status != "concept" else None,
        phase=rng.choice(["idee", "plan", "in_uitvoering", "afgerond", "gestopt"]),
        start_date=start,
        evaluation_form=rng.choice(["geen", "zelfevaluatie", "voor_nameting", "sroi"]),
        evidence_level=rng.randint(0, 5),
        total_budget=rng.randint(10, 3000) * 1000,
    )
    return row


def _drop_search_indexes(connection) -> list[str]:
    """Indexes are rebuilt after the bulk load: faster than keeping them up to date."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE indexname IN "
            "('interventions_search_gin', 'interventions_title_trgm', "
            "'interventions_status_updated')"
        )
        indexes = cursor.fetchall()
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    return [definition for _name, definition in indexes]


def _restore_indexes(connection, definitions: list[str]) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '256MB'")
        for definition in definitions:
            cursor.execute(definition)


def _compute_search_vectors(first_id: int) -> None:
    """The same weights as services.refresh_derived_fields: title A, summary and keywords B,
    the sections and the type names C, the intended effects B (services.effects_text). Two
    connections, one per core."""
    from django.conf import settings

    from interventions.services import SEARCHED_SECTIONS

    sections = ", ".join(SEARCHED_SECTIONS)
    sql = (
        "UPDATE interventions_intervention i SET search_vector = "
        "setweight(to_tsvector('dutch', i.title), 'A') || "
        "setweight(to_tsvector('dutch', i.summary || E'\\n' || i.keywords), 'B') || "
        f"setweight(to_tsvector('dutch', concat_ws(E'\\n', {sections}, ("
        "  SELECT string_agg(kind.name, E'\\n') FROM interventions_interventiontype kind "
        "  JOIN interventions_intervention_intervention_types link "
        "  ON link.interventiontype_id = kind.id WHERE link.intervention_id = i.id))), 'C') || "
        "setweight(to_tsvector('dutch', coalesce(("
        "  SELECT string_agg(effect.code || ' ' || replace(effect.code, '.', '') || ' ' "
        "  || effect.name, E'\\n' ORDER BY effect.code) FROM interventions_effect effect "
        "  JOIN interventions_intendedeffect link ON link.effect_id = effect.id "
        "  WHERE link.intervention_id = i.id), '')), 'B') "
        "WHERE i.id >= %s AND i.id %% 2 = %s"
    )
    url = settings.DATABASES["default"]
    dsn = f"host={url['HOST']} port={url['PORT']} dbname={url['NAME']} user={url['USER']}"

    def work(parity: int) -> None:
        with psycopg.connect(dsn) as connection:
            connection.execute(sql, [first_id, parity])

    threads = [threading.Thread(target=work, args=(parity,)) for parity in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def vacuum_analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def prepare(rows: int) -> None:
    from django.core.management import call_command

    from wwidw.models import Membership, Organisation, User

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    user = User.objects.filter(email=BENCH_EMAIL).first()
    if user is None:
        user = User.objects.create_user(BENCH_EMAIL, BENCH_PASSWORD, full_name="Bench")
        Membership.objects.create(
            user=user, organisation=Organisation.objects.get(slug="maasoever")
        )
    fill_database(rows)
    vacuum_analyze()


# The query shapes.


def shapes() -> list[tuple[str, dict]]:
    """(label, GET parameters of the list page); the SQL side rebuilds the same QuerySet."""
    from interventions.models import InterventionType

    woonoverlast = InterventionType.objects.get(name="Aanpak woonoverlast").slug
    return [
        ("rare word", {"q": RARE_WORD}),
        ("word in a few %", {"q": "straatcoach"}),
        ("common word: buurt", {"q": "buurt"}),
        ("common word: bewoners", {"q": "bewoners"}),
        ("two words", {"q": "straatcoach jongeren"}),
        ("word in most rows", {"q": "overlast"}),
        ("common + telling word", {"q": "buurt schulden"}),
        ("typo", {"q": "klushuizn"}),
        ("search + facet", {"q": "overlast", "type": woonoverlast}),
        ("effect code", {"q": "VE.01"}),
        ("effect name", {"q": "klanttevredenheid"}),
        ("search + met SROI", {"q": "overlast", "met": "sroi"}),
        ("list page 1", {}),
        ("list: effect, met", {"effect": "LB.01", "met": "effectmeting"}),
        ("list page 500", {"page": "500"}),
    ]


def _captured_sql(client, user, params: dict) -> tuple[list[str], list[str], int]:
    """The SQL statements of one list page as the view runs them (facet counts from the cache
    where the view takes them from there), the statement of the uncached facet counts, and the
    number of results."""
    from django.core.cache import caches
    from django.db import connection
    from django.http import QueryDict
    from django.test import RequestFactory
    from django.test.utils import CaptureQueriesContext

    from interventions.filters import InterventionFilter
    from interventions.models import Intervention

    path = f"/kennisbank/?{urllib.parse.urlencode(params)}"
    client.get(path)  # warm: sessions, caches
    caches["pages"].clear()  # the SQL of the page as it is built (wwidw/pagecache.py)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    if response.status_code != 200:
        raise SystemExit(f"{path} answered {response.status_code}")
    page = [query["sql"] for query in captured.captured_queries]
    request = RequestFactory().get("/kennisbank/", params)
    request.user = user
    data = QueryDict(urllib.parse.urlencode(params))
    filterset = InterventionFilter(
        data, queryset=Intervention.objects.visible_to(user), request=request
    )
    _ids = filterset.matched_ids  # the search itself is part of the page, not of the counts
    with CaptureQueriesContext(connection) as captured:
        filterset.facet_counts()
    facets = [query["sql"] for query in captured.captured_queries]
    return page, facets, response.context["page_obj"].paginator.count


def _time_sql(statement: str, repeat: int) -> list[float]:
    from django.db import connection

    times = []
    with connection.cursor() as cursor:
        for _ in range(repeat):
            started = time.perf_counter()
            cursor.execute(statement)
            cursor.fetchall()
            times.append((time.perf_counter() - started) * 1000)
    return times


def _time_statements(statements: list[str], repeat: int) -> list[float]:
    """Total time of running the statements one after the other, `repeat` times."""
    totals = [0.0] * repeat
    for statement in statements:
        for index, value in enumerate(_time_sql(statement, repeat)):
            totals[index] += value
    return totals


def measure_sql(user, repeat: int, only: str) -> dict:
    """Bare SQL time of each shape: every statement the list page runs (session, user, search,
    facet counts or their cache, the rows of the page), one after the other; and the facet
    count statement alone, as it runs when the cache does not have it."""
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    client = Client()
    client.force_login(user)
    results = {}
    print(f"\nSQL of the list page, {repeat} runs each: median / p95 in ms")
    header = f"{'shape':24} {'matches':>8} {'page (n)':>20} {'facets uncached':>17}"
    print(header)
    for label, params in shapes():
        if only not in label:
            continue
        page, facets, total = _captured_sql(client, user, params)
        page_times = _time_statements(page, repeat)
        facet_times = _time_statements(facets, repeat)
        results[label] = statistics.median(page_times)
        cells = [
            f"{statistics.median(times):>6.1f} / {p95(times):>6.1f}"
            for times in (page_times, facet_times)
        ]
        print(f"{label:24} {total:>8} {cells[0]:>15} ({len(page):>2}) {cells[1]:>17}")
    return results


def explain_common_word(user) -> None:
    from django.db import connection

    from interventions.models import Intervention

    for text in ("buurt", "straatcoach"):
        queryset = Intervention.objects.visible_to(user).search(text)[:PAGE_SIZE]
        sql, params = queryset.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        print(f"\nEXPLAIN (ANALYZE, BUFFERS) of search({text!r}), first page:\n{plan}")


# The web part.


def _worker_pids(master: int) -> list[int]:
    path = Path(f"/proc/{master}/task/{master}/children")
    return [int(pid) for pid in path.read_text().split()] if path.exists() else []


def _peak_rss_kb(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    match = re.search(r"VmHWM:\s+(\d+) kB", status)
    return int(match.group(1)) if match else 0


def measure_http(sql_times: dict, requests: int, only: str) -> None:
    base = f"http://127.0.0.1:{PORT}"
    process = start_gunicorn(PORT, workers=2)
    try:
        client = Client(base)
        client.log_in(BENCH_EMAIL, BENCH_PASSWORD)
        print(f"\nHTTP GET /kennisbank/, gunicorn 2 workers, {requests} requests per shape (ms)")
        print(f"{'shape':24} {'median':>8} {'p95':>8} {'SQL sum':>8}  status")
        # The floor: the home page of a signed-in member (session, user, a small template).
        pages = [("baseline: home page", "/")]
        for label, params in shapes():
            if only in label:
                pages.append((label, f"/kennisbank/?{urllib.parse.urlencode(params)}"))
        for label, path in pages:
            times, statuses = [], set()
            client.request(path)  # warm up
            for _ in range(requests):
                started = time.perf_counter()
                statuses.add(client.request(path))
                times.append((time.perf_counter() - started) * 1000)
            status = ", ".join(str(code) for code in sorted(statuses))
            sql_median = sql_times.get(label, 0.0)
            print(
                f"{label:24} {statistics.median(times):>8.1f} {p95(times):>8.1f} "
                f"{sql_median:>8.1f}  {status}"
            )
        rss = [_peak_rss_kb(pid) for pid in _worker_pids(process.pid)]
        print(
            f"Peak RSS of the gunicorn workers: {', '.join(f'{kb / 1024:.0f} MB' for kb in rss)}"
        )
    finally:
        stop_gunicorn(process)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20, help="SQL runs per statement")
    parser.add_argument("--requests", type=int, default=30, help="HTTP requests per shape")
    parser.add_argument("--sql-only", action="store_true")
    parser.add_argument("--fill-only", action="store_true")
    parser.add_argument("--shapes", default="", help="only the shapes whose label has this text")
    arguments = parser.parse_args()
    prepare_database(BENCH_DATABASE)
    prepare(arguments.rows)
    if arguments.fill_only:
        return
    from wwidw.models import User

    user = User.objects.get(email=BENCH_EMAIL)
    sql_times = measure_sql(user, arguments.repeat, arguments.shapes)
    if not arguments.shapes:
        explain_common_word(user)
    if not arguments.sql_only:
        measure_http(sql_times, arguments.requests, arguments.shapes)


if __name__ == "__main__":
    main()
