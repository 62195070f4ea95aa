"""`make lint` runs bandit with the project's settings: a finding of medium severity or higher
fails unless a `# nosec` beside it says it was reviewed; low ones (such as assert) do not."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def bandit(folder: Path, code: str) -> subprocess.CompletedProcess:
    (folder / "views.py").write_text(code)
    return subprocess.run(
        [sys.executable, "-m", "bandit", "-c", ROOT / "pyproject.toml", "-r", folder, "-ll", "-q"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_unexplained_mark_safe_fails(tmp_path):
    result = bandit(
        tmp_path, "from django.utils.safestring import mark_safe\nmark_safe(input())\n"
    )
    assert result.returncode == 1
    assert "B308" in result.stdout


def test_reviewed_finding_and_low_findings_pass(tmp_path):
    code = (
        "from django.utils.safestring import mark_safe\n"
        "assert True\n"
        "# Escaped above.\n"
        "mark_safe('<b>')  # nosec B308 B703\n"
    )
    result = bandit(tmp_path, code)
    assert result.returncode == 0, result.stdout
