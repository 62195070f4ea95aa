"""The benchmarks are run by hand, never by the suite: here only that bench/pages.py imports
without running and reads its options."""

import importlib.util
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"


@pytest.fixture
def pages_bench(monkeypatch):
    monkeypatch.syspath_prepend(str(BENCH))  # the benchmarks import bench/common.py as `common`
    spec = importlib.util.spec_from_file_location("bench_pages", BENCH / "pages.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    yield module
    sys.modules.pop("common", None)


def test_pages_bench_imports_without_running(pages_bench, capsys):
    assert callable(pages_bench.main)
    assert capsys.readouterr().out == ""


def test_pages_bench_always_measures_the_home_page_as_its_floor(pages_bench):
    arguments = pages_bench.parse_arguments(["--pages", "review,search", "--seconds", "2"])
    assert arguments.pages == ["home", "search", "review"]
    assert arguments.seconds == 2
    assert arguments.connections == 8
    assert not arguments.profile
    assert not arguments.after_write


def test_pages_bench_refuses_an_unknown_page(pages_bench):
    with pytest.raises(SystemExit):
        pages_bench.parse_arguments(["--pages", "homepage"])


def test_pages_bench_after_a_write_skips_its_own_transactions_when_it_replays_a_page(pages_bench):
    assert pages_bench.parse_arguments(["--after-write"]).after_write
    replayed = ["BEGIN", 'SAVEPOINT "s1_x1"', 'RELEASE SAVEPOINT "s1_x1"', "COMMIT", "ROLLBACK"]
    assert all(pages_bench.TRANSACTION_CONTROL.match(statement) for statement in replayed)
    assert not pages_bench.TRANSACTION_CONTROL.match('SELECT "cache_key" FROM "wwidw_cache"')
