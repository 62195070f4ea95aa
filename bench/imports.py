"""Importing a spreadsheet of 5,000 descriptions: the preview and the import, as the task does.

    DEBUG=1 .venv/bin/python bench/imports.py
    DEBUG=1 .venv/bin/python bench/imports.py --rows 1000

Uses the database `wwidw_bench_imports` on the server of DATABASE_URL (created and migrated when
missing). Each run builds an xlsx in the template's shape: `--rows` descriptions with every
column of the main sheet filled (three intervention types, two themes, two target groups), two
steps of the theory of change, two active ingredients and two intended effects each. Then, for
an organisation emptied first:

1. reading the file (wwidw.sheet_input.read_upload);
2. the preview: every row through the description form and the formsets (check_table);
3. the import: the check again and the writing in one transaction (run_import), the same file
   a second time (all updates, new versions).

Each step prints its time, its queries per row and the process's peak resident memory after it
(getrusage; tracemalloc would double the times). Never part of the test suite.
"""

import argparse
import io
import resource
import time
from datetime import date

from common import prepare_database

BENCH_DATABASE = "wwidw_bench_imports"


def parse_arguments(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=5_000)
    return parser.parse_args(argv)


def build_file(rows: int) -> bytes:
    """An xlsx of `rows` descriptions in the template's shape, filled as a partner would."""
    from openpyxl import Workbook

    from interventions import imports
    from interventions.models import Effect, InterventionType, TargetGroup, Theme

    types = [item.name for item in InterventionType.objects.order_by("name")]
    themes = [item.name for item in Theme.objects.all()]
    groups = [item.name for item in TargetGroup.objects.all()]
    effects = [item.code for item in Effect.objects.order_by("code")]
    book = Workbook(write_only=True)
    main = book.create_sheet(imports.MAIN_SHEET)
    main.append(list(imports.MAIN_COLUMNS))
    text = "Bewoners en de corporatie werken samen aan een schone en veilige buurt. " * 4
    for number in range(rows):
        values = {
            "external_reference": f"B-{number}",
            "title": f"Huismeester in de portiekflats, complex {number}",
            "summary": text,
            "contact_name": "Fatima Bakker",
            "contact_email": "f.bakker@example.org",
            "phase": "in uitvoering",
            "start_date": date(2019, 3, 1),
            "end_date": "31-12-2024",
            "duration_kind": "tijdelijk",
            "scale": "buurt",
            "municipality": "Rotterdam",
            "neighbourhood": "Pendrecht",
            "cbs_codes": "GM0599",
            "intervention_types": "; ".join(types[number % 20 : number % 20 + 3]),
            "themes": "; ".join(themes[number % 5 : number % 5 + 2]),
            "target_groups": "; ".join(groups[number % 8 : number % 8 + 2]),
            "occasion": text,
            "problem_analysis": text,
            "main_goal": text,
            "approach": text,
            "total_budget": "78.500,00",
            "fte": "1,5",
            "target_group_size": "1.200",
            "evaluation_form": "bewonersenquête",
            "evidence_level": "2",
            "lessons": text,
        }
        main.append([values.get(name, "") for name in imports.MAIN_COLUMNS.values()])
    _parts(book, rows, effects)
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def _parts(book, rows: int, effects: list[str]) -> None:
    steps = book.create_sheet("Veranderingstheorie")
    steps.append(["Beschrijving", "Stapnummer", "Als", "Dan", "Omdat", "Onderbouwing"])
    ingredients = book.create_sheet("Werkzame bestanddelen")
    ingredients.append(["Beschrijving", "Naam", "Toelichting", "Essentieel"])
    intended = book.create_sheet("Beoogde effecten")
    intended.append(["Beschrijving", "Effect", "Niveau", "Indicator"])
    for number in range(rows):
        key = f"B-{number}"
        steps.append([key, 1, "de huismeester er dagelijks is", "minder overlast", "", "theorie"])
        steps.append([key, 2, "overlast snel aangepakt", "hogere woontevredenheid", "", ""])
        ingredients.append([key, "Vast gezicht", "Bewoners kennen de huismeester.", "ja"])
        ingredients.append([key, "Snel handelen", "", "nee"])
        intended.append([key, effects[number % 10], "einddoel", "meldingen"])
        intended.append([key, effects[number % 10 + 10], "tussendoel", ""])


class QueryCounter:
    """Counts the queries sent, without keeping them (DEBUG's log keeps 9,000 at most)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def measure(label: str, rows: int, action):
    from django.db import connection

    counter = QueryCounter()
    started = time.perf_counter()
    with connection.execute_wrapper(counter):
        result = action()
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    queries = counter.count
    print(
        f"{label:<38} {seconds:7.1f} s  {seconds / rows * 1000:6.2f} ms/row  "
        f"peak RSS {peak / 2**20:5.0f} MiB  {queries:6d} queries ({queries / rows:.2f}/row)",
        flush=True,
    )
    return result


def main(argv=None) -> None:
    arguments = parse_arguments(argv)
    prepare_database(BENCH_DATABASE)
    from django.core.files.base import ContentFile
    from django.core.management import call_command
    from django.utils import translation

    from interventions import imports
    from interventions.models import DescriptionImport, Intervention
    from wwidw.models import Organisation, User
    from wwidw.sheet_input import read_upload

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    translation.activate("nl")
    organisation, _ = Organisation.objects.get_or_create(
        slug="import-bench",
        defaults={"name": "Woonstichting Importbank", "kind": "woningcorporatie", "city": "Ede"},
    )
    user, _ = User.objects.get_or_create(email="import@bench.example")
    Intervention.objects.filter(organisation=organisation).delete()
    content = build_file(arguments.rows)
    print(f"{arguments.rows} descriptions, an xlsx of {len(content) / 2**20:.1f} MiB", flush=True)
    rows = arguments.rows
    table = measure(
        "read the file", rows, lambda: read_upload(io.BytesIO(content), max_rows=10_000)
    )
    measure("preview: every row checked", rows, lambda: imports.check_table(table, organisation))
    for label in ["import: 5,000 new drafts", "import again: all updated"]:
        description_import = DescriptionImport(
            organisation=organisation, created_by=user, filename="bench.xlsx", row_count=rows
        )
        description_import.file.save("bench.xlsx", ContentFile(content), save=False)
        description_import.save()
        run = imports.run_import
        measure(label.replace("5,000", f"{rows:,}"), rows, lambda: run(description_import))  # noqa: B023
        description_import.refresh_from_db()
        print(
            f"    {description_import.get_status_display()}: "
            f"{description_import.created_count} created, "
            f"{description_import.updated_count} updated, "
            f"{description_import.skipped_count} skipped"
        )


if __name__ == "__main__":
    main()
