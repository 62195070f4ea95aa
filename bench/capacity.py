"""The capacity model of a national deployment, worked out from the bench's figures.

    python bench/capacity.py                    # print the tables
    python bench/capacity.py --readme           # and write them into bench/README.md
    python bench/capacity.py --figures my.json  # other figures

bench/capacity.json holds the figures: per page its share of the peak (or a rate per hour), its
CPU time per request in a gunicorn worker and its SQL time per request, as bench/pages.py
reports them; the peak, the utilisation to size for, the cores of a web machine and of the
database; the tasks with their rates, CPU time and how long each holds a worker; and scenarios
that replace some pages' figures. After a new bench run, put its figures in the JSON and run
this with `--readme`: the section "Capacity model for a national deployment" shows the result.

The arithmetic, per page: requests per second = share × peak; CPU-seconds per second = requests
per second × CPU ms / 1000, and likewise for SQL. Web cores = CPU-seconds per second ÷
utilisation; a web machine runs gunicorn.conf.py's cores + 1 processes, and one machine more
than the cores need keeps the peak when one fails. Database cores = SQL-seconds per second ÷
utilisation. Task workers (one task at a time each) = the seconds they are held per second ÷
utilisation, at least two so a long PDF never holds up the e-mail. No Django, no database.
Never part of the test suite (tests/test_capacity_model.py only checks its arithmetic).
"""

import argparse
import json
import math
import re
import sys
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
FIGURES = BENCH / "capacity.json"
README = BENCH / "README.md"
BEGIN = "<!-- bench/capacity.py --readme writes from here -->"
END = "<!-- to here -->"
EXTRA_CONNECTIONS = 2  # migrations, a shell, the backup


@dataclass(frozen=True)
class Load:
    label: str
    share: float | None  # of the peak; None for a page counted per hour
    per_second: float
    cpu_ms: float
    sql_ms: float

    @property
    def cpu_seconds(self) -> float:
        return self.per_second * self.cpu_ms / 1000

    @property
    def sql_seconds(self) -> float:
        return self.per_second * self.sql_ms / 1000


@dataclass(frozen=True)
class Sizing:
    cpu_seconds: float
    sql_seconds: float
    web_cores: float
    web_machines: int
    web_processes: int
    processes_busy: float
    task_workers: int
    task_cpu_seconds: float
    database_cores: float
    database_utilisation: float
    connections: int
    pool_size: int
    pool_in_use: float
    read_replicas: int


def page_loads(figures: dict, replaced: dict | None = None) -> list[Load]:
    peak = figures["peak_requests_per_second"]
    loads = []
    for name, page in figures["pages"].items():
        page = {**page, **(replaced or {}).get(name, {})}
        share = page.get("share")
        per_second = share * peak if share is not None else page["per_hour"] / 3600
        loads.append(Load(page["label"], share, per_second, page["cpu_ms"], page["sql_ms"]))
    shares = sum(load.share for load in loads if load.share is not None)
    if not math.isclose(shares, 1.0):
        raise ValueError(f"the pages' shares add up to {shares:.3f}, not 1")
    return loads


def task_load(figures: dict) -> tuple[float, float]:
    """CPU-seconds per second and worker-seconds per second of the tasks."""
    cpu = sum(task["per_hour"] * task["cpu_s"] for task in figures["tasks"]) / 3600
    busy = sum(task["per_hour"] * task["busy_s"] for task in figures["tasks"]) / 3600
    return cpu, busy


def size(figures: dict, loads: list[Load]) -> Sizing:
    utilisation = figures["target_utilisation"]
    per_machine = figures["cores_per_web_machine"]
    database_cores = figures["database_cores"]
    cpu = sum(load.cpu_seconds for load in loads)
    sql = sum(load.sql_seconds for load in loads)
    web_cores = cpu / utilisation
    machines = math.ceil(web_cores / per_machine) + 1
    task_cpu, task_busy = task_load(figures)
    workers = max(2, math.ceil(task_busy / utilisation))
    processes = machines * (per_machine + 1)
    return Sizing(
        cpu_seconds=cpu,
        sql_seconds=sql,
        web_cores=web_cores,
        web_machines=machines,
        web_processes=processes,
        processes_busy=cpu + sql,
        task_workers=workers,
        task_cpu_seconds=task_cpu,
        database_cores=sql / utilisation,
        database_utilisation=sql / database_cores,
        connections=processes + workers + EXTRA_CONNECTIONS,
        pool_size=2 * database_cores,
        pool_in_use=sql,
        read_replicas=max(0, math.ceil(sql / utilisation / database_cores) - 1),
    )


def _number(value: float, places: int = 1) -> str:
    return f"{value:,.{places}f}"


