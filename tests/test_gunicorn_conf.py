"""gunicorn.conf.py as gunicorn reads it (`gunicorn -c gunicorn.conf.py wwidw.wsgi`), without
starting gunicorn or loading the site."""

import gc
import os
import sys
from pathlib import Path

import pytest
from gunicorn.app.base import Application

CONFIG = Path(__file__).resolve().parents[1] / "gunicorn.conf.py"


class ConfigOnly(Application):
    """gunicorn's application with the settings of the file alone: no command line, no site."""

    def load_config(self):
        self.load_config_from_file(str(CONFIG))

    def load(self):
        raise AssertionError("the test never loads the site")


@pytest.fixture
def settings_of_file(monkeypatch):
    monkeypatch.delitem(sys.modules, "__config__", raising=False)  # where gunicorn puts the file
    yield lambda: ConfigOnly().cfg
    sys.modules.pop("__config__", None)


def test_preloads_the_site_and_logs_every_request_to_stdout(settings_of_file, monkeypatch):
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    monkeypatch.delenv("PORT", raising=False)
    cfg = settings_of_file()
    assert cfg.preload_app is True
    assert cfg.accesslog == "-"
    assert cfg.bind == ["0.0.0.0:8000"]
    assert cfg.workers == (os.cpu_count() or 1) + 1


def test_workers_and_port_come_from_the_environment(settings_of_file, monkeypatch):
    monkeypatch.setenv("WEB_CONCURRENCY", "5")
    monkeypatch.setenv("PORT", "9000")
    cfg = settings_of_file()
    assert cfg.workers == 5
    assert cfg.bind == ["0.0.0.0:9000"]


def test_master_freezes_the_loaded_objects_before_the_workers_fork(settings_of_file):
    hook = settings_of_file().when_ready
    assert hook.__module__ == "__config__"
    try:
        hook(None)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def test_the_image_and_the_benchmarks_start_gunicorn_with_it():
    root = CONFIG.parent
    dockerfile = (root / "Dockerfile").read_text()
    assert 'CMD ["gunicorn", "-c", "gunicorn.conf.py", "wwidw.wsgi"]' in dockerfile
    assert "--config=gunicorn.conf.py" in (root / "bench" / "common.py").read_text()


def test_the_access_log_hides_the_tokens_of_links(settings_of_file):
    from wwidw.log_privacy import GunicornLogger

    assert settings_of_file().logger_class is GunicornLogger
