"""The Docker image and docker-compose.yml, checked without Docker: the entrypoint runs in a
shell with a `python` that records its arguments, and gunicorn runs as the image runs it."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import yaml
from django.core.management import get_commands
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
ENTRYPOINT = ROOT / "scripts" / "docker-entrypoint.sh"


def run_entrypoint(tmp_path: Path, env: dict[str, str], *, python_fails_on: str = ""):
    """The entrypoint with a `python` that writes each call to calls.txt (and fails on one)."""
    shim = tmp_path / "bin" / "python"
    shim.parent.mkdir()
    shim.write_text(
        "#!/bin/sh\n"
        f'echo "$*" >> "{tmp_path}/calls.txt"\n'
        f'case "$*" in *"{python_fails_on or "no failure"}"*) exit 1 ;; esac\n'
    )
    shim.chmod(0o755)
    clean = {key: value for key, value in os.environ.items() if key != "SEED_DEMO"}
    result = subprocess.run(
        ["sh", str(ENTRYPOINT), "echo", "serving"],
        cwd=ROOT,
        env={**clean, "PATH": f"{shim.parent}:{os.environ['PATH']}", **env},
        capture_output=True,
        text=True,
        timeout=30,
    )
    calls = tmp_path / "calls.txt"
    return result, calls.read_text().splitlines() if calls.exists() else []


def test_image_migrates_and_loads_no_demo_data_by_default(tmp_path):
    result, calls = run_entrypoint(tmp_path, {})
    assert calls == [
        "manage.py migrate --no-input",
        "manage.py createcachetable",
        "manage.py keep_reports",
    ]
    assert result.returncode == 0
    assert result.stdout == "serving\n"


def test_demo_data_only_when_asked(tmp_path):
    result, calls = run_entrypoint(tmp_path, {"SEED_DEMO": "1"})
    assert calls[-1] == "manage.py seed_demo"
    assert result.stdout == "serving\n"


def test_failed_migration_stops_the_start(tmp_path):
    result, calls = run_entrypoint(tmp_path, {}, python_fails_on="migrate")
    assert result.returncode != 0
    assert calls == ["manage.py migrate --no-input"]
    assert "serving" not in result.stdout


def test_dockerfile_sets_no_demo_or_debug_default():
    dockerfile = (ROOT / "Dockerfile").read_text()
    env_lines = [line for line in dockerfile.splitlines() if line.startswith(("ENV", "    "))]
    for name in ("SEED_DEMO", "WWIDW_LOCAL_DEMO", "DEBUG=1", "DEBUG="):
        assert not any(name in line for line in env_lines), name


def test_compose_is_the_local_demo_and_says_so():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    web = compose["services"]["web"]["environment"]
    assert web["SEED_DEMO"] == "1"
    assert web["WWIDW_LOCAL_DEMO"] == "1"
    assert web["DEBUG"] == "1"
    assert compose["services"]["web"]["ports"] == ["127.0.0.1:8000:8000"]


def test_compose_worker_runs_the_task_queue():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    worker = compose["services"]["worker"]
    assert worker["command"] == ["python", "manage.py", "db_worker", "--no-reload"]
    assert (
        worker["environment"]["DATABASE_URL"]
        == (compose["services"]["web"]["environment"]["DATABASE_URL"])
    )
    assert "SEED_DEMO" not in worker["environment"]
    assert worker["depends_on"]["web"]["condition"] == "service_healthy"
    assert "/healthz" in " ".join(compose["services"]["web"]["healthcheck"]["test"])


def test_worker_command_exists():
    if "db_worker" not in get_commands():
        pytest.skip("the task queue is not installed yet")
    assert get_commands()["db_worker"] == "django_tasks_db"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _gunicorn(env: dict[str, str], port: int) -> subprocess.Popen:
    unset = {"DEBUG", "SECRET_KEY", "WWIDW_LOCAL_DEMO", "SERVER_SOFTWARE"}
    clean = {key: value for key, value in os.environ.items() if key not in unset}
    command = [Path(sys.executable).parent / "gunicorn", "wwidw.wsgi", f"--bind=127.0.0.1:{port}"]
    return subprocess.Popen(
        command,
        cwd=ROOT,
        env={**clean, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_gunicorn_refuses_debug_without_the_local_demo_flag():
    process = _gunicorn({"DEBUG": "1"}, _free_port())
    try:
        _, stderr = process.communicate(timeout=60)
    finally:
        process.kill()
    assert process.returncode != 0
    assert "WWIDW_LOCAL_DEMO=1" in stderr


@pytest.mark.django_db
def test_gunicorn_serves_the_local_demo_with_debug():
    database = connection.settings_dict
    url = f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
    port = _free_port()
    process = _gunicorn({"DEBUG": "1", "WWIDW_LOCAL_DEMO": "1", "DATABASE_URL": url}, port)
    try:
        body = _get_when_up(f"http://127.0.0.1:{port}/healthz", process)
    finally:
        process.terminate()
        process.communicate(timeout=30)
    assert body.startswith(b'{"ok": ')  # DEBUG on: the details


def _get_when_up(url: str, process: subprocess.Popen) -> bytes:
    for _ in range(300):
        assert process.poll() is None, process.communicate()[1]
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                return response.read()
        except urllib.error.HTTPError as error:
            return error.read()
        except OSError:
            time.sleep(0.1)
    raise AssertionError("gunicorn did not answer within 30 seconds")
