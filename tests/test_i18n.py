"""The Dutch catalogue is complete, current, and compiled."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.utils import translation

ROOT = Path(__file__).resolve().parents[1]
CATALOGUE = ROOT / "locale" / "nl" / "LC_MESSAGES" / "django.po"
SOURCES = [
    "manage.py",
    "wwidw",
    "interventions",
    "monitoring",
    "budgets",
    "archetypes",
    "events",
    "conversation",
    "api",
    "demo",
    "templates",
]

pytestmark = pytest.mark.skipif(
    shutil.which("msgfmt") is None and not os.environ.get("CI"),
    reason="GNU gettext (msgfmt) is not installed",
)


def statistics(po_file: Path) -> dict[str, int]:
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", os.devnull, str(po_file)],
        capture_output=True,
        text=True,
        check=True,
    )
    counts = {"translated": 0, "fuzzy": 0, "untranslated": 0}
    for number, kind in re.findall(r"(\d+) (translated|fuzzy|untranslated)", result.stderr):
        counts[kind] = int(number)
    return counts


def test_catalogue_has_no_empty_or_fuzzy_entries():
    counts = statistics(CATALOGUE)
    assert counts["translated"] > 100
    assert counts["fuzzy"] == 0
    assert counts["untranslated"] == 0
    assert "#, fuzzy" not in CATALOGUE.read_text()


def test_every_string_in_the_code_is_in_the_catalogue(tmp_path):
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, tmp_path / name)
    shutil.copytree(ROOT / "locale", tmp_path / "locale")
    env = {**os.environ, "DEBUG": "1"}
    env.pop("SECRET_KEY", None)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--locale", "nl", "--no-obsolete"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        check=True,
    )
    regenerated = tmp_path / "locale" / "nl" / "LC_MESSAGES" / "django.po"
    counts = statistics(regenerated)
    assert counts["untranslated"] == 0, "run `make messages` and translate the new strings"
    assert counts["fuzzy"] == 0, "run `make messages` and review the fuzzy strings"


def test_compiled_catalogue_is_current(tmp_path):
    compiled = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "-o", str(compiled), str(CATALOGUE)], check=True)
    committed = CATALOGUE.with_suffix(".mo")
    assert compiled.read_bytes() == committed.read_bytes(), "run `make messages`"


def test_dutch_is_the_default_and_english_available(settings):
    assert settings.LANGUAGE_CODE == "nl"
    with translation.override("nl"):
        assert translation.gettext("Knowledge base") == "Kennisbank"
    with translation.override("en"):
        assert translation.gettext("Knowledge base") == "Knowledge base"
