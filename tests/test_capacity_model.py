"""bench/capacity.py's arithmetic, and that bench/README.md shows what it computes from
bench/capacity.json. The model itself is run by hand, never by the suite."""

import importlib.util
import json
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"

FIGURES = {
    "measured": "a test",
    "peak_requests_per_second": 100,
    "target_utilisation": 0.5,
    "cores_per_web_machine": 2,
    "database_cores": 4,
    "pages": {
        "light": {"label": "light", "share": 0.5, "cpu_ms": 10, "sql_ms": 2},
        "heavy": {"label": "heavy", "share": 0.5, "cpu_ms": 30, "sql_ms": 6},
        "pdf": {"label": "pdf", "per_hour": 3600, "cpu_ms": 1000, "sql_ms": 0},
    },
    "tasks": [
        {"task": "mail", "per_hour": 3600, "cpu_s": 0.1, "busy_s": 0.5},
        {"task": "report", "per_hour": 1800, "cpu_s": 2.0, "busy_s": 2.0},
    ],
}


@pytest.fixture(scope="module")
def capacity():
    spec = importlib.util.spec_from_file_location("bench_capacity", BENCH / "capacity.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_each_page_costs_its_rate_times_its_time(capacity):
    light, heavy, pdf = capacity.page_loads(FIGURES)
    assert (light.per_second, light.cpu_seconds, light.sql_seconds) == (50, 0.5, 0.1)
    assert (heavy.per_second, heavy.cpu_seconds) == (50, 1.5)
    assert (pdf.per_second, pdf.cpu_seconds, pdf.sql_seconds) == (1, 1.0, 0)


def test_sizing_divides_by_the_utilisation_and_keeps_a_spare_machine(capacity):
    sizing = capacity.size(FIGURES, capacity.page_loads(FIGURES))
    assert sizing.cpu_seconds == pytest.approx(3.0)
    assert sizing.sql_seconds == pytest.approx(0.4)
    assert sizing.web_cores == pytest.approx(6.0)
    assert sizing.web_machines == 4  # three for six cores, one spare
    assert sizing.web_processes == 12  # cores + 1 each (gunicorn.conf.py)
    assert sizing.processes_busy == pytest.approx(3.4)
    assert sizing.task_workers == 3  # 1.5 worker-seconds a second at 50 %
    assert sizing.task_cpu_seconds == pytest.approx(1.1)
    assert sizing.database_cores == pytest.approx(0.8)
    assert sizing.database_utilisation == pytest.approx(0.1)
    assert (sizing.connections, sizing.pool_size) == (17, 8)
    assert sizing.read_replicas == 0


def test_read_replicas_only_when_the_primary_cannot_carry_the_sql(capacity):
    heavy_sql = {"heavy": {"sql_ms": 198}}  # 50 × 0.198 + 0.1 = 10 SQL-seconds a second
    sizing = capacity.size(FIGURES, capacity.page_loads(FIGURES, heavy_sql))
    assert sizing.database_cores == pytest.approx(20)
    assert sizing.read_replicas == 4  # five servers of four cores


def test_the_shares_of_the_peak_must_add_up(capacity):
    figures = json.loads(json.dumps(FIGURES))
    figures["pages"]["light"]["share"] = 0.4
    with pytest.raises(ValueError, match=r"add up to 0\.900"):
        capacity.page_loads(figures)


def test_the_readme_shows_the_model_of_the_figures(capacity):
    figures = json.loads((BENCH / "capacity.json").read_text())
    readme = (BENCH / "README.md").read_text()
    section = readme.split(capacity.BEGIN)[1].split(capacity.END)[0]
    assert section.strip() == capacity.report(figures).strip(), (
        "run `python bench/capacity.py --readme` after changing bench/capacity.json"
    )