def pages_table(loads: list[Load]) -> list[str]:
    lines = [
        "| page | share | req/s | CPU ms / req | SQL ms / req | CPU-s / s | SQL-s / s |",
        "|---|---|---|---|---|---|---|",
    ]
    for load in loads:
        share = f"{load.share:.0%}" if load.share is not None else "per hour"
        lines.append(
            f"| {load.label} | {share} | {_number(load.per_second)} | {_number(load.cpu_ms)} "
            f"| {_number(load.sql_ms)} | {_number(load.cpu_seconds, 2)} "
            f"| {_number(load.sql_seconds, 2)} |"
        )
    total = sum(load.per_second for load in loads)
    cpu = sum(load.cpu_seconds for load in loads)
    sql = sum(load.sql_seconds for load in loads)
    lines.append(
        f"| **all** | | **{_number(total)}** | | | **{_number(cpu, 2)}** | **{_number(sql, 2)}** |"
    )
    return lines


def sizing_table(figures: dict, columns: list[tuple[str, Sizing]]) -> list[str]:
    utilisation = f"{figures['target_utilisation']:.0%}"
    per_machine = figures["cores_per_web_machine"]
    database_cores = figures["database_cores"]
    rows = [
        ("web CPU-seconds per second", lambda s: _number(s.cpu_seconds, 2)),
        (f"web cores at {utilisation}", lambda s: _number(s.web_cores)),
        (
            f"web machines of {per_machine} cores (one spare)",
            lambda s: str(s.web_machines),
        ),
        (
            f"gunicorn processes ({per_machine} + 1 a machine)",
            lambda s: str(s.web_processes),
        ),
        ("processes busy at the peak (CPU + SQL)", lambda s: _number(s.processes_busy)),
        ("SQL-seconds per second", lambda s: _number(s.sql_seconds, 2)),
        (f"database cores at {utilisation}", lambda s: _number(s.database_cores)),
        (
            f"a primary of {database_cores} cores at the peak",
            lambda s: f"{s.database_utilisation:.0%}",
        ),
        (
            "task workers; their CPU-seconds per second",
            lambda s: f"{s.task_workers}; {_number(s.task_cpu_seconds, 2)}",
        ),
        (
            "database connections (processes + workers + 2)",
            lambda s: str(s.connections),
        ),
        (
            "PgBouncer pool (2 × database cores); in use on average",
            lambda s: f"{s.pool_size}; {_number(s.pool_in_use)}",
        ),
        ("read replicas for the load", lambda s: str(s.read_replicas)),
    ]
    names = [name for name, _ in columns]
    lines = ["| | " + " | ".join(names) + " |", "|---" * (len(names) + 1) + "|"]
    for label, cell in rows:
        lines.append(f"| {label} | " + " | ".join(cell(s) for _, s in columns) + " |")
    return lines


def tasks_table(figures: dict) -> list[str]:
    lines = [
        "| task | per hour | CPU s | holds a worker s | CPU-s / s | worker-s / s |",
        "|---|---|---|---|---|---|",
    ]
    for task in figures["tasks"]:
        cpu = task["per_hour"] * task["cpu_s"] / 3600
        busy = task["per_hour"] * task["busy_s"] / 3600
        lines.append(
            f"| {task['task']} | {task['per_hour']:,} | {_number(task['cpu_s'], 2)} "
            f"| {_number(task['busy_s'], 1)} | {_number(cpu, 2)} | {_number(busy, 2)} |"
        )
    cpu, busy = task_load(figures)
    lines.append(f"| **all** | | | | **{_number(cpu, 2)}** | **{_number(busy, 2)}** |")
    return lines


def report(figures: dict) -> str:
    loads = page_loads(figures)
    columns = [("the measured figures", size(figures, loads))]
    lines = [
        f"Figures: {figures['measured']}. Peak {figures['peak_requests_per_second']} requests "
        f"per second; sized for {figures['target_utilisation']:.0%} utilisation.",
        "",
        *pages_table(loads),
    ]
    for scenario in figures.get("scenarios", []):
        replaced = page_loads(figures, scenario["pages"])
        columns.append((scenario["name"], size(figures, replaced)))
        changed = ", ".join(
            f"{name} {page.get('cpu_ms', '–')} ms CPU and {page.get('sql_ms', '–')} ms SQL"
            for name, page in scenario["pages"].items()
        )
        lines += ["", f"Scenario *{scenario['name']}*: {changed} ({scenario['why']})."]
    lines += ["", *sizing_table(figures, columns), "", *tasks_table(figures)]
    return "\n".join(lines) + "\n"


def write_readme(text: str, readme: Path = README) -> None:
    content = readme.read_text()
    pattern = re.compile(re.escape(BEGIN) + r"\n.*?" + re.escape(END), re.DOTALL)
    if not pattern.search(content):
        raise SystemExit(f"{readme} lacks the lines {BEGIN!r} … {END!r}")
    readme.write_text(pattern.sub(lambda _: f"{BEGIN}\n\n{text}\n{END}", content))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--figures", type=Path, default=FIGURES, help="the JSON of figures")
    parser.add_argument("--readme", action="store_true", help="write into bench/README.md")
    arguments = parser.parse_args(argv)
    text = report(json.loads(arguments.figures.read_text()))
    sys.stdout.write(text)
    if arguments.readme:
        write_readme(text)


if __name__ == "__main__":
    main()
