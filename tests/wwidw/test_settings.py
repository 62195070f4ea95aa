import os
import subprocess
import sys
from pathlib import Path

import pytest

from wwidw.settings import mailers_from_url

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "a-real-production-secret-" + "x7Qp2L9vR4mN8kT3wZ6yB1cF5hJ0sD" * 2,
    "ALLOWED_HOSTS": "wwidw.example.nl",
    "EMAIL_URL": "smtp://mailer:geheim@smtp.example.nl:587?tls=1",
}


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    unset = {"DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {key: value for key, value in os.environ.items() if key not in unset}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deployment_check_without_warnings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check", env={"DEBUG": "0"})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_only_postgresql_is_accepted():
    result = run_manage("check", env={"DATABASE_URL": "sqlite:///db.sqlite3"})
    assert result.returncode != 0
    assert "PostgreSQL" in result.stderr


def debug_in_settings(env: dict[str, str]) -> str:
    """settings.DEBUG as a new process with the settings module of manage.py reads it in `env`
    (without setting up the apps, which only the commands need)."""
    unset = {"DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {key: value for key, value in os.environ.items() if key not in unset}
    code = "from django.conf import settings; print(settings.DEBUG)"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "wwidw.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()[-1]


def test_debug_follows_the_secret_key_by_default():
    assert debug_in_settings({"SECRET_KEY": PRODUCTION_ENV["SECRET_KEY"]}) == "False"
    assert debug_in_settings({}) == "True"


def test_email_url_for_smtp_with_tls():
    mailer = mailers_from_url("smtp://mailer:ge%40heim@smtp.example.nl:587?tls=1")["default"]
    assert mailer["BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert mailer["OPTIONS"] | {"timeout": None} == {
        "host": "smtp.example.nl",
        "port": 587,
        "username": "mailer",
        "password": "ge@heim",
        "use_ssl": False,
        "use_tls": True,
        "timeout": None,
    }


def test_email_url_defaults_to_the_console():
    mailer = mailers_from_url("console://")["default"]
    assert mailer["BACKEND"] == "django.core.mail.backends.console.EmailBackend"


def test_unknown_email_scheme_is_refused():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        mailers_from_url("pigeon://loft")


def test_static_files_collect_with_hashed_names_for_production(settings, tmp_path):
    from django.core.management import call_command

    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    # Compressing every file (Brotli at its best) is most of the collection's time: the style
    # sheets show that compression runs, the scripts, maps and fonts are left uncompressed here.
    settings.WHITENOISE_SKIP_COMPRESS_EXTENSIONS = ["js", "map", "svg", "ttf", "md", "txt", "json"]
    call_command("collectstatic", interactive=False, verbosity=0)
    manifest = (tmp_path / "staticfiles.json").read_text()
    assert "vendor/bootstrap-5.3.9/css/bootstrap.min.css" in manifest
    assert list(tmp_path.glob("css/wwidw.*.css.gz"))
